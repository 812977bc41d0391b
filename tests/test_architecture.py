"""The one-way data flow, checked on the source: every import (module level or inside a function) is an edge of
the graph of `scenario_lib` modules; no cycle, and no edge a layer must not have."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "scenario_lib"

# package → packages it must never import (a layer below never reaches a layer above)
ABOVE_MODELS = {"render", "bank", "widgets", "batch", "services", "cli", "server"}
FORBIDDEN = {
    "referential": ABOVE_MODELS | {"scenario", "planning", "pfmp"},
    "scenario": ABOVE_MODELS | {"planning", "pfmp"},
    "planning": ABOVE_MODELS | {"pfmp"},
    "pfmp": {"batch", "widgets", "services", "cli", "server"},
    "bank": {"render", "batch", "widgets", "services", "cli", "server", "planning", "scenario", "pfmp"},
    "render": {"bank", "batch", "widgets", "services", "cli", "server"},
    "batch": {"widgets", "services", "cli", "server"},
    "services": {"widgets", "cli", "server"},
    "widgets": {"cli", "server"},
}


def module_names(root: Path = ROOT) -> dict[str, Path]:
    names = {}
    for path in root.rglob("*.py"):
        parts = ("scenario_lib", *path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module an import names: itself if it is one, else its nearest enclosing module."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module → modules it imports, anywhere in its body; `from pkg import sub` is an edge to `pkg.sub` (and to
    `pkg` itself only when a name imported is not a module of it)."""
    modules = module_names(root)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
            else:
                continue
            for target in targets:
                resolved = _resolve(target, modules) if target.startswith("scenario_lib") else None
                if resolved and resolved != name:
                    graph[name].add(resolved)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
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
    return found


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def forbidden_edges(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} → {b}" for a, targets in graph.items() for b in targets if _package(b) in FORBIDDEN.get(_package(a), ())
    )


def test_no_import_cycle_in_scenario_lib():
    found = cycles(import_graph())
    assert not found, "cycles d'imports : " + " ; ".join(" ↔ ".join(c) for c in found)


def test_no_layer_imports_a_layer_above_it():
    edges = forbidden_edges(import_graph())
    assert not edges, "imports interdits : " + ", ".join(edges)


def test_the_graph_sees_function_level_imports_and_cycles(tmp_path):
    """The checker itself: a cycle hidden in a function, and a forbidden edge, are both reported."""
    pkg = tmp_path / "scenario_lib"
    (pkg / "planning").mkdir(parents=True)
    (pkg / "bank").mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "planning" / "__init__.py").write_text("")
    (pkg / "bank" / "__init__.py").write_text("")
    (pkg / "planning" / "a.py").write_text("from . import b\n")
    (pkg / "planning" / "b.py").write_text("def f():\n    from .a import x\n    from ..bank import Bank\n")
    graph = import_graph(pkg)
    assert cycles(graph) == [["scenario_lib.planning.a", "scenario_lib.planning.b"]]
    assert forbidden_edges(graph) == ["scenario_lib.planning.b → scenario_lib.bank"]


@pytest.mark.parametrize("layer", ["planning", "scenario"])
def test_planners_never_see_the_bank_the_renderers_or_the_widgets(layer):
    graph = import_graph()
    reached = {_package(b) for a, targets in graph.items() if _package(a) == layer for b in targets}
    assert not reached & {"render", "bank", "widgets", "batch"}
