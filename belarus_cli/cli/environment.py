"""Per-run state: the options that apply to every command, the streams, and the loaded facts.

Made fresh on every run (never at import time), so environment variables such as NO_COLOR and
BELARUS_FACTS_PATH are read when the command runs, and tests can change them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..core.errors import FactDataError, Problem
from ..load.locations import ENV_FACTS_PATH, facts_folders, list_fact_files

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.model import FactBase
    from ..load.loading import LoadResult, ParsedFile
    from ..query.search import SearchIndex, SearchResult
    from .settings import Settings
    from .terminal import HeldOutput

# Below this many fact files a build is too quick for a progress bar to help.
PROGRESS_FROM_FILES = 50


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
        self._loaded: LoadResult | None = None
        self._opened: list[SearchIndex] = []  # closed by close(), at the end of the run

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
        configured = list(self.settings["facts_dirs"])
        return facts_folders(configured + self.facts_dirs, os.environ.get(ENV_FACTS_PATH))

    def load(self, progress: bool = False) -> LoadResult:
        """Load every fact folder once per run."""
        if self._loaded is None:
            self._loaded = self._read(progress)
        return self._loaded

    def _read(
        self,
        progress: bool,
        prepare: Callable[[ParsedFile, int], Any] | None = None,
        receive: Callable[[ParsedFile, Any, int], None] | None = None,
        reuse: Callable[[Path], tuple[ParsedFile, Any] | None] | None = None,
    ) -> LoadResult:
        """Read every fact folder, with a progress bar on a terminal if `progress`."""
        from ..load.loading import load

        if not (progress and self.stderr_is_terminal):
            return load(self.folders(), prepare=prepare, receive=receive, reuse=reuse)

        from rich.progress import Progress

        with Progress(console=self.console(stderr=True), transient=True) as bar:
            task = bar.add_task("Reading fact files", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return load(self.folders(), advance, prepare, receive, reuse)

    def facts(self) -> FactBase:
        """The usable facts; problems are warnings, or fatal under --strict."""
        result = self.load()
        self.report(result.problems, result.skipped)
        return result.base

    def index(self, report: bool = True) -> SearchIndex:
        """The index of every fact folder (facts, topics, sources and the search index),
        from the cache when it is up to date, so that no fact file needs parsing."""
        from ..index import cache
        from ..query.search import SearchIndex

        if self.no_cache or cache.cache_disabled():
            index = self._index_in_memory(progress=False)
        else:
            folders = self.folders()
            files, listing_problems = list_fact_files(folders)
            key = cache.fingerprint(files, (str(p) for p in listing_problems))
            path = cache.index_path(folders)
            db = cache.open_index(path, key)
            index = self._build_cached_index(path, key, files) if db is None else SearchIndex(db)
        self._opened.append(index)
        problems = [Problem(*p) for p in json.loads(index.meta("problems") or "[]")]
        skipped = [Path(p) for p in json.loads(index.meta("skipped") or "[]")]
        if report:
            self.report(problems, skipped)
        return index

    def _build_cached_index(self, path: Path, key: str, files: list[Path]) -> SearchIndex:
        """Build the index into the cache, taking the unchanged files from the out-of-date
        index there; a damaged one is built without, and a read-only or full cache folder
        only costs speed."""
        from ..index import cache
        from ..query.search import SearchIndex

        progress = len(files) >= PROGRESS_FROM_FILES
        signatures = cache.signatures(files)
        earlier = cache.earlier_index(path)
        for taking_from in dict.fromkeys([earlier, None]):
            fill = partial(
                self._fill_index, progress=progress, signatures=signatures, earlier=taking_from
            )
            try:
                return SearchIndex(cache.build_index(path, key, fill))
            except (OSError, sqlite3.Error):
                continue
        return self._index_in_memory(progress)

    def _index_in_memory(self, progress: bool) -> SearchIndex:
        from ..query.search import SearchIndex

        db = sqlite3.connect(":memory:")
        try:
            with db:
                self._fill_index(db, {}, progress)
        except BaseException:
            db.close()
            raise
        return SearchIndex(db)

    def _fill_index(
        self,
        db: sqlite3.Connection,
        meta: dict[str, str],
        progress: bool,
        signatures: dict[Path, tuple[int, int]] | None = None,
        earlier: Path | None = None,
    ) -> None:
        """Index every fact folder into an empty database, file by file as they are read;
        files unchanged since the `earlier` index (by their `signatures`, see index/cache.py) are
        copied from it rather than parsed."""
        from ..index.writer import IndexWriter, prepare_file

        writer = IndexWriter(db, signatures, earlier)
        result = self._read(progress, prepare_file, writer.add_file, writer.reuse)
        problems = [[p.path, p.line, p.message] for p in result.problems]
        meta = {
            **meta,
            "problems": json.dumps(problems),
            "skipped": json.dumps([str(p) for p in result.skipped]),
        }
        writer.finish(result.base, result.skipped, meta)

    def search(self, query: str, limit: int) -> SearchResult:
        """Search, rebuilding a cached index that turns out to be damaged."""
        index = self.index()
        try:
            return index.search(query, limit=limit)
        except sqlite3.DatabaseError:
            from ..index import cache

            index.close()
            cache.forget(cache.index_path(self.folders()))
            return self.index().search(query, limit=limit)

    def close(self) -> None:
        """Close the indexes this run opened; show the held output, paged if it is long."""
        for index in self._opened:
            index.close()
        self._opened.clear()
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
        from ..output.render import visible

        for problem in problems:
            self.stderr.write(f"warning: {visible(str(problem))}\n")
        if skipped:
            names = visible(", ".join(str(path) for path in skipped))
            self.stderr.write(
                f"warning: left out {len(skipped)} file(s) with problems: {names} "
                "(run `belarus validate` for details, or --strict to stop on them)\n"
            )

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
