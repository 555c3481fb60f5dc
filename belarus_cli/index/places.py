"""Where each fact file's rows go: its ordinal, from which its rows (ordinal × ROWS_PER_FILE)
and the positions of its topics, sources and entities are numbered. A new index spaces the
files out, so that a file added later finds a place between its neighbours, as a new index
would place it; an update keeps the places of the files it keeps."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

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
