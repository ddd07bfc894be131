"""The field app unbundled (PWA_MODULES=1, development): its page loads pwa/js/main.js itself.

pwa/index.html loads the bundle; this swaps that one script for the ES modules, with a
modulepreload of every module the entry reaches by static imports (on a long round trip the
browser would otherwise find them one import level at a time).
"""

import re
from pathlib import Path

ENTRY = "js/main.js"
BUNDLE_SCRIPT = '<script type="module" src="/app/dist/main.js"></script>'
# `import x from './a.js'`, `import './a.js'`, `export { x } from './a.js'` (not `import()`).
STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b(?:[^'"();]*?\bfrom)?\s*['"](\.{1,2}/[^'"]+)['"]""", re.M
)


def static_imports(pwa: Path, entry: str = ENTRY) -> list[str]:
    """The modules the entry reaches by static imports, the entry first (paths under pwa/)."""
    seen: list[str] = []
    todo = [entry]
    while todo:
        rel = todo.pop(0)
        if rel in seen:
            continue
        seen.append(rel)
        path = pwa / rel
        for target in STATIC_IMPORT.findall(path.read_text(encoding="utf-8")):
            todo.append((path.parent / target).resolve().relative_to(pwa.resolve()).as_posix())
    return seen


def module_page(pwa: Path) -> str:
    """pwa/index.html with the bundle's script replaced by the modules and their preloads."""
    html = (pwa / "index.html").read_text(encoding="utf-8")
    preloads = "".join(
        f'<link rel="modulepreload" href="/app/{rel}">\n  ' for rel in static_imports(pwa)
    )
    script = f'{preloads}<script type="module" src="/app/{ENTRY}"></script>'
    if BUNDLE_SCRIPT not in html:
        raise RuntimeError(f"pwa/index.html lacks {BUNDLE_SCRIPT}")
    return html.replace(BUNDLE_SCRIPT, script)
