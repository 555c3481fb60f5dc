"""The `belarus` command put together: the app (app.py) and its commands, in the order
`belarus --help` lists them. A new command is a function in lookups.py, tools.py or
checks.py (or a module of its own beside them), added to COMMANDS here."""

from collections.abc import Callable

from .app import _app_for, app, main, usage_message
from .checks import check, show_config, validate
from .global_options import GLOBAL_OPTIONS_NOTE, hoist_global_options, version
from .lookups import ask, fact, show, sources, topics
from .options import (
    CheckFormat,
    ExportFormat,
    Format,
    Style,
    complete_compare,
    complete_entity,
    complete_fact,
    complete_style,
    complete_topic,
)
from .tools import cite, compare, export, timeline, who

COMMANDS: dict[str, Callable[..., None]] = {
    "topics": topics,
    "show": show,
    "fact": fact,
    "ask": ask,
    "sources": sources,
    "cite": cite,
    "timeline": timeline,
    "who": who,
    "compare": compare,
    "export": export,
    "config": show_config,
    "validate": validate,
    "check": check,
}
for name, command in COMMANDS.items():
    # Each command's help ends with where the options of belarus itself are described.
    app.command(name=name, epilog=GLOBAL_OPTIONS_NOTE)(command)

__all__ = [
    "COMMANDS",
    "CheckFormat",
    "ExportFormat",
    "Format",
    "Style",
    "_app_for",
    "app",
    "complete_compare",
    "complete_entity",
    "complete_fact",
    "complete_style",
    "complete_topic",
    "hoist_global_options",
    "main",
    "usage_message",
    "version",
]
