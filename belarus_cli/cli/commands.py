"""The `belarus` command: parse arguments, call the core, pick a renderer, map errors to exits.

Every command is a few lines; errors become messages and exit codes in BelarusGroup.invoke.
"""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

import contextlib
import enum
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer
from typer.core import TyperGroup

from ..core.errors import BelarusError, ExitCode, FactDataError, NotFound, UsageError
from ..output import formats, render
from .environment import Environment


def _choices(name: str, values: Iterable[str]) -> Any:
    """A str Enum of the registry's names, which Typer offers as the option's choices."""
    return enum.Enum(name, [(value.replace("-", "_"), value) for value in values], type=str)


def _listing(names: Iterable[str]) -> str:
    """'a, b or c'."""
    *first, last = names
    return f"{', '.join(first)} or {last}" if first else last


# The choices of the options, made from the one registry (output/formats.py).
if TYPE_CHECKING:
    Format: TypeAlias = enum.Enum
    Style: TypeAlias = enum.Enum
    ExportFormat: TypeAlias = enum.Enum
    CheckFormat: TypeAlias = enum.Enum
else:
    Format = _choices("Format", formats.FORMATS)
    Style = _choices("Style", formats.STYLES)
    ExportFormat = _choices("ExportFormat", formats.EXPORT_FORMATS)
    CheckFormat = _choices("CheckFormat", formats.CHECK_FORMATS)


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format. Default: table on a terminal, tsv in a pipe.",
        case_sensitive=False,
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        "-n",
        min=1,
        max=1000,
        help="Show at most this many (also BELARUS_LIMIT, the config).",
        show_default=False,
    ),
]


def _limit(env: Environment, given: int | None, default: int | None = None) -> int | None:
    """--limit, else the configured limit, else `default` (None: all)."""
    return given or env.settings["limit"] or default


def _first(records: list[Any], env: Environment, given: int | None) -> list[Any]:
    """A listing cut to --limit (or the configured limit); all of it without one."""
    return records[: _limit(env, given)]


class BelarusGroup(TyperGroup):
    """Turns every expected error into one line on stderr and its documented exit code."""

    def main(
        self,
        args: Any = None,
        prog_name: Any = None,
        complete_var: Any = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Click's own errors (unknown command or option, a wrong choice, a missing argument)
        in the tool's one style: `error: what is wrong — how to fix it`, exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        errors = _parser_errors()
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except errors.NoArgsIsHelpError as error:
            error.show()
            sys.exit(error.exit_code)
        except errors.UsageError as error:
            sys.stderr.write(render.visible(usage_message(error)) + "\n")
            sys.exit(ExitCode.USAGE)
        except errors.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except typer.Abort:
            sys.stderr.write("\n")
            sys.exit(ExitCode.INTERRUPTED)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def invoke(self, ctx: Any) -> Any:
        try:
            done = super().invoke(ctx)
            sys.stdout.flush()  # a full disk shows itself here, not after the exit code is set
            return done
        except BelarusError as error:
            env = ctx.find_object(Environment) or Environment()
            report_error(env, error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except OSError as error:  # the system's fault, not the command's: no "this is a bug"
            sys.stderr.write(io_error_message(error))
            raise typer.Exit(ExitCode.IO_ERROR) from None
        except Exception as error:
            env = ctx.find_object(Environment) or Environment()
            # Usage errors of the parser (Click's, vendored in Typer) show themselves.
            is_usage_error = hasattr(error, "show") and hasattr(error, "exit_code")
            if env.debug or is_usage_error:
                raise
            # The message may quote a damaged index or a fact file: escaped like every output.
            sys.stderr.write(
                render.visible(
                    f"error: internal error ({type(error).__name__}: {error}) — this is a bug; "
                    "run again with --debug for the full traceback and report it"
                )
                + "\n"
            )
            raise typer.Exit(ExitCode.INTERNAL) from None
        finally:
            opened = ctx.find_object(Environment)
            if opened is not None:
                opened.close()


def _entity_first(env: Environment, question: str, console: Any) -> None:
    """A question about an entity ("what is BYPOL") is answered with what it is first."""
    from ..output.entity_answer import entity_card
    from ..query.redirect import entity_asked_about

    entity = entity_asked_about(env.index(), question)
    if entity is not None:
        console.print(entity_card(entity, box=console.is_terminal))


def _stdin_text() -> str:
    """What `-` stands for: standard input, which must not be the keyboard waiting unasked."""
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("- reads standard input, which is a terminal here — pipe text in")
    return " ".join(sys.stdin.read().split())


def _redirected(missing: NotFound, index: Any, name: str, looked_for: str) -> NotFound:
    """The error for a name that another command knows: say which, and how to ask it."""
    from ..query.redirect import other_command

    elsewhere = other_command(index, name, looked_for)
    if elsewhere is None:
        return missing
    return NotFound(f"{str(missing).split(' — ')[0]} — {elsewhere}")


def _hint(typed: str, choices: tuple[str, ...]) -> str:
    """How to fix a mistyped command or choice: the close one, from the one "did you mean"."""
    from ..core.suggest import close_matches

    best = close_matches(typed, choices, n=1)
    return f"did you mean {best[0]}?" if best else "give one of them"


def _parser_errors() -> Any:
    """The parser's exception classes: Typer's vendored Click, or Click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # pragma: no cover - a Typer that uses Click
        from click import exceptions  # type: ignore[no-redef]
    return exceptions


def usage_message(error: Any) -> str:
    """One line for a usage error of the parser, with the command's help to turn to."""
    import re

    errors = _parser_errors()
    ctx = error.ctx
    where = ctx.command_path if ctx is not None else "belarus"
    fix = f"see {where} --help"
    if isinstance(error, errors.NoSuchOption):
        close = [p for p in error.possibilities or () if p]
        hint = f"did you mean {', '.join(sorted(close))}?" if close else fix
        return f"error: {where} has no option {error.option_name} — {hint}"
    message = error.format_message()
    wrong = re.match(r"Invalid value for '([^']+)'.*?: '(.*)' is not one of (.*)\.$", message)
    choices = tuple(getattr(getattr(getattr(error, "param", None), "type", None), "choices", ()))
    if wrong and choices:
        option, value = wrong.group(1), wrong.group(2)
        return (
            f"error: {option} {value!r} is not one of {', '.join(map(str, choices))} — "
            f"{_hint(value, tuple(map(str, choices)))}"
        )
    command = re.match(r"No such command '(.*)'\.", message)
    if command:
        names = tuple(ctx.command.list_commands(ctx)) if ctx is not None else ()
        hint = _hint(command.group(1), names)
        hint = hint if hint.startswith("did") else "belarus --help lists the commands"
        return f"error: no command {command.group(1)!r} — {hint}"
    text = message.rstrip(".")
    return f"error: {text[:1].lower()}{text[1:]} — {fix}"


def report_error(env: Environment, error: BelarusError) -> None:
    if isinstance(error, FactDataError):
        for problem in error.problems:
            env.stderr.write(f"error: {render.visible(str(problem))}\n")
        # Only a user who gave --strict can drop it; validate reports problems regardless.
        skip = ", or drop --strict to skip broken files" if env.strict else ""
        env.stderr.write(
            f"error: {len(error.problems)} problem(s) in the fact files — fix them "
            f"(see facts/README.md for the format){skip}\n"
        )
        return
    message = f"error: {error}"
    if isinstance(error, NotFound) and error.suggestions:
        message += f" — did you mean: {', '.join(error.suggestions)}?"
    # Names in messages come from fact files and user input: keep their control codes inert.
    env.stderr.write(render.visible(message) + "\n")


def io_error_message(error: OSError) -> str:
    where = f" on {render.visible(os.fsdecode(error.filename))}" if error.filename else ""
    reason = error.strerror or str(error)
    return (
        f"error: input/output error{where}: {reason} — check the disk, pipe or file and run again\n"
    )


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())


app = typer.Typer(
    name="belarus",
    cls=BelarusGroup,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "Checked, cited facts from \"What's next for Belarus? Russian troops and the "
        'Belarusian domestic crisis" (Yan Auseyushkin, Russia.Post, 4 November 2022).\n\n'
        "Examples:\n\n"
        "  belarus show troops\n\n"
        '  belarus ask "how many political prisoners are there?"\n\n'
        "  belarus fact troops.gur-just-over-3000 --format json"
    ),
)


def version() -> str:
    """The installed version, from package metadata (the one place it is written)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("belarus-cli")
    except PackageNotFoundError:
        return "0+unknown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"belarus {version()}")
        raise typer.Exit()


def _folder(value: str) -> Path:
    # Path("") is the current folder: a script's --facts-dir "$UNSET" would read the cwd.
    if not value.strip():
        raise typer.BadParameter("an empty name is no folder — name one, or leave it out")
    return Path(value)


@app.callback()
def main_options(
    ctx: typer.Context,
    facts_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--facts-dir",
            help="Also read the *.toml fact files in DIR (repeatable). "
            "BELARUS_FACTS_PATH adds folders too.",
            metavar="DIR",
            parser=_folder,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop with exit 3 on any problem in a fact file.")
    ] = False,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="No colour, even on a terminal (--color never).")
    ] = False,
    color: Annotated[
        str | None,
        typer.Option(
            "--color",
            metavar="WHEN",
            help="auto (colour on a terminal), always or never. Also BELARUS_COLOR, the config.",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No notes on stderr; warnings and errors stay.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Build the search index afresh instead of using the cached one "
            "(also BELARUS_NO_CACHE=1).",
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page; by default output taller than the terminal goes through "
            "$BELARUS_PAGER, else $PAGER, else less -FRX (never in a pipe).",
        ),
    ] = False,
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = None,
) -> None:
    from .settings import COLORS, Settings

    if color is not None and color.lower() not in COLORS:
        raise UsageError(f"--color {color!r} is not auto, always or never — {_hint(color, COLORS)}")
    settings = Settings({"color": color.lower() if color else None, "no_cache": no_cache or None})
    ctx.obj = Environment(
        facts_dirs=list(facts_dir or []),
        strict=strict,
        no_color=no_color,
        debug=debug,
        no_cache=no_cache,
        pager=not no_pager,
        settings=settings,
        quiet=quiet,
    )
    for problem in settings.problems:
        ctx.obj.stderr.write(f"warning: {render.visible(problem)}\n")
    if ctx.invoked_subcommand is None:
        overview(ctx.obj)


def overview(env: Environment) -> None:
    import datetime as dt

    from ..core.dates import long_date

    index = env.index()
    topics = index.topics()
    lines = [
        "belarus — checked, cited facts from one article:",
        "",
    ]
    for source in index.sources():
        when = long_date(dt.date.fromisoformat(source["published"]))
        author, title, publisher, url = (
            render.one_line(source[key]) for key in ("author", "title", "publisher", "url")
        )
        lines.append(f"  {author}, “{title}”, {publisher}, {when}")
        lines.append(f"  {url}")
    lines += ["", f"{index.fact_count()} facts in {len(topics)} topics:", ""]
    width = max((len(t["id"]) for t in topics), default=0)
    for topic in topics:
        lines.append(f"  {topic['id']:<{width}}  {render.one_line(topic['title'])}")
    lines += [
        "",
        "Try:",
        "  belarus show troops",
        '  belarus ask "how many political prisoners are there?"',
        "  belarus fact troops.gur-just-over-3000",
        "",
        "belarus --help lists every command.",
    ]
    columns = env.console().width if env.stdout_is_terminal else None
    env.stdout.write(render.one_line_each(lines, columns))


def _env(ctx: typer.Context) -> Environment:
    env = ctx.find_object(Environment)
    assert env is not None
    return env


def _format(env: Environment, fmt: Format | None) -> str:
    """--format, else BELARUS_FORMAT or the config's, else table on a terminal, tsv in a pipe."""
    if fmt:
        return str(fmt.value)
    chosen = env.default_format()
    if chosen not in formats.FORMATS:
        setting = env.settings.resolved["format"]
        raise UsageError(
            f"the format {chosen!r} (from {setting.origin}) is not one of "
            f"{', '.join(formats.FORMATS)} — {_hint(chosen, tuple(formats.FORMATS))}"
        )
    return chosen


def _configured_style(env: Environment) -> str:
    chosen = str(env.settings["style"]).lower()
    if chosen not in formats.STYLES:
        setting = env.settings.resolved["style"]
        raise UsageError(
            f"the citation style {chosen!r} (from {setting.origin}) is not one of "
            f"{', '.join(formats.STYLES)} — {_hint(chosen, tuple(formats.STYLES))}"
        )
    return chosen


def _console(env: Environment, fmt: str) -> Any:
    return env.console() if fmt == "table" else None


# --- shell completion (Typer's autocompletion=): candidates come from the facts --------------


def _completer(kind: str) -> Any:
    """An autocompletion function for topics, facts, entities or citation styles."""

    def complete(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
        from ..query import complete as candidates

        # Bash splits a value with spaces into several words: offer those to other shells only.
        complete_var = f"_{ctx.find_root().info_name or 'belarus'}_COMPLETE"
        bash = os.environ.get(complete_var.replace("-", "_").upper(), "").endswith("bash")
        if kind == "style":
            return candidates.matching(formats.STYLES.items(), incomplete)
        # The callback has not run during completion: load the facts here, never failing.
        folders = [Path(folder) for folder in ctx.find_root().params.get("facts_dir") or []]
        env = Environment(facts_dirs=folders)
        try:
            found = getattr(candidates, f"{kind}_candidates")(env.index(report=False))
        except Exception:
            return []
        finally:
            env.close()
        matched = candidates.matching(found, incomplete, spaces=not bash)
        # The shell draws both in its menu: no escape sequence of a fact file may reach it.
        return [(render.one_line(value), render.one_line(text)) for value, text in matched]

    complete.__name__ = f"complete_{kind}"
    return complete


complete_topic = _completer("topic")
complete_fact = _completer("fact")
complete_entity = _completer("entity")
complete_style = _completer("style")
complete_compare = _completer("compare")


@app.command()
def topics(ctx: typer.Context, limit: LimitOption = None, fmt: FormatOption = None) -> None:
    """List the topics, with how many facts each holds.

    Examples:

      belarus topics

      belarus topics --format json
    """
    env = _env(ctx)
    records = _first(env.index().topics(), env, limit)
    chosen = _format(env, fmt)
    render.write_records(records, "topic", chosen, env.stdout, _console(env, chosen))


@app.command()
def show(
    ctx: typer.Context,
    topic: Annotated[
        str,
        typer.Argument(
            metavar="TOPIC",
            help="A topic id, title or alias (any case).",
            autocompletion=complete_topic,
        ),
    ],
    limit: LimitOption = None,
    fmt: FormatOption = None,
) -> None:
    """Show every fact of a topic.

    Examples:

      belarus show troops

      belarus show "troop estimates" --format csv

      belarus show "opposition structures" --format markdown
    """
    env = _env(ctx)
    index = env.index()
    try:
        records = _first(index.topic_facts(topic), env, limit)
    except NotFound as missing:
        raise _redirected(missing, index, topic, "topic") from None
    chosen = _format(env, fmt)
    render.write_records(records, "fact", chosen, env.stdout, _console(env, chosen))


@app.command()
def fact(
    ctx: typer.Context,
    fact_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A fact id, as listed by show and ask.", autocompletion=complete_fact
        ),
    ],
    fmt: FormatOption = None,
) -> None:
    """Show one fact in full: statement, value, who states it, date, quote and citation.

    Examples:

      belarus fact troops.gur-just-over-3000

      belarus fact troops.gur-just-over-3000 --format json
    """
    env = _env(ctx)
    record = env.index().fact(fact_id)
    chosen = _format(env, fmt)
    render.write_one(record, "fact", chosen, env.stdout, _console(env, chosen))


@app.command()
def ask(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(metavar="QUERY", help="A question or keywords, in your own words."),
    ],
    limit: LimitOption = None,
    fmt: FormatOption = None,
) -> None:
    """Search the facts, best answer first.

    Examples:

      belarus ask "how many russian troops are in belarus"

      belarus ask troop estimates

      belarus ask "what is peramoga" --format json --limit 3
    """
    env = _env(ctx)
    text = _stdin_text() if query == ["-"] else " ".join(query)
    if not text.strip():
        raise UsageError("the question is empty — ask something, such as: belarus ask troops")
    result = env.search(text, _limit(env, limit, 10) or 10)
    for typed, corrected in result.corrections.items():
        env.note(render.visible(f"note: searched for {corrected!r} instead of {typed!r}"))
    if not result.hits:
        shown = text if len(text) <= 80 else text[:77] + "…"
        fix = "" if result.suggestions else " — try other words; belarus topics lists the subjects"
        raise NotFound(f"nothing matches {shown!r}{fix}", result.suggestions)
    records = [{**hit.record, "score": hit.score} for hit in result.hits]
    chosen = _format(env, fmt)
    if chosen == "table":
        console = env.console()
        _entity_first(env, text, console)
        console.print(render.answer(records, result.terms, box=console.is_terminal))
    else:
        render.write_records(records, "ranked", chosen, env.stdout, None)


@app.command()
def sources(ctx: typer.Context, limit: LimitOption = None, fmt: FormatOption = None) -> None:
    """List the sources the facts come from, with their full metadata.

    Examples:

      belarus sources

      belarus sources --format json
    """
    env = _env(ctx)
    records = _first(env.index().sources(), env, limit)
    chosen = _format(env, fmt)
    render.write_records(records, "source", chosen, env.stdout, _console(env, chosen))


# --- writer's tools: cite, timeline, who, compare, export ------------------------------------


@app.command()
def cite(
    ctx: typer.Context,
    fact_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...",
            help="Fact ids to cite with their quote and deep link; none cites the article.",
            autocompletion=complete_fact,
        ),
    ] = None,
    style: Annotated[
        Style | None,
        typer.Option(
            "--style",
            "-s",
            case_sensitive=False,
            metavar="STYLE",
            help=f"Citation style: {_listing(formats.STYLES)}.",
            autocompletion=complete_style,
        ),
    ] = None,
    accessed: Annotated[
        str | None,
        typer.Option(
            "--accessed",
            metavar="YYYY-MM-DD",
            help="The day you read the article (MLA, Harvard, BibLaTeX, CSL-JSON). Default: today.",
        ),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Keep italics as *...* instead of dropping them.")
    ] = False,
    append: Annotated[
        Path | None,
        typer.Option(
            "--append",
            metavar="BIB",
            help="With bibtex: add to the .bib file BIB what it lacks (the entry once, each "
            "fact's note once) instead of printing.",
            dir_okay=False,
        ),
    ] = None,
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
        env.stdout.write(render.visible(cited))
        return
    from ..output import bibfile

    bib = bibfile.read(append)
    blocks = bibfile.missing_from(bib, render.visible(cited))
    bibfile.append(append, bib, blocks)
    entries = sum(block.startswith("@") for block in blocks)
    env.stderr.write(
        f"added {entries} entry and {len(blocks) - entries} fact note(s) to "
        f"{render.visible(str(append))}\n"
    )


@app.command()
def timeline(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--from", metavar="DATE", help="From this date: 2021, 2022-08, 2021-spring."),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", metavar="DATE", help="Up to this date (inclusive).")
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic", "-t", help="Only this topic's facts.", autocompletion=complete_topic
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="Only what overlaps this date; for a day, its own events first.",
        ),
    ] = None,
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
    else:
        records = dated(env.index(), *parse_bounds(since, until), topic)
    records = _first(records, env, limit)
    chosen = _format(env, fmt)
    if chosen == "table":
        console = env.console()
        console.print(render.timeline_table(records, box=console.is_terminal))
    else:
        render.write_records(records, "timeline", chosen, env.stdout, None)


@app.command()
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
    from ..core.records import entity_fact_rows
    from ..query.lookup import entities_with_facts, every_entity, find_entities

    env = _env(ctx)
    index = env.index()
    chosen = _format(env, fmt)
    if not name:
        records = _first(every_entity(index), env, limit)
        render.write_records(records, "entity", chosen, env.stdout, _console(env, chosen))
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
    if chosen == "table":
        console = env.console()
        console.print(render.who_view(records, box=console.is_terminal))
    elif chosen in ("json", "jsonl"):
        render.write_records(records, "entity", chosen, env.stdout, None)
    else:
        rows = [row for record in records for row in entity_fact_rows(record)]
        render.write_records(rows, "entity-fact", chosen, env.stdout, None)


@app.command()
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
    records = _first(figures_of(env.index(), " ".join(query) if query else None), env, limit)
    chosen = _format(env, fmt)
    if chosen == "table":
        console = env.console()
        console.print(render.comparison(records, box=console.is_terminal, width=console.width))
    elif chosen in ("json", "jsonl"):
        render.write_records(records, "figure", chosen, env.stdout, None)
    else:
        figures = [figure for record in records for figure in record["figures"]]
        render.write_records(figures, "figure", chosen, env.stdout, None)


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The file to write; - writes to standard output.",
            dir_okay=False,
        ),
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            metavar="FORMAT",
            help=f"{_listing(formats.EXPORT_FORMATS)}. Default: from FILE's suffix.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            metavar="JSON",
            help="With sqlite: also write Datasette's metadata (title, source, licence) to "
            "JSON, for datasette FILE --metadata JSON.",
            dir_okay=False,
        ),
    ] = None,
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
    from ..output.export import format_for
    from ..query.lookup import fact_base

    env = _env(ctx)
    base = fact_base(env.index())
    chosen = format_for(output, fmt.value if fmt else None)
    if str(output) == "-":
        from ..output.export import export_to_stream

        if metadata is not None:
            raise UsageError("--metadata needs a SQLite file, not -o - — give -o facts.db")
        export_to_stream(base, chosen, env.stdout)
        return
    export_base(base, chosen, output, force, metadata)
    env.note(f"wrote {len(base.facts)} facts to {render.visible(str(output))}")
    if metadata is not None:
        env.note(f"wrote Datasette's metadata to {render.visible(str(metadata))}")


@app.command(name="config")
def show_config(ctx: typer.Context) -> None:
    """The settings in effect, and where each comes from.

    Precedence: options, then BELARUS_* variables, then the config file
    ($XDG_CONFIG_HOME/belarus/config.toml, default ~/.config/belarus/config.toml), then the
    defaults. Fact folders add up: the bundled one, the config's, BELARUS_FACTS_PATH's and
    --facts-dir's.

    Examples:

      belarus config

      BELARUS_LIMIT=5 belarus config
    """
    from .terminal import pager_command

    env = _env(ctx)
    settings = env.settings
    found = "" if settings.path.is_file() else " (none there)"
    named_by = "XDG_CONFIG_HOME" if os.environ.get("XDG_CONFIG_HOME") else "default"
    rows = [("config file", f"{settings.path}{found}", named_by)]
    for name in ("format", "limit", "style", "color", "pager", "no_cache"):
        value, origin = settings.resolved[name]
        if name == "format" and value is None:
            value = f"{env.default_format()} (table on a terminal, tsv in a pipe)"
        elif name == "limit" and value is None:
            value = "10 for ask, every fact for the other listings"
        elif name == "pager":
            value = pager_command(os.environ, settings.pager()) or "none"
            if origin == "default" and os.environ.get("PAGER") is not None:
                origin = "PAGER"
        elif name == "no_cache":
            value = str(env.no_cache).lower()
        rows.append((name, str(value), origin))
    for folder in env.folders():
        rows.append(("facts folder", str(folder), _folder_origin(env, folder)))
    if env.stdout_is_terminal:
        width = max(len(name) for name, _, _ in rows)
        lines = [f"{name:<{width}}  {value}  [{origin}]" for name, value, origin in rows]
    else:
        lines = ["setting\tvalue\tfrom", *("\t".join(row) for row in rows)]
    env.stdout.write(render.one_line_each(lines))


def _folder_origin(env: Environment, folder: Path) -> str:
    from ..load.locations import ENV_FACTS_PATH, bundled_facts_dir

    where = os.path.abspath(folder)
    if where == os.path.abspath(bundled_facts_dir()):
        return "bundled"
    if any(where == os.path.abspath(given) for given in env.facts_dirs):
        return "--facts-dir"
    if any(where == os.path.abspath(given) for given in env.settings["facts_dirs"]):
        return env.settings.resolved["facts_dirs"].origin
    return ENV_FACTS_PATH


@app.command()
def validate(
    ctx: typer.Context,
    source_text: Annotated[
        Path | None,
        typer.Option(
            "--source-text",
            help="The article's text: also check that every quote occurs in it verbatim.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
    coverage: Annotated[
        bool,
        typer.Option(
            "--coverage",
            help="With --source-text: list the article's sentences that no quote covers.",
        ),
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Make the warnings of the checks against the article errors."
        ),
    ] = False,
) -> None:
    """Check every fact file; exit 0 when all is well, 3 otherwise.

    Examples:

      belarus validate

      belarus --facts-dir my-facts validate --source-text article.txt

      belarus validate --source-text article.txt --coverage
    """
    from ..load.checks import check_quotes, coverage_report, read_source_text
    from ..load.fidelity import facts_of, fidelity_problems, source_texts

    env = _env(ctx)
    result = env.load()
    problems = list(result.problems)
    if coverage and source_text is None:
        raise UsageError("--coverage needs --source-text FILE (the article's text)")
    article = read_source_text(source_text) if source_text else None
    # Each source is checked against its own `text`, else against --source-text.
    texts, problems_of_texts = source_texts(result.base, article)
    problems += problems_of_texts
    for source_id, text in texts.items():
        problems += check_quotes(facts_of(result.base, source_id), text)
    warnings = fidelity_problems(result.base, texts)
    if strict or env.strict:
        problems, warnings = problems + warnings, []
    if problems:
        raise FactDataError(sorted(problems))
    env.warn_skipped(warnings, [])
    base = result.base
    summary = (
        f"ok: {len(result.files)} files, {len(base.facts)} facts, {len(base.topics)} topics, "
        f"{len(base.entities)} entities, {len(base.sources)} source(s)"
    )
    if texts:
        summary += "; every quote occurs in " + (
            "the article" if len(texts) == 1 else "its article"
        )
    env.stdout.write(summary + "\n")
    if coverage and article is not None and source_text is not None:
        report = coverage_report(base, article, source_text)
        env.stdout.write(render.visible(report.text()))  # sentences of the text file given
        if not report.meets_target:
            raise FactDataError(report.problems())


@app.command()
def check(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE...", help="Drafts (Markdown or plain text); - reads stdin."),
    ],
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text (a report), lines (FILE:LINE:COLUMN: error: ...) or json. "
            "Default: text on a terminal, lines in a pipe.",
            show_default=False,
        ),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list what agrees with the article.")
    ] = False,
    source_text: Annotated[
        Path | None,
        typer.Option(
            "--source-text",
            help="The article's text: check quotations against it rather than the facts' quotes.",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
) -> None:
    """Check a draft's quotations, figures, dates and attributions against the article.

    Exit 0 when nothing is wrong, 1 when something is, 2 for a draft that cannot be read.

    Examples:

      belarus check draft.md

      belarus check draft.md --format json

      pandoc story.docx -t markdown | belarus check -
    """
    from ..load.checks import read_source_text
    from ..load.draft_files import read_draft
    from ..output import draft_render
    from ..query.draft import Checker

    env = _env(ctx)
    drafts = [(name, read_draft(name)) for name in files]
    article = read_source_text(source_text) if source_text else None
    index = env.index()
    checker = Checker(index.all_facts(), index.entities(), index.sources(), article)
    checked = [(name, checker.check(draft)) for name, draft in drafts]
    chosen = fmt.value if fmt else ("text" if env.stdout_is_terminal else "lines")
    if chosen == "json":
        draft_render.write_json(checked, env.stdout)
    elif chosen == "lines":
        draft_render.write_lines(checked, show_all, env.stdout)
    else:
        console = env.console()
        if not console.is_terminal:
            console.width = 100  # the report's columns need a width; a pipe has none
        console.print(draft_render.report(checked, show_all))
    if any(f.status == "wrong" for _, findings in checked for f in findings):
        raise typer.Exit(ExitCode.NOT_FOUND)


def main() -> None:
    """Entry point of the console script."""
    from .streams import prepare

    output = prepare()
    try:
        _app_for(sys.argv[1:])()
    except SystemExit:
        # Rich and Click end a broken pipe with exit 1; the README promises 0.
        if output.reader_gone:
            sys.exit(ExitCode.OK)
        raise
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C before the app takes over
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # pragma: no cover - a pipe closed while flushing at exit
        _silence_stdout()
        sys.exit(ExitCode.OK)
    except OSError as error:  # --help and --version write outside BelarusGroup.invoke
        sys.stderr.write(io_error_message(error))
        sys.exit(ExitCode.IO_ERROR)


# Options of the app itself that take a value, and those that do not: accepted before or
# after the command (`belarus show troops --no-color`), documented once, in belarus --help.
_VALUE_OPTIONS = ("--facts-dir", "--color")
_FLAG_OPTIONS = ("--strict", "--no-color", "--debug", "--no-cache", "--no-pager", "--quiet", "-q")
GLOBAL_OPTIONS_NOTE = (
    "The options of belarus itself (--facts-dir, --strict, --color, --no-color, --no-pager, "
    "--debug, --no-cache, -q) work before or after the command: see belarus --help."
)


def hoist_global_options(args: list[str]) -> list[str]:
    """`args` with the app's own options that follow the command moved before it."""
    at = _command_index(args)
    if at is None:
        return args
    moved: list[str] = []
    rest: list[str] = []
    position = at + 1
    while position < len(args):
        arg = args[position]
        if arg == "--":
            rest += args[position:]
            break
        if arg in _FLAG_OPTIONS or ("=" in arg and arg.split("=", 1)[0] in _VALUE_OPTIONS):
            moved.append(arg)
        elif arg in _VALUE_OPTIONS and position + 1 < len(args):
            moved += [arg, args[position + 1]]
            position += 1
        else:
            rest.append(arg)
        position += 1
    return [*args[:at], *moved, args[at], *rest]


def _app_for(args: list[str]) -> typer.Typer:
    """The app, with only the command that `args` name when they name one.

    Typer turns every command into a Click command on each run, a few milliseconds that a
    lookup tool pays dozens of times an hour; the other commands are not needed to run this
    one. Help, completion and unknown or misspelt commands get the whole app.
    """
    name = _command_name(args)
    commands = [c for c in app.registered_commands if _name_of(c) == name]
    completing = any(var.startswith("_") and var.endswith("_COMPLETE") for var in os.environ)
    if not commands or completing:
        return app
    one = typer.Typer()
    one.__dict__.update(app.__dict__)
    one.registered_commands = commands
    return one


def _command_name(args: list[str]) -> str | None:
    at = _command_index(args)
    return None if at is None else args[at]


def _command_index(args: list[str]) -> int | None:
    following_value = False
    for position, arg in enumerate(args):
        if following_value:
            following_value = False
        elif arg == "--":
            continue
        elif arg in _VALUE_OPTIONS:
            following_value = True
        elif not arg.startswith("-"):
            return position
    return None


def _name_of(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))


for _command in app.registered_commands:
    _command.epilog = GLOBAL_OPTIONS_NOTE
