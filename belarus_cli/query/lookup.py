"""Look-ups by name: topics, facts and entities. Each returns model values or raises NotFound."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ..core.errors import NotFound
from ..core.folding import fold
from ..core.model import Entity, Fact, FactBase, Topic


def find_topic(base: FactBase, name: str) -> Topic:
    """The topic whose id, title or alias is `name`, ignoring case and typography."""
    wanted = fold(name)
    for topic in base.topics.values():
        if wanted in (fold(n) for n in topic.names):
            return topic
    suggestions = close_matches(name, (n for t in base.topics.values() for n in t.names))
    hint = "" if suggestions else " — `belarus topics` lists them"
    raise NotFound(f"no topic called {name!r}{hint}", suggestions)


def find_fact(base: FactBase, fact_id: str) -> Fact:
    fact = base.facts.get(fact_id.strip())
    if fact is None:
        raise NotFound(f"no fact with id {fact_id!r}", close_matches(fact_id, base.facts))
    return fact


def find_entities(base: FactBase, name: str) -> list[Entity]:
    """Entities whose id, name or alias is `name` (folded); else those whose names contain it."""
    wanted = fold(name)
    exact = [e for e in base.entities.values() if wanted in {fold(n) for n in (e.id, *e.names)}]
    if exact:
        return exact
    partial = [e for e in base.entities.values() if any(wanted in fold(n) for n in e.names)]
    if partial:
        return partial
    names = (n for e in base.entities.values() for n in e.names)
    raise NotFound(f"no person, organisation or place called {name!r}", close_matches(name, names))


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(fold(choice), choice)
    # 0.75: "bypol" and "polls" (0.6) are not alike enough to offer one for the other.
    close = difflib.get_close_matches(fold(word), list(by_folded), n=n, cutoff=0.75)
    return [by_folded[c] for c in close]
