"""Figures, dates and claims of a draft judged against the facts they are about.

A figure or date is compared only with facts whose words the sentence around it shares
(rare words count most), never with a fact that merely has the same unit: a figure the facts
do not cover is left out. When several facts fit about as well, agreeing with one is enough.
"""

from __future__ import annotations

from .draft_check_quotes import speaker_of
from .draft_facts import (
    CLOSE_TO_BEST,
    UNVERIFIED_FROM,
    WRONG_FROM,
    FactInfo,
    Finding,
    Knowledge,
    context,
)
from .draft_figures import DraftDate, Figure, compare
from .draft_text import Span, stem
from .draft_text import words as words_of

DOMINANT = 3.0  # a best match this many times the next measure's is sure, if comparable
NEGATIONS = frozenset(["not", "no", "never", "don't", "doesn't", "didn't", "against", "without"])
_WHY = {
    "value": "the article gives {value} ({who}), not “{draft}”",
    "hedge": "“{draft}” changes the article's {value} ({who})",
    "closed": "“{draft}” is a closed figure for the article's {value} ({who})",
}


def check_date(
    checker: Knowledge, date: DraftDate, line: str, clause: Span, sentence: Span
) -> Finding | None:
    candidates = [f for f in checker.facts if f.dated and f.period()]
    verdict = _judge(checker, clause, sentence, candidates, lambda f: _agrees(date, f))
    if verdict is None:
        return None
    status, fact = verdict
    text = line[date.start : date.end]
    label = fact.record["date_label"] or fact.record["date"]
    message = {
        "ok": f"the article gives {label}",
        "wrong": f"the article gives {label} ({fact.who()}), not “{text}”",
        "unverified": f"the nearest fact gives {label}; check that it is the same event",
    }[status]
    return finding(date.start, text, clause.line, "date", status, message, fact)


def _agrees(date: DraftDate, fact: FactInfo) -> bool:
    """The draft's date falls in the fact's period (or the other way round); a span of
    years must be the fact's span ("2012-2015" for 2012-15, not "2014-2016")."""
    period = fact.period()
    assert period is not None
    first, last = period
    if date.year_to is not None and first.year != last.year:
        return (date.year_from, date.year_to) == (first.year, last.year)
    return any(
        start <= last and first <= end
        for start, end in date.periods(range(first.year, last.year + 1))
    )


def check_figure(
    checker: Knowledge, figure: Figure, line: str, clause: Span, sentence: Span, local: str
) -> list[Finding] | None:
    """The figure's finding (and a wrong-source one when its clause credits someone else);
    `local` are the words that say what it counts."""
    verdict = _figure_verdict(checker, figure, clause, sentence, local)
    if verdict is None:
        return None
    status, fact = verdict
    text = line[figure.start : figure.end]
    found = [
        finding(
            figure.start,
            text,
            clause.line,
            "figure",
            status,
            _said(status, figure, text, fact),
            fact,
        )
    ]
    if status == "ok":
        credit = _credited(checker, clause, figure, line, fact)
        if credit is not None:
            found.append(credit)
    return found


def _figure_verdict(
    checker: Knowledge, figure: Figure, clause: Span, sentence: Span, local: str
) -> tuple[str, FactInfo] | None:
    candidates = [
        f
        for f in checker.facts
        if f.record["quantity"] and (f.record["quantity"]["unit"] == "percent") == figure.percent
    ]
    if _bare_small(figure):
        clause_stems = {stem(w) for w in words_of(clause.text)}
        candidates = [f for f in candidates if stem(f.record["quantity"]["unit"]) in clause_stems]
    ranked = checker.ranked(clause, sentence, candidates)
    if not ranked or ranked[0][0] < UNVERIFIED_FROM:
        return None
    best = ranked[0][0]
    close = [f for s, f in ranked if s >= max(UNVERIFIED_FROM, CLOSE_TO_BEST * best)]
    close = _told_apart(close, local)
    agreeing = [f for f in close if _why(figure, f) is None]
    if agreeing:
        return "ok", agreeing[0]
    # A fact with the same number and another hedge explains the difference best.
    fact = min(close, key=lambda f: _why(figure, f) == "value")
    measure = fact.record["quantity"]["measure"]
    runner_up = next((s for s, f in ranked if f.record["quantity"]["measure"] != measure), 0.0)
    # Sure enough: a close match, or the only fact of its kind the sentence is near.
    if best >= WRONG_FROM or (best >= DOMINANT * runner_up and _comparable(figure, fact)):
        return "wrong", fact
    # Else a count of something else ("45 members" against "two" officials), or a doubt.
    return ("unverified", fact) if _comparable(figure, fact) else None


def _said(status: str, figure: Figure, text: str, fact: FactInfo) -> str:
    value = _value(fact)
    grounds = fact.record.get("attribution")
    if status == "ok":
        return f"the article gives {value}" + (f" (according to {grounds})" if grounds else "")
    if status == "wrong":
        who = fact.who() + (f", according to {grounds}" if grounds else "")
        return _WHY[_why(figure, fact) or "value"].format(value=value, draft=text, who=who)
    return f"the nearest fact gives {value}; check that it is the same measure"


def _told_apart(close: list[FactInfo], local: str) -> list[FactInfo]:
    """The close facts less those whose measure another's beats on the figure's own words:
    "view it positively" is the measure poll-positive-..., not poll-negative-..."""
    own = context(words_of(local))
    if NEGATIONS & set(words_of(local)):
        return close  # "not supporting them": a word of one measure says the other
    measures = {f.id: context((f.record["quantity"]["measure"] or "").split("-")) for f in close}
    beaten = set()
    for a in close:
        for b in close:
            only_a, only_b = measures[a.id] - measures[b.id], measures[b.id] - measures[a.id]
            if own & only_a and not own & only_b:
                beaten.add(b.id)
    kept = [f for f in close if f.id not in beaten]
    return kept or close


def _comparable(figure: Figure, fact: FactInfo) -> bool:
    """Within a factor of three of the fact's figure: the same order of thing."""
    low = fact.record["quantity"]["low"] or 1.0
    return 1 / 3 <= (figure.low or 1.0) / low <= 3


def _bare_small(figure: Figure) -> bool:
    """A small whole number with nothing to say it is a count ("two camps", "one of")."""
    return (
        not figure.percent
        and figure.qualifier is None
        and figure.high is None
        and not figure.vague
        and figure.low < 13
    )


def _why(figure: Figure, fact: FactInfo) -> str | None:
    q = fact.record["quantity"]
    return compare(figure, q["low"], q["high"], q["qualifier"])


def _value(fact: FactInfo) -> str:
    record = fact.record
    value = f"“{record['value'] or _plain(record['quantity'])}”"
    return value


def _plain(quantity: dict[str, object]) -> str:
    return f"{quantity['low']:,} {quantity['unit']}"


def _credited(
    checker: Knowledge, clause: Span, figure: Figure, line: str, fact: FactInfo
) -> Finding | None:
    """A wrong-source finding when the clause credits a right figure to someone else."""
    speaker = speaker_of(checker, clause.text, figure.start - clause.start)
    if speaker in (None, "article", "someone", "pronoun") or speaker in fact.entities:
        return None
    kind = checker.kinds.get(speaker)
    givers = [s for s in fact.speakers if checker.kinds.get(s) == kind]
    if not givers or any(checker.is_article_side(s) for s in givers):
        return None
    mention = next(m for m in checker.mentions(clause.text, clause.start) if m.entity == speaker)
    message = (
        f"credited to {checker.name(speaker)}, but the article gives {_value(fact)} "
        f"to {checker.name(givers[0])}"
    )
    measure = fact.record["quantity"]["measure"]
    own = [
        f
        for f in checker.facts
        if f.record["quantity"]
        and f.record["quantity"]["measure"] == measure
        and speaker in f.record["stated_by_ids"]
    ]
    if measure and own:
        message += f"; {checker.name(speaker)}'s figure is {_value(own[0])}"
    text = line[mention.start : figure.end]
    # Two bodies of one country (the regime, its defence ministry) may speak for each other.
    status = (
        "unverified" if checker.countries_of(speaker) & checker.countries_of(givers[0]) else "wrong"
    )
    return finding(mention.start, text, clause.line, "attribution", status, message, fact)


def _judge(
    checker: Knowledge,
    clause: Span,
    sentence: Span,
    candidates: list[FactInfo],
    agrees: object,
) -> tuple[str, FactInfo] | None:
    """ok with the first close fact that agrees; else wrong, or unverified, against the best."""

    assert callable(agrees)
    ranked = checker.ranked(clause, sentence, candidates)
    if not ranked or ranked[0][0] < UNVERIFIED_FROM:
        return None
    best = ranked[0][0]
    for score, fact in ranked:
        if score >= max(UNVERIFIED_FROM, CLOSE_TO_BEST * best) and agrees(fact):
            return "ok", fact
    return ("wrong" if best >= WRONG_FROM else "unverified"), ranked[0][1]


def finding(
    start: int, text: str, line: int, kind: str, status: str, message: str, fact: FactInfo
) -> Finding:
    record = fact.record
    notes = (f"{fact.who()}, {fact.where()} ({fact.id})",)
    return Finding(
        line,
        start + 1,
        text,
        kind,
        status,
        message,
        (fact.id,),
        record["quote"],
        link=record["citation"]["link"],
        notes=notes,
    )
