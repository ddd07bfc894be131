"""flask purge-workers --year YYYY: delete an ended year's worker personal data, keep counts.

What is kept and for how long is in docs/records.md. The events of the year keep their
attendance rows (so every figure stays) and their gifts (with value and reason), stripped of
names, staff numbers and badge codes; roster people removed from a roster by that year's end
lose their name, department and ID card number. Each changed row is re-stamped, so phones
that hold it replace it with the stripped copy on their next pull. One audit row says so.
"""

from datetime import UTC, date, datetime

import click
from flask import Flask
from sqlalchemy import extract, select

from app.extensions import db
from app.models import Attendance, Event, Gift, RosterPerson
from app.models.audit import Action, audit
from app.reports.periods import local_today
from app.sync.versioning import stamp


def _year_events(year: int):
    return select(Event.id).where(extract("year", Event.date) == year)


def purge_workers(year: int, today: date | None = None) -> dict[str, int]:
    """Strip the personal data of the year's attendance, gifts and removed roster people."""
    if year >= (today or local_today()).year:
        raise ValueError("the year has not ended")
    counts = {"attendance": 0, "gifts": 0, "roster_people": 0}
    events = _year_events(year)
    for row in db.session.scalars(select(Attendance).where(Attendance.event_id.in_(events))):
        if row.name or row.employee_number or row.person_id:
            row.name, row.employee_number, row.person_id = "", "", None
            row.person_key = f"purged:{row.id}"
            stamp(row)
            counts["attendance"] += 1
    for gift in db.session.scalars(select(Gift).where(Gift.event_id.in_(events))):
        if gift.recipient_name or gift.employee_number or gift.person_key:
            gift.recipient_name, gift.employee_number, gift.person_key = "", "", ""
            stamp(gift)
            counts["gifts"] += 1
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    removed = select(RosterPerson).where(
        RosterPerson.deleted.is_(True), RosterPerson.updated_at < end, RosterPerson.name != ""
    )
    for person in db.session.scalars(removed):
        person.name, person.search_key, person.department, person.id_card = "", "", "", ""
        stamp(person)
        counts["roster_people"] += 1
    db.session.flush()
    audit(None, Action.WORKERS_PURGE, "worker_data", str(year), counts)
    return counts


def init_purge_cli(app: Flask) -> None:
    """Register flask purge-workers."""

    @app.cli.command("purge-workers")
    @click.option("--year", type=int, required=True, help="An ended year, such as 2025")
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation")
    def purge_workers_command(year, yes):
        """Delete an ended year's worker personal data (names, numbers); keep the counts."""
        if year >= local_today().year:
            raise click.BadParameter("the year has not ended", param_hint="--year")
        if not yes:
            click.confirm(f"Strip the worker personal data of {year}?", abort=True)
        counts = purge_workers(year)
        db.session.commit()
        click.echo(
            f"purged {year}: {counts['attendance']} attendance rows, {counts['gifts']} gifts, "
            f"{counts['roster_people']} removed roster people"
        )
