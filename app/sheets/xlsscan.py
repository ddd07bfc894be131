"""Measure an old Excel (.xls, BIFF) workbook before it is expanded.

A .xls file is not compressed, but one shared string (up to 32.767 characters) can be shown
by every cell, and one cell far down and to the right makes a reader allocate the whole
rectangle (a 5 KB file asked for 1 GB). The workbook stream's records are walked once: the
shared-string lengths, every cell's place and what it would show are counted against the
caps of the other readers before any library expands the file.
"""

import struct
from io import BytesIO

import olefile

from app.sheets.table import MAX_COLUMNS, MAX_ROWS, MAX_VALUES, Budget, SheetError

MAX_AREA = 1_500_000  # the rectangle a sheet's cells span (a reader allocates all of it)
SST, CONTINUE, BOF = 0x00FC, 0x003C, 0x0809
LABELSST, LABEL, RSTRING, STRING = 0x00FD, 0x0204, 0x00D6, 0x0207
ONE_VALUE = {0x0203, 0x027E, 0x0205, 0x0006}  # NUMBER, RK, BOOLERR, FORMULA
MULRK, BLANK, MULBLANK = 0x00BD, 0x0201, 0x00BE


class _Continued:
    """Read a record that CONTINUE records extend, as the SST is stored."""

    def __init__(self, segments: list[bytes]):
        self.segments, self.index, self.pos = segments, 0, 0

    def _segment(self) -> bytes:
        while self.pos >= len(self.segments[self.index]):
            self.index, self.pos = self.index + 1, 0
            if self.index >= len(self.segments):
                raise SheetError("bad_xlsx")
        return self.segments[self.index]

    def done(self) -> bool:
        """Tell whether every byte was read."""
        return self.index == len(self.segments) - 1 and self.pos >= len(self.segments[-1])

    def number(self, size: int) -> int:
        """Read a little-endian unsigned number of 1, 2 or 4 bytes."""
        value = 0
        for shift in range(size):
            value |= self._segment()[self.pos] << (8 * shift)
            self.pos += 1
        return value

    def skip(self, size: int) -> None:
        """Step over bytes, across record boundaries."""
        while size:
            step = min(size, len(self._segment()) - self.pos)
            self.pos, size = self.pos + step, size - step

    def chars(self, count: int, wide: bool) -> None:
        """Step over a string's characters; a CONTINUE restates their width in a flag byte."""
        while True:
            segment = self.segments[self.index]
            width = 2 if wide else 1
            step = min(count, (len(segment) - self.pos) // width)
            self.pos, count = self.pos + step * width, count - step
            if not count:
                return
            self.index, self.pos = self.index + 1, 0
            if self.index >= len(self.segments):
                raise SheetError("bad_xlsx")
            wide = bool(self.number(1) & 1)


def shared_string_lengths(segments: list[bytes]) -> list[int]:
    """Return the length of every string of the shared-string table (SST)."""
    reader, lengths = _Continued(segments), []
    reader.skip(8)
    while not reader.done():
        count, flags = reader.number(2), reader.number(1)
        runs = reader.number(2) if flags & 8 else 0
        extra = reader.number(4) if flags & 4 else 0
        reader.chars(count, bool(flags & 1))
        reader.skip(4 * runs + extra)
        lengths.append(count)
        if len(lengths) > MAX_VALUES:
            raise SheetError("too_many_cells")
    return lengths


def _records(data: bytes):
    pos = 0
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        yield kind, data[pos + 4 : pos + 4 + size]
        pos += 4 + size


class _Sheet:
    """The rectangle a sheet's cells span, and the characters they show."""

    def __init__(self, budget: Budget):
        self.budget, self.rows, self.columns = budget, 0, 0

    def place(self, body: bytes, last_column: int | None = None, filled: bool = True) -> None:
        if len(body) < 4:
            raise SheetError("bad_xlsx")
        row, column = struct.unpack_from("<HH", body)
        last = column if last_column is None else last_column
        if row >= MAX_ROWS + 50:
            raise SheetError("too_many_rows")
        if filled and last >= MAX_COLUMNS:
            raise SheetError("too_many_columns")
        self.rows, self.columns = max(self.rows, row + 1), max(self.columns, last + 1)
        if self.rows * self.columns > MAX_AREA:
            raise SheetError("too_many_cells")
        self.budget.stored(last - column + 1)


def check_xls(raw: bytes) -> None:
    """Refuse a .xls workbook whose sheets would expand past the caps of every reader."""
    try:
        with olefile.OleFileIO(BytesIO(raw)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(name).read()
    except (OSError, ValueError, IndexError, struct.error) as err:
        raise SheetError("bad_xlsx") from err
    budget, lengths, sst = Budget.for_upload(len(raw)), [], None
    sheet = _Sheet(budget)
    for kind, body in _records(data):
        if sst is not None and kind != CONTINUE:
            lengths, sst = shared_string_lengths(sst), None
        if kind == SST:
            sst = [body]
        elif kind == CONTINUE and sst is not None:
            sst.append(body)
        elif kind == BOF:
            sheet = _Sheet(budget)
        else:
            _cell(sheet, kind, body, lengths)


def _cell(sheet: _Sheet, kind: int, body: bytes, lengths: list[int]) -> None:
    """Count one cell record (or a run of them) of a worksheet."""
    if kind == LABELSST and len(body) >= 10:
        sheet.place(body)
        index = struct.unpack_from("<I", body, 6)[0]
        sheet.budget.take(lengths[index] if index < len(lengths) else 0)
    elif kind in (LABEL, RSTRING) and len(body) >= 8:
        sheet.place(body)
        sheet.budget.take(struct.unpack_from("<H", body, 6)[0])
    elif kind == STRING and len(body) >= 2:
        sheet.budget.take(struct.unpack_from("<H", body)[0])
    elif kind in ONE_VALUE:
        sheet.place(body)
        sheet.budget.take(8)
    elif kind in (MULRK, MULBLANK) and len(body) >= 6:
        first, last = struct.unpack_from("<H", body, 2)[0], struct.unpack_from("<H", body[-2:])[0]
        sheet.place(body, max(first, last), filled=kind == MULRK)
        if kind == MULRK:
            sheet.budget.take(8, max(0, last - first + 1))
    elif kind == BLANK:
        sheet.place(body, filled=False)
