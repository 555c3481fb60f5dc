"""The styles for reference managers: a BibLaTeX entry and CSL-JSON items, each work once
with the facts cited from it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from ..core.folding import fold_whitespace
from ..core.links import fact_link
from ..core.model import Fact, Source
from .cite_names import author_name, citation_key, proper_words, title_case

_LANGIDS = {
    "en": "english",
    "ru": "russian",
    "be": "belarusian",
    "uk": "ukrainian",
    "pl": "polish",
    "de": "german",
    "fr": "french",
}


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def biblatex(source: Source, accessed: dt.date) -> str:
    """A BibLaTeX @article (biblatex manual, 2.1.1): proper nouns braced to keep their case."""
    name = author_name(source.author)
    title = _bibtex_escape(title_case(source.title))
    for word in sorted(set(proper_words(source.title)), key=len, reverse=True):
        escaped = _bibtex_escape(word)
        title = re.sub(rf"(?<![\w{{]){re.escape(escaped)}(?![\w}}])", f"{{{escaped}}}", title)
    fields = [
        ("author", f"{_bibtex_escape(name.family)}, {_bibtex_escape(name.given)}"),
        ("title", title),
        ("journaltitle", _bibtex_escape(source.publisher)),
        ("date", source.published.isoformat()),
        ("url", source.url),
        ("urldate", accessed.isoformat()),
    ]
    if source.language in _LANGIDS:
        fields.append(("langid", _LANGIDS[source.language]))
    body = "".join(f"  {key:<12} = {{{value}}},\n" for key, value in fields)
    return f"@article{{{citation_key(source)},\n{body}}}"


def csl_item(source: Source, accessed: dt.date) -> dict[str, Any]:
    """A CSL-JSON item; `article-magazine` fits an article of an online analytical outlet."""
    name = author_name(source.author)
    return {
        "id": citation_key(source),
        "type": "article-magazine",
        "title": source.title,
        "author": [{"family": name.family, "given": name.given}],
        "container-title": source.publisher,
        "issued": {"date-parts": [_date_parts(source.published)]},
        "accessed": {"date-parts": [_date_parts(accessed)]},
        "URL": source.url,
        "language": source.language,
    }


def csl_items(cited: Sequence[tuple[Fact, Source]], accessed: dt.date) -> list[dict[str, Any]]:
    """One CSL-JSON item per source, however many of its facts are cited: a bibliography
    holds each work once (Zotero would import duplicates, pandoc merge them silently).

    The facts go in the item's `custom` field (CSL-JSON 1.0.2's place for data without a
    variable of its own) as citation items without an id: `fact`, `locator` and `label`
    (what pandoc's `[@key, para. 3]` gives), `quote` and `link`.
    """
    items: dict[str, dict[str, Any]] = {}
    for fact, source in cited:
        item = items.setdefault(source.id, {**csl_item(source, accessed), "custom": {}})
        entry: dict[str, Any] = {"fact": fact.id}
        if fact.paragraph is not None:
            entry.update(locator=str(fact.paragraph), label="paragraph")
        entry.update(quote=fold_whitespace(fact.quote), link=fact_link(fact, source))
        item["custom"].setdefault("citations", []).append(entry)
    return list(items.values())


def bibtex_facts(cited: Sequence[tuple[Fact, Source]], accessed: dt.date) -> str:
    entries: dict[str, str] = {}
    notes = []
    for fact, source in cited:
        key = citation_key(source)
        entries.setdefault(key, biblatex(source, accessed))
        postnote = f"[para.~{fact.paragraph}]" if fact.paragraph else ""
        # Text between entries is ignored, but an '@' there would start an entry.
        quote = fold_whitespace(fact.quote).replace("@", "(at)")
        link = fact_link(fact, source).replace("@", "%40")
        notes.append(
            f"% {fact.id}: \\autocite{postnote}{{{key}}}\n% \\enquote{{{quote}}}\n% {link}"
        )
    return "\n\n".join([*entries.values(), *notes]) + "\n"


def _date_parts(day: dt.date) -> list[int]:
    return [day.year, day.month, day.day]


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def csl_json(items: Sequence[dict[str, Any]]) -> str:
    """A CSL-JSON array: one key per line, each value on one line (easy to read and diff)."""
    from .escape import json_text

    def item(fields: dict[str, Any]) -> str:
        # json_text: controls and bidi characters of a fact file become \u escapes, which
        # keeps the JSON valid when the output is made safe for the terminal.
        lines = (f"    {json_text(k)}: {json_text(v)}" for k, v in fields.items())
        return "  {\n" + ",\n".join(lines) + "\n  }"

    return "[\n" + ",\n".join(item(fields) for fields in items) + "\n]\n"
