"""What a fact file may hold is what the index, the exports and the renderers can take.

- A paragraph number or a quantity beyond the documented ranges is a problem of its file:
  `validate` exits 3 naming the line, and every other command answers from the other files
  (D1, D23). Before, `validate` said ok and every lookup, `compare` and the SQLite export
  ended in an internal error.
- A file over 64 MB, or a string value over 20,000 characters, is reported, not indexed
  (D24); a dotted key of more than 100 parts is reported before the TOML parser meets it.
- Thousands of unknown keys cost one pass over the file, and at most 100 problems a file
  are listed, with a count of the rest (D7). The runs that took minutes get a time-out of
  60 s here: not a benchmark, only a bound they broke by far.
- A source published in the future is a problem, so `belarus cite` never refuses an access
  date nobody gave (D35).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from belarus_cli.load.limits import (
    MAX_FILE_BYTES,
    MAX_KEY_PARTS,
    MAX_NUMBER,
    MAX_PARAGRAPH,
    MAX_PROBLEMS,
    MAX_TEXT_CHARS,
)

GOOD = Path(__file__).parent / "data" / "good" / "widgets.toml"
WIDGET_FACT = "widgets.five-to-ten"
BUNDLED_TROOPS_FACT = "troops.gur-just-over-3000"
QUANTITY = 'quantity = { low = 5, high = 10, unit = "widgets", qualifier = "range" }'


def folder_with(tmp_path: Path, text: str, name: str = "w.toml") -> Path:
    folder = tmp_path / "facts"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def good_text() -> str:
    return GOOD.read_text(encoding="utf-8")


def line_of(folder: Path, needle: str) -> int:
    text = next(folder.glob("*.toml")).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def assert_reported(folder: Path, needle: str, *words: str) -> None:
    """`validate` exits 3 naming the line that holds `needle`; `show` answers from the rest."""
    checked = run_cli(["--facts-dir", folder, "validate"])
    assert checked.exit_code == 3, checked.stdout + checked.stderr
    where = f"{next(folder.glob('*.toml'))}:{line_of(folder, needle)}: "
    assert where in checked.stderr, checked.stderr
    for word in words:
        assert word in checked.stderr
    shown = run_cli(["--facts-dir", folder, "show", "troops", "--format", "tsv"])
    assert shown.exit_code == 0
    assert BUNDLED_TROOPS_FACT in shown.stdout and where in shown.stderr


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("paragraph", [2**63, 2**64 + 1, MAX_PARAGRAPH + 1, 10**30])
def test_a_paragraph_beyond_the_range_is_a_problem_of_its_file(
    tmp_path: Path, paragraph: int
) -> None:
    folder = folder_with(
        tmp_path, good_text().replace("paragraph = 2\n", f"paragraph = {paragraph}\n")
    )
    assert_reported(folder, f"paragraph = {paragraph}", f"from 1 to {MAX_PARAGRAPH:,}")
    for args in (["ask", "troops"], ["--no-cache", "fact", BUNDLED_TROOPS_FACT], ["topics"], []):
        assert run_cli(["--facts-dir", folder, *args]).exit_code == 0, args


def test_the_largest_paragraph_is_indexed(tmp_path: Path) -> None:
    text = good_text().replace("paragraph = 2\n", f"paragraph = {MAX_PARAGRAPH}\n")
    shown = run_cli(["--facts-dir", folder_with(tmp_path, text), "fact", WIDGET_FACT])
    assert shown.exit_code == 0 and shown.stderr == ""
    assert f"\t{MAX_PARAGRAPH}\t" in shown.stdout


@pytest.mark.parametrize(
    "number", [str(10**400), str(2**63), str(MAX_NUMBER + 1), f"-{MAX_NUMBER + 1}", "1e300"]
)
def test_a_quantity_beyond_the_range_is_a_problem_of_its_file(tmp_path: Path, number: str) -> None:
    quantity = (
        f'quantity = {{ measure = "russian-troops-in-belarus", low = {number}, unit = "soldiers" }}'
    )
    folder = folder_with(tmp_path, good_text().replace(QUANTITY, quantity))
    assert_reported(folder, "quantity = {", "quantity low is too large")
    compared = run_cli(["--facts-dir", folder, "compare", "troops", "--format", "table"])
    assert compared.exit_code == 0
    exported = run_cli(["--facts-dir", folder, "export", "-o", tmp_path / "x.db"])
    assert exported.exit_code == 0, exported.stderr
    with sqlite3.connect(tmp_path / "x.db") as db:
        assert (
            db.execute("SELECT COUNT(*) FROM facts WHERE id = ?", (WIDGET_FACT,)).fetchone()[0] == 0
        )
    db.close()


def test_the_largest_quantity_is_exported_exactly(tmp_path: Path) -> None:
    text = good_text().replace("low = 5, high = 10", f"low = 5, high = {MAX_NUMBER}")
    folder = folder_with(tmp_path, text)
    assert run_cli(["--facts-dir", folder, "validate"]).exit_code == 0
    shown = run_cli(["--facts-dir", folder, "fact", WIDGET_FACT, "--format", "json"])
    assert f'"high": {MAX_NUMBER}' in shown.stdout
    assert run_cli(["--facts-dir", folder, "export", "-o", tmp_path / "x.db"]).exit_code == 0


# --- sizes ----------------------------------------------------------------------------------


def test_a_string_value_over_the_limit_is_a_problem(tmp_path: Path) -> None:
    long_quote = "A" * (MAX_TEXT_CHARS + 1)
    text = good_text().replace("there were 5–10 widgets", f"there were 5–10 widgets {long_quote}")
    folder = folder_with(tmp_path, text)
    assert_reported(folder, "quote = ", f"more than the {MAX_TEXT_CHARS:,}")


def test_a_list_item_over_the_limit_is_a_problem(tmp_path: Path) -> None:
    text = good_text().replace(
        'section = "', f'keywords = ["{"k" * (MAX_TEXT_CHARS + 1)}"]\nsection = "', 1
    )
    folder = folder_with(tmp_path, text)
    assert_reported(folder, "keywords = ", "keywords is")


def test_a_file_over_the_limit_is_reported_without_being_read_whole(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    big = folder / "big.toml"
    with big.open("wb") as handle:  # sparse: no disk used
        handle.truncate(MAX_FILE_BYTES + 1)
    checked = run_cli(["--facts-dir", folder, "validate"])
    assert checked.exit_code == 3
    assert f"{big}: the file is larger than {MAX_FILE_BYTES // 2**20} MB" in checked.stderr


# --- costly shapes --------------------------------------------------------------------------


def validate_in_time(folder: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BELARUS_FACTS_PATH"}
    return subprocess.run(
        [sys.executable, "-m", "belarus_cli", "--facts-dir", str(folder), "validate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**env, "PYTHONIOENCODING": "utf-8"},
        cwd=tmp_path,
        timeout=60,
    )


@pytest.mark.parametrize(
    "text",
    [
        "".join(f"k{i} = 1\n" for i in range(20_000)),  # 251 s before
        good_text().replace(
            "[[fact]]", "[[fact]]\n" + "".join(f"x{i} = 1\n" for i in range(8000)), 1
        ),
    ],
    ids=["top-level-keys", "keys-of-one-fact"],
)
def test_thousands_of_unknown_keys_are_counted_not_listed(tmp_path: Path, text: str) -> None:
    done = validate_in_time(folder_with(tmp_path, text), tmp_path)
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2  # the problems shown, the count of the rest, the total
    assert re.fullmatch(
        r"error: .*:\d+: and \d+ more problem\(s\) — fix the ones above first", lines[-2]
    )
    assert "unknown" in lines[0]


@pytest.mark.parametrize(
    "text",
    ["[" + ".".join(["a"] * 100_000) + "]\nx = 1\n", ".".join(["a"] * 50_000) + " = 1\n"],
    ids=["table-name", "dotted-key"],
)
def test_a_key_dotted_too_deep_is_reported_before_parsing(tmp_path: Path, text: str) -> None:
    done = validate_in_time(folder_with(tmp_path, text), tmp_path)
    assert done.returncode == 3
    assert f"more than {MAX_KEY_PARTS} parts" in done.stderr


def test_a_dotted_key_within_the_limit_parses(tmp_path: Path) -> None:
    from belarus_cli.load.fact_file import parse_file

    text = good_text() + "\n[x]\n" + ".".join(["a"] * MAX_KEY_PARTS) + " = 1\n"
    problems = parse_file(folder_with(tmp_path, text) / "w.toml").problems
    assert problems and "unknown table [x]" in problems[0].message


# --- dates ----------------------------------------------------------------------------------


def test_a_source_published_in_the_future_is_a_problem(tmp_path: Path) -> None:
    later = dt.date.today() + dt.timedelta(days=2)
    folder = folder_with(
        tmp_path, good_text().replace("published = 2022-11-04", f"published = {later}")
    )
    assert_reported(folder, "published = ", "is in the future")
    cited = run_cli(["--facts-dir", folder, "cite"])
    assert cited.exit_code == 0, cited.stderr
    assert "Auseyushkin" in cited.stdout
