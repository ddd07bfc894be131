"""Repair roster cells the way spreadsheets spoil them: lost leading zeros, dates as text."""

import re
from datetime import date, datetime

from app.sheets.header import cell_text

_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
ID_CARD_LENGTHS = (9, 12)  # the old CMND, the CCCD


def id_card(value, notes: list[str]) -> str:
    """Read an ID card number; put back the leading 0 a number cell lost, and note it."""
    text = cell_text(value).replace(" ", "")
    if text.isdigit() and len(text) + 1 in ID_CARD_LENGTHS:
        notes.append("zero_restored")
        return "0" + text
    return text


def birth_date(value, notes: list[str]) -> str:
    """Read a date of birth from a real date cell or a text such as 05/03/1990 (dd/mm/yyyy)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = cell_text(value)
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
