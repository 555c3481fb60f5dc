"""The README's examples are real output: each `$ belarus ...` of a console block runs, and
prints what the README shows (line ends aside).

An example is left out, with its reason, when it needs a tool CI may not have (jq), the
article's text when BELARUS_ARTICLE is not set, or a terminal (the boxed answer card).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parent.parent / "README.md"
POSIX_TOOLS = {"cut", "awk", "cat", "head", "echo"}


def examples() -> list[tuple[str, str]]:
    """(command line, the output the README shows for it), from every console block."""
    found: list[tuple[str, str]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        command: str | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return found


def left_out(command: str, shown: str) -> str | None:
    tools = [part.split()[0] for part in command.split(" | ")[1:]]
    if any(tool not in POSIX_TOOLS for tool in tools):
        return f"needs {next(tool for tool in tools if tool not in POSIX_TOOLS)}"
    if "╭" in shown:
        return "shows a terminal's boxed card"
    if "../shared/source/article.txt" in command and not os.environ.get("BELARUS_ARTICLE"):
        return "needs BELARUS_ARTICLE"
    return None


CASES = [
    pytest.param(
        command,
        shown,
        id=command[:60],
        marks=[pytest.mark.skip(reason=reason)] if (reason := left_out(command, shown)) else [],
    )
    for command, shown in examples()
]


def test_the_readme_has_examples_of_every_command() -> None:
    commands = {
        shlex.split(command)[1] for command, _ in examples() if command.startswith("belarus")
    }
    assert {"topics", "show", "fact", "ask", "sources", "validate", "cite"} <= commands
    assert {"compare", "timeline", "who"} <= commands


@pytest.mark.parametrize(("command", "shown"), CASES)
def test_the_example_prints_what_the_readme_shows(command: str, shown: str, tmp_path: Path) -> None:
    if command == "echo $?":
        pytest.skip("checked with the command before it")
    belarus = f"{shlex.quote(sys.executable)} -m belarus_cli"
    line = re.sub(r"^belarus ", f"{belarus} ", command)
    line = line.replace("../shared/source/article.txt", os.environ.get("BELARUS_ARTICLE", ""))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")},
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("BELARUS_FACTS_PATH", None)
    done = subprocess.run(
        ["bash", "-c", f'{line} 2>&1; echo "exit $?"'],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    *printed, status = done.stdout.rstrip("\n").split("\n")
    expected = "\n".join(line.rstrip() for line in shown.splitlines()).strip("\n")
    got = "\n".join(line.rstrip() for line in printed).strip("\n")
    assert got == expected
    follows = [s for c, s in examples() if c == "echo $?"]
    if "nosuch" in command and follows:
        assert status == f"exit {follows[0].strip()}"
