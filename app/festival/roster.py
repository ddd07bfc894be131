"""Roster import: propose a column mapping, preview with row errors, commit all or nothing."""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.core.i18n import fold
from app.extensions import db
from app.festival import rostercells as cells
from app.festival.roster_people import ImportResult, upsert_people
from app.festival.rosterfile import Sheet
from app.models import Enterprise, RosterPerson
from app.sheets import header
from app.sheets.text import refused_characters

FIELDS = ("employee_number", "id_card", "name", "role", "department", "birth_date", "phone")
REQUIRED = ("name",)
PREVIEW_ROWS = 20

# Folded header texts (Vietnamese and English) that name each field.
HEADER_SYNONYMS = {
    "employee_number": (
        "ma nv",
        "ma nhan vien",
        "ma so nhan vien",
        "msnv",
        "ma so",
        "ma cong nhan",
        "ma cn",
        "so the",
        "so the nhan vien",
        "ma the",
        "employee number",
        "employee no",
        "employee id",
        "emp no",
        "staff id",
        "staff no",
        "staff number",
        "id",
    ),
    "id_card": (
        "so cccd",
        "cccd",
        "cmnd",
        "so cmnd",
        "cccd cmnd",
        "cmnd cccd",
        "so cccd cmnd",
        "so cmnd cccd",
        "so dinh danh",
        "so dinh danh ca nhan",
        "can cuoc",
        "so can cuoc",
        "so can cuoc cong dan",
        "id card",
        "id card number",
        "national id",
        "citizen id",
    ),
    "name": (
        "ho va ten",
        "ho ten",
        "ten",
        "ten nhan vien",
        "ten cong nhan",
        "ho va ten nhan vien",
        "ho ten nhan vien",
        "name",
        "full name",
        "fullname",
        "employee name",
    ),
    "role": ("vai tro", "chuc danh", "chuc vu", "loai", "role", "position", "title"),
    "department": (
        "bo phan",
        "phong ban",
        "phong",
        "to",
        "xuong",
        "to xuong",
        "don vi",
        "to san xuat",
        "to nhom",
        "phan xuong",
        "bo phan cong tac",
        "noi lam viec",
        "department",
        "dept",
        "division",
        "section",
        "team",
    ),
    "birth_date": (
        "ngay sinh",
        "ngay thang nam sinh",
        "nam sinh",
        "sinh ngay",
        "date of birth",
        "dob",
        "birth date",
        "birthday",
    ),
    "phone": (
        "so dien thoai",
        "dien thoai",
        "sdt",
        "so dt",
        "dt",
        "dien thoai di dong",
        "phone",
        "phone number",
        "mobile",
        "tel",
    ),
}

# Folded role texts -> role code; an empty cell means worker.
ROLE_WORDS = {
    "worker": ("worker", "cong nhan", "nguoi lao dong", "lao dong", "nhan vien", "cn", "nld"),
    "guard": ("guard", "bao ve", "nhan vien bao ve", "bv"),
    "manager": ("manager", "quan ly", "truong phong", "giam doc", "to truong", "ql"),
    "official": ("official", "can bo", "can bo cong doan", "lanh dao", "cong doan"),
}
_ROLE_LOOKUP = {word: role for role, words in ROLE_WORDS.items() for word in words}


@dataclass
class RosterRow:
    """One data row of the file, parsed, with its problems (error codes) and notes."""

    line: int
    employee_number: str = ""
    id_card: str = ""
    name: str = ""
    role: str = "worker"
    department: str = ""
    birth_date: str = ""
    raw_role: str = ""
    included: bool = True
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The number that identifies the person: the staff number, else the ID card number."""
        return self.employee_number or self.id_card


@dataclass
class Preview:
    """The parsed rows of a file under one mapping; importable only without errors."""

    rows: list[RosterRow]
    mapping_errors: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): never data

    @property
    def error_rows(self) -> list[RosterRow]:
        """Included rows with at least one problem."""
        return [row for row in self.rows if row.errors and row.included]

    @property
    def included(self) -> list[RosterRow]:
        """The rows the user keeps."""
        return [row for row in self.rows if row.included]

    @property
    def shown(self) -> list[RosterRow]:
        """The rows the preview lists: the first ones, then every row with a problem."""
        lines = {row.line for row in self.rows[:PREVIEW_ROWS]}
        lines |= {row.line for row in self.rows if row.errors or row.notes}
        return [row for row in self.rows if row.line in lines][: PREVIEW_ROWS + 200]

    @property
    def ok(self) -> bool:
        """Tell whether the whole file can be imported."""
        return not self.mapping_errors and not self.error_rows and bool(self.included)


def propose_mapping(headers: list[str]) -> dict[str, int | None]:
    """Guess which column holds each field from the header texts."""
    return header.propose_mapping(headers, HEADER_SYNONYMS)


def parse_role(text: str) -> str | None:
    """Turn a role cell into a role code; None when it names no known role."""
    key = fold(text)
    return "worker" if not key else _ROLE_LOOKUP.get(key)


def _value(values: list, index: int | None):
    return values[index] if index is not None and index < len(values) else None


def _text(values: list, index: int | None) -> str:
    return header.cell_text(_value(values, index))


def build_preview(
    sheet: Sheet, mapping: dict[str, int | None], excluded: set[int] = frozenset()
) -> Preview:
    """Parse every row under the mapping, set aside header repeats and totals, list problems."""
    mapping_errors = []
    if mapping.get("employee_number") is None and mapping.get("id_card") is None:
        mapping_errors.append("unmapped:employee_number")
    mapping_errors += [f"unmapped:{name}" for name in REQUIRED if mapping.get(name) is None]
    used = [i for i in mapping.values() if i is not None]
    if len(used) != len(set(used)):
        mapping_errors.append("column_twice")
    preview = Preview(rows=[], mapping_errors=mapping_errors)
    seen: dict[str, RosterRow] = {}
    for offset, values in enumerate(sheet.rows):
        line = sheet.first_line + offset
        if not any(header.cell_text(v) for v in values):
            continue
        if header.repeats_header(values, sheet.headers):
            preview.skipped.append((line, "repeated_header"))
            continue
        if header.is_footer(values):
            preview.skipped.append((line, "footer"))
            continue
        row = _read_row(line, values, mapping)
        row.included = line not in excluded
        if row.included:
            _check_row(row, seen)
        preview.rows.append(row)
    return preview


def _read_row(line: int, values: list, mapping: dict[str, int | None]) -> RosterRow:
    """Read one row's cells under the mapping (text, ID card and date repaired)."""
    row = RosterRow(
        line=line,
        employee_number=_text(values, mapping.get("employee_number")),
        name=" ".join(_text(values, mapping.get("name")).split()),
        department=_text(values, mapping.get("department"))[:120],
        raw_role=_text(values, mapping.get("role")),
    )
    row.id_card = cells.id_card(_value(values, mapping.get("id_card")), row.notes)
    row.birth_date = cells.birth_date(_value(values, mapping.get("birth_date")), row.notes)
    return row


def _check_row(row: RosterRow, seen: dict[str, RosterRow]) -> None:
    """Fill a row's role and its errors; remember its number to spot duplicates."""
    if any(
        refused_characters(text)
        for text in (row.employee_number, row.id_card, row.name, row.department, row.raw_role)
    ):
        row.errors.append("bad_characters")
    if not row.name:
        row.errors.append("missing_name")
    elif len(row.name) > 200:
        row.errors.append("name_too_long")
    number = row.key
    if not number:
        row.errors.append("missing_number")
    elif len(number) > 40:
        row.errors.append("number_too_long")
    else:
        first = seen.get(number.upper())
        if first is None:
            seen[number.upper()] = row
        elif fold(first.name) == fold(row.name):  # the same person listed twice
            row.included = False
            row.notes.append(f"repeat_of:{first.line}")
        else:
            row.errors.append(f"duplicate_number:{first.line}")
    role = parse_role(row.raw_role)
    if role is None:
        row.errors.append("bad_role")
    else:
        row.role = role


def commit_roster(enterprise: Enterprise, preview: Preview) -> ImportResult:
    """Upsert every row (app/festival/roster_people.py); refuse a file with any error."""
    if not preview.ok:
        raise ValueError("the roster has errors")
    return upsert_people(enterprise, [row for row in preview.included if not row.errors])


def roster_of(enterprise: Enterprise) -> list[RosterPerson]:
    """Return the enterprise's roster, sorted by employee number."""
    return list(
        db.session.scalars(
            select(RosterPerson)
            .where(RosterPerson.enterprise_id == enterprise.id, RosterPerson.deleted.is_(False))
            .order_by(RosterPerson.employee_number)
        )
    )
