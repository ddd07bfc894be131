"""Read .xls and .ods workbooks with python-calamine, after they are measured.

calamine expands a sheet into memory at once, so a file reaches it only after its own scan
(`xlsscan`, `odsscan`) has counted what it would expand to; the cells it hands back are
then kept under the same caps as the streamed XLSX and CSV readers.
"""

import unicodedata
import zipfile
from datetime import date, datetime, time, timedelta
from io import BytesIO

import python_calamine

from app.sheets.odsscan import check_ods
from app.sheets.table import MAX_COLUMNS, MAX_ROWS, Budget, SheetError, Table
from app.sheets.xlsscan import check_xls
from app.sheets.xlsx import MAX_SHEETS


def read_xls(raw: bytes) -> list[Table]:
    """Read every sheet of an old Excel (.xls) workbook, or refuse it with a code."""
    check_xls(raw)
    return _read(raw, "xls")


def read_ods(raw: bytes) -> list[Table]:
    """Read every sheet of an OpenDocument (.ods) spreadsheet, or refuse it with a code."""
    with zipfile.ZipFile(BytesIO(raw)) as book:
        check_ods(book, len(raw))
    return _read(raw, "ods")


def _read(raw: bytes, kind: str) -> list[Table]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(BytesIO(raw))
        budget, tables = Budget.for_upload(len(raw)), []
        for index, name in enumerate(workbook.sheet_names[:MAX_SHEETS]):
            sheet = workbook.get_sheet_by_index(index)
            tables.append(Table(name=name, rows=_rows(sheet, budget), encoding=kind))
    except SheetError:
        raise
    except (python_calamine.CalamineError, ValueError, OSError, IndexError) as err:
        raise SheetError("bad_xlsx") from err
    if not tables:
        raise SheetError("bad_xlsx")
    return tables


def _rows(sheet, budget: Budget) -> list[list]:
    """Turn a calamine sheet into rows of cells, keeping the file's line numbers."""
    top = sheet.start[0] if sheet.start else 0
    rows: list[list] = [[] for _ in range(top)]
    for values in sheet.iter_rows():
        if len(rows) > MAX_ROWS + 50:
            raise SheetError("too_many_rows")
        cells = [_value(value) for value in values]
        while cells and cells[-1] is None:
            cells.pop()
        if len(cells) > MAX_COLUMNS:
            raise SheetError("too_many_columns")
        for value in cells:
            if value is not None:
                budget.take_value(value)
        rows.append(cells)
    return rows


def _value(value):
    """Turn a calamine value into a cell: whole floats as int, text NFC, empty as None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e16 else value
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value
    if isinstance(value, (date, int)):
        return value
    if isinstance(value, (time, timedelta)):
        return str(value)
    return unicodedata.normalize("NFC", str(value)).strip() or None
