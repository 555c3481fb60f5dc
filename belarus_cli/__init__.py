"""belarus: checked, cited facts from one analysis article, looked up from the terminal."""

from __future__ import annotations


def main() -> None:
    """The `belarus` command. Ctrl-C while the modules are still loading ends quietly too."""
    import signal
    import sys

    if sys.argv[1:] == ["--version"] and _print_version():
        return
    try:
        from .cli.commands import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    try:
        run()
        code: str | int | None = 0
    except SystemExit as done:
        code = done.code
    finally:
        # The answer and its exit status are settled: a Ctrl-C from here on, while the
        # interpreter shuts down, would otherwise kill it by the signal (status -2) instead.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end(code)


def _end(code: str | int | None) -> None:
    """End the process with `code`. Python's own shutdown frees every module and object one by
    one, about 10 ms of a 70 ms lookup; when nothing is left for it to do (no exit handler,
    no other thread, the output flushed) the process ends at once instead."""
    import atexit
    import os
    import sys

    threading = sys.modules.get("threading")
    if (
        not isinstance(code, int)
        or getattr(atexit, "_ncallbacks", lambda: 1)()
        or (threading is not None and threading.active_count() > 1)
        or sys.getprofile() is not None
        or sys.gettrace() is not None
    ):
        sys.exit(code)
    try:
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)  # Python's shutdown deals with an output that cannot be flushed
    os._exit(code)


def _print_version() -> bool:
    """`belarus --version` without building the app (Typer alone costs more than this whole
    run); False if it could not be printed here, for the app to say why."""
    import sys

    from .core.version import installed_version

    found = installed_version()
    if found is None:
        return False
    try:
        sys.stdout.write(f"belarus {found}\n")
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError):
        return False
    return True
