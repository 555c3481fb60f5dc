"""Small conventions: `-o -` and `-` for standard input, --limit on every listing,
timeline --on, and questions about an entity answered with what it is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run


def test_export_to_standard_output(run: Run) -> None:
    result = run("export", "--format", "jsonl", "-o", "-")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    shown = json.loads(run("show", "troops", "--format", "json").stdout)
    assert {r["id"] for r in shown} <= {r.get("id") for r in rows}


def test_export_of_sqlite_to_standard_output_is_refused(run: Run) -> None:
    result = run("export", "--format", "sqlite", "-o", "-")
    assert result.exit_code == 2
    assert "needs a file" in result.stderr


def test_ask_dash_reads_the_question_from_standard_input(run: Run) -> None:
    from typer.testing import CliRunner

    from belarus_cli.cli.commands import app

    question = "how many russian troops are in belarus"
    piped = CliRunner().invoke(app, ["ask", "-", "-f", "json"], input=question + "\n")
    assert piped.exit_code == 0, piped.stderr
    assert json.loads(piped.stdout) == json.loads(run("ask", question, "-f", "json").stdout)


def test_cite_dash_reads_fact_ids_from_standard_input(run: Run) -> None:
    from typer.testing import CliRunner

    from belarus_cli.cli.commands import app

    ids = ["troops.gur-just-over-3000", "troops.belarusian-mod-9000"]
    piped = CliRunner().invoke(app, ["cite", "-"], input="\n".join(ids) + "\n")
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == run("cite", *ids).stdout


@pytest.mark.parametrize(
    "args",
    [["topics"], ["show", "troops"], ["sources"], ["who"], ["timeline"], ["compare"]],
)
def test_every_listing_takes_a_limit(run: Run, args: list[str]) -> None:
    every = json.loads(run(*args, "--format", "json").stdout)
    two = json.loads(run(*args, "--format", "json", "--limit", "2").stdout)
    assert two == every[:2]


def test_who_limit_caps_each_section(run: Run) -> None:
    (record,) = json.loads(run("who", "lukashenko", "-f", "json", "-n", "2").stdout)
    assert len(record["stated_facts"]) == 2 and len(record["about_facts"]) == 2


def test_timeline_on_a_day_lists_that_days_events_first(run: Run) -> None:
    rows = json.loads(run("timeline", "--on", "2022-10-15", "--format", "json").stdout)
    assert rows, "the article dates something on 15 October 2022"
    spans = [(r["date"], r["date_end"]) for r in rows]
    assert spans[0] == ("2022-10-15", "2022-10-15")
    assert all(start <= "2022-10-15" <= end for start, end in spans)
    lengths = [end > start for start, end in spans]
    assert lengths == sorted(lengths), "the day's own events before overlapping periods"
    assert any(end > start for start, end in spans), "overlapping periods are listed too"


def test_timeline_on_with_from_is_a_usage_error(run: Run) -> None:
    result = run("timeline", "--on", "2022-10-15", "--from", "2022")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --on")


@pytest.mark.parametrize(
    ("question", "name", "role"),
    [
        ("what is BYPOL", "BYPOL", "Association of Security Forces of Belarus"),
        ("who is Tertel?", "Ivan Tertel", "Head of the Belarusian KGB"),
    ],
)
def test_a_question_about_an_entity_answers_with_what_it_is_first(
    run: Run, question: str, name: str, role: str
) -> None:
    out = run("ask", question, "--format", "table").stdout
    assert role in out
    assert out.index(role) < out.index("Best answer")
    assert name in out.splitlines()[0]
    # Machine formats keep their records: facts, each with its score.
    hits = json.loads(run("ask", question, "--format", "json").stdout)
    assert all("score" in hit and "statement" in hit for hit in hits)
