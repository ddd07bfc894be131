"""Read office spreadsheets (CSV, XLSX) safely into tables of cells, for every import."""

from dataclasses import dataclass, field

XLSX_MAGIC = b"PK\x03\x04"
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_TEXT = 4_000  # characters in one cell (a roster or enterprise cell is short)


class SheetError(ValueError):
    """The file cannot be read as a table at all (wrong type, empty, too big, hostile)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class Table:
    """One sheet of a file: its name and its rows (cells: str, int, float, date or None)."""

    name: str
    rows: list[list] = field(default_factory=list)
    encoding: str = ""


def read_tables(filename: str, raw: bytes) -> list[Table]:
    """Read an uploaded file into its sheets, choosing the reader by content and name."""
    from app.sheets.text import read_csv
    from app.sheets.xlsx import read_xlsx

    if not raw:
        raise SheetError("empty")
    name = (filename or "").lower()
    if raw.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(raw)
    if name.endswith(".xls") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError("old_xls")
    return [read_csv(raw)]
