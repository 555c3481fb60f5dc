"""What `ask` needs beyond bm25 to rank the facts and tell which answer: each candidate's
features (ranking.py scores them), the facts put in the negative, the topics a query names in
part, and the figures for the same measure that an answer shows side by side.

`Answering` is the part of SearchIndex (search.py) that works these out from the index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from typing import Any

from ..index.schema import ANSWERS_WHO
from . import ranking
from .question_words import STOP_WORDS


class Asked:
    """What the question asks, as the features need it: its cues, its words (after
    correction), their expansions, the rows matching each word, and each word's weight."""

    __slots__ = ("cues", "expansions", "matched", "rarities", "terms")

    def __init__(
        self,
        cues: ranking.Cues,
        terms: list[str],
        expansions: list[str],
        matched: list[set[int]],
        rarities: list[float],
    ) -> None:
        self.cues = cues
        self.terms = terms
        self.expansions = expansions
        self.matched = matched
        self.rarities = rarities


class Ranked:
    """A candidate fact with its features and score (see ranking.py)."""

    __slots__ = ("answers", "cues", "fact_id", "features", "row", "score")

    def __init__(
        self,
        row: int,
        fact_id: str,
        features: tuple[float, ...],
        score: float,
        cues: ranking.Cues,
    ) -> None:
        self.row = row
        self.fact_id = fact_id
        self.features = features
        self.score = score
        self.cues = cues
        self.answers = False


# An answer that is a figure of no measure brings forward the disputed figures of its kind
# from this far down the ranking (see _disputed_below).
DISPUTED_FROM_TOP = 3
# What ranking reads of each candidate: row, id, main topic, has value, has quantity, unit,
# has date, answers who, negative, gives a reason.
FactColumns = tuple[int, str, str, int, int, str, int, int, int, int]


class Answering:
    """Queries over the index for ranking and answering; mixed into SearchIndex."""

    db: sqlite3.Connection

    def _ranked(
        self,
        candidates: set[int],
        scores: dict[int, tuple[float, ...]],
        asked: Asked,
        entity_rows: set[int],
        topic_of_row: dict[int, float],
        tuning: ranking.Tuning,
    ) -> list[Ranked]:
        facts = list(self._facts(candidates, asked.cues.who))
        # "How many soldiers" asks for a figure counted in soldiers (or troops).
        counted = {w.removesuffix("s") for w in (*asked.terms, *asked.expansions) if " " not in w}
        in_asked_unit = {
            fact[0] for fact in facts if counted & {w.removesuffix("s") for w in fact[5].split()}
        }
        best_bm25 = max((tuning.bm25(s) for s in scores.values()), default=0.0) or 1.0
        ranked: list[Ranked] = []
        for row, fact_id, _, has_value, has_quantity, unit, has_date, who, negative, why in facts:
            covered = [row in rows for rows in asked.matched]
            features = (
                tuning.bm25(scores[row]) / best_bm25 if row in scores else 0.0,
                ranking.coverage(asked.rarities, covered),
                ranking.cue_feature(
                    asked.cues,
                    bool(has_quantity),
                    row in in_asked_unit,
                    bool(in_asked_unit),
                    bool(has_date),
                    bool(who),
                    unit,
                ),
                1.0 if row in entity_rows else 0.0,
                topic_of_row.get(row, 0.0),
                1.0 if has_value else 0.0,
                1.0 if bool(negative) == asked.cues.negated else 0.0,
                1.0 if why and asked.cues.why else 0.0,
            )
            ranked.append(Ranked(row, fact_id, features, tuning.score(features), asked.cues))
        return ranked

    def _disputed(self, ranked: list[Ranked]) -> tuple[list[Ranked], str | None]:
        """When the answer is one of several figures for the same measure, all of them come
        first, each answering: the sources disagree, and the reader sees each figure."""
        top = ranked[0]
        group = self._measure_group(top.row)
        if not group:
            # A figure given without a measure (a restatement, say) that stands just above
            # the disputed figures of its own kind: those are what the reader must see.
            return self._disputed_below(ranked)
        if len(group) < 2:
            return ranked, None
        by_row = {item.row: item for item in ranked}
        siblings = [
            by_row.get(row) or Ranked(row, fact_id, (), 0.0, top.cues) for row, fact_id in group
        ]
        siblings.sort(key=lambda item: (item is not top, -item.score, item.fact_id))
        for item in siblings:
            item.answers = True
        rows = {item.row for item in siblings}
        measure = json.loads(self._record_text(top.row))["quantity"]["measure"]
        return [*siblings, *(item for item in ranked if item.row not in rows)], measure

    def _disputed_below(self, ranked: list[Ranked]) -> tuple[list[Ranked], str | None]:
        """The disputed figures next below an answer that is a figure of no measure, in the
        same unit and of the same main topic, put first; the answer follows them."""
        top = ranked[0]
        kind = "SELECT unit, main_topic, has_quantity FROM fact WHERE row = ?"
        unit, topic, has_quantity = self.db.execute(kind, (top.row,)).fetchone()
        if not has_quantity:
            return ranked, None
        for below in ranked[1:DISPUTED_FROM_TOP]:
            if self.db.execute(kind, (below.row,)).fetchone() != (unit, topic, 1):
                continue
            if len(self._measure_group(below.row)) >= 2:
                below.answers = True
                return self._disputed([below, *(item for item in ranked if item is not below)])
        return ranked, None

    def _measure_group(self, row: int) -> list[tuple[int, str]]:
        """The facts giving a figure for the same measure, in the same unit, as fact `row`."""
        found = self.db.execute(
            "SELECT measure, unit FROM fact_measure WHERE row = ?", (row,)
        ).fetchone()
        if found is None:
            return []
        return [
            (r, i)
            for r, i in self.db.execute(
                "SELECT m.row, f.id FROM fact_measure AS m JOIN fact AS f ON f.row = m.row "
                "WHERE m.measure = ? AND m.unit = ? ORDER BY m.row",
                found,
            )
        ]

    def _record_text(self, row: int) -> str:
        from ..index.schema import checked

        packed, crc = self.db.execute(
            "SELECT record, crc FROM fact WHERE row = ?", (row,)
        ).fetchone()
        return checked(packed, int(crc))

    def _topic_shares(
        self, terms: list[str], rows: set[int]
    ) -> tuple[dict[str, float], dict[int, float]]:
        """For each topic of the candidate rows, the share of the query's words that are words
        of its names; and each row's best share over its topics. Only the candidates' topics
        are read: a corpus has thousands."""
        topics_of: dict[int, list[str]] = {}
        for chunk in chunks(sorted(rows)):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT row, topic FROM fact_topic WHERE row IN ({marks})"
            for row, topic in self.db.execute(query, chunk):
                topics_of.setdefault(row, []).append(topic)
        # The words that are each term once _stem has taken a plural s off both, and the
        # candidates' topics whose names have any of them.
        forms = [_forms(_stem(t)) for t in terms]
        wanted = sorted(set().union(*forms))
        candidate_topics = {t for topics in topics_of.values() for t in topics}
        names: dict[str, set[str]] = {}
        for chunk in chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT word, topic FROM topic_word WHERE word IN ({marks})"
            for word, topic in self.db.execute(query, chunk):
                if topic in candidate_topics:
                    names.setdefault(topic, set()).add(word)
        shares: dict[str, float] = {}
        named = self._name_cover(names, {_stem(t) for t in terms})
        for topic, inside in names.items():
            found = sum(not inside.isdisjoint(words) for words in forms)
            if found and terms:
                shares[topic] = found / len(terms) * named.get(topic, 0.0)
        best = {row: max(shares.get(t, 0.0) for t in topics) for row, topics in topics_of.items()}
        return shares, {row: share for row, share in best.items() if share}

    def _name_cover(self, topics: Collection[str], stems: set[str]) -> dict[str, float]:
        """How much of one of its names the query says, for each topic: "support for
        Lukashenka" says half of "Kremlin support for Lukashenka since 2020", so that a
        question's words that happen to be in a topic's title weigh less than its name."""
        cover: dict[str, float] = {}
        for chunk in chunks(sorted(topics)):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT name, id FROM alias WHERE kind = 'topic' AND id IN ({marks})"
            for name, topic in self.db.execute(query, chunk):
                said = [w for w in name.split() if w not in STOP_WORDS] or name.split()
                share = sum(_stem(w) in stems for w in said) / len(said)
                cover[topic] = max(cover.get(topic, 0.0), share)
        return cover

    def _rows(self, table: str, column: str, values: list[Any]) -> set[int]:
        found: set[int] = set()
        for chunk in chunks(values):
            marks = ", ".join("?" * len(chunk))
            query = f"SELECT row FROM {table} WHERE {column} IN ({marks})"
            found.update(row for (row,) in self.db.execute(query, chunk))
        return found

    def _facts(self, rows: set[int], who: bool) -> Iterator[FactColumns]:
        # Whether a fact answers "who" is a look-up for each candidate: made only when asked.
        answers_who = ANSWERS_WHO if who else "0"
        for chunk in chunks(sorted(rows)):
            marks = ", ".join("?" * len(chunk))
            yield from self.db.execute(
                "SELECT row, id, main_topic, has_value, has_quantity, unit, has_date, "
                f"{answers_who}, negative, gives_reason FROM fact AS f WHERE row IN ({marks})",
                chunk,
            )


def _stem(word: str) -> str:
    """A word without a plural s: "estimates" and "estimate" are the same word here."""
    return word.removesuffix("s")


def _forms(stem: str) -> set[str]:
    """The words that _stem makes `stem` of."""
    return {stem + "s"} if stem.endswith("s") else {stem, stem + "s"}


def chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
