"""What one fact puts in the index: its rows in every table, made where its file is parsed
(a worker process on a large corpus, see load/parallel.py) as far as the file itself defines
what the fact refers to, and its full-text document, which the index keeps no copy of and so
makes again from the stored record when a row is deleted or copied."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..core.folding import fold_words
from ..core.negation import fact_negated
from ..core.reasons import gives_reason
from .schema import PEOPLE, ROWS_PER_FILE, checksum, entity_key, pack, unpack, words

if TYPE_CHECKING:
    from ..core.model import Entity, Fact, FactBase, Topic
    from ..core.records import Record
    from ..load.parsed import ParsedFile

_WORD = re.compile(r"\w+")


class FactRow(NamedTuple):
    """Everything one fact puts in the index but its row number."""

    fact_id: str
    main_topic: str
    paragraph: int | None
    has_value: bool
    has_quantity: bool
    unit: str  # the words of the quantity's unit, folded ("soldiers"), or ""
    has_date: bool
    about_person: bool
    negative: bool  # its short answer or statement is put in the negative
    gives_reason: bool  # its statement or quote says why (core/reasons.py)
    value_words: str  # its value as schema.words cuts it, or ""
    topics: tuple[str, ...]
    entities: tuple[str, ...]  # stated by or about, each once
    document: tuple[str, ...]  # the FTS5 fields, in the order of FIELDS
    # schema.pack of the record (JSON: records.uncited_record, made whole by
    # records.with_citation when read), the names its document was given, and its questions
    packed: bytes
    crc: int  # schema.checksum of the record
    link_prefix: str
    link_suffix: str
    period: tuple[str, str] | None  # the first and last day of its date, ISO
    measure: tuple[str, str, float, float | None] | None  # measure, unit, low, high


class TableRows(NamedTuple):
    """What a batch of numbered facts adds to each table, as the INSERTs take it."""

    doc: list[tuple[object, ...]]
    fact: list[tuple[object, ...]]
    fact_topic: list[tuple[int, str]]
    fact_entity: list[tuple[int, int]]  # (row, schema.entity_key)
    fact_value: list[tuple[int, str]]
    fact_date: list[tuple[int, str, str, int]]  # row, start, end, paragraph (0 for none)
    fact_measure: list[tuple[int, str, str, float, float | None]]


def table_rows(numbered: Iterable[tuple[int, FactRow]]) -> TableRows:
    rows = TableRows([], [], [], [], [], [], [])
    for n, r in numbered:
        rows.doc.append((n, *r.document))
        fact = (
            r.fact_id,
            r.main_topic,
            r.paragraph,
            r.has_value,
            r.has_quantity,
            r.unit,
            r.has_date,
        )
        rows.fact.append(
            (
                n,
                *fact,
                r.about_person,
                r.negative,
                r.gives_reason,
                r.packed,
                r.crc,
                r.link_prefix,
                r.link_suffix,
            )
        )
        rows.fact_topic.extend((n, topic) for topic in r.topics)
        rows.fact_entity.extend((n, entity_key(entity)) for entity in r.entities)
        if r.value_words:
            rows.fact_value.append((n, r.value_words))
        if r.period:
            rows.fact_date.append((n, *r.period, r.paragraph or 0))
        if r.measure:
            rows.fact_measure.append((n, *r.measure))
    return rows


class PreparedFile(NamedTuple):
    rows: TableRows
    words: str  # the words of the facts indexed and of the file's names, sorted, joined by spaces
    summary: bytes | None  # schema.pack of the JSON (load/parsed.py), if all its facts are indexed
    indexed: frozenset[str]  # the ids of the facts made rows of
    # schema.pack of the JSON of what its other facts refer to in other files, by kind
    refers: bytes | None = None


class Reused(NamedTuple):
    """A file unchanged since the earlier index: its rows are copied from there."""

    ordinal: int  # the file's place in the earlier index
    words: str
    summary: bytes
    indexed: frozenset[str] = frozenset()  # its facts come as rows: none is parsed


class Names:
    """The searchable text of each topic and entity, folded once each rather than once for
    every fact that mentions it: a corpus has far more facts than names."""

    def __init__(self, topics: Iterable[Topic], entities: Iterable[Entity]) -> None:
        self.topics = {t.id: fold_words(" ".join((t.title, *t.aliases))) for t in topics}
        entities = list(entities)
        self.entities = {e.id: fold_words(" ".join(e.names)) for e in entities}
        self.people = {e.id for e in entities if e.kind in PEOPLE}

    def words(self) -> set[str]:
        return set(_WORD.findall(" ".join((*self.topics.values(), *self.entities.values()))))


def fact_row(base: FactBase, fact: Fact, names: Names) -> FactRow:
    from ..core.records import uncited_record

    mentioned = tuple(dict.fromkeys((*fact.stated_by, *fact.about)))
    record = uncited_record(base, fact)
    text, topic_names, entity_names, questions = stored_texts(record, fact, names)
    return FactRow(
        fact_id=fact.id,
        main_topic=fact.topic,
        paragraph=fact.paragraph,
        has_value=fact.value is not None,
        has_quantity=fact.quantity is not None,
        unit=" ".join(words(fact.quantity.unit)) if fact.quantity else "",
        has_date=fact.date is not None,
        about_person=any(e in names.people for e in fact.about),
        negative=fact_negated(fact.value, fact.statement),
        gives_reason=gives_reason(fact.statement, fact.quote),
        value_words=" ".join(words(fact.value)) if fact.value else "",
        topics=fact.topics,
        entities=mentioned,
        document=document(record, topic_names, entity_names, questions),
        packed=pack(text, topic_names, entity_names, questions),
        crc=checksum(text),
        link_prefix=fact.link_prefix,
        link_suffix=fact.link_suffix,
        period=(fact.date.start.isoformat(), fact.date.end.isoformat()) if fact.date else None,
        measure=_measure(fact),
    )


def stored_texts(record: Record, fact: Fact, names: Names) -> tuple[str, str, str, str]:
    """What a fact's column `record` packs: its record (JSON), then the names of its topics
    and entities and its readers' questions, folded, as its document was given them."""
    return (
        json.dumps(record, ensure_ascii=False, separators=(",", ":")),
        " ".join(names.topics.get(t, "") for t in fact.topics),
        " ".join(names.entities.get(e, "") for e in (*fact.stated_by, *fact.about)),
        fold_words(" ".join(fact.questions)),
    )


def document(
    record: Record, topic_names: str, entity_names: str, questions: str
) -> tuple[str, ...]:
    """A fact's full-text document, the fields in the order of FIELDS: made from its record,
    the names of its topics and entities, as they were when it was indexed, and its readers'
    questions (folded), which its record leaves out. The index keeps no copy of it, so this
    makes it again, the same, to delete or copy its row."""
    label = record["date_label"]
    return (
        fold_words(record["value"] or ""),
        fold_words(record["statement"] + (f" {label}" if record["date"] else "")),
        fold_words(record["quote"]),
        topic_names,
        entity_names,
        fold_words(" ".join(record["keywords"])),
        questions,
    )


def stored_parts(packed: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The document of a stored fact (its column `record`), as `document` made it, and the
    entities its rows in fact_entity name."""
    text, topic_names, entity_names, questions = unpack(packed)
    record = json.loads(text)
    entities = tuple(dict.fromkeys((*record["stated_by_ids"], *record["about_ids"])))
    return document(record, topic_names, entity_names, questions), entities


def _measure(fact: Fact) -> tuple[str, str, float, float | None] | None:
    quantity = fact.quantity
    if quantity is None or not quantity.measure:
        return None
    return (quantity.measure, quantity.unit, quantity.low, quantity.high)


def row_words(row: FactRow) -> list[str]:
    """The words of a fact's own text (its topics' and entities' are counted with theirs)."""
    value, statement, quote, _, _, keywords, questions = row.document
    return _WORD.findall(f"{value} {statement} {quote} {keywords} {questions}")


def prepare_file(
    parsed: ParsedFile, position: int, ordinals: Sequence[int] | None = None
) -> PreparedFile:
    """The rows of the facts whose topics, entities and source the file defines itself;
    `position` is the file's place among all the files, and `ordinals` (IndexWriter.plan)
    the number of each place in the index.

    Runs where the file is parsed (see load/hook.py); the facts it leaves are indexed by
    `IndexWriter.finish`, once every file is read.
    """
    from ..core.model import FactBase
    from ..load.parsed import summary_of

    ordinal = ordinals[position] if ordinals is not None else position
    own = FactBase(
        sources={s.id: s for s in parsed.sources},
        topics={t.id: t for t in parsed.topics},
        entities={e.id: e for e in parsed.entities},
    )
    names = Names(parsed.topics, parsed.entities)
    numbered = []
    words: set[str] = set()
    others = []
    for n, fact in enumerate(parsed.facts, start=ordinal * ROWS_PER_FILE):
        if (
            fact.source in own.sources
            and all(t in own.topics for t in fact.topics)
            and all(e in own.entities for e in (*fact.stated_by, *fact.about))
        ):
            row = fact_row(own, fact, names)
            numbered.append((n, row))
            words.update(row_words(row))
        else:
            others.append(fact)
    words |= names.words()
    # Made here rather than in the main process, which every file of a corpus goes through.
    summary = None if others else pack(json.dumps(summary_of(parsed), separators=(",", ":")))
    indexed = frozenset(fact.id for fact in parsed.facts) - {fact.id for fact in others}
    refers = pack(json.dumps(_outside(own, others))) if others else None
    return PreparedFile(table_rows(numbered), " ".join(sorted(words)), summary, indexed, refers)


def _outside(own: FactBase, facts: Iterable[Fact]) -> dict[str, list[str]]:
    """The ids of the records of other files that the facts refer to, by kind."""
    from ..load.parsed import referred

    defined: dict[str, Mapping[str, object]] = {
        "source": own.sources,
        "topic": own.topics,
        "entity": own.entities,
    }
    return {kind: sorted(ids - defined[kind].keys()) for kind, ids in referred(facts).items()}
