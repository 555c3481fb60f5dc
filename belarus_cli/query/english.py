"""Whether a word is a real English word: the question's words that the facts do not contain are
corrected only when they are not ("prisonners"), and otherwise named as things the article
does not mention ("France", "inflation").

The list is pyspellchecker's English dictionary (about 160,000 words with their frequencies,
inflected forms and common proper nouns included, built from subtitles and checked against
other word lists). It is read only when a question has a word the index does not know, and
searched as text rather than parsed: decompressing it costs a few milliseconds, parsing its
JSON ten times that.
"""

from __future__ import annotations

import re
from functools import cache

# Rarer entries of a list built from subtitles include common misspellings; a word this
# frequent is a real word.
MIN_COUNT = 20
_ENTRY = re.compile(rb'"([^"]+)": (\d+)')


@cache
def _dictionary() -> bytes | None:
    import gzip  # only for a word the index does not know: most questions need no dictionary
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        return None  # not installed: every unknown word is treated as a misspelling
    folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        return gzip.decompress((folder / "resources" / "en.json.gz").read_bytes())
    except OSError:
        return None


def is_word(word: str) -> bool:
    """True when `word` (folded to lower case) is a word of English that is not rare."""
    data = _dictionary()
    if data is None or not word.isalpha():
        return False
    key = b'"' + word.encode() + b'": '
    at = data.find(key)
    if at < 0:
        return False
    found = _ENTRY.match(data, at)
    return found is not None and int(found.group(2)) >= MIN_COUNT


# British and American spellings of one word, by the endings that tell them apart (each
# ending with the forms that inflect it): a reader's "defence" or "analyses" is the facts'
# "defense" or "analyzes", and the other way round.
_SPELLINGS = (
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("iser", "izer"),
    ("isers", "izers"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("yses", "yzes"),
    ("ysing", "yzing"),
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("ourable", "orable"),
    ("ourite", "orite"),
    ("ence", "ense"),
    ("ences", "enses"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("llers", "lers"),
    ("mme", "m"),
    ("mmes", "ms"),
)


def spelling_variants(word: str) -> list[str]:
    """The word as the other side of the Atlantic spells it, in each way its ending allows
    ("defence" → "defense", "analyze" → "analyse"); none for a word too short to tell."""
    variants: list[str] = []
    for british, american in _SPELLINGS:
        for ending, other in ((british, american), (american, british)):
            stem = word[: -len(ending)]
            # "travelled" is "travel" + "led" too: its l is not doubled again.
            doubled = other.startswith("ll") and stem.endswith("l")
            if word.endswith(ending) and len(stem) >= 3 and not doubled:
                variants.append(stem + other)
    return list(dict.fromkeys(v for v in variants if v != word))
