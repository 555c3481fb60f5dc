"""What the draft checker knows: the facts (as the index's printable records), the names
of the people and organisations, the article's words, and the Finding values it gives.

The checks (draft_check_quotes, draft_check_figures) and the Checker that runs them
(draft.py) all read a Knowledge; none of them prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .draft_figures import MONTHS, read_dates
from .draft_quotes import ArticleWords, Passage, passage
from .draft_text import Mention, Names, Span, Weights, content_stems, stem
from .draft_text import tokens as tokens_of
from .draft_text import words as words_of

KINDS = ("quote", "figure", "date", "attribution")
STATUSES = ("ok", "wrong", "unverified")
AGENTS = ("person", "organisation", "group")
# How sure a match of a sentence to a fact must be (shared rare words, see Weights): to call
# a figure or date wrong, to mention it as unverified, and to give a claim to someone else.
WRONG_FROM = 5.0
UNVERIFIED_FROM = 3.5
CLAIM_FROM = 9.0
CLOSE_TO_BEST = 0.6  # facts scoring this share of the best also count as what it is about


@dataclass(frozen=True, slots=True)
class Finding:
    line: int  # 1-based
    column: int  # 1-based
    text: str  # the draft's exact words
    kind: str  # one of KINDS
    status: str  # one of STATUSES
    message: str
    facts: tuple[str, ...] = ()
    article: str = ""  # the article's words
    marked: str = ""  # the same, with the words that differ in **
    link: str | None = None  # deep link to the article's words
    notes: tuple[str, ...] = ()  # who states it and where, for people

    def record(self, file: str) -> dict[str, Any]:
        return {
            "file": file,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "kind": self.kind,
            "status": self.status,
            "message": self.message,
            "facts": list(self.facts),
            "article": self.article,
            "marked": self.marked,
            "link": self.link,
            "notes": list(self.notes),
        }


@dataclass
class FactInfo:
    """What the checker needs of one fact record."""

    record: dict[str, Any]
    stems: set[str]
    entities: set[str]  # stated by, about, or named word for word in its text
    speakers: set[str]  # who states it, and whom its value names
    dated: bool  # its quote or value gives its date in words

    @property
    def id(self) -> str:
        return str(self.record["id"])

    def period(self) -> tuple[dt.date, dt.date] | None:
        return _period(self.record)

    def where(self) -> str:
        citation = self.record["citation"]
        place = citation.get("section") or ""
        if citation.get("paragraph"):
            place += f", para. {citation['paragraph']}"
        return place

    def who(self) -> str:
        return ", ".join(self.record["stated_by"]) or "the article"


class Knowledge:
    """The facts, names and article words a draft is checked against."""

    def __init__(
        self,
        records: Iterable[dict[str, Any]],
        entities: Iterable[dict[str, Any]],
        sources: Iterable[dict[str, Any]] = (),
        article: str | None = None,
    ) -> None:
        entity_list = list(entities)
        self.kinds = {e["id"]: e["kind"] for e in entity_list}
        self.display: dict[str, str] = {e["id"]: e["name"] for e in entity_list}
        self.names = Names({e["id"]: [e["name"], *e["aliases"]] for e in entity_list})
        source_words = [s.get(k) or "" for s in sources for k in ("author", "publisher")]
        self.article_side = {
            entity
            for name in source_words
            for entity in self.names.in_fact(name)
            if self.kinds.get(entity) in AGENTS
        }
        self._countries: set[str] | None = None
        self.facts = [self._info(r) for r in records]
        _dated_by_paragraph(self.facts)
        self.by_id = {f.id: f for f in self.facts}
        self.weights = Weights(f.stems for f in self.facts)
        self.fact_words = ArticleWords(self._passages(None))
        self.quoted = (
            ArticleWords(self._passages(article)) if article is not None else self.fact_words
        )

    def _info(self, record: dict[str, Any]) -> FactInfo:
        value = record.get("value") or ""
        quantity = record.get("quantity") or {}
        text = " ".join(
            [
                record["quote"],
                record["statement"],
                value,
                *record.get("keywords", []),
                (quantity.get("measure") or "").replace("-", " "),
            ]
        )
        named = self.names.in_fact(f"{record['quote']} {value}")
        speakers = set(record["stated_by_ids"]) | (self.names.in_fact(value) if value else set())
        # Dated in its own words: the quote or value gives the fact's date ("in August",
        # "since October 15"), not only the day the article speaks for ("the 2020 election").
        period = _period(record)
        quote_dates = [
            d
            for d in read_dates(f"{record['quote']} {value}")
            if period
            and any(
                a <= period[1] and period[0] <= b
                for a, b in d.periods(range(period[0].year, period[1].year + 1))
            )
        ]
        return FactInfo(
            record,
            context(words_of(text)),
            set(record["stated_by_ids"]) | set(record["about_ids"]) | named,
            {s for s in speakers if self.kinds.get(s) in AGENTS},
            bool(quote_dates),
        )

    def _passages(self, article: str | None) -> list[Passage]:
        if article is not None:
            paragraphs = [p for p in article.splitlines() if p.strip()]
            return [passage(p, str(n)) for n, p in enumerate(paragraphs)]
        by_quote: dict[tuple[str, str], list[str]] = {}
        for f in self.facts:
            citation = f.record["citation"]
            place = f"{citation['section']}/{citation['paragraph']}/{citation['part']}"
            by_quote.setdefault((f.record["quote"], place), []).append(f.id)
        return [passage(q, place, tuple(ids)) for (q, place), ids in by_quote.items()]

    # --- matching ----------------------------------------------------------------------

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        return self.names.in_draft(tokens_of(text, offset))

    def agents(self, text: str, offset: int = 0) -> list[Mention]:
        return [m for m in self.mentions(text, offset) if self.kinds.get(m.entity) in AGENTS]

    def ranked(
        self, clause: Span, sentence: Span, facts: Sequence[FactInfo]
    ) -> list[tuple[float, FactInfo]]:
        """Facts by how much the clause (and less, the rest of its sentence) is about them."""
        own = context(words_of(clause.text))
        rest = context(words_of(sentence.text)) - own
        scored = [
            (self.weights.score(own & f.stems) + 0.5 * self.weights.score(rest & f.stems), f)
            for f in facts
        ]
        return sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])

    def countries_of(self, entity: str) -> set[str]:
        """The countries (or capitals) an entity's names say it belongs to: "Belarusian
        Ministry of Defense" and "official Minsk" are Belarus's, "Ukrainian intelligence"
        Ukraine's. A one-word place name stands for its country, in any form of the word."""
        if self._countries is None:
            self._countries = {
                stem(w)
                for e, kind in self.kinds.items()
                if kind == "place"
                for name in self.names.names[e]
                if len(words_of(name)) == 1
                for w in words_of(name)
            }
        return {
            stem(w)
            for name in self.names.names.get(entity, [])
            for w in words_of(name)
            if stem(w) in self._countries
        }

    def is_article_side(self, entity: str) -> bool:
        return entity in self.article_side

    def name(self, entity: str) -> str:
        return self.display.get(entity, entity)


def _dated_by_paragraph(facts: list[FactInfo]) -> None:
    """A fact whose own words give no date is dated all the same when another fact of its
    paragraph gives the same date in words ("In September, Lukashenka ... released several
    people")."""
    dated = {
        (f.record["citation"]["section"], f.record["citation"]["paragraph"], f.record["date"])
        for f in facts
        if f.dated
    }
    for f in facts:
        citation = f.record["citation"]
        if (citation["section"], citation["paragraph"], f.record["date"]) in dated:
            f.dated = True


def _period(record: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    start, end = record.get("date_start"), record.get("date_end")
    if not start or not end:
        return None
    return dt.date.fromisoformat(start), dt.date.fromisoformat(end)


def context(text_words: Iterable[str]) -> set[str]:
    """A text's content words for matching, without figures and dates: those are what is
    compared, not what tells which fact a sentence is about."""
    return {s for s in content_stems(text_words) if not s[:1].isdigit() and s not in MONTHS}
