"""The house's rule: layers point down and no modules import each other in a circle."""

import subprocess
import sys
from pathlib import Path

from tooling.import_cycles import import_cycles, js_imports, python_imports
from tooling.js_imports import missing_imports

ROOT = Path(__file__).resolve().parents[1]


def test_a_circle_is_found_however_long():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert import_cycles(edges, lambda m: edges[m]) == [["a", "b", "c"]]


def test_no_circle_in_the_server_or_the_field_app():
    assert import_cycles(*python_imports()) == []
    assert import_cycles(*js_imports()) == []


def test_an_upward_import_breaks_the_layers_contract(tmp_path):
    """lint-imports passes on the tree, and fails once a lower layer imports a higher one."""
    lint = [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"]
    assert subprocess.run(lint, cwd=ROOT, capture_output=True).returncode == 0
    upward = ROOT / "app" / "core" / "zz_upward_probe.py"
    upward.write_text("from app.console import bp  # noqa: F401\n")
    try:
        result = subprocess.run(lint, cwd=ROOT, capture_output=True, text=True)
    finally:
        upward.unlink()
    assert result.returncode != 0
    assert "app.core.zz_upward_probe" in result.stdout


def test_every_name_the_field_app_imports_is_exported(tmp_path):
    """A name imported but not exported stops the whole field app at start-up."""
    assert missing_imports() == []
    (tmp_path / "a.js").write_text("export function kept() {}\nexport const also = 1;\n")
    (tmp_path / "b.js").write_text("import { kept, also, gone as g } from './a.js';\n")
    assert missing_imports(tmp_path) == [f"{tmp_path.name}/b.js: ./a.js exports no gone"]
