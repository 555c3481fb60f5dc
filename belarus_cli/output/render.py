"""Turn plain records into text for a terminal or a pipe. Renderers never query the data.

JSON, CSV and TSV bypass Rich entirely; Rich is imported only to draw tables for a terminal.
"""

from __future__ import annotations

import io
import json
import operator
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.records import Record


# What no output may carry raw, in one place for every output: C0 controls but tab and
# newline, DEL, C1 controls, bidi controls and marks, zero-width and other invisible format
# characters, the Unicode line and paragraph separators, tag characters ("ASCII smuggling")
# and lone surrogates (a file name that is not UTF-8). Any of these inside a fact file could
# clear a screen, retitle a window, reorder or hide what is shown, or forge a line.
# Compiled when first used: a class of code points this wide costs half a millisecond to
# compile, which a run that prints JSON would pay for nothing.
UNSAFE_CHARACTERS = (
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029"
    "\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff\U000e0000-\U000e007f]"
)
# Cells a spreadsheet would run as a formula (OWASP, "CSV Injection"), also after the blanks
# that importers trim ("Trim spaces" in LibreOffice, Google Sheets).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_FORMULA_SIGNS = ("=", "+", "-", "@")
_BLANKS = " \u00a0\u3000"
_NUMBER = r"[+-]?\d+(?:\.\d+)?"


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: str) -> str:
    """Replace the UNSAFE_CHARACTERS with a visible escape such as \\x1b, \\u202e or
    \\U000e0041. The one escaper of text bound for a terminal, a Markdown file or a shell."""
    return _pattern(UNSAFE_CHARACTERS).sub(_escape, text)


def one_line(text: str) -> str:
    return " ".join(visible(text).split())


def spreadsheet_safe(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula; keep real numbers as numbers."""
    risky = cell.startswith(_FORMULA_START) or cell.lstrip(_BLANKS).startswith(_FORMULA_SIGNS)
    if risky and not _pattern(_NUMBER).fullmatch(cell.lstrip(_BLANKS)):
        return "'" + cell
    return cell


class Column:
    # A plain class: a NamedTuple costs a tenth of a millisecond to create at import.
    __slots__ = ("get", "title")

    def __init__(self, title: str, get: Callable[[Record], Any]) -> None:
        self.title = title
        self.get = get


@cache
def _pattern(expression: str) -> re.Pattern[str]:
    return re.compile(expression)


def _joined(values: Sequence[str] | None) -> str:
    return "; ".join(values or [])


def _who(record: Record) -> str:
    names = _joined(record["stated_by"])
    return f"{names} (citing {record['attribution']})" if record.get("attribution") else names


def _where(record: Record) -> str:
    citation = record["citation"]
    place = citation["section"]
    if citation.get("paragraph"):
        place += f", para. {citation['paragraph']}"
    if citation.get("part") not in (None, "body"):
        place += f" ({citation['part']})"
    return str(place)


FACT_COLUMNS = (
    Column("id", lambda r: r["id"]),
    Column("topic", lambda r: r["topic"]),
    Column("value", lambda r: r["value"]),
    Column("statement", lambda r: r["statement"]),
    Column("stated_by", _who),
    Column("date", lambda r: r["date"]),
    Column("quote", lambda r: r["quote"]),
    Column("section", lambda r: r["citation"]["section"]),
    Column("paragraph", lambda r: r["citation"]["paragraph"]),
    Column("url", lambda r: r["citation"]["url"]),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "fact": FACT_COLUMNS,
    "ranked": (
        Column("score", lambda r: r["score"]),
        Column("answers", lambda r: "true" if r["answers"] else "false"),
        *FACT_COLUMNS,
    ),
    "topic": (
        Column("id", lambda r: r["id"]),
        Column("title", lambda r: r["title"]),
        Column("count", lambda r: r["count"]),
        Column("aliases", lambda r: _joined(r["aliases"])),
        Column("description", lambda r: r["description"]),
    ),
    "source": tuple(
        Column(key, operator.itemgetter(key))
        for key in ("id", "title", "author", "affiliation", "publisher", "published", "url")
    ),
    "entity": (
        Column("id", lambda r: r["id"]),
        Column("name", lambda r: r["name"]),
        Column("kind", lambda r: r["kind"]),
        Column("aliases", lambda r: _joined(r["aliases"])),
        Column("description", lambda r: r["description"]),
    ),
}


def cell(value: Any) -> str:
    """A value as table or spreadsheet text: nothing for None, floats without a needless .0."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def json_text(value: Any, indent: int | None = None) -> str:
    """JSON that keeps every character of the data and shows a terminal none to act on.

    json.dumps escapes C0 controls; the rest of UNSAFE_CHARACTERS (DEL, C1 controls, bidi and
    invisible characters, the Unicode line separators, which split a JSON line for readers
    that honour them) become \\u escapes here: the same string to any JSON reader. Everything
    else, Cyrillic and curly quotes included, stays as it is.
    """
    return _pattern(UNSAFE_CHARACTERS).sub(
        _json_escape, json.dumps(value, ensure_ascii=False, indent=indent)
    )


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair, as JSON writes characters beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def write_json(records: Sequence[Record] | Record, out: IO[str]) -> None:
    out.write(json_text(records, indent=2) + "\n")


def write_jsonl(records: Sequence[Record], out: IO[str]) -> None:
    for record in records:
        out.write(json_text(record) + "\n")


def write_delimited(records: Sequence[Record], kind: str, out: IO[str], delimiter: str) -> None:
    columns = COLUMNS[kind]
    if delimiter == "\t":
        # TSV has no quoting: a tab or newline inside a value would split the row.
        out.write("\t".join(c.title for c in columns) + "\n")
        for record in records:
            cells = (spreadsheet_safe(one_line(cell(c.get(record)))) for c in columns)
            out.write("\t".join(cells) + "\n")
        return
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.title for c in columns])
    for record in records:
        writer.writerow([spreadsheet_safe(visible(cell(c.get(record)))) for c in columns])
    out.write(buffer.getvalue())


_MARKDOWN_SPECIAL = r"([\\`*_\[\]<>|#])"


def markdown_escape(text: str) -> str:
    return _pattern(_MARKDOWN_SPECIAL).sub(r"\\\1", one_line(text))


def markdown_url(url: str) -> str:
    """A link target that stays one link: spaces, brackets, controls and the like %-encoded."""
    from urllib.parse import quote

    # '%' stays, so that a URL already encoded is not encoded twice.
    return quote(url, safe="!#$%&'*+,/:;=?@~")


def web_url(url: str) -> bool:
    """Whether `url` is an http(s) address: the only kind of link target Markdown gets."""
    return url[:8].lower().startswith(("https://", "http://"))


def markdown_link(label: str, url: str | None) -> str:
    """`[label](url)` for an http(s) URL; any other target (javascript:, data:, a bare path)
    is shown as escaped text after the label, never as a link. `label` is Markdown already."""
    if not url:
        return label
    if web_url(url):
        return f"[{label}]({markdown_url(url)})"
    return f"{label} ({markdown_escape(url)})"


def markdown_autolink(url: str) -> str:
    """`<url>` for an http(s) URL, else the URL as escaped text."""
    return f"<{markdown_url(url)}>" if web_url(url) else markdown_escape(url)


def write_markdown(records: Sequence[Record], kind: str, out: IO[str]) -> None:
    if kind in ("fact", "ranked"):
        for record in records:
            out.write(markdown_fact(record) + "\n")
        return
    columns = COLUMNS[kind]
    out.write("| " + " | ".join(c.title for c in columns) + " |\n")
    out.write("|" + "---|" * len(columns) + "\n")
    for record in records:
        out.write("| " + " | ".join(markdown_escape(cell(c.get(record))) for c in columns) + " |\n")


def markdown_fact(record: Record) -> str:
    citation = record["citation"]
    lines = []
    heading = record["value"] or record["id"]
    lines.append(f"### {markdown_escape(heading)}")
    lines.append("")
    lines.append(markdown_escape(record["statement"]))
    lines.append("")
    lines.append(f"> {markdown_escape(record['quote'])}")
    lines.append("")
    details = [f"Stated by: {markdown_escape(_who(record))}"]
    if record["date_label"]:
        details.append(f"Date: {markdown_escape(record['date_label'])}")
    where = markdown_escape(_where(record))
    link = citation.get("link") or citation.get("url")
    details.append(f"Source: {markdown_link(where, link)}")
    details.append(f"Id: `{record['id']}`")
    lines.append(" · ".join(details))
    lines.append("")
    return "\n".join(lines)


def write_records(
    records: Sequence[Record], kind: str, fmt: str, out: IO[str], console: Console | None
) -> None:
    """Write a listing in one of formats.FORMATS; `console` is needed for the table format only."""
    if fmt == "json":
        write_json(list(records), out)
    elif fmt == "jsonl":
        write_jsonl(records, out)
    elif fmt in ("csv", "tsv"):
        write_delimited(records, kind, out, "," if fmt == "csv" else "\t")
    elif fmt == "markdown":
        write_markdown(records, kind, out)
    else:
        assert console is not None
        console.print(table(records, kind, box=console.is_terminal))


def write_one(record: Record, kind: str, fmt: str, out: IO[str], console: Console | None) -> None:
    """Write a single record: JSON gets one object rather than an array."""
    if fmt == "json":
        write_json(record, out)
    elif fmt == "table" and kind == "fact":
        assert console is not None
        console.print(fact_card(record, box=console.is_terminal))
    else:
        write_records([record], kind, fmt, out, console)


# --- Rich, for terminals ---------------------------------------------------------------------


def text(value: Any, style: str = "", overflow: str | None = None) -> Any:
    """Untrusted text as a rich Text: never parsed as markup, controls made visible."""
    from rich.text import Text

    return Text(visible(cell(value)), style=style, overflow=overflow)  # type: ignore[arg-type]


def linked(shown: Any, url: str | None) -> Any:
    from .narrow import linked as hyperlinked

    return hyperlinked(shown, url)


def _link(record: Record) -> str:
    """The deep link to the quote, or the source's URL when there is none."""
    citation = record["citation"]
    return str(citation.get("link") or citation.get("url") or "")


class _SharedWidth:
    """A boxed table whose columns share the terminal's width by ratio, none narrower than
    its `width`. The width is known only when the table is drawn, and Rich's own ratios can
    shrink a column below the longest word it holds ("Octobe r")."""

    def __init__(self, grid: Any, shares: Sequence[int], narrow: Callable[[], Any]) -> None:
        self.grid = grid
        self.shares = shares
        self.narrow = narrow  # drawn instead when a column would get less than its least
        # Kept apart because drawing sets the columns' widths.
        self.least = [column.width for column in grid.columns]

    def __rich_console__(self, console: Any, options: Any) -> Any:
        columns = self.grid.columns
        least = self.least
        # Borders between and around the columns, and one space of padding on each side.
        room = options.max_width - (len(columns) + 1) - 2 * len(columns)
        widths = [
            max(low, share * room // sum(self.shares))
            for low, share in zip(least, self.shares, strict=True)
        ]
        widest = self.shares.index(max(self.shares))
        widths[widest] += room - sum(widths)  # the widest column takes up the rounding
        if widths[widest] < least[widest]:
            yield self.narrow()
            return
        for column, width in zip(columns, widths, strict=True):
            column.width = width
        yield self.grid


def table(records: Sequence[Record], kind: str, box: bool) -> Any:
    """A listing; on a terminal narrower than narrow.STACK_BELOW, one block per record."""
    from .narrow import ByWidth

    wide = _table(records, kind, box)
    if not box:
        return wide
    if isinstance(wide, _SharedWidth):
        wide.narrow = lambda: stacked_listing(records, kind)
    # Facts have a layout for wide terminals; other records are tabled while they fit whole.
    facts = kind in ("fact", "ranked")
    return ByWidth(wide, lambda: stacked_listing(records, kind), unless_squeezed=not facts)


def stacked_listing(records: Sequence[Record], kind: str) -> Any:
    from .narrow import fact_block, record_block, stacked

    if kind in ("fact", "ranked"):
        return stacked([fact_block(r, text, _who(r), _where(r)) for r in records])
    return stacked([record_block(r, COLUMNS[kind], text) for r in records])


def _table(records: Sequence[Record], kind: str, box: bool) -> Any:
    from rich import box as boxes
    from rich.table import Table

    style = boxes.ROUNDED if box else None
    if kind in ("fact", "ranked"):
        # On a terminal the statement takes the room the short columns leave; in a pipe
        # nothing wraps, so no column has a limit.
        grid = Table(box=style, show_lines=box, expand=box, pad_edge=box)
        # Each column gets at least the width of what it usually holds unbroken
        # ("Belarusian", "4 November 2022", "Introduction,"), so that words break only on
        # very narrow terminals.
        # The statement's column holds the fact ids, which are never split.
        longest_id = max((len(r["id"]) for r in records), default=0)
        layout = (
            ("Value", 2, 10),
            ("Statement, quote and fact id", 8, max(20, longest_id)),
            ("Stated by, as of", 3, 16),
            ("Where", 2, 13),
        )
        shares = [share for _, share, _ in layout]
        for title, _, narrowest in layout:
            grid.add_column(title, width=narrowest if box else None, overflow="fold")
        grid.columns[0].style = "bold cyan"
        for record in records:
            body = text(record["statement"])
            body.append("\n")
            body.append_text(text(f"“{record['quote']}”", style="italic dim"))
            body.append("\n")
            body.append_text(text(record["id"], style="dim"))
            who = text(_who(record))
            if record["date_label"]:
                who.append_text(text(f"\n{record['date_label']}", style="dim"))
            where = linked(text(_where(record)), _link(record))
            grid.add_row(text(record["value"] or "—"), body, who, where)
        return _SharedWidth(grid, shares, lambda: None) if box else grid
    columns = COLUMNS[kind]
    grid = Table(box=style, expand=False, pad_edge=box)
    for number, column in enumerate(columns):
        # The first column is the id a user copies next: never cut or split.
        grid.add_column(column.title.capitalize(), no_wrap=number == 0)
    for record in records:
        grid.add_row(*(text(column.get(record)) for column in columns))
    return grid


def fact_card(record: Record, box: bool) -> Any:
    from rich import box as boxes
    from rich.table import Table

    grid = Table(box=boxes.ROUNDED if box else None, show_header=False, title=None)
    grid.add_column("field", style="bold")
    grid.add_column("value", ratio=1)
    citation = record["citation"]
    rows = [
        ("Fact", text(record["id"])),
        ("Value", text(record["value"] or "—", style="bold cyan")),
        ("Statement", text(record["statement"])),
        ("Stated by", text(_who(record))),
        ("Date", text(record["date_label"] or "—")),
        ("Quote", text(f"“{record['quote']}”", style="italic")),
        ("Where", text(_where(record))),
        (
            "Source",
            text(
                f"{citation['author']}, “{citation['title']}”, "
                f"{citation['publisher']}, {citation['published']}"
            ),
        ),
        # Never cut: a long deep link folds over lines, and clicks through as a whole.
        ("Link", linked(text(_link(record), overflow="fold"), _link(record))),
    ]
    for label, value in rows:
        grid.add_row(label, value)
    return grid


def one_line_each(lines: Sequence[str], width: int | None = None) -> str:
    """Plain lines for the terminal or a pipe, with any control characters made visible;
    with a `width` (a terminal's), each wrapped at word boundaries, keeping its indent."""
    import textwrap

    shown = []
    for line in lines:
        line = visible(line)
        indent = " " * (len(line) - len(line.lstrip(" ")))
        # A listing's line ("  troops   Russian troops in Belarus") hangs at its second column.
        column = _pattern(r" *\S+ {2,}").match(line)
        hang = " " * column.end() if column else indent + "  "
        if width is None or len(line) <= width or not line.strip():
            shown.append(line + "\n")
            continue
        wrapped = textwrap.wrap(
            line.strip(),
            width=width,
            initial_indent=indent,
            subsequent_indent=hang,
            break_long_words=False,
            break_on_hyphens=False,
        )
        shown.append("".join(part + "\n" for part in wrapped))
    return "".join(shown)


def highlighted(value: Any, terms: Sequence[str], style: str = "") -> Any:
    """Text with every word that starts with a searched term in bold."""
    from ..core.folding import fold

    shown = text(value, style=style)
    plain = shown.plain
    for match in re.finditer(r"\w+", plain):
        word = fold(match.group())
        if any(len(term) >= 3 and word.startswith(term[: max(3, len(term) - 2)]) for term in terms):
            shown.stylize("bold yellow", match.start(), match.end())
    return shown


# A terminal shows the answer card and this many next matches, so that the card stays on the
# screen; `--limit` sets how many records the machine formats give.
NEXT_ON_TERMINAL = 3


def next_matches(
    records: Sequence[Record], title: str = "Next matches (belarus fact ID shows one in full)"
) -> Any:
    """One line per match: its whole fact id (to copy into `belarus fact`), then its value
    and statement, shortened to the line."""
    from rich.table import Table

    lines = Table.grid(padding=(0, 2), expand=True)  # expanded, a cut statement ends in …
    lines.add_column(no_wrap=True, min_width=max(len(r["id"]) for r in records))
    lines.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for record in records:
        what = text(f"{record['value']}: ", style="cyan") if record["value"] else text("")
        what.append_text(text(record["statement"]))
        what.overflow = "ellipsis"
        what.no_wrap = True
        lines.add_row(linked(text(record["id"], style="bold"), _link(record)), what)
    heading = text(title, style="bold")
    from rich.console import Group

    return Group(text(""), heading, lines)


def no_answer_line(unmentioned: Sequence[str]) -> str:
    """What the terminal says when no fact answers: plainly, and what the facts lack."""
    line = "no fact of the article answers this question"
    if unmentioned:
        quoted = ", ".join(unmentioned[:-1]) + (" or " if len(unmentioned) > 1 else "")
        line += f"; the article does not mention {quoted}{unmentioned[-1]}"
    return line


def answer(
    records: Sequence[Record],
    terms: Sequence[str],
    box: bool,
    unmentioned: Sequence[str] = (),
    disputed: str | None = None,
) -> Any:
    """The best answer as a card (or the disputed figures side by side), then a table of the
    next matches; when no fact answers, a plain line saying so and the related facts."""
    from rich import box as boxes
    from rich.console import Group
    from rich.panel import Panel

    if not records[0]["answers"]:
        line = no_answer_line(unmentioned)
        return Group(
            text(line[:1].upper() + line[1:] + ".", style="bold"),
            _matches(records, terms, box, "Related facts"),
        )
    shown: list[Record]
    if disputed is not None:
        shown = [r for r in records if (r.get("quantity") or {}).get("measure") == disputed]
        first = _disputed(shown, disputed, terms, box)
    else:
        shown = [records[0]]
        first = Panel(
            _card(records[0], terms),
            title="Best answer",
            title_align="left",
            # expand=box: a pipe's console is 100,000 columns wide, and a panel fills it.
            box=boxes.ROUNDED if box else boxes.ASCII,
            expand=box,
        )
    parts: list[Any] = [first]
    rest = [r for r in records if r not in shown]
    if rest:
        parts.append(_matches(rest, terms, box, "Next matches"))
    return Group(*parts)


def _card(best: Record, terms: Sequence[str]) -> Any:
    from rich.table import Table

    citation = best["citation"]
    card = Table.grid(padding=(0, 1))
    card.add_column(style="bold", no_wrap=True)
    card.add_column(ratio=1)
    if best["value"]:
        card.add_row("Answer", highlighted(best["value"], terms, style="bold cyan"))
    card.add_row("Statement", highlighted(best["statement"], terms))
    card.add_row("Stated by", text(_who(best)))
    if best["date_label"]:
        card.add_row("As of", text(best["date_label"]))
    card.add_row("Quote", highlighted(f"“{best['quote']}”", terms, style="italic"))
    where = text(f"{_where(best)} — {citation['url']}")
    card.add_row("Where", linked(where, _link(best)))
    card.add_row("Fact", text(best["id"], style="dim"))
    return card


def _disputed(figures: Sequence[Record], measure: str, terms: Sequence[str], box: bool) -> Any:
    """Several figures for one measure: each with who states it and as of when."""
    from rich import box as boxes
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    from ..query.compare import measure_label

    grid = Table.grid(padding=(0, 2), expand=box)
    grid.add_column(style="bold cyan", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for number, record in enumerate(figures):
        body = text("")
        who = f"{_who(record)}, as of {record['date_label'] or 'no date given'}\n"
        body.append_text(text(who, style="bold"))
        body.append_text(highlighted(record["statement"], terms))
        body.append_text(text(f"\n“{record['quote']}”", style="italic"))
        body.append_text(linked(text(f"\n{_where(record)}", style="dim"), _link(record)))
        body.append_text(text(f"\n{record['id']}", style="dim"))
        if number:
            grid.add_row("", "")
        grid.add_row(text(record["value"] or "—"), body)
    unit = (figures[0].get("quantity") or {}).get("unit") or ""
    title = f"Sources disagree: {measure_label(measure)}" + (f" ({unit})" if unit else "")
    footer = text(f"Side by side: belarus compare {measure}", style="dim")
    return Panel(
        Group(grid, footer),
        title=visible(title),
        title_align="left",
        box=boxes.ROUNDED if box else boxes.ASCII,
        expand=box,
    )


def _matches(records: Sequence[Record], terms: Sequence[str], box: bool, title: str) -> Any:
    from rich import box as boxes
    from rich.table import Table

    if box:
        return next_matches(
            records[:NEXT_ON_TERMINAL], f"{title} (belarus fact ID shows one in full)"
        )
    rest = Table(box=boxes.SIMPLE if box else None, title=title, title_justify="left")
    rest.add_column("Value", style="cyan", max_width=16 if box else None)
    # The statement takes the room, so that a fact id stays whole on its line: a writer
    # copies it into `belarus cite`. Ids fold rather than end in "…" on narrow terminals.
    rest.add_column("Statement, fact id, where", ratio=1, overflow="fold")
    rest.add_column("Score", justify="right")
    for record in records:
        body = highlighted(record["statement"], terms)
        body.append_text(text(f"\n{record['id']}", style="dim"))
        body.append_text(text(f"\n{_where(record)}", style="dim"))
        rest.add_row(text(record["value"] or "—"), body, text(f"{record['score']:.1f}"))
    return rest


# --- writer's tools: timeline, who, compare ---------------------------------------------------


def _quantity(record: Record, key: str) -> Any:
    return (record.get("quantity") or {}).get(key)


COLUMNS["timeline"] = (
    Column("date", lambda r: r["date"]),
    Column("date_end", lambda r: r["date_end"]),
    Column("when", lambda r: r["when"]),
    Column("kind", lambda r: r["kind"]),
    Column("id", lambda r: r["id"]),
    Column("value", lambda r: r["value"]),
    Column("statement", lambda r: r["statement"]),
    Column("stated_by", lambda r: _who(r)),
    Column("topic", lambda r: r["topic"]),
)
COLUMNS["figure"] = (
    Column("measure", lambda r: _quantity(r, "measure")),
    Column("unit", lambda r: _quantity(r, "unit")),
    Column("value", lambda r: r["value"]),
    Column("low", lambda r: _quantity(r, "low")),
    Column("high", lambda r: _quantity(r, "high")),
    Column("qualifier", lambda r: _quantity(r, "qualifier")),
    Column("stated_by", lambda r: _who(r)),
    Column("as_of", lambda r: r["as_of"]),
    Column("id", lambda r: r["id"]),
    Column("link", lambda r: r["citation"]["link"]),
)
COLUMNS["entity-fact"] = (
    Column("entity", lambda r: r["entity"]),
    Column("role", lambda r: r["role"]),
    *FACT_COLUMNS,
)


def timeline_table(records: Sequence[Record], box: bool) -> Any:
    """Dated facts in order; the source's publication stands out as its own row."""
    from rich import box as boxes
    from rich.table import Table

    from .narrow import ByWidth, stacked

    # On a terminal the columns share its width; in a pipe every row stays on one line.
    grid = Table(box=boxes.SIMPLE_HEAD if box else None, pad_edge=box)
    grid.add_column("When", no_wrap=True)
    grid.add_column("What", ratio=1 if box else None, overflow="fold")
    grid.add_column("Stated by", max_width=22 if box else None)
    for record in records:
        when, what = _timeline_when_what(record)
        grid.add_row(when, what, text(_who(record)))
    if not box:
        return grid

    def blocks() -> Any:
        shown = []
        for record in records:
            when, what = _timeline_when_what(record)
            when.append("\n")
            when.append_text(what)
            if record["kind"] != "published":
                when.append_text(text(f"\n{_who(record)}", style="dim"))
            shown.append(when)
        return stacked(shown)

    return ByWidth(grid, blocks)


def _timeline_when_what(record: Record) -> tuple[Any, Any]:
    if record["kind"] == "published":
        what = text("published: ", style="bold magenta")
        what.append_text(text(record["statement"], style="magenta"))
        return text(record["when"], style="bold magenta"), what
    what = text(f"{record['value']}: ", style="bold cyan") if record["value"] else text("")
    what.append_text(text(record["statement"]))
    what.append_text(text(f"\n{record['id']}", style="dim"))
    return text(record["when"], style="bold"), what


def who_view(records: Sequence[Record], box: bool) -> Any:
    """Each entity in sections: who it is, what it states, what is said about it. A fact
    both stated by and about it is shown once, among what it states."""
    from rich import box as boxes
    from rich.console import Group
    from rich.table import Table

    parts: list[Any] = []
    for record in records:
        card = Table(box=boxes.ROUNDED if box else None, show_header=False)
        card.add_column("field", style="bold")
        card.add_column("value", ratio=1)
        card.add_row("Name", text(record["name"], style="bold cyan"))
        card.add_row("Kind", text(record["kind"]))
        card.add_row("Role", text(record["description"]))
        if record["aliases"]:
            card.add_row("Also", text(_joined(record["aliases"])))
        card.add_row("Id", text(record["id"], style="dim"))
        parts.append(card)
        stated = record.get("stated_facts") or []
        seen = {fact["id"] for fact in stated}
        about = [fact for fact in record.get("about_facts") or [] if fact["id"] not in seen]
        name = record["name"]
        for facts, title in (
            (stated, f"What {name} states"),
            (about, f"What is said about {name}"),
        ):
            if facts:
                parts.append(text(f"\n{title} ({len(facts)})", style="bold"))
                parts.append(table(facts, "fact", box))
    return Group(*parts)


# Bars: a stated figure is solid; a stated range is shaded from its low to its high end; a
# floor ("more than", "at least", "several") fades out to the right with an arrow, because
# the article gives no upper end; a ceiling ("less than", "up to") is light up to its value.
BAR_GLYPHS = {
    True: {"solid": "█", "range": "▒", "fade": "▓▒░", "arrow": "→", "ceiling": "░", "cap": "▏"},
    False: {"solid": "#", "range": "=", "fade": "~~", "arrow": ">", "ceiling": "-", "cap": "|"},
}
_OPEN_ABOVE = ("more than", "at least", "several")
_OPEN_BELOW = ("less than", "up to")


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`."""
    import math

    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1.0, 2.0, 2.5, 5.0, 10.0) if step * power >= value)


def bar(quantity: Record, scale: float, width: int, fancy: bool) -> Any:
    """One figure drawn on a 0..scale axis of `width` cells (plus room for a fade)."""
    glyphs = BAR_GLYPHS[fancy]
    low, high = float(quantity["low"]), quantity.get("high")
    qualifier = quantity.get("qualifier") or "exactly"

    def cells(value: float) -> int:
        return max(1, round(min(value, scale) / scale * width)) if value > 0 else 0

    shown = text("")
    if qualifier in _OPEN_BELOW:
        shown.append(glyphs["ceiling"] * cells(low), style="cyan")
        shown.append(glyphs["cap"], style="bold cyan")
        return shown
    solid = cells(low)
    shown.append(glyphs["solid"] * solid, style="cyan")
    if high is not None and float(high) > low:
        shown.append(glyphs["range"] * max(1, cells(float(high)) - solid), style="cyan")
    if qualifier in _OPEN_ABOVE:
        shown.append(glyphs["fade"], style="dim cyan")
        shown.append(glyphs["arrow"], style="dim")
    return shown


def comparison(groups: Sequence[Record], box: bool, width: int) -> Any:
    """Per measure, its figures as bars, each with who states it, as of when, and its fact id.

    Shares in percent (the poll-* measures) share one chart on a 0-100 axis.
    """
    from rich.console import Group

    bar_width = max(10, min(40, width - 40))
    shares = [g for g in groups if g["unit"] == "percent"]
    charts: list[tuple[str, str, list[tuple[str | None, Record]]]] = [
        (f"{g['label']} ({g['unit']})", g["unit"], [(None, f) for f in g["figures"]])
        for g in groups
        if g["unit"] != "percent"
    ]
    if len(shares) == 1:
        only = shares[0]
        rows_of_one: list[tuple[str | None, Record]] = [(None, f) for f in only["figures"]]
        charts.append((f"{only['label']} (percent)", "percent", rows_of_one))
    elif shares:
        rows = [(g["label"], f) for g in shares for f in g["figures"]]
        charts.append(("Shares (percent)", "percent", rows))
    parts: list[Any] = []
    for title, unit, rows in charts:
        parts.append(_chart(title, unit, rows, box, bar_width))
        parts.append(legend([figure["quantity"] for _, figure in rows], box))
    return Group(*parts)


def _chart(
    title: str, unit: str, rows: Sequence[tuple[str | None, Record]], box: bool, bar_width: int
) -> Any:
    from rich import box as boxes
    from rich.table import Table

    quantities = [figure["quantity"] for _, figure in rows]
    largest = max(max(float(q["low"]), float(q["high"] or 0)) for q in quantities)
    scale = 100.0 if unit == "percent" else nice_ceiling(largest)
    top = f"{scale:,.0f}"
    grid = Table(
        box=boxes.SIMPLE_HEAD if box else None,
        pad_edge=box,
        title=text(title, style="bold"),
        title_justify="left",
        title_style="bold",
    )
    grid.add_column("Figure", style="bold cyan", max_width=22 if box else None)
    grid.add_column(text(f"0 to {top} {unit}; who says so, as of when"), ratio=1 if box else None)
    for label, figure in rows:
        body = bar(figure["quantity"], scale, bar_width, box)
        if label:
            body.append_text(text(f"\n{label}", style="bold"))
        body.append_text(text(f"\n{_who(figure)}, as of {figure['as_of'] or 'an unstated date'}"))
        body.append_text(text(f"\n{figure['id']}", style="dim"))
        grid.add_row(text(figure["value"] or _number(figure["quantity"])), body)
    grid.add_row("", text(f"0{' ' * max(1, bar_width - len(top))}{top}", style="dim"))
    return grid


def legend(quantities: Sequence[Record], fancy: bool) -> Any:
    glyphs = BAR_GLYPHS[fancy]
    qualifiers = {q.get("qualifier") for q in quantities}
    items = [f"{glyphs['solid'] * 2} the figure"]
    if any(q.get("high") for q in quantities):
        items.append(f"{glyphs['range'] * 2} the range it gives")
    if qualifiers & set(_OPEN_ABOVE):
        items.append(f"{glyphs['fade']}{glyphs['arrow']} at least this; no upper end given")
    if qualifiers & set(_OPEN_BELOW):
        items.append(f"{glyphs['ceiling'] * 2}{glyphs['cap']} at most this")
    return text("   ".join(items) + "\n", style="dim")


def _number(quantity: Record) -> str:
    low, high = quantity["low"], quantity.get("high")
    return f"{low:,g}\u2013{high:,g}" if high is not None else f"{low:,g}"
