"""The house's layers, read from the source (AST, nothing imported).

`robot.core` is the base: errors, paths, the settings base, redaction; it imports
nothing else of the project. The subsystems (`rag`, `speech`, `models`, `hardware`)
may use the base and each other, never the app above them (the rest of `robot`: the
CLI, the loop, the composition root). And no import cycle, between packages or modules.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("robot", "rag", "speech", "models", "hardware")
SUBSYSTEMS = ("rag", "speech", "models", "hardware")
BASE = "robot.core"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def type_only(tree: ast.Module) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:` (never run: no cycle, still coupling)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and (
                node.test.id == "TYPE_CHECKING"):
            out.update(id(n) for child in node.body for n in ast.walk(child))
    return out


def project_imports(path: Path, *, typing: bool = True) -> set[str]:
    """Every project module `path` imports, at any depth of the file (lazy ones too);
    `typing=False` leaves out the imports made for type checkers only."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skip = set() if typing else type_only(tree)
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from robot import x` may name a module robot/x.py or a name in robot/__init__
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        found.update(n for n in names if n.split(".")[0] in PACKAGES)
    return {resolve(n) for n in found} - {here}


def resolve(name: str) -> str:
    """The module a dotted name lives in (`robot.core.errors.ConfigError` -> its module)."""
    parts = name.split(".")
    while parts:
        candidate = ROOT.joinpath(*parts)
        if candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file():
            return ".".join(parts)
        parts.pop()
    return name


def graph(*, typing: bool = True) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            edges[module_name(path)] = project_imports(path, typing=typing)
    return edges


def in_base(module: str) -> bool:
    return module == BASE or module.startswith(BASE + ".")


def test_the_base_layer_imports_nothing_of_the_project() -> None:
    bad = {m: sorted(i for i in deps if not in_base(i))
           for m, deps in graph().items() if in_base(m)}
    assert not {m: d for m, d in bad.items() if d}, bad


def test_subsystems_use_only_the_base_of_robot() -> None:
    bad: dict[str, list[str]] = defaultdict(list)
    for module, deps in graph().items():
        if module.split(".")[0] in SUBSYSTEMS:
            bad[module] += [d for d in sorted(deps)
                            if d.split(".")[0] == "robot" and not in_base(d)]
    assert not {m: d for m, d in bad.items() if d}, dict(bad)


def test_no_import_cycle_between_packages() -> None:
    layer = {m: ("robot.core" if in_base(m) else m.split(".")[0]) for m in graph()}
    edges: dict[str, set[str]] = defaultdict(set)
    for module, deps in graph(typing=False).items():
        for dep in deps:
            a, b = layer[module], layer.get(dep, dep.split(".")[0])
            if a != b:
                edges[a].add(b)
    assert not find_cycle(edges), find_cycle(edges)


def test_no_import_cycle_between_modules() -> None:
    edges = graph(typing=False)
    # A package's __init__ re-exporting its own modules is not a cycle of meaning.
    cleaned = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in edges.items()}
    assert not find_cycle(cleaned), find_cycle(cleaned)


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle as a path of names (first == last), or [] (iterative DFS, three colours)."""
    colour: dict[str, int] = {}
    for start in sorted(edges):
        if colour.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(edges.get(start, ())))]
        path = [start]
        colour[start] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                colour[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if colour.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if not colour.get(nxt):
                colour[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(edges.get(nxt, ()))))
    return []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []
