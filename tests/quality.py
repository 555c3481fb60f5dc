"""Search-quality figures of a question set, for tests/test_search.py and bench/fit_ranking.py.

A question set (TOML) has `[[q]]` questions with `any` (one of these strings is in the value
or statement of the right fact), `[[none]]` questions the article does not answer, and
`[[topic]]` queries with `all` (every string somewhere in the top ten).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

from belarus_cli.core.folding import fold
from belarus_cli.load.loading import load
from belarus_cli.load.locations import facts_folders
from belarus_cli.query.ranking import Tuning
from belarus_cli.query.search import Hit, SearchIndex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).parent / "data"


@cache
def index() -> SearchIndex:
    return SearchIndex.in_memory(load(facts_folders()).base)


def questions(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as file:
        loaded: dict[str, Any] = tomllib.load(file)
    return loaded


def answer_text(record: dict[str, Any]) -> str:
    """What a reader sees of a fact as the answer, folded: its value, statement and quote
    (an answer worded as the article words it, "weren't included", is in the quote)."""
    return fold(f"{record['value'] or ''} {record['statement']} {record['quote']}")


def is_right(hit: Hit, wanted: list[str]) -> bool:
    haystack = answer_text(hit.record)
    return any(fold(answer) in haystack for answer in wanted)


def answer_rank(hits: list[Hit], wanted: list[str]) -> int | None:
    """1-based rank of the first hit that holds one of `wanted`."""
    for rank, hit in enumerate(hits, start=1):
        if is_right(hit, wanted):
            return rank
    return None


class Figures:
    """Counts over a question set: right fact first, in the top three, marked as answering;
    unanswerable questions with no result marked; topic queries complete in the top ten."""

    def __init__(self) -> None:
        self.asked = self.top1 = self.top3 = self.kept = 0
        self.unanswerable = self.abstained = 0
        self.topics = self.topics_complete = 0
        self.misses: list[str] = []

    def plus(self, other: Figures) -> Figures:
        total = Figures()
        for name in vars(total):
            setattr(total, name, getattr(self, name) + getattr(other, name))
        return total

    @staticmethod
    def _share(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def top1_share(self) -> float:
        return self._share(self.top1, self.asked)

    @property
    def top3_share(self) -> float:
        return self._share(self.top3, self.asked)

    @property
    def kept_share(self) -> float:
        return self._share(self.kept, self.asked)

    @property
    def abstained_share(self) -> float:
        return self._share(self.abstained, self.unanswerable)

    @property
    def topics_share(self) -> float:
        return self._share(self.topics_complete, self.topics)

    def describe(self) -> str:
        def part(label: str, count: int, whole: int) -> str:
            return f"{label} {count}/{whole} ({self._share(count, whole):.0%})"

        parts = [
            part("top-1", self.top1, self.asked),
            part("top-3", self.top3, self.asked),
            part("answers:true on the right fact", self.kept, self.asked),
        ]
        if self.unanswerable:
            parts.append(part("unanswerable abstained", self.abstained, self.unanswerable))
        if self.topics:
            parts.append(part("topic queries complete", self.topics_complete, self.topics))
        return ", ".join(parts)


def evaluate(data: dict[str, Any], tuning: Tuning | None = None) -> Figures:
    figures = Figures()
    for case in data.get("q", []):
        hits = index().search(case["text"], limit=10, tuning=tuning).hits
        rank = answer_rank(hits, case["any"])
        figures.asked += 1
        figures.top1 += rank == 1
        figures.top3 += rank is not None and rank <= 3
        figures.kept += any(hit.answers and is_right(hit, case["any"]) for hit in hits)
        if rank != 1:
            figures.misses.append(f"rank {rank}: {case['text']}")
    for case in data.get("none", []):
        hits = index().search(case["text"], limit=10, tuning=tuning).hits
        figures.unanswerable += 1
        if not any(hit.answers for hit in hits):
            figures.abstained += 1
        else:
            figures.misses.append(f"claims an answer: {case['text']}")
    for case in data.get("topic", []):
        hits = index().search(case["text"], limit=10, tuning=tuning).hits
        found = fold(" ".join(f"{h.record['value'] or ''} {h.record['statement']}" for h in hits))
        figures.topics += 1
        if all(fold(answer) in found for answer in case["all"]):
            figures.topics_complete += 1
        else:
            figures.misses.append(f"topic incomplete: {case['text']}")
    return figures
