"""Repair roster cells the way spreadsheets spoil them: lost leading zeros, dates as text.

What a column holds decides how its cells are read, never a guess about one cell: in the ID
card column a CCCD has 12 digits and the old CMND 9, so a number of 10 or 11 digits lost the
zeros of its province code (Hà Nội is 001) and gets every one back, noted on the row; any other
value is an error naming its cell ("D14").
"""

import re
from collections import Counter
from datetime import date, datetime

from app.sheets.header import cell_text

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
CCCD, CMND = 12, 9
# Digits kept -> the full length they lost zeros from (a province code keeps a non-zero digit
# in its first three for a CCCD, in its first two for a CMND).
_RESTORED = {11: CCCD, 10: CCCD, 8: CMND}


def _digits(value) -> str:
    """The digits of an ID cell: a number as stored, a text without spaces and dots."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value) if value >= 0 else "-"
    return cell_text(value).replace(" ", "").replace(".", "")


def id_card(value, cell: str, notes: list[str], errors: list[str]) -> str:
    """Read a CCCD or CMND exactly; restore every lost leading zero, and note how many."""
    text = _digits(value)
    if not text:
        return ""
    if text.isdigit() and len(text) in (CCCD, CMND):
        return text
    if text.isdigit() and len(text) in _RESTORED:
        lost = _RESTORED[len(text)] - len(text)
        notes.append("zero_restored" if lost == 1 else f"zeros_restored:{lost}")
        return "0" * lost + text
    errors.append(f"bad_id_card:{cell}")
    return cell_text(value)[:20]


def staff_width(values: list) -> int:
    """The width of the column's staff numbers written with leading zeros ("00123"), or 0."""
    widths = Counter(
        len(text)
        for text in (cell_text(v) for v in values if isinstance(v, str))
        if len(text) > 1 and text.isdigit() and text.startswith("0")
    )
    return widths.most_common(1)[0][0] if widths else 0


def staff_number(value, width: int, notes: list[str]) -> str:
    """Read a staff number as text; a number cell shorter than its column's width gets its
    zeros back ("123" in a column of "00045" -> "00123"), noted on the row."""
    text = cell_text(value)[:41]
    if isinstance(value, (int, float)) and text.isdigit() and len(text) < width:
        notes.append("staff_zero_restored")
        return text.zfill(width)
    return text


def birth_date(value, notes: list[str]) -> str:
    """Read a date of birth from a real date cell or a text such as 05/03/1990 (dd/mm/yyyy)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = cell_text(value)[:40]
    if not text:
        return ""
    parts = _DATE_TEXT.match(text)
    iso = _ISO_TEXT.match(text)
    try:
        if parts:
            day = date(int(parts[3]), int(parts[2]), int(parts[1]))
        elif iso:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
        else:
            raise ValueError(text)
    except ValueError:
        notes.append("bad_date")
        return text[:20]
    return day.strftime("%d/%m/%Y")
