"""Whether a text is put in the negative: a question ("who did not …") and a fact's answer are
read the same way, the fact's once when it is indexed."""

from __future__ import annotations

import re

_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without)\b|n't\b")


def negated(text: str) -> bool:
    return _NEGATION.search(text) is not None


def fact_negated(value: str | None, statement: str) -> bool:
    """Whether a fact's short answer or statement is put in the negative."""
    return negated(f"{value or ''} {statement}")
