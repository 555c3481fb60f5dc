"""Citations of the source and its facts in the common styles, each fact with a deep link to
its quote (see core/links.py). Everything here is pure: values in, strings (or JSON-ready
dicts) out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from ..core.dates import MONTH_NAMES, long_date
from ..core.folding import fold_whitespace
from ..core.links import fact_link
from ..core.model import Fact, Source
from .cite_data import biblatex, bibtex_facts, csl_item, csl_items, csl_json
from .cite_names import author_name, short_title, title_case
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

Italic = Callable[[str], str]


def plain_italic(text: str) -> str:
    return text


def markdown_italic(text: str) -> str:
    return f"*{text}*"


def _end(text: str, mark: str) -> str:
    """`text` followed by `mark`, unless it already ends with a stop of its own."""
    return text if text.endswith(("?", "!", ".")) else text + mark


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
        return csl_json([csl_item(source, accessed) for source in sources])
    if style == "bibtex":
        return "\n\n".join(biblatex(source, accessed) for source in sources) + "\n"
    italic = markdown_italic if markdown else plain_italic
    return "\n\n".join(_reference(source, style, accessed, italic) for source in sources) + "\n"


def cite_facts(
    cited: Sequence[tuple[Fact, Source]], style: str, accessed: dt.date, markdown: bool = False
) -> str:
    """For each fact: its quote with the in-text citation or note, the reference, the deep link."""
    if style == "csl-json":
        return csl_json(csl_items(cited, accessed))
    if style == "bibtex":
        return bibtex_facts(cited, accessed)
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


def _mla_date(day: dt.date) -> str:
    return f"{day.day} {_MLA_MONTHS[day.month]} {day.year}"


def _chicago_date(day: dt.date) -> str:
    return f"{MONTH_NAMES[day.month]} {day.day}, {day.year}"


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
