"""A sheet read from a file as rows of cells, the caps every reader keeps, and its error."""

from dataclasses import dataclass, field

MAX_UPLOAD = 5 * 1024 * 1024  # one file sent to an import (a roster, an enterprise list)
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_TEXT = 4_000  # characters in one cell (a roster or enterprise cell is short)
# Characters all the cells of a file may hold together, however they are stored (a shared
# string counts once per cell that shows it): 20.000 rows of 15 cells of 25 characters.
MAX_CHARS = 8_000_000
MAX_VALUES = 300_000  # non-empty cells kept (20.000 rows of 15)
MAX_STORED = 2_000_000  # cells as stored, empty styled ones included
# The work a file may ask for grows with its size: an office file spends bytes on every cell
# (a compressed roster holds about 3 characters per byte, 10 with a long note on every row),
# a crafted one repeats one part thousands of times. Past the floor, each byte buys this much.
CHAR_FLOOR, CHARS_PER_BYTE = 300_000, 32
CELL_FLOOR, CELLS_PER_BYTE = 30_000, 4


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


class Budget:
    """Count the cells and characters a file expands to; stop the read as a cap is crossed."""

    def __init__(self, max_chars: int = MAX_CHARS, max_cells: int = MAX_STORED):
        self.chars = self.values = self.cells = 0
        self.max_chars, self.max_cells = max_chars, max_cells

    @classmethod
    def for_upload(cls, size: int) -> "Budget":
        """The budget of a file of `size` bytes: a floor, then so much per byte, to the caps."""
        return cls(
            min(MAX_CHARS, CHAR_FLOOR + CHARS_PER_BYTE * size),
            min(MAX_STORED, CELL_FLOOR + CELLS_PER_BYTE * size),
        )

    def stored(self, count: int = 1) -> None:
        """Count cells as the file stores them (empty ones too); refuse past the cap."""
        self.cells += count
        if self.cells > self.max_cells:
            raise SheetError("too_many_cells")

    def take(self, length: int, times: int = 1) -> None:
        """Count `times` cells of `length` characters each; refuse past a cap."""
        if length > MAX_TEXT:
            raise SheetError("cell_too_long")
        self.values += times
        self.chars += length * times
        if self.values > MAX_VALUES:
            raise SheetError("too_many_cells")
        if self.chars > self.max_chars:
            raise SheetError("too_much_text")

    def take_value(self, value) -> None:
        """Count one kept cell value (text by its length, anything else as a short value)."""
        self.take(len(value) if isinstance(value, str) else 8)
