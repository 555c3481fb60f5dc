"""Checks against the article's own text: verbatim quotes, and how much of it the facts cover."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import Problem, UsageError
from ..core.folding import fold_whitespace
from ..core.model import Fact, FactBase

# Omissions may cover at most this share of the article's sentences.
OMISSION_LIMIT = 0.05
# A sentence is covered when a quote shares at least this many characters with it
# (or all of it, for a shorter sentence).
_MIN_OVERLAP = 12
# Sentence ends: . ! ? (or a closing quote or bracket after one) followed by a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+|(?<=[.!?][\"'”’)])\s+")
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)]*$")


def read_source_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(
            f"{path} is not UTF-8 text ({error.reason}) — give the article as UTF-8"
        ) from None
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from None


def check_quotes(base: FactBase, article: str) -> list[Problem]:
    """A Problem for every fact whose quote is not in the article (white space folded)."""
    text = fold_whitespace(article)
    problems = []
    for fact in base.facts.values():
        quote = fold_whitespace(fact.quote)
        if quote not in text:
            path, _, line = fact.origin.rpartition(":")
            agreed = _longest_found_prefix(quote, text)
            where = (
                f"the first {len(agreed)} characters match, then the quote has "
                f"{quote[len(agreed) : len(agreed) + 30]!r}"
                if agreed
                else "not even its first word is in the article"
            )
            message = (
                f"fact {fact.id!r}: quote is not in the article verbatim ({where}) — "
                "copy the span from the article, keeping its quotes, apostrophes and dashes"
            )
            problems.append(Problem(path, int(line or 0), message))
    return problems + check_links(base, article)


def check_links(base: FactBase, article: str) -> list[Problem]:
    """A Problem for every fact whose deep link selects no place, or several, in the article."""
    from ..core.links import fact_link, link_matches

    problems = []
    for fact in base.facts.values():
        source = base.sources.get(fact.source)
        if source is None or fold_whitespace(fact.quote) not in fold_whitespace(article):
            continue  # a quote that is not in the article is reported already
        found = link_matches(fact_link(fact, source), article)
        if found != 1:
            path, _, line = fact.origin.rpartition(":")
            fix = (
                "add link_prefix or link_suffix: the words just before or after the quote"
                if found
                else "make link_prefix and link_suffix the exact words around the quote"
            )
            where = f"its deep link selects {found} places in the article"
            message = f"fact {fact.id!r}: {where} — {fix}"
            problems.append(Problem(path, int(line or 0), message))
    return problems


def _longest_found_prefix(quote: str, text: str) -> str:
    low, high = 0, len(quote)
    while low < high:  # binary search: a prefix of a found prefix is found too
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return quote[:low]


@dataclass(frozen=True)
class Sentence:
    line: int
    start: int  # offset in the white-space-folded article
    end: int
    text: str


def article_sentences(article: str) -> list[Sentence]:
    """The sentences of the article's prose, located in its white-space-folded text.

    Only sentences that end in . ! or ? count: headings, the byline's name and date, photo
    credits ("Source: VK") and the page's footer links are not claims.
    """
    sentences: list[Sentence] = []
    offset = 0
    for number, raw_line in enumerate(article.splitlines(), start=1):
        line = fold_whitespace(raw_line)
        if not line:
            continue
        position = 0
        for piece in _SENTENCE_END.split(line):
            start = line.index(piece, position)
            position = start + len(piece)
            if piece and _ENDS_SENTENCE.search(piece):
                sentences.append(Sentence(number, offset + start, offset + position, piece))
        offset += len(line) + 1
    return sentences


@dataclass
class CoverageReport:
    source: Path
    sentences: list[Sentence]
    uncovered: list[Sentence] = field(default_factory=list)
    omitted: list[tuple[Sentence, str]] = field(default_factory=list)
    stale_omissions: list[str] = field(default_factory=list)

    @property
    def covered_share(self) -> float:
        total = len(self.sentences)
        return (total - len(self.uncovered) - len(self.omitted)) / total if total else 1.0

    @property
    def omitted_share(self) -> float:
        return len(self.omitted) / len(self.sentences) if self.sentences else 0.0

    @property
    def meets_target(self) -> bool:
        return (
            not self.uncovered and not self.stale_omissions and self.omitted_share <= OMISSION_LIMIT
        )

    def text(self) -> str:
        lines = []
        for sentence in self.uncovered:
            lines.append(f"uncovered: {self.source}:{sentence.line}: {sentence.text}")
        for sentence, reason in self.omitted:
            lines.append(f"omitted: {self.source}:{sentence.line}: {sentence.text} ({reason})")
        for text in self.stale_omissions:
            lines.append(f"stale omission (no such sentence): {text}")
        total = len(self.sentences)
        lines.append(
            f"coverage: {self.covered_share:.1%} of {total} sentences covered by facts; "
            f"{len(self.omitted)} omitted on purpose ({self.omitted_share:.1%}, "
            f"at most {OMISSION_LIMIT:.0%} allowed); {len(self.uncovered)} uncovered"
        )
        return "\n".join(lines) + "\n"

    def problems(self) -> list[Problem]:
        found = [
            Problem(str(self.source), s.line, f"sentence not covered by any fact: {s.text!r}")
            for s in self.uncovered
        ]
        found += [
            Problem(str(self.source), 0, f"omission names no sentence of the article: {text!r}")
            for text in self.stale_omissions
        ]
        if self.omitted_share > OMISSION_LIMIT:
            found.append(
                Problem(
                    str(self.source),
                    0,
                    f"{self.omitted_share:.1%} of sentences are omitted; at most "
                    f"{OMISSION_LIMIT:.0%} may be — cover some with facts",
                )
            )
        return found


def coverage_report(base: FactBase, article: str, source: Path) -> CoverageReport:
    text = fold_whitespace(article)
    sentences = article_sentences(article)
    spans = [span for fact in base.facts.values() for span in _quote_spans(fact, text)]
    omissions = {fold_whitespace(o.sentence): o.reason for o in base.omissions}
    report = CoverageReport(source, sentences)
    used: set[str] = set()
    for sentence in sentences:
        needed = min(_MIN_OVERLAP, sentence.end - sentence.start)
        if any(
            min(end, sentence.end) - max(start, sentence.start) >= needed for start, end in spans
        ):
            continue
        reason = next((r for s, r in omissions.items() if sentence.text.startswith(s)), None)
        if reason is None:
            report.uncovered.append(sentence)
        else:
            used.add(next(s for s in omissions if sentence.text.startswith(s)))
            report.omitted.append((sentence, reason))
    report.stale_omissions = [s for s in omissions if s not in used]
    return report


def _quote_spans(fact: Fact, text: str) -> list[tuple[int, int]]:
    quote = fold_whitespace(fact.quote)
    spans = []
    start = text.find(quote)
    while start >= 0 and quote:
        spans.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return spans
