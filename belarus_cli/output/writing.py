"""Write a file whole or not at all, and only ever replace a regular file.

Used by `export` (and the Datasette metadata beside it): the data goes to a temporary file in
the target's folder, which is moved into place when complete. Without --force the move is an
exclusive create, so a file that appears meanwhile is never replaced.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.errors import UsageError

TEMP_PREFIX = ".belarus-export-"


def check_target(target: Path, force: bool) -> Path:
    """The path to write: `target`, or the file a symbolic link `target` leads to.

    Only a regular file is ever replaced: a device (/dev/stdout, /dev/null), a FIFO or a
    socket is refused, --force or not, since renaming over it would replace the node itself.
    """
    if target.is_dir():
        raise UsageError(f"{target} is a folder — give a file name, such as {target / 'facts.db'}")
    try:
        status: os.stat_result | None = os.stat(target)  # through symbolic links
    except FileNotFoundError:
        if os.path.lexists(target):
            raise UsageError(
                f"{target} is a symbolic link that leads nowhere — remove it or choose another name"
            ) from None
        status = None
    except OSError as error:
        raise UsageError(f"cannot write {target}: {error.strerror}") from None
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise UsageError(
            f"{target} is not a regular file (a device, pipe or socket) — export writes files "
            "only: give a file name"
        )
    if status is not None and not force:
        raise UsageError(
            f"{target} already exists — choose another name, or add --force to replace it"
        )
    if not target.parent.is_dir():
        raise UsageError(f"the folder {target.parent} does not exist — create it first")
    # A link stays a link: the file it leads to is the one replaced.
    return Path(os.path.realpath(target)) if status is not None else target


@contextmanager
def write_atomically(target: Path, binary: bool = False, replace: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success move it to `target`, else delete it.

    With replace=False the file is created only if `target` still does not exist (a hard
    link, which fails if it does), so two exports to one new name never both succeed.
    SIGTERM and SIGHUP delete the temporary file too; one left by a process killed outright
    is deleted by a later export to the same folder (remove_stale_temporaries).
    """
    remove_stale_temporaries(target.parent)
    try:
        handle, name = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise UsageError(f"cannot write in {target.parent}: {error.strerror}") from None
    os.close(handle)
    temporary = Path(name)
    try:
        with _terminate_as_exit():
            yield temporary
            with open(temporary, "rb+") as written:
                os.fsync(written.fileno())
            # mkstemp makes the file private (0600); give it the permissions a new file gets.
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temporary, 0o666 & ~mask)
            if replace:
                os.replace(temporary, target)
            else:
                _create(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create(temporary: Path, target: Path) -> None:
    """Move `temporary` to `target` only if nothing is there (never replacing what is)."""
    taken = UsageError(
        f"{target} already exists (it appeared while exporting) — choose another name, "
        "or add --force to replace it"
    )
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise taken from None
    except OSError:
        # No hard links on this file system (FAT, some network mounts): claim the name with
        # an exclusive create, then move the written file over that empty placeholder.
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise taken from None
        os.replace(temporary, target)
        return
    temporary.unlink()


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """SIGTERM and SIGHUP end the export as an exit (128 + signal), so clean-up still runs."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {number: signal.signal(number, leave) for number in _TERMINATING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


_TERMINATING = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
# A temporary file younger than this is never taken for a leftover, whatever its process id
# says: another machine or container may be writing it.
_STALE_AFTER = 60.0


def remove_stale_temporaries(folder: Path) -> None:
    """Delete the temporary files of exports whose process has died (kill -9, a crash)."""
    import re
    import time

    pattern = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-.*\.tmp")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or int(found.group(1)) == os.getpid():
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_AFTER
            if old and entry.is_file(follow_symlinks=False) and not _alive(int(found.group(1))):
                os.unlink(entry.path)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or no such number): leave its file alone
    return True
