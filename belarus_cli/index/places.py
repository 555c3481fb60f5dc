"""Where each fact file's rows go: its ordinal, from which its rows (ordinal × ROWS_PER_FILE)
and the positions of its topics, sources and entities are numbered. A new index spaces the
files out, so that a file added later finds a place between its neighbours, as a new index
would place it; an update keeps the places of the files it keeps."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from .schema import ROWS_PER_FILE

# Ordinals of a new index are this far apart (fewer for a corpus of more than 65,536 files).
SPACING = 1 << 15


class NoRoom(sqlite3.Error):
    """The files have moved so that the index cannot be updated in place: build it anew."""


def new_ordinals(count: int) -> list[int]:
    spacing = max(1, min(SPACING, (1 << 31) // (count + 1)))
    return [position * spacing for position in range(count)]


def ordinals_keeping(files: list[Path], kept: Mapping[Path, int]) -> list[int]:
    """The ordinal of each file, in order: a kept file's own, and for each other one the
    middle of the room between its neighbours. Raises NoRoom when a file finds none."""
    ordinals: list[int] = []
    following = [kept.get(path) for path in files]
    upcoming = None
    for position in range(len(files) - 1, -1, -1):  # the next kept ordinal, from the end
        upcoming = following[position] if following[position] is not None else upcoming
        following[position] = upcoming
    previous = -1
    taken = set(kept.values())
    for position, path in enumerate(files):
        if path in kept:
            ordinal = kept[path]
        else:
            after = following[position]
            ceiling = after if after is not None else previous + 2 * SPACING
            ordinal = (previous + ceiling + 1) // 2
        if not previous < ordinal < (1 << 31) or (path not in kept and ordinal in taken):
            raise NoRoom("no place for a new fact file between its neighbours")
        ordinals.append(ordinal)
        previous = ordinal
    return ordinals


def record_positions(
    defines: Mapping[Path, Sequence[Sequence[str]]],
    ordinals: Mapping[Path, int],
    dropped: set[Path],
) -> dict[str, int]:
    """The place of each topic, source and entity ("kind id") that the files kept define
    (`defines`, in each file's order): in its file's range, in the file's order."""
    positions: dict[str, int] = {}
    for path, kinds in defines.items():
        if path not in dropped:
            first = ordinals[path] * ROWS_PER_FILE
            for keys in kinds:
                positions.update((key, first + n) for n, key in enumerate(keys))
    return positions
