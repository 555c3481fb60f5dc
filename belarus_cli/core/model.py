"""The fact base as typed, immutable values; built by `loading`, read by everything else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

ENTITY_KINDS = (
    "person",
    "organisation",
    "group",
    "place",
    "facility",
    "unit",
    "plan",
    "event",
    "document",
)
QUALIFIERS = (
    "exactly",
    "about",
    "at least",
    "more than",
    "less than",
    "up to",
    "several",
    "range",
)
PARTS = ("body", "pull-quote", "caption", "byline")


def _by_fields(value: object) -> tuple[type, tuple[object, ...]]:
    """Pickle as the class and its fields in order: a worker process hands a corpus's records
    back this way, several times quicker than dataclasses' own state for slotted classes."""
    return type(value), tuple(getattr(value, name) for name in value.__slots__)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Source:
    __reduce__ = _by_fields

    id: str
    title: str
    author: str
    affiliation: str
    publisher: str
    published: dt.date
    url: str
    language: str
    rubric: str | None = None
    # The article's own text, for the checks against it: a path resolved from the fact file's
    # folder (the `text` key), or None.
    text: str | None = None
    origin: str = ""  # "path:line" of the [[source]] header, for messages


@dataclass(frozen=True, slots=True)
class Topic:
    __reduce__ = _by_fields

    id: str
    title: str
    description: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.id, self.title, *self.aliases)


@dataclass(frozen=True, slots=True)
class Entity:
    __reduce__ = _by_fields

    id: str
    name: str
    kind: str
    description: str
    aliases: tuple[str, ...] = ()
    origin: str = ""  # "path:line" of the [[entity]] header, for messages

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Quantity:
    __reduce__ = _by_fields

    low: float
    unit: str
    high: float | None = None
    qualifier: str = "exactly"
    measure: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    """A date or span as precise as the article gives it: a day, a month, a season, years."""

    __reduce__ = _by_fields

    text: str  # canonical form, as written in the fact file: 2022-10-15, 2021-spring, 2012/2015
    start: dt.date
    end: dt.date
    label: str  # for people: 15 October 2022, spring 2021, 2012–2015


@dataclass(frozen=True, slots=True)
class Fact:
    __reduce__ = _by_fields

    id: str
    topics: tuple[str, ...]
    statement: str
    stated_by: tuple[str, ...]
    quote: str
    source: str
    section: str
    paragraph: int | None
    part: str = "body"
    value: str | None = None
    quantity: Quantity | None = None
    date: Period | None = None
    attribution: str | None = None
    about: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    # Questions a reader might type whose answer is this fact: search aids, not claims, so
    # they stay out of the fact's record and exports.
    questions: tuple[str, ...] = ()
    origin: str = ""  # "path:line" of the [[fact]] header, for messages
    # Words just before / after the quote in the article, for a deep link that must not
    # land on another occurrence (a short quote, or one the article repeats).
    link_prefix: str = ""
    link_suffix: str = ""
    # Facts whose overlapping figure for the same measure and source the article gives as a
    # different estimate, not a restatement of this one.
    distinct_from: tuple[str, ...] = ()

    @property
    def topic(self) -> str:
        return self.topics[0]


@dataclass(frozen=True, slots=True)
class Omission:
    """A sentence of a source deliberately left without a fact, and why."""

    __reduce__ = _by_fields

    source: str
    sentence: str
    reason: str


@dataclass(frozen=True, slots=True)
class FactBase:
    """Everything loaded, in file order, with lookups by id."""

    sources: dict[str, Source] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    omissions: list[Omission] = field(default_factory=list)

    def facts_in_topic(self, topic_id: str) -> list[Fact]:
        return [fact for fact in self.facts.values() if topic_id in fact.topics]

    def entity_names(self, ids: Iterable[str]) -> list[str]:
        return [self.entities[i].name if i in self.entities else i for i in ids]
