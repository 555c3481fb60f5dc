"""Names and titles as citation styles write them: an author's given and family name,
title case, Chicago's short title, the proper nouns of a title and the BibTeX key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Source

# Words that stay lower case inside a title in headline style (Chicago 8.159, MLA 1.2.1).
_MINOR_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the and but or nor for so yet as at by from in into of off on onto out over per "
        "to up upon via with vs",
    )
)


_WORD = re.compile("[^\\W_][\\w'\u2019-]*")


@dataclass(frozen=True)
class Name:
    given: str
    family: str

    @property
    def initials(self) -> str:
        """'Yan' -> 'Y.', 'Jean-Paul Anne' -> 'J.-P. A.'"""
        return " ".join(
            "-".join(f"{part[0]}." for part in word.split("-") if part)
            for word in self.given.split()
        )


def author_name(author: str) -> Name:
    """Split 'Yan Auseyushkin' into given and family name (the family name comes last)."""
    words = author.split()
    return Name(" ".join(words[:-1]), words[-1] if words else author)


def title_case(title: str) -> str:
    """Headline-style capitalisation for MLA and Chicago; minor words stay lower case."""
    words = list(_WORD.finditer(title))
    out = []
    last = 0
    for index, match in enumerate(words):
        word = match.group()
        before = title[last : match.start()]
        starts = index == 0 or before.rstrip().endswith((":", "?", "!", ".", "—"))
        ends = index == len(words) - 1
        if word.lower() in _MINOR_WORDS and not starts and not ends:
            word = word.lower()
        elif word[0].islower():
            word = word[0].upper() + word[1:]
        out.append(before + word)
        last = match.end()
    return "".join(out) + title[last:]


def short_title(title: str) -> str:
    """Chicago's short title: the main title (up to ':' or '?'), at most four words."""
    main = re.split(r"(?<=\?)|:", title, maxsplit=1)[0].strip()
    words = main.split()
    if words and words[0].lower() in ("a", "an", "the") and len(words) > 4:
        words = words[1:]
    return title_case(" ".join(words[:4]))


def proper_words(title: str) -> list[str]:
    """Words capitalised in a sentence-case title other than its first: proper nouns."""
    return [m.group() for m in list(_WORD.finditer(title))[1:] if m.group()[0].isupper()]


def citation_key(source: Source) -> str:
    """A BibTeX key in the usual author-year-word form: auseyushkin2022belarus."""
    from ..core.folding import strip_accents

    def ascii_word(word: str) -> str:
        return re.sub(r"[^a-z0-9]", "", strip_accents(word).lower())

    family = ascii_word(author_name(source.author).family)
    words = proper_words(source.title) or [
        m.group() for m in _WORD.finditer(source.title) if m.group().lower() not in _MINOR_WORDS
    ]
    keyword = next((ascii_word(w) for w in words if ascii_word(w)), "")
    return f"{family}{source.published.year}{keyword}"
