"""Per-run state: the options that apply to every command, the streams, and the loaded facts.

Made fresh on every run (never at import time), so environment variables such as NO_COLOR and
BELARUS_FACTS_PATH are read when the command runs, and tests can change them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import FactDataError, Problem
from .loading import ENV_FACTS_PATH, LoadResult, facts_folders, load
from .model import FactBase

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class Environment:
    facts_dirs: list[Path] = field(default_factory=list)
    strict: bool = False
    no_color: bool = False
    debug: bool = False
    _loaded: LoadResult | None = None

    @property
    def stdout(self) -> IO[str]:
        return sys.stdout

    @property
    def stderr(self) -> IO[str]:
        return sys.stderr

    @property
    def stdout_is_terminal(self) -> bool:
        isatty = getattr(sys.stdout, "isatty", None)
        return bool(isatty and isatty())

    def default_format(self) -> str:
        """A table for people at a terminal; tab-separated lines for pipes and scripts."""
        return "table" if self.stdout_is_terminal else "tsv"

    def folders(self) -> list[Path]:
        return facts_folders(self.facts_dirs, os.environ.get(ENV_FACTS_PATH))

    def load(self) -> LoadResult:
        """Load every fact folder once per run."""
        if self._loaded is None:
            self._loaded = load(self.folders())
        return self._loaded

    def facts(self) -> FactBase:
        """The usable facts; problems are warnings, or fatal under --strict."""
        result = self.load()
        if result.problems:
            if self.strict:
                raise FactDataError(result.problems)
            self.warn_skipped(result.problems, result.skipped)
        return result.base

    def warn_skipped(self, problems: list[Problem], skipped: list[Path]) -> None:
        for problem in problems:
            self.stderr.write(f"warning: {problem}\n")
        if skipped:
            names = ", ".join(str(path) for path in skipped)
            self.stderr.write(
                f"warning: left out {len(skipped)} file(s) with problems: {names} "
                "(run `belarus validate` for details, or --strict to stop on them)\n"
            )

    def console(self, stderr: bool = False) -> Console:
        from rich.console import Console

        console = Console(
            file=self.stderr if stderr else self.stdout,
            no_color=self.no_color or None,
            highlight=False,
            emoji=False,
            markup=False,
        )
        if not console.is_terminal:
            # A pipe gets whole lines: Rich would otherwise wrap at 80 columns.
            console.width = 100_000
        return console
