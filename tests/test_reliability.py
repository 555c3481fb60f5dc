"""Pipes, signals and internal errors, with real processes of `python -m belarus_cli` (issue 7).

- `belarus show troops --format tsv | head -1` ends quietly with exit 0;
- Ctrl-C (SIGINT) while the facts load ends with exit 130 and no traceback;
- an unexpected internal error is one line that suggests --debug, shows no local variables,
  and --debug shows the traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from belarus_cli.cli import commands as cli
from belarus_cli.cli.commands import app
from belarus_cli.core import records

BELARUS = [sys.executable, "-m", "belarus_cli"]
BUNDLED_TROOPS_FACT = "troops.gur-just-over-3000"


def process_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("BELARUS_FACTS_PATH", "NO_COLOR", "FORCE_COLOR", "PYTHONWARNINGS")
    }
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def corpus(folder: Path, count: int) -> Path:
    """A folder with one file of `count` valid troops facts (about 310 bytes each)."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for n in range(count):
        parts.append(
            f'[[fact]]\nid = "troops.generated-{n}"\ntopics = ["troops"]\n'
            f'statement = "Generated statement number {n} about the troops in Belarus."\n'
            f'value = "{n}"\nquantity = {{ low = {n}, unit = "soldiers" }}\ndate = "2022-10"\n'
            'stated_by = ["belarus"]\n'
            f"quote = '''generated quote number {n}'''\n"
            'source = "russiapost-belarus-2022"\nsection = "Introduction"\nparagraph = 2\n\n'
        )
    (folder / "generated.toml").write_text("".join(parts), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # About 1.5 MB of TSV for `show troops`: far more than a pipe's buffer holds.
    return corpus(tmp_path_factory.mktemp("large") / "facts", 5000)


# --- closed pipes ---------------------------------------------------------------------------


def pipe_into_head(args: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    """`belarus ARGS | head -1`: belarus's exit code, its stderr, and what head printed."""
    head = shutil.which("head")
    if head is None:  # pragma: no cover - Windows without coreutils
        pytest.skip("needs the head command")
    belarus = subprocess.Popen(
        [*BELARUS, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd
    )
    assert belarus.stdout is not None and belarus.stderr is not None
    first = subprocess.run(
        [head, "-1"], stdin=belarus.stdout, capture_output=True, timeout=60, check=True
    )
    belarus.stdout.close()  # only head holds the reading end now; it has exited
    stderr = belarus.stderr.read().decode("utf-8", "replace")
    belarus.stderr.close()
    code = belarus.wait(timeout=60)
    return code, stderr, first.stdout.decode("utf-8", "replace")


def test_show_troops_into_head_ends_quietly(tmp_path: Path) -> None:
    code, stderr, first = pipe_into_head(
        ["show", "troops", "--format", "tsv"], process_env(), tmp_path
    )
    assert first.startswith("id\ttopic\t")
    assert "Traceback" not in stderr
    assert stderr == ""
    assert code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["show", "troops", "--format", "tsv"],
        ["show", "troops"],  # the default format in a pipe
        ["show", "troops", "--format", "csv"],
        ["show", "troops", "--format", "json"],
        ["show", "troops", "--format", "jsonl"],
        ["show", "troops", "--format", "markdown"],
        ["show", "troops", "--format", "table"],
        ["ask", "troops", "--limit", "1000", "--format", "tsv"],
    ],
    ids=lambda args: "-".join(args[:1] + args[-1:]),
)
def test_a_pipe_closed_mid_output_ends_quietly(
    large_corpus: Path, tmp_path: Path, args: list[str]
) -> None:
    """Output far larger than the pipe's buffer: the writes after head exits meet EPIPE."""
    env = process_env(BELARUS_FACTS_PATH=str(large_corpus))
    code, stderr, first = pipe_into_head(args, env, tmp_path)
    assert first
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr and "Exception ignored" not in stderr
    assert code == 0


# --- Ctrl-C ---------------------------------------------------------------------------------


def _bytes_read(pid: int) -> int | None:
    """Bytes the process has read so far (Linux /proc), or None where that is not known."""
    try:
        text = Path(f"/proc/{pid}/io").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    return None  # pragma: no cover


def interrupt_while_loading(folder: Path, tmp_path: Path) -> tuple[int, str] | None:
    """Start `belarus show troops` on a large corpus and send SIGINT once it is loading.

    On Linux, "loading" is seen exactly: the process has read the corpus file (more bytes
    than its whole start-up reads), and parsing it takes far longer than that. Elsewhere a
    pause stands in. Returns None if the command finished before the signal could be sent.
    """
    size = sum(path.stat().st_size for path in folder.glob("*.toml"))
    env = process_env(BELARUS_FACTS_PATH=str(folder))
    process = subprocess.Popen(
        [*BELARUS, "show", "troops", "--format", "tsv"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            read = _bytes_read(process.pid)
            if read is None:
                time.sleep(1.0)
                break
            if read >= size:
                time.sleep(0.05)  # well inside the parse that follows the read
                break
            time.sleep(0.002)
        if process.poll() is not None:
            process.communicate(timeout=60)
            return None
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:  # pragma: no cover - only when an assertion above fails
            process.kill()
            process.wait()
    return process.returncode, stderr.decode("utf-8", "replace")


@pytest.mark.skipif(os.name != "posix", reason="SIGINT to a child process needs POSIX")
def test_ctrl_c_while_loading_exits_130_without_traceback(tmp_path: Path) -> None:
    count = 30_000  # about 9 MB: a few seconds of parsing on a fast machine
    for _attempt in range(3):
        outcome = interrupt_while_loading(corpus(tmp_path / f"facts-{count}", count), tmp_path)
        if outcome is not None:
            code, stderr = outcome
            assert "Traceback" not in stderr, stderr
            assert "KeyboardInterrupt" not in stderr, stderr
            assert code == 130, stderr
            return
        count *= 2  # finished before the signal: try a corpus that takes longer to load
    pytest.skip("loading finished before SIGINT could be sent, even with the largest corpus")


def test_keyboard_interrupt_inside_a_command_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same, in-process and deterministic: Ctrl-C raised in the middle of a search."""
    from belarus_cli.query import search

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(search.SearchIndex, "search", interrupted)
    result = CliRunner().invoke(app, ["ask", "troops"])
    assert result.exit_code == 130
    assert "Traceback" not in result.output


def test_broken_pipe_inside_a_command_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    from belarus_cli.cli import app as entry
    from belarus_cli.output import render

    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(render, "write_records", closed)
    monkeypatch.setattr(entry, "_silence_stdout", lambda: None)  # keep the runner's stdout
    result = CliRunner().invoke(app, ["show", "troops", "--format", "tsv"])
    assert result.exit_code == 0
    assert result.stderr == ""


# --- internal errors --------------------------------------------------------------------------

LOCAL_VALUE = "LOCAL-" + "VALUE-" + str(6 * 7)  # never written out whole in any source


def _broken_fact_record(*args: object, **kwargs: object) -> object:
    secret = "LOCAL-" + "VALUE-" + str(6 * 7)  # a local variable a traceback could show
    raise RuntimeError(f"provoked for the test ({len(secret)} characters)")


@pytest.fixture
def broken_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "fact_record", _broken_fact_record)
    monkeypatch.setattr(records, "uncited_record", _broken_fact_record)  # what the index keeps
    # Should cli/commands.py import fact_record by name at the top, that name must break too.
    monkeypatch.setattr(cli, "fact_record", _broken_fact_record, raising=False)


@pytest.mark.usefixtures("broken_records")
def test_an_internal_error_is_one_line_that_suggests_debug() -> None:
    # --no-cache: a cached index holds the records already made.
    result = CliRunner().invoke(app, ["--no-cache", "show", "troops", "--format", "tsv"])
    assert result.exit_code == 70
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: internal error (RuntimeError: provoked for the test")
    assert "--debug" in lines[0]
    assert "Traceback" not in result.stderr
    assert LOCAL_VALUE not in result.stderr


@pytest.mark.usefixtures("broken_records")
def test_debug_lets_the_traceback_through() -> None:
    args = ["--debug", "--no-cache", "show", "troops", "--format", "tsv"]
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, RuntimeError)
    assert result.exc_info is not None
    import traceback

    frames = [frame.name for frame in traceback.extract_tb(result.exc_info[2])]
    assert "_broken_fact_record" in frames


SITE_PATCH = """
import belarus_cli.cli.commands as cli
import belarus_cli.core.records as records


def broken(*args, **kwargs):
    secret = "LOCAL-" + "VALUE-" + str(6 * 7)
    raise RuntimeError("provoked for the test")


records.fact_record = broken
records.uncited_record = broken  # what the search index keeps
if hasattr(cli, "fact_record"):
    cli.fact_record = broken
"""


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_an_internal_error_in_a_real_process(tmp_path: Path, debug: bool) -> None:
    """The installed command, broken from outside through sitecustomize."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITE_PATCH, encoding="utf-8")
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    debug_flag = ["--debug"] if debug else []
    args = [*BELARUS, *debug_flag, "--no-cache", "show", "troops", "--format", "tsv"]
    done = subprocess.run(
        args,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=process_env(PYTHONPATH=path),
        cwd=tmp_path,
        timeout=60,
    )
    assert LOCAL_VALUE not in done.stderr  # no local variables, with or without --debug
    assert done.stdout == ""
    if debug:
        assert "Traceback" in done.stderr
        assert "RuntimeError: provoked for the test" in done.stderr
        assert done.returncode != 0
    else:
        assert done.returncode == 70
        assert done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "run again with --debug" in done.stderr
