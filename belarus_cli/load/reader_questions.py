"""The checks of a fact's `questions`: the questions a reader might type whose answer is the
fact, kept as search aids (see facts/README.md)."""

from __future__ import annotations

from ..core.folding import fold_words

MIN_QUESTIONS, MAX_QUESTIONS = 2, 4
# Longer than any question a reader types into a search box; a longer one is a paragraph.
MAX_QUESTION_CHARS = 200


def question_problems(value: object) -> list[str]:
    """What is wrong with a fact's `questions`, as `message — how to fix` lines.

    A value that is not a list of strings, or an item that is blank, is left to the check
    every list of strings has: reported once there, not here again."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return []
    problems = []
    if not MIN_QUESTIONS <= len(value) <= MAX_QUESTIONS:
        problems.append(
            f"questions has {len(value)}, not {MIN_QUESTIONS} to {MAX_QUESTIONS} — "
            "give the questions a reader would ask whose answer is this fact"
        )
    seen: set[str] = set()
    for question in (item.strip() for item in value):
        if not question:
            continue
        if len(question) > MAX_QUESTION_CHARS:
            problems.append(
                f"questions has one of {len(question):,} characters, more than "
                f"{MAX_QUESTION_CHARS} — ask it as a reader would type it"
            )
        elif not question.endswith("?"):
            problems.append(f"questions has {question!r}, which is no question — end it with '?'")
        folded = " ".join(fold_words(question).split())
        if folded in seen:
            problems.append(f"questions has {question!r} twice — drop one or ask another")
        seen.add(folded)
    return problems
