"""Stream an XLSX workbook with hard limits: a small zip must not unpack into gigabytes.

The zip directory's sizes are checked before any member is opened, and every XML part is
parsed by expat in chunks with caps on cells, columns and text length that stop the parse at
once. Document type declarations (and so entities) are refused.
"""

import posixpath
import unicodedata
import zipfile
from io import BytesIO
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import from_excel

from app.sheets.table import MAX_COLUMNS, MAX_ROWS, MAX_TEXT, MAX_VALUES, Budget, SheetError, Table

MAX_UNPACKED = 60 * 1024 * 1024  # all members together, as the zip directory states
MAX_MEMBER = 40 * 1024 * 1024  # one worksheet
MAX_SMALL_PART = 8 * 1024 * 1024  # shared strings, styles, workbook, relationships
MAX_ROW_CELLS = 16_384  # Excel's own column limit
MAX_SHEETS = 20
CHUNK = 64 * 1024
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class _Stop(Exception):
    """Raised inside an expat handler to stop the parse with an error code."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def parse_member(
    book: zipfile.ZipFile, member: str, limit: int, start, end=None, text=None
) -> None:
    """Feed one zip member to expat in chunks, refusing a DTD and any part over the limit."""
    info = book.getinfo(member)
    if info.file_size > limit:
        raise SheetError("too_big_unpacked")
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse_dtd(*_args):
        raise SheetError("xml_dtd")

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if text:
        parser.CharacterDataHandler = text
    read = 0
    with book.open(info) as stream:  # zipfile stops at the size the directory gives
        while chunk := stream.read(CHUNK):
            read += len(chunk)
            if read > limit:
                raise SheetError("too_big_unpacked")
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


class _TextCollector:
    """Gather the text of chosen elements, refusing a text longer than MAX_TEXT."""

    def __init__(self):
        self.parts: list[str] | None = None
        self.size = 0

    def begin(self) -> None:
        self.parts, self.size = [], 0

    def add(self, data: str) -> None:
        if self.parts is not None:
            self.size += len(data)
            if self.size > MAX_TEXT:
                raise SheetError("cell_too_long")
            self.parts.append(data)

    def finish(self) -> str:
        value, self.parts = "".join(self.parts or ()), None
        return value


def _shared_strings(book: zipfile.ZipFile, member: str | None) -> list[str]:
    if member is None:
        return []
    strings: list[str] = []
    collector = _TextCollector()
    depth = {"rph": 0}

    def start(name, _attrs):
        tag = _local(name)
        if tag == "si":
            collector.begin()
        elif tag == "rPh":
            depth["rph"] += 1

    def end(name):
        tag = _local(name)
        if tag == "si":
            strings.append(unicodedata.normalize("NFC", collector.finish()).strip())
            if len(strings) > MAX_VALUES:
                raise SheetError("too_many_cells")
        elif tag == "rPh":
            depth["rph"] -= 1

    def text(data):
        if not depth["rph"]:  # phonetic runs are not part of the value
            collector.add(data)

    parse_member(book, member, MAX_SMALL_PART, start, end, text)
    return strings


def _date_styles(book: zipfile.ZipFile, member: str | None) -> set[int]:
    """Return the indexes of the cell styles that format a number as a date."""
    if member is None:
        return set()
    formats = {k: v for k, v in BUILTIN_FORMATS.items()}
    xfs: list[int] = []
    where = {"in_xfs": False}

    def start(name, attrs):
        tag = _local(name)
        if tag == "numFmt":
            formats[int(attrs.get("numFmtId", "0") or 0)] = attrs.get("formatCode", "")
        elif tag == "cellXfs":
            where["in_xfs"] = True
        elif tag == "xf" and where["in_xfs"]:
            xfs.append(int(attrs.get("numFmtId", "0") or 0))

    def end(name):
        if _local(name) == "cellXfs":
            where["in_xfs"] = False

    parse_member(book, member, MAX_SMALL_PART, start, end)
    return {i for i, fmt in enumerate(xfs) if fmt in formats and is_date_format(formats[fmt])}


def _sheet_parts(book: zipfile.ZipFile) -> tuple[list[tuple[str, str]], bool]:
    """Return [(sheet name, member path)] in workbook order and whether dates count from 1904."""
    targets: dict[str, str] = {}

    def rel(name, attrs):
        if _local(name) == "Relationship":
            target = attrs.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            targets[attrs.get("Id", "")] = path

    parse_member(book, "xl/_rels/workbook.xml.rels", MAX_SMALL_PART, rel)
    sheets: list[tuple[str, str]] = []
    flags = {"1904": False}

    def sheet(name, attrs):
        tag = _local(name)
        if tag == "sheet" and attrs.get(f"{REL_NS}}}id") in targets:
            sheets.append((attrs.get("name", ""), targets[attrs[f"{REL_NS}}}id"]]))
        elif tag == "workbookPr":
            flags["1904"] = attrs.get("date1904", "") in ("1", "true")

    parse_member(book, "xl/workbook.xml", MAX_SMALL_PART, sheet)
    return sheets[:MAX_SHEETS], flags["1904"]


def _column(ref: str) -> int:
    """Turn a cell reference such as "AB12" into a 0-based column index."""
    index = 0
    for ch in ref:
        if not ch.isalpha():
            break
        index = index * 26 + (ord(ch.upper()) - 64)
    return index - 1


class _SheetReader:
    """Expat handlers that turn one worksheet's XML into rows of cell values, within limits."""

    def __init__(self, strings: list[str], dates: set[int], date1904: bool, budget: Budget):
        self.strings, self.dates, self.date1904, self.budget = strings, dates, date1904, budget
        self.rows: list[list] = []
        self.row: dict[int, object] | None = None
        self.row_number = 0
        self.cell: dict | None = None
        self.text = _TextCollector()

    def start(self, name, attrs):
        tag = _local(name)
        if tag == "row":
            self.row_number = int(attrs.get("r") or self.row_number + 1)
            if self.row_number > MAX_ROWS + 50:
                raise SheetError("too_many_rows")
            self.row, self.next_column = {}, 0
        elif tag == "c" and self.row is not None:
            self.budget.stored()
            ref = attrs.get("r")
            column = _column(ref) if ref else self.next_column
            if column >= MAX_ROW_CELLS:
                raise SheetError("too_many_columns")
            self.next_column = column + 1
            self.cell = {
                "column": column,
                "type": attrs.get("t", "n"),
                "style": int(attrs.get("s") or 0),
            }
        elif tag in ("v", "t") and self.cell is not None:
            self.text.begin()

    def end(self, name):
        tag = _local(name)
        if tag in ("v", "t") and self.cell is not None and self.text.parts is not None:
            self.cell["text"] = self.cell.get("text", "") + self.text.finish()
        elif tag == "c" and self.cell is not None:
            self._keep(self.cell)
            self.cell = None
        elif tag == "row" and self.row is not None:
            self._end_row()

    def _keep(self, cell: dict) -> None:
        value = self._value(cell)
        if value is None or value == "":
            return
        if cell["column"] >= MAX_COLUMNS:
            raise SheetError("too_many_columns")
        self.budget.take_value(value)  # a shared string counts once per cell that shows it
        self.row[cell["column"]] = value

    def _value(self, cell: dict):
        text, kind = cell.get("text"), cell["type"]
        if text is None:
            return None
        if kind == "s":
            index = int(text) if text.strip().isdigit() else -1
            return self.strings[index] if 0 <= index < len(self.strings) else None
        if kind in ("inlineStr", "str"):
            return unicodedata.normalize("NFC", text).strip()
        if kind in ("b", "e", "d"):
            return text.strip()
        try:
            number = float(text)
        except ValueError:
            return text.strip()
        if cell["style"] in self.dates:
            try:
                return from_excel(number, epoch=_epoch(self.date1904)).date()
            except (ValueError, OverflowError):
                return None
        return int(number) if number.is_integer() and abs(number) < 1e16 else number

    def _end_row(self) -> None:
        while len(self.rows) < self.row_number - 1:  # keep line numbers: fill skipped rows
            self.rows.append([])
        values = self.row
        self.rows.append([values.get(i) for i in range(max(values) + 1)] if values else [])
        self.row = None


def _epoch(date1904: bool):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    return CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900


def check_directory(book: zipfile.ZipFile) -> None:
    """Refuse a zip whose members unpack, by its own directory, beyond the limits."""
    total = sum(info.file_size for info in book.infolist())
    if total > MAX_UNPACKED or len(book.infolist()) > 2_000:
        raise SheetError("too_big_unpacked")


def read_xlsx(raw: bytes) -> list[Table]:
    """Read every worksheet of an XLSX workbook into tables, or refuse it with a code."""
    try:
        book = zipfile.ZipFile(BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise SheetError("bad_xlsx") from err
    with book:
        check_directory(book)
        names = set(book.namelist())
        try:
            parts, date1904 = _sheet_parts(book)
            strings = _shared_strings(book, _present(names, "xl/sharedStrings.xml"))
            dates = _date_styles(book, _present(names, "xl/styles.xml"))
            budget = Budget.for_upload(len(raw))
            tables = []
            for name, member in parts:
                if member not in names:
                    continue
                reader = _SheetReader(strings, dates, date1904, budget)
                parse_member(book, member, MAX_MEMBER, reader.start, reader.end, reader.text.add)
                tables.append(Table(name=name, rows=reader.rows, encoding="xlsx"))
        except SheetError:
            raise
        except (
            KeyError,
            ValueError,
            expat.ExpatError,
            zipfile.BadZipFile,
            OSError,
            EOFError,
            NotImplementedError,
        ) as err:
            raise SheetError("bad_xlsx") from err
    if not tables:
        raise SheetError("bad_xlsx")
    return tables


def _present(names: set[str], member: str) -> str | None:
    return member if member in names else None
