"""Where in a fact file's text a table or a key stands, for the line of a message. Only looked
up when there is a problem to report: most files have none."""

from __future__ import annotations

import re

# A table's header ([x] or [[x]]) and a key's line (x = ...), for the lines of messages.
HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\]\s]+)[ \t]*\]\]?", re.M)
_KEY = re.compile(r'^[ \t]*([A-Za-z0-9_-]+|"[^"]*")[ \t]*=')


def top_level_lines(text: str) -> dict[str, int]:
    """The first line of each top-level key or table, found in one pass over the file."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        header = HEADER.match(line)
        if header:
            found.setdefault(header[2].split(".")[0], number)
            continue
        key_match = _KEY.match(line)
        if key_match:
            found.setdefault(key_match[1].strip('"'), number)
    return found


class FileLines:
    """A file's lines, split only if a message needs one (most files have no problem)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    def __call__(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines


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
        header = HEADER.match(line)
        if header and number > header_line:
            if header[1] == "[" and header[2].startswith(f"{kind}."):
                found.setdefault(header[2][len(kind) + 1 :], number)
            else:
                break  # the next record, or a table that isn't this record's
        key_match = _KEY.match(line)
        if key_match:
            found.setdefault(key_match[1].strip('"'), number)
    return found
