"""The package's layers, read from the source with ``ast``: a lower layer never imports a higher one.

records/schemas -> page decoding -> fetch | sources -> extract -> normalize -> store ->
run | qa -> report -> cli. Components joined by ``|`` are independent: neither imports the
other. Imports inside functions count too (a lazy import is still a dependency), and there are
no import cycles between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# Lowest first. Each layer: (components, independent?). A module belongs to the component
# that is its longest dotted prefix ("pipeline" itself matches only the package __init__).
LAYERS: list[tuple[tuple[str, ...], bool]] = [
    (
        (
            "pipeline",
            "pipeline.errors",
            "pipeline.records",
            "pipeline.normalize.schemas",
            "pipeline.config",
            "pipeline.config_text",
            "pipeline.logs",
            "pipeline.resources",
            "pipeline.files",
            "pipeline.crashpoints",
            "pipeline.deadlines",
            "pipeline.cache_dir",
            "pipeline.compiled_patterns",
            "pipeline.cache_dir",
            "pipeline.compiled_patterns",
        ),
        False,
    ),
    (("pipeline.page", "pipeline.codings"), False),
    (("pipeline.fetch", "pipeline.sources"), True),
    (("pipeline.extract",), False),
    (("pipeline.normalize",), False),
    (("pipeline.store",), False),
    (("pipeline.run", "pipeline.qa"), True),
    (("pipeline.report",), False),
    (("pipeline.cli", "pipeline.commands", "pipeline.stdout", "pipeline.__main__"), False),
]


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def imports_of(path: Path, name: str, known: set[str]) -> set[str]:
    """Modules of this package that ``path`` imports anywhere (top level, functions, TYPE_CHECKING)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:  # ``from pkg import submodule`` depends on the submodule
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m in known and m != name}


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    mods = modules(root)
    return {name: imports_of(path, name, set(mods)) for name, path in mods.items()}


def place(name: str) -> tuple[int, str]:
    """(layer index, component) of a module; every module must have one."""
    best: tuple[int, str] | None = None
    for index, (components, _) in enumerate(LAYERS):
        for component in components:
            matches = name == component or (component != "pipeline" and name.startswith(component + "."))
            if matches and (best is None or len(component) > len(best[1])):
                best = (index, component)
    if best is None:
        raise AssertionError(f"{name} is in no layer: add it to LAYERS in {__file__}")
    return best


def violations(deps: dict[str, set[str]]) -> list[str]:
    found = []
    for name, targets in sorted(deps.items()):
        layer, component = place(name)
        for target in sorted(targets):
            target_layer, target_component = place(target)
            if target_layer > layer:
                found.append(f"{name} imports {target} (a higher layer)")
            elif target_layer == layer and target_component != component and LAYERS[layer][1]:
                found.append(f"{name} imports {target} (independent of each other)")
    return found


def cycles(deps: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in deps.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(deps):
        if node not in index:
            visit(node)
    return found


def test_no_lower_layer_imports_a_higher_one() -> None:
    assert violations(graph()) == []


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_every_module_is_in_a_layer() -> None:
    for name in modules():
        place(name)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from pipeline.run.runner import run_pipeline\n", "pipeline.extract.x imports pipeline.run.runner"),
        ("def f():\n    from pipeline.cli import main\n", "pipeline.extract.x imports pipeline.cli"),
        ("import pipeline.store.parquet\n", "pipeline.extract.x imports pipeline.store.parquet"),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, source: str, expected: str) -> None:
    """The checker itself: a planted upward import (top level, lazy, plain import) is reported."""
    tree = tmp_path / "pipeline"
    for name, text in {
        "__init__.py": "",
        "extract/__init__.py": "",
        "extract/x.py": source,
        "run/__init__.py": "",
        "run/runner.py": "",
        "store/__init__.py": "",
        "store/parquet.py": "",
        "cli.py": "",
    }.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text)
    assert [v.split(" (")[0] for v in violations(graph(tree))] == [expected]


def test_the_check_catches_independent_siblings_and_cycles() -> None:
    deps = {"pipeline.fetch.a": {"pipeline.sources.b"}, "pipeline.sources.b": {"pipeline.fetch.a"}}
    assert violations(deps) == [
        "pipeline.fetch.a imports pipeline.sources.b (independent of each other)",
        "pipeline.sources.b imports pipeline.fetch.a (independent of each other)",
    ]
    assert cycles(deps) == [["pipeline.fetch.a", "pipeline.sources.b"]]
