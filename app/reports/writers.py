"""CSV (UTF-8 with a BOM, so Excel shows the diacritics) and XLSX."""

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from app.reports.xlsx import write_xlsx

# A formula starts with = + - @ (their full-width and small forms, or the minus sign), possibly
# after blanks or invisible characters (zero-width space, BOM), a tab or a CR; Excel with ";"
# as its list separator also splits "x;=1+1" into a second, formula cell. The blanks after a
# separator exclude the separators themselves, so each character is scanned from at most one
# separator: the search is linear in the text (a run of newlines was quadratic).
_SEPARATORS = ";,\t\r\n|"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_STARTS = "=+\\-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212"
_FORMULA = re.compile(
    rf"(?:^|[{_SEPARATORS}])(?:[^\S{_SEPARATORS}]|[{_INVISIBLE}])*[{_STARTS}]|^[\t\r]"
)
_CSV_QUOTE = re.compile(r'[",;\t\r\n|\']')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (control characters: the writers)."""
    if value.__class__ is str and _FORMULA.search(value):
        return "'" + value
    return value


def shown(value) -> str:
    """A value as text: a day dd/mm/yyyy, a moment dd/mm/yyyy HH:MM (f-string: strftime is
    3x slower)."""
    if isinstance(value, datetime):
        return f"{value.day:02d}/{value.month:02d}/{value.year} {value.hour:02d}:{value.minute:02d}"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return str(value)


def _csv_field(value) -> str:
    """One CSV field: text quoted when it holds a separator of any locale, a quote or a break."""
    if value is None:
        return ""
    if value.__class__ is not str:
        return shown(value)
    value = safe_cell(value)
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    if _CSV_QUOTE.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_chunks(headers: list[str], rows: Iterable[list], batch: int = 1000) -> Iterator[bytes]:
    """Yield the CSV file in chunks: BOM, header line, then the rows."""
    lines = ["\ufeff" + ",".join(map(_csv_field, headers)) + "\r\n"]
    for n, row in enumerate(rows, 1):
        lines.append(",".join(map(_csv_field, row)) + "\r\n")
        if n % batch == 0:
            yield "".join(lines).encode("utf-8")
            lines.clear()
    yield "".join(lines).encode("utf-8")


def xlsx_bytes(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    """Build the XLSX workbook (see app.reports.xlsx) and return its bytes."""
    return write_xlsx(title, headers, ([safe_cell(v) for v in row] for row in rows))
