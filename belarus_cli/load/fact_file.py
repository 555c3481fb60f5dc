"""One fact file parsed and checked on its own: read, parsed as TOML, each record checked and
built. References to other files are checked later, across files (linking.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..core.errors import Problem
from ..core.model import Entity, Omission, Source, Topic
from .builders import BUILDERS
from .key_lines import HEADER, FileLines, top_level_lines
from .limits import MAX_FILE_BYTES, MAX_PROBLEMS
from .locations import os_reason
from .parsed import FactRefs, Located, ParsedFile
from .record_checks import KINDS, RawRecord, RecordCheck, did_you_mean
from .toml_text import parse_document


def parse_file(path: Path) -> ParsedFile:
    """Parse and check one file on its own; references to other files are checked later."""
    result = ParsedFile(path)
    text = _read_text(path, result.problems)
    if text is None:
        return result
    document = parse_document(str(path), text)
    if isinstance(document, Problem):
        result.problems.append(document)
        return result
    if not document:
        message = "the file is empty — add [[fact]] tables, or remove the file"
        result.problems.append(Problem(str(path), 1, message))
        return result
    _check_tables(str(path), document, text, result.problems)
    if not result.problems:
        _build_records(document, text, result)
    return _capped(result)


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file's text, or None with the problem noted: unreadable, too large, not UTF-8."""
    where = str(path)
    try:
        # The size first: a large file (or a link to one) is never read whole.
        too_large = path.stat().st_size > MAX_FILE_BYTES
        raw = b"" if too_large else path.read_bytes()
    except OSError as error:
        message = f"cannot read the file: {os_reason(error)} — make it readable (chmod u+r)"
        problems.append(Problem(where, 0, message))
        return None
    if too_large or len(raw) > MAX_FILE_BYTES:
        message = (
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB — "
            "split it into several fact files"
        )
        problems.append(Problem(where, 0, message))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        message = "starts with a byte-order mark (BOM) — save the file as UTF-8 without BOM"
        problems.append(Problem(where, 1, message))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not UTF-8 (byte 0x{raw[error.start]:02x}) — save the file as UTF-8"
        problems.append(Problem(where, line, message))
        return None


def _check_tables(where: str, document: dict[str, Any], text: str, problems: list[Problem]) -> None:
    """Every top-level key must be an array of tables of one of the KINDS."""
    top_lines: dict[str, int] | None = None  # found only if a message needs them
    for key, value in document.items():
        if key in KINDS and isinstance(value, list) and all(isinstance(v, dict) for v in value):
            continue
        if top_lines is None:
            top_lines = top_level_lines(text)
        if key not in KINDS:
            hint = did_you_mean(key, KINDS, "[[", "]]", len(problems) < MAX_PROBLEMS)
            message = (
                f"unknown table [{key}]{hint} — a file holds [[source]], [[topic]], "
                "[[entity]], [[fact]] and [[omission]] tables"
            )
        else:
            message = f"write [[{key}]] (an array of tables), not [{key}] or {key} = ..."
        problems.append(Problem(where, top_lines.get(key, 1), message))


def _build_records(document: dict[str, Any], text: str, result: ParsedFile) -> None:
    """Check and build every record, each kept in the file's list of its kind."""
    where = str(result.path)
    for record in _records(document, text):
        result.records.append(Located(record.kind, record.header_line))
        check = RecordCheck(where, record, result.problems)
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


def _records(document: dict[str, Any], text: str) -> Iterator[RawRecord]:
    """Pair every table of the document with the line of its header, for messages."""
    lines = FileLines(text)
    starts: dict[str, list[int]] = {kind: [] for kind in KINDS}
    line, counted = 1, 0
    for header in HEADER.finditer(text):
        line += text.count("\n", counted, header.start())
        counted = header.start()
        if header[1] == "[[" and header[2] in starts:
            starts[header[2]].append(line)
    for kind in KINDS:
        for index, data in enumerate(document.get(kind, [])):
            start = starts[kind][index] if index < len(starts[kind]) else 1
            yield RawRecord(kind, index, data, start, lines)


def _capped(result: ParsedFile) -> ParsedFile:
    """At most MAX_PROBLEMS problems of a file, and a line that says how many more there are."""
    if len(result.problems) > MAX_PROBLEMS:
        rest = len(result.problems) - MAX_PROBLEMS
        last = result.problems[MAX_PROBLEMS]
        result.problems[MAX_PROBLEMS:] = [
            Problem(last.path, last.line, f"and {rest} more problem(s) — fix the ones above first")
        ]
    return result
