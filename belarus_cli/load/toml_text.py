"""A fact file's text as a TOML document: read by the fast parser when it can, else by the
reference parser (tomllib), whose messages and line numbers are the ones a user sees."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from ..core.errors import Problem
from .limits import MAX_KEY_PARTS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def parse_document(where: str, text: str) -> dict[str, Any] | Problem:
    """The document of the file `where`, or the one problem that keeps it from being read."""
    document = _fast_parse(text)
    if document is None:  # left to the reference parser, which a deep key would hold up
        deep = _deep_key(where, text)
        if deep is not None:
            return deep
        try:
            document = tomllib.loads(text)
        except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
            return _toml_problem(where, text, error)
    return document


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
