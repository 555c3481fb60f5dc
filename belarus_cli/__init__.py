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
    finally:
        # The answer and its exit status are settled: a Ctrl-C from here on, while the
        # interpreter shuts down, would otherwise kill it by the signal (status -2) instead.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


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
