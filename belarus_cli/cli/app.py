"""The `belarus` app: the one place where errors become messages and exit codes
(BelarusGroup.invoke), and the entry point, which builds only the command it runs. The
options of belarus itself are in global_options.py; the commands are in lookups.py, tools.py
and checks.py; commands.py puts them together."""

# No `from __future__ import annotations` here: Typer reads every command's annotations at
# each start, and resolving them from strings costs about 10 ms a run.

import contextlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from ..core.errors import BelarusError, ExitCode, FactDataError, NotFound
from ..output.escape import visible
from .emit import _hint
from .environment import Environment
from .global_options import command_index, hoist_global_options, main_options


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
            sys.stderr.write(visible(usage_message(error)) + "\n")
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
        # The group's own invoke consumes the command's arguments: kept to run it again on an
        # index built anew when the cached one turns out to be damaged.
        arguments = (list(ctx._protected_args), list(ctx.args))
        try:
            done = super().invoke(ctx)
            sys.stdout.flush()  # a full disk shows itself here, not after the exit code is set
            return done
        except BelarusError as error:
            env = ctx.find_object(Environment) or Environment()
            report_error(env, error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt as error:
            _ending()
            code = getattr(error, "exit_code", ExitCode.INTERRUPTED)
            with contextlib.suppress(Exception, KeyboardInterrupt):
                sys.stderr.write("interrupted\n" if code == ExitCode.INTERRUPTED else "stopped\n")
            raise typer.Exit(code) from None
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
            if _damaged_index(error) and env.drop_damaged_index():
                ctx._protected_args, ctx.args = arguments
                return self.invoke(ctx)
            # Usage errors of the parser (Click's, vendored in Typer) show themselves.
            is_usage_error = hasattr(error, "show") and hasattr(error, "exit_code")
            if env.debug or is_usage_error:
                raise
            # The message may quote a damaged index or a fact file: escaped like every output.
            sys.stderr.write(
                visible(
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


def _damaged_index(error: Exception) -> bool:
    """An error that a damaged index file raises when it is read: SQLite's own, or a stored
    record that no longer decodes."""
    import json
    import sqlite3

    return isinstance(error, (sqlite3.DatabaseError, json.JSONDecodeError, UnicodeDecodeError))


def report_error(env: Environment, error: BelarusError) -> None:
    if isinstance(error, FactDataError):
        for problem in error.problems:
            env.stderr.write(f"error: {visible(str(problem))}\n")
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
    env.stderr.write(visible(message) + "\n")


def io_error_message(error: OSError) -> str:
    where = f" on {visible(os.fsdecode(error.filename))}" if error.filename else ""
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
app.callback()(main_options)


def main() -> None:
    """Entry point of the console script."""
    import signal

    global _OWN_PROCESS
    _OWN_PROCESS = True
    for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if signum is not None:
            signal.signal(signum, _stop)

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
        _ending()
        sys.exit(ExitCode.INTERRUPTED)
    except BrokenPipeError:  # pragma: no cover - a pipe closed while flushing at exit
        _silence_stdout()
        sys.exit(ExitCode.OK)
    except OSError as error:  # --help and --version write outside BelarusGroup.invoke
        sys.stderr.write(io_error_message(error))
        sys.exit(ExitCode.IO_ERROR)


_OWN_PROCESS = False  # the app runs as the `belarus` command (main), not inside a program


def _ending() -> None:
    """The run is ending on a signal: one more Ctrl-C (impatience) must not cut the ending
    short, with a traceback or a worker left behind."""
    import signal

    if _OWN_PROCESS:  # not when the app runs inside another program, such as a test
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(signum: int, frame: object) -> None:
    from ..core.errors import Stopped

    raise Stopped(signum)


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
    at = command_index(args)
    return None if at is None else args[at]


def _name_of(command: Any) -> str:
    return str(command.name or command.callback.__name__.replace("_", "-"))
