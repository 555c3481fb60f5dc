"""Untrusted text from fact files never acts in an output.

Every output that reaches a terminal, a Markdown file or a shell escapes controls, bidi
characters and invisible characters the same way (`escape.visible`); Markdown escapes its
syntax and links only to http(s) targets; CSV defuses formulas even after leading spaces; the
JSON and JSONL files keep every character of the data but hold no raw C1 control or bidi
character, as stdout JSON already did.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Run
from markdown_it import MarkdownIt

from belarus_cli.output import escape

GOOD = Path(__file__).parent / "data" / "good" / "widgets.toml"
FACT = "widgets.five-to-ten"
# What must never reach an output raw: C0 (but tab and newline), DEL, C1, bidi controls and
# marks, zero-width and format characters, tag characters, and the Unicode line separators.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2028\u2029"
    "\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)


def raw_in(text: str) -> list[str]:
    """The characters of RAW in `text`, with a little context each (empty: none)."""
    return [repr(text[max(0, m.start() - 20) : m.end() + 20]) for m in RAW.finditer(text)]


def fact_folder(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    """A folder with the widgets file, each (line start, new line) replacing that line."""
    folder = tmp_path / "facts"
    folder.mkdir(exist_ok=True)
    lines = GOOD.read_text(encoding="utf-8").splitlines()
    for start, new in replacements:
        index = next(i for i, line in enumerate(lines) if line.startswith(start))
        lines[index] = new
    (folder / "w.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_visible_escapes_every_invisible_and_format_character() -> None:
    hostile = "a\u200bb\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\U000e0041\u2028\u2029\udcff"
    shown = escape.visible(hostile)
    assert raw_in(shown) == []
    assert "\udcff" not in shown
    assert shown.startswith("a\\u200bb")
    assert "\\U000e0041" in shown
    # Tab and newline are layout, not hostile: they stay for outputs of several lines.
    assert escape.visible("a\tb\nc") == "a\tb\nc"


# --- D25: invisible characters and line breaks -------------------------------------------


def test_zero_width_bidi_marks_and_tags_are_escaped_in_tsv_and_tables(
    run: Run, tmp_path: Path
) -> None:
    folder = fact_folder(tmp_path, ("value =", 'value = "5\\u200b-\\u200f10\\U000E0041"'))
    for fmt in ("tsv", "csv", "markdown", "table"):
        result = run("--facts-dir", folder, "fact", FACT, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert raw_in(result.stdout) == []
        assert "\\u200b" in result.stdout


def test_a_line_break_in_a_source_title_forges_no_reference_line(run: Run, tmp_path: Path) -> None:
    forged = "Auseyushkin, Y. (2022). FORGED reference. https://evil.example"
    folder = fact_folder(tmp_path, ('title = "A test', f'title = "Widgets\\n{forged}"'))
    for style in ("apa", "mla", "chicago", "chicago-note", "harvard", "markdown"):
        result = run(
            "--facts-dir", folder, "cite", FACT, "--style", style, "--accessed", "2026-11-25"
        )
        assert result.exit_code == 0, result.stderr
        lines = result.stdout.splitlines()
        assert not any(line.startswith("Auseyushkin") for line in lines), lines
        assert "FORGED" in result.stdout
    overview = run("--facts-dir", folder)
    assert not any(line.startswith("Auseyushkin") for line in overview.stdout.splitlines())


# --- D13: shell completion ---------------------------------------------------------------


@pytest.mark.parametrize("shell", ["zsh", "fish", "bash"])
def test_completion_candidates_carry_no_escape_sequences(
    run: Run, tmp_path: Path, shell: str
) -> None:
    from typer.testing import CliRunner

    from belarus_cli.cli.commands import app

    payload = "\\u001b]52;c;cHduZWQ=\\u0007\\u001b[2J\\u202e"
    folder = fact_folder(tmp_path, ("value =", f'value = "{payload}"'))
    result = CliRunner().invoke(
        app,
        [],
        env={
            "_BELARUS_COMPLETE": f"complete_{shell}",
            "_TYPER_COMPLETE_ARGS": f"belarus --facts-dir {folder} fact widgets",
            "COMP_WORDS": f"belarus --facts-dir {folder} fact widgets",
            "COMP_CWORD": "4",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
        prog_name="belarus",
    )
    assert result.exit_code == 0
    assert FACT in result.stdout
    assert raw_in(result.stdout) == []


# --- D11, D12: Markdown ------------------------------------------------------------------

HOSTILE_SOURCE = """\
[[source]]
id = "s"
title = "T <script>alert(0)</script>"
author = "Eve [click](javascript:alert(1)) <img src=x onerror=alert(2)>"
affiliation = "a"
publisher = "<iframe src=//evil.example>"
published = 2022-11-04
url = "javascript:alert(document.cookie)//x><img src=x onerror=alert(3)>"
language = "en"

[[fact]]
id = "troops.s"
topics = ["troops"]
statement = "s"
stated_by = ["yan-auseyushkin"]
quote = "q <img src=x onerror=alert(4)>"
source = "s"
section = "Intro"
paragraph = 1
"""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("href", "src")]


def rendered(markdown: str) -> _Tags:
    """The Markdown as a CommonMark renderer (raw HTML allowed) turns it into HTML."""
    parser = _Tags()
    parser.feed(MarkdownIt("commonmark").render(markdown))
    return parser


def assert_inert(markdown: str) -> None:
    html = rendered(markdown)
    assert not set(html.tags) & {"script", "img", "iframe"}, (html.tags, markdown)
    assert all(link.startswith(("https://", "http://")) for link in html.links), html.links


@pytest.fixture
def hostile_source(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile-source"
    folder.mkdir()
    (folder / "s.toml").write_text(HOSTILE_SOURCE, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ("cite", "troops.s", "--style", "markdown"),
        ("cite", "--style", "markdown"),
        ("cite", "troops.s", "--style", "apa", "--markdown"),
        ("cite", "--style", "mla", "--markdown"),
        ("cite", "--style", "chicago-note", "--markdown"),
        ("fact", "troops.s", "--format", "markdown"),
        ("sources", "--format", "markdown"),
    ],
)
def test_markdown_outputs_hold_no_html_and_no_javascript_links(
    run: Run, hostile_source: Path, args: tuple[str, ...]
) -> None:
    result = run("--facts-dir", hostile_source, *args, "--accessed", "2026-11-25")
    if args[0] != "cite":
        result = run("--facts-dir", hostile_source, *args)
    assert result.exit_code == 0, result.stderr
    assert "onerror" not in result.stdout or "\\<img" in result.stdout
    assert_inert(result.stdout)


def test_markdown_export_holds_no_html_and_no_javascript_links(
    run: Run, hostile_source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "x.md"
    assert run("--facts-dir", hostile_source, "export", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "<javascript:" not in text
    assert_inert(text)


def test_an_http_link_in_markdown_stays_one_link(run: Run, tmp_path: Path) -> None:
    url = "https://example.org/a path)><img src=x onerror=alert(3)>"
    folder = fact_folder(tmp_path, ("url =", f'url = "{url}"'))
    target = tmp_path / "x.md"
    assert run("--facts-dir", folder, "export", "-o", target).exit_code == 0
    cited = run("--facts-dir", folder, "cite", FACT, "--style", "markdown").stdout
    for text in (target.read_text(encoding="utf-8"), cited):
        html = rendered(text)
        assert "img" not in html.tags
        links = [link for link in html.links if "example.org" in link]
        assert links and all(
            link.startswith("https://example.org/a%20path%29%3E%3Cimg") for link in links
        )


def test_markdown_export_writes_no_escape_sequences_from_the_url(run: Run, tmp_path: Path) -> None:
    url = "https://example.org/\\u001b]52;c;cHduZWQ=\\u0007\\u202e"
    folder = fact_folder(tmp_path, ("url =", f'url = "{url}"'))
    target = tmp_path / "x.md"
    assert run("--facts-dir", folder, "export", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert raw_in(text) == []


# --- D26: JSON and JSONL export files ----------------------------------------------------


@pytest.mark.parametrize("name", ["x.json", "x.jsonl"])
def test_json_export_files_escape_c1_and_bidi_but_keep_the_data(
    run: Run, tmp_path: Path, name: str
) -> None:
    folder = fact_folder(tmp_path, ("value =", 'value = "\\u009b2J\\u202eevil\\u200b"'))
    target = tmp_path / name
    assert run("--facts-dir", folder, "export", "-o", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert raw_in(text) == []
    if name.endswith(".jsonl"):
        facts = [json.loads(line) for line in text.splitlines()]
    else:
        facts = json.loads(text)["facts"]
    widget = next(f for f in facts if f["id"] == FACT)
    assert widget["value"] == "\x9b2J\u202eevil\u200b"
    shown = run("--facts-dir", folder, "fact", FACT, "--format", "json").stdout
    assert json.loads(shown)["value"] == widget["value"]
    assert raw_in(shown) == []


# --- D27: CSV formulas after leading white space -----------------------------------------


@pytest.mark.parametrize(
    "value",
    [' =HYPERLINK(\\"http://evil.example\\")', "   @SUM(1)", "\\u00a0=1+1", "\\u3000=1+1"],
)
def test_csv_defuses_a_formula_after_leading_white_space(
    run: Run, tmp_path: Path, value: str
) -> None:
    folder = fact_folder(tmp_path, ("value =", f'value = "{value}"'))
    shown = run("--facts-dir", folder, "fact", FACT, "--format", "csv").stdout
    target = tmp_path / "x.csv"
    assert run("--facts-dir", folder, "export", "-o", target).exit_code == 0
    for text in (shown, target.read_text(encoding="utf-8")):
        rows = list(csv.DictReader(io.StringIO(text)))
        (row,) = [r for r in rows if r["id"] == FACT]
        assert row["value"].startswith("'"), row["value"]


def test_csv_keeps_numbers_with_leading_spaces_as_numbers() -> None:
    assert escape.spreadsheet_safe(" -5") == " -5"
    assert escape.spreadsheet_safe("-5e3") == "'-5e3"  # as before: not a plain decimal
    assert escape.spreadsheet_safe("+5") == "+5"


# --- D28: the "wrote N facts to PATH" line -------------------------------------------------


def test_the_wrote_line_shows_the_path_escaped(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "w\x1b]0;pwned\x07.json"
    result = run("export", "-o", target)
    assert result.exit_code == 0, result.stderr
    assert target.is_file()
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "w\\x1b]0;pwned\\x07.json" in result.stderr


def test_the_internal_error_line_shows_its_message_escaped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from belarus_cli.cli.commands import app
    from belarus_cli.output import render as render_module

    def damaged(*args: object, **kwargs: object) -> None:
        raise ValueError("record \x1b]0;pwned\x07 \u202e")

    monkeypatch.setattr(render_module, "write_records", damaged)
    result = CliRunner().invoke(app, ["topics", "--format", "tsv"])
    assert result.exit_code == 70
    assert "internal error" in result.stderr
    assert raw_in(result.stderr) == []
    assert "\\x1b]0;pwned\\x07" in result.stderr


def test_the_coverage_report_shows_the_text_files_sentences_escaped(
    run: Run, tmp_path: Path, article_path: Path
) -> None:
    hostile = tmp_path / "article.txt"
    added = "A sentence \x1b]0;pwned\x07 no fact covers \u202e at all, nowhere in the facts."
    hostile.write_text(
        article_path.read_text(encoding="utf-8") + "\n\n" + added + "\n", encoding="utf-8"
    )
    result = run("validate", "--source-text", hostile, "--coverage")
    assert "pwned" in result.stdout, result.stderr
    assert raw_in(result.stdout) == []
