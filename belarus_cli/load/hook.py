"""How an index takes part in loading, as a typed interface rather than loose callbacks.

Loading into an index (loading.load_indexed) runs these things of the index's:

- `prepare(parsed, ordinal)`, where each file without problems of its own is parsed (a worker
  process on a large corpus, so it must be a plain module-level function): it turns the facts
  it can into the index's rows, and says which (`Prepared.indexed`). It does not change the
  file. The file the loader hands on keeps only the facts `prepare` did not index: the others
  travel as rows, which is what makes parsing in workers pay.
- `FileSink.reuse(path)`: a file unchanged since an earlier index, as it was then, instead of
  parsing it.
- `FileSink.receive(parsed, prepared, ordinal)`: each file in order, as handed on, with what
  `prepare` made of it (None for a file with problems).
- `FileSink.held()`: an index being updated holds the unchanged files whole. Then only the
  files that changed are parsed and received, with the unchanged ones that refer to a
  record the change alters (`HeldFiles.affected`), and checked across files against what
  the index says the other files define, when that is enough to know that nothing is
  wrong (see linking.link_changed); otherwise every file is loaded, the unchanged ones
  through `reuse`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .parsed import ParsedFile


class Prepared(Protocol):
    """What `prepare` made of a file."""

    @property
    def indexed(self) -> frozenset[str]:
        """The ids of the facts it made rows of."""
        ...


Prepare = Callable[["ParsedFile", int], Prepared]


class HeldFiles(Protocol):
    """The files an index holds as they are, and the ids they define."""

    def unchanged(self) -> set[Path]: ...

    def affected(self, changed: list[ParsedFile]) -> set[Path]:
        """Of the unchanged files, those to parse again all the same: they refer to a record
        that the files that changed (without problems of their own) define otherwise now."""
        ...

    def defined(self, kind: str, ids: Collection[str]) -> set[str]:
        """Which of these ids of sources, topics, entities or facts (`kind`) they define."""
        ...


class FileSink(Protocol):
    def held(self) -> HeldFiles | None: ...

    def reuse(self, path: Path) -> tuple[ParsedFile, Prepared] | None: ...

    def receive(self, parsed: ParsedFile, prepared: Prepared | None, ordinal: int) -> None: ...
