"""Reading a draft to check: a file or standard input, refused with a clear message when it
is not text the checker can read (a folder, not UTF-8, empty, or too big to be a draft)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.errors import UsageError

# A long feature is 50 KB of text; anything past this is not a draft (and would take minutes).
MAX_BYTES = 1_000_000


def read_draft(name: str) -> str:
    """The draft's text; `-` reads standard input. Raises UsageError (exit 2) otherwise."""
    data = _read_bytes(name)
    if len(data) > MAX_BYTES:
        raise UsageError(
            f"{name}: the draft is over {MAX_BYTES // 1_000_000} MB — check it in parts "
            "of a few thousand words"
        )
    try:
        draft = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UsageError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}) — "
            "save the draft as UTF-8"
        ) from None
    if "\x00" in draft:
        raise UsageError(f"{name}: a binary file, not a draft — give Markdown or plain text")
    if not draft.strip():
        raise UsageError(f"{name}: the draft is empty — nothing to check")
    return draft


def _read_bytes(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    path = Path(name)
    if path.is_dir():
        raise UsageError(f"{name} is a folder — give the draft's file (Markdown or plain text)")
    try:
        with path.open("rb") as file:
            return file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{name}: no such file") from None
    except OSError as error:
        raise UsageError(f"cannot read {name}: {error.strerror}") from None
