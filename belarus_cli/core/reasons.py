"""Whether a fact gives a reason: what a "why" question asks for. Read from the words that say
so in English ("because", "in order to", "the reason"), once, when the fact is indexed."""

from __future__ import annotations

import re

_REASON = re.compile(
    r"\b(?:because|since|so that|in order to|so as to|due to|as a result|thanks to|reasons?|"
    r"explains?|for fear|to avoid|aims? to|in exchange)\b"
)


def gives_reason(statement: str, quote: str) -> bool:
    return _REASON.search(f"{statement} {quote}".lower()) is not None
