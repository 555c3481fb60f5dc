"""Where fact files are: the bundled folder, the user's folders, and the files in them.

Kept apart from the loader (loading.py and the modules it uses) so that a run answered from
the cached index never imports the TOML parser or the model.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import Problem
from ..core.ostext import is_utf8, readable

ENV_FACTS_PATH = "BELARUS_FACTS_PATH"


def bundled_facts_dir() -> Path:
    """The facts shipped in the wheel, or the repository's own folder in an editable install."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "facts"
    return installed if installed.is_dir() else package.parent / "facts"


def facts_folders(extra: Iterable[Path] = (), env_value: str | None = None) -> list[Path]:
    """The bundled folder, then the folders from the environment, then those given as options."""
    folders = [bundled_facts_dir()]
    if env_value:
        folders += [Path(part) for part in env_value.split(os.pathsep) if part.strip()]
    folders += list(extra)
    unique: list[Path] = []
    seen: set[str] = set()
    for folder in folders:
        # The same folder named twice, once relative and once absolute, is read once.
        where = absolute(folder)
        if where not in seen:
            seen.add(where)
            unique.append(folder)
    return unique


def absolute(folder: Path) -> str:
    """The folder's absolute path, or its name as given when the current folder has been
    deleted (a relative name then names nothing, and is reported as not found)."""
    try:
        return os.path.abspath(folder)
    except OSError:
        return str(folder)


def list_fact_files(folders: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Every *.toml file of the folders, in order, and what stopped a folder being read."""
    stats, problems = stat_fact_files(folders)
    return [Path(path) for path in stats], problems


def stat_fact_files(
    folders: Iterable[Path],
) -> tuple[dict[str, os.stat_result], list[Problem]]:
    """Every *.toml file of the folders (its path as text: a run answered from the index
    needs no Path of a thousand files), in order, with what `stat` said of it when it was
    listed (one pass: the index's fingerprint is made of these, a file is never looked up
    twice), and what stopped a folder being read."""
    problems: list[Problem] = []
    files: dict[str, os.stat_result] = {}  # ordered, and without repeats
    for folder in folders:
        found, folder_problems = _list_toml_files(folder)
        for path, status in found:
            files.setdefault(path, status)
        problems += folder_problems
    return files, problems


def _list_toml_files(folder: Path) -> tuple[list[tuple[str, os.stat_result]], list[Problem]]:
    where = readable(str(folder))
    wrong = _folder_problem(folder, where)
    if wrong is not None:
        return [], [wrong]
    try:
        entries = _toml_entries(folder)
    except OSError as error:
        return [], [_unreadable_folder(where, error)]
    paths: list[tuple[str, os.stat_result]] = []
    problems: list[Problem] = []
    # What str(folder / name) gives, without making a Path of each file.
    prefix = "" if str(folder) == "." else os.path.join(str(folder), "")
    for entry in entries:
        path = prefix + entry.name
        found = _fact_file_status(path, entry)
        if isinstance(found, Problem):
            problems.append(found)
        elif found is not None:
            paths.append((path, found))
    return paths, problems


def _unreadable_folder(where: str, error: OSError) -> Problem:
    fix = "make it readable (chmod u+rx) or stop naming it"
    return Problem(where, 0, f"cannot read the folder: {os_reason(error)} — {fix}")


def _folder_problem(folder: Path, where: str) -> Problem | None:
    """What keeps `folder` from being read as a folder of fact files, if anything."""
    if not is_utf8(str(folder)):
        return Problem(where, 0, f"the folder's name is not UTF-8 — {RENAME}")
    try:
        is_dir = folder.is_dir()
        exists = is_dir or folder.exists()
    except OSError as error:  # a parent folder that cannot be searched
        return _unreadable_folder(where, error)
    if not exists:
        fix = "check the path given with --facts-dir or in BELARUS_FACTS_PATH"
        return Problem(where, 0, f"folder does not exist — {fix}")
    if not is_dir:
        return Problem(where, 0, "is a file, not a folder — name the folder that holds it")
    return None


def _toml_entries(folder: Path) -> list[os.DirEntry[str]]:
    """The folder's *.toml entries by name; OSError if it cannot be read."""
    # os.scandir rather than Path.glob: glob quietly yields nothing for a folder it may not read.
    with os.scandir(folder) as scan:
        # Hidden files are left alone, as the shell's *.toml leaves them: editors' lock
        # links (.#facts.toml), macOS's ._facts.toml.
        return sorted(
            (e for e in scan if _is_toml(e.name) and not e.name.startswith(".")),
            key=lambda e: e.name,
        )


def _is_toml(name: str) -> bool:
    """Whether the shell's *.toml takes the name (in any case where the system ignores it)."""
    return os.path.normcase(name).endswith(".toml")


def _fact_file_status(path: str, entry: os.DirEntry[str]) -> os.stat_result | Problem | None:
    """The status of a fact file to read, the problem that keeps it from being read, or None
    for a folder (left alone)."""
    # An ASCII name is UTF-8: most names are, and this runs for every file at every start.
    if not entry.name.isascii() and not is_utf8(entry.name):
        return Problem(readable(path), 0, f"the name is not UTF-8 — {RENAME}")
    try:
        status = entry.stat()  # follows a symbolic link, as reading the file will
    except OSError as error:
        if os.path.islink(path):
            message = (
                f"is a symbolic link that leads nowhere ({os_reason(error)}) — "
                "point it at a fact file or remove it"
            )
        else:
            message = f"cannot read the file: {os_reason(error)} — make it readable (chmod u+r)"
        return Problem(path, 0, message)
    if stat.S_ISREG(status.st_mode):
        return status
    if not stat.S_ISDIR(status.st_mode):  # a pipe or a device would block or never end
        return Problem(path, 0, "is not a regular file — fact files must be plain text files")
    return None


RENAME = "rename it in UTF-8 (convmv -f latin1 -t utf8 --notest NAME converts one)"


def os_reason(error: OSError) -> str:
    return error.strerror or str(error)
