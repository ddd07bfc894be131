"""Write the same grid of cells as .xlsx, .xls, .ods and CSV, the way offices save them.

A grid is a list of rows (str, int, float, date or None cells) with merged ranges (across
columns, rows or both); each writer keeps numbers as numbers (so a CCCD loses its leading
zeros, as in Excel) and dates as dates.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape

import xlwt
from openpyxl import Workbook


@dataclass
class Grid:
    """One sheet: its name, its rows and its merged ranges (row, col, last row, last col)."""

    name: str
    rows: list[list] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def _covered(grid: Grid) -> set[tuple[int, int]]:
    """The cells a merged range covers, its first cell left out."""
    return {
        (r, c)
        for r1, c1, r2, c2 in grid.merged
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
        if (r, c) != (r1, c1)
    }


def xlsx_of(grids: list[Grid]) -> bytes:
    """Write the sheets as an XLSX workbook (openpyxl)."""
    book = Workbook()
    book.remove(book.active)
    for grid in grids:
        sheet = book.create_sheet(grid.name)
        for row in grid.rows:
            sheet.append(row)
        for r1, c1, r2, c2 in grid.merged:
            sheet.merge_cells(
                start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1
            )
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xls_of(grids: list[Grid]) -> bytes:
    """Write the sheets as an old Excel .xls workbook (xlwt)."""
    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    for grid in grids:
        sheet = book.add_sheet(grid.name)
        starts = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in grid.merged}
        covered = _covered(grid)
        for r, row in enumerate(grid.rows):
            for c, value in enumerate(row):
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    sheet.write_merge(r, r2, c, c2, value)
                elif value is not None and (r, c) not in covered:
                    sheet.write(
                        r, c, value, dates if isinstance(value, date) else xlwt.Style.default_style
                    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def _ods_cell(value, span: tuple[int, int] = (1, 1)) -> str:
    rows, columns = span
    spanned = f' table:number-columns-spanned="{columns}"' if columns > 1 else ""
    spanned += f' table:number-rows-spanned="{rows}"' if rows > 1 else ""
    if value is None:
        return f"<table:table-cell{spanned}/>"
    if isinstance(value, date):
        shown = value.strftime("%d/%m/%Y")
        return (
            f'<table:table-cell{spanned} office:value-type="date" '
            f'office:date-value="{value.isoformat()}"><text:p>{shown}</text:p></table:table-cell>'
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell{spanned} office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = escape(str(value)).replace("  ", ' <text:s text:c="1"/>')
    cell = f'<table:table-cell{spanned} office:value-type="string">'
    return f"{cell}<text:p>{text}</text:p></table:table-cell>"


def ods_of(grids: list[Grid]) -> bytes:
    """Write the sheets as an OpenDocument spreadsheet, as LibreOffice lays one out."""
    tables = []
    for grid in grids:
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in grid.merged}
        covered = _covered(grid)
        rows = []
        for r, row in enumerate(grid.rows):
            width = max([len(row)] + [c + 1 for rr, c in covered if rr == r])
            cells = [
                "<table:covered-table-cell/>"
                if (r, c) in covered
                else _ods_cell(row[c] if c < len(row) else None, spans.get((r, c), (1, 1)))
                for c in range(width)
            ]
            cells.append('<table:table-cell table:number-columns-repeated="1000"/>')
            rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        rows.append(
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        tables.append(
            f'<table:table table:name="{escape(grid.name)}">{"".join(rows)}</table:table>'
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), ODS_MIME)
        book.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="'
            'urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        book.writestr("content.xml", content)
    return buffer.getvalue()


def csv_of(grids: list[Grid]) -> bytes:
    """Write the first sheet as Excel's "CSV UTF-8": numbers without their lost zeros."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in grids[0].rows:
        writer.writerow(
            ["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row]
        )
    return buffer.getvalue().encode("utf-8-sig")


WRITERS = {"xlsx": xlsx_of, "xls": xls_of, "ods": ods_of, "csv": csv_of}
