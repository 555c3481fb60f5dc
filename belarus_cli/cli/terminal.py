"""The screen a run writes to: its size, and a pager for output taller than it.

On a terminal the output of a command is held until the command ends; if it has more lines
than the screen, it goes through the pager ($BELARUS_PAGER, else $PAGER, else `less -FRX`),
as git and gh do, otherwise straight to the terminal. In a pipe nothing is held.
"""

from __future__ import annotations

import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import IO

DEFAULT_PAGER = "less -FRX"


class HeldOutput(io.StringIO):
    """What a command writes for the terminal, held to be shown or paged when it ends. It
    answers isatty() and gives the encoding as the terminal does, so that Rich draws for the
    terminal (in ASCII where the terminal is ASCII)."""

    def __init__(self, encoding: str | None) -> None:
        super().__init__()
        self._encoding = encoding or "utf-8"

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return True


def screen_size(stream: IO[str] | None = None) -> os.terminal_size:
    """The terminal's columns and rows, as the terminal says (COLUMNS and LINES win)."""
    stream = stream or sys.__stdout__
    fallback = (80, 24)
    try:
        size = os.get_terminal_size(stream.fileno()) if stream else os.terminal_size(fallback)
    except (OSError, ValueError):
        size = os.terminal_size(fallback)
    # A terminal that does not know its size (0 x 0) gets no pager: rows 0 stays 0.
    columns = _positive(os.environ.get("COLUMNS")) or size.columns
    rows = _positive(os.environ.get("LINES")) or size.lines
    return os.terminal_size((columns, rows))


def _positive(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) > 0 else None


def pager_command(environ: Mapping[str, str], configured: str | None = None) -> str | None:
    """The pager to use: $BELARUS_PAGER, else the config's, else $PAGER, else less -FRX.

    An empty value (`BELARUS_PAGER=`) means no pager, as `PAGER=` does for git.
    """
    for value in (environ.get("BELARUS_PAGER"), configured, environ.get("PAGER")):
        if value is not None:
            return value.strip() or None
    return DEFAULT_PAGER if shutil.which("less") else None


def _escapes() -> str:
    """The error handler stdout uses for characters its encoding lacks (see streams.py)."""
    import codecs

    from .streams import ESCAPE

    try:
        codecs.lookup_error(ESCAPE)
    except LookupError:
        return "backslashreplace"
    return ESCAPE


def show(held: str, out: IO[str], command: str | None, rows: int) -> None:
    """Write `held` to the terminal, through `command` when it is taller than the screen."""
    if command is None or rows <= 0 or held.count("\n") < rows:
        out.write(held)
        return
    try:
        words = shlex.split(command)
    except ValueError:
        words = []
    if not words or shutil.which(words[0]) is None:
        out.write(held)
        return
    out.flush()
    encoding = getattr(out, "encoding", None) or "utf-8"
    # The pager owns the keyboard while it runs: Ctrl-C there must not end this process
    # before the pager has restored the terminal.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pager = subprocess.Popen(words, stdin=subprocess.PIPE)
        assert pager.stdin is not None
        try:
            pager.stdin.write(held.encode(encoding, _escapes()))
            pager.stdin.close()
        except BrokenPipeError:  # the user quit the pager before reading to the end
            pass
        pager.wait()
    except OSError:
        out.write(held)
    finally:
        signal.signal(signal.SIGINT, previous)
