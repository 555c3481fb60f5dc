"""Search quality on the real facts, and the search engine's handling of odd input.

`python tests/test_search.py` prints the top-1 and top-3 rates of both question sets.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from belarus_cli.core.folding import fold
from belarus_cli.index.schema import words
from belarus_cli.load.loading import load
from belarus_cli.load.locations import facts_folders
from belarus_cli.query.search import SearchIndex

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).parent / "data"
QUESTION_FILES = ("questions.toml", "search_questions.toml")


@cache
def index() -> SearchIndex:
    return SearchIndex.in_memory(load(facts_folders()).base)


def questions(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as file:
        loaded: dict[str, Any] = tomllib.load(file)
    return loaded


def answer_rank(text: str, wanted: list[str], limit: int = 10) -> int | None:
    """1-based rank of the first hit whose value or statement holds one of `wanted`."""
    for rank, hit in enumerate(index().search(text, limit=limit).hits, start=1):
        haystack = fold(f"{hit.record['value'] or ''} {hit.record['statement']}")
        if any(fold(answer) in haystack for answer in wanted):
            return rank
    return None


def rates(name: str) -> tuple[int, int, int]:
    ranks = [answer_rank(q["text"], q["any"]) for q in questions(name)["q"]]
    top1 = sum(rank == 1 for rank in ranks)
    top3 = sum(rank is not None and rank <= 3 for rank in ranks)
    return top1, top3, len(ranks)


def cases(kind: str) -> list[Any]:
    return [
        pytest.param(case, id=f"{name}:{case['text']}")
        for name in QUESTION_FILES
        for case in questions(name).get(kind, [])
    ]


@pytest.mark.parametrize("case", cases("q"))
def test_answer_is_in_the_top_three(case: dict[str, Any]) -> None:
    rank = answer_rank(case["text"], case["any"])
    assert rank is not None and rank <= 3, f"{case['text']!r}: answer at rank {rank}"


@pytest.mark.parametrize("case", cases("topic"))
def test_topic_query_returns_every_listed_answer_in_the_top_ten(case: dict[str, Any]) -> None:
    hits = index().search(case["text"], limit=10).hits
    found = fold(" ".join(f"{h.record['value'] or ''} {h.record['statement']}" for h in hits))
    missing = [answer for answer in case["all"] if fold(answer) not in found]
    assert not missing


def test_example_questions_mostly_answer_first() -> None:
    top1, top3, total = rates("questions.toml")
    assert total == 12
    assert top1 >= 10, f"top-1 {top1}/{total}"
    assert top3 == total


def test_own_questions_are_plenty_and_mostly_answer_first() -> None:
    top1, top3, total = rates("search_questions.toml")
    assert total >= 30
    assert top1 / total >= 0.8, f"top-1 {top1}/{total}"
    assert top3 == total


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("prisonners", "prisoners"), ("volunters", "volunteers"), ("lukashenko", "lukashenko")],
)
def test_misspelt_words_are_corrected_against_the_vocabulary(typed: str, expected: str) -> None:
    result = index().search(typed)
    assert expected in result.terms
    assert result.hits


def test_topic_query_names_the_topic_and_lists_its_facts_first() -> None:
    result = index().search("troop estimates", limit=50)
    assert result.topic == "troops"
    in_topic = ["troops" in hit.record["topics"] for hit in result.hits]
    # Every fact of the topic comes before any fact outside it.
    assert in_topic == sorted(in_topic, reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"troops',
        "troops*",
        "NEAR(troops belarus)",
        "troops AND",
        "OR",
        "-troops",
        "col:umn",
        "^troops",
        "(",
        ")",
        "troops NOT belarus",
        "'",
        "\\",
    ],
)
def test_fts5_syntax_is_plain_text(query: str) -> None:
    index().search(query)  # must not raise sqlite3.OperationalError


@pytest.mark.parametrize("query", ["", "   ", "?!", "zzzzqqqq xxyyzz"])
def test_nothing_to_search_or_nothing_found_gives_no_hits(query: str) -> None:
    assert index().search(query).hits == []


def test_folding_matches_the_articles_typography() -> None:
    assert fold("5–10 %") == fold("5-10%") == "5-10 percent"
    assert fold("3,000") == fold("3000")
    assert fold("don’t") == "don't"
    assert words("Lukashenka’s “social contract”") == ["lukashenka", "s", "social", "contract"]


def test_numbers_typed_without_separators_find_the_figure() -> None:
    assert answer_rank("3000 soldiers", ["3,000"]) == 1


if __name__ == "__main__":
    for name in QUESTION_FILES:
        top1, top3, total = rates(name)
        shares = (
            f"top-1 {top1}/{total} ({top1 / total:.0%}), top-3 {top3}/{total} ({top3 / total:.0%})"
        )
        print(f"{name}: {shares}")
