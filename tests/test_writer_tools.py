"""The writer's tools on the real facts: timeline, who, compare, export and shell completion."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer
from typer.testing import CliRunner, Result

from belarus_cli.cli.commands import (
    app,
    complete_compare,
    complete_entity,
    complete_fact,
    complete_style,
    complete_topic,
)
from belarus_cli.core.model import FactBase
from belarus_cli.output import comparison_bars, writing
from belarus_cli.output import export as export_module
from belarus_cli.query.complete import entity_candidates, matching, topic_candidates
from belarus_cli.query.search import SearchIndex

if TYPE_CHECKING:
    from conftest import Closes, Run

ANSI = re.compile(r"\x1b\[")
# Paragraph 12's "several thousand" restates the intelligence estimate of paragraph 3 ("As
# mentioned above"): one estimate, so one figure.
TROOP_FIGURES = {
    "just over 3,000": "Main Directorate of Intelligence of the Ukrainian Defense Ministry",
    "9,000": "Belarusian Ministry of Defense",
}


def _json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_json_is_in_order_with_sortable_dates(run: Run, base: FactBase) -> None:
    rows = _json(run("timeline", "--format", "json"))
    keys = [(row["date"], row["date_end"]) for row in rows]
    assert keys == sorted(keys)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]) for row in rows)
    dated = [fact.id for fact in base.facts.values() if fact.date is not None]
    assert sorted(row["id"] for row in rows if row["kind"] == "fact") == sorted(dated)


def test_timeline_places_partial_dates_and_periods(run: Run) -> None:
    rows = _json(run("timeline", "--format", "json"))
    order = [row["id"] for row in rows]
    first = rows[0]
    assert (first["date"], first["date_end"], first["when"]) == (
        "2012-01-01",
        "2015-12-31",
        "2012\u20132015",
    )
    assert first["period"] == "2012/2015"
    assert order.index("bases.discussed-2012-15") < order.index("bases.babich-2018-no-base-needed")
    spring = order.index("bases.training-centers-spring-2021")
    assert rows[spring]["when"] == "spring 2021"
    assert rows[spring]["date"] == "2021-03-01"
    assert spring < order.index("war-role.state-tv-hints-summer-2021")
    assert order.index("war-role.state-tv-hints-summer-2021") < order.index(
        "bases.first-aircraft-august-2021"
    )
    # A fact record's fields come along: the citation, the value, who states it.
    gur = rows[order.index("troops.gur-just-over-3000")]
    assert gur["value"] == "just over 3,000"
    assert gur["citation"]["paragraph"] == 3


def test_timeline_marks_the_publication(run: Run) -> None:
    rows = _json(run("timeline", "--format", "json"))
    published = [row for row in rows if row["kind"] == "published"]
    assert len(published) == 1
    marker = published[0]
    assert marker["date"] == "2022-11-04"
    assert marker["id"] == "russiapost-belarus-2022"
    index = rows.index(marker)
    # Before every fact dated that day, after everything that starts earlier.
    assert all(row["date"] < "2022-11-04" or row["date_end"] > "2022-11-04" for row in rows[:index])
    assert all(row["date"] == "2022-11-04" for row in rows[index + 1 :])
    table = run("timeline", "--format", "table").stdout
    assert re.search(r"4 November 2022\s+published: Russia\.Post published", table)


def test_timeline_filters_by_date_and_topic(run: Run) -> None:
    rows = _json(run("timeline", "--from", "2022-08", "--to", "2022-09", "--format", "json"))
    assert rows
    assert all(row["date"] <= "2022-09-30" and row["date_end"] >= "2022-08-01" for row in rows)
    assert "published" not in {row["kind"] for row in rows}
    assert "public-opinion.poll-45-oppose-russian-actions" in {row["id"] for row in rows}
    bases = _json(run("timeline", "--topic", "military bases", "--format", "json"))
    assert all("bases" in row["topics"] for row in bases if row["kind"] == "fact")
    assert {row["kind"] for row in bases} == {"fact", "published"}


def test_timeline_tsv_has_one_line_per_row(run: Run) -> None:
    result = run("timeline", "--format", "tsv")
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:4] == ["date", "date_end", "when", "kind"]
    assert len(lines) == 1 + len(_json(run("timeline", "--format", "json")))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--from", "last year"), 2, "--from 'last year' is not a date"),
        (("--to", "2022-13"), 2, "--to '2022-13' has no month 13"),
        (("--from", "1990", "--to", "1991"), 1, "no dated facts"),
        (("--topic", "nonsense"), 1, "no topic called 'nonsense'"),
    ],
)
def test_timeline_errors(run: Run, args: tuple[str, ...], code: int, message: str) -> None:
    result = run("timeline", *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


# --- who ---------------------------------------------------------------------------------------


def test_who_lists_every_entity_with_kind_and_role(run: Run, base: FactBase) -> None:
    rows = _json(run("who", "--format", "json"))
    assert len(rows) == len(base.entities)
    assert {row["kind"] for row in rows} <= {e.kind for e in base.entities.values()}
    assert all(row["description"] for row in rows)
    header = run("who", "--format", "tsv").stdout.splitlines()[0]
    assert header.split("\t") == ["id", "name", "kind", "aliases", "description"]


def test_who_lukashenko_finds_lukashenka_with_his_facts(run: Run, base: FactBase) -> None:
    (record,) = _json(run("who", "Lukashenko", "--format", "json"))
    assert record["id"] == "alexander-lukashenka"
    assert record["name"] == "Alexander Lukashenka"
    assert record["kind"] == "person"
    states = {f.id for f in base.facts.values() if "alexander-lukashenka" in f.stated_by}
    about = {f.id for f in base.facts.values() if "alexander-lukashenka" in f.about}
    assert states and about
    assert {f["id"] for f in record["stated_facts"]} == states == set(record["states"])
    assert {f["id"] for f in record["about_facts"]} == about == set(record["about"])


def test_who_table_shows_card_and_facts(run: Run) -> None:
    out = run("who", "lukashenko", "--format", "table").stdout
    assert "Alexander Lukashenka" in out
    assert "Head of the Belarusian regime" in out
    assert "What Alexander Lukashenka states (" in out
    assert "What is said about Alexander Lukashenka (" in out
    assert not ANSI.search(out)


def test_who_table_shows_each_fact_once(run: Run) -> None:
    # A fact both stated by and about someone is listed once, among what they state.
    import json

    (record,) = json.loads(run("who", "lukashenko", "--format", "json").stdout)
    stated = {fact["id"] for fact in record["stated_facts"]}
    about = {fact["id"] for fact in record["about_facts"]}
    assert stated & about, "the data has a fact both stated by and about Lukashenka"
    out = run("who", "lukashenko", "--format", "table").stdout
    for fact_id in stated | about:
        assert out.count(f" {fact_id} ") == 1, fact_id


def test_who_tsv_gives_facts_with_role(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("who", "Hajun", "--format", "csv").stdout)))
    assert {row["role"] for row in rows} == {"stated_by", "about"}
    assert {row["entity"] for row in rows} == {"Belarusian Hajun"}


def test_who_unknown_exits_1(run: Run) -> None:
    result = run("who", "Zelensky-Smith")
    assert result.exit_code == 1
    assert "no person, organisation or place called" in result.stderr


# --- compare -----------------------------------------------------------------------------------


def test_compare_troops_json_has_each_estimate_once(run: Run) -> None:
    (group,) = _json(run("compare", "troops", "--format", "json"))
    assert group["measure"] == "russian-troops-in-belarus"
    assert group["unit"] == "soldiers"
    figures = {f["value"]: f for f in group["figures"]}
    assert set(figures) == set(TROOP_FIGURES)
    for value, who in TROOP_FIGURES.items():
        assert figures[value]["stated_by"] == [who]
        assert figures[value]["as_of"] == "4 November 2022"
        assert figures[value]["citation"]["link"].startswith("https://russiapost.info/")
    assert [f["quantity"]["low"] for f in group["figures"]] == [3000, 9000]
    assert "troops.ukrainian-intelligence-several-thousand" not in {
        f["id"] for f in group["figures"]
    }


def test_compare_without_argument_lists_measures_with_two_figures(run: Run, base: FactBase) -> None:
    groups = _json(run("compare", "--format", "json"))
    counts: dict[str, int] = {}
    for fact in base.facts.values():
        if fact.quantity and fact.quantity.measure:
            counts[fact.quantity.measure] = counts.get(fact.quantity.measure, 0) + 1
    assert [g["measure"] for g in groups] == [m for m, n in counts.items() if n >= 2]
    assert all(len(g["figures"]) >= 2 for g in groups)


def test_compare_table_in_a_pipe_is_plain_and_shows_who_and_when(run: Run) -> None:
    out = run("compare", "troops", "--format", "table").stdout
    assert not ANSI.search(out)
    assert not set("█▓▒░─│╭") & set(out)
    for value, who in TROOP_FIGURES.items():
        line = next(line for line in out.splitlines() if line.startswith(value))
        assert "#" in line
        assert who in out
    bars = {
        line.split("  ")[0]: line.rstrip().split("  ")[-1].strip()
        for line in out.splitlines()
        if line.startswith(tuple(TROOP_FIGURES))
    }
    # Open-ended figures fade out to the right; the exact one does not.
    assert bars["just over 3,000"].endswith("~~>")
    assert bars["9,000"] == "#" * len(bars["9,000"])
    assert len(bars["9,000"]) > len(bars["just over 3,000"].rstrip("~>"))
    assert "4 November 2022" in out
    assert "troops.belarusian-mod-9000" in out
    assert "at least this; no upper end given" in out


def test_compare_table_on_a_terminal_draws_bars(run: Run) -> None:
    out = run("compare", "troops", "--format", "table", env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    plain = ANSI.sub("", re.sub(r"\x1b\[[0-9;]*m", "", out.stdout))
    assert ANSI.search(out.stdout)
    assert "▓▒░→" in plain
    assert "█" * 30 in plain
    assert all(len(line) <= 100 for line in plain.splitlines())


def test_compare_polls_puts_shares_on_one_chart(run: Run) -> None:
    groups = _json(run("compare", "polls", "--format", "json"))
    assert groups
    assert all(g["measure"].startswith("poll-") and g["unit"] == "percent" for g in groups)
    out = run("compare", "polls", "--format", "table").stdout
    assert out.count("Shares (percent)") == 1
    assert "0 to 100 percent" in out
    assert (
        "(citing polls – such as those conducted by Chatham House in August), as of August" in out
    )


def test_compare_csv_gives_one_row_per_figure(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("compare", "troops", "-f", "csv").stdout)))
    assert [row["value"] for row in rows] == ["just over 3,000", "9,000"]
    assert {row["measure"] for row in rows} == {"russian-troops-in-belarus"}
    assert rows[0]["qualifier"] == "more than"


def test_compare_unknown_exits_1(run: Run) -> None:
    result = run("compare", "zzzz")
    assert result.exit_code == 1
    assert "no figures to compare for 'zzzz'" in result.stderr


@pytest.mark.parametrize(
    ("quantity", "plain"),
    [
        ({"low": 50, "high": None, "qualifier": "exactly"}, "#####"),
        ({"low": 50, "high": None, "qualifier": "more than"}, "#####~~>"),
        ({"low": 20, "high": None, "qualifier": "several"}, "##~~>"),
        ({"low": 20, "high": 50, "qualifier": "range"}, "##==="),
        ({"low": 30, "high": None, "qualifier": "up to"}, "---|"),
    ],
)
def test_bars_draw_each_qualifier_honestly(quantity: dict[str, Any], plain: str) -> None:
    assert comparison_bars.bar(quantity, 100, 10, fancy=False).plain == plain


def test_nice_ceiling() -> None:
    assert [comparison_bars.nice_ceiling(v) for v in (9000, 3000, 150000, 0.3)] == [
        10000,
        5000,
        200000,
        0.5,
    ]


# --- export -------------------------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(writing.TEMP_PREFIX)]


def test_export_sqlite_has_real_tables_and_foreign_keys(
    run: Run, base: FactBase, tmp_path: Path, closes: Closes[sqlite3.Connection]
) -> None:
    target = tmp_path / "belarus.db"
    result = run("export", "--format", "sqlite", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"wrote {len(base.facts)} facts" in result.stderr
    db = closes(sqlite3.connect(target))
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    data = {"facts", "sources", "topics", "entities", "fact_topics", "fact_entities"}
    # FTS5 keeps its index in facts_fts and shadow tables named after it.
    assert {t for t in tables if not t.startswith("facts_fts")} == data
    tables = data
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    def references(table: str) -> set[tuple[str, str]]:
        return {(row[3], row[2]) for row in db.execute(f"PRAGMA foreign_key_list({table})")}

    assert references("facts") == {("topic_id", "topics"), ("source_id", "sources")}
    assert references("fact_topics") == {("fact_id", "facts"), ("topic_id", "topics")}
    assert references("fact_entities") == {("fact_id", "facts"), ("entity_id", "entities")}
    count = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    assert count["facts"] == len(base.facts)
    assert count["topics"] == len(base.topics)
    assert count["entities"] == len(base.entities)
    assert count["sources"] == len(base.sources)
    assert count["fact_topics"] == sum(len(f.topics) for f in base.facts.values())
    roles = dict(db.execute("SELECT role, count(*) FROM fact_entities GROUP BY role").fetchall())
    assert roles == {
        "stated_by": sum(len(set(f.stated_by)) for f in base.facts.values()),
        "about": sum(len(set(f.about)) for f in base.facts.values()),
    }
    gur = db.execute(
        "SELECT quantity_low, quantity_qualifier, paragraph, link FROM facts WHERE id = ?",
        ("troops.gur-just-over-3000",),
    ).fetchone()
    assert gur[:3] == (3000, "more than", 3)
    assert gur[3].startswith("https://russiapost.info/politics/belarus#:~:text=")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("topic", ["troops", "public-opinion", "armed-opposition"])
def test_export_sqlite_rows_match_belarus_show(
    run: Run, tmp_path: Path, topic: str, closes: Closes[sqlite3.Connection]
) -> None:
    target = tmp_path / "facts.sqlite"
    run("export", "-o", str(target))
    shown = {row["id"] for row in _json(run("show", topic, "--format", "json"))}
    db = closes(sqlite3.connect(target))
    exported = {
        fact
        for (fact,) in db.execute("SELECT fact_id FROM fact_topics WHERE topic_id = ?", (topic,))
    }
    assert exported == shown


def test_export_refuses_to_overwrite_without_force(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "facts.json"
    target.write_text("keep me", encoding="utf-8")
    result = run("export", "-o", str(target))
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = run("export", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert set(json.loads(target.read_text(encoding="utf-8"))) == {
        "sources",
        "topics",
        "entities",
        "facts",
    }
    assert _leftovers(tmp_path) == []


def test_export_writes_atomically_and_cleans_up_on_failure(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "facts.csv"
    target.write_text("old", encoding="utf-8")
    seen: list[Path] = []

    def failing(base: FactBase, out: Any) -> None:
        out.write("half a file")
        seen.extend(p for p in tmp_path.iterdir() if p.name.startswith(".belarus-export-"))
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_module, "write_csv", failing)
    result = CliRunner().invoke(app, ["export", "-o", str(target), "--force"])
    assert result.exit_code != 0
    assert seen and seen[0].parent == tmp_path  # the temporary file sits beside the target
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("facts.txt", (), "cannot tell the format"),
        ("missing/facts.db", (), "does not exist"),
        ("facts.db", ("--format", "xml"), "xml"),
    ],
)
def test_export_usage_errors(
    run: Run, tmp_path: Path, name: str, args: tuple[str, ...], message: str
) -> None:
    result = run("export", "-o", str(tmp_path / name), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / name).exists()


def test_export_json_jsonl_csv_hold_every_fact(run: Run, base: FactBase, tmp_path: Path) -> None:
    for name in ("f.json", "f.jsonl", "f.csv"):
        assert run("export", "-o", str(tmp_path / name)).exit_code == 0
    whole = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert [f["id"] for f in whole["facts"]] == list(base.facts)
    assert len(whole["entities"]) == len(base.entities)
    lines = (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == list(base.facts)
    with open(tmp_path / "f.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["id"] for row in rows] == list(base.facts)
    gur = next(row for row in rows if row["id"] == "troops.gur-just-over-3000")
    assert (gur["low"], gur["qualifier"], gur["measure"]) == (
        "3000",
        "more than",
        "russian-troops-in-belarus",
    )


def test_export_markdown_is_a_fact_sheet_with_footnotes(
    run: Run, base: FactBase, tmp_path: Path
) -> None:
    target = tmp_path / "facts.md"
    assert run("export", "--format", "markdown", "-o", str(target)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Fact sheet\n")
    for topic in base.topics.values():
        if any(f.topic == topic.id for f in base.facts.values()):
            assert f"\n## {topic.title}\n" in text
    for fact_id in base.facts:
        assert text.count(f"[^{fact_id}]:") == 1
        assert text.count(f"[^{fact_id}]") == 2
    footnote = next(
        line for line in text.splitlines() if line.startswith("[^troops.gur-just-over-3000]:")
    )
    assert "Introduction, para. 3" in footnote
    assert "](https://russiapost.info/politics/belarus#:~:text=" in footnote


# --- shell completion ----------------------------------------------------------------------------


def _context() -> typer.Context:
    return typer.Context(typer.main.get_command(app), info_name="belarus")


def _values(found: list[tuple[str, str]]) -> list[str]:
    return [value for value, _ in found]


def test_completion_functions_draw_on_the_facts() -> None:
    ctx = _context()
    topics = _values(complete_topic(ctx, "tro"))
    assert topics[0] == "troops"
    assert "troop estimates" in topics
    assert "troops.gur-just-over-3000" in _values(complete_fact(ctx, "troops.gur"))
    assert {"Lukashenka", "Lukashenko"} <= set(_values(complete_entity(ctx, "Luka")))
    assert _values(complete_style(ctx, "chi")) == ["chicago", "chicago-note"]
    assert "poll-oppose-russian-actions" in _values(complete_compare(ctx, "poll-"))
    described = dict(complete_topic(ctx, "troops"))
    assert described["troops"] == "Russian troops in Belarus"


def test_completion_keeps_what_was_typed(base: FactBase, closes: Closes[SearchIndex]) -> None:
    index = closes(SearchIndex.in_memory(base))
    assert _values(matching(entity_candidates(index), "lukashenko")) == ["lukashenko"]
    assert "troops" in _values(matching(topic_candidates(index), "tro"))
    assert all(" " not in v for v in _values(matching(topic_candidates(index), "t", spaces=False)))


def _complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    words = line.split(" ")
    result = CliRunner().invoke(
        app,
        [],
        prog_name="belarus",
        env={
            "_BELARUS_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("belarus show tro", ["troops"]),
        ("belarus fact troops.gur", ["troops.gur-just-over-3000"]),
        ("belarus cite troops.belarusian-m", ["troops.belarusian-mod-9000"]),
        ("belarus cite --style chi", ["chicago", "chicago-note"]),
        ("belarus who lukashe", ["lukashenka", "lukashenko"]),
        ("belarus timeline --topic ba", ["bases"]),
    ],
)
def test_bash_completion_through_the_app(line: str, expected: list[str]) -> None:
    assert _complete(line) == expected


def test_bash_completion_of_compare_offers_measures() -> None:
    found = _complete("belarus compare poll")
    assert "polls" in found
    assert "poll-support-russian-actions" in found


def test_zsh_completion_offers_names_with_spaces_and_help() -> None:
    result = CliRunner().invoke(
        app,
        [],
        prog_name="belarus",
        env={"_BELARUS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "belarus show troop"},
    )
    assert '"troops":"Russian troops in Belarus"' in result.stdout
    assert '"troop estimates":"topic troops"' in result.stdout


def test_completion_reads_facts_dir(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        '[[topic]]\nid = "zoology"\ntitle = "Zoology"\ndescription = "Animals."\n',
        encoding="utf-8",
    )
    assert _complete(f"belarus --facts-dir {tmp_path} show zoo") == ["zoology"]


# --- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["cite", "timeline", "who", "compare", "export"])
def test_help_has_examples(run: Run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"belarus {command}" in result.stdout


def test_a_limited_timeline_or_comparison_is_the_start_of_the_whole(base: FactBase) -> None:
    """--limit is applied before the records are read (a corpus has thousands): what it
    keeps must be exactly the first entries of the whole listing."""
    from belarus_cli.query.compare import compare
    from belarus_cli.query.timeline import timeline

    index = SearchIndex.in_memory(base)
    try:
        whole = timeline(index)
        kinds = [entry["kind"] for entry in whole]
        published = kinds.index("published")  # the day the article came out, among the facts
        assert 0 < published < len(whole) - 1
        for limit in (1, published, published + 1, len(whole) + 3):
            assert timeline(index, limit=limit) == whole[:limit]
        measures = compare(index, "polls")
        assert len(measures) >= 3
        for limit in (1, 2):
            assert compare(index, "polls", limit=limit) == measures[:limit]
    finally:
        index.close()
