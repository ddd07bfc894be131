"""flask purge-workers: an ended year's worker personal data goes, its counts stay, audited."""

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Attendance, AuditLog, EventTally, Gift
from app.sync.versioning import stamp


def festival_of(make, world, year: int):
    """An event of the year with two attendees and a gift; return the event."""
    event = make.event(world.ent)
    event.date = date(year, 8, 19)
    for number, name in (("NV001", "Nguyễn Thị Hoa"), ("NV002", "Trần Văn Đức")):
        db.session.add(
            stamp(
                Attendance(
                    event_id=event.id,
                    enterprise_id=world.ent.id,
                    park_id=world.ent.park_id,
                    person_key=f"no:{number}",
                    name=name,
                    employee_number=number,
                )
            )
        )
    db.session.add(
        stamp(
            Gift(
                event_id=event.id,
                enterprise_id=world.ent.id,
                park_id=world.ent.park_id,
                person_key="no:NV001",
                recipient_name="Nguyễn Thị Hoa",
                employee_number="NV001",
                value_vnd=200000,
            )
        )
    )
    make.commit()
    return event


def personal_texts() -> str:
    rows = db.session.execute(select(Attendance.name, Attendance.employee_number)).all()
    gifts = db.session.execute(select(Gift.recipient_name, Gift.employee_number)).all()
    return " ".join(" ".join(r) for r in rows + gifts)


def test_purge_strips_names_and_keeps_the_counts(app, make, world):
    old = festival_of(make, world, 2025)
    current = festival_of(make, world, 2026)
    result = app.test_cli_runner().invoke(args=["purge-workers", "--year", "2025", "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    kept = db.session.scalars(select(Attendance).where(Attendance.event_id == current.id)).all()
    purged = db.session.scalars(select(Attendance).where(Attendance.event_id == old.id)).all()
    assert len(purged) == 2 and all(not r.name and not r.employee_number for r in purged)
    assert sorted(r.name for r in kept) == ["Nguyễn Thị Hoa", "Trần Văn Đức"]
    assert db.session.get(EventTally, old.id).attendance == 2
    gift = db.session.scalars(select(Gift).where(Gift.event_id == old.id)).one()
    assert (gift.recipient_name, gift.value_vnd) == ("", 200000)
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "workers.purge")).one()
    assert audit.record_id == "2025" and audit.detail["attendance"] == 2


def test_a_year_not_ended_is_refused_and_nothing_changes(app, make, world):
    festival_of(make, world, 2026)
    before = personal_texts()
    result = app.test_cli_runner().invoke(args=["purge-workers", "--year", "2099", "--yes"])
    assert result.exit_code != 0 and "has not ended" in result.output
    assert personal_texts() == before
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0
