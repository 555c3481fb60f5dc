"""Figures for the same measure side by side: who gives which number, and as of when."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..core.errors import NotFound
from ..core.folding import fold
from ..core.records import Record

if TYPE_CHECKING:
    from .search import SearchIndex

# Qualifiers whose figure is a floor: the truth lies somewhere above it, by an unknown amount.
OPEN_ABOVE = ("more than", "at least", "several")
# Qualifiers whose figure is a ceiling.
OPEN_BELOW = ("less than", "up to")


class MeasureGroup(NamedTuple):
    """A measure in one unit, and how many figures the facts give for it."""

    measure: str
    unit: str
    figures: int

    @property
    def label(self) -> str:
        return measure_label(self.measure)


def measure_label(measure: str) -> str:
    """'russian-troops-in-belarus' -> 'Russian troops in Belarus'."""
    proper = {"russian", "belarus", "belarusian", "belarusians", "ukraine", "ukrainian"}
    words = [w.capitalize() if w in proper else w for w in measure.split("-")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def measure_groups(index: SearchIndex) -> list[MeasureGroup]:
    """All measures with their figures, in the order the facts first give them."""
    rows = index.db.execute("SELECT measure, unit, figures FROM measure_group ORDER BY first_row")
    return [MeasureGroup(*row) for row in rows]


def compare(index: SearchIndex, query: str | None, limit: int | None = None) -> list[Record]:
    """The records of the measures `query` names (see select_groups; the first `limit` of
    them), figures smallest first."""
    groups = select_groups(index, query)
    if not groups:
        raise NotFound("no measure has two figures or more — name one: belarus compare polls")
    return [group_record(index, group) for group in groups[:limit]]


def select_groups(index: SearchIndex, query: str | None) -> list[MeasureGroup]:
    """The measures `query` names, or with no query those that have two figures or more.

    A query may be a measure id ("russian-troops-in-belarus"), words of one ("poll" finds
    every poll-* measure), a topic ("troops", "polls": its facts' measures), or a question
    (the measures of the facts a search finds). Raises NotFound when nothing has a figure.
    """
    groups = measure_groups(index)
    if query is None or not query.strip():
        return [group for group in groups if group.figures >= 2]
    wanted = fold(query)
    exact = [g for g in groups if wanted in _folded_names(g)]
    if exact:
        return exact
    words = [w.removesuffix("s") for w in wanted.replace("-", " ").split() if len(w) >= 3]
    named = [
        g
        for g in groups
        if words and all(any(t.startswith(w) for t in g.measure.split("-")) for w in words)
    ]
    if named:
        return named
    measured = _measures_of(index, _rows_for(index, query))
    chosen = [g for g in groups if (g.measure, g.unit) in measured]
    if chosen:
        return chosen
    from ..core.suggest import close_matches

    suggestions = close_matches(query, [g.measure for g in groups])
    raise NotFound(f"no figures to compare for {query!r}", suggestions or _some(groups))


def _rows_for(index: SearchIndex, query: str) -> list[int]:
    """The rows of the facts of the topic `query` names, or else of the best search hits."""
    try:
        topic = index.topic_id(query)
    except NotFound:
        ids = [hit.fact_id for hit in index.search(query, limit=5).hits]
        marks = ", ".join("?" * len(ids))
        found = index.db.execute(f"SELECT row FROM fact WHERE id IN ({marks})", ids)
    else:
        found = index.db.execute("SELECT row FROM fact_topic WHERE topic = ?", (topic,))
    return [row for (row,) in found]


def _measures_of(index: SearchIndex, rows: list[int]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT measure, unit FROM fact_measure WHERE row IN ({marks})"
        found.update(index.db.execute(query, chunk))
    return found


def _folded_names(group: MeasureGroup) -> tuple[str, str]:
    """The measure's id and label, folded. A measure is an id (lower-case letters, digits
    and hyphens), so folding changes only a label with digits (its thousands separators):
    a corpus has thousands of measures, and fold is what costs."""
    if any(char.isdigit() for char in group.measure):
        return fold(group.measure), fold(group.label)
    return group.measure, group.measure.replace("-", " ")


def _some(groups: list[MeasureGroup]) -> list[str]:
    return [g.measure for g in groups if g.figures >= 2][:3] or [g.measure for g in groups][:3]


def group_record(index: SearchIndex, group: MeasureGroup) -> Record:
    """The measure with its figures, smallest first; each figure a fact record with `as_of`,
    the date label of the figure (None when undated)."""
    rows = index.db.execute(
        "SELECT row, low, high FROM fact_measure WHERE measure = ? AND unit = ? ORDER BY row",
        (group.measure, group.unit),
    ).fetchall()
    ordered = [row for row, _, _ in sorted(rows, key=lambda r: (r[1], r[2] or r[1]))]
    records = index.records(ordered)
    return {
        "measure": group.measure,
        "label": group.label,
        "unit": group.unit,
        "figures": [{**records[row], "as_of": records[row]["date_label"]} for row in ordered],
    }
