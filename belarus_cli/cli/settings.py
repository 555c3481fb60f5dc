"""The user's settings and where each comes from: flags, then BELARUS_* variables, then the
config file ($XDG_CONFIG_HOME/belarus/config.toml), then the defaults.

A broken config file is reported (path:line, what is wrong, how to fix it) and the defaults
are used instead; it never stops a run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from ..core.switches import read_bool

# name: (environment variable, what it holds, default). Formats and styles are checked where
# they are used, against the one registry of each.
SETTINGS: dict[str, tuple[str, str, Any]] = {
    "format": ("BELARUS_FORMAT", "a format name", None),
    "limit": ("BELARUS_LIMIT", "a whole number from 1 to 1000", None),
    "style": ("BELARUS_STYLE", "a citation style", "apa"),
    "color": ("BELARUS_COLOR", "auto, always or never", "auto"),
    "pager": ("BELARUS_PAGER", "a pager command, or false for none", None),
    "facts_dirs": ("BELARUS_FACTS_PATH", "a list of folders", []),
    "no_cache": ("BELARUS_NO_CACHE", "true or false", False),
}
COLORS = ("auto", "always", "never")


def config_path(environ: Mapping[str, str]) -> Path:
    """$XDG_CONFIG_HOME/belarus/config.toml, or ~/.config/...; a relative XDG path is ignored."""
    xdg = environ.get("XDG_CONFIG_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".config"
    return base / "belarus" / "config.toml"


class Setting(NamedTuple):
    value: Any
    origin: str  # "--flag", "BELARUS_X", "path:line" or "default"


class Settings:
    """Resolved once a run; `problems` holds what was wrong in the config file."""

    def __init__(self, flags: Mapping[str, Any], environ: Mapping[str, str] | None = None):
        self.environ = os.environ if environ is None else environ
        self.path = config_path(self.environ)
        self.problems: list[str] = []
        self.config, self.lines = self._read_config()
        self.resolved = {name: self._resolve(name, flags.get(name)) for name in SETTINGS}

    def __getitem__(self, name: str) -> Any:
        return self.resolved[name].value

    def _read_config(self) -> tuple[dict[str, Any], dict[str, int]]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}, {}
        except (OSError, UnicodeDecodeError) as error:
            self.problems.append(f"{self.path}: cannot be read ({error}) — using the defaults")
            return {}, {}
        # Only now, with a config file to read: the TOML parser costs a run a few ms.
        from ..load.toml_text import tomllib  # type: ignore[attr-defined]

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            line = getattr(error, "lineno", None) or _line_of(str(error))
            last = max(1, len(text.splitlines()))
            if line is None and "end of document" in str(error):
                line = last
            elif line is not None:  # tomli counts the line after a final newline
                line = min(line, last)
            where = f"{self.path}:{line}" if line else str(self.path)
            message = str(error).split(" (at ")[0]
            self.problems.append(
                f"{where}: {message} — fix the TOML (see the README's Configuration); "
                "using the defaults"
            )
            return {}, {}
        lines: dict[str, int] = {}
        for number, raw in enumerate(text.splitlines(), 1):
            key = raw.split("=", 1)[0].strip()
            if "=" in raw and key in data:
                lines.setdefault(key, number)
        for key in data:
            if key.replace("-", "_") not in SETTINGS:
                known = ", ".join(SETTINGS)
                self.problems.append(
                    f"{self.path}:{lines.get(key, 0)}: unknown setting {key!r} — "
                    f"the settings are {known}; it is ignored"
                )
        return {k.replace("-", "_"): v for k, v in data.items()}, lines

    def _resolve(self, name: str, flag: Any) -> Setting:
        variable, _, default = SETTINGS[name]
        if name == "facts_dirs":
            # Folders add up (bundled, config, BELARUS_FACTS_PATH, --facts-dir): only the
            # config's are this setting's own.
            flag = None
        if flag is not None and flag != []:
            return Setting(flag, "option")
        from_env = self._from_environment(name, variable)
        if from_env is not None:
            return Setting(from_env, variable)
        if name in self.config:
            value = self._checked(name, self.config[name])
            if value is not None:
                return Setting(value, f"{self.path}:{self.lines.get(name, 0)}")
        return Setting(default, "default")

    def _from_environment(self, name: str, variable: str) -> Any:
        raw = self.environ.get(variable)
        if raw is None or name == "facts_dirs" or (raw == "" and name != "pager"):
            return None
        if name == "no_cache":
            return read_bool(raw)  # neither true nor false: as if unset
        if name == "facts_dirs":
            return [Path(p) for p in raw.split(os.pathsep) if p]
        if name == "limit":
            return int(raw) if raw.isdigit() and 1 <= int(raw) <= 1000 else None
        if name == "color":
            return raw.lower() if raw.lower() in COLORS else None
        if name == "pager":
            return raw.strip() or False
        return raw

    def _checked(self, name: str, value: Any) -> Any:
        """A config value of the right kind, or None with a problem noted."""
        _, wanted, _ = SETTINGS[name]
        ok = {
            "format": isinstance(value, str),
            "style": isinstance(value, str),
            "limit": isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 1000,
            "color": value in COLORS,
            "pager": isinstance(value, (str, bool)) and value is not True,
            "facts_dirs": isinstance(value, list) and all(isinstance(v, str) for v in value),
            "no_cache": isinstance(value, bool),
        }[name]
        if not ok:
            self.problems.append(
                f"{self.path}:{self.lines.get(name, 0)}: {name} = {value!r} is not {wanted} — "
                "fix it; the default is used"
            )
            return None
        if name == "facts_dirs":
            return [Path(v).expanduser() for v in value]
        return value

    def pager(self) -> str | None:
        """The pager command the settings give, None for the default chain, "" for none."""
        value = self["pager"]
        return "" if value is False else value


def _line_of(message: str) -> int | None:
    import re

    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None
