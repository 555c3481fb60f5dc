"""Deep links to a quote, as URL text fragments (WICG "URL Fragment Text Directives")."""

from __future__ import annotations

import re
from urllib.parse import quote as percent_encode

# Characters a text directive may carry literally; '-', ',' and '&' are syntax there.
_LITERAL = "!$'()*+./:;=?@_~"
# Quotes longer than this link by their first and last words, which keeps the URL short.
_EXACT_LIMIT = 300
_EDGE_WORDS = 6


def encode_directive_text(text: str) -> str:
    # percent_encode never encodes '-', which the directive syntax reserves.
    return percent_encode(text, safe=_LITERAL).replace("-", "%2D")


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


def fold_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
