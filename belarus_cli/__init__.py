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
