"""Find fact files, parse them, validate every record, and build the FactBase.

Problems are collected, never raised one at a time, so that a user sees everything wrong in
one run. A file with any problem is left out whole: half a file could hide a fact's context.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from ..core.errors import Problem
from ..core.model import (
    ENTITY_KINDS,
    PARTS,
    QUALIFIERS,
    Entity,
    Fact,
    FactBase,
    Omission,
    Quantity,
    Source,
    Topic,
)
from ..core.periods import PeriodError, parse_period
from ..core.suggest import close_matches
from .hook import FileSink, Prepare, Prepared
from .locations import list_fact_files, os_reason
from .parsed import FactRefs, Located, ParsedFile
from .reader_questions import question_problems

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

Progress = Callable[[int, int], None]  # (files done, files in all)
KINDS = ("source", "topic", "entity", "fact", "omission")
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_FROM_FILES = 64
MAX_WORKERS = 8
ID_PATTERN = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")
# A table's header ([x] or [[x]]) and a key's line (x = ...), for the lines of messages.
_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\]\s]+)[ \t]*\]\]?", re.M)
_KEY = re.compile(r'^[ \t]*([A-Za-z0-9_-]+|"[^"]*")[ \t]*=')

# Limits, so that no file can cost minutes or gigabytes, and every value fits the index, the
# exports and the renderers (documented in facts/README.md).
MAX_FILE_BYTES = 64 * 1024 * 1024  # about 200,000 facts in one file
MAX_TEXT_CHARS = 20_000  # one string value: more than the longest paragraph of any article
MAX_PARAGRAPH = 100_000
MAX_NUMBER = 2**53 - 1  # the largest whole number JSON readers and spreadsheets keep exact
MAX_KEY_PARTS = 100  # parts of one dotted key or table name: tomllib is quadratic in them
MAX_PROBLEMS = 100  # per file: the rest would only repeat, and cost time and screens

# The keys each kind of record may have: name -> required?
SCHEMA: dict[str, dict[str, bool]] = {
    "source": {
        "id": True,
        "title": True,
        "author": True,
        "affiliation": True,
        "publisher": True,
        "published": True,
        "url": True,
        "language": True,
        "rubric": False,
        "text": False,
    },
    "topic": {"id": True, "title": True, "description": True, "aliases": False},
    "entity": {"id": True, "name": True, "kind": True, "description": True, "aliases": False},
    "fact": {
        "id": True,
        "topics": True,
        "statement": True,
        "value": False,
        "quantity": False,
        "date": False,
        "stated_by": True,
        "attribution": False,
        "about": False,
        "quote": True,
        "source": True,
        "section": True,
        "paragraph": False,
        "part": False,
        "keywords": False,
        "questions": False,
        "link_prefix": False,
        "link_suffix": False,
        "distinct_from": False,
    },
}
SCHEMA["omission"] = {"source": True, "sentence": True, "reason": True}
QUANTITY_KEYS = {"low": True, "high": False, "unit": True, "qualifier": False, "measure": False}


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
    to other files), with the problems."""

    unindexed: FactBase
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


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
    unindexed, problems, files, skipped = _load(folders, progress, prepare, sink, listed)
    return IndexedLoad(unindexed, problems, files, skipped)


def _load(
    folders: Iterable[Path],
    progress: Progress | None,
    prepare: Prepare | None,
    sink: FileSink | None,
    listed: tuple[list[Path], list[Problem]] | None = None,
) -> tuple[FactBase, list[Problem], list[Path], list[Path]]:
    files, problems = listed if listed is not None else list_fact_files(folders)
    problems = list(problems)
    parsed = _parse_all(files, progress, prepare, sink)
    for path in files:
        problems += parsed[path].problems

    good = [path for path in files if not parsed[path].problems]
    # Leaving out a broken file can break the references of another, so repeat until stable.
    while True:
        base, cross_problems = _link([parsed[path] for path in good])
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
) -> dict[Path, ParsedFile]:
    """Parse every file, on every usable CPU when there are enough files to pay for it;
    a file that the sink knows already is taken from it rather than parsed."""
    parsed: dict[Path, ParsedFile] = {}
    known = {n: found for n, path in enumerate(files) if sink and (found := sink.reuse(path))}
    fresh = _parse_each([(n, path) for n, path in enumerate(files) if n not in known], prepare)
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


def _parse_each(
    items: list[tuple[int, Path]], prepare: Prepare | None
) -> Generator[tuple[ParsedFile, Prepared | None], None, None]:
    """Each file parsed (and prepared), in order."""
    done = 0
    workers = min(_usable_cpus(), MAX_WORKERS)
    if workers > 1 and len(items) >= PARALLEL_FROM_FILES:
        in_workers = _parse_in_workers(items, workers, prepare)
        try:
            for result in in_workers:
                yield result
                done += 1
        except (OSError, ImportError, RuntimeError):
            pass  # some systems refuse worker processes: the rest is parsed here
        finally:
            in_workers.close()
    for item in items[done:]:
        yield _parse_and_prepare(item, prepare)


def _parse_and_prepare(
    item: tuple[int, Path], prepare: Prepare | None
) -> tuple[ParsedFile, Prepared | None]:
    """The file as handed on, with what `prepare` made of it: the facts it indexed travel as
    its rows only, so the file handed on keeps the others."""
    ordinal, path = item
    parsed = parse_file(path)
    if prepare is None or parsed.problems:
        return parsed, None
    prepared = prepare(parsed, ordinal)
    if not prepared.indexed:
        return parsed, prepared
    kept = [fact for fact in parsed.facts if fact.id not in prepared.indexed]
    return replace(parsed, facts=kept), prepared


def _parse_in_workers(
    items: list[tuple[int, Path]], workers: int, prepare: Prepare | None
) -> Generator[tuple[ParsedFile, Prepared | None], None, None]:
    """Each file parsed in one of `workers` processes, in order.

    Plain forked processes, one pipe each, and no threads: the files are dealt out in turn
    before the workers start, so each only sends. In turn, file by file, because a worker
    waits while its pipe is full, until the results are read in order: dealt out in runs of
    several files, the workers would take turns rather than work at once. A worker that
    cannot be started (a process limit) raises OSError here, and the caller parses the rest
    itself. However this ends, Ctrl-C included, every worker is killed and waited for before
    it returns; and a worker whose parent dies is killed with it (see _start_worker).
    """
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError as error:  # no fork on this system
        raise OSError(str(error)) from None
    shares = [items[first::workers] for first in range(workers)]
    readers: list[Any] = []
    processes: list[Any] = []
    try:
        for share in shares:
            reader, writer = context.Pipe(duplex=False)
            readers.append(reader)
            process = context.Process(
                target=_work, args=(writer, share, prepare, readers, os.getpid()), daemon=True
            )
            try:
                process.start()
            finally:
                writer.close()  # the worker's now: its end of file means the worker is gone
            processes.append(process)
        for position in range(len(items)):
            try:
                done, result = readers[position % workers].recv()
            except EOFError:
                raise RuntimeError("a worker process ended early") from None
            if not done:
                raise result
            yield result
    finally:
        _stop(processes, readers)


def _stop(processes: list[Any], readers: list[Any]) -> None:
    """Kill and wait for the workers, with Ctrl-C held back meanwhile: a second Ctrl-C
    then ends the run once they are gone, never leaves one behind."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join()
        for reader in readers:
            reader.close()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _work(
    writer: Any,
    share: list[tuple[int, Path]],
    prepare: Prepare | None,
    readers: list[Any],
    parent: int,
) -> None:
    """A worker: parse its share of the files and send each result back, in order."""
    for reader in readers:
        reader.close()  # the parent's alone, so that its end of file is seen
    _start_worker(parent)
    try:
        for item in share:
            try:
                writer.send((True, _parse_and_prepare(item, prepare)))
            except (BrokenPipeError, EOFError):
                return  # the parent is gone or stopped reading
            except Exception as error:  # a bug: raised in the parent, where it is reported
                writer.send((False, error))
                return
    finally:
        writer.close()


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the main process, which kills them and exits quietly; they die
    with it too (Linux's parent-death signal), so that no worker outlives a killed run. They
    run without the cyclic garbage collector: what they parse is freed file by file as it is
    handed back, and forms no cycles, so the collector would only walk it again."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):  # not the parent's handlers: a worker just ends
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    gc.disable()


def _usable_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# --- one file ---------------------------------------------------------------------------


@dataclass
class RawRecord:
    kind: str
    index: int
    data: dict[str, Any]
    header_line: int
    lines: _Lines  # the file's, for the line of a key when there is a problem to report


def parse_file(path: Path) -> ParsedFile:
    """Parse and check one file on its own; references to other files are checked later."""
    result = ParsedFile(path)
    where = str(path)
    try:
        # The size first: a large file (or a link to one) is never read whole.
        too_large = path.stat().st_size > MAX_FILE_BYTES
        raw = b"" if too_large else path.read_bytes()
    except OSError as error:
        message = f"cannot read the file: {os_reason(error)} — make it readable (chmod u+r)"
        result.problems.append(Problem(where, 0, message))
        return result
    if too_large or len(raw) > MAX_FILE_BYTES:
        message = (
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB — "
            "split it into several fact files"
        )
        result.problems.append(Problem(where, 0, message))
        return result
    if raw.startswith(b"\xef\xbb\xbf"):
        message = "starts with a byte-order mark (BOM) — save the file as UTF-8 without BOM"
        result.problems.append(Problem(where, 1, message))
        return result
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not UTF-8 (byte 0x{raw[error.start]:02x}) — save the file as UTF-8"
        result.problems.append(Problem(where, line, message))
        return result
    document = _fast_parse(text)
    if document is None:  # left to the reference parser, which a deep key would hold up
        deep = _deep_key(where, text)
        if deep is not None:
            result.problems.append(deep)
            return result
        try:
            document = tomllib.loads(text)
        except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
            result.problems.append(_toml_problem(where, text, error))
            return result
    if not document:
        message = "the file is empty — add [[fact]] tables, or remove the file"
        result.problems.append(Problem(where, 1, message))
        return result

    top_lines: dict[str, int] | None = None  # found only if a message needs them
    for key, value in document.items():
        if key in KINDS and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            continue
        if top_lines is None:
            top_lines = _top_level_lines(text)
        if key not in KINDS:
            hint = _did_you_mean(key, KINDS, "[[", "]]", len(result.problems) < MAX_PROBLEMS)
            message = (
                f"unknown table [{key}]{hint} — a file holds [[source]], [[topic]], "
                "[[entity]], [[fact]] and [[omission]] tables"
            )
        else:
            message = f"write [[{key}]] (an array of tables), not [{key}] or {key} = ..."
        result.problems.append(Problem(where, top_lines.get(key, 1), message))
    if result.problems:
        return _capped(result)

    for record in _records(document, text):
        result.records.append(Located(record.kind, record.header_line))
        check = _RecordCheck(where, record, result.problems)
        built = BUILDERS[record.kind](check)
        if built is None:
            continue
        if isinstance(built, Source):
            result.sources.append(built)
        elif isinstance(built, Topic):
            result.topics.append(built)
        elif isinstance(built, Entity):
            result.entities.append(built)
        elif isinstance(built, Omission):
            result.omissions.append(built)
        else:
            result.facts.append(built)
            refs = FactRefs(built.id, built.topics, built.stated_by, built.about, built.source)
            result.fact_refs.append(refs)
    return _capped(result)


def _capped(result: ParsedFile) -> ParsedFile:
    """At most MAX_PROBLEMS problems of a file, and a line that says how many more there are."""
    if len(result.problems) > MAX_PROBLEMS:
        rest = len(result.problems) - MAX_PROBLEMS
        last = result.problems[MAX_PROBLEMS]
        result.problems[MAX_PROBLEMS:] = [
            Problem(last.path, last.line, f"and {rest} more problem(s) — fix the ones above first")
        ]
    return result


def _deep_key(where: str, text: str) -> Problem | None:
    """A dotted key or table name of more than MAX_KEY_PARTS parts (it would take tomllib
    minutes), or None. Parts start only after a character that cannot be in a key, so that a
    long word is scanned once."""
    part = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
    deep = re.search(rf"(?<![A-Za-z0-9_\-\"'])(?:{part}[ \t]*\.[ \t]*){{{MAX_KEY_PARTS}}}", text)
    if deep is None:
        return None
    message = (
        f"a dotted key or table name of more than {MAX_KEY_PARTS} parts — "
        "nest the data less deeply (see facts/README.md)"
    )
    return Problem(where, text.count("\n", 0, deep.start()) + 1, message)


def parse_toml(text: str) -> dict[str, Any]:
    """The document, as the reference parser (tomllib) reads it, read by the fast one when
    it can (see _fast_parse)."""
    document = _fast_parse(text)
    if document is not None:
        return document
    reference: dict[str, Any] = tomllib.loads(text)
    return reference


def _fast_parse(text: str) -> dict[str, Any] | None:
    """The document, read by the fast parser (toml_rs in strict TOML 1.0 mode, about six
    times quicker) if it is installed, or None: a document it refuses, or takes where the
    reference parser (tomllib) may not, is left to the reference parser, which alone decides
    what is wrong and on which line, so the messages are the same with or without it."""
    fast = _fast_parser()
    if fast is None or text.startswith("\ufeff"):  # toml_rs skips a BOM
        return None
    try:
        document: dict[str, Any] = fast(text)
    except Exception:  # the reference parser reports what is wrong
        return None
    return document if _plain(document) else None


# tomllib refuses what Python refuses: nesting deeper than it can recurse, and integers of
# more than 4300 digits (about 14,284 bits). Anything near either is left to it.
_DEEPEST = 32
_LONGEST_BITS = 14_000


def _plain(value: dict[str, Any] | list[Any], depth: int = 0) -> bool:
    """Whether the reference parser would read the document as the fast one did. (A key of
    more than MAX_KEY_PARTS parts nests deeper than _DEEPEST, so it too is left to the
    reference parser, behind the check for deep keys.)"""
    if depth > _DEEPEST:
        return False
    item: Any
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is str:
            continue
        if kind is dict or kind is list:
            if not _plain(item, depth + 1):
                return False
        elif kind is int and item.bit_length() > _LONGEST_BITS:
            return False
    return True


@cache
def _fast_parser() -> Callable[[str], dict[str, Any]] | None:
    try:
        import toml_rs
    except ImportError:
        return None
    from functools import partial

    return partial(toml_rs.loads, toml_version="1.0.0")


def _toml_problem(where: str, text: str, error: Exception) -> Problem:
    fix = "see facts/README.md for the format"
    if isinstance(error, RecursionError):
        # tomllib recurses once per level of nested arrays and inline tables.
        deep = re.search(r"(?:[\[{]\s*){50,}", text)
        line = text.count("\n", 0, deep.start()) + 1 if deep else 1
        return Problem(where, line, f"invalid TOML: arrays or tables nested too deeply — {fix}")
    message = str(error)
    match = re.search(r"\(at line (\d+), column (\d+)\)$", message)
    if match:
        detail = message[: match.start()].strip()
        return Problem(where, int(match[1]), f"invalid TOML at column {match[2]}: {detail} — {fix}")
    # Not a TOMLDecodeError: Python refuses integers of more than 4300 digits.
    long_number = re.search(r"\d{4300,}", text)
    if long_number:
        line = text.count("\n", 0, long_number.start()) + 1
        return Problem(where, line, f"invalid TOML: a number with too many digits — {fix}")
    return Problem(where, 1, f"invalid TOML: {message} — {fix}")


def _top_level_lines(text: str) -> dict[str, int]:
    """The first line of each top-level key or table, found in one pass over the file."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        header = _HEADER.match(line)
        if header:
            found.setdefault(header[2].split(".")[0], number)
            continue
        key_match = _KEY.match(line)
        if key_match:
            found.setdefault(key_match[1].strip('"'), number)
    return found


class _Lines:
    """A file's lines, split only if a message needs one (most files have no problem)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    def __call__(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines


def _records(document: dict[str, Any], text: str) -> Iterator[RawRecord]:
    """Pair every table of the document with the line of its header, for messages."""
    lines = _Lines(text)
    starts: dict[str, list[int]] = {kind: [] for kind in KINDS}
    line, counted = 1, 0
    for header in _HEADER.finditer(text):
        line += text.count("\n", counted, header.start())
        counted = header.start()
        if header[1] == "[[" and header[2] in starts:
            starts[header[2]].append(line)
    for kind in KINDS:
        for index, data in enumerate(document.get(kind, [])):
            start = starts[kind][index] if index < len(starts[kind]) else 1
            yield RawRecord(kind, index, data, start, lines)


def key_line(lines: list[str], header_line: int, kind: str, key: str) -> int:
    """The line where the record whose header is on `header_line` sets `key` (or opens its
    sub-table [kind.key]); the header's line if it doesn't. Only looked up for a message."""
    return key_lines(lines, header_line, kind).get(key, header_line)


def key_lines(lines: list[str], header_line: int, kind: str) -> dict[str, int]:
    """The line of each key the record whose header is on `header_line` sets (or of its
    sub-table [kind.key]), in one pass over the record."""
    found: dict[str, int] = {}
    for number in range(header_line, len(lines) + 1):
        line = lines[number - 1]
        header = _HEADER.match(line)
        if header and number > header_line:
            if header[1] == "[" and header[2].startswith(f"{kind}."):
                found.setdefault(header[2][len(kind) + 1 :], number)
            else:
                break  # the next record, or a table that isn't this record's
        key_match = _KEY.match(line)
        if key_match:
            found.setdefault(key_match[1].strip('"'), number)
    return found


T = TypeVar("T")


class _RecordCheck:
    """Typed access to one record's keys that notes a Problem instead of raising."""

    def __init__(self, where: str, record: RawRecord, problems: list[Problem]) -> None:
        self.where = where
        self.record = record
        self.problems = problems
        self.failed = False
        raw_id = record.data.get("id")
        self.label = (
            f"{record.kind} {raw_id!r}"
            if isinstance(raw_id, str)
            else (f"{record.kind} #{record.index + 1}")
        )
        self._key_lines: dict[str, int] | None = None
        schema = SCHEMA[record.kind]
        for key in record.data:
            if key not in schema:
                hint = _did_you_mean(key, schema, wanted=len(problems) < MAX_PROBLEMS)
                self.fail(key, f"unknown key {key!r}{hint} — allowed: {', '.join(schema)}")
        for key, required in schema.items():
            if required and key not in record.data:
                self.fail(None, f"missing required key {key!r} — add it (see facts/README.md)")

    def line(self, key: str | None) -> int:
        record = self.record
        if key is None:
            return record.header_line
        if self._key_lines is None:
            self._key_lines = key_lines(record.lines(), record.header_line, record.kind)
        return self._key_lines.get(key, record.header_line)

    def fail(self, key: str | None, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.where, self.line(key), f"{self.label}: {message}"))

    def text(self, key: str) -> str | None:
        value = self.record.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(key, f"{key} must be a string, not {_type_name(value)}")
            return None
        if not value.strip():
            optional = not SCHEMA[self.record.kind].get(key, True)
            fix = "write it or leave the key out" if optional else "write it"
            self.fail(key, f"{key} is empty — {fix}")
            return None
        if len(value) > MAX_TEXT_CHARS:
            self.fail(key, too_long(key, value))
            return None
        return value

    def identifier(self, key: str = "id") -> str | None:
        value = self.text(key)
        if value is not None and not ID_PATTERN.fullmatch(value):
            self.fail(
                key,
                f"{key} {value!r} is not a valid id — use lower-case letters and digits "
                "joined by '-', '.' or '_'",
            )
            return None
        return value

    def strings(self, key: str, *, ids: bool = False, non_empty: bool = False) -> tuple[str, ...]:
        value = self.record.data.get(key, [])
        if isinstance(value, str):
            self.fail(key, f'{key} must be a list, such as {key} = ["{value}"]')
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"{key} must be a list of strings")
            return ()
        if non_empty and not value and key in self.record.data:
            self.fail(key, f"{key} is empty — give at least one")
        if ids:
            for item in value:
                if not ID_PATTERN.fullmatch(item):
                    self.fail(
                        key,
                        f"{key} has {item!r}, which is not a valid id — use lower-case letters "
                        "and digits joined by '-', '.' or '_'",
                    )
        if any(not item.strip() for item in value):
            self.fail(key, f"{key} has an empty string")
        for item in value:
            if len(item) > MAX_TEXT_CHARS:
                self.fail(key, too_long(key, item))
                break
        return tuple(value)

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.record.data.get(key, default)
        if value not in choices:
            hint = _did_you_mean(str(value), choices)
            self.fail(key, f"{key} {value!r} is not one of {', '.join(choices)}{hint}")
            return default
        return str(value)


def too_long(key: str, value: str) -> str:
    return (
        f"{key} is {len(value):,} characters long, more than the {MAX_TEXT_CHARS:,} a value "
        "may have — quote the shortest span that supports the fact"
    )


def _type_name(value: object) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true/false"}
    names.update({list: "a list", dict: "a table", dt.date: "a date"})
    return names.get(type(value), type(value).__name__)


def _did_you_mean(
    word: str, choices: Iterable[str], prefix: str = "'", suffix: str = "'", wanted: bool = True
) -> str:
    """A hint for a near miss; not `wanted` past the problems a file's report shows."""
    if not wanted:
        return ""
    # A fact file's keys and ids are short: a looser match still helps there.
    close = close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {prefix}{close[0]}{suffix}?)" if close else ""


def _build_source(check: _RecordCheck) -> Source | None:
    values = {key: check.text(key) for key in SCHEMA["source"] if key != "published"}
    if values["text"] is not None and not values["text"].strip():
        check.fail("text", "text must be the path of the article's text, relative to this file")
    source_id = check.identifier()
    published = check.record.data.get("published")
    if "published" in check.record.data and (
        not isinstance(published, dt.date) or isinstance(published, dt.datetime)
    ):
        check.fail("published", "published must be a TOML date such as 2022-11-04 (no quotes)")
    elif isinstance(published, dt.date) and published > dt.date.today():
        # `belarus cite` could give no access date: nobody can have read it yet.
        check.fail("published", f"published {published} is in the future — give the day it was")
    if check.failed or source_id is None or not isinstance(published, dt.date):
        return None
    return Source(
        id=source_id,
        title=_required(values["title"]),
        author=_required(values["author"]),
        affiliation=_required(values["affiliation"]),
        publisher=_required(values["publisher"]),
        published=published,
        url=_required(values["url"]),
        language=_required(values["language"]),
        rubric=values["rubric"],
        text=str(Path(check.where).parent / values["text"]) if values["text"] else None,
        origin=f"{check.where}:{check.record.header_line}",
    )


def _build_topic(check: _RecordCheck) -> Topic | None:
    topic_id = check.identifier()
    title, description = check.text("title"), check.text("description")
    aliases = check.strings("aliases")
    if check.failed or topic_id is None:
        return None
    return Topic(topic_id, _required(title), _required(description), aliases)


def _build_entity(check: _RecordCheck) -> Entity | None:
    entity_id = check.identifier()
    name, description = check.text("name"), check.text("description")
    kind = check.choice("kind", ENTITY_KINDS, "person")
    aliases = check.strings("aliases")
    if check.failed or entity_id is None:
        return None
    origin = f"{check.where}:{check.record.header_line}"
    return Entity(entity_id, _required(name), kind, _required(description), aliases, origin)


def _build_fact(check: _RecordCheck) -> Fact | None:
    data = check.record.data
    fact_id = check.identifier()
    topics = check.strings("topics", ids=True, non_empty=True)
    statement, quote = check.text("statement"), check.text("quote")
    value, attribution = check.text("value"), check.text("attribution")
    section = check.text("section")
    source = check.identifier("source")
    stated_by = check.strings("stated_by", ids=True, non_empty=True)
    about = check.strings("about", ids=True)
    keywords = check.strings("keywords")
    questions = check.strings("questions")
    for problem in question_problems(data.get("questions")):
        check.fail("questions", problem)
    part = check.choice("part", PARTS, "body")
    link_prefix, link_suffix = check.text("link_prefix"), check.text("link_suffix")
    distinct_from = check.strings("distinct_from", ids=True)

    paragraph = data.get("paragraph")
    if paragraph is not None and (
        isinstance(paragraph, bool)
        or not isinstance(paragraph, int)
        or not 1 <= paragraph <= MAX_PARAGRAPH
    ):
        check.fail(
            "paragraph",
            f"paragraph must be a whole number from 1 to {MAX_PARAGRAPH:,} (see facts/README.md)",
        )
        paragraph = None
    elif paragraph is None and part != "byline" and "paragraph" not in data:
        check.fail(None, "missing required key 'paragraph' (only byline facts may leave it out)")

    date = None
    if "date" in data:
        try:
            date = parse_period(data["date"])
        except PeriodError as error:
            check.fail("date", f"date {error}")

    quantity = _build_quantity(check, data.get("quantity"))
    if check.failed or fact_id is None or source is None:
        return None
    return Fact(
        id=fact_id,
        topics=topics,
        statement=_required(statement),
        stated_by=stated_by,
        quote=_required(quote),
        source=source,
        section=_required(section),
        paragraph=paragraph,
        part=part,
        value=value,
        quantity=quantity,
        date=date,
        attribution=attribution,
        about=about,
        keywords=keywords,
        questions=questions,
        origin=f"{check.where}:{check.record.header_line}",
        link_prefix=link_prefix or "",
        link_suffix=link_suffix or "",
        distinct_from=distinct_from,
    )


def _build_quantity(check: _RecordCheck, data: object) -> Quantity | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        check.fail("quantity", 'quantity must be a table such as { low = 3000, unit = "soldiers" }')
        return None
    for key in data:
        if key not in QUANTITY_KEYS:
            hint = _did_you_mean(key, QUANTITY_KEYS)
            check.fail("quantity", f"quantity has unknown key {key!r}{hint}")
    for key, required in QUANTITY_KEYS.items():
        if required and key not in data:
            check.fail("quantity", f"quantity is missing {key!r} — add it (see facts/README.md)")
    low, high = data.get("low"), data.get("high")
    for key, number in (("low", low), ("high", high)):
        if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
            check.fail("quantity", f"quantity {key} must be a number, not {_type_name(number)}")
            return None
        if isinstance(number, float) and not math.isfinite(number):
            # JSON has no nan or inf: the fact could not be written out as valid JSON.
            check.fail("quantity", f"quantity {key} must be a finite number, not {number}")
            return None
        if number is not None and abs(number) > MAX_NUMBER:
            # SQLite, JSON readers and spreadsheets take nothing larger, or not exactly.
            check.fail(
                "quantity",
                f"quantity {key} is too large: numbers go from -{MAX_NUMBER:,} to {MAX_NUMBER:,}",
            )
            return None
    unit, measure = data.get("unit"), data.get("measure")
    if not isinstance(unit, str) or not unit.strip():
        check.fail("quantity", 'quantity unit must be a non-empty string such as "soldiers"')
        return None
    if len(unit) > MAX_TEXT_CHARS:
        check.fail("quantity", too_long("quantity unit", unit))
        return None
    if measure is not None and (not isinstance(measure, str) or not ID_PATTERN.fullmatch(measure)):
        check.fail("quantity", 'quantity measure must be an id such as "russian-troops-in-belarus"')
        return None
    qualifier = data.get("qualifier", "exactly")
    if qualifier not in QUALIFIERS:
        hint = _did_you_mean(str(qualifier), QUALIFIERS)
        choices = ", ".join(QUALIFIERS)
        check.fail("quantity", f"quantity qualifier {qualifier!r} is not one of {choices}{hint}")
        return None
    if not isinstance(low, int | float):
        return None
    if high is not None and high < low:
        check.fail("quantity", f"quantity low ({low}) is greater than high ({high}) — swap them")
        return None
    return Quantity(low=low, high=high, unit=unit, qualifier=qualifier, measure=measure)


def _build_omission(check: _RecordCheck) -> Omission | None:
    source = check.identifier("source")
    sentence, reason = check.text("sentence"), check.text("reason")
    if check.failed or source is None:
        return None
    return Omission(source, _required(sentence), _required(reason))


def _required(value: T | None) -> T:
    """A value the record check has already proved present."""
    if value is None:  # pragma: no cover - guarded by check.failed
        raise AssertionError("checked value missing")
    return value


BUILDERS: dict[str, Callable[[_RecordCheck], Source | Topic | Entity | Fact | Omission | None]] = {
    "source": _build_source,
    "topic": _build_topic,
    "entity": _build_entity,
    "fact": _build_fact,
    "omission": _build_omission,
}


# --- across files -----------------------------------------------------------------------


def _link(files: list[ParsedFile]) -> tuple[FactBase, list[Problem]]:
    """Merge good files into one FactBase; check unique ids and references between records."""
    base = FactBase()
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str], tuple[ParsedFile, Located]] = {}
    lines_of: dict[Path, list[str]] = {}

    def line_of(parsed: ParsedFile, record: Located, key: str) -> int:
        # Lines of keys are looked up only for a message, so the file is read again here.
        if parsed.path not in lines_of:
            try:
                lines_of[parsed.path] = parsed.path.read_text(encoding="utf-8").split("\n")
            except (OSError, UnicodeDecodeError):
                lines_of[parsed.path] = []
        return key_line(lines_of[parsed.path], record.header_line, record.kind, key)

    def claim(parsed: ParsedFile, record: Located, record_id: str) -> bool:
        key = (record.kind, record_id)
        if key in first_seen:
            first_file, first_record = first_seen[key]
            where = f"{first_file.path}:{line_of(first_file, first_record, 'id')}"
            message = (
                f"{record.kind} {record_id!r}: id already used at {where} — "
                "ids must be unique across all fact files; rename one"
            )
            problems.append(Problem(str(parsed.path), line_of(parsed, record, "id"), message))
            return False
        first_seen[key] = (parsed, record)
        return True

    for parsed in files:
        for record, source in _paired(parsed, "source", parsed.sources):
            if claim(parsed, record, source.id):
                base.sources[source.id] = source
        for record, topic in _paired(parsed, "topic", parsed.topics):
            if claim(parsed, record, topic.id):
                base.topics[topic.id] = topic
        for record, entity in _paired(parsed, "entity", parsed.entities):
            if claim(parsed, record, entity.id):
                base.entities[entity.id] = entity
        facts = {fact.id: fact for fact in parsed.facts}
        for record, refs in _paired(parsed, "fact", parsed.fact_refs):
            if claim(parsed, record, refs.id) and refs.id in facts:
                base.facts[refs.id] = facts[refs.id]
        base.omissions.extend(parsed.omissions)

    for parsed in files:
        for record, refs in _paired(parsed, "fact", parsed.fact_refs):
            checks = (
                ("topics", refs.topics, base.topics, "topic"),
                ("stated_by", refs.stated_by, base.entities, "entity"),
                ("about", refs.about, base.entities, "entity"),
                ("source", (refs.source,), base.sources, "source"),
            )
            for key, ids, known, kind in checks:
                for ref in ids:
                    if ref not in known:
                        hint = _did_you_mean(ref, known)
                        line = line_of(parsed, record, key)
                        message = (
                            f"fact {refs.id!r}: {key} names {kind} {ref!r}, which no fact file "
                            f"defines{hint} — add a [[{kind}]] with that id or fix the reference"
                        )
                        problems.append(Problem(str(parsed.path), line, message))
    return base, problems


def _built(parsed: ParsedFile) -> tuple[list[Any], ...]:
    return (parsed.sources, parsed.topics, parsed.entities, parsed.fact_refs, parsed.omissions)


def _paired(parsed: ParsedFile, kind: str, values: list[T]) -> Iterator[tuple[Located, T]]:
    """Each built value with the record it came from (a linked file has every record built)."""
    # The records stand in the order of KINDS (_records), so each kind's are one slice.
    start = sum(len(earlier) for earlier in _built(parsed)[: KINDS.index(kind)])
    records = parsed.records[start : start + len(values)]
    if any(record.kind != kind for record in (records[:1] + records[-1:])):  # pragma: no cover
        records = [record for record in parsed.records if record.kind == kind]
    return zip(records, values, strict=True)
