"""Choose the ranking's weights on the development questions, and check them by k-fold
cross-validation (see README, "How search works").

    python bench/fit_ranking.py [--folds 5] [--rounds 2] [--fold-rounds 1] [--fit]

Prints the development set's figures with the weights in force (belarus_cli/ranking.py).
With --fit it also runs a coordinate search over the weights on all the development
questions (the weights it prints are the ones to put in ranking.py), and the same search on
each fold's training part, scored on the held-back part: the cross-validated figures.
The held-out questions (tests/data/heldout_questions.toml) are never used here.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.dont_write_bytecode = True

from quality import Figures, evaluate, questions  # noqa: E402

from belarus_cli.query import ranking  # noqa: E402

# The development questions: the shared examples and the project's own.
DEV = ("dev_questions.toml", "search_questions.toml")
# The values each parameter may take in the coordinate search.
GRID: dict[str, tuple[float, ...]] = {
    "bm25": (0.5, 1.0, 1.5, 2.0),
    "coverage": (0.0, 0.25, 0.5, 1.0, 1.5, 2.0),
    "cue": (0.0, 0.25, 0.5, 0.75, 1.0),
    "names": (0.0, 0.1, 0.2, 0.4),
    "topic": (0.0, 0.15, 0.3, 0.6),
    "value": (0.0, 0.05, 0.1, 0.2, 0.4),
    "negation": (0.0, 0.1, 0.2, 0.4, 0.8),
    "reason": (0.0, 0.2, 0.4, 0.6, 0.8),
    "field0": (1.0, 2.5, 5.0, 8.0),
    "field1": (1.0, 3.0, 5.0),
    "field2": (0.5, 1.5, 3.0),
    "field3": (0.5, 2.0, 4.0),
    "field4": (0.5, 2.0, 4.0),
    "field5": (1.0, 2.5, 5.0),
    "field6": (1.0, 2.5, 5.0),
    "min_coverage": (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85),
    "near_best": (0.6, 0.75, 0.85, 0.95),
    "unseen": (0.3, 0.5, 0.75, 1.0, 1.5),
    "generic": (0.0, 0.15, 0.3, 0.5, 1.0),
    "lead": (1.2, 1.3, 1.45, 1.6, 2.0, 100.0),
    "lead_coverage": (0.2, 0.3, 0.4, 0.5),
}


def start() -> dict[str, float]:
    params = dict(ranking.WEIGHTS)
    params.update({f"field{i}": w for i, w in enumerate(ranking.FIELD_WEIGHTS)})
    params["min_coverage"] = ranking.MIN_COVERAGE
    params["near_best"] = ranking.NEAR_BEST
    params["unseen"] = ranking.UNSEEN
    params["generic"] = ranking.GENERIC
    params["lead"] = ranking.LEAD
    params["lead_coverage"] = ranking.LEAD_COVERAGE
    return params


def tuning(params: dict[str, float]) -> ranking.Tuning:
    return ranking.Tuning(
        weights={name: params[name] for name in ranking.FEATURES},
        fields=tuple(params[f"field{i}"] for i in range(len(ranking.FIELD_WEIGHTS))),
        min_coverage=params["min_coverage"],
        near_best=params["near_best"],
        unseen=params["unseen"],
        generic=params["generic"],
        lead=params["lead"],
        lead_coverage=params["lead_coverage"],
    )


def objective(figures: Figures) -> float:
    """Right fact first counts most; then in the top three; then abstaining rightly."""
    return (
        2.0 * figures.top1_share
        + figures.top3_share
        + figures.kept_share
        + figures.abstained_share
        + figures.topics_share
    )


def fit(data: dict[str, Any], params: dict[str, float], rounds: int) -> dict[str, float]:
    best = dict(params)
    best_value = objective(evaluate(data, tuning(best)))
    for _ in range(rounds):
        for name, values in GRID.items():
            for value in values:
                trial = {**best, name: value}
                found = objective(evaluate(data, tuning(trial)))
                if found > best_value + 1e-9:
                    best, best_value = trial, found
    return best


def folds(data: dict[str, Any], k: int) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    shuffled = {kind: list(items) for kind, items in data.items() if isinstance(items, list)}
    rng = random.Random(11)
    for items in shuffled.values():
        rng.shuffle(items)
    splits = []
    for fold in range(k):
        train = {
            kind: [x for i, x in enumerate(v) if i % k != fold] for kind, v in shuffled.items()
        }
        test = {kind: [x for i, x in enumerate(v) if i % k == fold] for kind, v in shuffled.items()}
        splits.append((train, test))
    return splits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--fold-rounds", type=int, default=1)
    parser.add_argument("--fit", action="store_true")
    options = parser.parse_args()
    parts = [questions(name) for name in DEV]
    data = {
        kind: [x for part in parts for x in part.get(kind, [])] for kind in ("q", "none", "topic")
    }
    names = " + ".join(DEV)
    print(f"in force, {names}: {evaluate(data, tuning(start())).describe()}")
    if not options.fit:
        return
    fitted = fit(data, start(), options.rounds)
    print(f"fitted on all of {names}: {evaluate(data, tuning(fitted)).describe()}")
    print("  " + ", ".join(f"{k}={v:g}" for k, v in fitted.items()))
    held_back = Figures()
    for number, (train, test) in enumerate(folds(data, options.folds), start=1):
        chosen = fit(train, start(), options.fold_rounds)
        scored = evaluate(test, tuning(chosen))
        print(f"  fold {number}: held back {scored.describe()}")
        held_back = held_back.plus(scored)
    print(f"{options.folds}-fold cross-validation, held-back parts: {held_back.describe()}")


if __name__ == "__main__":
    main()
