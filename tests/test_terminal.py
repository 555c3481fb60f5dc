"""`belarus` on a real pseudo-terminal: the pager, the layout at 60 and 120 columns, links.

These start the installed command (see pty_terminal.py), as a user's terminal does.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pty_terminal import belarus_command, fake_pager, on_terminal, terminal_env

pytestmark = pytest.mark.slow


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "config").mkdir()
    return tmp_path


# --- the pager --------------------------------------------------------------------------------


@pytest.mark.parametrize("variable", ["BELARUS_PAGER", "PAGER"])
def test_output_taller_than_the_screen_goes_through_the_pager(home: Path, variable: str) -> None:
    pager, record = fake_pager(home)
    screen = on_terminal("show", "troops", home=home, rows=30, env={variable: pager})
    assert screen.exit_code == 0
    paged = record.read_text(encoding="utf-8")
    assert paged.startswith("started with:")
    assert "troops.gur-just-over-3000" in paged
    # The pager got the terminal's drawing (colour and box) and the terminal got nothing else.
    assert "\x1b[" in paged and "╭" in paged
    assert "troops.gur-just-over-3000" not in screen.text


def test_belarus_pager_wins_over_pager(home: Path) -> None:
    ours, record = fake_pager(home)
    screen = on_terminal(
        "show", "troops", home=home, rows=30, env={"BELARUS_PAGER": ours, "PAGER": "false"}
    )
    assert screen.exit_code == 0
    assert record.exists()


def test_output_that_fits_is_not_paged(home: Path) -> None:
    pager, record = fake_pager(home)
    screen = on_terminal(
        "fact", "troops.gur-just-over-3000", home=home, rows=40, env={"PAGER": pager}
    )
    assert screen.exit_code == 0
    assert not record.exists()
    assert "troops.gur-just-over-3000" in screen.text


@pytest.mark.parametrize("how", [("--no-pager",), ("BELARUS_PAGER",)])
def test_the_pager_can_be_turned_off(home: Path, how: tuple[str, ...]) -> None:
    pager, record = fake_pager(home)
    env = {"PAGER": pager}
    args: tuple[str, ...] = ("show", "troops")
    if how == ("--no-pager",):
        args = ("--no-pager", *args)
    else:
        env["BELARUS_PAGER"] = ""  # an empty pager, as for git, is none
    screen = on_terminal(*args, home=home, rows=30, env=env)
    assert screen.exit_code == 0
    assert not record.exists()
    assert "troops.gur-just-over-3000" in screen.text


@pytest.mark.parametrize("setting", ["pager = false", "PAGER_SCRIPT"])
def test_the_config_file_sets_or_turns_off_the_pager(home: Path, setting: str) -> None:
    pager, record = fake_pager(home)
    config = home / "config" / "belarus" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'pager = "{pager}"' if setting == "PAGER_SCRIPT" else setting)
    # The config's pager comes before $PAGER (here one that would fail).
    screen = on_terminal("show", "troops", home=home, rows=30, env={"PAGER": "false"})
    assert screen.exit_code == 0
    assert record.exists() == (setting == "PAGER_SCRIPT")
    if setting == "pager = false":
        assert "troops.gur-just-over-3000" in screen.text


def test_never_a_pager_in_a_pipe(home: Path) -> None:
    pager, record = fake_pager(home)
    piped = subprocess.run(
        [belarus_command(), "show", "troops"],
        env=terminal_env(home, {"PAGER": pager, "BELARUS_PAGER": pager}),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert piped.returncode == 0
    assert not record.exists()
    assert piped.stdout.startswith("id\ttopic\t")


# --- the layout at 60 and 120 columns ----------------------------------------------------------


def piped_json(home: Path, *args: str) -> object:
    import json

    done = subprocess.run(
        [belarus_command(), *args, "--format", "json"],
        env=terminal_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout)


def ids_in(value: object) -> set[str]:
    """Every "id" of the records, and of the records inside them."""
    if isinstance(value, list):
        return {found for item in value for found in ids_in(item)}
    if isinstance(value, dict):
        if value.get("kind") == "published":  # the timeline's mark of the article's day
            return set()
        own = {value["id"]} if isinstance(value.get("id"), str) else set()
        return own | {found for item in value.values() for found in ids_in(item)}
    return set()


LISTINGS = [
    ("show", "troops"),
    ("topics",),
    ("sources",),
    ("who",),
    ("who", "lukashenko"),
    ("timeline", "--topic", "bases"),
    ("fact", "troops.gur-just-over-3000"),
]


@pytest.mark.parametrize("columns", [60, 120])
@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_no_line_is_wider_than_the_terminal_and_no_id_is_cut(
    home: Path, columns: int, args: tuple[str, ...]
) -> None:
    screen = on_terminal("--no-pager", *args, home=home, columns=columns)
    assert screen.exit_code == 0, screen.text
    assert max(len(line) for line in screen.lines) <= columns
    words = {word for line in screen.lines for word in line.strip("│ ").split()}
    expected = ids_in(piped_json(home, *args))
    assert expected, "the listing has ids"
    assert not {found for found in expected if found not in words}
    assert "…" not in screen.text


@pytest.mark.parametrize("columns", [60, 120])
def test_below_100_columns_facts_are_stacked_rather_than_tabled(home: Path, columns: int) -> None:
    screen = on_terminal("--no-pager", "show", "troops", home=home, columns=columns)
    boxed = any(line.startswith("│") for line in screen.lines)
    assert boxed == (columns >= 100)
    if columns < 100:
        # One block per fact: its statement on lines of its own, whole words only.
        facts = piped_json(home, "show", "troops")
        assert isinstance(facts, list)
        first_words = facts[0]["statement"].split()[:4]
        assert " ".join(first_words) in screen.text


@pytest.mark.parametrize("columns", [60, 120])
@pytest.mark.parametrize("args", [(), ("--help",), ("cite", "--help"), ("show", "--help")])
def test_overview_and_help_wrap_at_word_boundaries(
    home: Path, columns: int, args: tuple[str, ...]
) -> None:
    screen = on_terminal("--no-pager", *args, home=home, columns=columns)
    assert screen.exit_code == 0
    assert max(len(line) for line in screen.lines) <= columns
    words = set(screen.text.split())
    assert "Russia.Post," in words or args, "the publisher's name stays whole"
    assert not {"Rus", "sia.Post"} & words


# --- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 120])
def test_the_fact_card_links_to_the_quote_and_shows_the_link_whole(
    home: Path, columns: int
) -> None:
    record = piped_json(home, "fact", "troops.gur-just-over-3000")
    assert isinstance(record, dict)
    link = record["citation"]["link"]
    screen = on_terminal("--no-pager", "fact", record["id"], home=home, columns=columns)
    assert link in screen.links()
    # The visible link is whole, folded over lines when the terminal is narrow.
    shown = "".join(line.strip("│ ").split("│")[-1].strip() for line in screen.lines)
    assert link in shown
    assert "…" not in screen.text


@pytest.mark.parametrize("args", [("show", "troops"), ("ask", "how many russian troops")])
def test_listings_link_each_fact_to_its_quote(home: Path, args: tuple[str, ...]) -> None:
    records = piped_json(home, *args)
    assert isinstance(records, list)
    screen = on_terminal("--no-pager", *args, home=home, columns=120, rows=200)
    links = set(screen.links())
    shown = records if args[0] == "show" else records[:4]
    assert {r["citation"]["link"] for r in shown} <= links


def test_no_link_escapes_in_a_pipe(home: Path) -> None:
    done = subprocess.run(
        [belarus_command(), "fact", "troops.gur-just-over-3000", "--format", "table"],
        env=terminal_env(home),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "\x1b" not in done.stdout


# --- ask on a terminal ---------------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 120])
def test_ask_shows_the_card_then_a_few_next_matches_one_line_each(home: Path, columns: int) -> None:
    question = "how many russian troops are in belarus"
    records = piped_json(home, "ask", question)
    assert isinstance(records, list) and len(records) >= 5
    screen = on_terminal("--no-pager", "ask", question, home=home, columns=columns, rows=40)
    assert screen.exit_code == 0
    assert max(len(line) for line in screen.lines) <= columns
    assert len(screen.lines) < 40, "the card stays on a 40-row screen"
    starts = [line.split()[0] for line in screen.lines if line.strip()]
    # The card holds the answer, or every figure of a measure the sources disagree on.
    measure = (records[0]["quantity"] or {}).get("measure")
    card = 1 + sum(
        1 for r in records[1:] if measure and (r["quantity"] or {}).get("measure") == measure
    )
    shown = [r["id"] for r in records[card:] if r["id"] in starts]
    assert shown == [r["id"] for r in records[card : card + 3]]


@pytest.mark.parametrize("columns", [60, 120])
@pytest.mark.parametrize("args", [("show", "troops"), ("fact", "troops.gur-just-over-3000")])
def test_without_colour_the_same_layout_and_links(
    home: Path, columns: int, args: tuple[str, ...]
) -> None:
    coloured = on_terminal("--no-pager", *args, home=home, columns=columns)
    plain = on_terminal("--no-pager", *args, home=home, columns=columns, env={"NO_COLOR": "1"})
    assert plain.exit_code == coloured.exit_code == 0
    assert plain.text == coloured.text
    colour = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]")  # foreground colours
    assert colour.search(coloured.output) and not colour.search(plain.output)
    assert plain.links() == coloured.links() != []
