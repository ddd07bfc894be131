"""A roster as a spreadsheet: the ID card column only for those who may see it whole."""

from flask_babel import pgettext

from app.core.codes import label
from app.festival.roster import roster_of
from app.models import Enterprise
from app.reports.writers import xlsx_bytes


def roster_table(enterprise: Enterprise, with_id_cards: bool) -> tuple[list[str], list[list]]:
    """The roster's header and rows, sorted by badge code; ID cards only when allowed."""
    headers = [
        pgettext("export column", "Employee number"),
        pgettext("export column", "Full name"),
        pgettext("export column", "Role"),
        pgettext("export column", "Department"),
    ]
    if with_id_cards:
        headers.append(pgettext("export column", "ID card number"))
    rows = []
    for person in roster_of(enterprise):
        row = [person.employee_number, person.name, label("role", person.role), person.department]
        rows.append(row + [person.id_card] if with_id_cards else row)
    return headers, rows


def roster_xlsx(enterprise: Enterprise, with_id_cards: bool) -> bytes:
    """The roster as an XLSX workbook."""
    headers, rows = roster_table(enterprise, with_id_cards)
    return xlsx_bytes(enterprise.name[:31], headers, rows)
