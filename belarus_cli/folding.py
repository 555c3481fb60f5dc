"""Fold typography so that what a user types matches what the article prints.

"don't" finds "don’t", "5-10%" finds "5–10 percent", "3000" finds "3,000".
"""

from __future__ import annotations

import re
import unicodedata

_TRANSLATE = str.maketrans(
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
    }
)
_THOUSANDS = re.compile(r"(?<=\d)[,\u202f\u2009 ](?=\d{3}\b)")
_PERCENT = re.compile(r"\s*%")


def fold(text: str) -> str:
    """Lower-case, straight quotes, plain hyphens, no thousands separators, 'percent' for '%'."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    text = _THOUSANDS.sub("", text)
    text = _PERCENT.sub(" percent", text)
    return " ".join(text.split())


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
