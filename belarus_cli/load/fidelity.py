"""Checks that each fact says what its article says, read against the article's own text.

Five kinds of drift that verbatim quotes do not catch: a hedge or condition of the quote
lost in the statement, a date the quote and its paragraph do not give, a speaker the article
does not name there (or a plural, unnamed source given to one), one estimate counted twice,
and names in statements and entity descriptions that the article never uses. Each problem
says where it is and how to fix it; `validate` shows them as warnings, or errors with
--strict.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import combinations
from pathlib import Path

from ..core.errors import Problem
from ..core.folding import fold
from ..core.model import Fact, FactBase, Period, Quantity, Source

# A hedge or condition in a quote, and the words that carry it in a statement. Each entry:
# (what the quote says, the counterparts a statement may use instead), as regular
# expressions over folded text.
HEDGES: tuple[tuple[str, str], ...] = (
    (r"estimat\w*|assessments?", r"estimat\w*|assess\w*"),
    (r"about|approximately|roughly|around", r"about|approximately|roughly|around|some"),
    (r"just over|more than|over", r"just over|more than|over|above"),
    (r"at least", r"at least|no fewer than|more than"),
    (r"up to|at most|less than", r"up to|at most|less than|under|fewer than"),
    (r"several", r"several"),
    (r"may|might|could|possibl[ey]", r"may|might|could|possibl[ey]|potential\w*"),
    (r"reportedly|allegedly|suspected", r"reported\w*|alleged\w*|suspected|suspicion"),
    (r"(?:very )?likely|unlikely|apparently", r"likely|unlikely|apparent\w*|probabl[ey]"),
    (r"as long as|so long as|provided that", r"as long as|so long as|provided|if"),
    (r"if|unless", r"if|unless|as long as|should|in case"),
)
# Hedges of a figure: the hedge qualifies the number after it, which a statement may leave out.
_FIGURE_HEDGE = re.compile(
    r"about|approximately|roughly|around|just over|more than|over|"
    r"at least|up to|at most|less than"
)
_NUMBER_AFTER = re.compile(
    r"\s*(\d[\d.]*|(?:a|one|two|three) (?:quarter|third|half|fifth|tenth)s?|half|a (?:dozen|"
    r"hundred|thousand|million)|(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)"
)
_PARENTHESES = re.compile(r"\([^()]*\)")
# An unnamed or plural source in a quote: "according to various estimates", "polls … indicate".
_UNNAMED_SOURCE = re.compile(
    r"\baccording to (?:(?:various|some|several|many|other|indirect|unnamed|anonymous|local)\s+)*"
    r"(?:estimates|assessments|polls|surveys|sources|experts|analysts|observers|reports|data)\b"
    r"(?! (?:of|by) [A-Z])"
    r"|\b(?:polls|surveys|sources|experts|analysts|observers|reports)\b[^.;]{0,80}?\b"
    r"(?:indicate|show|suggest|say|said|found|estimate|claim|believe)\w*",
    re.IGNORECASE,
)
MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
MONTHS += ("august", "september", "october", "november", "december")
SEASONS = {"spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11), "winter": (12, 1, 2)}
_WORD = re.compile(r"[^\W\d_][\w.’'&-]*[\w&]|[^\W\d_]")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"“(]\s*)$")


class ArticleText:
    """A source's text, folded line by line, with where each fact's quote stands in it."""

    def __init__(self, text: str) -> None:
        self.lines = [" ".join(line.split()) for line in text.splitlines()]
        self.folded = [fold(line) for line in self.lines]
        self.joined = " ".join(self.lines)
        self.words = {_plain(word) for word in _WORD.findall(fold(text))}

    def lines_of(self, fact: Fact) -> list[int]:
        """The lines (0-based) the fact's quote stands on: the first place, or the place its
        link context picks out; a quote over several lines gives them all."""
        joined = self.joined
        quote = " ".join(fact.quote.split())
        start = joined.find(" ".join(f"{fact.link_prefix} {quote}".split()))
        start = joined.find(quote, max(start, 0)) if start >= 0 else joined.find(quote)
        if start < 0 or not quote:
            return []
        found, offset = [], 0
        for number, line in enumerate(self.lines):
            end = offset + len(line)
            if offset <= start + len(quote) and start <= end and line:
                found.append(number)
            offset = end + 1
        return found


def fidelity_problems(base: FactBase, texts: Mapping[str, str]) -> list[Problem]:
    """Every problem of the five kinds, for the facts whose source has a text in `texts`."""
    problems: list[Problem] = []
    words: dict[str, set[str]] = {}
    for source_id, text in texts.items():
        source = base.sources.get(source_id)
        facts = [fact for fact in base.facts.values() if fact.source == source_id]
        if source is None or not facts:
            continue
        article = ArticleText(text)
        words[source_id] = article.words
        paragraphs = _paragraph_texts(facts, article)
        voices = _own_voices(base, source)
        for fact in facts:
            context = fold(fact.quote) + " " + paragraphs.get((fact.section, fact.paragraph), "")
            problems += _hedges(fact)
            problems += _date(fact, context + " " + _before(paragraphs, fact), source)
            problems += _attribution(base, fact, context, voices)
            label = f"fact {fact.id!r}: the statement"
            problems += _outside_words(fact.origin, label, fact.statement, article.words)
        problems += _restatements(facts, base)
    problems += _entity_words(base, words)
    return sorted(set(problems))


def source_texts(base: FactBase, article: str | None) -> tuple[dict[str, str], list[Problem]]:
    """Each source's text: its own `text` file, else `article` (--source-text) when given;
    and a problem for every `text` file that cannot be read."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for source in base.sources.values():
        if source.text is None:
            if article is not None:
                texts[source.id] = article
            continue
        try:
            texts[source.id] = Path(source.text).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or "not UTF-8 text"
            message = (
                f"source {source.id!r}: cannot read its text {source.text} ({reason}) — make "
                "text the path of the article as UTF-8 text, relative to this file"
            )
            problems.append(Problem(*_where(source.origin), message))
    return texts, problems


def facts_of(base: FactBase, source_id: str) -> FactBase:
    """The part of `base` that one source's text can check."""
    facts = {i: fact for i, fact in base.facts.items() if fact.source == source_id}
    return FactBase(base.sources, base.topics, base.entities, facts)


# --- the five checks --------------------------------------------------------------------


def _hedges(fact: Fact) -> list[Problem]:
    quote = _PARENTHESES.sub(" ", fold(fact.quote))  # an aside in brackets is not the claim
    statement = fold(fact.statement)
    problems = []
    for said, counterparts in HEDGES:
        for match in re.finditer(rf"\b(?:{said})\b", quote):
            figure = _NUMBER_AFTER.match(quote, match.end())
            if _FIGURE_HEDGE.fullmatch(match.group()) and figure and not _gives(figure, statement):
                continue  # the statement does not give the figure this hedge qualifies
            if not re.search(rf"\b(?:{counterparts})\b", statement):
                message = (
                    f"fact {fact.id!r}: the quote says {match.group()!r} but the statement "
                    "has no counterpart — keep the article's hedge or condition in the statement"
                )
                problems.append(Problem(*_where(fact.origin), message))
            break
    return problems


def _gives(figure: re.Match[str], statement: str) -> bool:
    return re.search(rf"\b{re.escape(figure.group(1).rstrip('.'))}", statement) is not None


def _date(fact: Fact, context: str, source: Source) -> list[Problem]:
    period = fact.date
    if period is None or period.start == period.end == source.published:
        return []  # the publication day dates "now" and present-tense claims
    if all(_point_written(point, context, source) for point in period.text.split("/")):
        return []
    message = (
        f"fact {fact.id!r}: date {period.text!r} ({period.label}) is written neither in the "
        "quote nor in its paragraph (or the one before) — drop the date, or give the date "
        "the article gives"
    )
    return [Problem(*_where(fact.origin), message)]


def _point_written(point: str, text: str, source: Source) -> bool:
    """Whether the text names a year, month, season or day of the period's form."""
    year, _, rest = point.partition("-")
    if not (_year_written(year, text) or int(year) == source.published.year):
        return False
    if not rest:
        return True
    if rest in SEASONS:
        names = [rest, *(MONTHS[m - 1] for m in SEASONS[rest])] + (["fall"] * (rest == "autumn"))
        return any(re.search(rf"\b{name}\b", text) for name in names)
    month, _, day = rest.partition("-")
    name = MONTHS[int(month) - 1]
    if not day:
        return re.search(rf"\b{name[:3]}\w*", text) is not None
    number = str(int(day))
    return re.search(rf"\b{name}\s+{number}\b|\b{number}\s+{name}\b", text) is not None


def _year_written(year: str, text: str) -> bool:
    # "2012-15" writes 2015 as the end of a span
    return re.search(rf"\b{year}\b|\b\d{{4}}\s*[-/]\s*{year[2:]}\b", text) is not None


def _attribution(base: FactBase, fact: Fact, context: str, voices: set[str]) -> list[Problem]:
    problems = []
    for entity_id in fact.stated_by:
        entity = base.entities.get(entity_id)
        if entity is None or entity_id in voices:
            continue
        if not any(_named(name, context) for name in entity.names):
            message = (
                f"fact {fact.id!r}: stated_by {entity_id!r} is not named in the quote or its "
                "paragraph — give the claim to whoever the article says makes it"
            )
            problems.append(Problem(*_where(fact.origin), message))
    unnamed = _UNNAMED_SOURCE.search(_PARENTHESES.sub(" ", fact.quote))
    if unnamed and fact.attribution is None:
        message = (
            f"fact {fact.id!r}: the quote gives the claim to {unnamed.group()!r}, a plural or "
            "unnamed source — state it as the author's, with attribution = the article's "
            "words for the source"
        )
        problems.append(Problem(*_where(fact.origin), message))
    return problems


def _restatements(facts: list[Fact], base: FactBase) -> list[Problem]:
    problems = []
    # Only facts of one measure, unit and source can be one estimate: pairs within groups.
    groups: dict[tuple[object, ...], list[Fact]] = {}
    for fact in facts:
        if fact.quantity is not None and fact.quantity.measure:
            key = (fact.quantity.measure, fact.quantity.unit, frozenset(fact.stated_by))
            groups.setdefault((*key, fact.attribution), []).append(fact)
    pairs = (pair for group in groups.values() for pair in combinations(group, 2))
    for first, second in pairs:
        if not _same_estimate(first, second):
            continue
        if first.id in second.distinct_from or second.id in first.distinct_from:
            continue
        assert second.quantity is not None
        message = (
            f"fact {second.id!r} gives a figure for {second.quantity.measure!r} that overlaps "
            f"that of {first.id!r} ({first.origin}), from the same source and time, so "
            "`compare` draws them as two estimates — if one restates the other, drop the "
            "measure from the restatement; if the article gives them as different estimates, "
            f'add distinct_from = ["{first.id}"]'
        )
        problems.append(Problem(*_where(second.origin), message))
    for fact in facts:
        for other in fact.distinct_from:
            if other not in base.facts:
                message = f"fact {fact.id!r}: distinct_from names no fact {other!r} — fix the id"
                problems.append(Problem(*_where(fact.origin), message))
    return problems


def _same_estimate(first: Fact, second: Fact) -> bool:
    a, b = first.quantity, second.quantity
    assert a is not None and b is not None
    if (a.measure, a.unit) != (b.measure, b.unit):
        return False
    if set(first.stated_by) != set(second.stated_by) or first.attribution != second.attribution:
        return False
    if first.date and second.date and not _periods_meet(first.date, second.date):
        return False  # dated apart: a later estimate, not the same one again
    (low_a, high_a), (low_b, high_b) = _bounds(a), _bounds(b)
    return low_a <= high_b and low_b <= high_a


def _periods_meet(first: Period, second: Period) -> bool:
    return first.start <= second.end and second.start <= first.end


def _bounds(quantity: Quantity) -> tuple[float, float]:
    low, high = quantity.low, quantity.high if quantity.high is not None else quantity.low
    if quantity.qualifier == "about":
        return low * 0.9, high * 1.1
    if quantity.qualifier in ("more than", "at least", "several"):
        return low, math.inf
    if quantity.qualifier in ("less than", "up to"):
        return 0.0, high
    return low, high


def _entity_words(base: FactBase, words: Mapping[str, set[str]]) -> list[Problem]:
    """Each entity's description against the articles whose facts name it (all of them, for
    an entity no fact names), when every one of those articles' texts is known."""
    sources: dict[str, set[str]] = {}
    for fact in base.facts.values():
        for entity_id in (*fact.stated_by, *fact.about):
            sources.setdefault(entity_id, set()).add(fact.source)
    problems = []
    for entity in base.entities.values():
        # an entity no fact names may belong to any of the articles
        used_in = sources.get(entity.id) or set(base.sources)
        if not used_in or not used_in <= words.keys():
            continue
        known = set().union(*(words[source] for source in used_in))
        label = f"entity {entity.id!r}: the description"
        problems += _outside_words(entity.origin, label, entity.description, known)
    return problems


def _outside_words(origin: str, label: str, text: str, words: set[str]) -> list[Problem]:
    found = _outside_names(text, words)
    if not found:
        return []
    message = (
        f"{label} names {', '.join(found)}, which the article never does — keep to the "
        "article's own words and roles"
    )
    return [Problem(*_where(origin), message)]


def _outside_names(text: str, words: set[str]) -> list[str]:
    """Proper names (capitalised words not opening a sentence, and words with capitals
    inside: iSANS, BYPOL) that occur nowhere in the article."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        capitalised = word[0].isupper()
        inner = any(c.isupper() for c in word[1:])
        if not (capitalised or inner):
            continue
        if capitalised and not inner and _SENTENCE_START.search(text[: match.start()]):
            continue
        for part in _parts(word):
            if _plain(fold(part)) not in words and part not in found:
                found.append(part)
    return found


def _parts(word: str) -> Iterator[str]:
    """A hyphenated word's capitalised parts (pro-Russian: Russian); other words whole."""
    if "." in word.rstrip("."):
        yield word.rstrip(".")  # Russia.Post is one name
        return
    yield from (part for part in word.split("-") if part and any(c.isupper() for c in part))


def _plain(word: str) -> str:
    word = word.rstrip(".-")
    return re.sub(r"['’]s$|['’]$", "", word)


# --- helpers ----------------------------------------------------------------------------


def _paragraph_texts(
    facts: Iterable[Fact], article: ArticleText
) -> dict[tuple[str, int | None], str]:
    """Each (section, paragraph) of the facts' locators, as the article lines their quotes
    stand on: the paragraph as the fact files number it, whatever the article's layout."""
    lines: dict[tuple[str, int | None], set[int]] = {}
    for fact in facts:
        key = (fact.section, fact.paragraph)
        lines.setdefault(key, set()).update(article.lines_of(fact))
    return {key: " ".join(article.folded[n] for n in sorted(found)) for key, found in lines.items()}


def _before(paragraphs: Mapping[tuple[str, int | None], str], fact: Fact) -> str:
    """The paragraph before the fact's: a paragraph goes on in the time its predecessor
    sets ("In August, …" then "In addition, …"), so a date may stand there."""
    if fact.paragraph is None:
        return ""
    wanted = fact.paragraph - 1
    same = paragraphs.get((fact.section, wanted))
    if same is not None:
        return same
    return next((text for (_, number), text in paragraphs.items() if number == wanted), "")


def _own_voices(base: FactBase, source: Source) -> set[str]:
    """The entities that are the source's author or publisher: the article's own voice,
    which need not name itself in each paragraph."""
    own = {fold(source.author), fold(source.publisher)}
    return {e.id for e in base.entities.values() if own & {fold(n) for n in e.names}}


def _named(name: str, text: str) -> bool:
    """Whether the name stands in the folded text, also as a possessive ("Lukashenka's
    regime" names the Lukashenka regime)."""
    folded = fold(name)
    if not folded:
        return False
    pattern = re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
    return bool(pattern.search(text) or pattern.search(re.sub(r"'s\b", "", text)))


def _where(origin: str) -> tuple[str, int]:
    path, _, line = origin.rpartition(":")
    return (path, int(line)) if line.isdigit() else (origin, 0)
