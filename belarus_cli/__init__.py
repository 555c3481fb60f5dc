"""belarus: checked, cited facts from one analysis article, looked up from the terminal."""

from __future__ import annotations


def main() -> None:
    """The `belarus` command. Ctrl-C while the modules are still loading ends quietly too."""
    import sys

    try:
        from .cli.commands import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
