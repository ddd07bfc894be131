"""Kept for old instructions: `python tests/browser/shell_manifest.py` = app/fieldapp/shell.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.fieldapp.shell import PWA_DIR, TARGET, render, shell_files, write  # noqa: E402

__all__ = ["PWA_DIR", "TARGET", "render", "shell_files", "write"]

if __name__ == "__main__":
    write()
    print(f"{PWA_DIR / TARGET} written (next time: make pwa)")
