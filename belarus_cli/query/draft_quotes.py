"""Quotations of a draft against the article's words: verbatim, close but changed, or absent.

The article's words come from the facts' quotes, which are verbatim article text and together
cover all of its sentences, or from the article's own text when one is given. A quotation
may run across two quotes of the same paragraph where one ends and the next begins (the
facts leave out the "and" between them); an ellipsis or [brackets] mark an allowed gap.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .draft_text import STOP, Span, tokens

# Quotation marks of a draft, and the gaps a quotation may mark inside itself.
_MARKS = '"“”„«»'
_GAP = re.compile(r"\s*(?:\[[^\]]*\]|…|\.\s?\.\s?\.)\s*")
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*\s")
# Words the facts leave out where one quote of a sentence ends and the next begins.
_JOINS = frozenset(
    [
        "and",
        "but",
        "or",
        "while",
        "as",
        "so",
        "which",
        "that",
        "yet",
        "though",
        "with",
        "thus",
        "while",
    ]
)
LONGEST = 150  # words: a longer "quotation" is text between two stray quotation marks
PIECES = 8  # a quotation runs across at most this many of the facts' quotes
NEAR = 0.6  # share of a quotation's words the article must give, in order, for a near miss


@dataclass(frozen=True, slots=True)
class Passage:
    text: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    place: str  # section and paragraph: a quotation stays within one
    facts: tuple[str, ...] = ()


def passage(text: str, place: str, facts: tuple[str, ...] = ()) -> Passage:
    toks = tokens(text)
    return Passage(
        text, tuple(t.word for t in toks), tuple((t.start, t.end) for t in toks), place, facts
    )


@dataclass(frozen=True, slots=True)
class DraftQuote:
    span: Span  # the quoted words, without their quotation marks
    block: bool  # a Markdown blockquote


def quotations(line: int, text: str) -> list[DraftQuote]:
    """The quotations of one line of a draft: a blockquote, or text between double quotes."""
    stripped = text.lstrip()
    if stripped.startswith(">"):
        inner = stripped.lstrip("> ")
        start = len(text) - len(inner)
        body = inner.rstrip()
        if len(body) > 1 and body[0] in _MARKS and body[-1] in _MARKS:
            body, start = body[1:-1], start + 1
        elif len(body) > 2 and body[0] in _MARKS and body[-2] in _MARKS:
            body, start = body[1:-2], start + 1  # closing mark before the full stop
        return [DraftQuote(Span(line, start, body), True)] if body else []
    marks = [i for i, char in enumerate(text) if char in _MARKS]
    found = []
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        inner = text[opening + 1 : closing]
        if inner.strip():
            lead = len(inner) - len(inner.lstrip())
            found.append(DraftQuote(Span(line, opening + 1 + lead, inner.strip()), False))
    return found


def segments(quote: str) -> list[list[str]]:
    """The quotation's words, in the pieces its ellipses and brackets leave."""
    return [[t.word for t in tokens(piece)] for piece in _GAP.split(quote) if tokens(piece)]


def shown_words(quote: str) -> list[str]:
    """The quotation's words as the draft writes them, one for each word of its segments."""
    return [piece[t.start : t.end] for piece in _GAP.split(quote) for t in tokens(piece)]


@dataclass(frozen=True, slots=True)
class Near:
    """The article's words closest to a quotation, and how the quotation differs."""

    passages: tuple[Passage, ...]
    share: float  # of the quotation's words found in order
    article: str  # the article's words
    marked: str  # the same, with the words the quotation changes or drops in **
    changes: tuple[str, ...]  # what differs, for people
    edits: tuple[
        tuple[int, int], ...
    ]  # each difference: how many words of the quotation, of the article


class ArticleWords:
    """The article's words to look quotations up in."""

    def __init__(self, passages: Iterable[Passage]) -> None:
        self.passages = list(passages)
        self._at: dict[str, list[tuple[int, int]]] = {}
        self._starts: set[str] = set()
        for number, p in enumerate(self.passages):
            for position, word in enumerate(p.words):
                self._at.setdefault(word, []).append((number, position))
            if p.words:
                self._starts.add(p.words[0])

    def verbatim(self, pieces: Sequence[Sequence[str]]) -> list[Passage] | None:
        """The passages that give every piece word for word, or None."""
        used: list[Passage] = []
        for piece in pieces:
            memo: dict[tuple[int, str | None, bool], list[Passage] | None] = {}
            found = self._cover(tuple(piece), 0, None, False, memo)
            if found is None:
                return None
            used += found
        return used

    def _cover(
        self,
        words: tuple[str, ...],
        i: int,
        place: str | None,
        at_start: bool,
        memo: dict[tuple[int, str | None, bool], list[Passage] | None],
    ) -> list[Passage] | None:
        """Passages of one paragraph that give words[i:] in order: a piece that reaches the
        end of its passage may be followed by any piece (after up to two joining words the
        facts leave out); a piece cut short, only by a passage's first words."""
        key = (i, place, at_start)
        if place is not None and len(memo) > PIECES * len(words):
            return None  # a pathological text: words the passages repeat endlessly
        if key not in memo:
            memo[key] = None
            memo[key] = self._cover_once(words, i, place, at_start, memo)
        return memo[key]

    def _cover_once(
        self,
        words: tuple[str, ...],
        i: int,
        place: str | None,
        at_start: bool,
        memo: dict[tuple[int, str | None, bool], list[Passage] | None],
    ) -> list[Passage] | None:
        for number, position in self._at.get(words[i], ()):
            p = self.passages[number]
            if (place is not None and p.place != place) or (at_start and position):
                continue
            length = 1
            while (
                i + length < len(words)
                and position + length < len(p.words)
                and p.words[position + length] == words[i + length]
            ):
                length += 1
            if i + length == len(words):
                return [p]
            if position + length == len(p.words):
                for skip in range(3):
                    j = i + length + skip
                    if j >= len(words) or (skip and words[j - 1] not in _JOINS):
                        break
                    rest = self._cover(words, j, p.place, False, memo)
                    if rest is not None:
                        return [p, *rest]
            for cut in range(length, 0, -1):
                if words[i + cut] in self._starts:
                    rest = self._cover(words, i + cut, p.place, True, memo)
                    if rest is not None:
                        return [p, *rest]
        return None

    def nearest(self, words: Sequence[str], shown: Sequence[str] | None = None) -> Near | None:
        """The paragraph whose passages give most of the quotation's words in order;
        `shown` are the same words as the draft writes them, for the description."""
        candidates: dict[str, set[int]] = {}
        wanted = set(words)
        for word in wanted - STOP:
            for number, _ in self._at.get(word, ()):
                candidates.setdefault(self.passages[number].place, set()).add(number)
        best: Near | None = None
        for numbers in candidates.values():
            near = self._near_in(
                [self.passages[n] for n in sorted(numbers)], list(words), list(shown or words)
            )
            if near is not None and (best is None or near.share > best.share):
                best = near
        return best

    def _near_in(self, passages: list[Passage], words: list[str], shown: list[str]) -> Near | None:
        chosen: list[tuple[int, Passage, int, int]] = []  # first quotation word, passage, region
        covered: set[int] = set()
        scored = []
        for p in passages:
            blocks = difflib.SequenceMatcher(None, words, p.words, autojunk=False)
            # Runs of one common word ("the", "in") say nothing of where the quotation is.
            matched = [
                b
                for b in blocks.get_matching_blocks()
                if b.size > 1 or (b.size == 1 and words[b.a] not in STOP)
            ]
            positions = {b.a + k for b in matched for k in range(b.size)}
            if matched:
                scored.append((len(positions), p, positions, matched))
        for _, p, positions, matched in sorted(scored, key=lambda s: -s[0]):
            if len(positions - covered) >= 2 and len(chosen) < 3:
                covered |= positions
                first, last = matched[0].b, matched[-1].b + matched[-1].size
                # The quotation's unmatched words at either end stand for as many of the
                # passage's there ("independence" for the article's "sovereignty").
                head = matched[0].a if not chosen else 0
                tail = len(words) - (matched[-1].a + matched[-1].size)
                first, last = max(0, first - head), min(len(p.words), last + tail)
                chosen.append((min(positions), p, first, last))
        if not chosen:
            return None
        chosen.sort(key=lambda c: c[0])
        regions = [(p, a, b) for _, p, a, b in chosen]
        return _describe(words, shown, regions, len(covered) / len(words))


def _describe(
    words: list[str], shown: list[str], regions: list[tuple[Passage, int, int]], share: float
) -> Near:
    article_words: list[tuple[str, Passage, int]] = []
    for p, first, last in regions:
        article_words += [(p.words[k], p, k) for k in range(first, last)]
    plain = [w for w, _, _ in article_words]
    changed: set[int] = set()
    changes: list[str] = []
    edits: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, words, plain, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changed.update(range(j1, j2))
        edits.append((i2 - i1, j2 - j1))
        ours = " ".join(shown[i1:i2])
        theirs = _raw(article_words[j1:j2]) if j2 > j1 else ""
        joins = j2 > j1 and _crosses_sentence(article_words, j1, j2)
        if tag == "replace" and j2 - j1 <= 6 and not joins:
            changes.append(f"“{ours}” for the article's “{theirs}”")
        elif tag == "delete":
            changes.append(f"adds “{ours}”")
        else:
            dropped = f"leaves out “{_short(theirs)}” without an ellipsis"
            if tag == "replace":
                dropped += f" and puts “{ours}” in its place"
            changes.append(dropped + (", joining two sentences" if joins else ""))
    for (p1, _, end), (p2, start, _) in itertools.pairwise(regions):
        if any("joining two sentences" in change for change in changes):
            break
        if p1 is not p2 or start != end:
            changes.append("joins words from separate places of the article without an ellipsis")
            break
    return Near(
        tuple(dict.fromkeys(p for p, _, _ in regions)),
        share,
        " … ".join(_raw(_region(p, a, b)) for p, a, b in regions),
        _marked(article_words, changed),
        tuple(changes),
        tuple(edits),
    )


def _region(p: Passage, first: int, last: int) -> list[tuple[str, Passage, int]]:
    return [(p.words[k], p, k) for k in range(first, last)]


def _raw(article_words: list[tuple[str, Passage, int]]) -> str:
    """The article's own text for a run of its words (pieces of two passages joined by …)."""
    parts: list[str] = []
    run: list[tuple[str, Passage, int]] = []
    for item in article_words:
        if run and (item[1] is not run[-1][1] or item[2] != run[-1][2] + 1):
            parts.append(_text_of(run))
            run = []
        run.append(item)
    if run:
        parts.append(_text_of(run))
    return " … ".join(parts)


def _text_of(run: list[tuple[str, Passage, int]]) -> str:
    p = run[0][1]
    return p.text[p.spans[run[0][2]][0] : p.spans[run[-1][2]][1]]


def _crosses_sentence(article_words: list[tuple[str, Passage, int]], j1: int, j2: int) -> bool:
    first = max(j1 - 1, 0)
    run = article_words[first : j2 + 1]
    if any(a[1] is not b[1] for a, b in itertools.pairwise(run)):
        return True
    return bool(_SENTENCE_END.search(_text_of(run))) if run else False


def _marked(article_words: list[tuple[str, Passage, int]], changed: set[int]) -> str:
    """The article's text for its words, the changed ones in **, pieces joined by …."""
    parts: list[str] = []
    for j, (_, p, k) in enumerate(article_words):
        start, end = p.spans[k]
        word = p.text[start:end]
        word = f"**{word}**" if j in changed else word
        if j and article_words[j - 1][1] is p and article_words[j - 1][2] == k - 1:
            parts.append(p.text[p.spans[k - 1][1] : start] + word)
        else:
            parts.append((" … " if j else "") + word)
    return "".join(parts).replace("** **", " ")


def _short(text: str, most: int = 10) -> str:
    parts = text.split()
    return text if len(parts) <= most else " ".join(parts[:5]) + " … " + " ".join(parts[-4:])
