"""The writer's tools on a terminal: a timeline of dated facts, and who an entity is with
what it states and what is said about it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .columns import joined, who_states
from .rich_text import text
from .tables import table

if TYPE_CHECKING:
    from ..core.records import Record


def timeline_table(records: Sequence[Record], box: bool) -> Any:
    """Dated facts in order; the source's publication stands out as its own row."""
    from rich import box as boxes
    from rich.table import Table

    from .narrow import ByWidth, stacked

    # On a terminal the columns share its width; in a pipe every row stays on one line.
    grid = Table(box=boxes.SIMPLE_HEAD if box else None, pad_edge=box)
    grid.add_column("When", no_wrap=True)
    grid.add_column("What", ratio=1 if box else None, overflow="fold")
    grid.add_column("Stated by", max_width=22 if box else None)
    for record in records:
        when, what = _timeline_when_what(record)
        grid.add_row(when, what, text(who_states(record)))
    if not box:
        return grid

    def blocks() -> Any:
        shown = []
        for record in records:
            when, what = _timeline_when_what(record)
            when.append("\n")
            when.append_text(what)
            if record["kind"] != "published":
                when.append_text(text(f"\n{who_states(record)}", style="dim"))
            shown.append(when)
        return stacked(shown)

    return ByWidth(grid, blocks)


def _timeline_when_what(record: Record) -> tuple[Any, Any]:
    if record["kind"] == "published":
        what = text("published: ", style="bold magenta")
        what.append_text(text(record["statement"], style="magenta"))
        return text(record["when"], style="bold magenta"), what
    what = text(f"{record['value']}: ", style="bold cyan") if record["value"] else text("")
    what.append_text(text(record["statement"]))
    what.append_text(text(f"\n{record['id']}", style="dim"))
    return text(record["when"], style="bold"), what


def who_view(records: Sequence[Record], box: bool) -> Any:
    """Each entity in sections: who it is, what it states, what is said about it. A fact
    both stated by and about it is shown once, among what it states."""
    from rich import box as boxes
    from rich.console import Group
    from rich.table import Table

    parts: list[Any] = []
    for record in records:
        card = Table(box=boxes.ROUNDED if box else None, show_header=False)
        card.add_column("field", style="bold")
        card.add_column("value", ratio=1)
        card.add_row("Name", text(record["name"], style="bold cyan"))
        card.add_row("Kind", text(record["kind"]))
        card.add_row("Role", text(record["description"]))
        if record["aliases"]:
            card.add_row("Also", text(joined(record["aliases"])))
        card.add_row("Id", text(record["id"], style="dim"))
        parts.append(card)
        stated = record.get("stated_facts") or []
        seen = {fact["id"] for fact in stated}
        about = [fact for fact in record.get("about_facts") or [] if fact["id"] not in seen]
        name = record["name"]
        for facts, title in (
            (stated, f"What {name} states"),
            (about, f"What is said about {name}"),
        ):
            if facts:
                parts.append(text(f"\n{title} ({len(facts)})", style="bold"))
                parts.append(table(facts, "fact", box))
    return Group(*parts)
