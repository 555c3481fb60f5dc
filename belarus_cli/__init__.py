"""belarus: checked, cited facts from one analysis article, looked up from the terminal."""

from __future__ import annotations


def version() -> str:
    """The installed version, from package metadata (the one place it is written)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("belarus-cli")
    except PackageNotFoundError:
        return "0+unknown"


def main() -> None:
    """The `belarus` command. Ctrl-C while the modules are still loading ends quietly too."""
    import sys

    try:
        from .cli import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    run()
