"""`export` writes regular files only, creates them exclusively, and leaves no temporary file
behind when it is stopped."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import Closes, Run

from belarus_cli.core.model import FactBase
from belarus_cli.output import export as export_module
from belarus_cli.output import writing


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(writing.TEMP_PREFIX))


# --- D14: only a regular file is ever replaced -------------------------------------------


def test_a_fifo_is_refused_and_left_a_fifo(run: Run, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = run("export", "-o", pipe, "--format", "json", "--force")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert leftovers(tmp_path) == []


def test_a_device_node_is_refused_and_left_a_device(run: Run, tmp_path: Path) -> None:
    device = tmp_path / "full"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("cannot make a device node here (no CAP_MKNOD)")
    result = run("export", "-o", device, "--format", "json", "--force")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_link_to_stdout_is_refused_and_left_a_link(run: Run, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "stdout"
    link.symlink_to(pipe)  # as /dev/stdout leads to /proc/self/fd/1, a pipe or a terminal
    result = run("export", "-o", link, "--format", "json", "--force")
    assert result.exit_code == 2
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_force_through_a_link_replaces_the_file_it_leads_to(run: Run, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "facts.json"
    link.symlink_to(real)
    assert run("export", "-o", link).exit_code == 2
    result = run("export", "-o", link, "--force")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert "facts" in json.loads(real.read_text(encoding="utf-8"))
    assert leftovers(tmp_path) == []


def test_a_link_that_leads_nowhere_is_refused(run: Run, tmp_path: Path) -> None:
    link = tmp_path / "facts.json"
    link.symlink_to(tmp_path / "missing.json")
    result = run("export", "-o", link, "--force")
    assert result.exit_code == 2
    assert "leads nowhere" in result.stderr
    assert not (tmp_path / "missing.json").exists()


# --- D30: exclusive creation without --force ---------------------------------------------


def test_a_file_that_appears_while_exporting_is_never_replaced(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "race.json"
    real = export_module.write_json

    def racing(base: FactBase, out: Any) -> None:
        target.write_text("the other writer's", encoding="utf-8")  # after the check
        real(base, out)

    monkeypatch.setattr(export_module, "write_json", racing)
    result = run("export", "-o", target)
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert target.read_text(encoding="utf-8") == "the other writer's"
    assert leftovers(tmp_path) == []


def test_concurrent_exports_to_one_new_name_give_one_file(tmp_path: Path) -> None:
    target = tmp_path / "race.json"
    command = [sys.executable, "-m", "belarus_cli", "export", "-o", str(target)]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(4)]
    codes = [process.wait(timeout=60) for process in runs]
    for process in runs:
        assert process.stderr is not None
        process.stderr.close()
    assert sorted(codes).count(0) == 1, codes
    assert set(codes) <= {0, 2}
    assert "facts" in json.loads(target.read_text(encoding="utf-8"))
    assert leftovers(tmp_path) == []


def test_exclusive_creation_works_without_hard_links(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: Any, target: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "facts.json"
    assert run("export", "-o", target).exit_code == 0
    assert "facts" in json.loads(target.read_text(encoding="utf-8"))
    assert leftovers(tmp_path) == []


# --- D29: no temporary file left on SIGTERM, SIGHUP or kill -9 ----------------------------

STOPPED_EXPORT = """
import os, signal, sys
from belarus_cli import main
from belarus_cli.output import export
real = export.write_json
number = getattr(signal, sys.argv[2])
def stopped(base, out):
    out.write("half")
    out.flush()
    os.kill(os.getpid(), number)
    real(base, out)
export.write_json = stopped
sys.argv = ["belarus", "export", "-o", sys.argv[1], "--force"]
main()
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_stopped_export_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, name: str
) -> None:
    target = tmp_path / "big.json"
    target.write_text("OLD", encoding="utf-8")
    stopped = subprocess.run(
        [sys.executable, "-c", STOPPED_EXPORT, str(target), name],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert stopped.returncode == 128 + getattr(signal, name), stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert target.read_text(encoding="utf-8") == "OLD"
    assert leftovers(tmp_path) == []


def test_temporaries_of_killed_exports_are_removed_by_the_next(run: Run, tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    old = time.time() - 3600
    stale = tmp_path / f"{writing.TEMP_PREFIX}{dead.pid}-abc.tmp"
    young = tmp_path / f"{writing.TEMP_PREFIX}{dead.pid}-young.tmp"
    living = tmp_path / f"{writing.TEMP_PREFIX}{os.getpid()}-live.tmp"
    for path in (stale, young, living):
        path.write_text("half", encoding="utf-8")
    for path in (stale, living):
        os.utime(path, (old, old))
    assert run("export", "-o", tmp_path / "facts.json").exit_code == 0
    assert leftovers(tmp_path) == sorted([young.name, living.name])


# --- the SQLite export from the index is the export of the model --------------------------


def test_the_export_from_the_index_matches_the_export_of_the_loaded_facts(
    base: FactBase, tmp_path: Path, closes: Closes[sqlite3.Connection]
) -> None:
    """`export` writes the records the index keeps rather than making them again from the
    model: every table must come out the same either way."""
    from belarus_cli.index.pipeline import Pipeline
    from belarus_cli.query.lookup import catalogue, fact_records
    from belarus_cli.query.search import SearchIndex

    from_model = tmp_path / "model.db"
    export_module.export(base, "sqlite", from_model)
    index = SearchIndex(closes(Pipeline(no_cache=True).open().db))
    from_index = tmp_path / "index.db"
    written = export_module.export_sqlite(catalogue(index), fact_records(index), from_index)
    assert written == len(base.facts)
    model, exported = closes(sqlite3.connect(from_model)), closes(sqlite3.connect(from_index))
    tables = ("facts", "fact_topics", "fact_entities", "sources", "topics", "entities")
    for table in tables:
        query = f"SELECT * FROM {table}"
        assert exported.execute(query).fetchall() == model.execute(query).fetchall(), table
    search = "SELECT rowid FROM facts_fts WHERE facts_fts MATCH 'prisoners' ORDER BY rowid"
    found = exported.execute(search).fetchall()
    assert found and found == model.execute(search).fetchall()
