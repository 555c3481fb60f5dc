"""The one "did you mean": the names closest to what was typed, ignoring case and typography."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .folding import fold


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` of `choices` closest to `word`, best first, each as it is spelt in `choices`."""
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(fold(choice), choice)
    # 0.75: "bypol" and "polls" (0.6) are not alike enough to offer one for the other.
    close = difflib.get_close_matches(fold(word), list(by_folded), n=n, cutoff=0.75)
    return [by_folded[c] for c in close]
