"""Candidates for shell completion, drawn from the facts: topics, fact ids, entities, styles.

Each function takes the loaded facts and what the user has typed so far, and returns
(value, help) pairs. Matching ignores case and typography; a value is returned with the
user's own typed prefix, so that the shell (which compares prefixes exactly) keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..core.folding import fold
from ..core.model import FactBase

Candidate = tuple[str, str]


def matching(
    candidates: Iterable[Candidate], incomplete: str, spaces: bool = True
) -> list[Candidate]:
    """The candidates that start with `incomplete` (folded), each value once, in given order.

    With spaces=False, values of several words are left out: bash would split them.
    """
    typed = fold(incomplete)
    found: dict[str, Candidate] = {}
    for value, help_text in candidates:
        if not spaces and " " in value:
            continue
        if not fold(value).startswith(typed):
            continue
        # Keep what was typed ("Lukashenko" typed as "luk" completes as "lukashenko").
        shown = (
            incomplete + value[len(incomplete) :]
            if value[: len(incomplete)].lower() == incomplete.lower()
            else value
        )
        found.setdefault(fold(shown), (shown, help_text))
    return list(found.values())


def topic_candidates(base: FactBase) -> list[Candidate]:
    """Topic ids first, then titles and aliases."""
    ids = [(topic.id, topic.title) for topic in base.topics.values()]
    names = [
        (name, f"topic {topic.id}")
        for topic in base.topics.values()
        for name in (topic.title, *topic.aliases)
    ]
    return ids + names


def fact_candidates(base: FactBase) -> list[Candidate]:
    return [(fact.id, _short(fact.value or fact.statement)) for fact in base.facts.values()]


def entity_candidates(base: FactBase) -> list[Candidate]:
    """Names and aliases of people, organisations, places ..., then their ids."""
    names = [
        (name, f"{entity.kind}: {_short(entity.description)}")
        for entity in base.entities.values()
        for name in entity.names
    ]
    ids = [(entity.id, entity.name) for entity in base.entities.values()]
    return names + ids


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def compare_candidates(base: FactBase) -> list[Candidate]:
    """What `belarus compare` takes: topics, then the measures that figures are given for."""
    measures: dict[str, str] = {}
    for fact in base.facts.values():
        if fact.quantity is not None and fact.quantity.measure:
            measures.setdefault(fact.quantity.measure, f"measure, in {fact.quantity.unit}")
    return topic_candidates(base) + list(measures.items())
