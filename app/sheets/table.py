"""A sheet read from a file as rows of cells, the caps every reader keeps, and its error."""

from dataclasses import dataclass, field

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
