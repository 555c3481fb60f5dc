"""The `belarus` command: parse arguments, call the core, pick a renderer, map errors to exits.

Every command is a few lines; errors become messages and exit codes in BelarusGroup.invoke.
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import render
from .environment import Environment
from .errors import BelarusError, ExitCode, FactDataError, NotFound, UsageError
from .records import fact_record, source_record, topic_record


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


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
    int, typer.Option("--limit", "-n", min=1, max=1000, help="Show at most this many facts.")
]


class BelarusGroup(TyperGroup):
    """Turns every expected error into one line on stderr and its documented exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
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
        except Exception as error:
            env = ctx.find_object(Environment) or Environment()
            if env.debug or "typer._click.exceptions" in type(error).__module__:
                raise
            sys.stderr.write(
                f"error: internal error ({type(error).__name__}: {error}) — this is a bug; "
                "run again with --debug for the full traceback and report it\n"
            )
            raise typer.Exit(ExitCode.INTERNAL) from None


def report_error(env: Environment, error: BelarusError) -> None:
    if isinstance(error, FactDataError):
        for problem in error.problems:
            env.stderr.write(f"error: {problem}\n")
        env.stderr.write(
            f"error: {len(error.problems)} problem(s) in the fact files — fix them "
            "(see facts/README.md for the format), or drop --strict to skip broken files\n"
        )
        return
    message = f"error: {error}"
    if isinstance(error, NotFound) and error.suggestions:
        message += f" — did you mean: {', '.join(error.suggestions)}?"
    env.stderr.write(message + "\n")


def _silence_stdout() -> None:
    # Python flushes stdout again at exit; point it at /dev/null so that flush cannot fail.
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    name="belarus",
    cls=BelarusGroup,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=(
        "Checked, cited facts from \"What's next for Belarus? Russian troops and the "
        "Belarusian domestic crisis\" (Yan Auseyushkin, Russia.Post, 4 November 2022).\n\n"
        "Examples:\n\n"
        "  belarus show troops\n\n"
        "  belarus ask \"how many political prisoners are there?\"\n\n"
        "  belarus fact troops.gur-just-over-3000 --format json"
    ),
)


def _version(value: bool) -> None:
    if value:
        from . import version as installed_version

        typer.echo(f"belarus {installed_version()}")
        raise typer.Exit()


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
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop with exit 3 on any problem in a fact file.")
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour, even on a terminal.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = None,
) -> None:
    ctx.obj = Environment(facts_dirs=list(facts_dir or []), strict=strict, no_color=no_color, debug=debug)
    if ctx.invoked_subcommand is None:
        overview(ctx.obj)


def overview(env: Environment) -> None:
    base = env.facts()
    lines = [
        "belarus — checked, cited facts from one article:",
        "",
    ]
    for source in base.sources.values():
        lines.append(f"  {source.author}, “{source.title}”, {source.publisher}, {source.published:%-d %B %Y}")
        lines.append(f"  {source.url}")
    lines += ["", f"{len(base.facts)} facts in {len(base.topics)} topics:", ""]
    width = max((len(t.id) for t in base.topics.values()), default=0)
    for topic in base.topics.values():
        lines.append(f"  {topic.id:<{width}}  {topic.title}")
    lines += [
        "",
        "Try:",
        "  belarus show troops",
        '  belarus ask "how many political prisoners are there?"',
        "  belarus fact troops.gur-just-over-3000",
        "",
        "belarus --help lists every command.",
    ]
    env.stdout.write(render.one_line_each(lines))


def _env(ctx: typer.Context) -> Environment:
    env = ctx.find_object(Environment)
    assert env is not None
    return env


def _format(env: Environment, fmt: Format | None) -> str:
    return fmt.value if fmt else env.default_format()


def _console(env: Environment, fmt: str) -> Any:
    return env.console() if fmt == "table" else None


@app.command()
def topics(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """List the topics, with how many facts each holds.

    Examples:

      belarus topics

      belarus topics --format json
    """
    env = _env(ctx)
    base = env.facts()
    records = [topic_record(base, topic) for topic in base.topics.values()]
    chosen = _format(env, fmt)
    render.write_records(records, "topic", chosen, env.stdout, _console(env, chosen))


@app.command()
def show(
    ctx: typer.Context,
    topic: Annotated[str, typer.Argument(help="A topic id, title or alias (any case).")],
    fmt: FormatOption = None,
) -> None:
    """Show every fact of a topic.

    Examples:

      belarus show troops

      belarus show "troop estimates" --format csv

      belarus show "opposition structures" --format markdown
    """
    from .query import find_topic

    env = _env(ctx)
    base = env.facts()
    found = find_topic(base, topic)
    facts = sorted(
        base.facts_in_topic(found.id),
        key=lambda f: (f.topic != found.id, f.paragraph or 0),
    )
    records = [fact_record(base, fact) for fact in facts]
    chosen = _format(env, fmt)
    render.write_records(records, "fact", chosen, env.stdout, _console(env, chosen))


@app.command()
def fact(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(metavar="ID", help="A fact id, as listed by show and ask.")],
    fmt: FormatOption = None,
) -> None:
    """Show one fact in full: statement, value, who states it, date, quote and citation.

    Examples:

      belarus fact troops.gur-just-over-3000

      belarus fact troops.gur-just-over-3000 --format json
    """
    from .query import find_fact

    env = _env(ctx)
    base = env.facts()
    record = fact_record(base, find_fact(base, fact_id))
    chosen = _format(env, fmt)
    render.write_one(record, "fact", chosen, env.stdout, _console(env, chosen))


@app.command()
def ask(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="A question or keywords, in your own words.")],
    limit: LimitOption = 10,
    fmt: FormatOption = None,
) -> None:
    """Search the facts, best answer first.

    Examples:

      belarus ask "how many russian troops are in belarus"

      belarus ask troop estimates

      belarus ask "what is peramoga" --format json --limit 3
    """
    from .search import SearchIndex

    env = _env(ctx)
    text = " ".join(query)
    if not text.strip():
        raise UsageError("the question is empty — ask something, such as: belarus ask troops")
    base = env.facts()
    result = SearchIndex(base).search(text, limit=limit)
    for typed, corrected in result.corrections.items():
        env.stderr.write(f"note: searched for {corrected!r} instead of {typed!r}\n")
    if not result.hits:
        raise NotFound(f"nothing matches {text!r}", result.suggestions)
    records = [{**fact_record(base, hit.fact), "score": hit.score} for hit in result.hits]
    chosen = _format(env, fmt)
    if chosen == "table":
        env.console().print(render.answer(records, result.terms, box=env.console().is_terminal))
    else:
        render.write_records(records, "ranked", chosen, env.stdout, None)


@app.command()
def sources(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """List the sources the facts come from, with their full metadata.

    Examples:

      belarus sources

      belarus sources --format json
    """
    env = _env(ctx)
    base = env.facts()
    records = [source_record(source) for source in base.sources.values()]
    chosen = _format(env, fmt)
    render.write_records(records, "source", chosen, env.stdout, _console(env, chosen))


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
) -> None:
    """Check every fact file; exit 0 when all is well, 3 otherwise.

    Examples:

      belarus validate

      belarus --facts-dir my-facts validate --source-text article.txt

      belarus validate --source-text article.txt --coverage
    """
    from .checks import check_quotes, coverage_report, read_source_text

    env = _env(ctx)
    result = env.load()
    problems = list(result.problems)
    if coverage and source_text is None:
        raise UsageError("--coverage needs --source-text FILE (the article's text)")
    article = read_source_text(source_text) if source_text else None
    if article is not None:
        problems += check_quotes(result.base, article)
    if problems:
        raise FactDataError(sorted(problems))
    base = result.base
    summary = (
        f"ok: {len(result.files)} files, {len(base.facts)} facts, {len(base.topics)} topics, "
        f"{len(base.entities)} entities, {len(base.sources)} source(s)"
    )
    if article is not None:
        summary += "; every quote occurs in the article"
    env.stdout.write(summary + "\n")
    if coverage and article is not None and source_text is not None:
        report = coverage_report(base, article, source_text)
        env.stdout.write(report.text())
        if not report.meets_target:
            raise FactDataError(report.problems())


def main() -> None:
    """Entry point of the console script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover - Ctrl-C before the app takes over
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # pragma: no cover - a pipe closed while flushing at exit
        _silence_stdout()
        sys.exit(ExitCode.OK)
