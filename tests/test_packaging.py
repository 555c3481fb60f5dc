"""The wheel carries the facts, and an installed `belarus` works from any folder.

Slow: these build a wheel and run Python in subprocesses (`pytest -m "not slow"` skips them).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
FACTS = REPO / "facts"


def run_ok(*command: str, cwd: Path, env: dict[str, str] | None = None) -> Any:
    """Run a command; fail the test with its output unless it exits 0."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def bundled_topics() -> set[str]:
    return {
        topic["id"]
        for path in FACTS.glob("*.toml")
        for topic in tomllib.loads(path.read_text(encoding="utf-8")).get("topic", [])
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        pytest.skip("the `build` package is not installed (pip install '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")  # the backend is here: no download needed
    run_ok(*command, str(REPO), cwd=out)
    (built,) = out.glob("*.whl")
    return built


def test_wheel_holds_every_file_of_facts(wheel: Path) -> None:
    files = {p.relative_to(FACTS).as_posix(): p for p in FACTS.rglob("*") if p.is_file()}
    assert "README.md" in files and any(name.endswith(".toml") for name in files)
    with zipfile.ZipFile(wheel) as archive:
        for name, path in sorted(files.items()):
            inside = f"belarus_cli/facts/{name}"
            assert inside in archive.namelist(), f"{inside} is not in {wheel.name}"
            assert archive.read(inside) == path.read_bytes(), f"{inside} differs from facts/{name}"


def test_installed_wheel_reads_its_own_facts_from_another_folder(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target"]
    run_ok(*pip, str(target), str(wheel), cwd=elsewhere)
    # The wheel's copy comes first on the path, before the checkout this test runs from.
    env = {**os.environ, "PYTHONPATH": str(target)}
    script = (
        "import sys\n"
        "import belarus_cli.load.locations as locations\n"
        "sys.stderr.write(f'{locations.__file__}\\n{locations.bundled_facts_dir()}\\n')\n"
        "from belarus_cli.cli.commands import main\n"
        "sys.argv = ['belarus', 'topics', '--format', 'json']\n"
        "main()\n"
    )
    result = run_ok(sys.executable, "-c", script, cwd=elsewhere, env=env)
    module, facts = result.stderr.splitlines()[:2]
    assert Path(module).is_relative_to(target), f"imported {module}, not the installed wheel"
    assert Path(facts) == target / "belarus_cli" / "facts"
    assert {topic["id"] for topic in json.loads(result.stdout)} == bundled_topics()


def test_installed_command_runs_from_any_folder(tmp_path: Path) -> None:
    # The scripts folder of this interpreter's environment first, then PATH.
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    command = shutil.which("belarus", path=search)
    if command is None:
        pytest.skip("the `belarus` command is not installed")
    result = run_ok(command, "show", "troops", "--format", "json", cwd=tmp_path)
    facts = json.loads(result.stdout)
    assert facts and all("troops" in fact["topics"] for fact in facts)
