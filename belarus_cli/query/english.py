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

import gzip
import re
from functools import cache

# Rarer entries of a list built from subtitles include common misspellings; a word this
# frequent is a real word.
MIN_COUNT = 20
_ENTRY = re.compile(rb'"([^"]+)": (\d+)')


@cache
def _dictionary() -> bytes | None:
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
