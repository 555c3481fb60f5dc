"""Options before or after the command, the config file, BELARUS_* variables, and where each
setting comes from (flags > variables > config > defaults)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from belarus_cli.cli.commands import hoist_global_options
from belarus_cli.core.switches import read_bool

if TYPE_CHECKING:
    from conftest import Run


def write_config(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "belarus" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def own_config_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


# --- options anywhere -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        *(["--no-color"], ["--strict"], ["--debug"], ["--no-cache"], ["--no-pager"], ["-q"]),
        *(["--color", "never"], ["--color=never"], ["--quiet", "--strict"]),
    ],
)
def test_global_options_work_after_the_command(run: Run, options: list[str]) -> None:
    before = run(*options, "show", "troops", "--format", "json")
    after = run("show", "troops", *options, "--format", "json")
    assert before.exit_code == after.exit_code == 0, after.stderr
    assert before.stdout == after.stdout


def test_facts_dir_after_the_command(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "t.toml").write_text("[broken", encoding="utf-8")
    result = run("validate", "--facts-dir", str(folder))
    assert result.exit_code == 3
    assert "t.toml" in result.stderr


def test_hoisting_stops_at_a_double_dash_and_keeps_command_options() -> None:
    args = ["ask", "-n", "3", "troops", "--no-color", "--", "--strict"]
    assert hoist_global_options(args) == [
        "--no-color",
        "ask",
        "-n",
        "3",
        "troops",
        "--",
        "--strict",
    ]
    assert hoist_global_options(["--facts-dir", "x", "show", "t"]) == [
        "--facts-dir",
        "x",
        "show",
        "t",
    ]


def test_the_global_options_are_documented_once(run: Run) -> None:
    main_help = run("--help").stdout
    assert "--no-pager" in main_help and "--color" in main_help and "-q, --quiet" in main_help
    show_help = run("show", "--help").stdout
    assert "--no-pager" in show_help and "before or after the command" in show_help
    assert "Never page" not in show_help, "described in belarus --help only"


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_short_version(run: Run, flag: str) -> None:
    result = run(flag)
    assert result.exit_code == 0
    assert result.stdout.startswith("belarus ")


def test_quiet_silences_notes_but_not_answers(run: Run) -> None:
    loud = run("ask", "how many soldeirs", "--format", "json")
    assert "note:" in loud.stderr, "a misspelt word is corrected with a note"
    quiet = run("ask", "how many soldeirs", "--format", "json", "-q")
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout


def test_color_always_and_never(run: Run) -> None:
    always = run("--color", "always", "show", "troops", "--format", "table")
    assert "\x1b[" in always.stdout
    never = run("--color", "never", "show", "troops", "--format", "table", env={"FORCE_COLOR": "1"})
    assert "\x1b[3" not in never.stdout  # no colour codes (bold and italic may stay)


def test_a_wrong_color_is_a_usage_error_with_a_suggestion(run: Run) -> None:
    result = run("--color", "alway", "topics")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --color 'alway'")
    assert "did you mean always?" in result.stderr


# --- variables --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *(("1", True), ("true", True), ("YES", True), ("0", False), ("false", False)),
        *(("no", False), ("", None), ("maybe", None), (None, None)),
    ],
)
def test_booleans_read_the_usual_words(text: str | None, value: bool | None) -> None:
    assert read_bool(text) is value


@pytest.mark.parametrize(("value", "cached"), [("false", True), ("0", True), ("1", False)])
def test_belarus_no_cache_reads_a_boolean(value: str, cached: bool) -> None:
    from belarus_cli.index import cache

    os.environ["BELARUS_NO_CACHE"] = value
    try:
        assert cache.cache_disabled() is not cached
    finally:
        del os.environ["BELARUS_NO_CACHE"]


def test_force_color_0_does_not_force_colour(run: Run) -> None:
    result = run("show", "troops", "--format", "table", env={"FORCE_COLOR": "0"})
    assert "\x1b[" not in result.stdout
    assert "\x1b[" in run("show", "troops", "--format", "table", env={"FORCE_COLOR": "1"}).stdout


# --- the config file and precedence ------------------------------------------------------------


def test_config_sets_format_limit_and_style(run: Run) -> None:
    write_config('format = "json"\nlimit = 2\nstyle = "mla"\n')
    hits = json.loads(run("ask", "troops").stdout)
    assert len(hits) == 2
    assert run("cite").stdout.startswith("Auseyushkin, Yan. \"What's Next")


def test_flags_beat_variables_beat_config(run: Run) -> None:
    write_config("limit = 2\n")
    assert len(json.loads(run("ask", "troops", "-f", "json").stdout)) == 2
    env = {"BELARUS_LIMIT": "3"}
    assert len(json.loads(run("ask", "troops", "-f", "json", env=env).stdout)) == 3
    assert len(json.loads(run("ask", "troops", "-f", "json", "-n", "4", env=env).stdout)) == 4


def test_config_adds_fact_folders(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "newsroom"
    folder.mkdir()
    (folder / "bad.toml").write_text("[broken", encoding="utf-8")
    write_config(f'facts_dirs = ["{folder}"]\n')
    result = run("validate")
    assert result.exit_code == 3
    assert "bad.toml" in result.stderr


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ('format = "json"\nlimit = [\n', 2, ""),
        ('style = "mla"\nlimit = "many"\n', 2, "limit = 'many' is not"),
        ('limit = 3\ncolour = "never"\n', 2, "unknown setting 'colour'"),
    ],
)
def test_a_broken_config_is_reported_with_its_line_and_the_defaults_used(
    run: Run, text: str, line: int, what: str
) -> None:
    path = write_config(text)
    result = run("topics")
    assert result.exit_code == 0
    assert f"warning: {path}:{line}: " in result.stderr
    assert what in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith("id\ttitle\t"), "a pipe still gets the defaults"


def test_config_command_says_where_each_setting_comes_from(run: Run) -> None:
    path = write_config('style = "mla"\n\nlimit = 7\n')
    out = run("config", env={"BELARUS_FORMAT": "json"}).stdout
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in out.splitlines()[1:]}
    assert rows["style"] == ["mla", f"{path}:1"]
    assert rows["limit"] == ["7", f"{path}:3"]
    assert rows["format"] == ["json", "BELARUS_FORMAT"]
    assert rows["color"] == ["auto", "default"]
    no_cache = run("config", "--no-cache").stdout
    assert "no_cache\ttrue\toption" in no_cache


def test_a_configured_format_that_does_not_exist_gets_a_suggestion(run: Run) -> None:
    result = run("topics", env={"BELARUS_FORMAT": "jsn"})
    assert result.exit_code == 2
    assert "did you mean json?" in result.stderr
