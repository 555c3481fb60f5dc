"""Claims of a draft given to the wrong person or organisation: "Putin admitted" what the
article has Babich admit, "BYPOL, led by Sakhashchik" where the article has Azarov at its head.

A claim is matched to the fact that shares most of its rare words, the names left out, and
the other names it mentions (BYPOL, GUBOPiK) besides; if that fact is stated by, or names as
its answer, someone of the same kind who is not in the draft's words, the draft has swapped them.
"""

from __future__ import annotations

import re

from .draft_check_figures import finding
from .draft_facts import CLAIM_FROM, Finding, Knowledge, context
from .draft_text import Mention, Span
from .draft_text import words as words_of

OTHER_NAME = 3.0  # what another name the fact gives too adds to a match
_CHUNK = re.compile(r"[^,()]+")


def check_claim(checker: Knowledge, clause: Span, line: str) -> Finding | None:
    """A wrong-source finding for the clause (its quotations blanked out) of the `line`."""
    mentions = checker.mentions(clause.text, clause.start)
    agents = [
        m
        for m in mentions
        if checker.kinds.get(m.entity) in ("person", "organisation", "group")
        and not checker.is_article_side(m.entity)
    ]
    if not agents:
        return None
    found = _swapped(checker, clause, agents, mentions, line)
    if found is not None:
        return found
    for agent in agents:  # an appositive: "BYPOL, led by X, a former ..."
        region = _around(clause, agent)
        if region.text != clause.text:
            inside = [m for m in mentions if region.start <= m.start < region.end]
            found = _swapped(checker, region, [agent], inside, line)
            if found is not None:
                return found
    return None


def _around(clause: Span, mention: Mention) -> Span:
    """The comma-separated piece of the clause with the mention, and the pieces either side."""
    pieces = [match.span() for match in _CHUNK.finditer(clause.text)]
    offset = mention.start - clause.start
    at = next((n for n, (a, b) in enumerate(pieces) if a <= offset < b), None)
    if at is None:
        return clause
    start, end = pieces[max(0, at - 1)][0], pieces[min(len(pieces) - 1, at + 1)][1]
    return Span(clause.line, clause.start + start, clause.text[start:end])


def _swapped(
    checker: Knowledge, span: Span, agents: list[Mention], mentions: list[Mention], line: str
) -> Finding | None:
    text = list(span.text)
    for m in mentions:
        text[m.start - span.start : m.end - span.start] = " " * (m.end - m.start)
    own = context(words_of("".join(text)))
    named = {m.entity for m in mentions}
    scored = []
    for f in checker.facts:
        shared = own & f.stems
        if len(shared) >= 3:
            others = len((named - {a.entity for a in agents}) & f.entities)
            scored.append((checker.weights.score(shared) + OTHER_NAME * others, f))
    scored.sort(key=lambda s: -s[0])
    if not scored or scored[0][0] < CLAIM_FROM:
        return None
    best_score, fact = scored[0]
    rivals = [f for s, f in scored[1:] if s >= 0.8 * best_score]
    for mention in agents:
        if mention.entity in fact.entities or any(mention.entity in f.entities for f in rivals):
            continue
        kind = checker.kinds.get(mention.entity)
        givers = [
            s
            for s in fact.speakers
            if checker.kinds.get(s) == kind and s not in named and not checker.is_article_side(s)
        ]
        if givers:
            message = (
                f"the article gives this to {checker.name(givers[0])}, "
                f"not {checker.name(mention.entity)}"
            )
            words = line[mention.start : span.end].rstrip(" .,;:")
            return finding(mention.start, words, span.line, "attribution", "wrong", message, fact)
    return None
