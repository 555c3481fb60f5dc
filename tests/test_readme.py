"""The README's examples are real output: each `$ belarus ...` of a console block runs, and
prints what the README shows (line ends aside).

An example is left out, with its reason, when it needs a tool CI may not have (jq), the
article's text when BELARUS_ARTICLE is not set, or a terminal (the boxed answer card).
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).parent.parent / "README.md"
POSIX_TOOLS = {"cut", "awk", "cat", "head", "echo"}


def examples() -> list[tuple[str, str, str | None]]:
    """(command line, the output the README shows for it, the exit status shown by an
    `echo $?` that follows it), from every console block."""
    found: list[tuple[str, str, str | None]] = []
    for block in re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S):
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = part.partition("\n")
            if command == "echo $?" and found:
                found[-1] = (*found[-1][:2], shown.strip())
            else:
                found.append((command, shown, None))
    return found


def left_out(command: str, shown: str) -> str | None:
    words = list(shlex.shlex(command, posix=True, punctuation_chars="|"))
    tools = [after for before, after in itertools.pairwise(words) if before == "|"]
    missing = [tool for tool in tools if tool not in POSIX_TOOLS and shutil.which(tool) is None]
    if missing:
        return f"needs {missing[0]}"
    if "╭" in shown:
        return "shows a terminal's boxed card"
    if "../shared/source/article.txt" in command and not os.environ.get("BELARUS_ARTICLE"):
        return "needs BELARUS_ARTICLE"
    return None


CASES = [
    pytest.param(
        command,
        shown,
        status,
        id=command[:60],
        marks=[pytest.mark.skip(reason=reason)] if (reason := left_out(command, shown)) else [],
    )
    for command, shown, status in examples()
]


def test_the_readme_has_examples_of_every_command() -> None:
    commands = {
        shlex.split(command)[1] for command, _, _ in examples() if command.startswith("belarus")
    }
    assert {"topics", "show", "fact", "ask", "sources", "validate", "cite"} <= commands
    assert {"compare", "timeline", "who"} <= commands


@pytest.mark.parametrize(("command", "shown", "status"), CASES)
def test_the_example_prints_what_the_readme_shows(
    command: str, shown: str, status: str | None, tmp_path: Path
) -> None:
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
    *printed, exit_line = done.stdout.rstrip("\n").split("\n")
    expected = "\n".join(line.rstrip() for line in shown.splitlines()).strip("\n")
    got = "\n".join(line.rstrip() for line in printed).strip("\n")
    assert got == expected
    if status is not None:
        assert exit_line == f"exit {status}"
