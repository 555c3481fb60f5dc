"""A fact file once parsed and checked on its own, and the same as plain data for the index
to keep (a file unchanged since the last build is taken from there instead of parsed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from ..core.errors import Problem
from ..core.model import Entity, Fact, Omission, Source, Topic


class Located(NamedTuple):
    """Where a built record stands, for the messages of the checks across files."""

    kind: str
    header_line: int


@dataclass
class ParsedFile:
    path: Path
    records: list[Located] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    omissions: list[Omission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Of every fact built, what the checks across files read: kept when `facts` is not.
    fact_refs: list[FactRefs] = field(default_factory=list)


class FactRefs(NamedTuple):
    id: str
    topics: tuple[str, ...]
    stated_by: tuple[str, ...]
    about: tuple[str, ...]
    source: str


class Refers(Protocol):
    """What a fact refers to (a Fact, or its FactRefs)."""

    @property
    def topics(self) -> tuple[str, ...]: ...
    @property
    def stated_by(self) -> tuple[str, ...]: ...
    @property
    def about(self) -> tuple[str, ...]: ...
    @property
    def source(self) -> str: ...


def referred(facts: Iterable[Refers]) -> dict[str, set[str]]:
    """The ids of the records that the facts refer to, by kind: source, topic, entity."""
    found: dict[str, set[str]] = {"source": set(), "topic": set(), "entity": set()}
    for fact in facts:
        found["source"].add(fact.source)
        found["topic"].update(fact.topics)
        found["entity"].update(fact.stated_by, fact.about)
    return found


def summary_of(parsed: ParsedFile) -> dict[str, Any]:
    """What the checks across files and the index's own tables need of a file whose facts
    are all indexed already: its problems, where its records stand, what its facts refer to,
    and its sources, topics and entities. parsed_from_summary gives it back."""
    return {
        "problems": [list(problem) for problem in parsed.problems],
        "records": [list(record) for record in parsed.records],
        "fact_refs": [list(refs) for refs in parsed.fact_refs],
        "sources": [
            {**{f: getattr(s, f) for f in s.__slots__}, "published": s.published.isoformat()}
            for s in parsed.sources
        ],
        "topics": [[t.id, t.title, t.description, t.aliases] for t in parsed.topics],
        "entities": [[e.id, e.name, e.kind, e.description, e.aliases] for e in parsed.entities],
    }


def parsed_from_summary(path: Path, summary: dict[str, Any]) -> ParsedFile:
    def source(fields: dict[str, Any]) -> Source:
        return Source(**{**fields, "published": dt.date.fromisoformat(fields["published"])})

    return ParsedFile(
        path,
        records=[Located(kind, line) for kind, line in summary["records"]],
        sources=[source(fields) for fields in summary["sources"]],
        topics=[
            Topic(i, title, text, tuple(aliases)) for i, title, text, aliases in summary["topics"]
        ],
        entities=[
            Entity(i, name, kind, text, tuple(aliases))
            for i, name, kind, text, aliases in summary["entities"]
        ],
        problems=[Problem(*problem) for problem in summary["problems"]],
        fact_refs=[
            FactRefs(fact_id, tuple(topics), tuple(stated_by), tuple(about), source_id)
            for fact_id, topics, stated_by, about, source_id in summary["fact_refs"]
        ],
    )
