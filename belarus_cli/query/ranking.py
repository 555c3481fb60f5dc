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
- `topic`: the share of the question's content words that name a topic of the fact;
- `value`: whether the fact has a short answer at all;
- `negation`: whether the fact is put in the negative ("did not support") as the question is
  ("what share do not support"), or in the positive as the question is.

The score is the weighted sum of the features. A fact answers the question when it covers
enough of it, has what a cue asks for, and scores close to the best candidate. The weights
and thresholds are chosen on the development questions (bench/fit_ranking.py).
"""

from __future__ import annotations

import math
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
DATE_CUES = ("when", "what year", "what date", "which year", "since when", "what month")
WHY_CUES = (" why ", " reason ", " reasons ", " how come ")
WHO_CUES = ("who", "whom", "which organisation", "which organization", "what organisation")
# Common verbs of English, with their regular and irregular forms: a question uses them to
# ask ("what led to", "when did it begin"), so a fact that words it otherwise still answers.
# A common verb no fact contains weighs GENERIC in `coverage`, not UNSEEN.
_VERBS = (
    "be",
    "have",
    "do",
    "say",
    "go",
    "get",
    "make",
    "know",
    "think",
    "take",
    "see",
    "come",
    "want",
    "look",
    "use",
    "find",
    "give",
    "tell",
    "work",
    "call",
    "try",
    "ask",
    "need",
    "feel",
    "become",
    "leave",
    "put",
    "mean",
    "keep",
    "let",
    "begin",
    "seem",
    "help",
    "talk",
    "turn",
    "start",
    "show",
    "hear",
    "play",
    "run",
    "move",
    "like",
    "live",
    "believe",
    "hold",
    "bring",
    "happen",
    "write",
    "provide",
    "sit",
    "stand",
    "lose",
    "pay",
    "meet",
    "include",
    "continue",
    "set",
    "learn",
    "change",
    "lead",
    "understand",
    "watch",
    "follow",
    "stop",
    "create",
    "speak",
    "read",
    "allow",
    "add",
    "spend",
    "grow",
    "open",
    "walk",
    "win",
    "offer",
    "remember",
    "love",
    "consider",
    "appear",
    "buy",
    "wait",
    "serve",
    "die",
    "send",
    "expect",
    "build",
    "stay",
    "fall",
    "cut",
    "reach",
    "kill",
    "remain",
    "suggest",
    "raise",
    "pass",
    "sell",
    "require",
    "report",
    "decide",
    "pull",
)
_IRREGULAR = (
    "been",
    "was",
    "were",
    "had",
    "did",
    "done",
    "said",
    "went",
    "gone",
    "got",
    "gotten",
    "made",
    "knew",
    "known",
    "thought",
    "took",
    "taken",
    "saw",
    "seen",
    "came",
    "gave",
    "given",
    "told",
    "felt",
    "became",
    "left",
    "put",
    "meant",
    "kept",
    "let",
    "began",
    "begun",
    "seemed",
    "held",
    "brought",
    "wrote",
    "written",
    "sat",
    "stood",
    "lost",
    "paid",
    "met",
    "led",
    "understood",
    "spoke",
    "spoken",
    "read",
    "grew",
    "grown",
    "won",
    "bought",
    "fell",
    "fallen",
    "cut",
    "sent",
    "built",
    "ran",
    "set",
)


def _forms(verb: str) -> tuple[str, ...]:
    stem = verb[:-1] if verb.endswith("e") else verb
    return (verb, f"{verb}s", f"{verb}es", f"{stem}ed", f"{verb}ed", f"{stem}ing", f"{verb}d")


GENERIC_WORDS = frozenset(
    [
        *(form for verb in _VERBS for form in _forms(verb)),
        *_IRREGULAR,
        *("probably", "likely", "really", "actually", "currently", "still", "ever", "also"),
        *("way", "ways", "kind", "type"),
    ]
)
# Words a question uses to ask rather than to say what it is about: a fact need not have them.
LIGHT_WORDS = frozenset(
    ["according", "tell", "told", "say", "said", "says", "name", "named", "called"]
)
# How much a word that no fact contains weighs, against one that every fact contains (0).
UNSEEN = 1.0
GENERIC = 0.0


class Cues:
    """What a question asks for, read from its wording."""

    __slots__ = ("date", "negated", "quantity", "who", "why")

    def __init__(self, question: str) -> None:
        padded = f" {question} "
        self.negated = negated(question)
        self.quantity = any(cue in padded for cue in QUANTITY_CUES)
        self.date = any(f" {cue} " in padded for cue in DATE_CUES)
        self.who = any(f" {cue} " in padded for cue in WHO_CUES)
        self.why = any(cue in padded for cue in WHY_CUES)

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
    cues: Cues, has_quantity: bool, in_asked_unit: bool, unit_asked: bool, has_date: bool, who: bool
) -> float:
    """1 when the fact has what the question asks for, 0 when it lacks it (or no cue).

    "How many soldiers" wants a figure counted in soldiers: when some fact has one, a figure
    in another unit is no answer; when none has, any figure is half an answer."""
    found = 0.0
    if cues.quantity:
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

    __slots__ = ("fields", "generic", "min_coverage", "near_best", "unseen", "weights")

    def __init__(
        self,
        weights: dict[str, float] | None = None,
        fields: tuple[float, ...] = FIELD_WEIGHTS,
        min_coverage: float = MIN_COVERAGE,
        near_best: float = NEAR_BEST,
        unseen: float = UNSEEN,
        generic: float = GENERIC,
    ) -> None:
        self.weights = [(WEIGHTS if weights is None else weights)[name] for name in FEATURES]
        self.fields = fields
        self.min_coverage = min_coverage
        self.near_best = near_best
        self.unseen = unseen
        self.generic = generic

    def bm25(self, per_field: Sequence[float]) -> float:
        return sum(w * s for w, s in zip(self.fields, per_field, strict=True))

    def score(self, features: Sequence[float]) -> float:
        return sum(w * f for w, f in zip(self.weights, features, strict=True))


def answers(
    features: Sequence[float], cues: Cues, fact_score: float, best: float, tuning: Tuning
) -> bool:
    """Whether the fact directly answers the question (see the module's docstring)."""
    min_coverage, near_best = tuning.min_coverage, tuning.near_best
    covered = features[FEATURES.index("coverage")]
    cue = features[FEATURES.index("cue")]
    if covered < min_coverage or (cues.any and cue <= 0):
        return False
    return best <= 0 or fact_score >= near_best * best
