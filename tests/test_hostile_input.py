"""Hostile text in fact files and odd questions never reach the terminal raw (issue 7).

- Fact text with Rich markup, emoji codes, escape sequences, C0/C1 controls and bidi overrides
  is shown literally and escaped in tables and Markdown, exactly in JSON, and defused in
  CSV/TSV (OWASP: a cell a spreadsheet would run as a formula is prefixed with ').
- `belarus ask` with empty, huge, control-character, FTS5-operator, Cyrillic and emoji
  questions never crashes: exit 0 or 1 (2 for an empty question), and 1 comes with a message.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from belarus_cli.cli.commands import app

# --- running the command ------------------------------------------------------------------


def run_cli(
    args: Sequence[str | os.PathLike[str]], env: dict[str, str | None] | None = None
) -> Result:
    """Invoke `belarus`; any exception that escapes the CLI's own handling fails the test."""
    environment: dict[str, str | None] = {
        "BELARUS_FACTS_PATH": None,
        "NO_COLOR": None,
        "FORCE_COLOR": None,
        "COLUMNS": "400",
    }
    environment.update(env or {})
    result = CliRunner().invoke(app, [os.fspath(a) for a in args], env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"the CLI raised {result.exception!r}:\n{trace}")
    assert "Traceback" not in result.stdout + result.stderr
    assert result.exit_code != 70, result.stderr
    return result


# --- hostile fact text --------------------------------------------------------------------

PAYLOADS = {
    "rich-bold": "[bold]x[/bold]",
    "rich-link": "[link=http://evil.example]x[/link]",
    "rich-unbalanced-close": "a [/] b",
    "rich-bracket-escape": "\\[not-a-tag] [red",
    "emoji-code": ":smile: :flag_for_belarus:",
    "csi-clear-screen": "\x1b[2J\x1b[H",
    "csi-colour": "\x1b[31mred\x1b[0m",
    "osc-window-title": "\x1b]0;pwned\x07",
    "osc-8-hyperlink": "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\",
    "c0-controls": "nul\x00 bs\x08 vt\x0b ff\x0c cr\r so\x0e us\x1f del\x7f",
    "c1-controls": "csi\x9b2J osc\x9d0;t\x9c nel\x85",
    "bidi-override": "abc\u202edcba\u202c",
    "bidi-isolate": "\u2066isolated\u2069 \u2067rtl\u2069 \u2068first\u2069",
    "bidi-embedding": "\u202aleft\u202c \u202bright\u202c \u202dlro\u202c",
}
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile("\x1b\\[[0-9;]*m")  # Rich's own colour codes, on a forced terminal
# Rich's own hyperlinks, whose target may hold only URL characters (%-encoded otherwise).
OSC8 = re.compile("\x1b\\]8;(?:id=[0-9A-Za-z-]*)?;[A-Za-z0-9!#$%&'()*+,\\-./:;=?@_~]*\x1b\\\\")


def toml_string(text: str) -> str:
    """A TOML basic string holding `text` exactly, controls written as \\u escapes."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif UNSAFE.match(char) or char in "\n\t":
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def hostile_facts_toml(payloads: dict[str, str]) -> str:
    everything = " ".join(payloads.values())
    parts = [
        "[[source]]",
        'id = "hostile-source"',
        f"title = {toml_string('Source ' + everything)}",
        f"author = {toml_string('Author ' + payloads['osc-window-title'])}",
        'affiliation = "none"',
        f"publisher = {toml_string('Publisher ' + payloads['rich-bold'])}",
        "published = 2022-11-04",
        f"url = {toml_string('https://example.org/a path)' + payloads['osc-window-title'])}",
        'language = "en"',
        "",
        "[[topic]]",
        'id = "hostile"',
        f"title = {toml_string('Topic ' + everything)}",
        f"description = {toml_string('Description ' + everything)}",
        f"aliases = [{toml_string('alias ' + payloads['csi-clear-screen'])}]",
        "",
        "[[entity]]",
        'id = "hostile-person"',
        f"name = {toml_string('Person ' + payloads['bidi-override'])}",
        'kind = "person"',
        f"description = {toml_string(everything)}",
        "",
    ]
    for number, (name, payload) in enumerate(payloads.items(), start=1):
        parts += [
            "[[fact]]",
            f'id = "hostile.{name}"',
            'topics = ["hostile"]',
            f"statement = {toml_string(f'Statement {payload} end.')}",
            f"value = {toml_string(payload)}",
            'stated_by = ["hostile-person"]',
            f"attribution = {toml_string(f'attribution {payload}')}",
            f"quote = {toml_string(f'quote {payload} end')}",
            'source = "hostile-source"',
            f"section = {toml_string(f'Section {payload}')}",
            f"paragraph = {number}",
            f"keywords = [{toml_string(payload)}]",
            "",
        ]
    return "\n".join(parts) + "\n"


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "hostile.toml").write_text(hostile_facts_toml(PAYLOADS), encoding="utf-8")
    return folder


def test_the_hostile_file_loads_cleanly(hostile_dir: Path) -> None:
    result = run_cli(["--facts-dir", hostile_dir, "validate"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def assert_terminal_safe(output: str, *, own_colour: bool) -> None:
    """No control or bidi character, except newlines and (on a forced terminal) Rich's SGR."""
    shown = OSC8.sub("", SGR.sub("", output)) if own_colour else output
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(shown)})
    assert not found, f"raw control or bidi characters reached the output: {found}"


TABLE_COMMANDS = {
    "show": ["show", "hostile"],
    "fact": ["fact", "hostile.rich-bold"],
    "ask": ["ask", "statement", "end", "--limit", "50"],
    "topics": ["topics"],
    "sources": ["sources"],
}


@pytest.mark.parametrize("colour", ["FORCE_COLOR", "plain"])
@pytest.mark.parametrize("command", list(TABLE_COMMANDS))
def test_tables_escape_everything(hostile_dir: Path, command: str, colour: str) -> None:
    forced = colour == "FORCE_COLOR"
    env: dict[str, str | None] = {"FORCE_COLOR": "1"} if forced else {}
    args: list[str | os.PathLike[str]] = ["--facts-dir", hostile_dir, *TABLE_COMMANDS[command]]
    args += ["--format", "table"]
    result = run_cli(args, env=env)
    assert result.exit_code == 0, result.stderr
    if forced:
        assert "\x1b[" in result.stdout, "FORCE_COLOR=1 should have made a colour terminal"
    assert_terminal_safe(result.stdout, own_colour=forced)
    assert_terminal_safe(result.stderr, own_colour=False)
    if forced and command == "ask":
        return  # a terminal shows the card and three next matches; a pipe shows all 50
    plain = SGR.sub("", result.stdout)
    # Markup and emoji codes are printed as written, never interpreted.
    assert "[bold]x[/bold]" in plain
    assert "😄" not in plain
    if command in ("show", "ask", "topics"):
        assert "[link=http://evil.example]x[/link]" in plain
        assert "a [/] b" in plain
        assert ":smile:" in plain
        # Controls are shown as visible escapes.
        assert "\\x1b[2J" in plain
        assert "\\x1b]0;pwned\\x07" in plain
        assert "\\u202e" in plain
        assert "\\x9b" in plain


def test_the_bare_overview_escapes_topic_titles(hostile_dir: Path) -> None:
    result = run_cli(["--facts-dir", hostile_dir], env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout, own_colour=True)
    assert "[bold]x[/bold]" in result.stdout


@pytest.mark.parametrize("command", ["show", "fact", "ask", "topics", "sources"])
def test_markdown_escapes_everything(hostile_dir: Path, command: str) -> None:
    args: list[str | os.PathLike[str]] = ["--facts-dir", hostile_dir, *TABLE_COMMANDS[command]]
    args += ["--format", "markdown"]
    result = run_cli(args)
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout, own_colour=False)
    # Markdown shows brackets literally by escaping them; controls as visible escapes.
    assert "\\[bold\\]x\\[/bold\\]" in result.stdout
    assert "😄" not in result.stdout
    if command in ("show", "ask"):
        assert ":smile:" in result.stdout
        assert "\\\\x1b\\[2J" in result.stdout
        assert "\\\\u202e" in result.stdout


def test_markdown_links_stay_links(hostile_dir: Path) -> None:
    """A source URL with spaces, brackets or controls cannot break out of the Markdown link."""
    result = run_cli(["--facts-dir", hostile_dir, "show", "hostile", "--format", "markdown"])
    links = re.findall(r"\]\(([^)]*)\)", result.stdout)
    assert links
    for link in links:
        assert " " not in link and "(" not in link
        assert link.startswith("https://example.org/a%20path%29%1B%5D0;pwned%07")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_keeps_the_exact_text(hostile_dir: Path, fmt: str) -> None:
    result = run_cli(["--facts-dir", hostile_dir, "show", "hostile", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        records = json.loads(result.stdout)
    else:
        records = [json.loads(line) for line in result.stdout.splitlines()]
    by_id = {record["id"]: record for record in records}
    assert len(by_id) == len(PAYLOADS)
    for name, payload in PAYLOADS.items():
        record = by_id[f"hostile.{name}"]
        assert record["value"] == payload
        assert record["statement"] == f"Statement {payload} end."
        assert record["quote"] == f"quote {payload} end"
        assert record["attribution"] == f"attribution {payload}"
        assert record["keywords"] == [payload]
        assert record["citation"]["section"] == f"Section {payload}"
        assert record["stated_by"] == [f"Person {PAYLOADS['bidi-override']}"]
    # The document itself carries no raw control or bidi character: JSON escapes them.
    assert_terminal_safe(result.stdout, own_colour=False)


def test_json_of_one_fact_and_topics_keep_the_exact_text(hostile_dir: Path) -> None:
    result = run_cli(["--facts-dir", hostile_dir, "fact", "hostile.osc-8-hyperlink", "-f", "json"])
    assert json.loads(result.stdout)["value"] == PAYLOADS["osc-8-hyperlink"]
    topics = run_cli(["--facts-dir", hostile_dir, "topics", "--format", "json"])
    titles = {t["id"]: t["title"] for t in json.loads(topics.stdout)}
    assert titles["hostile"] == "Topic " + " ".join(PAYLOADS.values())
    assert_terminal_safe(topics.stdout, own_colour=False)


# --- spreadsheets ---------------------------------------------------------------------------

FORMULAS = {
    "equals": "=1+2",
    "plus": "+1+2",
    "minus-formula": "-1+2",
    "at": "@SUM(A1:A9)",
    "tab": "\t=1",
    "carriage-return": "\r=1",
    "newline": "\n=1",
    "dde": "=cmd|' /C calc'!A0",
}
NUMBERS = {"negative": "-5", "negative-decimal": "-2.5", "positive": "+3", "plain": "3000"}


@pytest.fixture
def formula_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "formulas"
    folder.mkdir()
    text = hostile_facts_toml(
        {
            **FORMULAS,
            **NUMBERS,
            "osc-window-title": "\x1b]0;t\x07",
            "rich-bold": "[bold]",
            "csi-clear-screen": "\x1b[2J",
            "bidi-override": "\u202e",
        }
    )
    (folder / "formulas.toml").write_text(text, encoding="utf-8")
    return folder


def _cells(fmt: str, output: str) -> list[dict[str, str]]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(output)))
    lines = output.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_spreadsheet_formulas_are_defused(formula_dir: Path, fmt: str) -> None:
    result = run_cli(["--facts-dir", formula_dir, "show", "hostile", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout.replace("\r\n", "\n"), own_colour=False)
    rows = {row["id"]: row for row in _cells(fmt, result.stdout)}
    for name in FORMULAS:
        value = rows[f"hostile.{name}"]["value"]
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (name, value)
    assert rows["hostile.equals"]["value"] == "'=1+2"
    assert rows["hostile.plus"]["value"] == "'+1+2"
    assert rows["hostile.minus-formula"]["value"] == "'-1+2"
    assert rows["hostile.at"]["value"] == "'@SUM(A1:A9)"
    assert rows["hostile.dde"]["value"] == "'=cmd|' /C calc'!A0"
    # Real numbers stay numbers.
    for name, number in NUMBERS.items():
        assert rows[f"hostile.{name}"]["value"] == number
    # Every cell of every row, not only the value column.
    for row in rows.values():
        for column, cell in row.items():
            if re.fullmatch(r"[+-]?\d+(?:\.\d+)?", cell):
                continue
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


def test_csv_keeps_tabs_quoted_inside_one_cell(formula_dir: Path) -> None:
    result = run_cli(["--facts-dir", formula_dir, "show", "hostile", "--format", "csv"])
    rows = {row["id"]: row for row in _cells("csv", result.stdout)}
    assert rows["hostile.tab"]["value"] == "'\t=1"
    assert rows["hostile.tab"]["statement"] == "Statement \t=1 end."


# --- hostile names outside the facts' text ---------------------------------------------------


STDERR_CASES = {
    "validate-names-the-file": ["--facts-dir", "{names}", "validate"],
    "show-warns-about-the-file": ["--facts-dir", "{names}", "show", "troops"],
    "not-found-suggests-the-alias": ["--facts-dir", "{good}", "show", "alias \x1b[2J"],
}


@pytest.mark.parametrize("case", list(STDERR_CASES))
def test_hostile_file_names_and_suggestions_reach_stderr_escaped(tmp_path: Path, case: str) -> None:
    names = tmp_path / "names"
    names.mkdir()
    (names / "evil\x1b]0;pwned\x07.toml").write_text("[[fact]\n", encoding="utf-8")
    good = tmp_path / "good"
    good.mkdir()
    (good / "t.toml").write_text(hostile_facts_toml(PAYLOADS), encoding="utf-8")
    args = [arg.format(names=names, good=good) for arg in STDERR_CASES[case]]
    result = run_cli(args)
    assert result.exit_code in (0, 1, 3)
    assert "pwned" in result.stderr or "alias" in result.stderr
    assert_terminal_safe(result.stderr, own_colour=False)


# --- odd questions ----------------------------------------------------------------------------

ODD_QUERIES = {
    "empty": "",
    "blank": "   ",
    "tabs-and-newlines": "\t\n\r",
    "100-kb-one-word": "a" * 100_000,
    "100-kb-of-words": "troops " * 14_300,
    "control-characters": "\x00\x01\x1b[2J\x07\x7f\x9b troops",
    "only-controls": "\x1b\x07\x00",
    "double-quote": '"',
    "unbalanced-quote": '"troops',
    "star": "*",
    "prefix-star": "troo*",
    "near": "NEAR(",
    "near-full": "NEAR(troops soldiers, 5)",
    "and": "AND",
    "or": "OR",
    "not": "NOT",
    "and-or-not": "troops AND OR NOT",
    "minus": "-",
    "minus-word": "-troops",
    "colon": ":",
    "column-filter": "statement:troops",
    "column-set": "{value statement}: troops",
    "caret": "^",
    "caret-word": "^troops",
    "open-paren": "(",
    "close-paren": ")",
    "parens": "(troops OR",
    "plus": "+",
    "single-quote": "'",
    "backslash": "\\",
    "sql": "'; DROP TABLE doc; --",
    "cyrillic": "Лукашенко",
    "cyrillic-sentence": "сколько российских войск в Беларуси",
    "belarusian": "Лукашэнка",
    "emoji": "🙂🇧🇾",
    "emoji-and-word": "troops 🪖",
    "bidi": "\u202etroops",
    "rich-markup": "[bold]troops[/bold]",
    "zero-width": "tr\u200boops",
    "combining": "troo\u0301ps",
    "fullwidth": "\uff54\uff52\uff4f\uff4f\uff50\uff53",
    "surrogate-free-astral": "\U0001d54b\U0001d55f\U0001d560\U0001d560\U0001d561\U0001d564",
    "digits": "3000",
    "percent": "5-10%",
}
# `ask -` reads the question from standard input, which is empty here.
EMPTY_QUERIES = {"empty", "blank", "tabs-and-newlines", "minus"}


@pytest.mark.parametrize("name", list(ODD_QUERIES))
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_odd_questions_never_crash(name: str, fmt: str) -> None:
    query = ODD_QUERIES[name]
    result = run_cli(["ask", "--format", fmt, "--", query])
    if name in EMPTY_QUERIES:
        assert result.exit_code == 2
        assert "the question is empty" in result.stderr
        return
    assert result.exit_code in (0, 1), result.stderr
    if result.exit_code == 1 and result.stdout:
        # Facts related to the question, none of which answers it.
        assert "no fact of the article answers" in (result.stderr + result.stdout).lower()
        if fmt == "json":
            assert not any(record["answers"] for record in json.loads(result.stdout))
    elif result.exit_code == 1:
        assert result.stderr.startswith("error: nothing matches")
    elif fmt == "json":
        assert json.loads(result.stdout)
    # Whatever was asked, nothing typed comes back to the terminal raw.
    assert_terminal_safe(result.stderr, own_colour=False)
    assert_terminal_safe(result.stdout, own_colour=False)


def test_a_lone_dash_reads_the_question_from_standard_input() -> None:

    result = CliRunner().invoke(app, ["ask", "-", "--format", "json"], input="troops\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)
    empty = CliRunner().invoke(app, ["ask", "-"], input="")
    assert empty.exit_code == 2
    assert "the question is empty" in empty.stderr


def test_the_odd_question_count() -> None:
    assert len(ODD_QUERIES) >= 40
