"""Odd names, arguments and surroundings end with a message and a documented code.

- A fact file or folder whose name is not UTF-8 is a problem of its own, shown with the bytes
  as escapes; the lookups answer from the rest (D2). Before, every index-backed command
  ended in an internal error on every run, `--no-cache` too.
- `belarus fact` with an argument that is not UTF-8 finds nothing (exit 1) (D22).
- No home folder (a uid without a passwd entry, HOME unset) means no cache, not a crash (D16).
- A relative `--facts-dir` in a current folder that has been deleted is a folder that does
  not exist (D17).
- `--facts-dir ''` is a usage error, not the current folder (D31).
- Hidden files are not fact files: an editor's lock link `.#w.toml` breaks nothing (D32).
- `timeline --from 2023 --to 2021` is a usage error, not "nothing found" (D33).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import run_cli

GOOD = Path(__file__).parent / "data" / "good" / "widgets.toml"
BUNDLED_TROOPS_FACT = "troops.gur-just-over-3000"
BELARUS = [sys.executable, "-m", "belarus_cli"]
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX byte file names")


def process(
    args: Sequence[str | bytes], tmp_path: Path, cwd: Path | None = None, **env: str | None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "BELARUS_FACTS_PATH"}
    environment["PYTHONIOENCODING"] = "utf-8"
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run(
        [*BELARUS, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=environment,
        cwd=cwd or tmp_path,
        timeout=120,
    )


# --- names that are not UTF-8 ---------------------------------------------------------------


def byte_named(tmp_path: Path, folder: bytes, file: bytes) -> tuple[Path, Path]:
    where = os.path.join(os.fsencode(tmp_path), folder)
    os.makedirs(where, exist_ok=True)
    path = os.path.join(where, file)
    shutil.copyfile(GOOD, path)
    return Path(os.fsdecode(where)), Path(os.fsdecode(path))


@posix_only
@pytest.mark.parametrize(
    ("folder", "file", "escaped"),
    [(b"f", b"w\xe9.toml", "w\\xe9.toml"), (b"d\xff", b"w.toml", "d\\xff")],
    ids=["file", "folder"],
)
@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no-cache"])
def test_a_name_that_is_not_utf8_is_a_problem_not_a_crash(
    tmp_path: Path, folder: bytes, file: bytes, escaped: str, cache: list[str]
) -> None:
    where, _ = byte_named(tmp_path, folder, file)
    for args in (["show", "troops"], ["ask", "troops"], ["fact", BUNDLED_TROOPS_FACT], ["topics"]):
        done = run_cli([*cache, "--facts-dir", where, *args])
        assert done.exit_code == 0, (args, done.stderr)
        assert escaped in done.stderr and "is not UTF-8" in done.stderr
    checked = run_cli(["--facts-dir", where, "validate"])
    assert checked.exit_code == 3
    assert escaped in checked.stderr


@posix_only
def test_an_argument_that_is_not_utf8_finds_nothing(tmp_path: Path) -> None:
    done = process([b"fact", b"troops.\xff"], tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: no fact with id")
    assert "internal error" not in done.stderr


# --- surroundings ---------------------------------------------------------------------------


@posix_only
def test_no_home_folder_means_no_cache(tmp_path: Path) -> None:
    """As for `docker run -u 12345`: HOME unset, and no passwd entry to find it in."""
    if os.getuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as a uid without a passwd entry")
    tmp_path.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    stranger = ["setpriv", "--reuid=54321", "--regid=54321", "--clear-groups"]
    reach = subprocess.run(
        [*stranger, sys.executable, "-c", "import belarus_cli"], capture_output=True, env=env
    )
    if reach.returncode != 0:
        pytest.skip("uid 54321 cannot read this Python environment (a private folder holds it)")
    done = subprocess.run(
        [*stranger, *BELARUS, "topics"],
        capture_output=True,
        text=True,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("id\t") and "troops" in done.stdout


def test_no_home_folder_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, where setpriv is missing: Path.home() raises as it does without a home."""

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    done = run_cli(["show", "troops", "--format", "tsv"])
    assert done.exit_code == 0 and BUNDLED_TROOPS_FACT in done.stdout


@posix_only
def test_a_relative_folder_in_a_deleted_current_folder(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    shell = f'cd "{gone}" && rmdir "{gone}" && exec "$@"'
    done = subprocess.run(
        ["sh", "-c", shell, "sh", *BELARUS, "--facts-dir", "rel", "show", "troops"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert BUNDLED_TROOPS_FACT in done.stdout
    assert done.stderr.startswith("warning: rel: folder does not exist")


# --- options --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_facts_dir_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    shutil.copyfile(GOOD, tmp_path / "widgets.toml")
    monkeypatch.chdir(tmp_path)
    done = run_cli(["--facts-dir", value, "show", "widgets"])
    assert done.exit_code == 2
    assert "--facts-dir" in done.stderr and "empty" in done.stderr
    assert "five-to-ten" not in done.stdout


def test_a_hidden_file_is_not_a_fact_file(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    shutil.copyfile(GOOD, folder / "w.toml")
    (folder / ".#w.toml").symlink_to("user@host.12345:1701234567")  # Emacs's lock link
    (folder / "._w.toml").write_bytes(b"\x00\x05\x16\x07\xff")  # macOS's AppleDouble file
    done = run_cli(["--strict", "--facts-dir", folder, "show", "widgets", "--format", "tsv"])
    assert done.exit_code == 0, done.stderr
    assert done.stderr == ""
    assert "widgets.five-to-ten" in done.stdout


@pytest.mark.parametrize(
    ("since", "until"), [("2023", "2021"), ("2022-09", "2022-08"), ("2022-autumn", "2022-02-01")]
)
def test_a_reversed_period_is_a_usage_error(since: str, until: str) -> None:
    done = run_cli(["timeline", "--from", since, "--to", until])
    assert done.exit_code == 2
    assert done.stderr == f"error: --from {since} is after --to {until} — swap them\n"


@pytest.mark.parametrize(("since", "until"), [("2022", "2022-01"), ("2022-08", "2022-08")])
def test_an_overlapping_period_is_no_error(since: str, until: str) -> None:
    assert run_cli(["timeline", "--from", since, "--to", until]).exit_code in (0, 1)
