"""Did you mean, sensibly, and one error style: `error: what is wrong — how to fix it`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Run


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["shwo", "troops"], "error: no command 'shwo' — did you mean show?"),
        (["show", "troops", "--format", "jsn"], "— did you mean json?"),
        (["cite", "--style", "apaa"], "— did you mean apa?"),
        (["cite", "--style", "chicago-not"], "— did you mean chicago-note?"),
        (["show", "troop"], "— did you mean: troops?"),
        (["fact", "troops.gur-just-over-300"], "— did you mean: troops.gur-just-over-3000?"),
        (["who", "lukashenkko"], "did you mean: Lukashenko"),
    ],
)
def test_mistypes_get_the_close_name(run: Run, args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1, "one line"


@pytest.mark.parametrize(
    "args",
    [
        ["qwertyuiop"],
        ["ask", "qwertyuiop"],
        ["ask", "who", "is", "Tsikhanouskaya"],
        ["show", "xyzzy"],
    ],
)
def test_no_suggestion_without_a_real_likeness(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code in (1, 2)
    assert "did you mean" not in result.stderr
    assert " — " in result.stderr, "still says how to go on"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "bypol"], "BYPOL is an organisation: belarus who bypol"),
        (
            ["show", "lukashenko"],
            "Alexander Lukashenka is a person: belarus who alexander-lukashenka",
        ),
        (["who", "bases"], "'bases' is a topic: belarus show bases"),
    ],
)
def test_a_name_another_command_knows_gets_that_command(
    run: Run, args: list[str], expected: str
) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "polls" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["shwo"],
        ["show", "troops", "--bogus"],
        ["show"],
        ["ask", "-n", "0", "troops"],
        ["show", "troops", "--format", "jsn"],
        ["validate", "--source-text", "/no/such/file"],
    ],
)
def test_the_parsers_errors_in_the_tools_style(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert " — " in result.stderr
    for click_style in ("Usage:", "Try '", "Error:"):
        assert click_style not in result.stderr
    assert result.stdout == ""


def test_validate_does_not_say_drop_strict_to_whom_never_gave_it(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "bad.toml").write_text("[broken", encoding="utf-8")
    plain = run("--facts-dir", str(folder), "validate")
    assert plain.exit_code == 3
    assert "--strict" not in plain.stderr
    strict = run("--facts-dir", str(folder), "--strict", "show", "troops")
    assert strict.exit_code == 3
    assert "drop --strict" in strict.stderr
