"""`belarus` on a real pseudo-terminal: the pager, the layout at 60 and 120 columns, links.

These start the installed command (see pty_terminal.py), as a user's terminal does.
"""

from __future__ import annotations

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
