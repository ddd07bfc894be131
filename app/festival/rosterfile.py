"""Read a roster file (CSV or XLSX, as offices keep them) into a header and data rows."""

from dataclasses import dataclass, field

from app.sheets import SheetError, read_tables
from app.sheets.header import Synonyms, choose_layout
from app.sheets.text import decode_text  # noqa: F401 - part of this module's interface

RosterFileError = SheetError


@dataclass
class Sheet:
    """The chosen sheet of a roster file: header texts and the rows under them (raw cells)."""

    headers: list[str]
    rows: list[list] = field(default_factory=list)
    encoding: str = ""
    first_line: int = 2  # the file line number of rows[0]
    name: str = ""
    names: list[str] = field(default_factory=list)  # every sheet of the file, to choose from
    sub_header: bool = False  # rows[0] is the header's second row ("Nam | Nữ")


def read_roster_file(filename: str, raw: bytes, synonyms: Synonyms, wanted: str = "") -> Sheet:
    """Read an uploaded roster; find the header row of the wanted (or best) sheet."""
    tables = read_tables(filename, raw)
    layout = choose_layout(tables, synonyms, wanted)
    if not any(any(v not in (None, "") for v in row) for row in layout.table.rows):
        raise SheetError("empty")
    return Sheet(
        headers=layout.headers,
        rows=layout.body,
        encoding=layout.table.encoding,
        first_line=layout.first_line,
        name=layout.table.name,
        names=[table.name for table in tables],
        sub_header=layout.sub_header,
    )
