"""The one home of "did you mean": the names closest to what was typed, for a name that is
not found (close_matches) and for a question that matches nothing (names_like)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from .folding import fold


def close_matches(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.75) -> list[str]:
    """Up to `n` of `choices` closest to `word`, best first, each as it is spelt in `choices`."""
    by_folded: dict[str, str] = {}
    for choice in choices:
        by_folded.setdefault(fold(choice), choice)
    # 0.75: "bypol" and "polls" (0.6) are not alike enough to offer one for the other.
    close = difflib.get_close_matches(fold(word), list(by_folded), n=n, cutoff=cutoff)
    return [by_folded[c] for c in close]


def names_like(words: Iterable[str], names: list[str], n: int = 3) -> list[str]:
    """Up to `n` names like any of the words of a question that found nothing, two for each
    word at most, in the order of the words."""
    from rapidfuzz import fuzz, process

    found: list[str] = []
    # Whole names only, and only really alike ones: a partial match (WRatio) offers "rt"
    # for "qwertyuiop" and "us" for "is".
    long_names = [name for name in names if len(name) >= 4]
    for word in (w for w in words if len(w) >= 4):
        for match, _, _ in process.extract(
            word, long_names, scorer=fuzz.ratio, limit=2, score_cutoff=80
        ):
            if match not in found:
                found.append(str(match))
    return found[:n]
