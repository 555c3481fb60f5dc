"""Candidates for shell completion, drawn from the facts: topics, fact ids, entities, styles.

Each function takes the index and what the user has typed so far, and returns
(value, help) pairs. Matching ignores case and typography; a value is returned with the
user's own typed prefix, so that the shell (which compares prefixes exactly) keeps it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..core.folding import fold

if TYPE_CHECKING:
    from .search import SearchIndex

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


def topic_candidates(index: SearchIndex) -> list[Candidate]:
    """Topic ids first, then titles and aliases."""
    topics = index.topics()
    ids = [(topic["id"], topic["title"]) for topic in topics]
    names = [
        (name, f"topic {topic['id']}")
        for topic in topics
        for name in (topic["title"], *topic["aliases"])
    ]
    return ids + names


def fact_candidates(index: SearchIndex) -> list[Candidate]:
    from ..index.schema import checked

    candidates = []
    for fact_id, packed, crc in index.db.execute("SELECT id, record, crc FROM fact ORDER BY row"):
        record = json.loads(checked(packed, crc))
        candidates.append((fact_id, _short(record["value"] or record["statement"])))
    return candidates


def entity_candidates(index: SearchIndex) -> list[Candidate]:
    """Names and aliases of people, organisations, places ..., then their ids."""
    entities = index.entities()
    names = [
        (name, f"{entity['kind']}: {_short(entity['description'])}")
        for entity in entities
        for name in (entity["name"], *entity["aliases"])
    ]
    ids = [(entity["id"], entity["name"]) for entity in entities]
    return names + ids


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def compare_candidates(index: SearchIndex) -> list[Candidate]:
    """What `belarus compare` takes: topics, then the measures that figures are given for."""
    measures: dict[str, str] = {}
    for measure, unit in index.db.execute("SELECT measure, unit FROM fact_measure ORDER BY row"):
        measures.setdefault(measure, f"measure, in {unit}")
    return topic_candidates(index) + list(measures.items())
