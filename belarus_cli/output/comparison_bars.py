"""Figures compared as bars on one axis per measure, with who states each and as of when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .columns import who_states
from .rich_text import text

if TYPE_CHECKING:
    from ..core.records import Record


# Bars: a stated figure is solid; a stated range is shaded from its low to its high end; a
# floor ("more than", "at least", "several") fades out to the right with an arrow, because
# the article gives no upper end; a ceiling ("less than", "up to") is light up to its value.
BAR_GLYPHS = {
    True: {"solid": "█", "range": "▒", "fade": "▓▒░", "arrow": "→", "ceiling": "░", "cap": "▏"},
    False: {"solid": "#", "range": "=", "fade": "~~", "arrow": ">", "ceiling": "-", "cap": "|"},
}
_OPEN_ABOVE = ("more than", "at least", "several")
_OPEN_BELOW = ("less than", "up to")


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`."""
    import math

    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)


def bar(quantity: Record, scale: float, width: int, fancy: bool) -> Any:
    """One figure drawn on a 0..scale axis of `width` cells (plus room for a fade)."""
    glyphs = BAR_GLYPHS[fancy]
    low, high = float(quantity["low"]), quantity.get("high")
    qualifier = quantity.get("qualifier") or "exactly"

    def cells(value: float) -> int:
        return max(1, round(min(value, scale) / scale * width)) if value > 0 else 0

    shown = text("")
    if qualifier in _OPEN_BELOW:
        shown.append(glyphs["ceiling"] * cells(low), style="cyan")
        shown.append(glyphs["cap"], style="bold cyan")
        return shown
    solid = cells(low)
    shown.append(glyphs["solid"] * solid, style="cyan")
    if high is not None and float(high) > low:
        shown.append(glyphs["range"] * max(1, cells(float(high)) - solid), style="cyan")
    if qualifier in _OPEN_ABOVE:
        shown.append(glyphs["fade"], style="dim cyan")
        shown.append(glyphs["arrow"], style="dim")
    return shown


def comparison(groups: Sequence[Record], box: bool, width: int) -> Any:
    """Per measure, its figures as bars, each with who states it, as of when, and its fact id.

    Shares in percent (the poll-* measures) share one chart on a 0-100 axis.
    """
    from rich.console import Group

    bar_width = max(10, min(40, width - 40))
    shares = [g for g in groups if g["unit"] == "percent"]
    charts: list[tuple[str, str, list[tuple[str | None, Record]]]] = [
        (f"{g['label']} ({g['unit']})", g["unit"], [(None, f) for f in g["figures"]])
        for g in groups
        if g["unit"] != "percent"
    ]
    if len(shares) == 1:
        only = shares[0]
        rows_of_one: list[tuple[str | None, Record]] = [(None, f) for f in only["figures"]]
        charts.append((f"{only['label']} (percent)", "percent", rows_of_one))
    elif shares:
        rows = [(g["label"], f) for g in shares for f in g["figures"]]
        charts.append(("Shares (percent)", "percent", rows))
    parts: list[Any] = []
    for title, unit, rows in charts:
        parts.append(_chart(title, unit, rows, box, bar_width))
        parts.append(legend([figure["quantity"] for _, figure in rows], box))
    return Group(*parts)


def _chart(
    title: str, unit: str, rows: Sequence[tuple[str | None, Record]], box: bool, bar_width: int
) -> Any:
    from rich import box as boxes
    from rich.table import Table

    quantities = [figure["quantity"] for _, figure in rows]
    largest = max(max(float(q["low"]), float(q["high"] or 0)) for q in quantities)
    scale = 100.0 if unit == "percent" else nice_ceiling(largest)
    top = f"{scale:,.0f}"
    grid = Table(
        box=boxes.SIMPLE_HEAD if box else None,
        pad_edge=box,
        title=text(title, style="bold"),
        title_justify="left",
        title_style="bold",
    )
    grid.add_column("Figure", style="bold cyan", max_width=22 if box else None)
    grid.add_column(text(f"0 to {top} {unit}; who says so, as of when"), ratio=1 if box else None)
    for label, figure in rows:
        body = bar(figure["quantity"], scale, bar_width, box)
        if label:
            body.append_text(text(f"\n{label}", style="bold"))
        body.append_text(
            text(f"\n{who_states(figure)}, as of {figure['as_of'] or 'an unstated date'}")
        )
        body.append_text(text(f"\n{figure['id']}", style="dim"))
        grid.add_row(text(figure["value"] or _number(figure["quantity"])), body)
    grid.add_row("", text(f"0{' ' * max(1, bar_width - len(top))}{top}", style="dim"))
    return grid


def legend(quantities: Sequence[Record], fancy: bool) -> Any:
    glyphs = BAR_GLYPHS[fancy]
    qualifiers = {q.get("qualifier") for q in quantities}
    items = [f"{glyphs['solid'] * 2} the figure"]
    if any(q.get("high") for q in quantities):
        items.append(f"{glyphs['range'] * 2} the range it gives")
    if qualifiers & set(_OPEN_ABOVE):
        items.append(f"{glyphs['fade']}{glyphs['arrow']} at least this; no upper end given")
    if qualifiers & set(_OPEN_BELOW):
        items.append(f"{glyphs['ceiling'] * 2}{glyphs['cap']} at most this")
    return text("   ".join(items) + "\n", style="dim")


def _number(quantity: Record) -> str:
    low, high = quantity["low"], quantity.get("high")
    return f"{low:,g}\u2013{high:,g}" if high is not None else f"{low:,g}"
