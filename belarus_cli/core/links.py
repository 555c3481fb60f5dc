"""Deep links to a quote: URL text fragments (WICG "URL Fragment Text Directives").

`https://russiapost.info/politics/belarus#:~:text=just%20over%203%2C000` opens the article
scrolled to those words. Browsers match the text ignoring case, on word boundaries, within one
block; the directive's syntax characters (`-`, `,`, `&`) and spaces are percent-encoded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Fact, Source

# Characters a text directive may carry literally; '-', ',' and '&' are syntax there.
_LITERAL = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!$'()*+./:;=?@_~"
)
# Quotes longer than this link by their first and last words, which keeps the URL short.
_EXACT_LIMIT = 300
_EDGE_WORDS = 6


class _Encodings(dict[int, str]):
    """Each character's form in a directive, worked out the first time it is met: a corpus
    links every one of its quotes, and str.translate with this table stays in C."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        encoded = char if char in _LITERAL else "".join(f"%{b:02X}" for b in char.encode())
        self[code] = encoded
        return encoded


_ENCODINGS = _Encodings()


def encode_directive_text(text: str) -> str:
    """Percent-encode the UTF-8 bytes of every character a directive can't carry literally."""
    return text.translate(_ENCODINGS)


def fragment_link(url: str, quote: str, prefix: str = "", suffix: str = "") -> str:
    """`url#:~:text=[prefix-,]start[,end][,-suffix]` pointing at `quote`."""
    text = " ".join(quote.split())
    words = text.split(" ")
    if len(text) <= _EXACT_LIMIT or len(words) <= 2 * _EDGE_WORDS:
        parts = [encode_directive_text(text)]
    else:
        parts = [
            encode_directive_text(" ".join(words[:_EDGE_WORDS])),
            encode_directive_text(" ".join(words[-_EDGE_WORDS:])),
        ]
    if prefix:
        parts.insert(0, encode_directive_text(prefix) + "-")
    if suffix:
        parts.append("-" + encode_directive_text(suffix))
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={','.join(parts)}"


def decode_directive(link: str) -> dict[str, str]:
    """Split a text-fragment link back into prefix, start, end and suffix (for checking)."""
    from urllib.parse import unquote

    directive = link.split("#:~:text=", 1)[1]
    pieces = directive.split(",")
    found = {"prefix": "", "start": "", "end": "", "suffix": ""}
    if pieces and pieces[0].endswith("-"):
        found["prefix"] = unquote(pieces.pop(0)[:-1])
    if pieces and pieces[-1].startswith("-"):
        found["suffix"] = unquote(pieces.pop()[1:])
    found["start"] = unquote(pieces[0])
    if len(pieces) > 1:
        found["end"] = unquote(pieces[1])
    return found


def fact_link(fact: Fact, source: Source) -> str:
    """The deep link to a fact's quote, with the context the fact file gives for it."""
    return fragment_link(source.url, fact.quote, fact.link_prefix, fact.link_suffix)


def link_matches(link: str, article: str) -> int:
    """How many places of `article` the link's text directive selects (ignoring case and runs
    of white space); a good deep link selects exactly one."""
    parts = decode_directive(link)

    def pattern(text: str) -> str:
        return r"\s+".join(re.escape(word) for word in text.split())

    regex = pattern(parts["start"])
    if parts["end"]:
        regex += r".*?" + pattern(parts["end"])
    if parts["prefix"]:
        regex = pattern(parts["prefix"]) + r"\s*" + regex
    if parts["suffix"]:
        regex += r"\s*" + pattern(parts["suffix"])
    return len(re.findall(regex, article, flags=re.IGNORECASE | re.DOTALL))
