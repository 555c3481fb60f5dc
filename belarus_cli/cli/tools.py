"""The writer's tools: cite, timeline, who, compare, export."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.errors import NotFound, UsageError
from ..output import escape, formats
from .emit import _configured_style, _env, _first, _format, _limit, _redirected, _stdin_text, emit
from .environment import Environment
from .options import (
    ExportFormat,
    FormatOption,
    LimitOption,
    Style,
    _listing,
    complete_compare,
    complete_entity,
    complete_fact,
    complete_style,
    complete_topic,
)

if TYPE_CHECKING:
    from rich.console import Console

    from ..core.records import Record


CitedIds = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID]...",
        help="Fact ids to cite with their quote and deep link; none cites the article.",
        autocompletion=complete_fact,
    ),
]
StyleOption = Annotated[
    Style | None,
    typer.Option(
        "--style",
        "-s",
        case_sensitive=False,
        metavar="STYLE",
        help=f"Citation style: {_listing(formats.STYLES)}.",
        autocompletion=complete_style,
    ),
]
AccessedOption = Annotated[
    str | None,
    typer.Option(
        "--accessed",
        metavar="YYYY-MM-DD",
        help="The day you read the article (MLA, Harvard, BibLaTeX, CSL-JSON). Default: today.",
    ),
]
MarkdownOption = Annotated[
    bool, typer.Option("--markdown", help="Keep italics as *...* instead of dropping them.")
]
AppendOption = Annotated[
    Path | None,
    typer.Option(
        "--append",
        metavar="BIB",
        help="With bibtex: add to the .bib file BIB what it lacks (the entry once, each "
        "fact's note once) instead of printing.",
        dir_okay=False,
    ),
]


def cite(
    ctx: typer.Context,
    fact_ids: CitedIds = None,
    style: StyleOption = None,
    accessed: AccessedOption = None,
    markdown: MarkdownOption = False,
    append: AppendOption = None,
) -> None:
    """Cite the article, or facts with their quote, paragraph and a link to the quote.

    Styles: apa, mla, chicago (bibliography), chicago-note, harvard (Cite Them Right),
    bibtex (BibLaTeX), csl-json (Zotero, pandoc), markdown.

    Examples:

      belarus cite --style mla

      belarus cite troops.gur-just-over-3000 --style apa

      belarus cite troops.gur-just-over-3000 --style bibtex --append refs.bib

      belarus cite troops.gur-just-over-3000 troops.belarusian-mod-9000 --style csl-json
    """
    from ..output.cite import accessed_date, citation
    from ..query.lookup import facts_to_cite, sources

    env = _env(ctx)
    day = accessed_date(accessed)
    if append is not None and (style is None or style.value != "bibtex"):
        raise UsageError("--append adds to a .bib file — use it with --style bibtex")
    chosen = style.value if style else _configured_style(env)
    index = env.index()
    if fact_ids == ["-"]:
        fact_ids = _stdin_text().split()  # one id a line, as `cut -f1` of a listing gives
    facts = facts_to_cite(index, fact_ids or [])
    cited = citation(facts, [] if facts else sources(index), chosen, day, markdown)
    if append is None:
        env.stdout.write(escape.visible(cited))
    else:
        _append_to_bib(env, append, cited)


def _append_to_bib(env: Environment, path: Path, cited: str) -> None:
    """Add to the .bib file what it lacks of the BibTeX citation, and say what was added."""
    from ..output import bibfile

    bib = bibfile.read(path)
    blocks = bibfile.missing_from(bib, escape.visible(cited))
    bibfile.append(path, bib, blocks)
    entries = sum(block.startswith("@") for block in blocks)
    env.stderr.write(
        f"added {entries} entry and {len(blocks) - entries} fact note(s) to "
        f"{escape.visible(str(path))}\n"
    )


FromOption = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="From this date: 2021, 2022-08, 2021-spring."),
]
ToOption = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Up to this date (inclusive).")
]
TopicOption = Annotated[
    str | None,
    typer.Option("--topic", "-t", help="Only this topic's facts.", autocompletion=complete_topic),
]
OnOption = Annotated[
    str | None,
    typer.Option(
        "--on",
        metavar="DATE",
        help="Only what overlaps this date; for a day, its own events first.",
    ),
]


def timeline(
    ctx: typer.Context,
    since: FromOption = None,
    until: ToOption = None,
    topic: TopicOption = None,
    on: OnOption = None,
    limit: LimitOption = None,
    fmt: FormatOption = None,
) -> None:
    """The dated facts in time order, with the article's publication marked.

    Periods sort by their first day, then their last (2012/2015 before 2018, spring 2021
    before August 2021). JSON gives each row a sortable "date" (its first day, YYYY-MM-DD).

    Examples:

      belarus timeline

      belarus timeline --from 2022-08 --to 2022-10

      belarus timeline --topic bases --format json

      belarus timeline --on 2022-10-15
    """
    from ..query.timeline import parse_bound, parse_bounds, shortest_first
    from ..query.timeline import timeline as dated

    env = _env(ctx)
    if on is not None:
        if since or until:
            raise UsageError("--on is one date; give it, or --from/--to, not both")
        day = parse_bound(on, "--on")
        records = dated(env.index(), day, day, topic)
        if day is not None and day.start == day.end:
            records = shortest_first(records)
        records = _first(records, env, limit)
    else:
        records = dated(env.index(), *parse_bounds(since, until), topic, _limit(env, limit))
    from ..output.writer_views import timeline_table

    emit(env, records, "timeline", fmt, lambda r, c: timeline_table(r, box=c.is_terminal))


def who(
    ctx: typer.Context,
    name: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]",
            help="A name, alias or spelling (Lukashenko finds Lukashenka); none lists everyone.",
            autocompletion=complete_entity,
        ),
    ] = None,
    limit: LimitOption = None,
    fmt: FormatOption = None,
) -> None:
    """The people, organisations, places and plans the article names, and what they say.

    Examples:

      belarus who

      belarus who Lukashenko

      belarus who "Belarusian Hajun" --format json
    """
    from ..query.lookup import entities_with_facts, every_entity, find_entities

    env = _env(ctx)
    index = env.index()
    _format(env, fmt)  # a format that is no format is a usage error before any look-up
    if not name:
        emit(env, _first(every_entity(index), env, limit), "entity", fmt)
        return
    try:
        found = find_entities(index, " ".join(name))
    except NotFound as missing:
        raise _redirected(missing, index, " ".join(name), "entity") from None
    records = entities_with_facts(index, found)
    most = _limit(env, limit)
    for record in records:  # --limit: at most this many facts in each section
        record["stated_facts"] = record["stated_facts"][:most]
        record["about_facts"] = record["about_facts"][:most]
    from ..output.writer_views import who_view

    emit(env, records, "entity", fmt, lambda r, c: who_view(r, box=c.is_terminal), _roles)


def _roles(records: "list[Record]") -> "tuple[list[Record], str]":
    """One row for each fact an entity states or is about, with the entity and its role."""
    from ..core.records import entity_fact_rows

    return [row for record in records for row in entity_fact_rows(record)], "entity-fact"


def compare(
    ctx: typer.Context,
    query: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TOPIC or QUERY]",
            help="A topic, measure or question; none compares every measure with 2+ figures.",
            autocompletion=complete_compare,
        ),
    ] = None,
    limit: LimitOption = None,
    fmt: FormatOption = None,
) -> None:
    """Figures for the same measure side by side: who gives which, as of when, as bars.

    Examples:

      belarus compare

      belarus compare troops

      belarus compare polls --format json
    """
    from ..query.compare import compare as figures_of

    env = _env(ctx)
    wanted = " ".join(query) if query else None
    records = figures_of(env.index(), wanted, _limit(env, limit))
    emit(env, records, "figure", fmt, _bars, _figures)


def _bars(records: "list[Record]", console: "Console") -> Any:
    from ..output.comparison_bars import comparison

    return comparison(records, box=console.is_terminal, width=console.width)


def _figures(records: "list[Record]") -> "tuple[list[Record], str]":
    """Every measure's figures, one row each."""
    return [figure for record in records for figure in record["figures"]], "figure"


OutputOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="The file to write; - writes to standard output.",
        dir_okay=False,
    ),
]
ExportFormatOption = Annotated[
    ExportFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        metavar="FORMAT",
        help=f"{_listing(formats.EXPORT_FORMATS)}. Default: from FILE's suffix.",
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]
MetadataOption = Annotated[
    Path | None,
    typer.Option(
        "--metadata",
        metavar="JSON",
        help="With sqlite: also write Datasette's metadata (title, source, licence) to "
        "JSON, for datasette FILE --metadata JSON.",
        dir_okay=False,
    ),
]


def export(
    ctx: typer.Context,
    output: OutputOption,
    fmt: ExportFormatOption = None,
    force: ForceOption = False,
    metadata: MetadataOption = None,
) -> None:
    """Write every fact, topic, entity and source to one file.

    SQLite has tables facts, sources, topics, entities and the link tables fact_topics and
    fact_entities (role stated_by or about) with foreign keys, and full-text search over the
    facts (facts_fts): open it in Datasette or sqlite-utils. Markdown is a fact sheet by topic
    with footnote citations. The file is written whole or not at all, and only ever replaces
    a regular file.

    Examples:

      belarus export -o belarus.db

      belarus export -o facts.db --metadata metadata.json && datasette facts.db -m metadata.json

      belarus export --format markdown -o facts.md --force

      belarus export --format csv -o facts.csv
    """
    from ..output.export import export as export_base
    from ..output.export import export_sqlite, format_for
    from ..query.lookup import catalogue, fact_base, fact_records

    env = _env(ctx)
    chosen = format_for(output, fmt.value if fmt else None)
    if str(output) == "-":
        from ..output.export import export_to_stream

        if metadata is not None:
            raise UsageError("--metadata needs a SQLite file, not -o - — give -o facts.db")
        export_to_stream(fact_base(env.index()), chosen, env.stdout)
        return
    if chosen == "sqlite":  # the records as the index keeps them, not made again
        index = env.index()
        count = export_sqlite(catalogue(index), fact_records(index), output, force, metadata)
    else:
        base = fact_base(env.index())
        export_base(base, chosen, output, force, metadata)
        count = len(base.facts)
    env.note(f"wrote {count} facts to {escape.visible(str(output))}")
    if metadata is not None:
        env.note(f"wrote Datasette's metadata to {escape.visible(str(metadata))}")
