"""Listings and a single fact as Rich tables; on a narrow terminal, one block per record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .columns import COLUMNS, where_in_source, who_states
from .rich_text import link_of, linked, text

if TYPE_CHECKING:
    from ..core.records import Record


class _SharedWidth:
    """A boxed table whose columns share the terminal's width by ratio, none narrower than
    its `width`. The width is known only when the table is drawn, and Rich's own ratios can
    shrink a column below the longest word it holds ("Octobe r")."""

    def __init__(self, grid: Any, shares: Sequence[int], narrow: Callable[[], Any]) -> None:
        self.grid = grid
        self.shares = shares
        self.narrow = narrow  # drawn instead when a column would get less than its least
        # Kept apart because drawing sets the columns' widths.
        self.least = [column.width for column in grid.columns]

    def __rich_console__(self, console: Any, options: Any) -> Any:
        columns = self.grid.columns
        least = self.least
        # Borders between and around the columns, and one space of padding on each side.
        room = options.max_width - (len(columns) + 1) - 2 * len(columns)
        widths = [
            max(low, share * room // sum(self.shares))
            for low, share in zip(least, self.shares, strict=True)
        ]
        widest = self.shares.index(max(self.shares))
        widths[widest] += room - sum(widths)  # the widest column takes up the rounding
        if widths[widest] < least[widest]:
            yield self.narrow()
            return
        for column, width in zip(columns, widths, strict=True):
            column.width = width
        yield self.grid


def table(records: Sequence[Record], kind: str, box: bool) -> Any:
    """A listing; on a terminal narrower than narrow.STACK_BELOW, one block per record."""
    from .narrow import ByWidth

    wide = _table(records, kind, box)
    if not box:
        return wide
    if isinstance(wide, _SharedWidth):
        wide.narrow = lambda: stacked_listing(records, kind)
    # Facts have a layout for wide terminals; other records are tabled while they fit whole.
    facts = kind in ("fact", "ranked")
    return ByWidth(wide, lambda: stacked_listing(records, kind), unless_squeezed=not facts)


def stacked_listing(records: Sequence[Record], kind: str) -> Any:
    from .narrow import fact_block, record_block, stacked

    if kind in ("fact", "ranked"):
        return stacked([fact_block(r, text, who_states(r), where_in_source(r)) for r in records])
    return stacked([record_block(r, COLUMNS[kind], text) for r in records])


def _table(records: Sequence[Record], kind: str, box: bool) -> Any:
    from rich import box as boxes
    from rich.table import Table

    style = boxes.ROUNDED if box else None
    if kind in ("fact", "ranked"):
        # On a terminal the statement takes the room the short columns leave; in a pipe
        # nothing wraps, so no column has a limit.
        grid = Table(box=style, show_lines=box, expand=box, pad_edge=box)
        # Each column gets at least the width of what it usually holds unbroken
        # ("Belarusian", "4 November 2022", "Introduction,"), so that words break only on
        # very narrow terminals.
        # The statement's column holds the fact ids, which are never split.
        longest_id = max((len(r["id"]) for r in records), default=0)
        layout = (
            ("Value", 2, 10),
            ("Statement, quote and fact id", 8, max(20, longest_id)),
            ("Stated by, as of", 3, 16),
            ("Where", 2, 13),
        )
        shares = [share for _, share, _ in layout]
        for title, _, narrowest in layout:
            grid.add_column(title, width=narrowest if box else None, overflow="fold")
        grid.columns[0].style = "bold cyan"
        for record in records:
            body = text(record["statement"])
            body.append("\n")
            body.append_text(text(f"“{record['quote']}”", style="italic dim"))
            body.append("\n")
            body.append_text(text(record["id"], style="dim"))
            who = text(who_states(record))
            if record["date_label"]:
                who.append_text(text(f"\n{record['date_label']}", style="dim"))
            where = linked(text(where_in_source(record)), link_of(record))
            grid.add_row(text(record["value"] or "—"), body, who, where)
        return _SharedWidth(grid, shares, lambda: None) if box else grid
    columns = COLUMNS[kind]
    grid = Table(box=style, expand=False, pad_edge=box)
    for number, column in enumerate(columns):
        # The first column is the id a user copies next: never cut or split.
        grid.add_column(column.title.capitalize(), no_wrap=number == 0)
    for record in records:
        grid.add_row(*(text(column.get(record)) for column in columns))
    return grid


def fact_card(record: Record, box: bool) -> Any:
    from rich import box as boxes
    from rich.table import Table

    grid = Table(box=boxes.ROUNDED if box else None, show_header=False, title=None)
    grid.add_column("field", style="bold")
    grid.add_column("value", ratio=1)
    citation = record["citation"]
    rows = [
        ("Fact", text(record["id"])),
        ("Value", text(record["value"] or "—", style="bold cyan")),
        ("Statement", text(record["statement"])),
        ("Stated by", text(who_states(record))),
        ("Date", text(record["date_label"] or "—")),
        ("Quote", text(f"“{record['quote']}”", style="italic")),
        ("Where", text(where_in_source(record))),
        (
            "Source",
            text(
                f"{citation['author']}, “{citation['title']}”, "
                f"{citation['publisher']}, {citation['published']}"
            ),
        ),
        # Never cut: a long deep link folds over lines, and clicks through as a whole.
        ("Link", linked(text(link_of(record), overflow="fold"), link_of(record))),
    ]
    for label, value in rows:
        grid.add_row(label, value)
    return grid
