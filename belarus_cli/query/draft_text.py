"""A draft's text as the checker reads it: words with their places, sentences, clauses, and
the people and organisations it names.

Every token keeps its offsets in its line, so that a finding can point at the exact span of
the draft; comparison uses the folded form (case, curly quotes, thousands separators, "%").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.folding import fold, strip_accents

# A number (3,000 or 3000 or 4.5), a word with its apostrophes (don't, Russia's), or "%".
_TOKEN = re.compile(
    r"\d{1,3}(?:[,\u202f\u2009\u00a0]\d{3})+(?![\d])|\d+(?:\.\d+)?|[^\W\d_]+(?:['’`][^\W\d_]+)*|%"
)
_SEPARATORS = re.compile(r"[,\u202f\u2009\u00a0]")
# Where a sentence ends: . ! ? (and any closing quote or bracket) before a space and a capital,
# a digit, a quote or a bracket. Abbreviations of one capital letter (U.S.) do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]*]*\s+(?=[\"“‘(\[*A-Z0-9])")
# Where a clause ends inside a sentence: the joints after which another claim begins.
_CLAUSE_END = re.compile(
    r"\s*(?:[;:]|\s[–—-]\s|,\s+(?=(?:but|and|while|whereas|though|although|which|yet|so|"
    r"after|before|because|since|as|if)\b))\s*",
    re.IGNORECASE,
)
# Words too common to tell one fact from another.
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "his",
        "she",
        "her",
        "him",
        "we",
        "our",
        "you",
        "your",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "nor",
        "so",
        "than",
        "then",
        "too",
        "very",
        "can",
        "could",
        "would",
        "should",
        "will",
        "may",
        "might",
        "must",
        "shall",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "since",
        "until",
        "while",
        "also",
        "only",
        "just",
        "more",
        "most",
        "less",
        "least",
        "such",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "other",
        "some",
        "own",
        "same",
        "out",
        "up",
        "down",
        "off",
        "again",
        "further",
        "once",
        "here",
        "s",
        "t",
        "one",
    ]
)


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # folded: lower case, straight apostrophe, no thousands separator, % is percent
    start: int  # offsets in the text it was read from
    end: int


def fold_token(raw: str) -> str:
    if raw == "%":
        return "percent"
    if raw[0].isdigit():
        return _SEPARATORS.sub("", raw)
    return strip_accents(fold(raw))


def tokens(text: str, offset: int = 0) -> list[Token]:
    return [
        Token(fold_token(m.group()), m.start() + offset, m.end() + offset)
        for m in _TOKEN.finditer(text)
    ]


def words(text: str) -> list[str]:
    return [fold_token(m.group()) for m in _TOKEN.finditer(text)]


def stem(word: str) -> str:
    """A crude stem: a word's first five letters (possessive dropped) stand for the word, so
    that "positively" meets "positive" and "returning" meets "return"."""
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("defence", "defense")
    return word if word[:1].isdigit() else word[:5]


def content_stems(text_words: Iterable[str]) -> set[str]:
    return {stem(w) for w in text_words if w not in STOP and (len(w) > 2 or w[:1].isdigit())}


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of one line of the draft: its text and where it begins in the line."""

    line: int  # 1-based
    start: int  # 0-based offset in the line
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def sentences(line: int, text: str) -> list[Span]:
    found: list[Span] = []
    position = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        stripped = piece.strip()
        if stripped:
            found.append(Span(line, position + piece.index(stripped), stripped))
        if match:
            position = match.end()
    return found


def clauses(sentence: Span) -> list[Span]:
    found: list[Span] = []
    position = 0
    text = sentence.text
    for match in [*_CLAUSE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[position:end]
        stripped = piece.strip(" ,")
        if stripped:
            offset = position + piece.index(stripped)
            found.append(Span(sentence.line, sentence.start + offset, stripped))
        if match:
            position = match.end()
    return found


@dataclass(frozen=True, slots=True)
class Mention:
    entity: str  # entity id
    start: int  # offsets in the line
    end: int


class Names:
    """Every name of every entity, to find in a draft (loosely) and in a fact (exactly)."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names
        self._exact: dict[tuple[str, ...], str] = {}
        self._loose: list[tuple[frozenset[str], int, str]] = []
        for entity, entity_names in names.items():
            for name in entity_names:
                name_words = tuple(_adjectival(words(name)))
                if not name_words:
                    continue
                self._exact.setdefault(name_words, entity)
                core = frozenset(stem(w) for w in name_words if w not in STOP)
                if core:
                    self._loose.append((core, len(name_words), entity))
        self._longest = max((len(k) for k in self._exact), default=0)
        self._by_stem: dict[str, list[tuple[frozenset[str], int, str]]] = {}
        for entry in self._loose:
            for s in entry[0]:
                self._by_stem.setdefault(s, []).append(entry)

    def in_fact(self, text: str) -> set[str]:
        """The entities whose names a fact's text gives word for word."""
        text_words = _adjectival(words(text))
        found = set()
        for size in range(1, min(self._longest, len(text_words)) + 1):
            for i in range(len(text_words) - size + 1):
                entity = self._exact.get(tuple(text_words[i : i + size]))
                if entity:
                    found.add(entity)
        return found

    def in_draft(self, toks: Sequence[Token]) -> list[Mention]:
        """The entities a draft names, in any order of their words ("defence ministry" for
        "Ministry of Defense"), a possessive country for its adjective ("Ukraine's" for
        "Ukrainian"); where two overlap, the one that covers more words wins."""
        stems = [stem(_COUNTRY_ADJECTIVES.get(t.word, t.word)) for t in toks]
        candidates: list[tuple[int, int, int, str]] = []
        for i, s in enumerate(stems):
            for core, size, entity in self._by_stem.get(s, ()):
                window = range(max(0, i - size), min(len(stems), i + size + 1))
                hits = [j for j in window if stems[j] in core]
                if {stems[j] for j in hits} == core and min(hits) == i:
                    last = max(hits)
                    # The name's words together, in any order: "defence ministry" is the
                    # Ministry of Defense, "the military in Belarus" is not the Belarusian army.
                    between = (toks[j].word for j in range(i, last + 1) if j not in hits)
                    if all(word in ("of", "the") for word in between):
                        candidates.append((last - i + 1, i, last, entity))
        chosen: list[tuple[int, int, str]] = []
        for _, first, last, entity in sorted(candidates, key=lambda c: (-c[0], c[1])):
            if all(last < a or first > b for a, b, _ in chosen):
                chosen.append((first, last, entity))
        return sorted(
            (Mention(entity, toks[a].start, toks[b].end) for a, b, entity in chosen),
            key=lambda m: m.start,
        )


_COUNTRY_ADJECTIVES = {
    "ukraine's": "ukrainian",
    "belarus's": "belarusian",
    "russia's": "russian",
    "minsk's": "belarusian",
    "moscow's": "russian",
    "kyiv's": "ukrainian",
    "defence": "defense",
}


def _adjectival(text_words: Iterable[str]) -> list[str]:
    return [_COUNTRY_ADJECTIVES.get(w, w) for w in text_words if w not in ("the", "of")]


class Weights:
    """How much a shared word says that a sentence and a fact are about the same thing:
    the rarer among the facts, the more (inverse document frequency)."""

    def __init__(self, documents: Iterable[set[str]]) -> None:
        counts: Counter[str] = Counter()
        total = 0
        for document in documents:
            counts.update(document)
            total += 1
        self._idf = {s: math.log(1 + total / n) for s, n in counts.items()}
        self._unknown = math.log(1 + total)

    def score(self, shared: Iterable[str]) -> float:
        return sum(self._idf.get(s, self._unknown) for s in shared)
