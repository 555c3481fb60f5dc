"""`ask` says whether a fact answers: the `answers` key and column, the plain "no fact answers"
with related facts and exit status 1, and disputed figures side by side."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Run

UNANSWERABLE = "What is the capital of France?"


def test_json_results_say_whether_they_answer(run: Run) -> None:
    found = run("ask", "how many political prisoners are there?", "--format", "json")
    assert found.exit_code == 0
    records = json.loads(found.stdout)
    assert records[0]["answers"] is True
    assert {type(record["answers"]) for record in records} == {bool}


def test_csv_and_tsv_have_the_answers_column(run: Run) -> None:
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        found = run("ask", "what is peramoga", "--format", fmt)
        rows = list(csv.reader(io.StringIO(found.stdout), delimiter=delimiter))
        assert rows[0][:3] == ["score", "answers", "id"]
        assert rows[1][1] == "true"


def test_an_unanswerable_question_lists_related_facts_and_exits_1(run: Run) -> None:
    found = run("ask", UNANSWERABLE, "--format", "json")
    assert found.exit_code == 1
    records = json.loads(found.stdout)
    assert records and not any(record["answers"] for record in records)
    assert "no fact of the article answers" in found.stderr
    assert "does not mention France" in found.stderr
    assert "instead of" not in found.stderr  # France is not "corrected" into an article word


def test_the_terminal_says_plainly_that_nothing_answers(run: Run) -> None:
    found = run("ask", UNANSWERABLE, "--format", "table")
    assert found.exit_code == 1
    assert "No fact of the article answers this question" in found.stdout
    assert "the article does not mention France" in found.stdout
    assert "Related facts" in found.stdout
    assert "Best answer" not in found.stdout


def test_disputed_figures_are_shown_side_by_side_with_their_sources(run: Run) -> None:
    question = "how many russian troops are in belarus"
    records = json.loads(run("ask", question, "--format", "json").stdout)
    measure = records[0]["quantity"]["measure"]
    group = [r for r in records if (r["quantity"] or {}).get("measure") == measure]
    assert len(group) >= 2
    # Adjacent at the top, each marked as answering.
    assert records[: len(group)] == group
    assert all(record["answers"] for record in group)
    found = run("ask", question, "--format", "table")
    assert found.exit_code == 0
    shown = found.stdout
    assert "Sources disagree" in shown
    assert f"belarus compare {measure}" in shown
    assert "Best answer" not in shown
    for record in group:
        line = next(line for line in shown.splitlines() if f" {record['value']} " in line)
        assert record["stated_by"][0] in line and record["date_label"] in line
