"""belarus: checked, cited facts from one analysis article, looked up from the terminal."""

from __future__ import annotations


def main() -> None:
    """The `belarus` command. Ctrl-C while the modules are still loading ends quietly too."""
    import signal
    import sys

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
