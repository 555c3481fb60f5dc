"""Citations of the source and its facts in the common styles, each fact with a deep link to
its quote (see core/links.py). Everything here is pure: values in, strings (or JSON-ready
dicts) out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.dates import MONTH_NAMES, long_date
from ..core.folding import fold_whitespace
from ..core.links import fact_link
from ..core.model import Fact, Source
from .formats import STYLES

# --- citation styles ----------------------------------------------------------------------
#
# Pure functions: a Source (and Facts) in, a string out. Italics are written through an
# `italic` function so one builder serves plain text (italics dropped) and Markdown (*...*).

# MLA 9 abbreviates months longer than four letters.
_MLA_MONTHS = (
    "",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
)
# Words that stay lower case inside a title in headline style (Chicago 8.159, MLA 1.2.1).
_MINOR_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the and but or nor for so yet as at by from in into of off on onto out over per "
        "to up upon via with vs",
    )
)
_WORD = re.compile("[^\\W_][\\w'\u2019-]*")
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

Italic = Callable[[str], str]


def plain_italic(text: str) -> str:
    return text


def markdown_italic(text: str) -> str:
    return f"*{text}*"


@dataclass(frozen=True)
class Name:
    given: str
    family: str

    @property
    def initials(self) -> str:
        """'Yan' -> 'Y.', 'Jean-Paul Anne' -> 'J.-P. A.'"""
        return " ".join(
            "-".join(f"{part[0]}." for part in word.split("-") if part)
            for word in self.given.split()
        )


def author_name(author: str) -> Name:
    """Split 'Yan Auseyushkin' into given and family name (the family name comes last)."""
    words = author.split()
    return Name(" ".join(words[:-1]), words[-1] if words else author)


def title_case(title: str) -> str:
    """Headline-style capitalisation for MLA and Chicago; minor words stay lower case."""
    words = list(_WORD.finditer(title))
    out = []
    last = 0
    for index, match in enumerate(words):
        word = match.group()
        before = title[last : match.start()]
        starts = index == 0 or before.rstrip().endswith((":", "?", "!", ".", "—"))
        ends = index == len(words) - 1
        if word.lower() in _MINOR_WORDS and not starts and not ends:
            word = word.lower()
        elif word[0].islower():
            word = word[0].upper() + word[1:]
        out.append(before + word)
        last = match.end()
    return "".join(out) + title[last:]


def short_title(title: str) -> str:
    """Chicago's short title: the main title (up to ':' or '?'), at most four words."""
    main = re.split(r"(?<=\?)|:", title, maxsplit=1)[0].strip()
    words = main.split()
    if words and words[0].lower() in ("a", "an", "the") and len(words) > 4:
        words = words[1:]
    return title_case(" ".join(words[:4]))


def _end(text: str, mark: str) -> str:
    """`text` followed by `mark`, unless it already ends with a stop of its own."""
    return text if text.endswith(("?", "!", ".")) else text + mark


def _proper_words(title: str) -> list[str]:
    """Words capitalised in a sentence-case title other than its first: proper nouns."""
    return [m.group() for m in list(_WORD.finditer(title))[1:] if m.group()[0].isupper()]


def citation_key(source: Source) -> str:
    """A BibTeX key in the usual author-year-word form: auseyushkin2022belarus."""
    from ..core.folding import strip_accents

    def ascii_word(word: str) -> str:
        return re.sub(r"[^a-z0-9]", "", strip_accents(word).lower())

    family = ascii_word(author_name(source.author).family)
    words = _proper_words(source.title) or [
        m.group() for m in _WORD.finditer(source.title) if m.group().lower() not in _MINOR_WORDS
    ]
    keyword = next((ascii_word(w) for w in words if ascii_word(w)), "")
    return f"{family}{source.published.year}{keyword}"


def _quoted(quote: str, mark: str) -> str:
    """The quote in `mark`s; inner double quotes turn single inside double marks (APA, MLA)."""
    text = fold_whitespace(quote)
    if mark == '"':
        text = text.replace("\u201c", "\u2018").replace("\u201d", "\u2019").replace('"', "'")
    return f"{mark}{text}{mark}"


# --- one builder per style: the source alone ------------------------------------------------


def apa(source: Source, italic: Italic = plain_italic) -> str:
    name, day = author_name(source.author), source.published
    return (
        f"{name.family}, {name.initials} ({day.year}, {MONTH_NAMES[day.month]} {day.day}). "
        f"{_end(italic(source.title), '.')} {_end(source.publisher, '.')} {source.url}"
    )


def mla(source: Source, accessed: dt.date, italic: Italic = plain_italic) -> str:
    name = author_name(source.author)
    title = _end(title_case(source.title), ".")
    where = re.sub(r"^https?://", "", source.url)
    return (
        f'{name.family}, {_end(name.given, ".")} "{title}" {italic(source.publisher)}, '
        f"{_mla_date(source.published)}, {where}. Accessed {_mla_date(accessed)}."
    )


def chicago_bibliography(source: Source, italic: Italic = plain_italic) -> str:
    name = author_name(source.author)
    title = _end(title_case(source.title), ".")
    return (
        f'{name.family}, {_end(name.given, ".")} "{title}" {italic(source.publisher)}, '
        f"{_chicago_date(source.published)}. {source.url}."
    )


def chicago_note(source: Source, italic: Italic = plain_italic) -> str:
    name = author_name(source.author)
    title = _end(title_case(source.title), ",")
    return (
        f'{name.given} {name.family}, "{title}" {italic(source.publisher)}, '
        f"{_chicago_date(source.published)}, {source.url}."
    )


def chicago_short_note(source: Source) -> str:
    return f'{author_name(source.author).family}, "{short_title(source.title)}"'


def harvard(source: Source, accessed: dt.date, italic: Italic = plain_italic) -> str:
    name, day = author_name(source.author), source.published
    return (
        f"{name.family}, {name.initials} ({day.year}) '{source.title}', "
        f"{italic(source.publisher)}, {day.day} {MONTH_NAMES[day.month]}. "
        f"Available at: {source.url} (Accessed: {long_date(accessed)})."
    )


def biblatex(source: Source, accessed: dt.date) -> str:
    """A BibLaTeX @article (biblatex manual, 2.1.1): proper nouns braced to keep their case."""
    name = author_name(source.author)
    title = _bibtex_escape(title_case(source.title))
    for word in sorted(set(_proper_words(source.title)), key=len, reverse=True):
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


def markdown_reference(source: Source, link: str | None = None) -> str:
    from .escape import markdown_escape, markdown_link

    title = markdown_link(f'"{markdown_escape(source.title)}"', link or source.url)
    return (
        f"{markdown_escape(source.author)}, {title}, *{markdown_escape(source.publisher)}*, "
        f"{long_date(source.published)}"
    )


# --- what `belarus cite` prints -------------------------------------------------------------


def cite_sources(
    sources: Sequence[Source], style: str, accessed: dt.date, markdown: bool = False
) -> str:
    """The citation of each source in `style`, as the style's guide sets it."""
    if style == "csl-json":
        return _json([csl_item(source, accessed) for source in sources])
    if style == "bibtex":
        return "\n\n".join(biblatex(source, accessed) for source in sources) + "\n"
    italic = markdown_italic if markdown else plain_italic
    return "\n\n".join(_reference(source, style, accessed, italic) for source in sources) + "\n"


def cite_facts(
    cited: Sequence[tuple[Fact, Source]], style: str, accessed: dt.date, markdown: bool = False
) -> str:
    """For each fact: its quote with the in-text citation or note, the reference, the deep link."""
    if style == "csl-json":
        return _json(csl_items(cited, accessed))
    if style == "bibtex":
        return _bibtex_facts(cited, accessed)
    from .escape import markdown_escape

    italic = markdown_italic if markdown else plain_italic
    blocks = []
    for fact, source in cited:
        link = fact_link(fact, source)
        if style == "markdown":
            where = f", para. {fact.paragraph}" if fact.paragraph else ""
            quote = markdown_escape(fact.quote)
            blocks.append(f"> {quote}\n>\n> — {markdown_reference(source, link)}{where}")
            continue
        lines = [_in_text(fact, source, style, markdown)]
        lines.append(_reference(source, style, accessed, italic))
        lines.append(link)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def in_text(fact: Fact, source: Source, style: str) -> str | None:
    """The parenthetical citation of a fact, where the style has one.

    APA 7 (8.28) and Cite Them Right count unnumbered paragraphs ("para. 3"); MLA 9 and
    Chicago 17 do not count paragraphs a source leaves unnumbered, so they give none.
    """
    name = author_name(source.author)
    year = source.published.year
    if style in ("apa", "harvard"):
        where = f", para. {fact.paragraph}" if fact.paragraph else ""
        return f"({name.family}, {year}{where})"
    if style == "mla":
        return f"({name.family})"
    return None


def _in_text(fact: Fact, source: Source, style: str, markdown: bool = False) -> str:
    from .escape import markdown_escape

    said = markdown_escape(fact.quote) if markdown else fact.quote
    quote = _quoted(said, "'" if style == "harvard" else '"')
    parenthetical = in_text(fact, source, style)
    return f"{quote} {parenthetical}" if parenthetical else quote


def _reference(source: Source, style: str, accessed: dt.date, italic: Italic) -> str:
    if style == "apa":
        return apa(source, italic)
    if style == "mla":
        return mla(source, accessed, italic)
    if style == "chicago":
        return chicago_bibliography(source, italic)
    if style == "chicago-note":
        return chicago_note(source, italic)
    if style == "harvard":
        return harvard(source, accessed, italic)
    if style == "markdown":
        return markdown_reference(source) + "."
    raise ValueError(f"unknown citation style {style!r}")


def _bibtex_facts(cited: Sequence[tuple[Fact, Source]], accessed: dt.date) -> str:
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


def _mla_date(day: dt.date) -> str:
    return f"{day.day} {_MLA_MONTHS[day.month]} {day.year}"


def _chicago_date(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month]} {day.day}, {day.year}"


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def _json(items: Sequence[dict[str, Any]]) -> str:
    """A CSL-JSON array: one key per line, each value on one line (easy to read and diff)."""
    from .escape import json_text

    def item(fields: dict[str, Any]) -> str:
        # json_text: controls and bidi characters of a fact file become \u escapes, which
        # keeps the JSON valid when the output is made safe for the terminal.
        lines = (f"    {json_text(k)}: {json_text(v)}" for k, v in fields.items())
        return "  {\n" + ",\n".join(lines) + "\n  }"

    return "[\n" + ",\n".join(item(fields) for fields in items) + "\n]\n"


def parse_accessed(text: str) -> dt.date:
    """A YYYY-MM-DD date, or ValueError saying what is wrong with it."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD, such as 2026-11-25")
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date ({error})") from None


def accessed_date(text: str | None, today: dt.date | None = None) -> dt.date:
    """The --accessed date: YYYY-MM-DD, or today (read at call time) when not given."""
    from ..core.errors import UsageError

    if text is None:
        return today or _today()
    try:
        return parse_accessed(text)
    except ValueError as error:
        raise UsageError(f"--accessed: {error}") from None


def _today() -> dt.date:
    return dt.date.today()


def citation(
    facts: Sequence[tuple[Fact, Source]],
    sources: Sequence[Source],
    style: str,
    accessed: dt.date,
    markdown: bool = False,
) -> str:
    """What `belarus cite` prints: each fact with its citation, or without facts the sources."""
    from ..core.errors import UsageError

    if style not in STYLES:
        raise UsageError(f"unknown citation style {style!r} — use one of {', '.join(STYLES)}")
    cited_sources = [source for _, source in facts] if facts else list(sources)
    for source in cited_sources:
        if accessed < source.published:
            raise UsageError(
                f"--accessed {accessed.isoformat()} is before the article was published "
                f"({source.published.isoformat()}) — give the day you read it"
            )
    # A line break in a title or a name would forge a line of its own: one line each.
    one_line = markdown and style != "markdown"
    if facts:
        cited = [(fact, _as_text(source, one_line)) for fact, source in facts]
        return cite_facts(cited, style, accessed, markdown)
    return cite_sources([_as_text(s, one_line) for s in cited_sources], style, accessed, markdown)


def _as_text(source: Source, markdown: bool) -> Source:
    """The source with its text on one line and, for --markdown, its Markdown syntax escaped
    and its URL a web address or escaped text (the markdown style escapes as it links)."""
    from dataclasses import replace

    from .escape import markdown_escape, markdown_url, web_url

    fields = {
        name: fold_whitespace(getattr(source, name))
        for name in ("title", "author", "affiliation", "publisher", "url")
    }
    if markdown:
        url = fields["url"]
        fields = {name: markdown_escape(value) for name, value in fields.items()}
        fields["url"] = markdown_url(url) if web_url(url) else markdown_escape(url)
    return replace(
        source,
        title=fields["title"],
        author=fields["author"],
        affiliation=fields["affiliation"],
        publisher=fields["publisher"],
        url=fields["url"],
    )
