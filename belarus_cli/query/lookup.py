"""Look-ups by name in the index: entities and the facts that name them, facts to cite, and
the whole fact base for export. Each returns records (or model values) or raises NotFound."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

from ..core.errors import NotFound
from ..core.folding import fold
from ..core.records import Record
from ..core.suggest import close_matches
from ..index.schema import checked, entity_key, words

if TYPE_CHECKING:
    from ..core.contract import FactRecord
    from ..core.model import Fact, FactBase, Source
    from .search import SearchIndex


def find_entities(index: SearchIndex, name: str) -> list[Record]:
    """Entities whose id, name or alias is `name` (folded); else those whose names contain it."""
    wanted = fold(name)
    ids = [
        i
        for (i,) in index.db.execute(
            "SELECT DISTINCT id FROM alias WHERE kind = 'entity' AND name = ?",
            (" ".join(words(name)),),
        )
    ]
    # The index's names are cut into words: the folded name decides, as it always has.
    exact = [e for e in _entities(index, ids) if wanted in {fold(n) for n in _names(e, True)}]
    if exact:
        return exact
    every = index.entities()
    partial = [e for e in every if any(wanted in fold(n) for n in _names(e, False))]
    if partial:
        return partial
    names = (n for e in every for n in _names(e, False))
    raise NotFound(f"no person, organisation or place called {name!r}", close_matches(name, names))


def _names(entity: Record, with_id: bool) -> list[str]:
    return [*([entity["id"]] if with_id else []), entity["name"], *entity["aliases"]]


def _entities(index: SearchIndex, ids: list[str]) -> list[Record]:
    marks = ", ".join("?" * len(ids))
    query = f"SELECT record, crc FROM entity WHERE id IN ({marks}) ORDER BY position"
    return [json.loads(checked(text, crc)) for text, crc in index.db.execute(query, ids)]


def entities_with_facts(index: SearchIndex, entities: Iterable[Record]) -> list[Record]:
    """Entity records with the ids and the full records of the facts each states and the
    facts about it, in the facts' order."""
    records = []
    for entity in entities:
        rows = index.db.execute(
            "SELECT f.record, f.crc, f.link_prefix, f.link_suffix FROM fact_entity AS e "
            "JOIN fact AS f ON f.row = e.row WHERE e.entity = ? ORDER BY f.row",
            (entity_key(entity["id"]),),
        )
        facts = [index.cited(checked(text, crc), *link) for text, crc, *link in rows]
        stated = [f for f in facts if entity["id"] in f["stated_by_ids"]]
        about = [f for f in facts if entity["id"] in f["about_ids"]]
        records.append(
            {
                **entity,
                "states": [f["id"] for f in stated],
                "about": [f["id"] for f in about],
                "stated_facts": stated,
                "about_facts": about,
            }
        )
    return records


def every_entity(index: SearchIndex) -> list[Record]:
    """Every entity, people first (in the order of ENTITY_KINDS), with the ids of the facts
    each states and is about: one pass over the facts that name any."""
    from ..core.model import ENTITY_KINDS

    stated: dict[str, list[str]] = {}
    about: dict[str, list[str]] = {}
    rows = index.db.execute(
        "SELECT record, crc FROM fact WHERE row IN (SELECT row FROM fact_entity) ORDER BY row"
    )
    for text, crc in rows:
        fact = json.loads(checked(text, crc))
        for entity_id in dict.fromkeys(fact["stated_by_ids"]):
            stated.setdefault(entity_id, []).append(fact["id"])
        for entity_id in dict.fromkeys(fact["about_ids"]):
            about.setdefault(entity_id, []).append(fact["id"])
    ordered = sorted(index.entities(), key=lambda e: ENTITY_KINDS.index(e["kind"]))
    return [
        {**e, "states": stated.get(e["id"], []), "about": about.get(e["id"], [])} for e in ordered
    ]


def facts_to_cite(index: SearchIndex, fact_ids: Iterable[str]) -> list[tuple[Fact, Source]]:
    """Each fact with its source, as the citation styles take them; NotFound for an unknown id."""
    from ..core.records import fact_from_record, source_from_record

    sources: dict[str, Source] = {}
    cited = []
    for fact_id in fact_ids:
        record, prefix, suffix = index.fact_row(fact_id)
        fact = fact_from_record(json.loads(record), prefix, suffix)
        if fact.source not in sources:
            source = index.source(fact.source)
            if source is None:  # the checks across files keep this from happening
                raise NotFound(f"the source {fact.source!r} of {fact.id} is not in the index")
            sources[fact.source] = source_from_record(source)
        cited.append((fact, sources[fact.source]))
    return cited


def sources(index: SearchIndex) -> list[Source]:
    from ..core.records import source_from_record

    return [source_from_record(s) for s in index.sources()]


def fact_base(index: SearchIndex) -> FactBase:
    """Everything the index holds, as the model: the sources, topics, entities and facts."""
    from ..core.records import fact_from_record

    base = catalogue(index)
    for record, crc, prefix, suffix in index.db.execute(
        "SELECT record, crc, link_prefix, link_suffix FROM fact ORDER BY row"
    ):
        fact = fact_from_record(json.loads(checked(record, crc)), prefix, suffix)
        base.facts[fact.id] = fact
    return base


def catalogue(index: SearchIndex) -> FactBase:
    """The sources, topics and entities the index holds, as the model, without the facts."""
    from ..core.model import FactBase
    from ..core.records import entity_from_record, topic_from_record

    return FactBase(
        sources={s.id: s for s in sources(index)},
        topics={t["id"]: topic_from_record(t) for t in index.topics()},
        entities={e["id"]: entity_from_record(e) for e in index.entities()},
    )


def fact_records(index: SearchIndex) -> Iterator[FactRecord]:
    """The printable record of every fact, in order, as the index keeps them: a whole
    corpus, for an export that needs records and not the model."""
    index.know_sources()
    rows = index.db.execute("SELECT record, crc, link_prefix, link_suffix FROM fact ORDER BY row")
    for record, crc, prefix, suffix in rows:
        yield cast("FactRecord", index.cited(checked(record, crc), prefix, suffix))
