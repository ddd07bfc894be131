"""Festival-day events, their attendance, gifts and the enterprise rosters."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import JSONType, SyncedRecord
from app.models.org import Enterprise

ACTIVITY_KINDS = (
    "propaganda",
    "law_quiz",
    "dialogue_forum",
    "banners",
    "gifts",
    "guard_training",
)
PERSON_ROLES = ("worker", "guard", "manager", "official")
ATTENDANCE_METHODS = ("roster", "qr", "manual")


class Event(SyncedRecord, db.Model):
    """A festival-day event of one enterprise (or park-wide when enterprise is empty)."""

    enterprise_id: Mapped[str | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    title: Mapped[str] = mapped_column(String(300))
    date: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(300), default="")
    activities: Mapped[list] = mapped_column(JSONType, default=list)
    planned_participants: Mapped[int] = mapped_column(Integer, default=0)
    photos: Mapped[list] = mapped_column(JSONType, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    # planned | held | returned (to HR, with a comment) | reviewed
    status: Mapped[str] = mapped_column(String(10), default="planned")
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    receipt: Mapped[str | None] = mapped_column(String(40))

    enterprise: Mapped[Enterprise | None] = relationship()


class RosterPerson(SyncedRecord, db.Model):
    """A worker on an enterprise's roster, imported by HR or admin."""

    __table_args__ = (UniqueConstraint("enterprise_id", "employee_number"),)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    # The badge code: the staff number, or one the server minted; never the ID card number.
    employee_number: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    search_key: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(10), default="worker")
    department: Mapped[str] = mapped_column(String(120), default="")
    # CCCD (12 digits) or CMND (9): personal data, never pulled (docs/records.md).
    id_card: Mapped[str] = mapped_column(String(12), default="", server_default="")


class Attendance(SyncedRecord, db.Model):
    """One person at one event: the id is derived from (event, person) on the device."""

    __table_args__ = (UniqueConstraint("event_id", "person_key"),)
    event_id: Mapped[str] = mapped_column(ForeignKey("event.id"), index=True)
    enterprise_id: Mapped[str | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    person_key: Mapped[str] = mapped_column(String(80))
    person_id: Mapped[str | None] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(200))
    employee_number: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(10), default="worker")
    method: Mapped[str] = mapped_column(String(10), default="manual")
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scan_count: Mapped[int] = mapped_column(Integer, default=1)


class Gift(SyncedRecord, db.Model):
    """A gift or reward handed to a person at an event; a repeat is flagged, not dropped."""

    event_id: Mapped[str] = mapped_column(ForeignKey("event.id"), index=True)
    enterprise_id: Mapped[str | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    person_key: Mapped[str] = mapped_column(String(80), default="")
    recipient_name: Mapped[str] = mapped_column(String(200))
    employee_number: Mapped[str] = mapped_column(String(40), default="")
    value_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    reason: Mapped[str] = mapped_column(String(300), default="")
    given_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    duplicate_of: Mapped[str | None] = mapped_column(String(36))
