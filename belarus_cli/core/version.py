"""The installed version of the package."""

from __future__ import annotations


def installed_version() -> str | None:
    """The version in the installed package's metadata (the one place it is written, from
    pyproject.toml), read straight from its dist-info: importlib.metadata takes longer to
    import than the file takes to find."""
    import os
    import sys

    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("belarus_cli-") and name.endswith(".dist-info"):
                try:
                    with open(os.path.join(folder, name, "METADATA"), encoding="utf-8") as meta:
                        for line in meta:
                            if line.startswith("Version:"):
                                return line.split(":", 1)[1].strip()
                except OSError:
                    continue
    return None
