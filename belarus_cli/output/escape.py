"""The one escaper of untrusted text: what a terminal, a Markdown file, a spreadsheet or
a JSON reader gets of a fact file's characters, so that none of them acts on it."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

# What no output may carry raw, in one place for every output: C0 controls but tab and
# newline, DEL, C1 controls, bidi controls and marks, zero-width and other invisible format
# characters, the Unicode line and paragraph separators, tag characters ("ASCII smuggling")
# and lone surrogates (a file name that is not UTF-8). Any of these inside a fact file could
# clear a screen, retitle a window, reorder or hide what is shown, or forge a line.
# Compiled when first used: a class of code points this wide costs half a millisecond to
# compile, which a run that prints JSON would pay for nothing.
UNSAFE_CHARACTERS = (
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029"
    "\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff\U000e0000-\U000e007f]"
)
# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection"), also after the blanks
# that importers trim ("Trim spaces" in LibreOffice, Google Sheets).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_FORMULA_SIGNS = ("=", "+", "-", "@")
_BLANKS = " \u00a0\u3000"
_NUMBER = r"[+-]?\d+(?:\.\d+)?"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """Replace the UNSAFE_CHARACTERS with a visible escape such as \\x1b, \\u202e or
    \\U000e0041. The one escaper of text bound for a terminal, a Markdown file or a shell."""
    return pattern(UNSAFE_CHARACTERS).sub(_escape, text)


def one_line(text: str) -> str:
    return " ".join(visible(text).split())


def spreadsheet_safe(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula; keep real numbers as numbers."""
    risky = cell.startswith(_FORMULA_START) or cell.lstrip(_BLANKS).startswith(_FORMULA_SIGNS)
    if risky and not pattern(_NUMBER).fullmatch(cell.lstrip(_BLANKS)):
        return "'" + cell
    return cell


@cache
def pattern(expression: str) -> re.Pattern[str]:
    return re.compile(expression)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON that keeps every character of the data and shows a terminal none to act on.

    json.dumps escapes C0 controls; the rest of UNSAFE_CHARACTERS (DEL, C1 controls, bidi and
    invisible characters, the Unicode line separators, which split a JSON line for readers
    that honour them) become \\u escapes here: the same string to any JSON reader. Everything
    else, Cyrillic and curly quotes included, stays as it is.
    """
    return pattern(UNSAFE_CHARACTERS).sub(
        _json_escape, json.dumps(value, ensure_ascii=False, indent=indent)
    )


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_MARKDOWN_SPECIAL = r"([\\`*_\[\]<>|#])"


def markdown_escape(text: str) -> str:
    return pattern(_MARKDOWN_SPECIAL).sub(r"\\\1", one_line(text))


def markdown_url(url: str) -> str:
    """A link target that stays one link: spaces, brackets, controls and the like %-encoded."""
    from urllib.parse import quote

    # '%' stays, so that a URL already encoded is not encoded twice.
    return quote(url, safe="!#$%&'*+,/:;=?@~")


def web_url(url: str) -> bool:
    """Whether `url` is an http(s) address: the only kind of link target Markdown gets."""
    return url[:8].lower().startswith(("https://", "http://"))


def markdown_link(label: str, url: str | None) -> str:
    """`[label](url)` for an http(s) URL; any other target (javascript:, data:, a bare path)
    is shown as escaped text after the label, never as a link. `label` is Markdown already."""
    if not url:
        return label
    if web_url(url):
        return f"[{label}]({markdown_url(url)})"
    return f"{label} ({markdown_escape(url)})"


def markdown_autolink(url: str) -> str:
    """`<url>` for an http(s) URL, else the URL as escaped text."""
    return f"<{markdown_url(url)}>" if web_url(url) else markdown_escape(url)


def one_line_each(lines: Sequence[str], width: int | None = None) -> str:
    """Plain lines for the terminal or a pipe, with any control characters made visible;
    with a `width` (a terminal's), each wrapped at word boundaries, keeping its indent."""
    import textwrap

    shown = []
    for line in lines:
        line = visible(line)
        indent = " " * (len(line) - len(line.lstrip(" ")))
        # A listing's line ("  troops   Russian troops in Belarus") hangs at its second column.
        column = pattern(r" *\S+ {2,}").match(line)
        hang = " " * column.end() if column else indent + "  "
        if width is None or len(line) <= width or not line.strip():
            shown.append(line + "\n")
            continue
        wrapped = textwrap.wrap(
            line.strip(),
            width=width,
            initial_indent=indent,
            subsequent_indent=hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
        shown.append("".join(part + "\n" for part in wrapped))
    return "".join(shown)
