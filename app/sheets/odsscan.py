"""Measure an OpenDocument spreadsheet before it is expanded: a few bytes of `content.xml`
can repeat a cell a million times (`number-columns-repeated`, `number-rows-repeated`).

The XML is streamed through expat with the caps of the other readers; every filled cell is
counted as many times as it is repeated, with its length, so the read stops before any
expansion happens. Empty repeated rows and cells (a sheet's unused rest) cost nothing.
"""

import zipfile

from app.sheets.table import MAX_COLUMNS, MAX_ROWS, Budget, SheetError
from app.sheets.xlsx import MAX_MEMBER, check_directory, parse_member

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_VALUES = ("value", "date-value", "time-value", "boolean-value", "string-value")
_CELLS = (TABLE + "table-cell", TABLE + "covered-table-cell")


def _count(text: str) -> int:
    return int(text) if text.isdigit() and 0 < len(text) < 10 else 1


def _repeat(attrs: dict, name: str) -> int:
    return _count(attrs.get(TABLE + name, "1"))


class _Scan:
    """Expat handlers that count what each table would expand to."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.row = self.rows_repeated = self.column = 0
        self.cell: dict | None = None

    def start(self, name, attrs):
        if name == TABLE + "table":
            self.row = 0
        elif name == TABLE + "table-row":
            self.rows_repeated, self.column = _repeat(attrs, "number-rows-repeated"), 0
        elif name in _CELLS:
            value = max((len(attrs.get(OFFICE + key, "")) for key in _VALUES), default=0)
            self.cell = {"repeat": _repeat(attrs, "number-columns-repeated"), "length": value}
            self.budget.stored()
        elif self.cell is not None and name == TEXT + "s":
            self._grow(_count(attrs.get(TEXT + "c", "1")))
        elif self.cell is not None and name in (TEXT + "p", TEXT + "tab", TEXT + "line-break"):
            self._grow(1)

    def text(self, data):
        if self.cell is not None:
            self._grow(len(data))

    def _grow(self, length: int) -> None:
        self.cell["length"] += length
        self.budget.take(self.cell["length"], 0)  # one cell too long is refused at once

    def end(self, name):
        if name in _CELLS and self.cell is not None:
            cell, self.cell = self.cell, None
            if cell["length"]:
                self._take(cell)
            self.column += cell["repeat"]
        elif name == TABLE + "table-row":
            self.row += self.rows_repeated

    def _take(self, cell: dict) -> None:
        if self.column + cell["repeat"] > MAX_COLUMNS:
            raise SheetError("too_many_columns")
        if self.row + self.rows_repeated > MAX_ROWS + 50:
            raise SheetError("too_many_rows")
        self.budget.take(cell["length"], cell["repeat"] * self.rows_repeated)


def check_ods(book: zipfile.ZipFile, size: int) -> None:
    """Refuse an ODS file whose tables would expand past the caps of every reader."""
    check_directory(book)
    scan = _Scan(Budget.for_upload(size))
    parse_member(book, "content.xml", MAX_MEMBER, scan.start, scan.end, scan.text)


def is_ods(book: zipfile.ZipFile) -> bool:
    """Tell an OpenDocument spreadsheet from an XLSX workbook by its `mimetype` member."""
    try:
        with book.open("mimetype") as stream:
            return stream.read(100).strip() == ODS_MIME
    except (KeyError, zipfile.BadZipFile, OSError):
        return False
