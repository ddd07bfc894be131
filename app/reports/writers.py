"""CSV (UTF-8 with a BOM, so Excel shows the diacritics) and XLSX."""

import csv
import io
from collections.abc import Iterable, Iterator

from app.reports.xlsx import write_xlsx

FORMULA_START = frozenset("=+-@\t\r")


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (control characters: the writers)."""
    if value.__class__ is str and value[:1] in FORMULA_START:
        return "'" + value
    return value


def csv_chunks(headers: list[str], rows: Iterable[list], batch: int = 1000) -> Iterator[bytes]:
    """Yield the CSV file in chunks: BOM, header line, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(headers)
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(v) for v in row])
        if n % batch == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_bytes(title: str, headers: list[str], rows: Iterable[list]) -> bytes:
    """Build the XLSX workbook (see app.reports.xlsx) and return its bytes."""
    return write_xlsx(title, headers, ([safe_cell(v) for v in row] for row in rows))
