"""The index built file by file as the files are parsed is the index of the whole fact base.

A large corpus is indexed while it is parsed: rows for the facts a file can index on its own
go in at once, before the checks across files; the rows of files those checks leave out are
taken out again, and facts that refer to other files are indexed at the end. Whatever the
mix, the database must hold exactly what indexing the loaded FactBase in one go gives.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from belarus_cli.index.pipeline import Pipeline
from belarus_cli.index.schema import ANSWERS_WHO
from belarus_cli.index.writer import write_index
from belarus_cli.load import fact_file, loading, parallel
from belarus_cli.load.hook import Prepared
from belarus_cli.load.loading import load
from belarus_cli.load.locations import facts_folders
from belarus_cli.load.parsed import ParsedFile

if TYPE_CHECKING:
    from conftest import Closes

DATA = Path(__file__).parent / "data"

SELF_CONTAINED = """
[[source]]
id = "{name}-source"
title = "An article about {name}"
author = "Bo Writer"
affiliation = "Institute"
publisher = "Press"
published = 2022-01-02
url = "https://example.org/{name}"
language = "en"

[[topic]]
id = "{name}"
title = "All about {name}"
description = "Facts about {name}."

[[entity]]
id = "{name}-person"
name = "Jan {name}"
kind = "person"
description = "Counts {name}"

[[fact]]
id = "{name}.count"
topics = ["{name}"]
statement = "Jan {name} counted 3,000 {name} in 2021."
value = "3,000"
quantity = {{ low = 3000, unit = "{name}" }}
date = "2021"
stated_by = ["{name}-person"]
quote = '''counted 3,000 {name}'''
source = "{name}-source"
section = "Introduction"
paragraph = 1
"""


def extra_fact(fact_id: str, topic: str, entity: str, value: str = "") -> str:
    value_line = f'value = "{value}"\n' if value else ""
    return f"""
[[fact]]
id = "{fact_id}"
topics = ["{topic}"]
statement = "A fact that names {entity}."
{value_line}stated_by = ["{entity}"]
about = ["{entity}"]
quote = '''names {entity}'''
source = "russiapost-belarus-2022"
section = "Introduction"
paragraph = 2
"""


def figure_fact(fact_id: str, low: int) -> str:
    """A figure for the bundled facts' measure of Russian troops in Belarus."""
    return f"""
[[fact]]
id = "{fact_id}"
topics = ["troops"]
statement = "A count of {low} Russian soldiers."
value = "{low}"
quantity = {{ measure = "russian-troops-in-belarus", low = {low}, unit = "soldiers" }}
stated_by = ["yan-auseyushkin"]
quote = '''{low} soldiers'''
source = "russiapost-belarus-2022"
section = "Introduction"
paragraph = 2
"""


def passing_files() -> dict[str, str]:
    """Files that pass every check across files, whatever is beside them."""
    return {
        # Indexed where it is parsed, whole.
        "a-own.toml": SELF_CONTAINED.format(name="zebras"),
        # Refers to the bundled facts' topic and entity: indexed at the end, in its place.
        "b-shared.toml": extra_fact("shared.one", "troops", "yan-auseyushkin")
        + extra_fact("shared.two", "bases", "alexander-lukashenka", value="Jan zebras"),
        # Half and half: one fact indexed at once, one at the end.
        "c-half.toml": SELF_CONTAINED.format(name="lions")
        + extra_fact("half.names-a-zebra-counter", "lions", "zebras-person"),
    }


def folder_of(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    files = {
        **passing_files(),
        # Indexed at once, then left out: its fact id is already used by a-own.toml.
        "d-duplicate.toml": SELF_CONTAINED.format(name="otters").replace(
            'id = "otters.count"', 'id = "zebras.count"'
        ),
        # Indexed at once, then left out: a reference no file defines.
        "e-unknown.toml": SELF_CONTAINED.format(name="moles")
        + extra_fact("moles.other", "moles", "nobody-at-all"),
        # Its own problem: never indexed.
        "f-broken.toml": SELF_CONTAINED.format(name="voles").replace(
            "paragraph = 1", "paragraph = 'x'"
        ),
    }
    return folder_of(tmp_path / "mixed", files)


def tables(db: sqlite3.Connection, counted: bool = True) -> dict[str, list[tuple[object, ...]]]:
    """Every table's content, with row numbers and the positions of topics, sources and
    entities replaced by their order. Each word keeps the number of files that have it, but
    with `counted` false: a whole FactBase indexed at once has no files."""
    order = [fact_id for (fact_id,) in db.execute("SELECT id FROM fact ORDER BY row")]
    by_row = dict(db.execute("SELECT row, id FROM fact"))
    dump: dict[str, list[tuple[object, ...]]] = {"fact order": [(i,) for i in order]}
    columns = "id, main_topic, paragraph, has_value, has_quantity, has_date, about_person"
    columns += f", {ANSWERS_WHO}, record, link_prefix, link_suffix"
    dump["fact"] = sorted(db.execute(f"SELECT {columns} FROM fact AS f"))
    # The full-text index keeps no copy of its documents: every word it holds, where.
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, doc, instance)")
    dump["doc"] = sorted(
        (by_row[rowid], *place)
        for rowid, *place in db.execute("SELECT doc, term, col, offset FROM temp.words")
    )
    assert dump["doc"], "the full-text index holds no words"
    for table, name in (("fact_topic", "topic"), ("fact_entity", "entity")):
        dump[table] = sorted(
            (by_row[row], value) for row, value in db.execute(f"SELECT row, {name} FROM {table}")
        )
    for table, columns in (
        ("fact_date", "row, start, end, paragraph"),
        ("fact_measure", "row, measure, unit, low, high"),
    ):
        dump[table] = sorted(
            (by_row[row], *rest) for row, *rest in db.execute(f"SELECT {columns} FROM {table}")
        )
    for table in ("topic", "source", "entity"):
        columns = "id, record, crc" + (", facts" if table == "topic" else "")
        dump[table] = list(db.execute(f"SELECT {columns} FROM {table} ORDER BY position"))
    dump["alias"] = sorted(db.execute("SELECT * FROM alias"))
    dump["topic_word"] = sorted(db.execute("SELECT * FROM topic_word"))
    dump["measure_group"] = sorted(
        (measure, unit, figures, by_row[first])
        for measure, unit, figures, first in db.execute("SELECT * FROM measure_group")
    )
    dump["word"] = sorted(db.execute("SELECT * FROM word" if counted else "SELECT word FROM word"))
    dump["fact_value"] = sorted(
        (by_row[row], v) for row, v in db.execute("SELECT * FROM fact_value")
    )
    # The fingerprints of a cached index are of its files; write_index is given no problems.
    ignored = "('fingerprint', 'code', 'format', 'problems', 'skipped')"
    dump["meta"] = sorted(db.execute(f"SELECT * FROM meta WHERE key NOT IN {ignored}"))
    return dump


def whole_base_index(folders: list[Path], closes: Closes[sqlite3.Connection]) -> sqlite3.Connection:
    db = closes(sqlite3.connect(":memory:"))
    write_index(db, load(folders).base, {})
    return db


def streamed_index(folders: list[Path], closes: Closes[sqlite3.Connection]) -> sqlite3.Connection:
    return closes(Pipeline(folders[1:], no_cache=True).open().db)


@pytest.mark.parametrize("where", ["this process", "worker processes"])
def test_the_streamed_index_is_the_index_of_the_loaded_facts(
    monkeypatch: pytest.MonkeyPatch,
    mixed_folder: Path,
    where: str,
    closes: Closes[sqlite3.Connection],
) -> None:
    if where == "worker processes":
        monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 1)
        monkeypatch.setattr(parallel, "_usable_cpus", lambda: 2)
    folders = facts_folders([mixed_folder, DATA / "good", DATA / "broken"])
    streamed = tables(streamed_index(folders, closes), counted=False)
    expected = tables(whole_base_index(folders, closes), counted=False)
    assert streamed == expected
    ids = {fact_id for (fact_id,) in streamed["fact order"]}
    assert {"zebras.count", "shared.one", "shared.two", "lions.count"} <= ids
    assert {"half.names-a-zebra-counter", "widgets.at-least-3000"} <= ids
    assert not {"moles.count", "otters.count", "voles.count"} & ids


def test_a_value_that_names_a_person_of_another_file_answers_who(
    mixed_folder: Path, closes: Closes[sqlite3.Connection]
) -> None:
    db = streamed_index(facts_folders([mixed_folder]), closes)
    answers = dict(db.execute(f"SELECT id, {ANSWERS_WHO} FROM fact AS f"))
    assert answers["shared.two"] == 1  # "Jan zebras" is a person of a-own.toml
    assert answers["shared.one"] == 1  # about a person
    assert answers["zebras.count"] == 0


def test_the_words_of_left_out_files_are_not_known(
    mixed_folder: Path, closes: Closes[sqlite3.Connection]
) -> None:
    db = streamed_index(facts_folders([mixed_folder]), closes)
    known = {word for (word,) in db.execute("SELECT word FROM word")}
    assert {"zebras", "lions"} <= known
    assert not {"moles", "otters", "voles"} & known


# --- a build that takes the unchanged files from the out-of-date index --------------------


def cached_index(folder: Path, closes: Closes[sqlite3.Connection]) -> sqlite3.Connection:
    """The on-disk index of the bundled facts and `folder`, as `belarus` builds it."""
    from belarus_cli.index import cache

    pipeline = Pipeline([folder])
    db = closes(pipeline.open().db)
    path = cache.index_path(pipeline.folders())
    assert Path(db.execute("PRAGMA database_list").fetchone()[2]) == path
    return db


def age(folder: Path) -> None:
    """Give every file an mtime well in the past, as files have that nobody is editing."""
    for path in folder.iterdir():
        os.utime(path, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(path, ns=(1_600_000_100_000_000_000, 1_600_000_100_000_000_000))


def replace_in(name: str, old: str, new: str) -> tuple[str, Callable[[Path], object]]:
    return name, lambda folder: edit(folder / name, old, new)


def parses_counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files parsed from now on, in this process or in workers, as they are parsed."""
    parsed: list[Path] = []
    real_parse = fact_file.parse_file

    def parse_file(path: Path) -> ParsedFile:
        parsed.append(path)
        return real_parse(path)

    monkeypatch.setattr(parallel, "parse_file", parse_file)
    return parsed


def assert_as_fresh(
    db: sqlite3.Connection, folder: Path, closes: Closes[sqlite3.Connection]
) -> None:
    """The index holds what a fresh build of the folder holds, problems included."""
    fresh_db = streamed_index(facts_folders([folder]), closes)
    assert tables(db) == tables(fresh_db)
    problems = "SELECT key, value FROM meta WHERE key IN ('problems', 'skipped') ORDER BY key"
    assert db.execute(problems).fetchall() == fresh_db.execute(problems).fetchall()


# What happens to the folder between two runs: the file it changes, and how.
EDITS: dict[str, tuple[str, Callable[[Path], object]]] = {
    "one file changes": replace_in("a-own.toml", "counted 3,000", "counted 4,000"),
    "a file comes first": (
        "0-new.toml",
        lambda f: (f / "0-new.toml").write_text(SELF_CONTAINED.format(name="newts"), "utf-8"),
    ),
    "a file goes": ("c-half.toml", lambda f: (f / "c-half.toml").unlink()),
    "a file breaks": replace_in("a-own.toml", "paragraph = 1", "paragraph = 'x'"),
    "a broken file is mended": replace_in("f-broken.toml", "paragraph = 'x'", "paragraph = 1"),
    "an edit takes an id another file has": replace_in(
        "c-half.toml", 'id = "lions.count"', 'id = "zebras.count"'
    ),
    "the id taken is given back": replace_in(
        "d-duplicate.toml", 'id = "zebras.count"', 'id = "otters.count"'
    ),
    "the file that kept an id gives it up": replace_in(
        "a-own.toml", 'id = "zebras.count"', 'id = "zebras.tally"'
    ),
    "a name that another file refers to changes": replace_in(
        "a-own.toml", 'name = "Jan zebras"', 'name = "Ida zebras"'
    ),
}


@pytest.mark.parametrize("change", list(EDITS))
@pytest.mark.parametrize("where", ["this process", "worker processes"])
def test_a_build_from_the_earlier_index_equals_a_fresh_one(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    mixed_folder: Path,
    change: str,
    where: str,
    closes: Closes[sqlite3.Connection],
) -> None:
    if where == "worker processes":
        monkeypatch.setattr(parallel, "PARALLEL_FROM_FILES", 1)
        monkeypatch.setattr(parallel, "_usable_cpus", lambda: 2)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    age(mixed_folder)
    cached_index(mixed_folder, closes)
    parsed = parses_counted(monkeypatch)
    changed, make_change = EDITS[change]
    make_change(mixed_folder)
    rebuilt = cached_index(mixed_folder, closes)
    parsed_again = set(parsed)

    assert_as_fresh(rebuilt, mixed_folder, closes)
    # A file whose facts are all indexed in place, unchanged and kept, is not parsed again;
    # in the other mixed files, something is left out or refers to another file.
    if changed != "a-own.toml":
        assert mixed_folder / "a-own.toml" not in parsed_again


@pytest.fixture
def clean_folder(tmp_path: Path) -> Path:
    """Files with no problem across files: an update can check the changed ones alone."""
    files = {
        **passing_files(),
        "g-own.toml": SELF_CONTAINED.format(name="geckos"),
        "h-figure.toml": figure_fact("troops.a-count", 4000),
    }
    return folder_of(tmp_path / "clean", files)


# Edits of the clean folder, and the files an update then parses again when it can check the
# changed files alone (None: it checks every file). A file that refers to another's records
# is parsed again only when one of those records changes.
CLEAN_EDITS: dict[str, tuple[Callable[[Path], object], set[str] | None]] = {
    "one file changes": (
        lambda f: edit(f / "g-own.toml", "counted 3,000", "counted 4,000"),
        {"g-own.toml"},
    ),
    "a file comes first": (
        lambda f: (f / "0-new.toml").write_text(SELF_CONTAINED.format(name="newts"), "utf-8"),
        {"0-new.toml"},
    ),
    "a file goes": (lambda f: (f / "g-own.toml").unlink(), set()),
    "a figure of a measure goes": (lambda f: (f / "h-figure.toml").unlink(), set()),
    "a figure of a measure comes": (
        lambda f: (f / "i-figure.toml").write_text(figure_fact("troops.b-count", 5000), "utf-8"),
        {"i-figure.toml"},
    ),
    "a file another refers to changes a name": (
        lambda f: edit(f / "a-own.toml", 'name = "Jan zebras"', 'name = "Ida zebras"'),
        {"a-own.toml", "c-half.toml"},
    ),
    "a file another refers to changes elsewhere": (
        lambda f: edit(f / "a-own.toml", "counted 3,000", "counted 4,000"),
        {"a-own.toml"},
    ),
    "a file adds a topic and a person": (
        lambda f: (f / "g-own.toml").write_text(
            SELF_CONTAINED.format(name="geckos") + SELF_CONTAINED.format(name="skinks"), "utf-8"
        ),
        {"g-own.toml"},
    ),
    "a file another refers to goes": (lambda f: (f / "a-own.toml").unlink(), None),
    "a file another refers to breaks": (
        lambda f: edit(f / "a-own.toml", "paragraph = 1", "paragraph = 'x'"),
        None,
    ),
    "an edit takes an id another file has": (
        lambda f: edit(f / "g-own.toml", 'id = "geckos.count"', 'id = "zebras.count"'),
        None,
    ),
    "an edit takes a topic another file has": (
        lambda f: edit(f / "g-own.toml", 'id = "geckos"', 'id = "zebras"'),
        None,
    ),
}


@pytest.mark.parametrize("change", list(CLEAN_EDITS))
def test_an_update_that_checks_the_changed_files_alone_equals_a_fresh_build(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    clean_folder: Path,
    change: str,
    closes: Closes[sqlite3.Connection],
) -> None:
    from belarus_cli.load import parsed as parsed_module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    age(clean_folder)
    cached_index(clean_folder, closes)
    summaries_read: list[Path] = []
    real_from_summary = parsed_module.parsed_from_summary

    def from_summary(path: Path, summary: dict[str, object]) -> ParsedFile:
        summaries_read.append(path)
        return real_from_summary(path, summary)

    monkeypatch.setattr(parsed_module, "parsed_from_summary", from_summary)
    parsed = parses_counted(monkeypatch)
    make_change, parsed_again = CLEAN_EDITS[change]
    make_change(clean_folder)
    updated = cached_index(clean_folder, closes)
    parsed_by_the_update = {path.name for path in parsed}

    assert_as_fresh(updated, clean_folder, closes)
    # Checked alone, the unchanged files are not even read back from their summaries, and
    # only the changed ones and those that refer to a changed record are parsed.
    assert (summaries_read == []) is (parsed_again is not None)
    if parsed_again is not None:
        assert parsed_by_the_update == parsed_again


def test_preparing_a_file_leaves_it_as_parsed_and_says_which_facts_it_indexed(
    mixed_folder: Path,
) -> None:
    from belarus_cli.index.rows import prepare_file

    parsed = fact_file.parse_file(mixed_folder / "c-half.toml")
    facts = list(parsed.facts)
    prepared = prepare_file(parsed, 0)
    assert parsed.facts == facts
    assert prepared.indexed == {"lions.count"}
    assert prepared.summary is None  # half of it waits for the other files


def test_loading_into_an_index_names_what_it_leaves_for_the_index_to_finish(
    mixed_folder: Path,
) -> None:
    from belarus_cli.index.rows import prepare_file

    class Sink:
        def __init__(self) -> None:
            self.received: dict[str, list[str]] = {}

        def held(self) -> None:
            return None

        def reuse(self, path: Path) -> tuple[ParsedFile, Prepared] | None:
            return None

        def receive(self, parsed: ParsedFile, prepared: Prepared | None, ordinal: int) -> None:
            self.received[parsed.path.name] = [fact.id for fact in parsed.facts]

    sink = Sink()
    folders = facts_folders([mixed_folder])
    result = loading.load_indexed(folders, prepare_file, sink)
    assert sink.received["a-own.toml"] == []  # every fact of it came as rows
    assert sink.received["c-half.toml"] == ["half.names-a-zebra-counter"]
    assert {"half.names-a-zebra-counter", "shared.one"} <= set(result.unindexed.facts)
    assert not {"zebras.count", "lions.count"} & set(result.unindexed.facts)
    # Loading alone keeps every fact of the good files.
    assert {"zebras.count", "lions.count", "shared.one"} <= set(load(folders).base.facts)
