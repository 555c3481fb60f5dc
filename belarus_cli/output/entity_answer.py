"""The answer to "what is X" / "who is X" when X is an entity: who or what it is, from the
facts' entity file, before the facts that mention it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..core.records import Record


def entity_card(entity: Record, box: bool) -> Any:
    """A short panel: name, kind, the role the article gives, other names, where to go next."""
    from rich import box as boxes
    from rich.panel import Panel
    from rich.table import Table

    from .rich_text import text

    card = Table.grid(padding=(0, 1))
    card.add_column(style="bold", no_wrap=True)
    card.add_column(ratio=1)
    card.add_row("Name", text(entity["name"], style="bold cyan"))
    card.add_row("Is", text(f"{entity['kind']}: {entity['description']}"))
    if entity.get("aliases"):
        card.add_row("Also", text("; ".join(entity["aliases"])))
    card.add_row("More", text(f"belarus who {entity['id']}", style="dim"))
    return Panel(
        card,
        title=text(entity["name"]),
        title_align="left",
        box=boxes.ROUNDED if box else boxes.ASCII,
        expand=box,
    )
