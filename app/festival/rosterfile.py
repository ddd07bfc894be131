"""Read a roster file (CSV in UTF-8 or a Vietnamese Windows code page, or XLSX) into rows."""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field

MAX_ROWS = 20_000
MAX_COLUMNS = 60
XLSX_MAGIC = b"PK\x03\x04"

# Letters that only Vietnamese text has: a cp1252 decoding of Vietnamese lacks them.
_VIETNAMESE_MARKS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


class RosterFileError(ValueError):
    """The file cannot be read as a roster at all (wrong type, empty, too big)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class Sheet:
    """A roster file read into a header row and data rows (each a list of strings)."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    encoding: str = ""
    first_line: int = 2  # the file line number of rows[0]


def decode_text(raw: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), else Windows-1258, else Windows-1252."""
    try:
        text = raw.decode("utf-8-sig")
        return text, "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("cp1258", "cp1252"):
        try:
            decoded = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = sum(ch in _VIETNAMESE_MARKS for ch in decoded)  # cp1252 has no combining marks
        candidates.append((score, encoding == "cp1258", encoding,
                           unicodedata.normalize("NFC", decoded)))
    if not candidates:
        text = raw.decode("latin-1")
        return text, "latin-1"
    _, _, encoding, text = max(candidates)
    return text, encoding


def _cell(value) -> str:
    """Turn a spreadsheet cell into text: 1234.0 -> "1234", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _split_header(rows: list[list[str]], encoding: str) -> Sheet:
    """Use the first non-empty row as headers and drop fully empty rows after it."""
    line = 0
    while line < len(rows) and not any(cell.strip() for cell in rows[line]):
        line += 1
    if line == len(rows):
        raise RosterFileError("empty")
    headers = [cell.strip() for cell in rows[line]][:MAX_COLUMNS]
    body = rows[line + 1:]
    if len(body) > MAX_ROWS:
        raise RosterFileError("too_many_rows")
    return Sheet(headers=headers, rows=[[c.strip() for c in r] for r in body],
                 encoding=encoding, first_line=line + 2)


def read_csv(raw: bytes) -> Sheet:
    """Read CSV bytes (comma, semicolon or tab separated)."""
    text, encoding = decode_text(raw)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    return _split_header(rows, encoding)


def read_xlsx(raw: bytes) -> Sheet:
    """Read the first worksheet of an XLSX workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as err:
        raise RosterFileError("bad_xlsx") from err
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS + 50:
                raise RosterFileError("too_many_rows")
    finally:
        workbook.close()
    return _split_header(rows, "xlsx")


def read_roster_file(filename: str, raw: bytes) -> Sheet:
    """Read an uploaded roster, choosing the reader by content and name."""
    if not raw:
        raise RosterFileError("empty")
    name = (filename or "").lower()
    if raw.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return read_xlsx(raw)
    if name.endswith(".xls"):
        raise RosterFileError("old_xls")
    return read_csv(raw)
