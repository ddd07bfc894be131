"""Read office spreadsheets (CSV, XLSX) safely into tables of cells, for every import."""

from app.sheets.table import MAX_COLUMNS, MAX_ROWS, MAX_TEXT, SheetError, Table
from app.sheets.text import read_csv
from app.sheets.xlsx import read_xlsx

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "MAX_TEXT", "SheetError", "Table", "read_tables"]

XLSX_MAGIC = b"PK\x03\x04"


def read_tables(filename: str, raw: bytes) -> list[Table]:
    """Read an uploaded file into its sheets, choosing the reader by content and name."""
    if not raw:
        raise SheetError("empty")
    name = (filename or "").lower()
    if raw.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(raw)
    if name.endswith(".xls") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError("old_xls")
    return [read_csv(raw)]
