"""Broken fact files never crash `belarus` and never pass unnoticed (issue 7).

Every case below is a small user folder with one kind of damage. For each one:

- `belarus --facts-dir D validate` exits 3 and names the file, the line and the fix;
- `belarus --facts-dir D --strict show troops` exits 3;
- `belarus --facts-dir D show troops` exits 0, warns with file:line on stderr, and still prints
  the bundled troops facts (the broken file is left out whole);
- never a traceback.

The offending line of each file is marked with a `# bad` comment, so the expected line number
is read from the file rather than counted by hand.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from belarus_cli.cli.commands import app

BUNDLED_TROOPS_FACT = "troops.gur-just-over-3000"
MARK = "# bad"


# --- running the command ------------------------------------------------------------------


def run_cli(args: Sequence[str | os.PathLike[str]], env: dict[str, str] | None = None) -> Result:
    """Invoke `belarus`, failing the test on any exception that escaped the CLI's own handling."""
    environment: dict[str, str | None] = {
        "BELARUS_FACTS_PATH": None,
        "NO_COLOR": None,
        "FORCE_COLOR": None,
        "COLUMNS": "200",
    }
    environment.update(env or {})
    result = CliRunner().invoke(app, [os.fspath(a) for a in args], env=environment)
    assert_no_crash(result)
    return result


def assert_no_crash(result: Result) -> None:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"the CLI raised {result.exception!r}:\n{trace}")
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr
    assert result.exit_code != 70, f"internal error: {result.stderr}"


# --- writing fact files -------------------------------------------------------------------

FACT_KEYS = {
    "id": '"user.fact"',
    "topics": '["troops"]',
    "statement": '"A user\'s own fact about the troops."',
    "stated_by": '["belarus"]',
    "quote": "'''a user's own quote'''",
    "source": '"russiapost-belarus-2022"',
    "section": '"Introduction"',
    "paragraph": "2",
}


def fact(bad: str | None = None, **changes: str | None) -> str:
    """A valid [[fact]] table with some keys replaced, added (at the end) or dropped (None).

    `bad` names the key whose line is marked `# bad`, or "header" for the `[[fact]]` line.
    """
    keys: dict[str, str | None] = {**FACT_KEYS, **changes}
    lines = ["[[fact]]" + (f"  {MARK}" if bad == "header" else "")]
    for key, value in keys.items():
        if value is not None:
            lines.append(f"{key} = {value}" + (f"  {MARK}" if key == bad else ""))
    return "\n".join(lines) + "\n\n"


def big_file(count: int = 5000) -> str:
    """`count` valid facts, then one whose topic is misspelt: the error sits near the end."""
    parts = [
        fact(
            id=f'"user.generated-{n}"',
            value=f'"{n}"',
            quantity=f'{{ low = {n}, unit = "soldiers" }}',
            date='"2022-10"',
        )
        for n in range(count)
    ]
    parts.append(fact(bad="topics", id='"user.generated-last"', topics='["troopz"]'))
    return "".join(parts)


Content = str | bytes | Callable[[], str]


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, Content] = field(default_factory=dict)
    # Words the message must hold: what is wrong and how to fix it.
    expect: tuple[str, ...] = ()
    # The file the message names, relative to the user folder; "" names the folder itself.
    named: str | None = None
    # False: the problem has no line (a folder, a link, a file that cannot be read).
    has_line: bool = True
    # User fact ids that `show troops` still prints (from files without problems).
    shown: tuple[str, ...] = ()
    # Changes the folder after the files are written; returns the path given to --facts-dir.
    prepare: Callable[[Path], Path] | None = None
    posix_only: bool = False


def _missing_folder(folder: Path) -> Path:
    return folder / "no-such-folder"


def _file_not_folder(folder: Path) -> Path:
    return folder / "facts.toml"


def _unreadable(path_in_folder: str) -> Callable[[Path], Path]:
    def prepare(folder: Path) -> Path:
        target = folder / path_in_folder if path_in_folder else folder
        target.chmod(0)
        if os.access(target, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        return folder

    return prepare


def _symlink(target: str) -> Callable[[Path], Path]:
    def prepare(folder: Path) -> Path:
        try:
            (folder / "loop.toml").symlink_to(target)
        except OSError as error:  # pragma: no cover - Windows without the privilege
            pytest.skip(f"cannot make symbolic links here: {error}")
        return folder

    return prepare


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "pipe.toml")
    return folder


GOOD_TOPIC = '[[topic]]\nid = "user-topic"\ntitle = "A user topic"\ndescription = "Mine."\n\n'
# The same, with the mark on its first line: for damage that a reader meets at byte 0.
TOPIC_MARKED_AT_1 = GOOD_TOPIC.replace("[[topic]]", f"[[topic]]  {MARK}")

CASES = [
    # -- not TOML at all
    Case(
        "toml-unclosed-header",
        {"f.toml": f'[[fact]  {MARK}\nid = "user.x"\n'},
        ("invalid TOML", "see facts/README.md"),
    ),
    Case(
        "toml-unclosed-string",
        {"f.toml": fact(bad="statement", statement='"no closing quote')},
        ("invalid TOML", "see facts/README.md"),
    ),
    Case(
        "toml-duplicate-key",
        {"f.toml": fact(bad="section", section='"Introduction"\nsection = "Again"')},
        ("invalid TOML", "see facts/README.md"),
    ),
    Case(
        "toml-1.1-trailing-comma-in-inline-table",
        {"f.toml": fact(bad="quantity", quantity='{ low = 1, unit = "soldiers", }')},
        ("invalid TOML", "see facts/README.md"),
    ),
    Case(
        "toml-1.1-multi-line-inline-table",
        {"f.toml": fact(quantity=f'{{ low = 1,  {MARK}\n  unit = "soldiers" }}')},
        ("invalid TOML", "see facts/README.md"),
    ),
    Case(
        "toml-nested-too-deeply",
        {"f.toml": fact() + "keywords = " + "[" * 3000 + "]" * 3000 + f"  {MARK}\n"},
        ("nested too deeply", "see facts/README.md"),
    ),
    Case(
        "toml-integer-of-5000-digits",
        {"f.toml": fact(bad="paragraph", paragraph="1" * 5000)},
        ("too many digits", "see facts/README.md"),
    ),
    Case(
        "utf8-with-byte-order-mark",
        {"f.toml": b"\xef\xbb\xbf" + TOPIC_MARKED_AT_1.encode()},
        ("byte-order mark", "save the file as UTF-8 without BOM"),
    ),
    Case(
        "not-utf8-latin1",
        {"f.toml": fact(bad="quote", quote="'''caf\udce9'''").encode("utf-8", "surrogateescape")},
        ("not UTF-8", "byte 0xe9", "save the file as UTF-8"),
    ),
    Case(
        "not-utf8-utf16",
        {"f.toml": TOPIC_MARKED_AT_1.encode("utf-16")},
        ("not UTF-8", "save the file as UTF-8"),
    ),
    Case("empty-file", {"f.toml": ""}, ("the file is empty", "add [[fact]] tables")),
    Case(
        "comments-only-file",
        {"f.toml": f"# nothing here yet  {MARK}\n\n   \n"},
        ("the file is empty", "add [[fact]] tables"),
    ),
    # -- TOML, but not the fact format
    Case(
        "unknown-table-typo",
        {"f.toml": fact(bad="header").replace("[[fact]]", "[[facts]]")},
        ("unknown table [facts]", "did you mean [[fact]]?"),
    ),
    Case(
        "table-instead-of-array-of-tables",
        {"f.toml": fact(bad="header").replace("[[fact]]", "[fact]")},
        ("write [[fact]] (an array of tables)",),
    ),
    Case(
        "top-level-string",
        {"f.toml": f'fact = "troops"  {MARK}\n'},
        ("write [[fact]] (an array of tables)",),
    ),
    # -- wrong types
    Case(
        "statement-is-a-number",
        {"f.toml": fact(bad="statement", statement="5")},
        ("statement must be a string, not an integer",),
    ),
    Case(
        "topics-is-a-string",
        {"f.toml": fact(bad="topics", topics='"troops"')},
        ("topics must be a list", 'such as topics = ["troops"]'),
    ),
    Case(
        "topics-holds-a-number",
        {"f.toml": fact(bad="topics", topics='["troops", 3]')},
        ("topics must be a list of strings",),
    ),
    Case(
        "paragraph-is-a-string",
        {"f.toml": fact(bad="paragraph", paragraph='"3"')},
        ("paragraph must be a whole number from 1",),
    ),
    Case(
        "paragraph-is-zero",
        {"f.toml": fact(bad="paragraph", paragraph="0")},
        ("paragraph must be a whole number from 1",),
    ),
    Case(
        "paragraph-is-a-boolean",
        {"f.toml": fact(bad="paragraph", paragraph="true")},
        ("paragraph must be a whole number from 1",),
    ),
    Case(
        "quantity-low-is-a-string",
        {"f.toml": fact(bad="quantity", quantity='{ low = "3000", unit = "soldiers" }')},
        ("quantity low must be a number, not a string",),
    ),
    Case(
        "quantity-is-a-number",
        {"f.toml": fact(bad="quantity", quantity="3000")},
        ("quantity must be a table such as { low = 3000",),
    ),
    Case(
        "quantity-low-is-nan",
        {"f.toml": fact(bad="quantity", quantity='{ low = nan, unit = "soldiers" }')},
        ("quantity low must be a finite number",),
    ),
    Case(
        "quantity-high-is-inf",
        {"f.toml": fact(bad="quantity", quantity='{ low = 1, high = inf, unit = "soldiers" }')},
        ("quantity high must be a finite number",),
    ),
    Case(
        "date-is-an-integer",
        {"f.toml": fact(bad="date", date="2022")},
        ("date must be a TOML date such as 2022-10-15 or a string such as",),
    ),
    Case(
        "date-has-a-time",
        {"f.toml": fact(bad="date", date="2022-10-15T10:00:00")},
        ("a date and time was given", "write the date alone"),
    ),
    Case(
        "source-published-is-a-string",
        {
            "f.toml": '[[source]]\nid = "user-source"\ntitle = "T"\nauthor = "A"\n'
            'affiliation = "Af"\npublisher = "P"\n'
            f'published = "2022-11-04"  {MARK}\nurl = "https://example.org"\nlanguage = "en"\n'
        },
        ("published must be a TOML date such as 2022-11-04 (no quotes)",),
    ),
    Case(
        "entity-kind-misspelt",
        {
            "f.toml": '[[entity]]\nid = "user-person"\nname = "Someone"\n'
            f'kind = "persn"  {MARK}\ndescription = "A person."\n'
        },
        ("kind 'persn' is not one of", "did you mean 'person'?"),
    ),
    Case(
        "part-misspelt",
        {"f.toml": fact(bad="part", part='"pullquote"')},
        ("part 'pullquote' is not one of", "did you mean 'pull-quote'?"),
    ),
    # -- a reader's questions
    Case(
        "questions-only-one",
        {"f.toml": fact(bad="questions", questions='["How many soldiers?"]')},
        ("questions has 1, not 2 to 4", "give the questions a reader would ask"),
    ),
    Case(
        "questions-five",
        {
            "f.toml": fact(
                bad="questions", questions="[" + ", ".join(f'"Q{n}?"' for n in range(5)) + "]"
            )
        },
        ("questions has 5, not 2 to 4",),
    ),
    Case(
        "questions-without-question-mark",
        {"f.toml": fact(bad="questions", questions='["How many soldiers?", "troop numbers"]')},
        ("questions has 'troop numbers', which is no question", "end it with '?'"),
    ),
    Case(
        "questions-same-but-for-case",
        {
            "f.toml": fact(
                bad="questions", questions='["How many soldiers?", "how many  Soldiers?"]'
            )
        },
        ("twice", "drop one or ask another"),
    ),
    Case(
        "questions-too-long",
        {"f.toml": fact(bad="questions", questions=f'["Why{" so" * 100}?", "Who?"]')},
        ("questions has one of 304 characters, more than 200", "ask it as a reader would type"),
    ),
    Case(
        "questions-is-a-string",
        {"f.toml": fact(bad="questions", questions='"How many soldiers?"')},
        ("questions must be a list", 'such as questions = ["How many soldiers?"]'),
    ),
    Case(
        "questions-holds-an-empty-string",
        {"f.toml": fact(bad="questions", questions='["How many soldiers?", " "]')},
        ("questions has an empty string",),
    ),
    Case(
        "id-not-lower-case",
        {"f.toml": fact(bad="id", id='"Troops.Mine"')},
        ("is not a valid id", "use lower-case letters and digits"),
    ),
    Case(
        "stated-by-empty-list",
        {"f.toml": fact(bad="stated_by", stated_by="[]")},
        ("stated_by is empty", "give at least one"),
    ),
    Case(
        "stated-by-not-an-id",
        {"f.toml": fact(bad="stated_by", stated_by='["Lukashenka"]')},
        ("stated_by has 'Lukashenka', which is not a valid id", "use lower-case letters"),
    ),
    Case(
        "statement-blank",
        {"f.toml": fact(bad="statement", statement='"   "')},
        ("statement is empty", "write it"),
    ),
    # -- missing required keys
    Case(
        "fact-missing-statement",
        {"f.toml": fact(bad="header", statement=None)},
        ("missing required key 'statement'", "add it"),
    ),
    Case(
        "fact-missing-source",
        {"f.toml": fact(bad="header", source=None)},
        ("missing required key 'source'", "add it"),
    ),
    Case(
        "fact-missing-paragraph",
        {"f.toml": fact(bad="header", paragraph=None)},
        ("missing required key 'paragraph'", "only byline facts may leave it out"),
    ),
    Case(
        "topic-missing-title",
        {"f.toml": f'[[topic]]  {MARK}\nid = "user-topic"\ndescription = "Mine."\n'},
        ("missing required key 'title'", "add it"),
    ),
    Case(
        "quantity-missing-unit",
        {"f.toml": fact(bad="quantity", quantity="{ low = 3 }")},
        ("quantity is missing 'unit'", "add it"),
    ),
    # -- unknown keys, never ignored
    Case(
        "unknown-key-qoute",
        {"f.toml": fact(bad="qoute", quote=None, qoute="'''a user's own quote'''")},
        ("unknown key 'qoute'", "did you mean 'quote'?"),
    ),
    Case(
        "unknown-quantity-key",
        {"f.toml": fact(bad="quantity", quantity='{ low = 1, hihg = 2, unit = "soldiers" }')},
        ("quantity has unknown key 'hihg'", "did you mean 'high'?"),
    ),
    Case(
        "unknown-source-key",
        {
            "f.toml": '[[source]]\nid = "user-source"\ntitle = "T"\nauthor = "A"\n'
            f'auther = "A"  {MARK}\naffiliation = "Af"\npublisher = "P"\n'
            'published = 2022-11-04\nurl = "https://example.org"\nlanguage = "en"\n'
        },
        ("unknown key 'auther'", "did you mean 'author'?"),
    ),
    # -- duplicate ids
    Case(
        "duplicate-id-in-one-file",
        {"f.toml": fact(id='"user.same"') + fact(bad="id", id='"user.same"')},
        ("id already used at", "f.toml:2", "rename one"),
    ),
    Case(
        "duplicate-id-across-files",
        {"a.toml": fact(id='"user.same"'), "b.toml": fact(bad="id", id='"user.same"')},
        ("id already used at", "a.toml:2", "rename one"),
        named="b.toml",
        shown=("user.same",),
    ),
    Case(
        "duplicate-of-a-bundled-fact-id",
        {"f.toml": fact(bad="id", id=f'"{BUNDLED_TROOPS_FACT}"')},
        ("id already used at", "introduction.toml", "rename one"),
    ),
    Case(
        "duplicate-of-a-bundled-topic-id",
        {"f.toml": GOOD_TOPIC.replace('"user-topic"', f'"troops"  {MARK}')},
        ("topic 'troops': id already used at", "article.toml", "rename one"),
    ),
    Case(
        "duplicate-of-a-bundled-entity-id",
        {
            "f.toml": f'[[entity]]\nid = "belarus"  {MARK}\nname = "B"\nkind = "place"\n'
            'description = "Again."\n'
        },
        ("entity 'belarus': id already used at", "entities.toml", "rename one"),
    ),
    # -- references to records no file defines
    Case(
        "unknown-topic",
        {"f.toml": fact(bad="topics", topics='["troopz"]')},
        ("names topic 'troopz'", "did you mean 'troops'?", "add a [[topic]]"),
    ),
    Case(
        "unknown-entity-in-stated-by",
        {"f.toml": fact(bad="stated_by", stated_by='["belarus", "nobody-at-all"]')},
        ("names entity 'nobody-at-all'", "add a [[entity]]"),
    ),
    Case(
        "unknown-entity-in-about",
        {"f.toml": fact(bad="about", about='["belaruss"]')},
        ("names entity 'belaruss'", "did you mean 'belarus'?"),
    ),
    Case(
        "unknown-source",
        {"f.toml": fact(bad="source", source='"russiapost-2022"')},
        ("names source 'russiapost-2022'", "add a [[source]]"),
    ),
    # -- invalid and impossible dates
    Case(
        "date-feb-30-toml-literal",
        {"f.toml": fact(bad="date", date="2022-02-30")},
        ("invalid TOML", "see facts/README.md"),
    ),
    Case(
        "date-feb-30-string",
        {"f.toml": fact(bad="date", date='"2022-02-30"')},
        ("'2022-02-30' is not a real date", "check the day"),
    ),
    Case(
        "date-month-13",
        {"f.toml": fact(bad="date", date='"2022-13"')},
        ("'2022-13' has no month 13", "months run from 01 to 12"),
    ),
    Case(
        "date-month-00",
        {"f.toml": fact(bad="date", date='"2022-00"')},
        ("'2022-00' has no month 0", "months run from 01 to 12"),
    ),
    Case(
        "date-year-0000",
        {"f.toml": fact(bad="date", date='"0000-05"')},
        ("has no year 0", "years run from 0001"),
    ),
    Case(
        "date-season-wrong-form",
        {"f.toml": fact(bad="date", date='"spring 2021"')},
        ("'spring 2021' is not a date", "YYYY-spring"),
    ),
    Case(
        "date-period-ends-before-it-starts",
        {"f.toml": fact(bad="date", date='"2015/2012"')},
        ("ends before it starts", "swap"),
    ),
    # -- numbers
    Case(
        "quantity-low-above-high",
        {"f.toml": fact(bad="quantity", quantity='{ low = 10, high = 5, unit = "percent" }')},
        ("quantity low (10) is greater than high (5)", "swap them"),
    ),
    # -- the folder itself
    Case(
        "folder-does-not-exist",
        expect=("folder does not exist", "check the path given with --facts-dir"),
        named="no-such-folder",
        has_line=False,
        prepare=_missing_folder,
    ),
    Case(
        "file-given-as-folder",
        {"facts.toml": GOOD_TOPIC},
        ("is a file, not a folder", "name the folder that holds it"),
        named="facts.toml",
        has_line=False,
        prepare=_file_not_folder,
    ),
    Case(
        "folder-cannot-be-read",
        {"f.toml": GOOD_TOPIC},
        ("cannot read the folder", "chmod"),
        named="",
        has_line=False,
        prepare=_unreadable(""),
        posix_only=True,
    ),
    Case(
        "file-cannot-be-read",
        {"f.toml": GOOD_TOPIC},
        ("cannot read the file", "chmod"),
        has_line=False,
        prepare=_unreadable("f.toml"),
        posix_only=True,
    ),
    Case(
        "symlink-loop",
        expect=("symbolic link that leads nowhere", "remove it"),
        named="loop.toml",
        has_line=False,
        prepare=_symlink("loop.toml"),
    ),
    Case(
        "symlink-dangling",
        expect=("symbolic link that leads nowhere", "remove it"),
        named="loop.toml",
        has_line=False,
        prepare=_symlink("gone.toml"),
    ),
    Case(
        "named-pipe",
        expect=("is not a regular file",),
        named="pipe.toml",
        has_line=False,
        prepare=_fifo,
        posix_only=True,
    ),
    # -- size
    Case(
        "large-file-5000-facts-one-bad",
        {"big.toml": big_file},
        ("names topic 'troopz'", "did you mean 'troops'?"),
    ),
]


@dataclass(frozen=True)
class Prepared:
    folder: Path  # given to --facts-dir
    named: str  # the path the message must name
    line: int | None  # the line it must name; None when the problem has none


def _write(path: Path, content: Content) -> bytes:
    if callable(content):
        content = content()
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    path.write_bytes(data)
    return data


def _marked_line(data: bytes) -> int:
    for number, line in enumerate(data.splitlines(), start=1):
        if MARK.encode() in line or MARK.encode("utf-16-le") in line:
            return number
    return 1  # no mark: the problem is reported on the file's first line


@pytest.fixture
def prepared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Prepared]:
    case: Case = request.param
    if case.posix_only and os.name != "posix":  # pragma: no cover
        pytest.skip("needs POSIX permissions or named pipes")
    folder = tmp_path / "user-facts"
    folder.mkdir()
    written = {name: _write(folder / name, content) for name, content in case.files.items()}
    named_name = case.named if case.named is not None else next(iter(case.files))
    try:
        given = case.prepare(folder) if case.prepare else folder
        named = folder / named_name if named_name else folder
        line = _marked_line(written[named_name]) if case.has_line else None
        yield Prepared(given, str(named), line)
    finally:  # give back what _unreadable took, so that tmp_path can be cleaned up
        folder.chmod(0o755)
        for path in folder.iterdir():
            if not path.is_symlink():
                path.chmod(0o644)


def _case_params() -> list[object]:
    return [pytest.param(case, id=case.name) for case in CASES]


def _located(stderr: str, prefix: str, where: Prepared) -> list[str]:
    """The lines of stderr that report a problem at the expected file (and line)."""
    if where.line is not None:
        start = f"{prefix}: {where.named}:{where.line}: "
        return [line for line in stderr.splitlines() if line.startswith(start)]
    start = f"{prefix}: {where.named}: "  # a problem with a path but no line
    return [line for line in stderr.splitlines() if line.startswith(start)]


def test_the_matrix_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("prepared", _case_params(), indirect=True)
def test_validate_names_file_line_and_fix(
    prepared: Prepared, request: pytest.FixtureRequest
) -> None:
    case: Case = request.node.callspec.params["prepared"]
    result = run_cli(["--facts-dir", prepared.folder, "validate"])
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stdout == ""
    located = _located(result.stderr, "error", prepared)
    assert located, f"no error at {prepared.named}:{prepared.line} in:\n{result.stderr}"
    for words in case.expect:
        assert any(words in line for line in located), f"{words!r} not in {located}"
    assert "problem(s) in the fact files" in result.stderr


@pytest.mark.parametrize("prepared", _case_params(), indirect=True)
def test_strict_show_stops_with_exit_3(prepared: Prepared) -> None:
    result = run_cli(["--facts-dir", prepared.folder, "--strict", "show", "troops"])
    assert result.exit_code == 3, result.stdout + result.stderr
    assert result.stdout == ""
    assert _located(result.stderr, "error", prepared), result.stderr


@pytest.mark.parametrize("prepared", _case_params(), indirect=True)
def test_show_warns_and_still_prints_the_bundled_facts(
    prepared: Prepared, request: pytest.FixtureRequest
) -> None:
    case: Case = request.node.callspec.params["prepared"]
    result = run_cli(["--facts-dir", prepared.folder, "show", "troops", "--format", "tsv"])
    assert result.exit_code == 0, result.stderr
    assert _located(result.stderr, "warning", prepared), result.stderr
    ids = [line.split("\t", 1)[0] for line in result.stdout.splitlines()[1:]]
    assert BUNDLED_TROOPS_FACT in ids
    # A file with a problem is left out whole: none of its facts slip through.
    assert [fact_id for fact_id in ids if fact_id.startswith("user.")] == list(case.shown)


def test_a_large_valid_file_loads(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    text = big_file(5000)
    (folder / "big.toml").write_text(text[: text.rindex("[[fact]]")], encoding="utf-8")
    bundled = run_cli(["validate"])
    result = run_cli(["--facts-dir", folder, "validate"])
    assert result.exit_code == 0, result.stderr
    count = int(re.search(r"(\d+) facts", bundled.stdout)[1])  # type: ignore[index]
    assert f" {count + 5000} facts" in result.stdout
    shown = run_cli(["--facts-dir", folder, "fact", "user.generated-4999", "--format", "json"])
    assert shown.exit_code == 0, shown.stderr
    assert '"low": 4999' in shown.stdout


def test_duplicate_id_in_one_file_points_at_both_lines(tmp_path: Path) -> None:
    """The message is at the second definition and names the first: not one line twice."""
    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "f.toml").write_text(fact(id='"user.same"') + fact(id='"user.same"'))
    result = run_cli(["--facts-dir", folder, "validate"])
    assert result.exit_code == 3
    assert f"{folder / 'f.toml'}:12: fact 'user.same': id already used at " in result.stderr
    assert f"already used at {folder / 'f.toml'}:2 " in result.stderr


def test_problems_without_a_line_do_not_claim_line_0(tmp_path: Path) -> None:
    result = run_cli(["--facts-dir", tmp_path / "missing", "validate"])
    assert result.exit_code == 3
    assert f"error: {tmp_path / 'missing'}: folder does not exist" in result.stderr


# Root reads everything, so the chmod 000 cases above skip there; these simulate the refusal.


def test_a_folder_that_refuses_listing_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path.glob quietly yields nothing for such a folder: the user's facts would vanish."""
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "f.toml").write_text(GOOD_TOPIC, encoding="utf-8")
    scandir = os.scandir

    def refuse(path: str | os.PathLike[str] = ".") -> object:
        if Path(os.fspath(path)) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = run_cli(["--facts-dir", folder, "validate"])
    assert result.exit_code == 3
    assert f"error: {folder}: cannot read the folder: Permission denied — " in result.stderr


def test_a_file_that_refuses_reading_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    locked = folder / "f.toml"
    locked.write_text(GOOD_TOPIC, encoding="utf-8")
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = run_cli(["--facts-dir", folder, "validate"])
    assert result.exit_code == 3
    assert f"error: {locked}: cannot read the file: Permission denied — " in result.stderr
    shown = run_cli(["--facts-dir", folder, "show", "troops", "--format", "tsv"])
    assert shown.exit_code == 0
    assert BUNDLED_TROOPS_FACT in shown.stdout


def test_a_folder_whose_parent_refuses_search_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Path.is_dir raises PermissionError (not False) when a parent may not be searched."""
    folder = tmp_path / "parent" / "child"
    is_dir = Path.is_dir

    def refuse(self: Path) -> bool:
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return is_dir(self)

    monkeypatch.setattr(Path, "is_dir", refuse)
    result = run_cli(["--facts-dir", folder, "validate"])
    assert result.exit_code == 3
    assert f"error: {folder}: cannot read the folder: Permission denied — " in result.stderr


# --- the fast TOML parser and the reference one ---------------------------------------------


def _reference_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_cli.load import toml_text

    monkeypatch.setattr(toml_text, "_fast_parser", lambda: None)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="toml-rs needs Python 3.11")
def test_the_fast_parser_is_installed_and_used() -> None:
    from belarus_cli.load import toml_text

    assert toml_text._fast_parser() is not None


@pytest.mark.parametrize("prepared", _case_params(), indirect=True)
def test_the_fast_parser_finds_the_same_problems_as_the_reference_one(
    prepared: Prepared, monkeypatch: pytest.MonkeyPatch
) -> None:
    from belarus_cli.load.loading import load

    with_fast = load([prepared.folder])
    _reference_only(monkeypatch)
    reference = load([prepared.folder])
    assert with_fast.problems == reference.problems
    assert with_fast.skipped == reference.skipped
    assert with_fast.base.facts == reference.base.facts


@pytest.mark.parametrize("case", [c for c in CASES if c.prepare is None], ids=lambda c: c.name)
def test_the_fast_parser_refuses_whatever_the_reference_one_refuses(case: Case) -> None:
    if sys.version_info < (3, 11):  # pragma: no cover
        import tomli as tomllib
    else:
        import tomllib

    from belarus_cli.load.toml_text import parse_toml

    for content in case.files.values():
        data = content() if callable(content) else content
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                continue  # refused before any parser sees it
        try:
            expected: object = tomllib.loads(data)
        except (ValueError, RecursionError) as error:
            expected = type(error)
        try:
            got: object = parse_toml(data)
        except (ValueError, RecursionError) as error:
            got = type(error)
        assert repr(got) == repr(expected)  # repr: nan is not equal to itself


def test_the_fast_parser_reads_every_real_fact_file_as_the_reference_one() -> None:
    if sys.version_info < (3, 11):  # pragma: no cover
        import tomli as tomllib
    else:
        import tomllib

    from belarus_cli.load.toml_text import parse_toml

    root = Path(__file__).parent.parent
    paths = sorted((root / "facts").rglob("*.toml")) + sorted((root / "tests").rglob("*.toml"))
    assert len(paths) > 10
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            expected: object = tomllib.loads(text)
        except ValueError as error:
            expected = type(error)
        try:
            got: object = parse_toml(text)
        except ValueError as error:
            got = type(error)
        assert repr(got) == repr(expected), path
