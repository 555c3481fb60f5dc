"""The options of `belarus` itself (--facts-dir, --strict, --color, ...): declared once, taken
before or after the command, and turned into the run's Environment; and what `belarus` alone
prints, the overview."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

from pathlib import Path
from typing import Annotated

import typer

from ..core.errors import UsageError
from ..output.escape import visible
from .emit import _hint
from .environment import Environment


def version() -> str:
    """The installed version, from package metadata (the one place it is written)."""
    from ..core.version import installed_version

    found = installed_version()
    if found is not None:
        return found
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as from_metadata

    try:
        return from_metadata("belarus-cli")
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


FactsDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--facts-dir",
        help="Also read the *.toml fact files in DIR (repeatable). "
        "BELARUS_FACTS_PATH adds folders too.",
        metavar="DIR",
        parser=_folder,
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Stop with exit 3 on any problem in a fact file.")
]
NoColorOption = Annotated[
    bool, typer.Option("--no-color", help="No colour, even on a terminal (--color never).")
]
ColorOption = Annotated[
    str | None,
    typer.Option(
        "--color",
        metavar="WHEN",
        help="auto (colour on a terminal), always or never. Also BELARUS_COLOR, the config.",
        show_default=False,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No notes on stderr; warnings and errors stay.")
]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Build the search index afresh instead of using the cached one "
        "(also BELARUS_NO_CACHE=1).",
    ),
]
NoPagerOption = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Never page; by default output taller than the terminal goes through "
        "$BELARUS_PAGER, else $PAGER, else less -FRX (never in a pipe).",
    ),
]
VersionOption = Annotated[
    bool | None,
    typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version."),
]


def main_options(
    ctx: typer.Context,
    facts_dir: FactsDirOption = None,
    strict: StrictOption = False,
    no_color: NoColorOption = False,
    color: ColorOption = None,
    quiet: QuietOption = False,
    debug: DebugOption = False,
    no_cache: NoCacheOption = False,
    no_pager: NoPagerOption = False,
    version: VersionOption = None,
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
        ctx.obj.stderr.write(f"warning: {visible(problem)}\n")
    if ctx.invoked_subcommand is None:
        overview(ctx.obj)


def overview(env: Environment) -> None:
    """What `belarus` alone prints: the source, the topics, and what to try."""
    from ..output.overview import overview_text

    index = env.index()
    columns = env.console().width if env.stdout_is_terminal else None
    text = overview_text(index.sources(), index.topics(), index.fact_count(), columns)
    env.stdout.write(text)


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
    at = command_index(args)
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


def command_index(args: list[str]) -> int | None:
    """Where the command's name stands in `args`, past the app's own options; None if none."""
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
