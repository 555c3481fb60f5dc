"""Figures for the same measure side by side: who gives which number, and as of when."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import NotFound
from ..core.folding import fold
from ..core.model import Fact, FactBase
from ..core.records import Record, fact_record

# Qualifiers whose figure is a floor: the truth lies somewhere above it, by an unknown amount.
OPEN_ABOVE = ("more than", "at least", "several")
# Qualifiers whose figure is a ceiling.
OPEN_BELOW = ("less than", "up to")


@dataclass(frozen=True)
class MeasureGroup:
    """Every figure the facts give for one measure, in one unit, smallest first."""

    measure: str
    unit: str
    facts: tuple[Fact, ...]

    @property
    def label(self) -> str:
        return measure_label(self.measure)


def measure_label(measure: str) -> str:
    """'russian-troops-in-belarus' -> 'Russian troops in Belarus'."""
    proper = {"russian", "belarus", "belarusian", "belarusians", "ukraine", "ukrainian"}
    words = [w.capitalize() if w in proper else w for w in measure.split("-")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def measure_groups(base: FactBase) -> list[MeasureGroup]:
    """All measures with their figures, in the order the facts first give them."""
    found: dict[tuple[str, str], list[Fact]] = {}
    for fact in base.facts.values():
        quantity = fact.quantity
        if quantity is not None and quantity.measure:
            found.setdefault((quantity.measure, quantity.unit), []).append(fact)
    return [
        MeasureGroup(measure, unit, tuple(sorted(facts, key=_size)))
        for (measure, unit), facts in found.items()
    ]


def _size(fact: Fact) -> tuple[float, float]:
    assert fact.quantity is not None
    return (fact.quantity.low, fact.quantity.high or fact.quantity.low)


def select_groups(base: FactBase, query: str | None) -> list[MeasureGroup]:
    """The measures `query` names, or with no query those that have two figures or more.

    A query may be a measure id ("russian-troops-in-belarus"), words of one ("poll" finds
    every poll-* measure), a topic ("troops", "polls": its facts' measures), or a question
    (the measures of the facts a search finds). Raises NotFound when nothing has a figure.
    """
    groups = measure_groups(base)
    if query is None or not query.strip():
        return [group for group in groups if len(group.facts) >= 2]
    wanted = fold(query)
    exact = [g for g in groups if wanted in (fold(g.measure), fold(g.label))]
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
    facts = _facts_for(base, query)
    wanted_ids = {fact.id for fact in facts}
    chosen = [g for g in groups if any(f.id in wanted_ids for f in g.facts)]
    if chosen:
        return chosen
    from .lookup import close_matches

    suggestions = close_matches(query, [g.measure for g in groups])
    raise NotFound(f"no figures to compare for {query!r}", suggestions or _some(groups))


def _facts_for(base: FactBase, query: str) -> list[Fact]:
    from .lookup import find_topic

    try:
        topic = find_topic(base, query)
    except NotFound:
        from .search import SearchIndex

        index = SearchIndex.in_memory(base)
        try:
            hits = index.search(query, limit=5).hits
        finally:
            index.close()
        return [base.facts[hit.fact_id] for hit in hits]
    return base.facts_in_topic(topic.id)


def _some(groups: list[MeasureGroup]) -> list[str]:
    return [g.measure for g in groups if len(g.facts) >= 2][:3] or [g.measure for g in groups][:3]


def figure_record(base: FactBase, fact: Fact) -> Record:
    """A fact record with `as_of`, the date label of the figure (None when undated)."""
    return {**fact_record(base, fact), "as_of": fact.date.label if fact.date else None}


def group_record(base: FactBase, group: MeasureGroup) -> Record:
    return {
        "measure": group.measure,
        "label": group.label,
        "unit": group.unit,
        "figures": [figure_record(base, fact) for fact in group.facts],
    }
