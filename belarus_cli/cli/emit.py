"""What the commands share between their options and the terminal: the run's session, the
format and limit in effect (options, then the settings), and `emit`, which picks the renderer."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

from collections.abc import Callable
from typing import Any

import typer

from ..core.errors import NotFound, UsageError
from ..output import formats, render
from .environment import Environment
from .options import Format


def _limit(env: Environment, given: int | None, default: int | None = None) -> int | None:
    """--limit, else the configured limit, else `default` (None: all)."""
    return given or env.settings["limit"] or default


def _first(records: list[Any], env: Environment, given: int | None) -> list[Any]:
    """A listing cut to --limit (or the configured limit); all of it without one."""
    return records[: _limit(env, given)]


def _stdin_text() -> str:
    """What `-` stands for: standard input, which must not be the keyboard waiting unasked."""
    import sys

    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("- reads standard input, which is a terminal here — pipe text in")
    return " ".join(sys.stdin.read().split())


def _env(ctx: typer.Context) -> Environment:
    env = ctx.find_object(Environment)
    assert env is not None
    return env


def _format(env: Environment, fmt: Format | None) -> str:
    """--format, else BELARUS_FORMAT or the config's, else table on a terminal, tsv in a pipe."""
    if fmt:
        return str(fmt.value)
    return _known(env, "format", "format", env.default_format(), tuple(formats.FORMATS))


def _configured_style(env: Environment) -> str:
    chosen = str(env.settings["style"]).lower()
    return _known(env, "style", "citation style", chosen, tuple(formats.STYLES))


def _known(env: Environment, setting: str, what: str, chosen: str, choices: tuple[str, ...]) -> str:
    """A value from a variable or the config file, checked here: the options' own choices
    are checked by the parser."""
    if chosen not in choices:
        origin = env.settings.resolved[setting].origin
        raise UsageError(
            f"the {what} {chosen!r} (from {origin}) is not one of "
            f"{', '.join(choices)} — {_hint(chosen, choices)}"
        )
    return chosen


def _console(env: Environment, fmt: str) -> Any:
    return env.console() if fmt == "table" else None


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


# A command's own view of its records on a terminal: (records, console) -> a Rich renderable.
View = Callable[[list[Any], Any], Any]


def emit(
    env: Environment,
    records: list[Any],
    kind: str,
    fmt: Format | None,
    view: View | None = None,
    flat: Callable[[list[Any]], tuple[list[Any], str]] | None = None,
) -> None:
    """Write `records` (of `kind`, see output/columns.py) in the format in effect: as the
    command's own `view` in a table, else as a listing; `flat` gives the rows and their kind
    for the formats of one row a record (csv, tsv, markdown)."""
    chosen = _format(env, fmt)
    if chosen == "table" and view is not None:
        console = env.console()
        console.print(view(records, console))
        return
    if flat is not None and chosen not in ("json", "jsonl"):
        records, kind = flat(records)
    render.write_records(records, kind, chosen, env.stdout, _console(env, chosen))


def emit_one(env: Environment, record: Any, kind: str, fmt: Format | None) -> None:
    """One record in full (`fact`)."""
    chosen = _format(env, fmt)
    render.write_one(record, kind, chosen, env.stdout, _console(env, chosen))
