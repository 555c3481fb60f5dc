"""The options and arguments the commands share: the choices of --format and --style (made
from the registry, output/formats.py), and the shell completion of topics, facts and names."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

import enum
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer

from ..output import escape, formats
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
        return [(escape.one_line(value), escape.one_line(text)) for value, text in matched]

    complete.__name__ = f"complete_{kind}"
    return complete


complete_topic = _completer("topic")
complete_fact = _completer("fact")
complete_entity = _completer("entity")
complete_style = _completer("style")
complete_compare = _completer("compare")
