"""Fail when modules import each other in a circle: the server's app/ (imports inside
functions count) and the field app's pwa/js (dynamic import() counts).

import-linter's layers contract (pyproject.toml) keeps the packages pointing down; this keeps
the modules inside each package free of circles too. Run by `make lint`.
"""

import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
JS_IMPORT = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}/[^'"]+)['"]""")


def python_imports(package: str = "app") -> tuple[Iterable[str], Callable[[str], set[str]]]:
    """The modules of a Python package and, for each, the modules it imports."""
    sys.path.insert(0, str(ROOT))
    graph = grimp.build_graph(package)
    return graph.modules, graph.find_modules_directly_imported_by


def js_imports(folder: Path = ROOT / "pwa") -> tuple[Iterable[str], Callable[[str], set[str]]]:
    """The field app's ES modules and, for each, the modules it imports (static or dynamic)."""
    edges = {}
    for path in sorted(folder.rglob("*.js")):
        if "vendor" in path.parts or "dist" in path.parts:  # not ours / built from the modules
            continue
        found = JS_IMPORT.findall(path.read_text(encoding="utf-8"))
        edges[str(path.relative_to(ROOT))] = {
            str((path.parent / name).resolve().relative_to(ROOT)) for name in found
        }
    return edges, lambda module: edges.get(module, set())


def import_cycles(modules: Iterable[str], imports: Callable[[str], set[str]]) -> list[list[str]]:
    """Return each group of modules that import one another, directly or around a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(imports(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for module in sorted(modules):
        if module not in index:
            visit(module)
    return found


def main() -> int:
    """Print each circle and exit 1, or exit 0 when there is none."""
    cycles = import_cycles(*python_imports()) + import_cycles(*js_imports())
    for group in cycles:
        print("import circle: " + " -> ".join(group))
    return 1 if cycles else 0


if __name__ == "__main__":
    sys.exit(main())
