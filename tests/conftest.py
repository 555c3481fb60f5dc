"""Fixtures shared by every test file: a CLI runner, the article's path, a clean environment."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
from typer.testing import CliRunner, Result

from belarus_cli.cli.commands import app
from belarus_cli.cli.environment import Environment
from belarus_cli.core.model import FactBase

# Variables that change what the command reads or how it draws (Rich reads the terminal ones
# too); each test starts without them, and sets the ones it is about.
ENV_VARS: tuple[str, ...] = ("BELARUS_FACTS_PATH", "NO_COLOR", "FORCE_COLOR", "BELARUS_NO_CACHE")
ENV_VARS += (
    "PAGER",
    "BELARUS_FORMAT",
    "BELARUS_LIMIT",
    "BELARUS_STYLE",
    "BELARUS_COLOR",
    "BELARUS_PAGER",
)
TERMINAL_VARS = ("TERM", "COLORTERM", "COLUMNS", "TTY_COMPATIBLE", "TTY_INTERACTIVE")

Run = Callable[..., Result]
T = TypeVar("T")


def _runner() -> CliRunner:
    # Typer 0.29 (click vendored) always keeps stderr apart from stdout; runners built on
    # click < 8.2 only do so when asked with mix_stderr=False.
    if "mix_stderr" in inspect.signature(CliRunner).parameters:  # pragma: no cover
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


@pytest.fixture(autouse=True)
def clean_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for name in (*ENV_VARS, *TERMINAL_VARS):
        monkeypatch.delenv(name, raising=False)
    # Index caches go to a folder of this test run, never to the user's own.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))
    # The user's own config file is never read: a test that wants one writes it here.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.getbasetemp() / "xdg-config"))


@pytest.fixture
def run() -> Run:
    """`run("show", "troops", env={...})`: invoke `belarus`; result.stdout and .stderr apart."""

    def invoke(*args: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Result:
        arguments = [os.fspath(arg) for arg in args]
        # A crash must fail the test with its traceback, not pass as some exit code.
        return _runner().invoke(app, arguments, env=env, catch_exceptions=False)

    return invoke


def article_file() -> Path:
    """The article's text file, from BELARUS_ARTICLE (CI sets it); the test skips without it."""
    value = os.environ.get("BELARUS_ARTICLE")
    if not value:
        pytest.skip("BELARUS_ARTICLE is not set: point it at shared/source/article.txt")
    path = Path(value)
    if not path.is_file():
        pytest.fail(f"BELARUS_ARTICLE={value} is not a file")
    return path


@pytest.fixture
def article_path() -> Path:
    return article_file()


@pytest.fixture(scope="module")
def article() -> str:
    """The article's text."""
    return article_file().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def base() -> FactBase:
    """The bundled facts."""
    return Environment().facts()


Closes = Callable[[T], T]


@pytest.fixture
def closes(request: pytest.FixtureRequest) -> Closes[Any]:
    """`db = closes(sqlite3.connect(path))`: closed when the test ends, pass or fail (Python
    3.13 warns of a database left for the garbage collector)."""

    def later(thing: T) -> T:
        request.addfinalizer(thing.close)  # type: ignore[attr-defined]
        return thing

    return later


def run_cli(args: Sequence[str | os.PathLike[str]]) -> Result:
    """Invoke `belarus`; an exception that escapes the CLI's own handling fails the test."""
    env = {"BELARUS_FACTS_PATH": None, "NO_COLOR": None, "COLUMNS": "200"}
    result = CliRunner().invoke(app, [os.fspath(a) for a in args], env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code != 70, result.stderr
    return result
