"""How well a fact answers a question: named features, one scoring function over them, and
the test of whether the fact answers the question at all.

A candidate fact (one that bm25 finds, or one of a topic the query names) is described by:

- `bm25`: bm25 of the question's words over the fact's fields, each field with its own weight
  (value, statement, quote, topic names, entity names, keywords, readers' questions), scaled
  so that the best candidate of the question has 1;
- `coverage`: the share of the question's content words that the fact contains, each word
  weighted by how rare it is among the facts (a word no fact has weighs most);
- `cue`: whether the fact has what the question asks for: a figure counted in what "how
  many" asks about, a date for "when", a person or organisation for "who";
- `names`: the share of the people and organisations the question names that the fact is
  about or quotes;
- `topic`: the share of the question's content words that name a topic of the fact, times
  how much of one of that topic's names the question says;
- `value`: whether the fact has a short answer at all;
- `negation`: whether the fact is put in the negative ("did not support") as the question is
  ("what share do not support"), or in the positive as the question is.

The score is the weighted sum of the features. A fact answers the question when it covers
enough of it, has what a cue asks for, and scores close to the best candidate. The weights
and thresholds are chosen on the development questions (bench/fit_ranking.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from ..core.negation import negated

FEATURES = ("bm25", "coverage", "cue", "names", "topic", "value", "negation", "reason")
# Weights of each feature in the score, the bm25 weight of each index field (in the order of
# index.schema.FIELDS), and the thresholds of answerability; from bench/fit_ranking.py.
WEIGHTS: dict[str, float] = {
    "bm25": 1.5,
    "coverage": 0.5,
    "cue": 0.0,  # what a question asks for decides whether a fact answers, not its rank
    "names": 0.2,
    "topic": 0.6,
    "value": 0.1,
    "negation": 0.1,
    "reason": 0.6,  # a "why" question's answer gives the reason
}
FIELD_WEIGHTS: tuple[float, ...] = (1.0, 3.0, 1.5, 4.0, 2.0, 5.0, 1.0)
MIN_COVERAGE = 0.6  # of the question's weighted content words, to answer it
NEAR_BEST = 0.95  # a fact answers only if it scores at least this share of the best
# The best fact answers with less coverage (a question in other words than the article's)
# when it scores this many times the runner-up: the facts agree on which one it is about.
LEAD = 1.45
LEAD_COVERAGE = 0.4

QUANTITY_CUES = (
    "how many",
    "how much",
    "number of",
    "how large",
    "how big",
    "how high",
    "how low",
    "how long",
    "how old",
    "how far",
    "how often",
    "what share",
    "what percentage",
    "what percent",
    "what proportion",
    "percentage",
    "proportion",
    "figure",
    "estimate",
)
# A question for a share ("what percentage") is answered by a share, never by a count.
SHARE_CUES = ("what share", "percentage", "what percent", "proportion", "what part", "fraction")
SHARE_UNITS = frozenset(["percent", "per cent", "percentage", "share"])
DATE_CUES = ("when", "what year", "what date", "which year", "since when", "what month")
REASON_WORDS = ("reason", "reasons")  # "why" and "how come" ask only where a question asks
WHO_CUES = ("who", "whom")
# "Which agency …", "which Ukrainian agency …": a question for a person or an organisation.
AGENT_NOUNS = frozenset(
    [
        "agency",
        "agencies",
        "body",
        "bodies",
        "country",
        "countries",
        "group",
        "groups",
        "institution",
        "institutions",
        "ministry",
        "ministries",
        "official",
        "officials",
        "organisation",
        "organisations",
        "organization",
        "organizations",
        "party",
        "parties",
        "person",
        "people",
        "minister",
        "ministers",
        "leader",
        "leaders",
        "outlet",
        "outlets",
        "service",
        "services",
        "side",
        "sides",
        "politician",
        "politicians",
        "department",
    ]
)

# How much a word that no fact contains weighs, against one that every fact contains (0).
UNSEEN = 1.0
GENERIC = 0.0


# What a question may say before the word that asks: words it opens with ("and when …",
# "tell me who …"), then a preposition ("since when", "by whom").
_BEFORE_ASKING = re.compile(
    r"\A(?:(?:and|so|but|then|please|tell me|do you know|i wonder) )*"
    r"(?:(?:by|to|for|from|with|since|until|in|at) )?"
)


def asking_part(question: str) -> str:
    """The question from the word that asks: "who", "when" or "why" asks only there ("who
    leads BYPOL?"), not further on, where it joins a clause ("do Belarusians who back Russia
    want …" asks yes or no)."""
    text = question.strip(" \t¿?!.,;:'\"")
    return _BEFORE_ASKING.sub("", text, count=1)


class Cues:
    """What a question asks for, read from its wording."""

    __slots__ = ("date", "negated", "quantity", "share", "who", "why")

    def __init__(self, question: str) -> None:
        padded = f" {question} "
        asking = f" {asking_part(question)}"
        self.negated = negated(question)
        self.quantity = any(cue in padded for cue in QUANTITY_CUES)
        self.date = any(asking.startswith(f" {cue} ") for cue in DATE_CUES)
        self.share = self.quantity and any(cue in padded for cue in SHARE_CUES)
        first, *then = asking.split()[:3] or [""]
        self.who = any(asking.startswith(f" {cue} ") for cue in WHO_CUES) or (
            first in ("which", "what") and not AGENT_NOUNS.isdisjoint(then)
        )
        self.why = asking.startswith((" why ", " how come ")) or any(
            f" {word} " in padded for word in REASON_WORDS
        )

    @property
    def any(self) -> bool:
        return self.quantity or self.date or self.who


def rarity(matching: int, total: int, unseen: float = UNSEEN) -> float:
    """The weight of a word in `coverage`: 0 for a word every fact has, 1 for a word one fact
    has, and `unseen` for a word none has."""
    if matching <= 0:
        return unseen
    return math.log(1 + total / matching) / math.log(1 + total)


def coverage(weights: Sequence[float], covered: Sequence[bool]) -> float:
    total = sum(weights)
    if total <= 0:
        return 1.0
    return sum(w for w, c in zip(weights, covered, strict=True) if c) / total


def cue_feature(
    cues: Cues,
    has_quantity: bool,
    in_asked_unit: bool,
    unit_asked: bool,
    has_date: bool,
    who: bool,
    unit: str,
) -> float:
    """1 when the fact has what the question asks for, 0 when it lacks it (or no cue).

    "How many soldiers" wants a figure counted in soldiers: when some fact has one, a figure
    in another unit is no answer; when none has, any figure is half an answer. "What
    percentage" wants a share, whatever it is a share of."""
    found = 0.0
    if cues.share:
        found = 1.0 if unit in SHARE_UNITS else 0.0
    elif cues.quantity:
        if in_asked_unit:
            found = 1.0
        elif has_quantity and not unit_asked:
            found = 0.5
    if cues.date and has_date:
        found = max(found, 1.0)
    if cues.who and who:
        found = max(found, 1.0)
    return found


class Tuning:
    """The weights and thresholds in force: the fitted ones, or others being tried."""

    __slots__ = (
        "fields",
        "generic",
        "lead",
        "lead_coverage",
        "min_coverage",
        "near_best",
        "unseen",
        "weights",
    )

    def __init__(
        self,
        weights: dict[str, float] | None = None,
        fields: tuple[float, ...] = FIELD_WEIGHTS,
        min_coverage: float = MIN_COVERAGE,
        near_best: float = NEAR_BEST,
        unseen: float = UNSEEN,
        generic: float = GENERIC,
        lead: float = LEAD,
        lead_coverage: float = LEAD_COVERAGE,
    ) -> None:
        self.weights = [(WEIGHTS if weights is None else weights)[name] for name in FEATURES]
        self.fields = fields
        self.min_coverage = min_coverage
        self.near_best = near_best
        self.unseen = unseen
        self.generic = generic
        self.lead = lead
        self.lead_coverage = lead_coverage

    def bm25(self, per_field: Sequence[float]) -> float:
        return sum(w * s for w, s in zip(self.fields, per_field, strict=True))

    def score(self, features: Sequence[float]) -> float:
        return sum(w * f for w, f in zip(self.weights, features, strict=True))


def answers(
    features: Sequence[float],
    cues: Cues,
    fact_score: float,
    scores: tuple[float, float],
    tuning: Tuning,
) -> bool:
    """Whether the fact directly answers the question (see the module's docstring); `scores`
    are the best candidate's and the runner-up's."""
    best, runner_up = scores
    covered = features[FEATURES.index("coverage")]
    if cues.any and features[FEATURES.index("cue")] <= 0:
        return False
    if covered >= tuning.min_coverage:
        return best <= 0 or fact_score >= tuning.near_best * best
    leads = fact_score >= best > 0 and best >= tuning.lead * runner_up
    return leads and covered >= tuning.lead_coverage
