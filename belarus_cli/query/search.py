"""Ranked search over the facts: SQLite FTS5 (porter stemming, bm25) behind one small class.

A question goes through four steps before it reaches the index: typography is folded, question
and stop words are dropped, names it mentions are expanded to their aliases, and words the
index has never seen are corrected to the closest word it has, unless they are real English
words (those the article does not mention). The candidates bm25 finds are then scored by one
function over named features (ranking.py, answers.py), which also decides which of them
answer the question.

The index is a SQLite database: in memory for one run, or a file in the cache folder that
later runs open as it is (see index/cache.py). Everything a query needs, down to the JSON record
it prints, is in the database, so a query never has to load or parse the fact files.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..core.folding import fold, strip_accents
from ..index.schema import FIELDS, entity_key, words
from . import ranking
from .answers import Answering, Asked, Ranked, chunks
from .asking_words import GENERIC_WORDS, LIGHT_WORDS
from .question_words import STOP_WORDS, SYNONYMS
from .stored import StoredFacts

if TYPE_CHECKING:
    from ..core.model import FactBase

# bm25 ranks every match; only the best of them go on to the finer ranking in Python (more
# than the bundled facts hold, so that on them every match is ranked).
CANDIDATES = 200
# Looking up whether one row matches costs about as much as reading this many matching rows.
LOOK_UP_ROWS = 60
# A word in more than this share of the facts of a large index (at least FREQUENT_FROM facts)
# tells no fact from another, and scoring it would read most of the index: it is left out of
# the bm25 query when the question has other words.
FREQUENT_SHARE, FREQUENT_FROM = 0.5, 10_000
LONGEST_NAME = 8  # words: longer topic or entity names are not looked for in questions


# Plain classes rather than dataclasses or NamedTuples, which cost milliseconds or a tenth of
# one to create when the module is imported, on every run.
class Hit:
    __slots__ = ("answers", "fact_id", "record", "score")

    def __init__(
        self, fact_id: str, score: float, record: dict[str, Any], answers: bool = False
    ) -> None:
        self.fact_id = fact_id
        self.score = score
        self.record = record  # the fact's plain record (records.fact_record), ready to print
        self.answers = answers  # whether the fact directly answers the question


class SearchResult:
    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self.terms: list[str] = []  # the words searched for, after correction
        self.corrections: dict[str, str] = {}  # typed word -> corrected word
        self.suggestions: list[str] = []  # offered when nothing matched
        self.topic: str | None = None  # id of the topic the query names, if any
        self.shown: dict[str, str] = {}  # searched word -> as typed ("gdp" -> "GDP")
        self.unmentioned: list[str] = []  # words of the question that no fact contains
        self.disputed: str | None = None  # the measure whose figures disagree, if answered

    @property
    def answered(self) -> bool:
        return bool(self.hits) and self.hits[0].answers


class SearchIndex(StoredFacts, Answering):
    """Queries over an index database made by index/writer.py: the stored records
    (stored.py), search and its ranking."""

    @classmethod
    def in_memory(cls, base: FactBase) -> SearchIndex:
        from ..index.writer import write_index

        db = sqlite3.connect(":memory:")
        write_index(db, base, {})
        return cls(db)

    def search(
        self, query: str, limit: int = 10, tuning: ranking.Tuning | None = None
    ) -> SearchResult:
        folded = " ".join(words(query))
        result = SearchResult()
        if not folded:
            return result
        tuning = tuning or ranking.Tuning()
        cues = ranking.Cues(fold(query))
        topic_ids, entity_ids = self._names_in(folded.split())
        result.topic = topic_ids[0] if topic_ids else None
        typed = [w for w in folded.split() if w not in STOP_WORDS] or folded.split()
        self._correct_all(typed, query, result)
        synonyms = {t: [s for s in SYNONYMS.get(t, ()) if s != t] for t in result.terms}
        expansions = [s for t in result.terms for s in synonyms[t]]
        expansions += self._entity_names(entity_ids)

        # Counted in SQLite: a word in most facts of a corpus is tens of thousands of rows.
        expressions = [_any_of([t, *synonyms[t]]) for t in result.terms]
        counts = [self._count(expression) for expression in expressions]
        result.unmentioned = [
            result.shown.get(t, t)
            for t, count in zip(result.terms, counts, strict=True)
            if not count
        ]
        searched = self._telling(result.terms)
        scores = self._bm25(_unique([*searched, *expansions]), tuning.fields)
        topic_rows = self._rows("fact_topic", "topic", topic_ids)
        candidates = set(scores) | topic_rows
        if not candidates:
            # A real word the article lacks is not a near miss of one of its names.
            lacking = {w.lower() for w in result.unmentioned}
            result.suggestions = self._suggest(w for w in typed if w not in lacking)
            return result
        rarities = self._rarities(result.terms, counts, tuning)
        matched = [
            self._matching(expression, candidates, count)
            for expression, count in zip(expressions, counts, strict=True)
        ]
        shares, topic_of_row = self._topic_shares(result.terms, candidates)
        named = any(shares.get(t, 0.0) >= 1.0 for t in topic_ids) and not cues.any
        ranked = self._ranked(
            candidates,
            scores,
            Asked(cues, result.terms, expansions, matched, rarities),
            self._rows("fact_entity", "entity", [entity_key(e) for e in entity_ids]),
            topic_of_row,
            tuning,
        )
        self._finish(result, ranked, limit, named, tuning)
        return result

    def _rarities(self, terms: list[str], counts: list[int], tuning: ranking.Tuning) -> list[float]:
        """How rare each searched word is among the facts; light words weigh nothing."""
        total = self.fact_count()
        return [
            0.0
            if t in LIGHT_WORDS
            else ranking.rarity(
                count,
                total,
                tuning.generic if t in GENERIC_WORDS else tuning.unseen,
            )
            for t, count in zip(terms, counts, strict=True)
        ]

    def _correct_all(self, typed: list[str], query: str, result: SearchResult) -> None:
        """Correct the words the index does not know: to the other side of the Atlantic's
        spelling of them if the index knows that, else to the nearest word it knows unless
        they are real English words."""
        as_typed = {w.lower(): w for w in re.findall(r"\w+", strip_accents(query))}
        for word in typed:
            corrected = word
            if not self._known(word):
                from .english import spelling_variants  # only for a word the index lacks

                spelt = [v for v in spelling_variants(word) if self._known(v)]
                if spelt:
                    corrected = spelt[0]
                elif not _real_word(word, as_typed.get(word, word)):
                    corrected = self._correct(word)
            if corrected != word:
                result.corrections[word] = corrected
            else:
                result.shown[word] = as_typed.get(word, word)
            if corrected not in result.terms:
                result.terms.append(corrected)

    def _finish(
        self,
        result: SearchResult,
        ranked: list[Ranked],
        limit: int,
        named: bool,
        tuning: ranking.Tuning,
    ) -> None:
        """Order the candidates, decide which answer, and bring disputed figures together."""
        if named:
            # The query is a topic's name: that topic's facts are the answer, listed first.
            for item in ranked:
                if item.features[ranking.FEATURES.index("topic")] >= 1.0:
                    item.score += 100.0
                    item.answers = True
        ranked.sort(key=lambda item: (-item.score, item.fact_id))
        if not named and ranked:
            scores = (ranked[0].score, ranked[1].score if len(ranked) > 1 else 0.0)
            for item in ranked:
                item.answers = ranking.answers(item.features, item.cues, item.score, scores, tuning)
            # A fact that answers comes before one that only scores well.
            ranked.sort(key=lambda item: not item.answers)
        if ranked and ranked[0].answers and not named:
            ranked, result.disputed = self._disputed(ranked)
        shown = ranked[:limit]
        records = self.records(item.row for item in shown)
        result.hits = []
        for item in shown:
            # The facts that answer come first: a fact after them scores no higher than they
            # do, so that a higher score is always a better result.
            above = result.hits[-1].score if result.hits else item.score
            score = round(min(item.score, above), 4)
            result.hits.append(Hit(item.fact_id, score, records[item.row], item.answers))

    def _names_in(self, tokens: list[str]) -> tuple[list[str], list[str]]:
        """Topics and entities whose names occur in the query as whole words."""
        grams = {
            " ".join(tokens[start:end])
            for start in range(len(tokens))
            for end in range(start + 1, min(len(tokens), start + LONGEST_NAME) + 1)
        }
        grams -= STOP_WORDS
        found: dict[str, list[str]] = {"topic": [], "entity": []}
        for chunk in chunks(sorted(grams, key=lambda g: (-len(g), g))):
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT name, kind, id FROM alias WHERE name IN ({marks})", chunk
            ).fetchall()
            # Longest names first, so "troop estimates" wins over a shorter name inside it.
            for _, kind, record_id in sorted(rows, key=lambda r: (-len(r[0]), r[0], r[2])):
                if record_id not in found[kind]:
                    found[kind].append(record_id)
        return found["topic"], found["entity"]

    def _entity_names(self, entity_ids: list[str]) -> list[str]:
        if not entity_ids:
            return []
        marks = ", ".join("?" * len(entity_ids))
        rows = self.db.execute(
            f"SELECT name FROM alias WHERE kind = 'entity' AND id IN ({marks})", entity_ids
        )
        return [name for (name,) in rows]

    def _correct(self, word: str) -> str:
        if len(word) < 4 or word.isdigit():
            return word
        from rapidfuzz import fuzz, process

        vocabulary = [w for (w,) in self.db.execute("SELECT word FROM word")]
        best = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=75)
        return str(best[0]) if best else word

    def _known(self, word: str) -> bool:
        return self.db.execute("SELECT 1 FROM word WHERE word = ?", (word,)).fetchone() is not None

    def _suggest(self, typed: Iterable[str]) -> list[str]:
        from ..core.suggest import names_like

        names = [name for (name,) in self.db.execute("SELECT DISTINCT name FROM alias")]
        return names_like(typed, names)

    def _bm25(self, terms: list[str], fields: tuple[float, ...]) -> dict[int, tuple[float, ...]]:
        """bm25 of the terms over each field alone, for the candidates best over all fields.
        (SQLite works out the columns one by one only for the rows the LIMIT keeps.)"""
        if not terms:
            return {}
        expression = _any_of(terms)
        alone = [
            "-bm25(doc, " + ", ".join("1" if i == j else "0" for j in range(len(FIELDS))) + ")"
            for i in range(len(FIELDS))
        ]
        weights = ", ".join(str(w) for w in fields)
        rows = self.db.execute(
            f"SELECT rowid, {', '.join(alone)} FROM doc WHERE doc MATCH ? "
            f"ORDER BY bm25(doc, {weights}) LIMIT {CANDIDATES}",
            (expression,),
        )
        return {rowid: tuple(scores) for rowid, *scores in rows}

    def _telling(self, terms: list[str]) -> list[str]:
        """The terms without those in most facts of a large index (all of them if every one
        is). Counting stops at the share, so a rare word costs almost nothing."""
        total = self.fact_count()
        if total < FREQUENT_FROM or len(terms) < 2:
            return terms
        most = int(total * FREQUENT_SHARE)
        count = "SELECT COUNT(*) FROM (SELECT rowid FROM doc WHERE doc MATCH ? LIMIT ?)"
        telling = [
            t for t in terms if self.db.execute(count, (_phrase(t), most + 1)).fetchone()[0] <= most
        ]
        return telling or terms

    def _count(self, expression: str) -> int:
        query = "SELECT COUNT(*) FROM doc WHERE doc MATCH ?"
        return int(self.db.execute(query, (expression,)).fetchone()[0])

    def _matching(self, expression: str, among: set[int], count: int) -> set[int]:
        """The rows of `among` (the candidates) that match the expression, which `count`
        rows match in all: read whole when that is cheaper than looking each candidate up
        (a word may match most of a corpus, and a look-up costs as much as reading some
        sixty rows)."""
        if count <= LOOK_UP_ROWS * len(among):
            query = "SELECT rowid FROM doc WHERE doc MATCH ?"
            return among & {row for (row,) in self.db.execute(query, (expression,))}
        found: set[int] = set()
        for chunk in chunks(sorted(among)):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT rowid FROM doc WHERE doc MATCH ? AND rowid IN ({marks})"
            found.update(row for (row,) in self.db.execute(query, (expression, *chunk)))
        return found


def _real_word(word: str, as_typed: str) -> bool:
    """A word of English, or an acronym typed in capitals ("GDP"): not a misspelling."""
    if len(as_typed) >= 2 and as_typed.isupper() and as_typed.isalpha():
        return True
    from .english import is_word

    return is_word(word)


def _any_of(terms: list[str]) -> str:
    return " OR ".join(_phrase(term) for term in terms)


def _phrase(term: str) -> str:
    """A term as an FTS5 string: every character of the user's input is inert inside it."""
    return '"' + term.replace('"', '""') + '"'


def _unique(items: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen
