"""The index built file by file as the files are parsed is the index of the whole fact base.

A large corpus is indexed while it is parsed: rows for the facts a file can index on its own
go in at once, before the checks across files; the rows of files those checks leave out are
taken out again, and facts that refer to other files are indexed at the end. Whatever the
mix, the database must hold exactly what indexing the loaded FactBase in one go gives.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from belarus_cli import loading
from belarus_cli.environment import Environment
from belarus_cli.indexing import write_index
from belarus_cli.loading import load
from belarus_cli.locations import facts_folders

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


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    files = {
        # Indexed where it is parsed, whole.
        "a-own.toml": SELF_CONTAINED.format(name="zebras"),
        # Refers to the bundled facts' topic and entity: indexed at the end, in its place.
        "b-shared.toml": extra_fact("shared.one", "troops", "yan-auseyushkin")
        + extra_fact("shared.two", "bases", "alexander-lukashenka", value="Jan zebras"),
        # Half and half: one fact indexed at once, one at the end.
        "c-half.toml": SELF_CONTAINED.format(name="lions")
        + extra_fact("half.names-a-zebra-counter", "lions", "zebras-person"),
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
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def tables(db: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """Every table's content, with row numbers replaced by the order of the facts."""
    order = [fact_id for (fact_id,) in db.execute("SELECT id FROM fact ORDER BY row")]
    by_row = dict(db.execute("SELECT row, id FROM fact"))
    dump: dict[str, list[tuple[object, ...]]] = {"fact order": [(i,) for i in order]}
    columns = "id, main_topic, paragraph, has_value, has_quantity, has_date, answers_who, record"
    dump["fact"] = sorted(db.execute(f"SELECT {columns} FROM fact"))
    dump["doc"] = sorted(
        (by_row[rowid], *texts) for rowid, *texts in db.execute("SELECT rowid, * FROM doc")
    )
    for table in ("fact_topic", "fact_entity"):
        dump[table] = sorted(
            (by_row[row], name) for row, name in db.execute(f"SELECT * FROM {table}")
        )
    for table in ("topic", "source", "alias", "word"):
        dump[table] = sorted(db.execute(f"SELECT * FROM {table}"))
    dump["meta"] = sorted(db.execute("SELECT * FROM meta WHERE key NOT IN ('problems', 'skipped')"))
    return dump


def whole_base_index(folders: list[Path]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    write_index(db, load(folders).base, {})
    return db


def streamed_index(folders: list[Path]) -> sqlite3.Connection:
    env = Environment(facts_dirs=folders[1:])
    index = env._index_in_memory(progress=False)
    return index.db


@pytest.mark.parametrize("where", ["this process", "worker processes"])
def test_the_streamed_index_is_the_index_of_the_loaded_facts(
    monkeypatch: pytest.MonkeyPatch, mixed_folder: Path, where: str
) -> None:
    if where == "worker processes":
        monkeypatch.setattr(loading, "PARALLEL_FROM_FILES", 1)
        monkeypatch.setattr(loading, "_usable_cpus", lambda: 2)
    folders = facts_folders([mixed_folder, DATA / "good", DATA / "broken"])
    streamed = tables(streamed_index(folders))
    expected = tables(whole_base_index(folders))
    assert streamed == expected
    ids = {fact_id for (fact_id,) in streamed["fact order"]}
    assert {"zebras.count", "shared.one", "shared.two", "lions.count"} <= ids
    assert {"half.names-a-zebra-counter", "widgets.at-least-3000"} <= ids
    assert not {"moles.count", "otters.count", "voles.count"} & ids


def test_a_value_that_names_a_person_of_another_file_answers_who(mixed_folder: Path) -> None:
    db = streamed_index(facts_folders([mixed_folder]))
    answers = dict(db.execute("SELECT id, answers_who FROM fact"))
    assert answers["shared.two"] == 1  # "Jan zebras" is a person of a-own.toml
    assert answers["shared.one"] == 1  # about a person
    assert answers["zebras.count"] == 0


def test_the_words_of_left_out_files_are_not_known(mixed_folder: Path) -> None:
    db = streamed_index(facts_folders([mixed_folder]))
    known = {word for (word,) in db.execute("SELECT word FROM word")}
    assert {"zebras", "lions"} <= known
    assert not {"moles", "otters", "voles"} & known
