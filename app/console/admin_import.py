"""Import enterprises from an XLSX sheet: preview with row errors, then all rows or none."""

import io
from dataclasses import dataclass, field

from flask_babel import gettext
from openpyxl import load_workbook
from sqlalchemy import select

from app.console.admin_ops import enterprise_errors, write_enterprise
from app.console.helpers import audit
from app.extensions import db
from app.i18n import fold
from app.models import Enterprise, Park, User

MAX_ROWS = 5000
# Column header (folded, Vietnamese or English) -> field.
HEADERS = {
    "ma so thue": "tax_code", "tax code": "tax_code",
    "ten doanh nghiep": "name", "name": "name", "enterprise": "name",
    "ma kcn": "park_code", "park code": "park_code", "park": "park_code",
    "loai hinh": "ownership", "ownership": "ownership",
    "nganh nghe": "sector", "sector": "sector",
    "quoc gia": "country", "country": "country",
    "dia chi": "address", "address": "address",
    "so lao dong": "workforce", "workforce": "workforce",
    "lao dong nuoc ngoai": "foreign_workers", "foreign workers": "foreign_workers",
    "bao ve chuyen trach": "guards_dedicated", "dedicated guards": "guards_dedicated",
    "bao ve kiem nhiem": "guards_parttime", "part-time guards": "guards_parttime",
    "cong doan": "has_trade_union", "trade union": "has_trade_union",
    "nguoi lien he": "hr_contact", "hr contact": "hr_contact",
    "dien thoai": "hr_phone", "hr phone": "hr_phone",
}
REQUIRED = ("tax_code", "name", "park_code", "ownership")
OWNERSHIP_WORDS = {"fdi": "fdi", "private": "private", "tu nhan": "private",
                   "state": "state", "nha nuoc": "state"}
YES_WORDS = {"co", "x", "yes", "1", "true"}
NUMBERS = ("workforce", "foreign_workers", "guards_dedicated", "guards_parttime")


@dataclass
class ImportRow:
    """One sheet row: its number, the values read, what will happen, and its errors."""

    number: int
    values: dict
    action: str = "create"  # create | update
    errors: list[str] = field(default_factory=list)


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def read_sheet(content: bytes) -> tuple[list[ImportRow], list[str]]:
    """Read and check every row; return (rows, errors about the file itself)."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable upload is the same answer
        return [], [gettext("This file is not an Excel (.xlsx) workbook.")]
    rows_iter = book.worksheets[0].iter_rows(values_only=True)
    header = next(rows_iter, None) or ()
    columns = {i: HEADERS.get(fold(_text(h))) for i, h in enumerate(header)}
    missing = [f for f in REQUIRED if f not in columns.values()]
    if missing:
        return [], [gettext("Missing columns: %(names)s.", names=", ".join(missing))]
    parks = {code.upper(): pid for pid, code in db.session.execute(select(Park.id, Park.code))}
    rows, seen = [], set()
    for number, cells in enumerate(rows_iter, start=2):
        raw = {columns[i]: _text(v) for i, v in enumerate(cells) if columns.get(i)}
        if not any(raw.values()):
            continue
        if len(rows) >= MAX_ROWS:
            return [], [gettext("At most %(n)d rows per file.", n=MAX_ROWS)]
        rows.append(check_row(number, raw, parks, seen))
    book.close()
    return rows, []


def check_row(number: int, raw: dict, parks: dict, seen: set) -> ImportRow:
    """Turn a row's raw cells into enterprise values and find what is wrong with them."""
    row = ImportRow(number, {})
    values = {key: raw.get(key, "") for key in ("name", "tax_code", "sector", "address",
                                                  "hr_contact", "hr_phone")}
    values["country"] = raw.get("country") or "Việt Nam"
    values["ownership"] = OWNERSHIP_WORDS.get(fold(raw.get("ownership", "")), "")
    values["park_id"] = parks.get(raw.get("park_code", "").upper(), "")
    values["has_trade_union"] = fold(raw.get("has_trade_union", "")) in YES_WORDS
    values["active"] = True
    for key in NUMBERS:
        text = raw.get(key, "") or "0"
        if text.isdigit():
            values[key] = int(text)
        else:
            values[key] = 0
            row.errors.append(gettext("%(field)s is not a whole number.", field=key))
    existing = db.session.scalar(select(Enterprise).where(
        Enterprise.tax_code == values["tax_code"])) if values["tax_code"] else None
    row.action = "update" if existing else "create"
    problems = enterprise_errors(values, existing.id if existing else None)
    if "park_id" in problems:
        problems["park_id"] = gettext("Unknown park code %(code)s.", code=raw.get("park_code", ""))
    row.errors.extend(problems.values())
    if values["tax_code"] in seen:
        row.errors.append(gettext("This tax code appears twice in the file."))
    seen.add(values["tax_code"])
    row.values = values
    return row


def apply_import(actor: User, rows: list[ImportRow]) -> dict:
    """Upsert every row by tax code; refuse (write nothing) when any row has an error."""
    if not rows or any(row.errors for row in rows):
        raise ValueError("rows with errors")
    counts = {"create": 0, "update": 0}
    for row in rows:
        existing = db.session.scalar(select(Enterprise).where(
            Enterprise.tax_code == row.values["tax_code"]))
        write_enterprise(actor, existing, row.values)
        counts[row.action] += 1
    audit(actor, "enterprise.import", "enterprise", "-", counts)
    return counts
