"""Time the spreadsheet reader on issue 23's small file that expands: one long shared string
referenced by every cell of many rows. Run: PYTHONPATH=. .venv/bin/python bench/sheet_bomb.py
[rows ...], or with --shapes for the CPU time per KB of the fuzz test's shapes, worst last.

Reads the file, finds the header and builds the roster preview, as the import does, without a
database. Prints the upload size, CPU seconds, peak traced memory and the outcome.
"""

import io
import sys
import time
import tracemalloc
import zipfile

from app.festival.roster import HEADER_SYNONYMS, build_preview, propose_mapping
from app.festival.rosterfile import read_roster_file
from app.sheets import SheetError

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def long_string_file(rows: int, length: int = 4_000, columns: int = 10) -> bytes:
    """One shared string of `length` characters in every cell of `rows` rows."""
    cells = "".join('<c t="s"><v>0</v></c>' for _ in range(columns))
    sheet = "<worksheet><sheetData>" + f"<row>{cells}</row>" * rows + "</sheetData></worksheet>"
    members = {
        "xl/workbook.xml": f'<workbook xmlns:r="{REL}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Id="rId1" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": f"<sst><si><t>{'Nguyễn Văn A ' * (length // 13)}</t></si></sst>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        for name, data in members.items():
            book.writestr(name, data)
    return buffer.getvalue()


def measure(raw: bytes) -> str:
    """Read and preview the file; return CPU seconds, peak memory and what happened."""
    tracemalloc.start()
    started = time.process_time()
    try:
        sheet = read_roster_file("bomb.xlsx", raw, HEADER_SYNONYMS)
        preview = build_preview(sheet, propose_mapping(sheet.headers))
        outcome = f"preview of {len(preview.rows)} rows"
    except SheetError as err:
        outcome = f"refused: {err.code}"
    spent = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return f"{spent:.2f} s CPU, peak {peak / 1e6:.1f} MB, {outcome}"


def worst_shapes() -> None:
    """Print CPU time per KB for the shapes the fuzz test builds, worst last."""
    from tests.hardening.test_sheet_cost import cost, ods_from, xls_from, xlsx_from

    shapes = {
        f"xlsx {kinds[0]}×{len(kinds)} len {length} rows {rows}": (
            xlsx_from(length, kinds, rows, 0),
            "x.xlsx",
        )
        for length in (1, 30, 300, 4_000)
        for kinds in (["shared"] * 10, ["inline"] * 3, ["styled"] * 12, ["number"] * 4)
        for rows in (1_000, 20_000)
    }
    shapes |= {
        f"ods len {length} cols {cols} rows {rows}": (ods_from(length, cols, rows), "x.ods")
        for length in (1, 30, 4_000)
        for cols in (4, 60)
        for rows in (1_000, 1_000_000)
    }
    shapes |= {f"xls len {n} 10×600": (xls_from(n, 10, 600), "x.xls") for n in (10, 300, 4_000)}
    results = []
    for label, (raw, name) in shapes.items():
        spent, peak, outcome = cost(raw, name)
        kb = len(raw) / 1024
        results.append((spent / kb, label, kb, spent, peak, outcome))
    for per_kb, label, kb, spent, peak, outcome in sorted(results)[-8:]:
        print(f"{label}: {kb:.1f} KB, {spent:.2f} s, {per_kb:.3f} s/KB, {peak:.1f} MB, {outcome}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--shapes"]:
        worst_shapes()
    for rows in [int(a) for a in sys.argv[1:] if a.isdigit()] or [1_000, 20_000]:
        raw = long_string_file(rows)
        print(f"{rows} rows, {len(raw) / 1024:.1f} KB upload: {measure(raw)}")
