"""CSV files as offices save them (UTF-8 with or without BOM, Windows-1258), and text rules."""

import csv
import io
import re
import unicodedata

from app.sheets.table import MAX_COLUMNS, MAX_ROWS, Budget, SheetError, Table

# Letters that only Vietnamese text has: a cp1252 decoding of Vietnamese lacks them.
_VIETNAMESE_MARKS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# What the API refuses in text is refused in files too: NUL and other control characters,
# the non-characters U+FFFE/U+FFFF and lone surrogates.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MAX_FIELD = 128 * 1024


def refused_characters(text: str) -> bool:
    """Tell whether a text holds a character the server does not store."""
    return bool(_REFUSED.search(text))


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
        candidates.append(
            (score, encoding == "cp1258", encoding, unicodedata.normalize("NFC", decoded))
        )
    if not candidates:
        return raw.decode("latin-1"), "latin-1"
    _, _, encoding, text = max(candidates)
    return text, encoding


def read_csv(raw: bytes) -> Table:
    """Read CSV bytes (comma, semicolon or tab separated) into one table."""
    text, encoding = decode_text(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows, budget = [], Budget.for_upload(len(raw))
    try:
        for values in csv.reader(io.StringIO(text, newline=""), dialect):
            row = [unicodedata.normalize("NFC", v).strip() for v in values[:MAX_COLUMNS]]
            for value in row:
                if value:
                    budget.take(len(value))  # a cell over 4.000 characters stops the read
            rows.append(row)
            if len(rows) > MAX_ROWS + 50:
                raise SheetError("too_many_rows")
    except csv.Error as err:  # a field over the csv module's 128 KB limit, a stray NUL...
        raise SheetError("bad_csv") from err
    return Table(name="CSV", rows=rows, encoding=encoding)
