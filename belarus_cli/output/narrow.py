"""Layouts for a narrow terminal, and the link style that makes deep links clickable.

Below STACK_BELOW columns a table's columns get too narrow for a statement, and a fact id (the
thing a user copies next) would be cut or split; there, each record is a block of its own
lines instead, every line wrapped at word boundaries, every id whole on its own line.
Which layout is drawn is decided when it is drawn, from the width Rich gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text

    from ..core.records import Record

# Below this many columns, listings are stacked rather than tabled.
STACK_BELOW = 100


class ByWidth:
    """The wide renderable on a wide terminal, the narrow one (built when needed) else.

    With `unless_squeezed`, the wide one is drawn whenever it fits whole, at any width, and
    never squeezed (a short listing of topics fits 60 columns; a source's seven fields do
    not fit 120).
    """

    def __init__(self, wide: Any, narrow: Callable[[], Any], unless_squeezed: bool = False):
        self.wide = wide
        self.narrow = narrow
        self.unless_squeezed = unless_squeezed

    def __rich_console__(self, console: Any, options: Any) -> Any:
        if self.unless_squeezed:
            from rich.measure import Measurement

            needed = Measurement.get(console, options.update(width=10_000), self.wide).maximum
            yield self.wide if needed <= options.max_width else self.narrow()
            return
        yield self.wide if options.max_width >= STACK_BELOW else self.narrow()


def link_target(url: str) -> str:
    """A URL safe inside an OSC 8 sequence: controls, spaces and the like %-encoded."""
    from urllib.parse import quote

    # '%' stays, so that a URL already encoded (the deep links are) is not encoded twice.
    return quote(url, safe="!#$%&'()*+,-./:;=?@_~")


def linked(shown: Text, url: str | None) -> Text:
    """`shown` as an OSC 8 hyperlink to `url` (Rich writes it only for a terminal)."""
    if url:
        from rich.style import Style

        shown.stylize(Style(link=link_target(url)))
    return shown


def fact_block(record: Record, text: Callable[..., Text], who: str, where: str) -> Text:
    """One fact as lines: value, statement, quote, who and when, where (linked), id."""
    citation = record["citation"]
    block = text("")
    if record["value"]:
        block.append_text(text(record["value"], style="bold cyan"))
        block.append("\n")
    block.append_text(text(record["statement"]))
    block.append("\n")
    block.append_text(text(f"“{record['quote']}”", style="italic dim"))
    stated = who + (f", as of {record['date_label']}" if record.get("date_label") else "")
    block.append_text(text(f"\n{stated}", style="dim"))
    block.append("\n")
    block.append_text(linked(text(where, style="dim"), citation.get("link") or citation["url"]))
    block.append("\n")
    block.append_text(text(record["id"], style="dim"))
    return block


def record_block(record: Record, columns: Sequence[Any], text: Callable[..., Text]) -> Any:
    """A topic, entity or source as labelled lines, its first column (the id) first."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    first, *rest = columns
    grid.add_row(text(first.title.capitalize()), text(first.get(record), style="bold cyan"))
    for column in rest:
        value = column.get(record)
        if value not in (None, "", []):
            grid.add_row(text(column.title.capitalize()), text(value))
    return grid


def stacked(blocks: Sequence[Any]) -> Any:
    """Blocks one after the other, a blank line between them."""
    from rich.console import Group
    from rich.text import Text

    parts: list[Any] = []
    for number, block in enumerate(blocks):
        if number:
            parts.append(Text(""))
        parts.append(block)
    return Group(*parts)
