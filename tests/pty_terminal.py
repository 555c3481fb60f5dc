"""Run the installed `belarus` on a pseudo-terminal, the way a user's terminal runs it.

The CLI runner's streams are never terminals; the pager, the stacked layout of a narrow
screen and hyperlinks only happen on one. `on_terminal("show", "troops", columns=60)` starts
the real console script with its stdin, stdout and stderr on a pty of that size, in an
environment with nothing of the user's (no config, no pager, no colour variables), and
returns everything the terminal received.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

# Colour and style (SGR) and OSC 8 hyperlinks, the escapes Rich writes.
SGR = re.compile(r"\x1b\[[0-9;]*m")
OSC8 = re.compile(r"\x1b\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x1b\\|\x07)")
ANY_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\))")


class Screen(NamedTuple):
    output: str  # what the terminal received, escapes and all, with "\n" line ends
    exit_code: int

    @property
    def text(self) -> str:
        """The output as a user reads it: no colour, no hyperlink escapes."""
        return ANY_ESCAPE.sub("", self.output)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def links(self) -> list[str]:
        """The targets of the OSC 8 hyperlinks, in order (the closing sequences have none)."""
        return [url for url in OSC8.findall(self.output) if url]


def belarus_command() -> str:
    """The console script of the Python running the tests (the project installed in it)."""
    beside = Path(sys.executable).parent / "belarus"
    found = str(beside) if beside.exists() else shutil.which("belarus")
    assert found, "the belarus command is not installed next to this Python"
    return found


def terminal_env(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A user's environment with nothing in it but what the test gives."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(home / "cache")),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
    if "BELARUS_ARTICLE" in os.environ:
        env["BELARUS_ARTICLE"] = os.environ["BELARUS_ARTICLE"]
    env.update(extra or {})
    return env


def on_terminal(
    *args: str,
    home: Path,
    columns: int = 120,
    rows: int = 40,
    env: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> Screen:
    """Run `belarus ARGS` on a `columns` x `rows` pty and collect its output until it exits."""
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [belarus_command(), *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=terminal_env(home, env),
        start_new_session=True,
        close_fds=True,
    )
    os.close(follower)
    received = bytearray()
    deadline = time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                process.kill()
                raise AssertionError(f"belarus {' '.join(args)} did not end in {timeout} s")
            ready, _, _ = select.select([leader], [], [], min(left, 0.5))
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not chunk:
                break
            received += chunk
    finally:
        os.close(leader)
    code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    # The terminal's line discipline turns "\n" into "\r\n".
    return Screen(received.decode("utf-8", "replace").replace("\r\n", "\n"), code)


def fake_pager(folder: Path) -> tuple[str, Path]:
    """A pager command that records what it was given, and the file it records it in."""
    record = folder / "paged.txt"
    script = folder / "fake-pager"
    script.write_text(f'#!/bin/sh\necho "started with: $*" > "{record}"\ncat >> "{record}"\n')
    script.chmod(0o755)
    return str(script), record
