"""The typed values of the model (Source, Topic, Entity, Fact, Omission) built from checked
records: None for a record with a problem, which its check has noted."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..core.model import (
    ENTITY_KINDS,
    PARTS,
    QUALIFIERS,
    Entity,
    Fact,
    Omission,
    Period,
    Quantity,
    Source,
    Topic,
)
from ..core.periods import PeriodError, parse_period
from .limits import MAX_NUMBER, MAX_PARAGRAPH, MAX_TEXT_CHARS
from .reader_questions import question_problems
from .record_checks import (
    ID_PATTERN,
    QUANTITY_KEYS,
    SCHEMA,
    RecordCheck,
    did_you_mean,
    too_long,
    type_name,
)

T = TypeVar("T")


def _build_source(check: RecordCheck) -> Source | None:
    values = {key: check.text(key) for key in SCHEMA["source"] if key != "published"}
    if values["text"] is not None and not values["text"].strip():
        check.fail("text", "text must be the path of the article's text, relative to this file")
    source_id = check.identifier()
    published = check.record.data.get("published")
    if "published" in check.record.data and (
        not isinstance(published, dt.date) or isinstance(published, dt.datetime)
    ):
        check.fail("published", "published must be a TOML date such as 2022-11-04 (no quotes)")
    elif isinstance(published, dt.date) and published > dt.date.today():
        # `belarus cite` could give no access date: nobody can have read it yet.
        check.fail("published", f"published {published} is in the future — give the day it was")
    if check.failed or source_id is None or not isinstance(published, dt.date):
        return None
    return Source(
        id=source_id,
        title=_required(values["title"]),
        author=_required(values["author"]),
        affiliation=_required(values["affiliation"]),
        publisher=_required(values["publisher"]),
        published=published,
        url=_required(values["url"]),
        language=_required(values["language"]),
        rubric=values["rubric"],
        text=str(Path(check.where).parent / values["text"]) if values["text"] else None,
        origin=check.origin,
    )


def _build_topic(check: RecordCheck) -> Topic | None:
    topic_id = check.identifier()
    title, description = check.text("title"), check.text("description")
    aliases = check.strings("aliases")
    if check.failed or topic_id is None:
        return None
    return Topic(topic_id, _required(title), _required(description), aliases)


def _build_entity(check: RecordCheck) -> Entity | None:
    entity_id = check.identifier()
    name, description = check.text("name"), check.text("description")
    kind = check.choice("kind", ENTITY_KINDS, "person")
    aliases = check.strings("aliases")
    if check.failed or entity_id is None:
        return None
    return Entity(entity_id, _required(name), kind, _required(description), aliases, check.origin)


def _build_fact(check: RecordCheck) -> Fact | None:
    data = check.record.data
    fact_id = check.identifier()
    topics = check.strings("topics", ids=True, non_empty=True)
    statement, quote = check.text("statement"), check.text("quote")
    value, attribution = check.text("value"), check.text("attribution")
    section = check.text("section")
    source = check.identifier("source")
    stated_by = check.strings("stated_by", ids=True, non_empty=True)
    about = check.strings("about", ids=True)
    keywords = check.strings("keywords")
    questions = check.strings("questions")
    for problem in question_problems(data.get("questions")):
        check.fail("questions", problem)
    part = check.choice("part", PARTS, "body")
    link_prefix, link_suffix = check.text("link_prefix"), check.text("link_suffix")
    distinct_from = check.strings("distinct_from", ids=True)
    paragraph = _paragraph(check, part)
    date = _date(check)
    quantity = _build_quantity(check, data.get("quantity"))
    if check.failed or fact_id is None or source is None:
        return None
    return Fact(
        id=fact_id,
        topics=topics,
        statement=_required(statement),
        stated_by=stated_by,
        quote=_required(quote),
        source=source,
        section=_required(section),
        paragraph=paragraph,
        part=part,
        value=value,
        quantity=quantity,
        date=date,
        attribution=attribution,
        about=about,
        keywords=keywords,
        questions=questions,
        origin=check.origin,
        link_prefix=link_prefix or "",
        link_suffix=link_suffix or "",
        distinct_from=distinct_from,
    )


def _paragraph(check: RecordCheck, part: str) -> int | None:
    """The fact's paragraph: required, but for the byline's facts."""
    data = check.record.data
    paragraph = data.get("paragraph")
    if paragraph is not None and (
        isinstance(paragraph, bool)
        or not isinstance(paragraph, int)
        or not 1 <= paragraph <= MAX_PARAGRAPH
    ):
        check.fail(
            "paragraph",
            f"paragraph must be a whole number from 1 to {MAX_PARAGRAPH:,} (see facts/README.md)",
        )
        return None
    if paragraph is None and part != "byline" and "paragraph" not in data:
        check.fail(None, "missing required key 'paragraph' (only byline facts may leave it out)")
    return paragraph


def _date(check: RecordCheck) -> Period | None:
    if "date" not in check.record.data:
        return None
    try:
        return parse_period(check.record.data["date"])
    except PeriodError as error:
        check.fail("date", f"date {error}")
        return None


def _build_quantity(check: RecordCheck, data: object) -> Quantity | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        check.fail("quantity", 'quantity must be a table such as { low = 3000, unit = "soldiers" }')
        return None
    for key in data:
        if key not in QUANTITY_KEYS:
            hint = did_you_mean(key, QUANTITY_KEYS)
            check.fail("quantity", f"quantity has unknown key {key!r}{hint}")
    for key, required in QUANTITY_KEYS.items():
        if required and key not in data:
            check.fail("quantity", f"quantity is missing {key!r} — add it (see facts/README.md)")
    low, high = data.get("low"), data.get("high")
    if _bad_bound(check, "low", low) or _bad_bound(check, "high", high):
        return None
    if _bad_labels(check, data):
        return None
    if not isinstance(low, int | float):
        return None
    if high is not None and high < low:
        check.fail("quantity", f"quantity low ({low}) is greater than high ({high}) — swap them")
        return None
    qualifier = data.get("qualifier", "exactly")
    unit, measure = data["unit"], data.get("measure")
    return Quantity(low=low, high=high, unit=unit, qualifier=qualifier, measure=measure)


def _bad_bound(check: RecordCheck, key: str, number: object) -> bool:
    """Whether the quantity's `key` (low or high) is there and no number the index, JSON and
    spreadsheets all take exactly (the problem noted)."""
    if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
        check.fail("quantity", f"quantity {key} must be a number, not {type_name(number)}")
        return True
    if isinstance(number, float) and not math.isfinite(number):
        # JSON has no nan or inf: the fact could not be written out as valid JSON.
        check.fail("quantity", f"quantity {key} must be a finite number, not {number}")
        return True
    if number is not None and abs(number) > MAX_NUMBER:
        # SQLite, JSON readers and spreadsheets take nothing larger, or not exactly.
        check.fail(
            "quantity",
            f"quantity {key} is too large: numbers go from -{MAX_NUMBER:,} to {MAX_NUMBER:,}",
        )
        return True
    return False


def _bad_labels(check: RecordCheck, data: dict[str, Any]) -> bool:
    """Whether the quantity's unit, measure or qualifier is wrong (the first problem noted)."""
    unit, measure = data.get("unit"), data.get("measure")
    if not isinstance(unit, str) or not unit.strip():
        check.fail("quantity", 'quantity unit must be a non-empty string such as "soldiers"')
        return True
    if len(unit) > MAX_TEXT_CHARS:
        check.fail("quantity", too_long("quantity unit", unit))
        return True
    if measure is not None and (not isinstance(measure, str) or not ID_PATTERN.fullmatch(measure)):
        check.fail("quantity", 'quantity measure must be an id such as "russian-troops-in-belarus"')
        return True
    qualifier = data.get("qualifier", "exactly")
    if qualifier not in QUALIFIERS:
        hint = did_you_mean(str(qualifier), QUALIFIERS)
        choices = ", ".join(QUALIFIERS)
        check.fail("quantity", f"quantity qualifier {qualifier!r} is not one of {choices}{hint}")
        return True
    return False


def _build_omission(check: RecordCheck) -> Omission | None:
    source = check.identifier("source")
    sentence, reason = check.text("sentence"), check.text("reason")
    if check.failed or source is None:
        return None
    return Omission(source, _required(sentence), _required(reason))


def _required(value: T | None) -> T:
    """A value the record check has already proved present."""
    if value is None:  # pragma: no cover - guarded by check.failed
        raise AssertionError("checked value missing")
    return value


BUILDERS: dict[str, Callable[[RecordCheck], Source | Topic | Entity | Fact | Omission | None]] = {
    "source": _build_source,
    "topic": _build_topic,
    "entity": _build_entity,
    "fact": _build_fact,
    "omission": _build_omission,
}
