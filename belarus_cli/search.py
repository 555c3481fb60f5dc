"""Ranked search over the facts: SQLite FTS5 (porter stemming, bm25) behind one small class.

A question goes through four steps before it reaches the index: typography is folded, question
and stop words are dropped, names and topics it mentions are expanded to their aliases, and
words the index has never seen are corrected to the closest word it has. The answer is then
ranked by bm25 over weighted fields, nudged by what the question asks for ("how many" wants a
figure, "when" a date, "who" a person or organisation) and by how many of its words a fact has.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

from .folding import fold, strip_accents
from .model import Fact, FactBase, Topic

# Field order and weights of the index: a word in the short answer counts most.
FIELDS = ("value", "statement", "quote", "topics", "entities", "keywords")
WEIGHTS = (5.0, 3.0, 1.5, 2.0, 2.0, 2.5)

STOP_WORDS = frozenset(
    """
    a about after again all am an and any are as at be been before being between both but by
    can could did do does doing during each for from further had has have having he her here
    hers him his how i if in into is it its itself just me more most my no nor not now of off
    on once only or other our out over own same she should so some such than that the their
    them then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours tell me show give
    please know many much whats what's does did is are there any kind s t hasn isn doesn
    don didn wasn aren weren haven
    """.split()
)
QUANTITY_CUES = ("how many", "how much", "number of", "how large", "how big", "what share",
                 "what percentage", "what percent", "figure", "estimate")
DATE_CUES = ("when", "what year", "what date", "which year", "since when", "what month")
WHO_CUES = ("who ", "whom", "which organisation", "which organization", "what organisation")
# Words readers use that the article words otherwise, and British/American spellings.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "soldiers": ("troops",),
    "troops": ("soldiers",),
    "army": ("troops", "military"),
    "emigrated": ("left", "exile"),
    "emigrate": ("left", "exile"),
    "emigration": ("left", "exile"),
    "emigrants": ("exile", "left"),
    "fled": ("left", "exile"),
    "jailed": ("prisoners",),
    "imprisoned": ("prisoners",),
    "bars": ("prisoners",),
    "detained": ("arrested", "prisoners"),
    "defence": ("defense",),
    "centre": ("center",),
    "centres": ("centers",),
    "mobilisation": ("mobilization",),
    "organisation": ("organization",),
    "analyse": ("analyze",),
    "poll": ("survey", "polls"),
    "survey": ("poll", "polls"),
    "fighters": ("volunteers", "fighting"),
    "volunteer": ("volunteers",),
    "shadow": ("transitional",),
    "cabinet": ("transitional",),
    "base": ("bases", "installations"),
    "bases": ("base", "installations"),
    "partisans": ("partisan", "sabotage"),
    "guerrilla": ("partisan", "insurgents"),
    "eu": ("european",),
    "kgb": ("kgb",),
    "propaganda": ("propagandists",),
    "economy": ("economic",),
}


@dataclass(frozen=True)
class Hit:
    fact: Fact
    score: float


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # the words searched for, after correction
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> corrected word
    suggestions: list[str] = field(default_factory=list)  # offered when nothing matched
    topic: Topic | None = None  # the topic the query names, if any


def words(text: str) -> list[str]:
    return re.findall(r"\w+", strip_accents(fold(text)))


class SearchIndex:
    """An in-memory FTS5 index of one FactBase."""

    def __init__(self, base: FactBase) -> None:
        self.base = base
        self.facts = list(base.facts.values())
        self.db = sqlite3.connect(":memory:")
        columns = ", ".join(FIELDS)
        self.db.execute(
            f"CREATE VIRTUAL TABLE doc USING fts5({columns}, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        rows = [self._document(fact) for fact in self.facts]
        self.db.executemany(f"INSERT INTO doc ({columns}) VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.vocabulary = {w for row in rows for text in row for w in re.findall(r"\w+", text)}
        self._aliases = self._alias_table()

    def _document(self, fact: Fact) -> tuple[str, ...]:
        topics = [self.base.topics[t] for t in fact.topics if t in self.base.topics]
        entities = [
            self.base.entities[e]
            for e in (*fact.stated_by, *fact.about)
            if e in self.base.entities
        ]
        prepared = (
            fact.value or "",
            fact.statement + (f" {fact.date.label}" if fact.date else ""),
            fact.quote,
            " ".join(n for t in topics for n in (t.title, *t.aliases)),
            " ".join(n for e in entities for n in e.names),
            " ".join(fact.keywords),
        )
        return tuple(strip_accents(fold(text)) for text in prepared)

    def _alias_table(self) -> list[tuple[str, str, str]]:
        """(folded name, kind, id) for every topic and entity name, longest first."""
        table = [
            (" ".join(words(name)), "topic", topic.id)
            for topic in self.base.topics.values()
            for name in topic.names
        ]
        table += [
            (" ".join(words(name)), "entity", entity.id)
            for entity in self.base.entities.values()
            for name in (entity.id.replace("-", " "), *entity.names)
        ]
        return sorted((row for row in table if row[0]), key=lambda row: -len(row[0]))

    def search(self, query: str, limit: int = 10) -> SearchResult:
        folded = " ".join(words(query))
        result = SearchResult()
        if not folded:
            return result

        topic_ids, entity_ids = self._names_in(folded)
        if topic_ids:
            result.topic = self.base.topics[topic_ids[0]]
        typed = [w for w in folded.split() if w not in STOP_WORDS] or folded.split()
        terms: list[str] = []
        for word in typed:
            corrected = self._correct(word)
            if corrected != word:
                result.corrections[word] = corrected
            terms.append(corrected)
        expansions = [s for t in terms for s in SYNONYMS.get(t, ())]
        for entity_id in entity_ids:
            entity = self.base.entities[entity_id]
            expansions += [" ".join(words(name)) for name in entity.names]
        result.terms = _unique(terms)
        all_terms = _unique([*terms, *expansions])

        scores = self._bm25(all_terms)
        matched = {term: self._matching(term) for term in result.terms}
        want_quantity = any(cue in f" {fold(query)} " for cue in QUANTITY_CUES)
        want_date = any(fold(query).startswith(c) or f" {c} " in f" {fold(query)} " for c in DATE_CUES)
        want_who = any(f" {fold(query)} ".find(f" {c}") >= 0 for c in WHO_CUES)

        ranked: list[Hit] = []
        in_topic = set(topic_ids)
        for row, fact in enumerate(self.facts, start=1):
            score = scores.get(row, 0.0)
            named = in_topic.intersection(fact.topics)
            if score == 0.0 and not named:
                continue
            covered = sum(row in rows for rows in matched.values())
            if result.terms:
                score *= 0.5 + covered / len(result.terms)
            if fact.value is not None:
                score *= 1.15  # a direct answer beats a paragraph that talks around it
            if want_quantity and fact.quantity is not None:
                score *= 1.6
            if want_date and fact.date is not None:
                score *= 1.6
            if want_who and self._answers_who(fact):
                score *= 1.4
            if entity_ids and set(entity_ids).intersection((*fact.about, *fact.stated_by)):
                score *= 1.2
            if named:
                # A query that names a topic lists that topic first, its main facts leading.
                score = 100.0 + score + (5.0 if fact.topics[0] in in_topic else 0.0)
            ranked.append(Hit(fact, round(score, 4)))
        ranked.sort(key=lambda hit: (-hit.score, hit.fact.id))
        result.hits = ranked[:limit]
        if not result.hits:
            result.suggestions = self._suggest(typed)
        return result

    def _names_in(self, folded: str) -> tuple[list[str], list[str]]:
        """Topics and entities whose names occur in the query as whole words."""
        padded = f" {folded} "
        topics: list[str] = []
        entities: list[str] = []
        for name, kind, record_id in self._aliases:
            if f" {name} " in padded and name not in STOP_WORDS:
                target = topics if kind == "topic" else entities
                if record_id not in target:
                    target.append(record_id)
        return topics, entities

    def _correct(self, word: str) -> str:
        if word in self.vocabulary or len(word) < 4 or word.isdigit():
            return word
        from rapidfuzz import fuzz, process

        best = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=75)
        return str(best[0]) if best else word

    def _suggest(self, typed: Iterable[str]) -> list[str]:
        from rapidfuzz import fuzz, process

        names = [name for name, _, _ in self._aliases]
        suggestions: list[str] = []
        for word in typed:
            for match, _, _ in process.extract(word, names, scorer=fuzz.WRatio, limit=2, score_cutoff=70):
                if match not in suggestions:
                    suggestions.append(str(match))
        return suggestions[:3]

    def _bm25(self, terms: list[str]) -> dict[int, float]:
        if not terms:
            return {}
        expression = " OR ".join(_phrase(term) for term in terms)
        weights = ", ".join(str(w) for w in WEIGHTS)
        rows = self.db.execute(
            f"SELECT rowid, -bm25(doc, {weights}) FROM doc WHERE doc MATCH ?", (expression,)
        )
        return {rowid: score for rowid, score in rows}

    def _matching(self, term: str) -> set[int]:
        rows = self.db.execute("SELECT rowid FROM doc WHERE doc MATCH ?", (_phrase(term),))
        return {rowid for (rowid,) in rows}

    def _answers_who(self, fact: Fact) -> bool:
        people = {"person", "organisation", "group"}
        if fact.value and any(
            fold(fact.value) in {fold(n) for n in e.names}
            for e in self.base.entities.values()
            if e.kind in people
        ):
            return True
        return any(
            self.base.entities[e].kind in people for e in fact.about if e in self.base.entities
        )


def _phrase(term: str) -> str:
    """A term as an FTS5 string: every character of the user's input is inert inside it."""
    return '"' + term.replace('"', '""') + '"'


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
