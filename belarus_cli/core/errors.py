"""Domain errors and exit codes: the core raises these, the CLI turns them into messages."""

from __future__ import annotations

import enum
from typing import NamedTuple


class ExitCode(enum.IntEnum):
    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    BAD_DATA = 3
    INTERNAL = 70  # a bug: an unexpected exception (EX_SOFTWARE in sysexits.h)
    IO_ERROR = 74  # the system failed a read or write: disk full, stdout closed (EX_IOERR)
    INTERRUPTED = 130


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the run is, as Ctrl-C is: a build then stops its
    workers and removes its temporary file before the run ends with 128 + the signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum


# A NamedTuple, not a dataclass: this module loads on every run, and a dataclass compiles its
# methods at import time. Problems sort by path, then line, then message.
class Problem(NamedTuple):
    """One thing wrong with a fact file, located as precisely as the file allows."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        # Line 0 means the problem is with the path itself, not a line in it.
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class BelarusError(Exception):
    """Base of the errors a user can cause; each maps to one exit code."""

    exit_code = ExitCode.USAGE


class FactDataError(BelarusError):
    """Fact files are invalid and the command cannot go on (validate, --strict)."""

    exit_code = ExitCode.BAD_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the fact files")


class NotFound(BelarusError):
    """Nothing matches what was asked; `suggestions` holds near misses to offer."""

    exit_code = ExitCode.NOT_FOUND

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        super().__init__(message)


class UsageError(BelarusError):
    """An argument or option value is wrong in a way the parser cannot see."""

    exit_code = ExitCode.USAGE
