"""The outputs in the real clients they promise: the SQLite export in sqlite-utils
and Datasette (full-text search, metadata), CSL-JSON in pandoc's citeproc, BibTeX in a BibTeX
parser. Each client is run as a user would: its own CLI or API, no server."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from conftest import Closes, Run

from belarus_cli.core.model import FactBase

ACCESSED = "2026-11-25"
KEY = "auseyushkin2022belarus"


def client(*args: str | Path, module: str) -> subprocess.CompletedProcess[str]:
    """Run a client's own command line (`python -m sqlite_utils ...`) and return its result."""
    command = [sys.executable, "-m", module, *(str(a) for a in args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled facts exported as facts.db, with metadata.json beside it."""
    from typer.testing import CliRunner

    from belarus_cli.cli.commands import app

    folder = tmp_path_factory.mktemp("clients")
    target = folder / "facts.db"
    result = CliRunner().invoke(
        app, ["export", "-o", str(target), "--metadata", str(folder / "metadata.json")]
    )
    assert result.exit_code == 0, result.output
    return target


def words_of(base: FactBase, fact_id: str) -> str:
    fact = base.facts[fact_id]
    return " ".join(
        [fact.statement, fact.value or "", fact.quote, fact.attribution or "", *fact.keywords]
    )


# --- sqlite-utils ----------------------------------------------------------------------------


def test_sqlite_utils_finds_the_search_table_and_searches_it(
    exported: Path, base: FactBase
) -> None:
    db = sqlite_utils.Database(exported)
    try:
        facts = db["facts"]
        assert isinstance(facts, sqlite_utils.db.Table)
        assert facts.detect_fts() == "facts_fts"
        found = [row["id"] for row in facts.search("prisoners")]
    finally:
        db.close()
    assert found, "no fact found for 'prisoners'"
    # Porter stemming: "prisoners" matches prisoner, prisoners, prison.
    assert all("prison" in words_of(base, fact).lower() for fact in found)
    expected = {f for f in base.facts if "prisoners" in base.facts[f].statement.lower()}
    assert expected <= set(found)


def test_sqlite_utils_search_on_the_command_line(exported: Path, base: FactBase) -> None:
    result = client("search", exported, "facts", "prisoners", "-c", "id", module="sqlite_utils")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(row["id"] in base.facts for row in rows)
    assert any("political-prisoners" in row["id"] or "prisoner" in row["id"] for row in rows)


def test_the_search_index_follows_edits_of_the_rows(
    exported: Path, tmp_path: Path, closes: Closes[sqlite3.Connection]
) -> None:
    copy = tmp_path / "edited.db"
    shutil.copy(exported, copy)
    db = sqlite_utils.Database(copy)
    try:
        facts = db["facts"]
        assert isinstance(facts, sqlite_utils.db.Table)
        gur = "troops.gur-just-over-3000"
        facts.update(gur, {"statement": "zanzibarian widgets"})
        assert [row["id"] for row in facts.search("zanzibarian")] == [gur]
        facts.delete(gur)
        assert list(facts.search("zanzibarian")) == []
        facts.insert({**_row(db, "troops.belarusian-mod-9000"), "id": "x.new", "quote": "quokka"})
        assert [row["id"] for row in facts.search("quokka")] == ["x.new"]
    finally:
        db.close()
    checked = closes(sqlite3.connect(copy))
    checked.execute("INSERT INTO facts_fts (facts_fts) VALUES ('integrity-check')")


def _row(db: sqlite_utils.Database, fact_id: str) -> dict[str, Any]:
    facts = db["facts"]
    assert isinstance(facts, sqlite_utils.db.Table)
    return dict(facts.get(fact_id))


# --- Datasette -------------------------------------------------------------------------------


def datasette_get(exported: Path, path: str) -> str:
    metadata = exported.parent / "metadata.json"
    result = client(exported, "--metadata", metadata, "--get", path, module="datasette")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_datasette_search_finds_what_sqlite_utils_finds(exported: Path) -> None:
    searched = json.loads(
        datasette_get(exported, "/facts/facts.json?_search=prisoners&_shape=array&_size=max")
    )
    db = sqlite_utils.Database(exported)
    try:
        facts = db["facts"]
        assert isinstance(facts, sqlite_utils.db.Table)
        expected = {row["id"] for row in facts.search("prisoners")}
    finally:
        db.close()
    assert searched, "Datasette's search gave nothing"
    assert {row["id"] for row in searched} == expected
    nothing = json.loads(datasette_get(exported, "/facts/facts.json?_search=zanzibar&_shape=array"))
    assert nothing == []


def test_datasette_shows_the_search_box(exported: Path) -> None:
    page = datasette_get(exported, "/facts/facts")
    assert 'name="_search"' in page


def test_datasette_reads_title_source_and_licence(exported: Path, base: FactBase) -> None:
    (source,) = base.sources.values()
    shown = json.loads(datasette_get(exported, "/-/metadata.json"))
    assert source.title in shown["title"]
    assert shown["source"] == source.publisher == "Russia.Post"
    assert shown["source_url"] == source.url
    assert shown["license"] == "MIT"
    page = datasette_get(exported, "/")
    assert source.title.replace("'", "&#39;") in page or source.title in page
    assert source.url in page
    assert "MIT" in page


def test_metadata_only_with_a_sqlite_export(run: Run, tmp_path: Path) -> None:
    result = run("export", "-o", tmp_path / "f.json", "--metadata", tmp_path / "m.json")
    assert result.exit_code == 2
    assert "--metadata" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_metadata_is_not_replaced_without_force(run: Run, tmp_path: Path) -> None:
    metadata = tmp_path / "metadata.json"
    metadata.write_text("mine", encoding="utf-8")
    result = run("export", "-o", tmp_path / "f.db", "--metadata", metadata)
    assert result.exit_code == 2
    assert metadata.read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "f.db").exists()


# --- pandoc's citeproc -----------------------------------------------------------------------


def pandoc() -> str:
    found = shutil.which("pandoc")
    if found is None:
        pytest.skip("pandoc is not installed (.ci/run installs it from Debian's packages)")
    return found


def test_pandoc_citeproc_cites_the_article_once_with_each_locator(run: Run, tmp_path: Path) -> None:
    cited = run(
        "cite",
        "troops.gur-just-over-3000",
        "troops.belarusian-mod-9000",
        "--style",
        "csl-json",
        "--accessed",
        ACCESSED,
    )
    assert cited.exit_code == 0, cited.stderr
    ids = [item["id"] for item in json.loads(cited.stdout)]
    assert ids == [KEY]  # the article once: a bibliography holds each work once
    bibliography = tmp_path / "cites.json"
    bibliography.write_text(cited.stdout, encoding="utf-8")
    text = tmp_path / "draft.md"
    text.write_text(
        f"Troops [@{KEY}, para. 3]. More troops [@{KEY}, para. 12].\n", encoding="utf-8"
    )
    result = subprocess.run(
        [
            pandoc(),
            "--citeproc",
            "--bibliography",
            str(bibliography),
            "-t",
            "plain",
            "--wrap=none",
            str(text),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no unknown key, no duplicate
    body, _, references = result.stdout.partition("\n\n")
    assert body == "Troops (Auseyushkin 2022, para. 3). More troops (Auseyushkin 2022, para. 12)."
    assert references.count("Auseyushkin, Yan. 2022.") == 1
    assert "Russia.Post" in references
    assert "https://russiapost.info/politics/belarus" in references


# --- BibTeX ----------------------------------------------------------------------------------


def parsed(path: Path) -> Any:
    import bibtexparser

    # bibtexparser 2 exports parse_string without marking it so for type checkers.
    library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert library.failed_blocks == [], [type(b).__name__ for b in library.failed_blocks]
    return library


def test_appending_citations_to_a_bib_file_keeps_one_entry(run: Run, tmp_path: Path) -> None:
    refs = tmp_path / "refs.bib"
    refs.write_text("@book{other2020, title = {Other}, author = {Someone}}\n", encoding="utf-8")
    fact, other = "troops.gur-just-over-3000", "troops.belarusian-mod-9000"
    for args in ((), (fact,), (fact, other), (other,), ()):
        result = run("cite", *args, "--style", "bibtex", "--accessed", ACCESSED, "--append", refs)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
    library = parsed(refs)
    assert sorted(entry.key for entry in library.entries) == [KEY, "other2020"]
    (article,) = [entry for entry in library.entries if entry.key == KEY]
    assert article["journaltitle"] == "Russia.Post"
    assert article["url"] == "https://russiapost.info/politics/belarus"
    text = refs.read_text(encoding="utf-8")
    assert text.count(f"% {fact}: \\autocite[para.~3]{{{KEY}}}") == 1
    assert text.count(f"% {other}: ") == 1


def test_bibtex_printed_for_facts_parses_as_one_entry(run: Run, tmp_path: Path) -> None:
    refs = tmp_path / "refs.bib"
    result = run(
        "cite",
        "troops.gur-just-over-3000",
        "troops.belarusian-mod-9000",
        "--style",
        "bibtex",
        "--accessed",
        ACCESSED,
    )
    refs.write_text(result.stdout, encoding="utf-8")
    assert [entry.key for entry in parsed(refs).entries] == [KEY]


def test_append_is_for_bibtex_and_regular_files(run: Run, tmp_path: Path) -> None:
    wrong = run("cite", "--style", "apa", "--append", tmp_path / "refs.bib")
    assert wrong.exit_code == 2
    assert "--style bibtex" in wrong.stderr
    pipe = tmp_path / "pipe.bib"
    import os

    os.mkfifo(pipe)
    refused = run("cite", "--style", "bibtex", "--append", pipe)
    assert refused.exit_code == 2
    assert "not a regular file" in refused.stderr
