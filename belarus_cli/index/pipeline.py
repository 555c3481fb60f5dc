"""The pipeline of one run: which fact folders, which index, and whether it is opened from the
cache or built (on disk, or in memory for --no-cache). It knows nothing of terminals: a
progress bar is handed in, and problems in the fact files are handed back."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..core.errors import Problem
from ..load.locations import ENV_FACTS_PATH, facts_folders, list_fact_files, stat_fact_files
from . import cache
from .schema import read_meta

if TYPE_CHECKING:
    from ..load.loading import LoadResult

# Below this many fact files a build is too quick for a progress bar to help.
PROGRESS_FROM_FILES = 50

Advance = Callable[[int, int], None]  # (files done, files in all)
# A progress bar to show while a build reads the files: entered only for a long build.
ProgressBar = Callable[[], AbstractContextManager[Advance]]


class Opened(NamedTuple):
    """An index ready to query, and the problems found in the fact files it was built from."""

    db: sqlite3.Connection
    problems: list[Problem]
    skipped: list[Path]


@contextlib.contextmanager
def _no_bar() -> Iterator[Advance]:
    yield lambda done, total: None


class Pipeline:
    """Fact folders (`facts_dirs` and BELARUS_FACTS_PATH, read when used) → index."""

    def __init__(
        self,
        facts_dirs: list[Path] | None = None,
        no_cache: bool = False,
        progress: ProgressBar | None = None,
    ) -> None:
        self.facts_dirs = facts_dirs or []
        self.no_cache = no_cache
        self.progress = progress or _no_bar

    def folders(self) -> list[Path]:
        return facts_folders(self.facts_dirs, os.environ.get(ENV_FACTS_PATH))

    def load(self) -> LoadResult:
        """Parse and check every fact file (for validate: every other reading is indexed)."""
        from ..load.loading import load

        return load(self.folders())

    def open(self) -> Opened:
        """The index of every fact folder, from the cache when it is up to date (so that no
        fact file needs parsing), else built there, or in memory under --no-cache."""
        if self.no_cache or cache.cache_disabled():
            db = self._in_memory(progress=False)
        else:
            folders = self.folders()
            files, listing_problems = stat_fact_files(folders)
            key = cache.fingerprint(files, (str(p) for p in listing_problems))
            path = cache.index_path(folders)
            found = cache.open_index(path, key)
            db = self._build_cached(path, key, files) if found is None else found
        problems = [Problem(*p) for p in json.loads(read_meta(db, "problems") or "[]")]
        skipped = [Path(p) for p in json.loads(read_meta(db, "skipped") or "[]")]
        return Opened(db, problems, skipped)

    def forget(self) -> None:
        """Drop the cached index (found damaged): the next open builds it again."""
        cache.forget(cache.index_path(self.folders()))

    def _build_cached(
        self, path: Path, key: str, files: dict[str, os.stat_result]
    ) -> sqlite3.Connection:
        """Build the index into the cache, taking the unchanged files from the out-of-date
        index there; a damaged one is built without, and a read-only or full cache folder
        only costs speed."""
        progress = len(files) >= PROGRESS_FROM_FILES
        with cache.build_lock(path):
            found = cache.open_index(path, key)  # built by another run while this one waited
            if found is not None:
                return found
            signatures = cache.signatures(files)
            earlier = cache.earlier_index(path)
            if earlier is not None:
                update = partial(self._fill, progress=progress, signatures=signatures, update=True)
                try:
                    return cache.update_index(path, key, update)
                except (OSError, sqlite3.Error):
                    pass  # damaged, or files moved so that there is no room: built anew
            for taking_from in dict.fromkeys([earlier, None]):
                fill = partial(
                    self._fill, progress=progress, signatures=signatures, earlier=taking_from
                )
                try:
                    return cache.build_index(path, key, fill)
                except (OSError, sqlite3.Error):
                    continue
        return self._in_memory(progress)

    def _in_memory(self, progress: bool) -> sqlite3.Connection:
        db = sqlite3.connect(":memory:")
        try:
            with db:
                self._fill(db, {}, progress)
        except BaseException:
            db.close()
            raise
        return db

    def _fill(
        self,
        db: sqlite3.Connection,
        meta: dict[str, str],
        progress: bool,
        signatures: dict[Path, tuple[int, int, int, int]] | None = None,
        earlier: Path | None = None,
        update: bool = False,
    ) -> None:
        """Index every fact folder into an empty database (or with `update`, bring the index
        in `db` up to date in place), file by file as they are read; files unchanged since the
        `earlier` index or `db` (by their `signatures`, see cache.py) are taken from it rather
        than parsed."""
        from ..load.loading import load_indexed
        from .rows import prepare_file
        from .writer import IndexWriter

        writer = IndexWriter(db, signatures, earlier, update)
        folders = self.folders()
        listed = list_fact_files(folders)
        prepare = partial(prepare_file, ordinals=writer.plan(listed[0]))
        with self.progress() if progress else _no_bar() as advance:
            result = load_indexed(folders, prepare, writer, advance, listed)
        problems = [[p.path, p.line, p.message] for p in result.problems]
        meta = {
            **meta,
            "problems": json.dumps(problems),
            "skipped": json.dumps([str(p) for p in result.skipped]),
        }
        writer.finish(result.unindexed, result.skipped, meta, result.whole)
