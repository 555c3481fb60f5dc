"""The search index kept on disk, so that a query need not parse a single fact file.

There is one file for each set of fact folders. It records a fingerprint of everything it
was built from: every fact file's path, size, modification and change times and inode (a
file replaced by a copy of the same size and mtime, `cp -p` or a symbolic link switched to
another release, still has another inode or change time), the problems found in the folders,
and the package's own code. The fingerprint is kept whole and compared exactly,
not hashed, so any change is seen and a stale index is never used. A file that is missing,
truncated, corrupt or from another version is rebuilt, never trusted. Builds write a temporary
file and rename it into place, so a reader never sees half an index and two processes
building at once both end with a whole one.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, partial
from pathlib import Path
from typing import Any

from ..load.locations import absolute
from .schema import read_meta

FORMAT = "belarus-index-19"
ENV_NO_CACHE = "BELARUS_NO_CACHE"
RACY_NS = 2_000_000_000  # files changed this recently are fingerprinted by content too
KEEP = 4  # index files kept, for users who switch between a few sets of fact folders


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/belarus, or ~/.cache/belarus; a relative XDG_CACHE_HOME is ignored."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "belarus"


def cache_disabled() -> bool:
    """BELARUS_NO_CACHE reads true (1, yes; false, 0 and no keep the cache), or there is no
    folder for a cache: no XDG_CACHE_HOME and no home folder (a user without a passwd entry,
    as under `docker run -u 12345`)."""
    from ..core.switches import read_bool

    if read_bool(os.environ.get(ENV_NO_CACHE)) is True:
        return True
    try:
        cache_dir()
    except RuntimeError:  # Path.home(): "Could not determine home directory"
        return True
    return False


# Parts a fingerprint: what stat says of every file, then the content of the files changed so
# recently that their stats cannot be trusted (see _stats).
_RACY = "\nfiles too new for their stats, by content:\n"


def fingerprint(files: Mapping[str, os.stat_result], listing_problems: Iterable[str]) -> str:
    """Changes whenever a fact file, a folder's problems or the package's code changes;
    `files` holds what `stat` said of each file when it was listed. Compared by `fresh`."""
    now = time.time_ns()
    parts = [code_fingerprint(), *(_stat_line(p, s) for p, s in files.items()), *listing_problems]
    racy = {p: _content_digest(p) for p, s in files.items() if now - s.st_mtime_ns < RACY_NS}
    return _storable("\n".join(parts)) + _RACY + json.dumps(racy, sort_keys=True)


def fresh(stored: str | None, key: str) -> bool:
    """Whether an index built with the fingerprint `stored` is up to date for `key`: the same
    files with the same stats, and each file that was too new to trust its stats then still
    has the content it had. (Once such a file has aged, its stats alone are trusted again:
    comparing whole fingerprints would build the index anew for nothing.)"""
    if stored is None:
        return False
    stats, _, racy = stored.partition(_RACY)
    if stats != key.partition(_RACY)[0]:
        return False
    try:
        digests = json.loads(racy or "{}")
    except ValueError:
        return False
    return all(_content_digest(path) == digest for path, digest in digests.items())


@cache
def code_fingerprint() -> str:
    """The package's own code, and the dictionary its records are packed with, decide what
    goes in the index: new code, new index. (They do not change while a run goes on.)"""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = sorted(_code_files(package))
    return _storable("\n".join([FORMAT, *_stats(code)]))


def _code_files(folder: str) -> Iterator[tuple[str, os.stat_result]]:
    # os.scandir, not Path.rglob: this runs at every start, and rglob costs ten times as much.
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                yield from _code_files(entry.path)
            elif entry.name.endswith((".py", ".zdict")) and entry.is_file():
                yield entry.path, entry.stat()


def signature(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What tells a file from an edited or replaced one without reading it."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns)


def _stat_line(path: str | Path, stat: os.stat_result) -> str:
    # The fields of `signature`, in one f-string: made for every file at every start.
    return f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\0{stat.st_ctime_ns}"


def _stats(files: Iterable[tuple[str, os.stat_result]]) -> Iterator[str]:
    now = time.time_ns()
    for path, stat in files:
        yield _stat_line(path, stat)
        if now - stat.st_mtime_ns < RACY_NS:
            # Two edits within one tick of the file system's clock can leave the same size
            # and time: for a file that new, the content decides.
            yield _content_digest(path)


def _storable(text: str) -> str:
    # File names that are not UTF-8 reach Python as surrogates, which SQLite refuses.
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def signatures(files: Mapping[str, os.stat_result]) -> dict[Path, tuple[int, int, int, int]]:
    """The signature of each file, by which a later build knows it has not changed; a file
    changed so recently that a same-size edit could keep it is left out."""
    now = time.time_ns()
    return {
        Path(path): signature(stat)
        for path, stat in files.items()
        if now - stat.st_mtime_ns >= RACY_NS
    }


def earlier_index(path: Path) -> Path | None:
    """The index at `path`, out of date but made by this code, to take unchanged files from."""
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            same_code = read_meta(db, "code") == code_fingerprint()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return path if same_code else None


def _content_digest(path: str | Path) -> str:
    import hashlib  # only here: loading it costs every run milliseconds

    try:
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:  # the loader reports unreadable files
        return "unreadable"


def index_path(folders: Iterable[Path]) -> Path:
    """One index file for each set of fact folders: an edit replaces it, never adds one.

    Two sets whose names share a checksum share a file; the fingerprint inside tells them
    apart, so that costs a rebuild, never a wrong answer.
    """
    named = "\0".join(absolute(folder) for folder in folders)
    checksum = zlib.crc32(named.encode("utf-8", "surrogateescape"))
    return cache_dir() / f"index-{checksum:08x}.sqlite"


def open_index(path: Path, key: str) -> sqlite3.Connection | None:
    """The index at `path`, opened read-only, if it is whole and was built for `key`; None
    otherwise."""
    try:
        if not path.is_file():
            return None
    except OSError:  # a cache folder that may not be searched only costs speed
        return None
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        if fresh(read_meta(db, "fingerprint"), key) and read_meta(db, "format") == FORMAT:
            return db
    except sqlite3.Error:
        pass  # damaged: rebuilt, never trusted
    db.close()
    return None


def build_index(
    path: Path, key: str, fill: Callable[[sqlite3.Connection, dict[str, str]], None]
) -> sqlite3.Connection:
    """Write the index to a temporary file beside `path`, then rename it into place.

    `fill(db, meta)` writes the index into the empty database, with `meta` among its meta data.
    """
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = _temporary_prefix(path)
    handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        with _signals_noted() as noted:
            db = sqlite3.connect(Path(temporary).as_uri(), uri=True)  # uri: for ATTACH
            try:
                responsive(db)
                # A cache can be rebuilt: no journal, no waiting for the disk.
                db.execute("PRAGMA journal_mode = OFF")
                # Fewer, fuller pages: a tenth less disk for the big records and search index.
                db.execute("PRAGMA page_size = 16384")
                db.execute("PRAGMA synchronous = OFF")
                with db:
                    fill(db, {"fingerprint": key, "format": FORMAT, "code": code_fingerprint()})
                # Later updates happen in place, beside readers (update_index).
                db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.Error:
                if noted:  # a signal stopped SQLite: end as the signal says, not as an error
                    raise noted[0] from None
                raise
            finally:
                db.close()
        # A write-ahead log left beside the old file (a killed update) would be read as the
        # new file's: it goes first. (Builds and updates of one index take turns, build_lock.)
        for log in ("-wal", "-shm"):
            forget(path.with_name(path.name + log))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _forget_old(path.parent, keep=path)
    reopened = open_index(path, key)
    if reopened is None:  # pragma: no cover - the file was replaced under us
        raise sqlite3.DatabaseError(f"{path} changed while it was being opened")
    return reopened


def update_index(
    path: Path, key: str, fill: Callable[[sqlite3.Connection, dict[str, str]], None]
) -> sqlite3.Connection:
    """Bring the index at `path`, made by this code, up to date in place, in one transaction:
    `fill(db, meta)` deletes the rows of the changed and removed files and inserts the new
    ones. In WAL mode a reader meanwhile sees the index as it was, then as it is, never half
    of each; an interrupted or failed update leaves it as it was."""
    with _signals_noted() as noted:
        db = sqlite3.connect(path.as_uri() + "?mode=rw", uri=True, isolation_level=None)
        try:
            responsive(db)
            if read_meta(db, "code") != code_fingerprint() or read_meta(db, "format") != FORMAT:
                raise sqlite3.DatabaseError(f"{path} was made by other code")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("BEGIN IMMEDIATE")
            try:
                fill(db, {"fingerprint": key, "format": FORMAT, "code": code_fingerprint()})
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            if noted:
                raise noted[0] from None
            raise
        finally:
            db.close()
    reopened = open_index(path, key)
    if reopened is None:  # pragma: no cover - the file was replaced under us
        raise sqlite3.DatabaseError(f"{path} changed while it was being opened")
    return reopened


def responsive(db: sqlite3.Connection) -> None:
    """Let Ctrl-C in during long statements (CREATE INDEX, a big INSERT ... SELECT): Python
    handles a signal only between its own instructions, and this gives it some every few
    thousand of SQLite's. The handler's KeyboardInterrupt then aborts the statement."""
    db.set_progress_handler(_tick, 20_000)


def _tick() -> int:
    return 0


@contextlib.contextmanager
def _signals_noted() -> Iterator[list[BaseException]]:
    """While an index is written, what the signal handlers raise is noted too: raised in a
    progress handler, SQLite turns it into "interrupted", which must not read as a damaged
    cache (a build in memory would follow)."""
    import signal
    import threading

    noted: list[BaseException] = []
    kept: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            old = signal.getsignal(signum) if signum is not None else None
            if signum is not None and callable(old):
                kept[signum] = old
                signal.signal(signum, partial(_noting, old, noted))
    try:
        yield noted
    finally:
        for signum, old in kept.items():
            signal.signal(signum, old)


def _noting(old: Callable[[int, Any], Any], noted: list[BaseException], *args: Any) -> None:
    try:
        old(*args)
    except BaseException as error:
        noted.append(error)
        raise


def _temporary_prefix(path: Path) -> str:
    return f".{path.stem}-"


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """One build at a time for the index at `path`: a second run waits here for the first,
    then finds the index it built. The holder also removes the temporary files that a
    killed build of this index left behind (nobody else can be writing them). Without a
    lock file (a read-only cache folder, no flock), builds simply are not serialised."""
    try:
        import fcntl

        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            for leftover in path.parent.glob(f"{_temporary_prefix(path)}*.tmp"):
                forget(leftover)
        yield
    finally:
        os.close(handle)


def forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _forget_old(folder: Path, keep: Path) -> None:
    """Keep the newest few indexes; drop temporary files that a killed build left behind."""
    try:
        others = sorted(
            (p for p in folder.glob("index-*.sqlite") if p != keep),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )
        leftovers = [
            p for p in folder.glob(".index-*.tmp") if p.stat().st_mtime < time.time() - 3600
        ]
    except OSError:
        return
    for old in [*others[KEEP - 1 :], *leftovers]:
        forget(old)
