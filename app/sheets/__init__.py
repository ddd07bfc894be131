"""Read office spreadsheets (CSV, XLSX, XLS, ODS) safely into tables of cells, for every import.

Every reader keeps the same caps (`app.sheets.table`): rows, columns, the length of a cell and
the characters and cells a whole file may expand to, checked before or while it expands.
"""

import zipfile
from io import BytesIO

from app.sheets.binary import read_ods, read_xls
from app.sheets.odsscan import is_ods
from app.sheets.table import MAX_COLUMNS, MAX_ROWS, MAX_TEXT, MAX_UPLOAD, SheetError, Table
from app.sheets.text import read_csv
from app.sheets.xlsx import check_directory, read_xlsx

__all__ = [
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_TEXT",
    "MAX_UPLOAD",
    "SheetError",
    "Table",
    "read_tables",
]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def read_tables(filename: str, raw: bytes) -> list[Table]:
    """Read an uploaded file into its sheets, choosing the reader by content and name."""
    if not raw:
        raise SheetError("empty")
    name = (filename or "").lower()
    if raw.startswith(OLE_MAGIC):
        return read_xls(raw)
    if raw.startswith(ZIP_MAGIC):
        if _zipped_ods(raw):
            return read_ods(raw)
        return read_xlsx(raw)
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise SheetError("bad_xlsx")
    return [read_csv(raw)]


def _zipped_ods(raw: bytes) -> bool:
    """Tell an OpenDocument spreadsheet among zip files (its directory checked first)."""
    try:
        with zipfile.ZipFile(BytesIO(raw)) as book:
            check_directory(book)
            return is_ods(book)
    except SheetError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise SheetError("bad_xlsx") from err
