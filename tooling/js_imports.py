"""Fail when a field-app module imports a name that the module it names does not export.

The browser finds such a mistake only at run time, and then the whole app fails to start
(a module graph is linked at once). Run by `make lint`, beside tooling/import_cycles.py.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMED_IMPORT = re.compile(r"""import\s*\{([^}]*)\}\s*from\s*['"](\.{1,2}/[^'"]+)['"]""")
EXPORTED = re.compile(
    r"""export\s+(?:async\s+)?(?:function\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)"""
)
EXPORT_LIST = re.compile(r"""export\s*\{([^}]*)\}""")


def exports_of(path: Path) -> set[str]:
    """The names a module exports (declarations and export lists)."""
    text = path.read_text(encoding="utf-8")
    names = set(EXPORTED.findall(text))
    for group in EXPORT_LIST.findall(text):
        names |= {part.split(" as ")[-1].strip() for part in group.split(",") if part.strip()}
    return names


def missing_imports(folder: Path = ROOT / "pwa") -> list[str]:
    """Each `import { name } from './x.js'` whose module does not export `name`."""
    problems = []
    base = folder.parent
    for path in sorted(folder.rglob("*.js")):
        if "vendor" in path.parts or "dist" in path.parts:  # not ours / built from the modules
            continue
        for group, target in NAMED_IMPORT.findall(path.read_text(encoding="utf-8")):
            source = (path.parent / target).resolve()
            if not source.exists():
                problems.append(f"{path.relative_to(base)}: {target} does not exist")
                continue
            exported = exports_of(source)
            for part in group.split(","):
                name = part.split(" as ")[0].strip()
                if name and name not in exported:
                    problems.append(f"{path.relative_to(base)}: {target} exports no {name}")
    return problems


def main() -> int:
    """Print each missing import and exit 1, or exit 0."""
    problems = missing_imports()
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
