"""Write a checked roster: match each person by staff number, else by ID card number.

The badge code (`employee_number`) is the staff number, or a code the server mints when the
file has none: never the ID card number, which is kept apart in `id_card` (docs/records.md).
"""

from dataclasses import dataclass

from sqlalchemy import select

from app.core.i18n import fold
from app.core.personal import is_id_card, mint_badge_code
from app.extensions import db
from app.models import Enterprise, RosterPerson
from app.sync.versioning import stamp


@dataclass
class ImportResult:
    """What a committed import wrote."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def row_id_card(row) -> str:
    """The row's ID card number when it is one (9 or 12 digits), else ""."""
    number = getattr(row, "cccd", "") or getattr(row, "id_card", "") or ""
    return number if is_id_card(number) else ""


def staff_and_card(row) -> tuple[str, str]:
    """The row's staff number and ID card number; a CCCD (12 digits) typed in the staff
    number column is taken as the ID card, never kept as the badge code."""
    staff = (getattr(row, "employee_number", "") or "").strip()
    card = row_id_card(row) or (staff if len(staff) == 12 and staff.isdigit() else "")
    return ("" if staff == card else staff), card


class _Roster:
    """The enterprise's people by badge code and by ID card number."""

    def __init__(self, enterprise: Enterprise):
        people = db.session.scalars(
            select(RosterPerson).where(RosterPerson.enterprise_id == enterprise.id)
        ).all()
        self.by_code = {p.employee_number.upper(): p for p in people}
        self.by_card = {p.id_card: p for p in people if p.id_card}
        self.taken = set(self.by_code)

    def find(self, staff: str, card: str) -> RosterPerson | None:
        """The person a row names: by staff number, else by ID card (kept or as old code)."""
        if staff and staff.upper() in self.by_code:
            return self.by_code[staff.upper()]
        if card:
            return self.by_card.get(card) or self.by_code.get(card)
        return None

    def code_for(self, staff: str, person: RosterPerson | None) -> str:
        """The badge code: the staff number, the person's own code, or a minted one."""
        if staff:
            return staff
        if person is not None and not is_id_card(person.employee_number):
            return person.employee_number
        return mint_badge_code(self.taken)


def upsert_people(enterprise: Enterprise, rows: list) -> ImportResult:
    """Create or update one roster person per row; return the counts."""
    roster = _Roster(enterprise)
    result = ImportResult()
    for row in rows:
        staff, card = staff_and_card(row)
        person = roster.find(staff, card)
        values = {
            "employee_number": roster.code_for(staff, person),
            "name": row.name,
            "search_key": fold(row.name)[:200],
            "role": row.role,
            "department": row.department,
            "id_card": card or (person.id_card if person is not None else ""),
            "park_id": enterprise.park_id,
        }
        if person is None:
            db.session.add(stamp(RosterPerson(enterprise_id=enterprise.id, **values)))
            result.created += 1
        elif person.deleted or any(getattr(person, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(person, key, value)
            person.deleted = False
            stamp(person)
            result.updated += 1
        else:
            result.unchanged += 1
    db.session.flush()
    return result
