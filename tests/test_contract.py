"""The typed JSON contract of a fact: the README's keys, the CLI's real output and the columns
of the CSV and SQLite exports all agree with core/contract.py."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from belarus_cli.core.contract import (
    CSV_FACT_COLUMNS,
    FLAT_FACT,
    SQL_FACT_COLUMNS,
    CitationRecord,
    FactRecord,
    QuantityRecord,
)
from belarus_cli.output.columns import COLUMNS

if TYPE_CHECKING:
    from conftest import Run

README = Path(__file__).resolve().parent.parent / "README.md"
FACT = "troops.gur-just-over-3000"  # one with a quantity, a date and a citation


def readme_fact_keys() -> tuple[set[str], dict[str, set[str]]]:
    """The README's fact object: its keys, and the keys of each {…} it spells out."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    match = re.search(r"- A fact object: (.*?), where `link`", text)
    assert match, "the README's JSON contract describes a fact object"
    described = match.group(1)
    nested = {
        name: {key.strip() for key in keys.split(",")}
        for name, keys in re.findall(r"`(\w+)`[^`]*?`\{([^}]*)\}`", described)
    }
    top = set(re.findall(r"`([a-z_]+)`", described))
    return top, nested


def test_the_typed_dict_has_the_readmes_keys() -> None:
    top, nested = readme_fact_keys()
    assert set(FactRecord.__annotations__) == top
    assert set(QuantityRecord.__annotations__) == nested["quantity"]
    assert set(CitationRecord.__annotations__) == nested["citation"]


def test_a_real_fact_in_json_has_exactly_the_typed_keys(run: Run) -> None:
    result = run("fact", FACT, "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) == set(FactRecord.__annotations__)
    assert set(record["quantity"]) == set(QuantityRecord.__annotations__)
    assert set(record["citation"]) == set(CitationRecord.__annotations__)


def test_every_flat_field_is_a_key_of_the_contract() -> None:
    nested = {"quantity": QuantityRecord, "citation": CitationRecord}
    for key, _, _ in FLAT_FACT:
        head, _, tail = key.partition(".")
        assert head in FactRecord.__annotations__, key
        if tail:
            assert tail in nested[head].__annotations__, key


def test_the_csv_header_of_a_fact_is_its_declared_columns(run: Run) -> None:
    result = run("fact", FACT, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header = next(csv.reader(result.stdout.splitlines()))
    assert header == [column.title for column in COLUMNS["fact"]]


def test_the_csv_export_header_is_the_flat_declaration(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    result = run("export", "--format", "csv", "-o", target)
    assert result.exit_code == 0, result.stderr
    with target.open(encoding="utf-8", newline="") as rows:
        header = next(csv.reader(rows))
    assert header == [column for column, _ in CSV_FACT_COLUMNS]
    assert header == [column for _, column, _ in FLAT_FACT if column]


def test_the_sqlite_facts_table_has_the_declared_columns(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "facts.db"
    result = run("export", "--format", "sqlite", "-o", target)
    assert result.exit_code == 0, result.stderr
    connection = sqlite3.connect(target)
    try:
        table = connection.execute("PRAGMA table_info(facts)").fetchall()
        row = connection.execute("SELECT * FROM facts WHERE id = ?", (FACT,)).fetchone()
    finally:
        connection.close()
    assert [(name, kind) for _, name, kind, *_ in table] == [
        tuple(sql.split()[:2]) for sql, _ in SQL_FACT_COLUMNS
    ]
    shown = json.loads(run("fact", FACT, "--format", "json").stdout)
    expected = {
        "quantity_low": shown["quantity"]["low"],
        "source_id": shown["citation"]["source"],
        "link": shown["citation"]["link"],
        "keywords": json.dumps(shown["keywords"], ensure_ascii=False),
    }
    columns = dict(zip([name for _, name, *_ in table], row, strict=True))
    assert {name: columns[name] for name in expected} == expected
