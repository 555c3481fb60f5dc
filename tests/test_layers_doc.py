"""The README's table of the layers and ARCHITECTURE.md name the package as it is."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "belarus_cli"
LAYERS = ("core", "load", "index", "query", "output", "cli")


def test_the_readme_names_every_module_of_each_layer_in_its_row() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{layer}/` |"))
        named = set(re.findall(r"`(\w+)`", row.split("|")[2]))
        modules = {path.stem for path in (PACKAGE / layer).glob("*.py")} - {"__init__"}
        assert modules <= named, f"{layer}/: {sorted(modules - named)} missing in the README"


def test_architecture_describes_every_layer_and_the_files_it_points_to() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for layer in LAYERS:
        assert f"| `{layer}/` |" in text
    for layer, module in re.findall(r"`(\w+)/(\w+)\.py`", text):
        if layer not in LAYERS:
            continue  # tests/, bench/
        assert (PACKAGE / layer / f"{module}.py").is_file(), f"{layer}/{module}.py"
