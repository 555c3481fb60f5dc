"""The on-disk index: always right, never stale, never half-written, never a reason to fail."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from belarus_cli.cli.commands import app
from belarus_cli.index import cache
from belarus_cli.index.schema import read_meta

if TYPE_CHECKING:
    from conftest import Closes

QUESTION = ["ask", "troop estimates", "--format", "json"]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "belarus"


@pytest.fixture
def user_facts(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    write_fact(folder / "mine.toml", "mine.first", "a zebracorn was seen in Minsk")
    return folder


def write_fact(path: Path, fact_id: str, statement: str) -> None:
    path.write_text(
        f"""
[[fact]]
id = "{fact_id}"
topics = ["troops"]
statement = "{statement}"
stated_by = ["yan-auseyushkin"]
quote = '''{statement}'''
source = "russiapost-belarus-2022"
section = "Introduction"
paragraph = 2
""",
        encoding="utf-8",
    )


def ask(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, [*args, *QUESTION])
    assert result.exit_code == 0, result.stderr
    answer: list[dict[str, object]] = json.loads(result.stdout)
    return answer


def index_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("index-*.sqlite"))


def test_the_first_run_writes_an_index_and_later_runs_give_the_same_answer(
    cache_home: Path,
) -> None:
    first = ask()
    assert len(index_files(cache_home)) == 1
    assert ask() == first
    assert ask("--no-cache") == first


def test_no_cache_and_the_environment_variable_leave_the_cache_alone(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask("--no-cache")
    monkeypatch.setenv(cache.ENV_NO_CACHE, "1")
    ask()
    assert not cache_home.exists()


def test_an_edited_fact_file_is_answered_from_at_once(cache_home: Path, user_facts: Path) -> None:
    # Each edit comes within milliseconds of the last, as fast as a clock tick or faster.
    result = CliRunner().invoke(app, ["--facts-dir", str(user_facts), "ask", "zebracorn"])
    assert result.exit_code == 0 and "mine.first" in result.stdout
    write_fact(user_facts / "mine.toml", "mine.second", "a unicornfish was seen in Minsk")
    result = CliRunner().invoke(app, ["--facts-dir", str(user_facts), "ask", "unicornfish"])
    assert result.exit_code == 0 and "mine.second" in result.stdout
    result = CliRunner().invoke(app, ["--facts-dir", str(user_facts), "ask", "zebracorn"])
    assert "mine.first" not in result.stdout
    # The same set of folders keeps one index file, replaced on each change.
    assert len(index_files(cache_home)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:5000]), id="truncated"),
        pytest.param(lambda path: path.write_bytes(b"\0" * 4096), id="zeroes"),
        pytest.param(lambda path: path.write_text("not a database"), id="text"),
    ],
)
def test_a_damaged_index_is_rebuilt_not_trusted(
    cache_home: Path, damage: object, closes: Closes[sqlite3.Connection]
) -> None:
    expected = ask()
    (path,) = index_files(cache_home)
    damage(path)  # type: ignore[operator]
    assert ask() == expected
    db = closes(sqlite3.connect(path))
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _lose_pages(path: Path) -> None:
    """Pages past the first few zeroed, as a crash can leave them: the meta table still
    reads, so the index opens, and the damage shows only when a command reads the facts."""
    with path.open("r+b") as index:
        index.seek(20 * 4096)
        index.write(b"\0" * 50 * 4096)


@pytest.mark.parametrize(
    "command",
    [
        ["show", "troops"],
        ["fact", "troops.gur-just-over-3000"],
        ["topics"],
        ["sources"],
        ["who", "lukashenko"],
        ["ask", "troop estimates"],
    ],
    ids=" ".join,
)
def test_every_command_rebuilds_an_index_damaged_past_its_meta_table(
    cache_home: Path, command: list[str], closes: Closes[sqlite3.Connection]
) -> None:
    runner = CliRunner()
    expected = runner.invoke(app, [*command, "--format", "json"])
    assert expected.exit_code == 0, expected.stderr
    (path,) = index_files(cache_home)
    _lose_pages(path)
    with closes(sqlite3.connect(path)) as damaged, pytest.raises(sqlite3.DatabaseError):
        damaged.execute("PRAGMA quick_check").fetchall()
    for _run in range(2):
        again = runner.invoke(app, [*command, "--format", "json"])
        assert again.exit_code == 0, again.stderr
        assert again.stdout == expected.stdout


EDITED_FACT = "troops.belarusian-mod-9000"


def _edit_stored_figure(path: Path, closes: Closes[sqlite3.Connection]) -> None:
    """The stored record of one fact says 1,000 instead of 9,000, and nothing else changes:
    SQLite reads the index as whole, so only the record's checksum can tell."""
    from belarus_cli.index.schema import pack, unpack

    with closes(sqlite3.connect(path)) as db, db:
        (packed,) = db.execute("SELECT record FROM fact WHERE id = ?", (EDITED_FACT,)).fetchone()
        record, *names = unpack(packed)
        assert "9,000" in record
        edited = pack(record.replace("9,000", "1,000"), *names)
        db.execute("UPDATE fact SET record = ? WHERE id = ?", (edited, EDITED_FACT))
        (packed,) = db.execute("SELECT record FROM fact WHERE id = ?", (EDITED_FACT,)).fetchone()
        record = unpack(packed)[0]
        assert "1,000" in record and "9,000" not in record


@pytest.mark.parametrize(
    "command",
    [
        ["show", "troops"],
        ["fact", EDITED_FACT],
        ["ask", "how many russian troops"],
        ["compare", "troops"],
        ["cite", EDITED_FACT],
    ],
)
def test_every_command_rebuilds_an_index_whose_stored_record_was_edited(
    cache_home: Path, command: list[str], closes: Closes[sqlite3.Connection]
) -> None:
    runner = CliRunner()
    expected = runner.invoke(app, command)
    assert expected.exit_code == 0, expected.stderr
    assert "9,000" in expected.stdout
    (path,) = index_files(cache_home)
    _edit_stored_figure(path, closes)
    for _run in range(2):
        again = runner.invoke(app, command)
        assert again.exit_code == 0, again.stderr
        assert "9,000" in again.stdout
        assert "1,000" not in again.stdout
        assert again.stdout == expected.stdout


@pytest.mark.parametrize("cut", [1, 8], ids=["last-byte", "eight-bytes"])
def test_a_stored_record_cut_short_is_rebuilt_not_read(
    cache_home: Path, cut: int, closes: Closes[sqlite3.Connection]
) -> None:
    runner = CliRunner()
    expected = runner.invoke(app, ["fact", EDITED_FACT, "--format", "json"])
    assert expected.exit_code == 0, expected.stderr
    (path,) = index_files(cache_home)
    with closes(sqlite3.connect(path)) as db, db:
        (packed,) = db.execute("SELECT record FROM fact WHERE id = ?", (EDITED_FACT,)).fetchone()
        db.execute("UPDATE fact SET record = ? WHERE id = ?", (packed[:-cut], EDITED_FACT))
    again = runner.invoke(app, ["fact", EDITED_FACT, "--format", "json"])
    assert again.exit_code == 0, again.stderr
    assert again.stdout == expected.stdout


def test_a_command_that_meets_the_damage_leaves_a_whole_index(
    cache_home: Path, closes: Closes[sqlite3.Connection]
) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["show", "troops", "--format", "json"]).exit_code == 0
    (path,) = index_files(cache_home)
    _lose_pages(path)
    assert runner.invoke(app, ["show", "troops", "--format", "json"]).exit_code == 0
    db = closes(sqlite3.connect(path))
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_index_from_another_version_is_rebuilt(
    cache_home: Path, closes: Closes[sqlite3.Connection]
) -> None:
    expected = ask()
    (path,) = index_files(cache_home)
    with closes(sqlite3.connect(path)) as db:
        db.execute("UPDATE meta SET value = 'belarus-index-0' WHERE key = 'format'")
    assert ask() == expected
    with closes(sqlite3.connect(path)) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() == (
            cache.FORMAT,
        )


def test_a_read_only_cache_folder_still_gives_the_answer(cache_home: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: a read-only folder is still writable")
    cache_home.mkdir(parents=True)
    cache_home.chmod(0o500)
    try:
        assert ask() == ask("--no-cache")
        assert index_files(cache_home) == []
    finally:
        cache_home.chmod(0o700)


def test_a_cache_folder_that_cannot_be_made_still_gives_the_answer(
    cache_home: Path,
) -> None:
    cache_home.parent.mkdir(parents=True)
    cache_home.write_text("a file where the cache folder should be")
    assert ask() == ask("--no-cache")


def test_two_processes_building_at_once_both_answer_and_leave_one_whole_index(
    cache_home: Path, closes: Closes[sqlite3.Connection]
) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent)}
    command = [sys.executable, "-m", "belarus_cli", *QUESTION]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in "ab"]
    outputs = [json.loads(run.communicate(timeout=120)[0]) for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert outputs[0] == outputs[1]
    (path,) = index_files(cache_home)
    db = closes(sqlite3.connect(path))
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list(cache_home.glob(".index-*"))


def test_the_cache_folder_follows_xdg_and_ignores_a_relative_value(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "belarus"
    for ignored in ("", "relative/cache"):
        monkeypatch.setenv("XDG_CACHE_HOME", ignored)
        assert cache.cache_dir() == Path.home() / ".cache" / "belarus"


def test_warnings_about_broken_user_files_come_from_a_cached_index_too(
    cache_home: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.toml").write_text("[[fact]]\nid = 'x'\n", encoding="utf-8")
    for _ in range(2):  # building, then from the cache
        result = CliRunner().invoke(app, ["--facts-dir", str(broken), *QUESTION])
        assert result.exit_code == 0
        assert f"{broken / 'bad.toml'}:" in result.stderr
    result = CliRunner().invoke(app, ["--facts-dir", str(broken), "--strict", *QUESTION])
    assert result.exit_code == 3
    shutil.rmtree(broken)


READING_COMMANDS = [
    ["who", "lukashenko", "--format", "json"],
    ["who", "--format", "json"],
    ["timeline", "--from", "2022", "--to", "2022", "--format", "json"],
    ["compare", "troops", "--format", "json"],
    ["compare", "--format", "json"],
    ["cite", "troops.gur-just-over-3000", "--accessed", "2026-11-25"],
    ["cite", "--style", "bibtex", "--accessed", "2026-11-25"],
    ["fact", "troops.gur-just-over-3000", "--format", "json"],
    ["show", "troops", "--format", "json"],
    ["topics", "--format", "json"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_with_a_warm_index_every_reading_command_answers_without_parsing_a_fact_file(
    cache_home: Path, user_facts: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    from belarus_cli.load import parallel

    args = ["--facts-dir", str(user_facts), *command]
    fresh = CliRunner().invoke(app, ["--no-cache", *args])
    assert fresh.exit_code == 0, fresh.stderr
    assert CliRunner().invoke(app, args).exit_code == 0  # builds the index on disk

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a fact file was parsed")

    monkeypatch.setattr(parallel, "parse_file", refuse)
    warm = CliRunner().invoke(app, args, catch_exceptions=False)
    assert (warm.exit_code, warm.stdout, warm.stderr) == (0, fresh.stdout, fresh.stderr)


def test_export_reads_the_index_and_writes_what_a_fresh_build_holds(
    cache_home: Path, user_facts: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from belarus_cli.load import parallel

    args = ["--facts-dir", str(user_facts), "export", "--format", "json", "-o"]
    fresh = CliRunner().invoke(app, ["--no-cache", *args, str(tmp_path / "fresh.json")])
    assert fresh.exit_code == 0, fresh.stderr
    assert CliRunner().invoke(app, ["--facts-dir", str(user_facts), "topics"]).exit_code == 0
    monkeypatch.setattr(parallel, "parse_file", None)  # any parse would fail from here on
    warm = CliRunner().invoke(app, [*args, str(tmp_path / "warm.json")], catch_exceptions=False)
    assert warm.exit_code == 0, warm.stderr
    exported = json.loads((tmp_path / "warm.json").read_text(encoding="utf-8"))
    assert "mine.first" in {fact["id"] for fact in exported["facts"]}
    assert exported == json.loads((tmp_path / "fresh.json").read_text(encoding="utf-8"))


# --- issue 17: D6, D15, D18 ------------------------------------------------------------------


def _value_of(folder: Path, fact_id: str) -> str:
    result = CliRunner().invoke(app, ["--facts-dir", str(folder), "fact", fact_id, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    record = record[0] if isinstance(record, list) else record
    return str(record["statement"])


def _same_size_release(root: Path, name: str, statement: str) -> Path:
    folder = root / name
    folder.mkdir()
    write_fact(folder / "w.toml", "mine.release", statement)
    os.utime(folder / "w.toml", ns=(1_000_000_000, 1_000_000_000))  # as `cp -p` or Nix keep it
    return folder


def test_a_symlink_switched_to_a_same_size_same_mtime_release_is_seen(
    cache_home: Path, tmp_path: Path
) -> None:
    """D6: the fingerprint holds each file's inode and change time, not only size and mtime."""
    _same_size_release(tmp_path, "r1", "release one of the zebracorn")
    _same_size_release(tmp_path, "r2", "release two of the zebracorn")
    current = tmp_path / "current"
    current.symlink_to("r1")
    assert _value_of(current, "mine.release") == "release one of the zebracorn"
    current.unlink()
    current.symlink_to("r2")
    assert _value_of(current, "mine.release") == "release two of the zebracorn"


def test_a_file_copied_over_with_its_size_and_mtime_kept_is_seen(
    cache_home: Path, tmp_path: Path
) -> None:
    """D6: `cp -p` onto the same path keeps size and mtime but not the change time."""
    live = _same_size_release(tmp_path, "live", "release one of the zebracorn")
    other = _same_size_release(tmp_path, "other", "release two of the zebracorn")
    assert _value_of(live, "mine.release") == "release one of the zebracorn"
    shutil.copy2(other / "w.toml", live / "w.toml")  # content and mtime, same inode
    assert (live / "w.toml").stat().st_mtime_ns == 1_000_000_000
    assert _value_of(live, "mine.release") == "release two of the zebracorn"


def test_a_cache_folder_that_cannot_be_searched_still_gives_the_answer(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D15: `stat` of the index refused (EACCES) only costs speed, not the answer."""
    expected = ask("--no-cache")
    real_is_file = Path.is_file

    def refused(path: Path) -> bool:
        if cache_home in path.parents:
            raise PermissionError(13, "Permission denied", str(path))
        return real_is_file(path)

    monkeypatch.setattr(Path, "is_file", refused)
    assert ask() == expected


def test_a_fact_file_that_disappears_after_listing_does_not_fail_the_run(
    cache_home: Path, user_facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """D18: the files are listed and stat'ed in one pass; one gone by the time it would have
    been fingerprinted is simply read as gone."""
    from belarus_cli.load.locations import stat_fact_files

    write_fact(user_facts / "other.toml", "mine.other", "a unicornfish was seen")
    listed = stat_fact_files

    def then_removed(folders: list[Path]) -> object:
        found = listed(folders)
        (user_facts / "other.toml").unlink()
        return found

    monkeypatch.setattr("belarus_cli.index.pipeline.stat_fact_files", then_removed)
    result = CliRunner().invoke(app, ["--facts-dir", str(user_facts), "ask", "zebracorn"])
    assert result.exit_code == 0, result.stderr
    assert "mine.first" in result.stdout


def test_an_edit_updates_the_index_in_place(
    cache_home: Path, user_facts: Path, closes: Closes[sqlite3.Connection]
) -> None:
    """The rows of the changed file are replaced inside the index file itself, in one
    transaction, rather than every row being copied into a new file."""
    run = ["--facts-dir", str(user_facts), "ask", "zebracorn"]
    assert "mine.first" in CliRunner().invoke(app, run).stdout
    (path,) = index_files(cache_home)
    inode = path.stat().st_ino
    write_fact(user_facts / "mine.toml", "mine.second", "a zebracorn was seen in Brest")
    result = CliRunner().invoke(app, run)
    assert result.exit_code == 0 and "mine.second" in result.stdout
    assert "mine.first" not in result.stdout
    assert path.stat().st_ino == inode
    db = closes(sqlite3.connect(path))
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_new_file_that_finds_no_place_gets_a_new_index(
    cache_home: Path, user_facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from belarus_cli.index import places

    monkeypatch.setattr(places, "SPACING", 1)  # no room between two files
    run = ["--facts-dir", str(user_facts), "ask", "zebracorn"]
    assert "mine.first" in CliRunner().invoke(app, run).stdout
    write_fact(user_facts / "a-first.toml", "mine.earlier", "a zebracorn was seen in Grodno")
    result = CliRunner().invoke(app, run)
    assert result.exit_code == 0
    assert "mine.earlier" in result.stdout and "mine.first" in result.stdout
    assert result.stdout == CliRunner().invoke(app, ["--no-cache", *run]).stdout


def test_ask_opens_the_index_once_and_warns_once(
    cache_home: Path, user_facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The question and its entity answer share one index: the files are fingerprinted once
    and a broken file's warning is shown once."""
    from belarus_cli.load.locations import stat_fact_files

    (user_facts / "broken.toml").write_text("[[fact]\n", encoding="utf-8")
    calls: list[int] = []

    def counted(folders: list[Path]) -> object:
        calls.append(1)
        return stat_fact_files(folders)

    monkeypatch.setattr("belarus_cli.index.pipeline.stat_fact_files", counted)
    result = CliRunner().invoke(app, ["--facts-dir", str(user_facts), "ask", "zebracorn"])
    assert result.exit_code == 0, result.stderr
    assert "mine.first" in result.stdout
    assert result.stderr.count("warning: left out 1 file(s)") == 1
    assert len(calls) == 1


def _stored_fingerprint(path: Path) -> str | None:
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return read_meta(db, "fingerprint")
    finally:
        db.close()


def test_a_file_too_new_for_its_stats_is_trusted_by_them_once_it_has_aged(
    cache_home: Path, user_facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file edited just before a build is fingerprinted by its content too; once it has
    aged, the same stats and the same content mean the same index, not another build."""
    write_fact(user_facts / "mine.toml", "mine.first", "a zebracorn was seen in Hrodna")
    run = ["--facts-dir", str(user_facts), "ask", "zebracorn"]
    assert "mine.first" in CliRunner().invoke(app, run).stdout
    (path,) = index_files(cache_home)
    built = _stored_fingerprint(path)
    assert built is not None and str(user_facts / "mine.toml") in built.split("\n")[-1]
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 10 * cache.RACY_NS)
    assert "mine.first" in CliRunner().invoke(app, run).stdout
    assert _stored_fingerprint(path) == built  # opened as it was: neither built nor updated


def test_the_content_of_a_file_too_new_for_its_stats_decides(tmp_path: Path) -> None:
    fact_file = tmp_path / "mine.toml"
    fact_file.write_text("one", encoding="utf-8")
    files = {str(fact_file): fact_file.stat()}
    built = cache.fingerprint(files, [])
    assert cache.fresh(built, cache.fingerprint(files, []))
    fact_file.write_text("two", encoding="utf-8")  # stats as listed before: only content tells
    assert not cache.fresh(built, cache.fingerprint(files, []))
    assert not cache.fresh(built, cache.fingerprint({}, []))
    assert not cache.fresh(None, built)


def test_the_code_fingerprint_covers_the_records_dictionary_and_the_code_only(
    tmp_path: Path,
) -> None:
    from belarus_cli.index.cache import _code_files

    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "__pycache__").mkdir()
    for name in ("index/schema.py", "index/records.zdict", "index/__pycache__/schema.pyc"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "README.md").write_text("not code")
    found = sorted(
        Path(path).relative_to(tmp_path).as_posix() for path, _ in _code_files(str(tmp_path))
    )
    assert found == ["index/records.zdict", "index/schema.py"]
