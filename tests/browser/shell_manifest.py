"""Kept for old instructions: `python tests/browser/shell_manifest.py` = app/pwa_shell.py."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.pwa_shell import PWA, TARGET, render, shell_files, write  # noqa: E402

__all__ = ["PWA", "TARGET", "render", "shell_files", "write"]

if __name__ == "__main__":
    write()
    print(f"{PWA / TARGET} written (next time: make pwa)")
