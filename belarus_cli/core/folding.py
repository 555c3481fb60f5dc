"""Fold typography so that what a user types matches what the article prints.

"don't" finds "don’t", "5-10%" finds "5–10 percent", "3000" finds "3,000".
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from itertools import filterfalse

# The article's typography and its look-alikes, and the plain character each stands for.
_TYPOGRAPHY = tuple(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }.items()
)
_SEPARATED_DIGITS = re.compile(r"\d[,\u202f\u2009 ]\d")  # a quick test before _thousands()
_PERCENT = re.compile(r"\s*%")


@cache
def _thousands() -> re.Pattern[str]:
    # Compiled when a text first has one: the look-behind costs a tenth of a millisecond.
    return re.compile(r"(?<=\d)[,\u202f\u2009 ](?=\d{3}\b)")


def fold(text: str) -> str:
    """Lower-case, straight quotes, plain hyphens, no thousands separators, 'percent' for '%'."""
    # Every fact's text is folded when an index is built, so the common cases take shortcuts
    # that give the same result: plain ASCII needs no normalising, and most text has no
    # number or no percent sign to rewrite.
    if text.isascii():
        text = text.replace("`", "'").lower()
    else:
        text = unicodedata.normalize("NFKC", text)
        # A replace for each character the text has is quicker than str.translate, which
        # looks up every character of the text in a table.
        for char, plain in _TYPOGRAPHY:
            if char in text:
                text = text.replace(char, plain)
        text = text.casefold()
    if _SEPARATED_DIGITS.search(text):
        text = _thousands().sub("", text)
    if "%" in text:
        text = _PERCENT.sub(" percent", text)
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # filterfalse calls combining() from C, with no Python step for each character.
    return "".join(filterfalse(unicodedata.combining, decomposed))


def fold_words(text: str) -> str:
    """What `strip_accents(fold(text))` gives, as far as its words go: the characters between
    words (quotes, dashes, spaces) may differ. The search index folds every fact this way,
    and its tokenizer and word lists see words only."""
    text = text.lower() if text.isascii() else unicodedata.normalize("NFKC", text).casefold()
    if _SEPARATED_DIGITS.search(text):
        text = _thousands().sub("", text)
    if "%" in text:
        text = _PERCENT.sub(" percent", text)
    return strip_accents(text)


def fold_whitespace(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
