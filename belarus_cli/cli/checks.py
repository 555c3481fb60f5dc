"""The commands that check and explain: config (the settings in effect), validate (the fact
files), check (a draft against the facts)."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.errors import ExitCode, FactDataError, UsageError
from ..output import escape
from .emit import _env
from .environment import Environment
from .options import CheckFormat

if TYPE_CHECKING:
    from ..core.errors import Problem
    from ..core.model import FactBase
    from ..load.loading import LoadResult
    from ..query.draft_facts import Finding


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
    env.stdout.write(escape.one_line_each(lines))


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


def _source_text_option(help_text: str) -> Any:
    return typer.Option("--source-text", help=help_text, exists=True, dir_okay=False, readable=True)


QuotesInTextOption = Annotated[
    Path | None,
    _source_text_option("The article's text: also check that every quote occurs in it verbatim."),
]
CoverageOption = Annotated[
    bool,
    typer.Option(
        "--coverage",
        help="With --source-text: list the article's sentences that no quote covers.",
    ),
]
WarningsFatalOption = Annotated[
    bool,
    typer.Option("--strict", help="Make the warnings of the checks against the article errors."),
]


def validate(
    ctx: typer.Context,
    source_text: QuotesInTextOption = None,
    coverage: CoverageOption = False,
    strict: WarningsFatalOption = False,
) -> None:
    """Check every fact file; exit 0 when all is well, 3 otherwise.

    Examples:

      belarus validate

      belarus --facts-dir my-facts validate --source-text article.txt

      belarus validate --source-text article.txt --coverage
    """
    from ..load.checks import coverage_report, read_source_text

    env = _env(ctx)
    result = env.load()
    problems = list(result.problems)
    if coverage and source_text is None:
        raise UsageError("--coverage needs --source-text FILE (the article's text)")
    article = read_source_text(source_text) if source_text else None
    texts, problems_in_texts, warnings = _against_the_texts(result.base, article)
    problems += problems_in_texts
    if strict or env.strict:
        problems, warnings = problems + warnings, []
    if problems:
        raise FactDataError(sorted(problems))
    env.warn_skipped(warnings, [])
    env.stdout.write(_validated(result, texts))
    if coverage and article is not None and source_text is not None:
        report = coverage_report(result.base, article, source_text)
        env.stdout.write(escape.visible(report.text()))  # sentences of the text file given
        if not report.meets_target:
            raise FactDataError(report.problems())


def _against_the_texts(
    base: "FactBase", article: str | None
) -> "tuple[dict[str, str], list[Problem], list[Problem]]":
    """Each source's text (its own `text`, else --source-text), the problems of its quotes
    and texts, and the warnings of what the facts say against it."""
    from ..load.checks import check_quotes
    from ..load.fidelity import facts_of, fidelity_problems, source_texts

    texts, problems = source_texts(base, article)
    for source_id, text in texts.items():
        problems += check_quotes(facts_of(base, source_id), text)
    return texts, problems, fidelity_problems(base, texts)


def _validated(result: "LoadResult", texts: dict[str, str]) -> str:
    """The line that says all is well, and how much was checked."""
    base = result.base
    summary = (
        f"ok: {len(result.files)} files, {len(base.facts)} facts, {len(base.topics)} topics, "
        f"{len(base.entities)} entities, {len(base.sources)} source(s)"
    )
    if texts:
        summary += "; every quote occurs in " + (
            "the article" if len(texts) == 1 else "its article"
        )
    return summary + "\n"


DraftFiles = Annotated[
    list[str],
    typer.Argument(metavar="FILE...", help="Drafts (Markdown or plain text); - reads stdin."),
]
CheckFormatOption = Annotated[
    CheckFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="text (a report), lines (FILE:LINE:COLUMN: error: ...) or json. "
        "Default: text on a terminal, lines in a pipe.",
        show_default=False,
    ),
]
ShowAllOption = Annotated[
    bool, typer.Option("--all", help="Also list what agrees with the article.")
]
QuotationsAgainstTextOption = Annotated[
    Path | None,
    _source_text_option(
        "The article's text: check quotations against it rather than the facts' quotes."
    ),
]


def check(
    ctx: typer.Context,
    files: DraftFiles,
    fmt: CheckFormatOption = None,
    show_all: ShowAllOption = False,
    source_text: QuotationsAgainstTextOption = None,
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
    from ..query.draft import Checker

    env = _env(ctx)
    drafts = [(name, read_draft(name)) for name in files]
    article = read_source_text(source_text) if source_text else None
    index = env.index()
    checker = Checker(index.all_facts(), index.entities(), index.sources(), article)
    checked = [(name, checker.check(draft)) for name, draft in drafts]
    chosen = fmt.value if fmt else ("text" if env.stdout_is_terminal else "lines")
    _write_findings(env, checked, chosen, show_all)
    if any(f.status == "wrong" for _, findings in checked for f in findings):
        raise typer.Exit(ExitCode.NOT_FOUND)


def _write_findings(
    env: Environment, checked: "list[tuple[str, list[Finding]]]", chosen: str, show_all: bool
) -> None:
    """Each draft's findings, in the format chosen: json, lines or the text report."""
    from ..output import draft_render

    if chosen == "json":
        draft_render.write_json(checked, env.stdout)
    elif chosen == "lines":
        draft_render.write_lines(checked, show_all, env.stdout)
    else:
        console = env.console()
        if not console.is_terminal:
            console.width = 100  # the report's columns need a width; a pipe has none
        console.print(draft_render.report(checked, show_all))
