"""Untrusted text as Rich text for a terminal: escaped, linked, its searched words in bold."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .columns import cell
from .escape import visible

if TYPE_CHECKING:
    from ..core.records import Record


def text(value: Any, style: str = "", overflow: str | None = None) -> Any:
    """Untrusted text as a rich Text: never parsed as markup, controls made visible."""
    from rich.text import Text

    return Text(visible(cell(value)), style=style, overflow=overflow)  # type: ignore[arg-type]


def linked(shown: Any, url: str | None) -> Any:
    from .narrow import linked as hyperlinked

    return hyperlinked(shown, url)


def link_of(record: Record) -> str:
    """The deep link to the quote, or the source's URL when there is none."""
    citation = record["citation"]
    return str(citation.get("link") or citation.get("url") or "")


def highlighted(value: Any, terms: Sequence[str], style: str = "") -> Any:
    """Text with every word that starts with a searched term in bold."""
    from ..core.folding import fold

    shown = text(value, style=style)
    plain = shown.plain
    for match in re.finditer(r"\w+", plain):
        word = fold(match.group())
        if any(len(term) >= 3 and word.startswith(term[: max(3, len(term) - 2)]) for term in terms):
            shown.stylize("bold yellow", match.start(), match.end())
    return shown
