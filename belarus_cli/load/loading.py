"""Find fact files, parse them, validate every record, and build the FactBase.

Problems are collected, never raised one at a time, so that a user sees everything wrong in
one run. A file with any problem is left out whole: half a file could hide a fact's context.
One file is parsed and checked in fact_file.py, many in parallel.py, and the checks across
files are in linking.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem
from ..core.model import FactBase
from .hook import FileSink, HeldFiles, Prepare, Prepared
from .linking import link_changed, link_files
from .locations import list_fact_files
from .parallel import parse_each
from .parsed import ParsedFile

Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass
class LoadResult:
    """The fact base built from every good file, and what was wrong with the others."""

    base: FactBase
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


@dataclass
class IndexedLoad:
    """What loading into an index leaves for the index to finish: the good files' sources,
    topics and entities, and those of their facts that `prepare` did not index (they refer
    to other files), with the problems. With `whole` false, these are of the files that
    changed alone: the index held the others (hook.FileSink.held)."""

    unindexed: FactBase
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    whole: bool = True


# An update with more changed files than this loads every file (see _load_changed): the
# changed files are held in memory until they are checked across files.
CHANGED_AT_MOST = 64


def load(folders: Iterable[Path], progress: Progress | None = None) -> LoadResult:
    """Read every *.toml in the folders; leave out any file with a problem, and say why.

    `progress(done, total)` is called after each file, for a progress bar on large corpora.
    """
    base, problems, files, skipped = _load(folders, progress, None, None)
    return LoadResult(base, problems, files, skipped)


def load_indexed(
    folders: Iterable[Path],
    prepare: Prepare,
    sink: FileSink,
    progress: Progress | None = None,
    listed: tuple[list[Path], list[Problem]] | None = None,
) -> IndexedLoad:
    """Read every fact folder into an index, file by file as they are parsed (see hook.py);
    `listed` is list_fact_files(folders), if the caller has it already."""
    files, problems = listed if listed is not None else list_fact_files(folders)
    held = sink.held()
    parsed: dict[int, tuple[ParsedFile, Prepared | None]] = {}
    if held is not None:
        parsed, few = _parse_changed(files, prepare, held)
        linked = _link_changed(parsed, sink, held) if few else None
        if linked is not None:
            if progress is not None:
                progress(len(files), len(files))
            unindexed, own_problems, skipped = linked
            found = sorted(set(problems) | set(own_problems))
            return IndexedLoad(unindexed, found, files, skipped, whole=False)
    loaded = _load(folders, progress, prepare, sink, (files, problems), parsed)
    return IndexedLoad(*loaded)


def _parse_changed(
    files: list[Path], prepare: Prepare, held: HeldFiles
) -> tuple[dict[int, tuple[ParsedFile, Prepared | None]], bool]:
    """The files that changed, parsed (by their places among the files), with the unchanged
    ones that they make parse again (HeldFiles.affected); and whether they are few enough
    to be checked alone. Those parsed already are loaded with the rest otherwise."""
    unchanged = held.unchanged()
    changed = [(n, path) for n, path in enumerate(files) if path not in unchanged]
    if len(changed) > CHANGED_AT_MOST:
        return {}, False
    parsed = dict(zip((n for n, _ in changed), parse_each(changed, prepare), strict=True))
    again = held.affected([file for file, _ in parsed.values() if not file.problems])
    if len(changed) + len(again) > CHANGED_AT_MOST:
        return parsed, False
    more = [(n, path) for n, path in enumerate(files) if path in again]
    parsed.update(zip((n for n, _ in more), parse_each(more, prepare), strict=True))
    return dict(sorted(parsed.items())), True


def _link_changed(
    parsed: dict[int, tuple[ParsedFile, Prepared | None]], sink: FileSink, held: HeldFiles
) -> tuple[FactBase, list[Problem], list[Path]] | None:
    """The changed files, received by the sink once they are known to fit the files it holds
    (linking.link_changed), with their problems and the files left out; None if they may
    not fit."""
    good = [file for file, _ in parsed.values() if not file.problems]
    base = link_changed(good, held)
    if base is None:
        return None
    for ordinal, (file, prepared) in parsed.items():
        sink.receive(file, prepared, ordinal)
    problems = [problem for file, _ in parsed.values() for problem in file.problems]
    skipped = [file.path for file, _ in parsed.values() if file.problems]
    return base, problems, skipped


def _load(
    folders: Iterable[Path],
    progress: Progress | None,
    prepare: Prepare | None,
    sink: FileSink | None,
    listed: tuple[list[Path], list[Problem]] | None = None,
    parsed_already: dict[int, tuple[ParsedFile, Prepared | None]] | None = None,
) -> tuple[FactBase, list[Problem], list[Path], list[Path]]:
    files, problems = listed if listed is not None else list_fact_files(folders)
    problems = list(problems)
    parsed = _parse_all(files, progress, prepare, sink, parsed_already or {})
    for path in files:
        problems += parsed[path].problems

    good = [path for path in files if not parsed[path].problems]
    # Leaving out a broken file can break the references of another, so repeat until stable.
    while True:
        base, cross_problems = link_files([parsed[path] for path in good])
        broken = {Path(problem.path) for problem in cross_problems}
        if not broken:
            break
        problems += [p for p in cross_problems if p not in problems]
        good = [path for path in good if path not in broken]
    kept = set(good)
    skipped = [path for path in files if path not in kept]
    return base, sorted(set(problems)), files, skipped


def _parse_all(
    files: list[Path],
    progress: Progress | None,
    prepare: Prepare | None,
    sink: FileSink | None,
    parsed_already: dict[int, tuple[ParsedFile, Prepared | None]],
) -> dict[Path, ParsedFile]:
    """Parse every file, on every usable CPU when there are enough files to pay for it;
    a file that the sink knows already is taken from it rather than parsed, and so is one
    `parsed_already` (by its place among the files)."""
    parsed: dict[Path, ParsedFile] = {}
    known: dict[int, tuple[ParsedFile, Prepared | None]] = {
        n: found for n, path in enumerate(files) if sink and (found := sink.reuse(path))
    }
    known.update(parsed_already)
    fresh = parse_each([(n, path) for n, path in enumerate(files) if n not in known], prepare)
    try:
        for ordinal in range(len(files)):
            result = known[ordinal] if ordinal in known else next(fresh)
            parsed[result[0].path] = result[0]
            if sink is not None:
                sink.receive(*result, ordinal)
            if progress is not None:
                progress(len(parsed), len(files))
    finally:
        fresh.close()  # stops the workers now, whatever ended the loop
    return parsed
