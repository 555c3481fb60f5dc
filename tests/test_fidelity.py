"""The checks against the article's text: hedges, dates, attribution, restatements, names.

tests/data/fidelity/planted.toml plants one error of each kind, and names its article with a
`text` path; the bundled facts must pass every check against the real article.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run

PLANTED = Path(__file__).parent / "data" / "fidelity"
PLANTED_FILE = PLANTED / "planted.toml"

# (the record whose header line the problem names, what the message says)
EXPECTED = [
    (
        "widget-counts.council-500",
        "the quote says 'estimates' but the statement has no counterpart",
    ),
    ("widget-counts.council-500", "the quote says 'about' but the statement has no counterpart"),
    ("widget-counts.number-will-grow", "the quote says 'as long as' but the statement"),
    ("widget-counts.guild-300", "date '2018' (2018) is written neither in the quote nor"),
    ("widget-counts.guild-says-grow", "stated_by 'gadget-guild' is not named in the quote"),
    ("widget-counts.sprockets-sold", "'According to various estimates', a plural or unnamed"),
    ("widget-counts.council-several-hundred", "overlaps that of 'widget-counts.council-500'"),
    ("widget-counts.council-in-ruritania", "the statement names Ruritania, which the article"),
    ("gadget-guild", "the description names Sylvania, which the article never does"),
]


def header_line(path: Path, record_id: str) -> int:
    """The line of the [[fact]] or [[entity]] header of the record with this id."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'id = "{record_id}"')
    return next(n for n in range(at, -1, -1) if lines[n].startswith("[[")) + 1


def located(path: Path, record_id: str, message: str) -> re.Pattern[str]:
    where = re.escape(f"{path}:{header_line(path, record_id)}:")
    return re.compile(rf"{where} [^\n]*{re.escape(message)}[^\n]* — \w")


@pytest.mark.parametrize(("record_id", "message"), EXPECTED)
def test_each_planted_error_is_a_warning_with_path_line_and_fix(
    run: Run, record_id: str, message: str
) -> None:
    result = run("--facts-dir", PLANTED, "validate")
    assert result.exit_code == 0, result.stderr
    pattern = located(PLANTED_FILE, record_id, message)
    assert any(
        line.startswith("warning: ") and pattern.search(line) for line in result.stderr.splitlines()
    ), result.stderr


@pytest.mark.parametrize("strict", [["validate", "--strict"], ["--strict", "validate"]])
def test_strict_makes_them_errors(run: Run, strict: list[str]) -> None:
    result = run("--facts-dir", PLANTED, *strict)
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    for record_id, message in EXPECTED:
        pattern = located(PLANTED_FILE, record_id, message)
        assert any(pattern.search(line) for line in errors), (record_id, result.stderr)
    assert "warning:" not in result.stderr


def test_nothing_else_is_reported_for_the_planted_file(run: Run) -> None:
    """No check fires on what is right: one warning per planted error, no more."""
    result = run("--facts-dir", PLANTED, "validate")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == len(EXPECTED), result.stderr


def test_distinct_from_marks_a_different_estimate(run: Run, tmp_path: Path) -> None:
    shutil.copy(PLANTED / "article.txt", tmp_path)
    text = PLANTED_FILE.read_text(encoding="utf-8").replace(
        'id = "widget-counts.council-several-hundred"',
        'id = "widget-counts.council-several-hundred"\n'
        'distinct_from = ["widget-counts.council-500"]',
    )
    (tmp_path / "planted.toml").write_text(text, encoding="utf-8")
    result = run("--facts-dir", tmp_path, "validate")
    assert result.exit_code == 0
    assert "overlaps that of" not in result.stderr
    assert "widget-counts.guild-300" in result.stderr  # the other checks still run


def test_a_restatement_without_a_measure_is_not_drawn_twice(run: Run, tmp_path: Path) -> None:
    shutil.copy(PLANTED / "article.txt", tmp_path)
    text = PLANTED_FILE.read_text(encoding="utf-8").replace(
        'quantity = { measure = "widgets-in-freedonia", low = 200,', "quantity = { low = 200,"
    )
    (tmp_path / "planted.toml").write_text(text, encoding="utf-8")
    assert "overlaps that of" not in run("--facts-dir", tmp_path, "validate").stderr


def test_a_missing_source_text_is_an_error_at_the_source(run: Run, tmp_path: Path) -> None:
    text = PLANTED_FILE.read_text(encoding="utf-8").replace('"article.txt"', '"nosuch.txt"')
    path = tmp_path / "planted.toml"
    path.write_text(text, encoding="utf-8")
    result = run("--facts-dir", tmp_path, "validate")
    assert result.exit_code == 3
    line = text.splitlines().index("[[source]]") + 1
    assert f"{path}:{line}: source 'widgets-today': cannot read its text" in result.stderr
    assert "relative to this file" in result.stderr


def test_a_quote_not_in_its_source_text_is_an_error(run: Run, tmp_path: Path) -> None:
    shutil.copy(PLANTED / "article.txt", tmp_path)
    text = PLANTED_FILE.read_text(encoding="utf-8").replace(
        "'''In 2019, the Gadget Guild", "'''In 2017, the Gadget Guild"
    )
    (tmp_path / "planted.toml").write_text(text, encoding="utf-8")
    result = run("--facts-dir", tmp_path, "validate")
    assert result.exit_code == 3
    assert "fact 'widget-counts.guild-300': quote is not in the article verbatim" in result.stderr


def test_the_bundled_facts_pass_every_check(run: Run, article_path: Path) -> None:
    result = run("validate", "--strict", "--source-text", article_path, "--coverage")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "coverage: 100.0%" in result.stdout


def test_the_checks_find_the_errors_of_the_bundled_facts_kind(
    run: Run, article_path: Path, tmp_path: Path
) -> None:
    """A copy of a bundled fact with its hedge dropped: the lost hedge, and the one estimate
    counted twice, are caught against the real article."""
    bundled = Path(__file__).parent.parent / "facts" / "introduction.toml"
    text = bundled.read_text(encoding="utf-8")
    text = text.replace(
        "According to estimates of the Main Directorate", "According to the Main Directorate"
    )
    text = text.replace('id = "troops.gur-just-over-3000"', 'id = "troops.gur-again"')
    # only the changed fact: the file keeps no other records
    start = text.index('[[fact]]\nid = "troops.gur-again"')
    end = text.index("[[fact]]", start + 1)
    (tmp_path / "mine.toml").write_text(text[start:end], encoding="utf-8")
    result = run("--facts-dir", tmp_path, "validate", "--source-text", article_path)
    assert result.exit_code == 0, result.stderr
    assert "fact 'troops.gur-again': the quote says 'estimates'" in result.stderr
    assert "fact 'troops.gur-again' gives a figure for 'russian-troops-in-belarus'" in result.stderr


def test_distinct_from_naming_no_fact_is_reported(run: Run, tmp_path: Path) -> None:
    shutil.copy(PLANTED / "article.txt", tmp_path)
    text = PLANTED_FILE.read_text(encoding="utf-8").replace(
        'id = "widget-counts.guild-300"',
        'id = "widget-counts.guild-300"\ndistinct_from = ["widget-counts.nosuch"]',
    )
    path = tmp_path / "planted.toml"
    path.write_text(text, encoding="utf-8")
    result = run("--facts-dir", tmp_path, "validate")
    line = header_line(path, "widget-counts.guild-300")
    expected = f"{path}:{line}: fact 'widget-counts.guild-300': distinct_from names no fact"
    assert expected in result.stderr


def test_a_text_that_is_not_a_path_is_bad_data(run: Run, tmp_path: Path) -> None:
    text = PLANTED_FILE.read_text(encoding="utf-8").replace('text = "article.txt"', "text = 5")
    path = tmp_path / "planted.toml"
    path.write_text(text, encoding="utf-8")
    result = run("--facts-dir", tmp_path, "validate")
    assert result.exit_code == 3
    line = text.splitlines().index("text = 5") + 1
    assert f"{path}:{line}: " in result.stderr
