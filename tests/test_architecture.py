"""The package is layered: each stage imports only from the stages below it, and no two modules
import each other, however indirectly. Every import counts: at module level, inside functions,
under TYPE_CHECKING, relative or absolute."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import belarus_cli

PACKAGE = Path(belarus_cli.__file__).parent
# From the bottom of the stack to the top.
LAYERS = ("core", "load", "index", "query", "output", "cli")
# The entry points sit above every layer: `belarus_cli:main` and `python -m belarus_cli`.
ENTRY_POINTS = {"belarus_cli", "belarus_cli.__main__"}


def module_name(path: Path) -> str:
    parts = ("belarus_cli", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> Iterator[tuple[int, str]]:
    """(line, module) for every module of the package that `name` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            # `from . import search` imports a module; `from .search import words` a name.
            targets = [
                f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target == "belarus_cli" or target.startswith("belarus_cli."):
                yield node.lineno, target


def graph(found: dict[str, Path]) -> dict[str, dict[str, int]]:
    """Each module's imports of the package: module -> {imported module: line}."""
    known = set(found)
    edges: dict[str, dict[str, int]] = {}
    for name, path in found.items():
        edges[name] = {}
        for line, target in imported(name, path, known):
            assert target in known, f"{path}:{line}: imports {target}, which does not exist"
            if target != name:
                edges[name].setdefault(target, line)
    return edges


def layer(name: str) -> int | None:
    parts = name.split(".")
    if len(parts) < 2 or parts[1] not in LAYERS:
        return None
    return LAYERS.index(parts[1])


def upward_imports(found: dict[str, Path]) -> list[str]:
    wrong = []
    for name, targets in graph(found).items():
        if name in ENTRY_POINTS:
            continue
        for target, line in targets.items():
            if target in ENTRY_POINTS:
                wrong.append(f"{found[name]}:{line}: {name} imports the entry point {target}")
                continue
            low, high = layer(name), layer(target)
            if low is not None and high is not None and high > low:
                wrong.append(
                    f"{found[name]}:{line}: {name} ({LAYERS[low]}) imports {target} "
                    f"({LAYERS[high]}), a layer above it"
                )
    return wrong


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The import cycles, each as the modules of one strongly connected component (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, {}):
            if target not in order:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], order[target])
        if low[node] == order[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in order:
            visit(node)
    return found


def test_the_walk_sees_every_kind_of_import() -> None:
    """Guards the checks below against passing because they saw nothing."""
    edges = graph(modules())
    assert "belarus_cli.core.model" in edges["belarus_cli.load.loading"]  # relative, top level
    assert "belarus_cli.index.writer" in edges["belarus_cli.query.search"]  # inside a method
    assert "belarus_cli.index.cache" in edges["belarus_cli.index.pipeline"]  # from . import x
    assert "belarus_cli.core.model" in edges["belarus_cli.core.records"]  # under TYPE_CHECKING
    assert "belarus_cli.cli.commands" in edges["belarus_cli"]  # the entry point
    assert "belarus_cli" in edges["belarus_cli.__main__"]  # absolute


def test_every_module_sits_in_a_layer() -> None:
    outside = [
        str(path)
        for name, path in modules().items()
        if name not in ENTRY_POINTS and layer(name) is None
    ]
    assert not outside, f"modules outside the layers {LAYERS}: {outside}"


def test_no_import_points_up_the_stack() -> None:
    wrong = upward_imports(modules())
    assert not wrong, "\n".join(wrong)


def test_no_import_cycles() -> None:
    found = cycles(graph(modules()))
    assert not found, f"import cycles: {found}"


def test_the_layers_import_nothing_when_opened() -> None:
    """`import belarus_cli.query.search` must not load the other modules of its layer: start-up
    time depends on importing only what a command uses."""
    for name in LAYERS:
        tree = ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))
        imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert not imports, f"belarus_cli/{name}/__init__.py imports at line {imports[0].lineno}"


@pytest.mark.parametrize(
    ("where", "line", "problem"),
    [
        ("core/model.py", "from ..query.search import SearchIndex", "a layer above it"),
        ("index/writer.py", "from ..cli import environment", "a layer above it"),
        ("output/render.py", "import belarus_cli.cli.commands", "a layer above it"),
        ("query/lookup.py", "from .. import main", "the entry point"),
    ],
)
def test_an_upward_import_is_caught(tmp_path: Path, where: str, line: str, problem: str) -> None:
    """The module is read from a changed copy; its relative imports resolve as if in place."""
    found = modules()
    name = module_name(PACKAGE / where)
    changed = tmp_path / Path(where).name
    changed.write_text(found[name].read_text(encoding="utf-8") + f"\n\ndef f():\n    {line}\n")
    found[name] = changed
    assert any(problem in message for message in upward_imports(found))
    assert not upward_imports(modules())


def test_a_cycle_is_caught() -> None:
    edges = graph(modules())
    edges["belarus_cli.query.search"]["belarus_cli.query.compare"] = 1  # compare imports search
    assert not cycles(graph(modules()))
    assert any(
        {"belarus_cli.query.compare", "belarus_cli.query.search"} <= set(c) for c in cycles(edges)
    )


# --- sizes ------------------------------------------------------------------------------------

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60  # from its `def` to its last line, docstring included


def module_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_modules(found: dict[str, Path]) -> list[str]:
    """`path: N lines` for each module over MAX_MODULE_LINES."""
    wrong = []
    for path in found.values():
        lines = module_lines(path)
        if lines > MAX_MODULE_LINES:
            wrong.append(f"{path}: {lines} lines")
    return wrong


def long_functions(found: dict[str, Path]) -> list[str]:
    """`path:line: name, N lines` for each function or method over MAX_FUNCTION_LINES."""
    wrong = []
    for path in found.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    wrong.append(f"{path}:{node.lineno}: {node.name}, {lines} lines")
    return wrong


def test_no_module_is_longer_than_the_limit() -> None:
    wrong = long_modules(modules())
    assert not wrong, f"modules over {MAX_MODULE_LINES} lines — split them:\n" + "\n".join(wrong)


def test_no_function_is_longer_than_the_limit() -> None:
    wrong = long_functions(modules())
    assert not wrong, (
        f"functions over {MAX_FUNCTION_LINES} lines — cut them into named steps:\n"
        + "\n".join(wrong)
    )


def test_a_long_module_and_a_long_function_are_caught(tmp_path: Path) -> None:
    """The checks above see every module and every function, methods and nested ones too."""
    found = modules()
    name = module_name(PACKAGE / "query" / "lookup.py")
    changed = tmp_path / "lookup.py"
    body = "".join(f"        x = {n}\n" for n in range(MAX_FUNCTION_LINES))
    padding = "\n" * MAX_MODULE_LINES
    changed.write_text(
        found[name].read_text(encoding="utf-8") + f"\n\nclass C:\n    def m(self):\n{body}{padding}"
    )
    found[name] = changed
    assert long_modules(found) == [f"{changed}: {module_lines(changed)} lines"]
    assert [message.split(": ", 1)[1] for message in long_functions(found)] == [
        f"m, {MAX_FUNCTION_LINES + 1} lines"
    ]
    assert not long_modules(modules())
