"""A writer's draft checked against the facts, line by line, the way a fact-checker would:
its quotations, figures and dates, and who it credits them to.

`Checker(records, entities, sources).check(text)` gives a list of Finding values and never
prints; output/draft_render.py shows them. The facts are the index's printable records (as
`show` and `fact` print them), so a check reads no fact file.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .draft_check_claims import check_claim
from .draft_check_figures import check_date, check_figure
from .draft_check_quotes import check_quote, speaker_of
from .draft_facts import KINDS, Finding, Knowledge
from .draft_figures import Figure, read_dates, read_figures
from .draft_quotes import DraftQuote, quotations
from .draft_text import Span, clauses, sentences
from .draft_text import words as words_of


@dataclass
class _Line:
    number: int
    text: str
    quotes: list[DraftQuote]
    sentences: list[Span]
    taken: list[tuple[int, int]] = field(default_factory=list)  # quotations and dates


class Checker(Knowledge):
    """Checks drafts against what it knows (see Knowledge for what it is built from)."""

    # --- the draft ---------------------------------------------------------------------

    def check(self, text: str) -> list[Finding]:
        findings: list[Finding] = []
        previous = ""
        for number, raw in enumerate(text.splitlines(), start=1):
            line = _Line(number, raw, quotations(number, raw), sentences(number, raw))
            line.taken = [(q.span.start - 1, q.span.end + 1) for q in line.quotes]
            findings += self._quotes(line, previous)
            findings += self._dates_and_figures(line)
            findings += self._claims(line, findings)
            if raw.strip():
                previous = raw
        return sorted(findings, key=lambda f: (f.line, f.column, KINDS.index(f.kind)))

    def _quotes(self, line: _Line, previous: str) -> list[Finding]:
        found = []
        for quote in line.quotes:
            sentence = _near(
                _containing(line.sentences, quote.span.start) or quote.span, quote.span
            )
            blanked = _outside([(quote.span.start, quote.span.end)], sentence).text
            at = quote.span.start - sentence.start
            if quote.block:
                blanked, at = f"{previous} {blanked}", at + len(previous) + 1
            speaker = speaker_of(self, blanked, at)
            finding = check_quote(self, quote, speaker)
            if finding is not None:
                found.append(finding)
        return found

    def _dates_and_figures(self, line: _Line) -> list[Finding]:
        found: list[Finding] = []
        dates = [d for d in read_dates(line.text) if not _inside(line.taken, d.start, d.end)]
        marks = _footnote_marks(line.text)
        for date in dates:
            where = self._where(line, date.start)
            if where is not None:
                finding = check_date(self, date, line.text, *where)
                if finding is not None:
                    found.append(finding)
        taken = line.taken + [(d.start, d.end) for d in dates] + marks
        figures = read_figures(line.text, taken)
        for n, figure in enumerate(figures):
            where = self._where(line, figure.start)
            if where is not None:
                local = _counted(line.text, figures, n, where[0])
                found += check_figure(self, figure, line.text, *where, local) or []
        return found

    def _claims(self, line: _Line, so_far: list[Finding]) -> list[Finding]:
        found = []
        done = {(f.line, f.column) for f in so_far if f.kind == "attribution"}
        for sentence in line.sentences:
            for clause in clauses(sentence):
                finding = check_claim(self, _outside(line.taken, clause), line.text)
                if finding is not None and (finding.line, finding.column) not in done:
                    found.append(finding)
        return found

    def _where(self, line: _Line, offset: int) -> tuple[Span, Span] | None:
        sentence = _containing(line.sentences, offset)
        if sentence is None:
            return None
        clause = _containing(clauses(sentence), offset) or sentence
        return clause, sentence


def _counted(text: str, figures: Sequence[Figure], n: int, clause: Span) -> str:
    """The words that say what figure n counts: those after it, up to the next figure
    ("30% supported ..., against 45% who did not"), or if none, those before it."""
    figure = figures[n]
    end = min(clause.end, figures[n + 1].start if n + 1 < len(figures) else clause.end)
    after = text[figure.end : end]
    if any(not w[:1].isdigit() for w in words_of(after)):
        return after
    return text[max(clause.start, figures[n - 1].end if n else 0) : figure.start]


def _containing(spans: Sequence[Span], offset: int) -> Span | None:
    """The span (of spans in order, not overlapping) that holds the offset."""
    at = bisect.bisect_right(spans, offset, key=lambda s: s.start) - 1
    return spans[at] if at >= 0 and offset < spans[at].end else None


def _near(sentence: Span, quote: Span, reach: int = 300) -> Span:
    """The sentence, or the part of an overlong one within `reach` of the quotation."""
    start = max(sentence.start, quote.start - reach)
    end = min(sentence.end, quote.end + reach)
    text = sentence.text[start - sentence.start : end - sentence.start]
    return Span(sentence.line, start, text)


def _inside(taken: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in taken)


def _outside(taken: Iterable[tuple[int, int]], clause: Span) -> Span:
    """The clause with the quotations in it blanked out (same length, same offsets)."""
    text = list(clause.text)
    for a, b in taken:
        for i in range(max(a, clause.start), min(b, clause.end)):
            text[i - clause.start] = " "
    return Span(clause.line, clause.start, "".join(text))


def _footnote_marks(text: str) -> list[tuple[int, int]]:
    import re

    return [m.span() for m in re.finditer(r"\[\^[^\]]*\]|\*\*\d+/\d+\*\*|\d+/\d+", text)]


__all__ = ["Checker", "Finding"]
