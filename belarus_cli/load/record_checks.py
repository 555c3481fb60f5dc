"""The keys each kind of record may have, and the check of one record's keys and values: each
problem noted with its line, never raised, so that a user sees every one in one run."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..core.errors import Problem
from ..core.suggest import close_matches
from .key_lines import FileLines, key_lines
from .limits import MAX_PROBLEMS, MAX_TEXT_CHARS

KINDS = ("source", "topic", "entity", "fact", "omission")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:[._-][a-z0-9]+)*")

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
class RawRecord:
    kind: str
    index: int
    data: dict[str, Any]
    header_line: int
    lines: FileLines  # the file's, for the line of a key when there is a problem to report


class RecordCheck:
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
                hint = did_you_mean(key, schema, wanted=len(problems) < MAX_PROBLEMS)
                self.fail(key, f"unknown key {key!r}{hint} — allowed: {', '.join(schema)}")
        for key, required in schema.items():
            if required and key not in record.data:
                self.fail(None, f"missing required key {key!r} — add it (see facts/README.md)")

    @property
    def origin(self) -> str:
        """Where the record starts, as `path:line`, for the value built from it."""
        return f"{self.where}:{self.record.header_line}"

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
            self.fail(key, f"{key} must be a string, not {type_name(value)}")
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
            hint = did_you_mean(str(value), choices)
            self.fail(key, f"{key} {value!r} is not one of {', '.join(choices)}{hint}")
            return default
        return str(value)


def too_long(key: str, value: str) -> str:
    return (
        f"{key} is {len(value):,} characters long, more than the {MAX_TEXT_CHARS:,} a value "
        "may have — quote the shortest span that supports the fact"
    )


def type_name(value: object) -> str:
    names = {str: "a string", int: "an integer", float: "a number", bool: "true/false"}
    names.update({list: "a list", dict: "a table", dt.date: "a date"})
    return names.get(type(value), type(value).__name__)


def did_you_mean(
    word: str, choices: Iterable[str], prefix: str = "'", suffix: str = "'", wanted: bool = True
) -> str:
    """A hint for a near miss; not `wanted` past the problems a file's report shows."""
    if not wanted:
        return ""
    # A fact file's keys and ids are short: a looser match still helps there.
    close = close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {prefix}{close[0]}{suffix}?)" if close else ""
