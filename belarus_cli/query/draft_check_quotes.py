"""One quotation of a draft judged: verbatim, misquoted, invented, or given to the wrong person."""

from __future__ import annotations

from dataclasses import replace

from .draft_facts import FactInfo, Finding, Knowledge
from .draft_quotes import LONGEST, NEAR, DraftQuote, Near, Passage, segments, shown_words
from .draft_text import STOP, tokens

# Words that credit a quotation to whoever stands next to them.
CUES = frozenset(
    [
        "said",
        "says",
        "say",
        "writes",
        "wrote",
        "write",
        "warned",
        "warns",
        "told",
        "tells",
        "stated",
        "states",
        "argues",
        "argued",
        "argue",
        "notes",
        "noted",
        "adds",
        "added",
        "reminds",
        "reminded",
        "puts",
        "put",
        "words",
        "calls",
        "called",
        "claims",
        "claimed",
        "insists",
        "insisted",
        "according",
        "per",
        "concludes",
        "concluded",
        "explains",
        "explained",
        "observes",
        "recalls",
        "admits",
        "admitted",
        "counts",
        "estimates",
        "sums",
        "quote",
        "quoted",
        "believes",
        "thinks",
        "suggests",
        "describes",
        "described",
        "declared",
        "declares",
        "announced",
        "announces",
        "wrote",
        "asserts",
        "stresses",
        "stressed",
        "emphasized",
        "emphasised",
    ]
)
# Words that stand for the article or its author.
ARTICLE = frozenset(
    ["author", "article", "analysis", "piece", "essay", "writer", "analyst", "report", "text"]
)
NEAR_CUE = 4  # words between a cue and the name it goes with
PRONOUNS = frozenset(["he", "she", "his", "her", "they"])


def speaker_of(checker: Knowledge, context: str, at: int) -> str | None:
    """Whom the words around a quotation (or figure) at offset `at` credit it to: an entity
    id, "article" for the article or its author, "pronoun" for he or she, "someone" for a
    name the facts do not know, or None. The cue nearest to it decides."""
    toks = tokens(context)
    here = sum(1 for t in toks if t.start < at)
    cues = sorted(
        (
            i
            for i, t in enumerate(toks)
            if t.word in CUES and not context[: t.start].endswith("so-")  # "so-called"
        ),
        key=lambda i: abs(i - here + 0.5),
    )
    at_token = {t.start: i for i, t in enumerate(toks)}
    candidates: list[tuple[int, int, str]] = []  # (first word, last word, who)
    for mention in checker.mentions(context):
        index = at_token.get(mention.start)
        if index is not None:
            who = "article" if checker.is_article_side(mention.entity) else mention.entity
            last = index + len(tokens(context[mention.start : mention.end])) - 1
            candidates.append((index, last, who))
    for i, t in enumerate(toks):
        if t.word.removesuffix("'s") in ARTICLE:
            candidates.append((i, i, "article"))
        elif t.word in PRONOUNS:
            candidates.append((i, i, "pronoun"))
    for cue in cues:
        near = sorted(
            (min(abs(first - cue), abs(last - cue)), who)
            for first, last, who in candidates
            if min(abs(first - cue), abs(last - cue)) <= NEAR_CUE
        )
        if near:
            return near[0][1]
        for i in range(max(1, cue - NEAR_CUE), min(len(toks), cue + NEAR_CUE + 1)):
            raw = context[toks[i].start : toks[i].end]
            if raw[:1].isupper() and toks[i].word not in STOP:
                return "someone"
    return None


def check_quote(checker: Knowledge, quote: DraftQuote, speaker: str | None) -> Finding | None:
    pieces = segments(quote.span.text)
    quoted = [w for piece in pieces for w in piece]
    if not 2 <= len(quoted) <= LONGEST:
        return None
    used = checker.quoted.verbatim(pieces)
    if used is not None:
        facts = _facts_of(checker, used, quoted)
        return _verbatim(checker, quote, speaker, facts)
    near = checker.quoted.nearest(quoted, shown_words(quote.span.text))
    if near is not None and _misquoted(near, quoted):
        return _misquote(checker, quote, near, quoted)
    if len(quoted) < 5 or speaker == "someone":
        return None
    if speaker is None and not quote.block:
        return _finding(
            quote, "unverified", "not in the article, and the draft credits it to no one"
        )
    facts = _facts_of(checker, near.passages, quoted) if near else []
    found = _finding(quote, "wrong", "the article contains no such words", facts=facts)
    if near is None or near.share < NEAR * 0.75:
        # Nothing in the article is close (a few shared words, "Belarus", "Russian"): no
        # passage to show, no fact to cite; a passage that gives most of them is shown.
        return replace(found, facts=(), article="", link=None, notes=())
    closest = f"the nearest passage of the article: “{near.passages[0].text}”"
    return replace(found, article="", notes=(closest, *found.notes))


def _misquoted(near: Near, quoted: list[str]) -> bool:
    if len(quoted) >= 5:
        content = [w for w in quoted if w not in STOP]
        return near.share >= NEAR and len(content) >= 2
    # A short phrase: one word changed in a phrase the article has.
    return len(quoted) >= 3 and near.edits == ((1, 1),)


def _verbatim(
    checker: Knowledge, quote: DraftQuote, speaker: str | None, facts: list[FactInfo]
) -> Finding:
    stated = {s for f in facts for s in f.speakers}
    # A title or phrase of a few words ("Minister of Defense") is a name, not words said.
    said = len(quote.span.text.split()) >= 5
    if speaker in (None, "article", "someone", "pronoun") or not said or not stated:
        return _finding(quote, "ok", "verbatim", facts=facts)
    if speaker not in stated:
        assert speaker is not None
        givers = " and ".join(checker.name(s) for s in sorted(stated))
        return Finding(
            quote.span.line,
            quote.span.start + 1,
            quote.span.text,
            "attribution",
            "wrong",
            f"credited to {checker.name(speaker)}, but the article gives these words to {givers}",
            tuple(f.id for f in facts),
            facts[0].record["quote"] if facts else "",
            link=facts[0].record["citation"]["link"] if facts else None,
            notes=_notes(facts),
        )
    return _finding(quote, "ok", "verbatim", facts=facts)


def _misquote(checker: Knowledge, quote: DraftQuote, near: Near, quoted: list[str]) -> Finding:
    facts = _facts_of(checker, near.passages, quoted)
    return Finding(
        quote.span.line,
        quote.span.start + 1,
        quote.span.text,
        "quote",
        "wrong",
        "misquoted: " + "; ".join(near.changes),
        tuple(f.id for f in facts),
        near.article,
        near.marked,
        facts[0].record["citation"]["link"] if facts else None,
        (f"the article: “{near.marked}”", *_notes(facts)),
    )


def _finding(
    quote: DraftQuote, status: str, message: str, facts: list[FactInfo] | None = None
) -> Finding:
    facts = facts or []
    return Finding(
        quote.span.line,
        quote.span.start + 1,
        quote.span.text,
        "quote",
        status,
        message,
        tuple(f.id for f in facts),
        facts[0].record["quote"] if facts else "",
        link=facts[0].record["citation"]["link"] if facts else None,
        notes=_notes(facts),
    )


def _facts_of(
    checker: Knowledge, used: tuple[Passage, ...] | list[Passage], quoted: list[str]
) -> list[FactInfo]:
    """The facts whose quotes give the quotation's words: the passages' own facts, or when
    the passages are the article's paragraphs, the facts whose quotes match best."""
    ids = [i for p in used for i in p.facts]
    if not ids:
        near = checker.fact_words.nearest(quoted)
        ids = [i for p in near.passages for i in p.facts] if near else []
    return [checker.by_id[i] for i in dict.fromkeys(ids) if i in checker.by_id]


def _notes(facts: list[FactInfo]) -> tuple[str, ...]:
    return tuple(f"{f.who()}, {f.where()} ({f.id})" for f in facts[:2])
