"""The loader on small fixture files, and the parser of dates and periods.

Every file in data/broken marks the lines that must be reported with an `# expect: TEXT`
comment, TEXT being part of the message; a line may carry several. The files refer to the
topic, entity and source of data/good, so they are loaded together with it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from belarus_cli.core.errors import Problem
from belarus_cli.core.periods import PeriodError, parse_period
from belarus_cli.load import parallel
from belarus_cli.load.fact_file import parse_file
from belarus_cli.load.loading import LoadResult, load
from belarus_cli.query.search import SearchIndex

if TYPE_CHECKING:
    from conftest import Closes, Run

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good"
BROKEN = DATA / "broken"
BROKEN_FILES = sorted(BROKEN.glob("*.toml"))
_EXPECT = re.compile(r"#\s*expect:\s*(.*?)\s*(?=#\s*expect:|$)")


def expected_problems(path: Path) -> list[tuple[int, str]]:
    """(line, part of the message) for every `# expect:` comment of the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        (number, fragment)
        for number, line in enumerate(lines, start=1)
        for fragment in _EXPECT.findall(line)
    ]


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


@pytest.fixture(scope="module")
def loaded() -> LoadResult:
    return load([GOOD, BROKEN])


def test_good_files_load_without_problems() -> None:
    result = load([GOOD])
    assert result.problems == []
    assert result.skipped == []
    base = result.base
    assert list(base.sources) == ["test-source"]
    assert list(base.topics) == ["widgets"]
    assert list(base.entities) == ["widget-council"]
    assert sorted(base.facts) == ["widgets.at-least-3000", "widgets.author", "widgets.five-to-ten"]


def test_good_files_are_read_into_typed_values() -> None:
    facts = load([GOOD]).base.facts
    inline = facts["widgets.five-to-ten"]
    assert inline.quantity is not None
    assert (inline.quantity.low, inline.quantity.high) == (5, 10)
    assert inline.date is not None and inline.date.label == "spring 2021"
    assert inline.origin == f"{GOOD / 'widgets.toml'}:{line_of(GOOD / 'widgets.toml', '[[fact]]')}"
    sub_table = facts["widgets.at-least-3000"]
    assert sub_table.quantity is not None
    assert (sub_table.quantity.low, sub_table.quantity.qualifier) == (3000, "at least")
    assert sub_table.date is not None and sub_table.date.start == dt.date(2022, 10, 15)
    byline = facts["widgets.author"]
    assert (byline.part, byline.paragraph) == ("byline", None)


def test_a_readers_questions_are_searched_but_kept_out_of_the_record(
    closes: Closes[SearchIndex],
) -> None:

    fact = load([GOOD]).base.facts["widgets.five-to-ten"]
    assert fact.questions == (
        "How many widgets did the council tally in 2021?",
        "Were there more than ten widgets?",
    )
    # "tally" is in no field of the fact but its questions.
    hits = closes(SearchIndex.in_memory(load([GOOD]).base)).search("tally").hits
    assert [hit.fact_id for hit in hits] == ["widgets.five-to-ten"]
    assert "questions" not in hits[0].record
    assert "tally" not in str(hits[0].record)


def test_every_broken_file_has_expectations() -> None:
    assert len(BROKEN_FILES) >= 9
    assert all(expected_problems(path) for path in BROKEN_FILES)


def assert_reported(problems: list[Problem], path: Path) -> None:
    """Exactly the problems the file's `# expect:` comments name, each at its line."""
    expected = expected_problems(path)
    report = "\n".join(map(str, problems))
    assert len(problems) == len(expected), report
    for line, fragment in expected:
        hits = [p for p in problems if p.line == line and fragment in p.message]
        assert hits, f"expected at {path.name}:{line}: {fragment!r}; got:\n{report}"
    for problem in problems:
        assert str(problem) == f"{path}:{problem.line}: {problem.message}"


@pytest.mark.parametrize("path", BROKEN_FILES, ids=lambda path: path.stem)
def test_each_problem_is_reported_at_its_line(loaded: LoadResult, path: Path) -> None:
    assert_reported([p for p in loaded.problems if Path(p.path) == path], path)
    assert path in loaded.skipped, "a file with a problem is left out whole"


def test_a_broken_file_leaves_the_good_ones_in(loaded: LoadResult) -> None:
    assert {"widgets.five-to-ten", "widgets.at-least-3000"} <= set(loaded.base.facts)
    assert not any(fact.origin.startswith(str(BROKEN)) for fact in loaded.base.facts.values())


def test_every_problem_of_a_file_comes_in_one_run() -> None:
    path = BROKEN / "many-problems.toml"
    assert len({line for line, _ in expected_problems(path)}) >= 5, "problems on many lines"
    assert_reported(parse_file(path).problems, path)


def test_a_duplicate_id_names_where_it_was_first_used(loaded: LoadResult) -> None:
    first = GOOD / "widgets.toml"
    line = line_of(first, 'id = "widgets.five-to-ten"')
    where = f"{first}:{line}"
    (problem,) = [p for p in loaded.problems if Path(p.path) == BROKEN / "duplicate-id.toml"]
    assert f"already used at {where}" in problem.message
    assert loaded.base.facts["widgets.five-to-ten"].origin.startswith(str(first))


def test_validate_prints_every_problem_as_path_line_message(run: Run) -> None:
    result = run("--facts-dir", GOOD, "--facts-dir", BROKEN, "validate")
    assert result.exit_code == 3
    assert result.stdout == ""
    reported = result.stderr.splitlines()
    for path in BROKEN_FILES:
        for line, fragment in expected_problems(path):
            prefix = f"error: {path}:{line}: "
            assert any(r.startswith(prefix) and fragment in r for r in reported), prefix


# --- dates and periods ------------------------------------------------------------------------


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2018", "2018-01-01", "2018-12-31", "2018"),
        ("2022-08", "2022-08-01", "2022-08-31", "August 2022"),
        ("2024-02", "2024-02-01", "2024-02-29", "February 2024"),
        ("2022-10-15", "2022-10-15", "2022-10-15", "15 October 2022"),
        ("2021-spring", "2021-03-01", "2021-05-31", "spring 2021"),
        ("2021-summer", "2021-06-01", "2021-08-31", "summer 2021"),
        ("2021-autumn", "2021-09-01", "2021-11-30", "autumn 2021"),
        ("2021-winter", "2021-12-01", "2022-02-28", "winter 2021"),
        ("2023-winter", "2023-12-01", "2024-02-29", "winter 2023"),
        ("2012/2015", "2012-01-01", "2015-12-31", "2012\u20132015"),
        ("2022-02/2022-03", "2022-02-01", "2022-03-31", "February 2022\u2013March 2022"),
    ],
)
def test_periods_have_first_and_last_day_and_a_label(
    text: str, start: str, end: str, label: str
) -> None:
    period = parse_period(text)
    assert (period.text, period.start, period.end, period.label) == (
        text,
        day(start),
        day(end),
        label,
    )


def test_a_toml_date_is_a_day() -> None:
    period = parse_period(dt.date(2022, 10, 15))
    assert (period.text, period.start, period.end) == ("2022-10-15", *[dt.date(2022, 10, 15)] * 2)


@pytest.mark.parametrize(
    "value",
    [
        "2022-02-30",
        "2022-13",
        "2022-00",
        "2022-10-32",
        "2015/2012",
        "spring 2021",
        "2021-fall",
        "22-10",
        "2022/",
        "",
        "9999-winter",  # would end in the year 10000
        "\u0662\u0660\u0662\u0662",  # 2022 in Arabic-Indic digits
        2018,
        dt.datetime(2022, 10, 15, 12, 0),
    ],
    ids=repr,
)
def test_impossible_dates_are_errors(value: object) -> None:
    with pytest.raises(PeriodError):
        parse_period(value)


def test_parsing_in_worker_processes_gives_the_same_result(
    monkeypatch: pytest.MonkeyPatch, loaded: LoadResult
) -> None:
    # Large corpora are parsed on every CPU; the good and broken fixtures are too few files
    # for that, so the threshold is lowered to send them through the worker processes.
    monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 1)
    monkeypatch.setattr(parallel, "_usable_cpus", lambda: 2)
    calls: list[tuple[int, int]] = []
    in_workers = load([GOOD, BROKEN], progress=lambda done, total: calls.append((done, total)))
    assert in_workers == loaded
    assert in_workers.problems  # the broken files' problems came back from the workers
    total = len(in_workers.files)
    assert calls == [(done, total) for done in range(1, total + 1)]


def test_a_system_that_refuses_worker_processes_still_loads(
    monkeypatch: pytest.MonkeyPatch, loaded: LoadResult
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no worker processes here")

    monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 1)
    monkeypatch.setattr(parallel, "_usable_cpus", lambda: 2)
    monkeypatch.setattr("multiprocessing.context.ForkProcess.start", refuse)
    assert load([GOOD, BROKEN]) == loaded


def test_a_worker_that_cannot_start_leaves_the_others_stopped_and_the_rest_parsed_here(
    monkeypatch: pytest.MonkeyPatch, loaded: LoadResult
) -> None:
    """D3: under a process limit the first worker starts and the second does not. The run
    still loads everything, in this process, and leaves no worker behind (it used to wait
    for ever)."""
    import multiprocessing
    from multiprocessing.context import ForkProcess

    real_start = ForkProcess.start
    started: list[object] = []

    def limited(process: ForkProcess) -> None:
        if started:
            raise OSError(11, "Resource temporarily unavailable")
        started.append(process)
        real_start(process)

    monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 1)
    monkeypatch.setattr(parallel, "_usable_cpus", lambda: 2)
    monkeypatch.setattr(ForkProcess, "start", limited)
    assert load([GOOD, BROKEN]) == loaded
    assert started
    assert multiprocessing.active_children() == []
