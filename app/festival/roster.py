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
from app.sheets.rowkinds import RowSorter
from app.sheets.text import refused_characters

FIELDS = ("employee_number", "cccd", "name", "role", "department", "birth_date", "phone")
REQUIRED = ("name",)
PAGE_ROWS = 50  # rows of a preview page, after every row with an error

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
    "cccd": (
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
    cccd: str = ""  # exact digits: a 12-digit CCCD or a 9-digit CMND
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
        return self.employee_number or self.cccd


@dataclass
class Preview:
    """The parsed rows of a file under one mapping; the rows kept without errors import."""

    rows: list[RosterRow]
    mapping_errors: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): never data
    page: int = 1

    @property
    def error_rows(self) -> list[RosterRow]:
        """Included rows with at least one problem."""
        return [row for row in self.rows if row.errors and row.included]

    @property
    def included(self) -> list[RosterRow]:
        """The rows the user keeps."""
        return [row for row in self.rows if row.included]

    @property
    def importable(self) -> list[RosterRow]:
        """The rows an import writes: kept, and without an error."""
        return [row for row in self.rows if row.included and not row.errors]

    @property
    def with_errors(self) -> list[RosterRow]:
        """Every row with an error, kept or not: always listed first, never paged."""
        return [row for row in self.rows if row.errors]

    @property
    def pages(self) -> int:
        """How many pages the rows without errors fill."""
        rest = len(self.rows) - len(self.with_errors)
        return max(1, -(-rest // PAGE_ROWS))

    @property
    def shown(self) -> list[RosterRow]:
        """The rows listed: every row with an error, then one page of the others (rows
        carrying notes first)."""
        rest = sorted((row for row in self.rows if not row.errors), key=lambda r: not r.notes)
        page = min(max(self.page, 1), self.pages)
        return self.with_errors + rest[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]

    @property
    def ok(self) -> bool:
        """Tell whether an import can be offered: the columns are right and a row is left."""
        return not self.mapping_errors and bool(self.importable)


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
    sheet: Sheet,
    mapping: dict[str, int | None],
    excluded: set[int] = frozenset(),
    drop_errors: bool = False,
) -> Preview:
    """Parse every row under the mapping, set aside rows that are not data, list problems."""
    mapping_errors = []
    if mapping.get("employee_number") is None and mapping.get("cccd") is None:
        mapping_errors.append("unmapped:employee_number")
    mapping_errors += [f"unmapped:{name}" for name in REQUIRED if mapping.get(name) is None]
    used = [i for i in mapping.values() if i is not None]
    if len(used) != len(set(used)):
        mapping_errors.append("column_twice")
    preview = Preview(rows=[], mapping_errors=mapping_errors)
    sorter = RowSorter(sheet.headers, sheet.sub_header)
    width = cells.staff_width([_value(v, mapping.get("employee_number")) for v in sheet.rows])
    seen: dict[str, RosterRow] = {}
    for offset, values in enumerate(sheet.rows):
        line = sheet.first_line + offset
        reason = sorter.reason(values)
        if (
            reason is None
            and mapping.get("name") is not None
            and not _text(values, mapping["name"])
        ):
            reason = "no_name"
        if reason is not None:
            if reason != "blank":
                preview.skipped.append((line, reason))
            continue
        row = _read_row(line, values, mapping, width)
        row.included = line not in excluded
        _check_row(row, seen if row.included else {})
        if drop_errors and row.errors:
            row.included = False
        preview.rows.append(row)
    return preview


def _read_row(line: int, values: list, mapping: dict[str, int | None], width: int) -> RosterRow:
    """Read one row's cells under the mapping (text, ID numbers and date repaired)."""
    row = RosterRow(
        line=line,
        name=" ".join(_text(values, mapping.get("name"))[:400].split())[:201],
        department=_text(values, mapping.get("department"))[:120],
        raw_role=_text(values, mapping.get("role"))[:60],
    )
    number = _value(values, mapping.get("employee_number"))
    row.employee_number = cells.staff_number(number, width, row.notes)
    column = mapping.get("cccd")
    where = header.cell_name(column, line)
    row.cccd = cells.id_card(_value(values, column), where, row.notes, row.errors)
    row.birth_date = cells.birth_date(_value(values, mapping.get("birth_date")), row.notes)
    return row


def _check_row(row: RosterRow, seen: dict[str, RosterRow]) -> None:
    """Fill a row's role and its errors; remember its number to spot duplicates."""
    if any(
        refused_characters(text)
        for text in (row.employee_number, row.cccd, row.name, row.department, row.raw_role)
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
    elif not row.errors:
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
    """Upsert every kept row without an error (app/festival/roster_people.py)."""
    if not preview.ok:
        raise ValueError("the roster has nothing to import")
    return upsert_people(enterprise, preview.importable)


def roster_of(enterprise: Enterprise) -> list[RosterPerson]:
    """Return the enterprise's roster, sorted by employee number."""
    return list(
        db.session.scalars(
            select(RosterPerson)
            .where(RosterPerson.enterprise_id == enterprise.id, RosterPerson.deleted.is_(False))
            .order_by(RosterPerson.employee_number)
        )
    )
