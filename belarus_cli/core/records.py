"""Plain, JSON-ready records of the model: the stable contract that every output format shares.

Keys are only ever added, never renamed or removed (see the README's JSON contract).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from .links import fragment_link

if TYPE_CHECKING:
    # The contract's TypedDicts cost a third of a millisecond to create: only the checker and
    # the exports, which flatten records, import them.
    from .contract import FactRecord
    from .model import Entity, Fact, FactBase, Source, Topic

Record = dict[str, Any]


def fact_record(base: FactBase, fact: Fact) -> FactRecord:
    source = base.sources.get(fact.source)
    whole = with_citation(
        uncited_record(base, fact),
        source_record(source) if source else None,
        fact.link_prefix,
        fact.link_suffix,
    )
    # with_citation completes the citation with exactly CitationRecord's keys; the search
    # index makes its records whole the same way, so the shape is built in one place.
    return cast("FactRecord", whole)


def uncited_record(base: FactBase, fact: Fact) -> Record:
    """The fact's record but for what its citation takes from the source: the search index
    keeps records this way, and adds the source's part (with_citation) to those it prints."""
    quantity = fact.quantity
    return {
        "id": fact.id,
        "topic": fact.topic,
        "topics": list(fact.topics),
        "statement": fact.statement,
        "value": fact.value,
        "quantity": None
        if quantity is None
        else {
            "low": quantity.low,
            "high": quantity.high,
            "unit": quantity.unit,
            "qualifier": quantity.qualifier,
            "measure": quantity.measure,
        },
        "date": fact.date.text if fact.date else None,
        "date_label": fact.date.label if fact.date else None,
        "date_start": fact.date.start.isoformat() if fact.date else None,
        "date_end": fact.date.end.isoformat() if fact.date else None,
        "stated_by": base.entity_names(fact.stated_by),
        "stated_by_ids": list(fact.stated_by),
        "attribution": fact.attribution,
        "about": base.entity_names(fact.about),
        "about_ids": list(fact.about),
        "quote": fact.quote,
        "keywords": list(fact.keywords),
        "citation": {
            "source": fact.source,
            "section": fact.section,
            "paragraph": fact.paragraph,
            "part": fact.part,
        },
    }


def with_citation(
    record: Record, source: Record | None, link_prefix: str, link_suffix: str
) -> Record:
    """An uncited record made whole: the citation gets the source's title, author, publisher,
    date and URL (from its source_record), and the deep link to the quote."""
    own = record["citation"]
    record["citation"] = {
        "source": own["source"],
        "title": source["title"] if source else None,
        "author": source["author"] if source else None,
        "publisher": source["publisher"] if source else None,
        "published": source["published"] if source else None,
        "url": source["url"] if source else None,
        "section": own["section"],
        "paragraph": own["paragraph"],
        "part": own["part"],
        "link": fragment_link(source["url"], record["quote"], link_prefix, link_suffix)
        if source
        else None,
    }
    return record


def topic_records(base: FactBase) -> list[Record]:
    """Every topic with its number of facts, counted in one pass over the facts."""
    counts: Counter[str] = Counter(t for fact in base.facts.values() for t in set(fact.topics))
    return [topic_record(topic, counts[topic.id]) for topic in base.topics.values()]


def topic_record(topic: Topic, count: int) -> Record:
    return {
        "id": topic.id,
        "title": topic.title,
        "description": topic.description,
        "aliases": list(topic.aliases),
        "count": count,
    }


def source_record(source: Source) -> Record:
    return {
        "id": source.id,
        "title": source.title,
        "author": source.author,
        "affiliation": source.affiliation,
        "publisher": source.publisher,
        "published": source.published.isoformat(),
        "url": source.url,
        "language": source.language,
        "rubric": source.rubric,
    }


def entity_record(entity: Entity) -> Record:
    return {
        "id": entity.id,
        "name": entity.name,
        "kind": entity.kind,
        "description": entity.description,
        "aliases": list(entity.aliases),
    }


def entity_records(base: FactBase, entities: Iterable[Entity]) -> list[Record]:
    """The entities with the ids of the facts each states and is about, in one pass over the
    facts: a corpus of many thousand entities must not be searched once per entity."""
    stated: defaultdict[str, list[str]] = defaultdict(list)
    about: defaultdict[str, list[str]] = defaultdict(list)
    for fact in base.facts.values():
        for entity_id in dict.fromkeys(fact.stated_by):
            stated[entity_id].append(fact.id)
        for entity_id in dict.fromkeys(fact.about):
            about[entity_id].append(fact.id)
    return [
        {
            **entity_record(entity),
            "states": stated.get(entity.id, []),
            "about": about.get(entity.id, []),
        }
        for entity in entities
    ]


def entities_with_facts(base: FactBase, entities: Iterable[Entity]) -> list[Record]:
    """Entity records with the full records of the facts each states and the facts about it."""
    records = entity_records(base, entities)
    for record in records:
        record["stated_facts"] = [fact_record(base, base.facts[i]) for i in record["states"]]
        record["about_facts"] = [fact_record(base, base.facts[i]) for i in record["about"]]
    return records


def entity_fact_rows(record: Record) -> list[Record]:
    """One flat row per fact of an entities_with_facts record, with the entity and its role."""
    return [
        {**fact, "entity": record["name"], "role": role}
        for role, key in (("stated_by", "stated_facts"), ("about", "about_facts"))
        for fact in record[key]
    ]


# --- the model again, from the records the index keeps ---------------------------------------


def fact_from_record(record: Record, link_prefix: str, link_suffix: str) -> Fact:
    """The fact a record (cited or not) was made of, as far as citing and exporting need it:
    its origin (path:line) and distinct_from, which only the checks of the files read, are
    not kept in records."""
    from .model import Fact, Period, Quantity

    quantity = record["quantity"]
    citation = record["citation"]
    return Fact(
        id=record["id"],
        topics=tuple(record["topics"]),
        statement=record["statement"],
        stated_by=tuple(record["stated_by_ids"]),
        quote=record["quote"],
        source=citation["source"],
        section=citation["section"],
        paragraph=citation["paragraph"],
        part=citation["part"],
        value=record["value"],
        quantity=None if quantity is None else Quantity(**quantity),
        date=None
        if record["date"] is None
        else Period(
            record["date"],
            _day(record["date_start"]),
            _day(record["date_end"]),
            record["date_label"],
        ),
        attribution=record["attribution"],
        about=tuple(record["about_ids"]),
        keywords=tuple(record["keywords"]),
        link_prefix=link_prefix,
        link_suffix=link_suffix,
    )


def source_from_record(record: Record) -> Source:
    from .model import Source

    return Source(**{**record, "published": _day(record["published"])})


def topic_from_record(record: Record) -> Topic:
    from .model import Topic

    fields = {k: v for k, v in record.items() if k != "count"}
    return Topic(**{**fields, "aliases": tuple(record["aliases"])})


def entity_from_record(record: Record) -> Entity:
    from .model import Entity

    fields = {k: record[k] for k in ("id", "name", "kind", "description")}
    return Entity(**fields, aliases=tuple(record["aliases"]))


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
