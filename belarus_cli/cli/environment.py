"""The session of one run: the options that apply to every command, the streams and consoles,
the warnings, and the index the pipeline (index/pipeline.py) opens for it.

Made fresh on every run (never at import time), so environment variables such as NO_COLOR and
BELARUS_FACTS_PATH are read when the command runs, and tests can change them.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ..core.errors import FactDataError, Problem
from ..index.pipeline import Pipeline

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.model import FactBase
    from ..index.pipeline import Advance
    from ..load.loading import LoadResult
    from ..query.search import SearchIndex, SearchResult
    from .settings import Settings
    from .terminal import HeldOutput


class Environment:
    # A plain class rather than a dataclass, which would cost milliseconds at import time.
    def __init__(
        self,
        facts_dirs: list[Path] | None = None,
        strict: bool = False,
        no_color: bool = False,
        debug: bool = False,
        no_cache: bool = False,
        pager: bool = True,
        settings: Settings | None = None,
        quiet: bool = False,
    ) -> None:
        from .settings import Settings

        self.settings = settings or Settings({})
        self.quiet = quiet
        self.facts_dirs = facts_dirs or []
        self.strict = strict
        self.no_color = no_color
        self.debug = debug
        self.no_cache = no_cache or bool(self.settings["no_cache"])
        # An empty pager setting (`pager = false`, BELARUS_PAGER=) turns paging off.
        self.pager = pager and self.settings.pager() != ""
        self._held: HeldOutput | None = None  # the terminal's output, shown when the run ends
        # The config file's fact folders come before the command line's.
        configured = [*self.settings["facts_dirs"], *self.facts_dirs]
        self.pipeline = Pipeline(configured, self.no_cache, self._progress_bar)
        self._loaded: LoadResult | None = None
        self._opened: list[SearchIndex] = []  # closed by close(), at the end of the run
        # The run's index, opened (and its fact files fingerprinted) once however many parts
        # of a command ask for it; its problems are reported once.
        self._index: SearchIndex | None = None
        self._problems: tuple[list[Problem], list[Path]] = ([], [])
        self._reported = False
        self._rebuilt = False

    @property
    def stdout(self) -> IO[str]:
        """Standard output; on a terminal with the pager on, held until the run ends."""
        if self._held is not None:
            return self._held
        if self.pager and self.stdout_is_terminal:
            from .terminal import HeldOutput

            self._held = HeldOutput(getattr(sys.stdout, "encoding", None))
            return self._held
        return sys.stdout

    @property
    def stderr(self) -> IO[str]:
        return sys.stderr

    @property
    def stderr_is_terminal(self) -> bool:
        isatty = getattr(sys.stderr, "isatty", None)
        return bool(isatty and isatty())

    @property
    def stdout_is_terminal(self) -> bool:
        isatty = getattr(sys.stdout, "isatty", None)
        return bool(isatty and isatty())

    def default_format(self) -> str:
        """A table for people at a terminal; tab-separated lines for pipes and scripts."""
        configured = self.settings["format"]
        if configured:
            return str(configured)
        return "table" if self.stdout_is_terminal else "tsv"

    def note(self, message: str) -> None:
        """A note on stderr (what was searched for, what was written); -q silences notes."""
        if not self.quiet:
            self.stderr.write(f"{message}\n")

    def folders(self) -> list[Path]:
        return self.pipeline.folders()

    def load(self) -> LoadResult:
        """Parse every fact folder, once per run (validate checks the files themselves)."""
        if self._loaded is None:
            self._loaded = self.pipeline.load()
        return self._loaded

    def facts(self) -> FactBase:
        """The parsed facts; problems are warnings, or fatal under --strict."""
        result = self.load()
        self.report(result.problems, result.skipped)
        return result.base

    def index(self, report: bool = True) -> SearchIndex:
        """The index of every fact folder; its files' problems are warnings (if `report`), or
        fatal under --strict."""
        from ..query.search import SearchIndex

        if self._index is None:
            opened = self.pipeline.open()
            self._index = SearchIndex(opened.db)
            self._opened.append(self._index)
            self._problems = (opened.problems, opened.skipped)
        if report and not self._reported:
            self._reported = True
            self.report(*self._problems)
        return self._index

    def search(self, query: str, limit: int) -> SearchResult:
        return self.index().search(query, limit=limit)

    def drop_damaged_index(self) -> bool:
        """Forget the cached index that failed while a command read it, so that the command
        can run again on one built anew; False when there is nothing to rebuild (no cached
        index, or it was rebuilt once already this run)."""
        if self._index is None or self._rebuilt or self.pipeline.no_cache:
            return False
        self._rebuilt = True
        self._index.close()
        self._index = None
        self.pipeline.forget()
        return True

    def close(self) -> None:
        """Close the indexes this run opened; show the held output, paged if it is long."""
        for index in self._opened:
            index.close()
        self._opened.clear()
        self._index = None
        held, self._held = self._held, None
        if held is not None and held.getvalue():
            from .terminal import pager_command, screen_size, show

            command = pager_command(os.environ, self.settings.pager())
            show(held.getvalue(), sys.stdout, command, screen_size().lines)

    def report(self, problems: list[Problem], skipped: list[Path]) -> None:
        """Problems are warnings, or fatal under --strict."""
        if not problems:
            return
        if self.strict:
            raise FactDataError(problems)
        self.warn_skipped(problems, skipped)

    def warn_skipped(self, problems: list[Problem], skipped: list[Path]) -> None:
        from ..output.escape import visible

        for problem in problems:
            self.stderr.write(f"warning: {visible(str(problem))}\n")
        if skipped:
            names = visible(", ".join(str(path) for path in skipped))
            self.stderr.write(
                f"warning: left out {len(skipped)} file(s) with problems: {names} "
                "(run `belarus validate` for details, or --strict to stop on them)\n"
            )

    @contextlib.contextmanager
    def _progress_bar(self) -> Iterator[Advance]:
        """A progress bar on stderr while a long build reads the files, on a terminal only."""
        if not self.stderr_is_terminal:
            yield lambda done, total: None
            return
        from rich.progress import Progress

        with Progress(console=self.console(stderr=True), transient=True) as bar:
            task = bar.add_task("Reading fact files", total=None)
            yield lambda done, total: bar.update(task, completed=done, total=total)

    def _force_terminal(self, stream: IO[str], color: str) -> bool | None:
        """--color always forces a terminal's drawing; FORCE_COLOR does too unless it reads
        false (FORCE_COLOR=0), which Rich would take as forcing."""
        from ..core.switches import read_bool

        if color == "always":
            return True
        if read_bool(os.environ.get("FORCE_COLOR")) is False:
            isatty = getattr(stream, "isatty", None)
            return bool(isatty and isatty())
        return None

    def console(self, stderr: bool = False) -> Console:
        from rich.console import Console

        stream = self.stderr if stderr else self.stdout
        color = self.settings["color"]
        console = Console(
            file=stream,
            no_color=self.no_color or color == "never" or None,
            force_terminal=self._force_terminal(stream, color),
            highlight=False,
            emoji=False,
            markup=False,
        )
        if not console.is_terminal:
            # A pipe gets whole lines: Rich would otherwise wrap at 80 columns.
            console.width = 100_000
        return console
