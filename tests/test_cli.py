"""Every command of `belarus` through the CLI runner: formats, exit codes, streams, colour and
the user's own fact folders.

The runner's stdout is not a terminal, as in a pipe. JSON output of the same command is the
reference the other formats are compared with.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer.main

from belarus_cli.cli.commands import app

if TYPE_CHECKING:
    from conftest import Run

FORMATS = ("table", "json", "jsonl", "csv", "tsv", "markdown")
EXAMPLE_FACT = "troops.gur-just-over-3000"  # the fact the app's own help uses as an example
QUESTION = "how many russian troops are in belarus"

# The command line of each command that prints records, and the kind of record it prints.
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "topics": (("topics",), "topic"),
    "show": (("show", "troops"), "fact"),
    "fact": (("fact", EXAMPLE_FACT), "fact"),
    "ask": (("ask", QUESTION), "ranked"),
    "sources": (("sources",), "source"),
}
# The keys of the README's JSON contract.
FACT_KEYS = {"id", "topic", "topics", "statement", "value", "quantity", "date", "date_label"}
FACT_KEYS |= {"date_start", "date_end", "stated_by", "stated_by_ids", "attribution", "about"}
FACT_KEYS |= {"about_ids", "quote", "keywords", "citation"}
CITATION_KEYS = {"source", "title", "author", "publisher", "published", "url", "section"}
CITATION_KEYS |= {"paragraph", "part", "link"}
QUANTITY_KEYS = {"low", "high", "unit", "qualifier", "measure"}
KEYS = {
    "fact": FACT_KEYS,
    "ranked": FACT_KEYS | {"score"},
    "topic": {"id", "title", "description", "aliases", "count"},
    "source": {"id", "title", "author", "affiliation", "publisher", "published", "url"}
    | {"language", "rubric"},
}
# The README's CSV and TSV columns of facts; `ask` puts score first.
FACT_COLUMNS = ["id", "topic", "value", "statement", "stated_by", "date", "quote", "section"]
FACT_COLUMNS += ["paragraph", "url"]

ANSI = re.compile(r"\x1b[\[\]]")
SGR = re.compile(r"\x1b\[([0-9;]*)m")
OSC8 = re.compile(r"\x1b\]8;[^\x1b]*\x1b\\")
BOX_DRAWING = re.compile("[\u2500-\u257f]")


def colour_codes(text: str) -> list[str]:
    """The SGR sequences that set a foreground or background colour (not bold, italic, dim)."""

    def is_colour(param: str) -> bool:
        return param.isdigit() and (30 <= int(param) <= 49 or 90 <= int(param) <= 107)

    return [m[0] for m in SGR.finditer(text) if any(is_colour(p) for p in m[1].split(";"))]


def records(run: Run, *args: str) -> list[dict[str, Any]]:
    """The command's records, from its JSON output (one object for `fact`, made a list)."""
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return data if isinstance(data, list) else [data]


def write_user_fact(folder: Path, fact_id: str, value: str) -> Path:
    """A small valid fact file that refers to the bundled topic, entity and source ids."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{fact_id.replace('.', '-')}.toml"
    path.write_text(
        f"""
[[fact]]
id = "{fact_id}"
topics = ["troops"]
statement = "A reader's own note about Russian troops in Belarus, kept in a user folder."
value = "{value}"
stated_by = ["yan-auseyushkin"]
about = ["russian-army"]
quote = '''Discussion around the presence of Russian troops in Belarus has been going on'''
source = "russiapost-belarus-2022"
section = "Belarus in the Ukraine conflict"
paragraph = 4
""",
        encoding="utf-8",
    )
    return path


def ids(result_records: list[dict[str, Any]]) -> list[str]:
    return [record["id"] for record in result_records]


# --- every command in every format ----------------------------------------------------------


def check_json(stdout: str, expected: list[dict[str, Any]], command: str, kind: str) -> None:
    data = json.loads(stdout)
    if command == "fact":
        assert isinstance(data, dict), "`fact --format json` prints one object, not an array"
        data = [data]
    assert isinstance(data, list) and data
    for record in data:
        assert record.keys() >= KEYS[kind], f"{record['id']} lacks {KEYS[kind] - record.keys()}"
        if kind in ("fact", "ranked"):
            assert record["citation"].keys() >= CITATION_KEYS
            assert record["quantity"] is None or record["quantity"].keys() >= QUANTITY_KEYS
            assert isinstance(record["stated_by"], list) and record["stated_by"]
            assert record["quote"].strip() and record["statement"].strip()
            if record["date"] is not None:
                assert record["date_start"] <= record["date_end"]
        if kind == "topic":
            assert isinstance(record["aliases"], list) and isinstance(record["count"], int)
    if kind == "ranked":
        scores = [record["score"] for record in data]
        assert all(isinstance(score, int | float) for score in scores)
        assert scores == sorted(scores, reverse=True), "best answer first"


def check_jsonl(stdout: str, expected: list[dict[str, Any]], command: str, kind: str) -> None:
    assert [json.loads(line) for line in stdout.splitlines()] == expected


def check_header(header: list[str], kind: str) -> None:
    if kind in ("fact", "ranked"):
        assert header == (["score", "answers"] if kind == "ranked" else []) + FACT_COLUMNS
    assert "id" in header


def check_csv(stdout: str, expected: list[dict[str, Any]], command: str, kind: str) -> None:
    header, *rows = list(csv.reader(io.StringIO(stdout)))
    check_header(header, kind)
    assert all(len(row) == len(header) for row in rows)
    assert [row[header.index("id")] for row in rows] == ids(expected)


def check_tsv(stdout: str, expected: list[dict[str, Any]], command: str, kind: str) -> None:
    header, *lines = stdout.splitlines()
    columns = header.split("\t")
    check_header(columns, kind)
    assert len(lines) == len(expected), "one line per record"
    cells = [line.split("\t") for line in lines]
    assert all(len(row) == len(columns) for row in cells)
    assert [row[columns.index("id")] for row in cells] == ids(expected)


def check_text(stdout: str, expected: list[dict[str, Any]], command: str, kind: str) -> None:
    """Markdown and tables are for reading: each record's id is there to look it up by."""
    assert stdout.strip()
    missing = [record_id for record_id in ids(expected) if record_id not in stdout]
    assert not missing


CHECKS = {
    "json": check_json,
    "jsonl": check_jsonl,
    "csv": check_csv,
    "tsv": check_tsv,
    "markdown": check_text,
    "table": check_text,
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_in_every_format(run: Run, command: str, fmt: str) -> None:
    args, kind = COMMANDS[command]
    expected = records(run, *args)
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert not ANSI.search(result.stdout), "no escape sequences when stdout is not a terminal"
    assert not BOX_DRAWING.search(result.stdout), "no box drawing when stdout is not a terminal"
    CHECKS[fmt](result.stdout, expected, command, kind)


def test_overview_names_the_source_and_every_topic(run: Run) -> None:
    result = run()
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    for source in records(run, "sources"):
        assert source["url"] in result.stdout
    for topic in records(run, "topics"):
        assert topic["id"] in result.stdout and topic["title"] in result.stdout


def test_validate_says_ok_on_stdout(run: Run) -> None:
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok:")
    assert result.stderr == ""


def test_default_format_in_a_pipe_is_tsv(run: Run) -> None:
    assert run("show", "troops").stdout == run("show", "troops", "--format", "tsv").stdout


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_fact_prints_one_record(run: Run, fmt: str) -> None:
    result = run("fact", EXAMPLE_FACT, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["id"] == EXAMPLE_FACT
    else:
        # jsonl: one line; csv and tsv: a header and one row.
        assert len(result.stdout.splitlines()) == (1 if fmt == "jsonl" else 2)


def test_ask_limit_caps_the_answers(run: Run) -> None:
    assert len(records(run, "ask", "troops", "--limit", "2")) == 2


# --- finding topics ---------------------------------------------------------------------------


def troops_topic(run: Run) -> dict[str, Any]:
    return next(topic for topic in records(run, "topics") if topic["id"] == "troops")


@pytest.mark.parametrize("name", ["id", "title", "alias"])
def test_show_matches_id_title_or_alias_in_any_case(run: Run, name: str) -> None:
    topic = troops_topic(run)
    typed = {"id": topic["id"], "title": topic["title"], "alias": topic["aliases"][0]}[name]
    expected = ids(records(run, "show", "troops"))
    assert ids(records(run, "show", typed.swapcase())) == expected
    assert ids(records(run, "show", typed.title())) == expected


def test_show_troop_estimates_finds_the_troops_topic(run: Run) -> None:
    facts = records(run, "show", "Troop Estimates")
    assert all("troops" in fact["topics"] for fact in facts)
    assert len(facts) == troops_topic(run)["count"]


def test_unknown_topic_suggests_the_closest(run: Run) -> None:
    result = run("show", "troopz", "--format", "json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "did you mean" in result.stderr and "troops" in result.stderr


# --- exit codes and streams -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("show", "no-such-topic-at-all"), 1),
        (("fact", "troops.no-such-fact"), 1),
        (("ask", "zzzzqqqq xxyyzz"), 1),
        (("show", "troops", "--format", "yaml"), 2),
        (("no-such-command",), 2),
        (("show",), 2),
        (("ask", "--limit", "0", "troops"), 2),
        (("ask", "   "), 2),
        (("validate", "--coverage"), 2),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else str(value),
)
def test_failures_exit_with_their_code_and_say_why_on_stderr(
    run: Run, args: tuple[str, ...], code: int
) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr


def test_mistyped_command_gets_a_suggestion(run: Run) -> None:
    result = run("shwo", "troops")
    assert result.exit_code == 2
    assert "show" in result.stderr and "did you mean" in result.stderr.lower()


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert version("belarus-cli") in result.stdout


COMMAND_NAMES = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_core_commands_are_registered() -> None:
    assert {"topics", "show", "fact", "ask", "sources", "validate"} <= set(COMMAND_NAMES)


@pytest.mark.parametrize("command", ["", *COMMAND_NAMES], ids=["belarus", *COMMAND_NAMES])
def test_help_of_every_command_shows_examples(run: Run, command: str) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout
    assert result.stderr == ""


# --- colour and wrapping ----------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_force_color_colours_tables(run: Run, command: str) -> None:
    args, _ = COMMANDS[command]
    result = run(*args, "--format", "table", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    assert ANSI.search(result.stdout)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "table"])
def test_force_color_never_reaches_machine_output(run: Run, fmt: str) -> None:
    result = run("show", "troops", "--format", fmt, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    assert not ANSI.search(result.stdout)


# Ways to ask for no colour: options before the command, and environment variables.
NO_COLOUR = {
    "--no-color": (("--no-color",), {}),
    "NO_COLOR=1": ((), {"NO_COLOR": "1"}),
    "TERM=dumb": ((), {"TERM": "dumb"}),
}


@pytest.mark.parametrize("how", NO_COLOUR)
@pytest.mark.parametrize("command", ["show", "fact", "ask"])
def test_no_color_drops_colour_even_when_forced(run: Run, command: str, how: str) -> None:
    args, _ = COMMANDS[command]
    forced = run(*args, "--format", "table", env={"FORCE_COLOR": "1"})
    assert colour_codes(forced.stdout), "this table is coloured when colour is forced"
    options, env = NO_COLOUR[how]
    result = run(*options, *args, "--format", "table", env={"FORCE_COLOR": "1", **env})
    assert result.exit_code == 0, result.stderr
    assert not colour_codes(result.stdout)


def test_empty_no_color_does_not_count(run: Run) -> None:
    # no-color.org: NO_COLOR disables colour only when it is set and not empty.
    result = run("show", "troops", "--format", "table", env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert colour_codes(result.stdout)


# Narrower, facts are stacked rather than tabled, so that fact ids stay whole (test_terminal.py).
@pytest.mark.parametrize("width", [120, 160])
def test_terminal_tables_fill_the_width_and_break_no_short_word(run: Run, width: int) -> None:
    env = {"FORCE_COLOR": "1", "COLUMNS": str(width)}
    drawn = OSC8.sub("", SGR.sub("", run("show", "troops", "--format", "table", env=env).stdout))
    lines = drawn.splitlines()
    assert {len(line) for line in lines} == {width}
    # What the short columns hold (who, as of when, where) stays whole on its line.
    rows = [line.split("\u2502")[1:-1] for line in lines if line.startswith("\u2502")]
    short_cells = {cell.strip() for row in rows for cell in row[2:]}
    short_words = {word for cell in short_cells for word in cell.split()}
    assert {"Belarusian", "Auseyushkin", "Introduction,", "para."} <= short_words
    assert {"4 November 2022", "15 October 2022"} <= short_cells


@pytest.mark.parametrize("width", [100, 120])
def test_the_answer_cards_next_matches_show_whole_fact_ids(run: Run, width: int) -> None:
    hits = records(run, "ask", QUESTION)
    env = {"FORCE_COLOR": "1", "COLUMNS": str(width)}
    drawn = OSC8.sub("", SGR.sub("", run("ask", QUESTION, "--format", "table", env=env).stdout))
    words = {word for line in drawn.splitlines() for word in line.split()}
    # A terminal shows the card (the answer, or every figure of a measure the sources
    # disagree on) and the next three matches, one line each.
    measure = (hits[0]["quantity"] or {}).get("measure")
    card = 1 + sum(
        1 for h in hits[1:] if measure and (h["quantity"] or {}).get("measure") == measure
    )
    assert {hit["id"] for hit in hits[: card + 3]} <= words
    assert not {hit["id"] for hit in hits[card + 3 :]} & words


@pytest.mark.parametrize("command", ["show", "fact", "ask"])
def test_piped_tables_do_not_wrap_long_lines(run: Run, command: str) -> None:
    args, _ = COMMANDS[command]
    expected = records(run, *args)
    lines = run(*args, "--format", "table").stdout.splitlines()
    wanted = [record["statement"] for record in expected] + [expected[0]["quote"]]
    assert max(len(text) for text in wanted) > 100, "long enough to be wrapped at 80 columns"
    broken = [text for text in wanted if not any(text in line for line in lines)]
    assert not broken


@pytest.mark.parametrize("command", COMMANDS)
def test_piped_tables_are_no_wider_than_their_data(run: Run, command: str) -> None:
    # A pipe's console is made very wide so that nothing wraps; nothing may fill that width.
    args, _ = COMMANDS[command]
    data = run(*args, "--format", "json").stdout
    widest = max(len(line) for line in run(*args, "--format", "table").stdout.splitlines())
    assert widest <= len(data)


# --- the user's own fact folders --------------------------------------------------------------


@pytest.mark.parametrize("how", ["--facts-dir", "BELARUS_FACTS_PATH"])
def test_user_folders_add_facts(run: Run, tmp_path: Path, how: str) -> None:
    folders = [tmp_path / "one", tmp_path / "two"]
    for number, folder in enumerate(folders):
        write_user_fact(folder, f"troops.user-note-{number}", f"user value {number}")
    if how == "--facts-dir":
        options = [arg for folder in folders for arg in ("--facts-dir", str(folder))]
        result = run(*options, "show", "troops", "--format", "json")
    else:
        env = {"BELARUS_FACTS_PATH": os.pathsep.join(str(folder) for folder in folders)}
        result = run("show", "troops", "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    shown = ids(json.loads(result.stdout))
    assert {"troops.user-note-0", "troops.user-note-1"} <= set(shown)
    assert set(ids(records(run, "show", "troops"))) < set(shown), "bundled facts stay"


def test_a_folder_named_twice_is_read_once(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_user_fact(tmp_path / "mine", "troops.user-note", "x")
    monkeypatch.chdir(tmp_path)
    env = {"BELARUS_FACTS_PATH": "mine"}  # relative, and absolute with --facts-dir
    result = run("--strict", "--facts-dir", tmp_path / "mine", "fact", "troops.user-note", env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_user_fact_can_be_looked_up_and_searched(run: Run, tmp_path: Path) -> None:
    write_user_fact(tmp_path, "troops.user-note", "quokkafigure")
    looked_up = run("--facts-dir", tmp_path, "fact", "troops.user-note", "--format", "json")
    assert json.loads(looked_up.stdout)["value"] == "quokkafigure"
    found = run("--facts-dir", tmp_path, "ask", "quokkafigure", "--format", "json")
    assert ids(json.loads(found.stdout))[0] == "troops.user-note"


@pytest.fixture
def broken_folder(tmp_path: Path) -> tuple[Path, int]:
    """A user folder with one broken file; returns it and the line of the broken key."""
    path = write_user_fact(tmp_path / "mine", "troops.user-broken", "x")
    text = path.read_text(encoding="utf-8").replace("quote = ", "qoute = ")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("qoute"))
    return path, line


def test_broken_user_file_warns_and_the_answer_still_comes(
    run: Run, broken_folder: tuple[Path, int]
) -> None:
    path, line = broken_folder
    result = run("--facts-dir", path.parent, "show", "troops", "--format", "json")
    assert result.exit_code == 0
    assert ids(json.loads(result.stdout)) == ids(records(run, "show", "troops"))
    assert f"{path}:{line}:" in result.stderr and "qoute" in result.stderr
    assert result.stderr.startswith("warning:")


@pytest.mark.parametrize("args", [("--strict",), ("--strict", "show", "troops"), ("validate",)])
def test_broken_user_file_is_fatal_under_strict_and_validate(
    run: Run, broken_folder: tuple[Path, int], args: tuple[str, ...]
) -> None:
    path, line = broken_folder
    result = run("--facts-dir", path.parent, *args)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert f"{path}:{line}:" in result.stderr


# --- the app of one command, which the console script runs ----------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["ask", QUESTION, "--format", "json"],
        ["--no-color", "show", "troops", "--format", "csv"],
        ["--facts-dir", "show", "show", "troops", "--format", "tsv"],  # a folder named "show"
        ["fact", EXAMPLE_FACT, "--format", "markdown"],
        ["show", "--help"],
        ["topics", "--format", "nosuch"],
        ["cite", "--style", "apa", "--accessed", "2026-11-25"],
    ],
    ids=lambda args: " ".join(args),
)
def test_the_one_command_app_answers_as_the_whole_app(args: list[str]) -> None:
    from typer.testing import CliRunner

    from belarus_cli.cli.commands import _app_for

    one = _app_for(args)
    assert one is not app
    assert len(one.registered_commands) == 1
    whole = CliRunner().invoke(app, args)
    alone = CliRunner().invoke(one, args)
    assert (alone.exit_code, alone.stdout, alone.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["shwo", "troops"], ["--strict"]])
def test_help_overview_and_unknown_commands_get_the_whole_app(args: list[str]) -> None:
    from belarus_cli.cli.commands import _app_for

    assert _app_for(args) is app


def test_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_cli.cli.commands import _app_for

    monkeypatch.setenv("_BELARUS_COMPLETE", "complete_bash")
    assert _app_for(["show", "tro"]) is app


def test_version_prints_without_building_the_app() -> None:
    """`belarus --version` reads the installed metadata and never imports Typer or Rich."""
    import subprocess
    import sys
    from importlib.metadata import version as from_metadata

    script = (
        "import sys; sys.argv = ['belarus', '--version']; import belarus_cli; "
        "belarus_cli.main(); print(sorted(m for m in ('typer', 'rich', 'click') "
        "if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout == f"belarus {from_metadata('belarus-cli')}\n"
    assert done.stderr.strip() == "[]"


# The command ends its process at once once the answer is out (belarus_cli._end): nothing
# written may be lost, no exit status changed, and no exit handler skipped.
ENDING = (
    "import atexit, sys\n"
    "import belarus_cli\n"
    "if sys.argv[1] == 'handler':\n"
    "    atexit.register(lambda: sys.stderr.write('handler ran\\n'))\n"
    "sys.argv = ['belarus', *sys.argv[2:]]\n"
    "belarus_cli.main()\n"
    "sys.stderr.write('main returned\\n')\n"
)


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["export", "-o", "-", "--format", "json"], 0),
        (["ask", "what is the GDP of Belarus", "--format", "json"], 1),
        (["show", "--no-such-option"], 2),
    ],
)
@pytest.mark.parametrize("handler", ["none", "handler"])
def test_the_process_ends_with_all_its_output_and_its_status(
    args: list[str], status: int, handler: str
) -> None:
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("BELARUS_")}
    done = subprocess.run(
        [sys.executable, "-c", ENDING, handler, *args], capture_output=True, text=True, env=env
    )
    assert done.returncode == status, done.stderr
    assert "main returned" not in done.stderr
    assert ("handler ran" in done.stderr) == (handler == "handler")
    if status != 2:
        assert json.loads(done.stdout)  # the whole document, to its end
    if args[0] == "export":
        assert len(json.loads(done.stdout)["facts"]) >= 100


def test_a_profiled_run_ends_the_way_python_ends_so_the_profile_is_written(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    profile = tmp_path / "run.prof"
    env = {k: v for k, v in os.environ.items() if not k.startswith("BELARUS_")}
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "belarus_cli", "topics"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert profile.stat().st_size > 0
