"""Yes-or-no values written as text (environment variables, config): one reading for all."""

from __future__ import annotations

TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def read_bool(value: str | None) -> bool | None:
    """1/true/yes/on and 0/false/no/off, in any case; None for anything else or unset."""
    if value is None:
        return None
    folded = value.strip().lower()
    return True if folded in TRUE else False if folded in FALSE else None
