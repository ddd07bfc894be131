"""Fill the catalogs after `pybabel update`: Vietnamese from TSV files, English = msgid.

Usage: python app/translations/fill.py [--dir app/translations] [--strict] [TSV ...]

Each TSV line is `english<TAB>vietnamese`, or `context<TAB>english<TAB>vietnamese` for a
message with a context (pgettext). A TSV translation replaces the catalog's (so a
corrected TSV line wins); an English message no TSV mentions keeps its catalog translation.
Placeholders (%(name)s, {name}) must match the English, or the line is refused. With
--strict the exit status is 1 while any Vietnamese message is untranslated.
"""

import argparse
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-+ #0-9.]*[sdifr]|\{[a-z_]*\}")


def read_tsv(paths: list[str]) -> dict[tuple[str | None, str], str]:
    """(context, English) -> Vietnamese from the TSV files, in order (a later line wins)."""
    table: dict[tuple[str | None, str], str] = {}
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            parts = [part.strip() for part in line.split("\t")]
            context = parts[0] if len(parts) == 3 else None
            english, vietnamese = parts[-2], parts[-1]
            if not vietnamese:
                continue
            if sorted(PLACEHOLDER.findall(english)) != sorted(PLACEHOLDER.findall(vietnamese)):
                print(f"{path}:{number}: placeholders differ, skipped: {english!r}")
                continue
            table[(context, english)] = vietnamese
    return table


def _load(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _save(catalog, path: Path) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, ignore_obsolete=True)


def fill_vi(path: Path, table: dict[tuple[str | None, str], str]) -> list[str]:
    """Apply the table to the Vietnamese catalog; return the msgids still untranslated."""
    catalog = _load(path)
    missing = []
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        if (message.context, message.id) in table:
            message.string = table[(message.context, message.id)]
        if message.string:
            message.flags.discard("fuzzy")
        else:
            missing.append(message.id)
    _save(catalog, path)
    return missing


def fill_en(path: Path) -> None:
    """English: every message is its own translation."""
    catalog = _load(path)
    for message in catalog:
        if message.id and isinstance(message.id, str):
            message.string = message.id
            message.flags.discard("fuzzy")
    _save(catalog, path)


def main(argv: list[str] | None = None) -> int:
    """Fill both catalogs; report what is still missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="app/translations")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("tsv", nargs="*")
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    missing = fill_vi(folder / "vi/LC_MESSAGES/messages.po", read_tsv(args.tsv))
    fill_en(folder / "en/LC_MESSAGES/messages.po")
    for msgid in missing:
        print(f"untranslated (vi): {msgid!r}")
    print(f"vi: {len(missing)} untranslated")
    return 1 if args.strict and missing else 0


if __name__ == "__main__":
    sys.exit(main())
