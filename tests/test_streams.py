"""The standard streams and the terminal, as the installed command meets them.

Each test runs a real `python -m belarus_cli` process, since these are the process's own
streams and environment:

- stdout that cannot encode the text (ASCII, Latin-1) gets escapes such as \\u2019, and the
  whole answer, never an internal error halfway (D8);
- stderr that is closed, full or a pipe nobody reads neither drops nor changes the answer on
  stdout, and the exit code stays the answer's (D9);
- a full disk or a closed stdout is one line about input/output and exit 74, not "this is
  a bug" (D19), for --help and --version too, without a traceback (D20);
- a reader that goes away before the output ends gives exit 0 in every format (D21);
- a COLUMNS of 0 or of more digits than an index holds still draws the answer (D34).
"""

from __future__ import annotations

import codecs
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import pytest

from belarus_cli.core.errors import ExitCode

BELARUS = [sys.executable, "-m", "belarus_cli"]


def process_env(**extra: str) -> dict[str, str]:
    """The test run's environment, without what changes the output, UTF-8 unless told."""
    unset = ("BELARUS_FACTS_PATH", "NO_COLOR", "FORCE_COLOR", "PYTHONWARNINGS", "COLUMNS")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


FACT = "troops.minsk-says-needed-for-security"  # its quote holds a curly apostrophe
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX file descriptors")
needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")


def belarus(
    args: list[str],
    tmp_path: Path,
    stdout: int | IO[bytes] = subprocess.PIPE,
    stderr: int | IO[bytes] | None = None,
    **env: str,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*BELARUS, *args],
        stdout=stdout,
        stderr=subprocess.PIPE if stderr is None else stderr,
        env=process_env(**env),
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def broken_file_folder(tmp_path: Path) -> Path:
    """A fact folder with one broken file, so that every run has a warning to give."""
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "broken.toml").write_text("[[fact]\n", encoding="utf-8")
    return folder


# --- stdout that cannot encode the text ------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_ascii_stdout_gets_escapes_and_the_whole_answer(tmp_path: Path, encoding: str) -> None:
    utf8 = belarus(["show", "troops", "--format", "tsv"], tmp_path)
    narrow = belarus(["show", "troops", "--format", "tsv"], tmp_path, PYTHONIOENCODING=encoding)
    assert narrow.stderr == b""
    assert narrow.returncode == 0
    text = narrow.stdout.decode(encoding)
    assert text.count("\n") == utf8.stdout.decode("utf-8").count("\n")
    assert "country\\u2019s security" in text
    # The escapes read back as the text itself.
    assert text.encode().decode("unicode_escape") == utf8.stdout.decode("utf-8")


@pytest.mark.parametrize("command", [["fact", FACT], ["show", "troops"], ["sources"]])
def test_json_on_an_ascii_stdout_is_the_same_json(tmp_path: Path, command: list[str]) -> None:
    args = [*command, "--format", "json"]
    utf8 = belarus(args, tmp_path)
    ascii_only = belarus(args, tmp_path, PYTHONIOENCODING="ascii")
    assert ascii_only.returncode == 0, ascii_only.stderr
    assert json.loads(ascii_only.stdout.decode("ascii")) == json.loads(utf8.stdout)


def test_a_character_beyond_the_basic_plane_is_valid_json_on_ascii(tmp_path: Path) -> None:
    from belarus_cli.cli import streams

    codecs.register_error(streams.ESCAPE, streams._escape)
    escaped = "x 😀 ’".encode("ascii", streams.ESCAPE).decode("ascii")
    assert escaped == "x \\ud83d\\ude00 \\u2019"
    assert json.loads(f'"{escaped}"') == "x 😀 ’"


@posix_only
def test_an_ascii_terminal_gets_a_table_drawn_in_ascii(tmp_path: Path) -> None:
    code, screen = at_a_terminal(["fact", FACT], tmp_path, PYTHONIOENCODING="ascii")
    assert code == 0
    assert FACT in screen and "\\u2019" in screen
    assert "internal error" not in screen


# --- stderr that fails -----------------------------------------------------------------------


def closed_pipe() -> int:
    """The writing end of a pipe whose reader has gone."""
    read, write = os.pipe()
    os.close(read)
    return write


def failing_stderrs() -> list[str]:
    return ["closed", "pipe-without-reader", *(["dev-full"] if Path("/dev/full").exists() else [])]


def run_with_stderr(
    how: str, args: list[str], tmp_path: Path
) -> subprocess.CompletedProcess[bytes]:
    if how == "closed":
        shell = ["sh", "-c", 'exec "$@" 2>&-', "sh", *BELARUS, *args]
        return subprocess.run(
            shell, stdout=subprocess.PIPE, env=process_env(), cwd=tmp_path, timeout=120
        )
    if how == "dev-full":
        with open("/dev/full", "wb") as full:
            return belarus(args, tmp_path, stderr=full)
    write = closed_pipe()
    try:
        return belarus(args, tmp_path, stderr=write)
    finally:
        os.close(write)


@posix_only
@pytest.mark.parametrize("how", failing_stderrs())
@pytest.mark.parametrize(
    "args",
    [
        ["ask", "prisonners", "-n", "1", "--format", "tsv"],  # a correction note is due
        ["show", "nosuch"],  # nothing found: exit 1 and its message
    ],
    ids=["note-due", "not-found"],
)
def test_a_failing_stderr_keeps_the_answer_and_the_exit_code(
    tmp_path: Path, how: str, args: list[str]
) -> None:
    working = belarus(args, tmp_path)
    assert working.stderr  # there is something to say on stderr
    failing = run_with_stderr(how, args, tmp_path)
    assert failing.stdout == working.stdout
    assert failing.returncode == working.returncode


@posix_only
@pytest.mark.parametrize("how", failing_stderrs())
def test_a_warning_lost_on_stderr_keeps_the_answer(tmp_path: Path, how: str) -> None:
    args = ["--facts-dir", str(broken_file_folder(tmp_path)), "show", "troops", "--format", "tsv"]
    working = belarus(args, tmp_path)
    assert b"warning:" in working.stderr
    failing = run_with_stderr(how, args, tmp_path)
    assert failing.stdout == working.stdout and failing.stdout.startswith(b"id\t")
    assert failing.returncode == 0


# --- stdout that fails -----------------------------------------------------------------------


def assert_io_error(done: subprocess.CompletedProcess[bytes], reason: str) -> None:
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == int(ExitCode.IO_ERROR) == 74, stderr
    assert stderr.count("\n") == 1, stderr
    assert stderr.startswith("error: input/output error on stdout: ")
    assert reason in stderr
    assert "bug" not in stderr and "Traceback" not in stderr


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [
        ["topics"],
        ["show", "troops", "--format", "json"],
        ["fact", FACT, "--format", "table"],
        ["cite"],
        [],  # the overview
        ["--help"],
        ["show", "--help"],
        ["--version"],
    ],
    ids=lambda args: "-".join(args) or "overview",
)
def test_a_full_disk_on_stdout_is_an_io_error(tmp_path: Path, args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        assert_io_error(belarus(args, tmp_path, stdout=full), "No space left on device")


@posix_only
@pytest.mark.parametrize("args", [["topics"], ["show", "troops", "--format", "tsv"], ["--help"]])
def test_a_closed_stdout_is_an_io_error(tmp_path: Path, args: list[str]) -> None:
    shell = ["sh", "-c", 'exec "$@" >&-', "sh", *BELARUS, *args]
    done = subprocess.run(
        shell, stderr=subprocess.PIPE, env=process_env(), cwd=tmp_path, timeout=120
    )
    assert_io_error(done, "stdout is closed")


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ["show", "troops", "--format", "table"],
        ["fact", FACT, "--format", "table"],
        ["ask", "troops", "--format", "table"],
        ["timeline", "--format", "table"],
        ["compare", "--format", "table"],
        ["show", "troops", "--format", "tsv"],
        [],
        ["--help"],
        ["--version"],
    ],
    ids=lambda args: "-".join(args) or "overview",
)
def test_a_reader_gone_before_the_output_exits_0(tmp_path: Path, args: list[str]) -> None:
    write = closed_pipe()
    try:
        done = belarus(args, tmp_path, stdout=write)
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


# --- the terminal's size ---------------------------------------------------------------------


def at_a_terminal(args: list[str], tmp_path: Path, **env: str) -> tuple[int, str]:
    """Run belarus on a pseudo-terminal: its exit code and what it drew."""
    import pty

    environment = process_env(TERM="xterm-256color", **env)
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child process
        os.chdir(tmp_path)
        os.execvpe(sys.executable, [*BELARUS, *args], environment)
    output = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # the child has closed the terminal
                break
            if not chunk:
                break
            output += chunk
    os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode("utf-8", "replace")


@posix_only
@pytest.mark.parametrize("columns", ["0", "00", "99999999999999999999", "1" * 5000])
@pytest.mark.parametrize("args", [["show", "troops"], ["ask", "troops"], ["--help"]])
def test_a_columns_no_terminal_has_still_draws(
    tmp_path: Path, columns: str, args: list[str]
) -> None:
    code, screen = at_a_terminal(args, tmp_path, COLUMNS=columns)
    assert code == 0, screen
    assert "internal error (" not in screen and "Traceback" not in screen
    assert ("troops." in screen) if args != ["--help"] else ("Usage" in screen)


def test_usable_sizes() -> None:
    from belarus_cli.cli.streams import usable_size

    assert usable_size(None) and usable_size("80") and usable_size("abc") and usable_size("")
    assert not usable_size("0") and not usable_size("10001") and not usable_size("9" * 5000)


# --- I/O errors elsewhere --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_a_full_disk_during_an_export_is_an_io_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Any OSError a command meets is the system's: one line and exit 74, never "a bug"."""
    import sqlite3

    from typer.testing import CliRunner

    from belarus_cli.cli.commands import app
    from belarus_cli.output import export

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    connect = sqlite3.connect

    def connect_full(where: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(tmp_path) in str(where):  # the export's file, not an index in memory
            full()
        made: sqlite3.Connection = connect(where, *args, **kwargs)
        return made

    monkeypatch.setattr(export, "write_json", full)
    monkeypatch.setattr(sqlite3, "connect", connect_full)
    target = tmp_path / f"out.{'db' if fmt == 'sqlite' else fmt}"
    done = CliRunner().invoke(app, ["--no-cache", "export", "-o", str(target)])
    assert done.exit_code == 74, done.stderr
    assert done.stderr == (
        "error: input/output error: No space left on device — check the disk, pipe or file "
        "and run again\n"
    )
    assert not target.exists() and list(tmp_path.iterdir()) == []
