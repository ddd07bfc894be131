"""Roster import: propose a column mapping, preview with row errors, commit all or nothing."""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.festival.rosterfile import Sheet
from app.i18n import fold
from app.models import Enterprise, RosterPerson
from app.sync.versioning import stamp

FIELDS = ("employee_number", "name", "role", "department")
REQUIRED = ("employee_number", "name")

# Folded header texts (Vietnamese and English) that name each field.
HEADER_SYNONYMS = {
    "employee_number": ("ma nv", "ma nhan vien", "ma so nhan vien", "msnv", "ma so", "ma cong nhan",
                        "so the", "employee number", "employee no", "employee id", "emp no",
                        "staff id", "staff no", "id"),
    "name": ("ho va ten", "ho ten", "ten", "ten nhan vien", "ten cong nhan", "name", "full name",
             "fullname", "employee name"),
    "role": ("vai tro", "chuc danh", "chuc vu", "loai", "role", "position", "title"),
    "department": ("bo phan", "phong ban", "phong", "to", "xuong", "department", "dept",
                   "division", "section"),
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
    """One data row of the file, parsed, with its problems (error codes)."""

    line: int
    employee_number: str = ""
    name: str = ""
    role: str = "worker"
    department: str = ""
    raw_role: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class Preview:
    """The parsed rows of a file under one mapping; importable only without errors."""

    rows: list[RosterRow]
    mapping_errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[RosterRow]:
        """Rows with at least one problem."""
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        """Tell whether the whole file can be imported."""
        return not self.mapping_errors and not self.error_rows and bool(self.rows)


def propose_mapping(headers: list[str]) -> dict[str, int | None]:
    """Guess which column holds each field from the header texts."""
    folded = [fold(h).replace(".", "").replace("_", " ").strip(" :*") for h in headers]
    mapping: dict[str, int | None] = {}
    taken: set[int] = set()
    for name in FIELDS:
        mapping[name] = None
        for synonym in HEADER_SYNONYMS[name]:  # the earlier synonym wins
            hit = next((i for i, h in enumerate(folded) if h == synonym and i not in taken), None)
            if hit is not None:
                mapping[name] = hit
                taken.add(hit)
                break
    return mapping


def parse_role(text: str) -> str | None:
    """Turn a role cell into a role code; None when it names no known role."""
    key = fold(text)
    return "worker" if not key else _ROLE_LOOKUP.get(key)


def _cell(values: list[str], index: int | None) -> str:
    return values[index].strip() if index is not None and index < len(values) else ""


def build_preview(sheet: Sheet, mapping: dict[str, int | None]) -> Preview:
    """Parse every row under the mapping and list each row's problems."""
    mapping_errors = [f"unmapped:{name}" for name in REQUIRED if mapping.get(name) is None]
    used = [i for i in mapping.values() if i is not None]
    if len(used) != len(set(used)):
        mapping_errors.append("column_twice")
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for offset, values in enumerate(sheet.rows):
        if not any(values):
            continue
        row = RosterRow(line=sheet.first_line + offset,
                        employee_number=_cell(values, mapping.get("employee_number")),
                        name=" ".join(_cell(values, mapping.get("name")).split()),
                        department=_cell(values, mapping.get("department"))[:120],
                        raw_role=_cell(values, mapping.get("role")))
        _check_row(row, seen)
        rows.append(row)
    return Preview(rows=rows, mapping_errors=mapping_errors)


def _check_row(row: RosterRow, seen: dict[str, int]) -> None:
    """Fill a row's role and its errors; remember its number to spot duplicates."""
    if not row.name:
        row.errors.append("missing_name")
    elif len(row.name) > 200:
        row.errors.append("name_too_long")
    number = row.employee_number
    if not number:
        row.errors.append("missing_number")
    elif len(number) > 40:
        row.errors.append("number_too_long")
    else:
        key = number.upper()
        if key in seen:
            row.errors.append(f"duplicate_number:{seen[key]}")
        else:
            seen[key] = row.line
    role = parse_role(row.raw_role)
    if role is None:
        row.errors.append("bad_role")
    else:
        row.role = role


@dataclass
class ImportResult:
    """What a committed import wrote."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def commit_roster(enterprise: Enterprise, preview: Preview) -> ImportResult:
    """Upsert every row by (enterprise, employee number); refuse a file with any error."""
    if not preview.ok:
        raise ValueError("the roster has errors")
    existing = {p.employee_number.upper(): p for p in db.session.scalars(
        select(RosterPerson).where(RosterPerson.enterprise_id == enterprise.id))}
    result = ImportResult()
    for row in preview.rows:
        person = existing.get(row.employee_number.upper())
        values = {"name": row.name, "search_key": fold(row.name)[:200], "role": row.role,
                  "department": row.department}
        if person is None:
            person = RosterPerson(enterprise_id=enterprise.id, park_id=enterprise.park_id,
                                  employee_number=row.employee_number, **values)
            db.session.add(stamp(person))
            result.created += 1
            continue
        changed = person.deleted or person.park_id != enterprise.park_id or any(
            getattr(person, key) != value for key, value in values.items())
        if not changed:
            result.unchanged += 1
            continue
        for key, value in values.items():
            setattr(person, key, value)
        person.deleted = False
        person.park_id = enterprise.park_id
        stamp(person)
        result.updated += 1
    db.session.flush()
    return result


def roster_of(enterprise: Enterprise) -> list[RosterPerson]:
    """Return the enterprise's roster, sorted by employee number."""
    return list(db.session.scalars(
        select(RosterPerson)
        .where(RosterPerson.enterprise_id == enterprise.id, RosterPerson.deleted.is_(False))
        .order_by(RosterPerson.employee_number)))
