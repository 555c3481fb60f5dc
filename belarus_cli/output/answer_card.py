"""The answer to a question on a terminal: the best fact as a card, or disputed figures side
by side, then the next matches; or plainly that no fact answers, and the related facts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .columns import where_in_source, who_states
from .escape import visible
from .rich_text import highlighted, link_of, linked, text

if TYPE_CHECKING:
    from ..core.records import Record


# A terminal shows the answer card and this many next matches, so that the card stays on the
# screen; `--limit` sets how many records the machine formats give.
NEXT_ON_TERMINAL = 3


def next_matches(
    records: Sequence[Record], title: str = "Next matches (belarus fact ID shows one in full)"
) -> Any:
    """One line per match: its whole fact id (to copy into `belarus fact`), then its value
    and statement, shortened to the line."""
    from rich.table import Table

    lines = Table.grid(padding=(0, 2), expand=True)  # expanded, a cut statement ends in …
    lines.add_column(no_wrap=True, min_width=max(len(r["id"]) for r in records))
    lines.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for record in records:
        what = text(f"{record['value']}: ", style="cyan") if record["value"] else text("")
        what.append_text(text(record["statement"]))
        what.overflow = "ellipsis"
        what.no_wrap = True
        lines.add_row(linked(text(record["id"], style="bold"), link_of(record)), what)
    heading = text(title, style="bold")
    from rich.console import Group

    return Group(text(""), heading, lines)


def no_answer_line(unmentioned: Sequence[str]) -> str:
    """What the terminal says when no fact answers: plainly, and what the facts lack."""
    line = "no fact of the article answers this question"
    if unmentioned:
        quoted = ", ".join(unmentioned[:-1]) + (" or " if len(unmentioned) > 1 else "")
        line += f"; the article does not mention {quoted}{unmentioned[-1]}"
    return line


def answer_view(
    records: Sequence[Record],
    terms: Sequence[str],
    box: bool,
    unmentioned: Sequence[str] = (),
    disputed: str | None = None,
) -> Any:
    """The best answer as a card (or the disputed figures side by side), then a table of the
    next matches; when no fact answers, a plain line saying so and the related facts."""
    from rich import box as boxes
    from rich.console import Group
    from rich.panel import Panel

    if not records[0]["answers"]:
        line = no_answer_line(unmentioned)
        return Group(
            text(line[:1].upper() + line[1:] + ".", style="bold"),
            _matches(records, terms, box, "Related facts"),
        )
    shown: list[Record]
    if disputed is not None:
        shown = [r for r in records if (r.get("quantity") or {}).get("measure") == disputed]
        first = _disputed(shown, disputed, terms, box)
    else:
        shown = [records[0]]
        first = Panel(
            _card(records[0], terms),
            title="Best answer",
            title_align="left",
            # expand=box: a pipe's console is 100,000 columns wide, and a panel fills it.
            box=boxes.ROUNDED if box else boxes.ASCII,
            expand=box,
        )
    parts: list[Any] = [first]
    rest = [r for r in records if r not in shown]
    if rest:
        parts.append(_matches(rest, terms, box, "Next matches"))
    return Group(*parts)


def _card(best: Record, terms: Sequence[str]) -> Any:
    from rich.table import Table

    citation = best["citation"]
    card = Table.grid(padding=(0, 1))
    card.add_column(style="bold", no_wrap=True)
    card.add_column(ratio=1)
    if best["value"]:
        card.add_row("Answer", highlighted(best["value"], terms, style="bold cyan"))
    card.add_row("Statement", highlighted(best["statement"], terms))
    card.add_row("Stated by", text(who_states(best)))
    if best["date_label"]:
        card.add_row("As of", text(best["date_label"]))
    card.add_row("Quote", highlighted(f"“{best['quote']}”", terms, style="italic"))
    where = text(f"{where_in_source(best)} — {citation['url']}")
    card.add_row("Where", linked(where, link_of(best)))
    card.add_row("Fact", text(best["id"], style="dim"))
    return card


def _disputed(figures: Sequence[Record], measure: str, terms: Sequence[str], box: bool) -> Any:
    """Several figures for one measure: each with who states it and as of when."""
    from rich import box as boxes
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from ..query.compare import measure_label

    grid = Table.grid(padding=(0, 2), expand=box)
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for number, record in enumerate(figures):
        body = text("")
        who = f"{who_states(record)}, as of {record['date_label'] or 'no date given'}\n"
        body.append_text(text(who, style="bold"))
        body.append_text(highlighted(record["statement"], terms))
        body.append_text(text(f"\n“{record['quote']}”", style="italic"))
        body.append_text(linked(text(f"\n{where_in_source(record)}", style="dim"), link_of(record)))
        body.append_text(text(f"\n{record['id']}", style="dim"))
        if number:
            grid.add_row("", "")
        grid.add_row(text(record["value"] or "—"), body)
    unit = (figures[0].get("quantity") or {}).get("unit") or ""
    title = f"Sources disagree: {measure_label(measure)}" + (f" ({unit})" if unit else "")
    footer = text(f"Side by side: belarus compare {measure}", style="dim")
    return Panel(
        Group(grid, footer),
        title=visible(title),
        title_align="left",
        box=boxes.ROUNDED if box else boxes.ASCII,
        expand=box,
    )


def _matches(records: Sequence[Record], terms: Sequence[str], box: bool, title: str) -> Any:
    from rich import box as boxes
    from rich.table import Table

    if box:
        return next_matches(
            records[:NEXT_ON_TERMINAL], f"{title} (belarus fact ID shows one in full)"
        )
    rest = Table(box=boxes.SIMPLE if box else None, title=title, title_justify="left")
    rest.add_column("Value", style="cyan", max_width=16 if box else None)
    # The statement takes the room, so that a fact id stays whole on its line: a writer
    # copies it into `belarus cite`. Ids fold rather than end in "…" on narrow terminals.
    rest.add_column("Statement, fact id, where", ratio=1, overflow="fold")
    rest.add_column("Score", justify="right")
    for record in records:
        body = highlighted(record["statement"], terms)
        body.append_text(text(f"\n{record['id']}", style="dim"))
        body.append_text(text(f"\n{where_in_source(record)}", style="dim"))
        rest.add_row(text(record["value"] or "—"), body, text(f"{record['score']:.1f}"))
    return rest
