"""Checklist templates, checks with their findings, and inspection plans."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
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
from app.models.base import JSONType, SyncedRecord, UUIDPrimaryKey, utcnow
from app.models.org import Enterprise, User

CHECK_STATUSES = ("draft", "submitted", "approved", "returned")
SEVERITIES = ("low", "medium", "high", "critical")


class ChecklistTemplate(UUIDPrimaryKey, db.Model):
    """A checklist (the ANTT check, a survey); its content lives in versions."""

    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # check | survey
    title_vi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))


class TemplateVersion(SyncedRecord, db.Model):
    """One version of a template: sections of items. Published versions never change."""

    __table_args__ = (UniqueConstraint("template_id", "number"),)
    template_id: Mapped[str] = mapped_column(ForeignKey("checklist_template.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | published
    sections: Mapped[list] = mapped_column(JSONType, default=list)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    template: Mapped[ChecklistTemplate] = relationship()


class Check(SyncedRecord, db.Model):
    """An enterprise check (or survey) made on a device from one template version."""

    __tablename__ = "inspection_check"

    template_version_id: Mapped[str] = mapped_column(ForeignKey("template_version.id"))
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    visit_id: Mapped[str | None] = mapped_column(String(36))
    author_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    # searched through ix_inspection_check_report (app/reports/indexes.py), which starts with it
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # each send's time, set by the server when a push moves the check to submitted
    first_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    send_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    data: Mapped[dict] = mapped_column(JSONType, default=dict)
    finding_count: Mapped[int] = mapped_column(Integer, default=0)
    photos: Mapped[list] = mapped_column(JSONType, default=list)
    review_comment: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    receipt: Mapped[str | None] = mapped_column(String(40))
    client_id: Mapped[str | None] = mapped_column(String(36))
    # The JSON text a pull sends of this check, kept at each write (app/sync/pulled_kept.py);
    # good only while pulled_version equals version, so a write that does not refresh it
    # cannot make a pull send stale data. Deferred: nothing but the pull reads it.
    pulled_text: Mapped[str | None] = mapped_column(Text, deferred=True)
    pulled_version: Mapped[int | None] = mapped_column(BigInteger, deferred=True)

    enterprise: Mapped[Enterprise] = relationship()
    template_version: Mapped[TemplateVersion] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])


class Finding(UUIDPrimaryKey, db.Model):
    """A finding of a check, kept as rows so corrective actions can be tracked."""

    # searched through ix_finding_report (app/reports/indexes.py), which starts with it
    check_id: Mapped[str] = mapped_column(ForeignKey("inspection_check.id", ondelete="CASCADE"))
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    item_code: Mapped[str | None] = mapped_column(String(40))
    category: Mapped[str] = mapped_column(String(40), default="")
    severity: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text, default="")
    corrective_action: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    closed_note: Mapped[str | None] = mapped_column(Text)
    # The enterprise's contact named on the check (its representative): the action's owner
    # unless a supervisor names another (FindingOwner); the key is folded for searching.
    contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    contact_key: Mapped[str] = mapped_column(String(200), default="", server_default="")

    check: Mapped[Check] = relationship()
    enterprise: Mapped[Enterprise] = relationship()


class FindingOwner(db.Model):
    """The owner a supervisor named for a corrective action. Kept apart from the finding's row,
    which a device's next send of the check rewrites (no foreign key: the id survives that)."""

    finding_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    set_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InspectionPlan(UUIDPrimaryKey, db.Model):
    """A supervisor's schedule of visits for a park and a quarter, or one month of it."""

    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)  # 1-12 for a month's plan
    title: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Visit(SyncedRecord, db.Model):
    """A planned visit to an enterprise; reaches the team's phones by pull."""

    plan_id: Mapped[str | None] = mapped_column(ForeignKey("inspection_plan.id"), index=True)
    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    planned_date: Mapped[date] = mapped_column(Date, index=True)
    team: Mapped[list] = mapped_column(JSONType, default=list)  # user ids
    reason: Mapped[str] = mapped_column(String(20), default="routine")  # routine | reinspection
    finding_id: Mapped[str | None] = mapped_column(String(36))
    check_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10), default="planned")  # planned|done|cancelled
    note: Mapped[str] = mapped_column(Text, default="")

    enterprise: Mapped[Enterprise] = relationship()


class ReviewDecision(UUIDPrimaryKey, db.Model):
    """A supervisor's approve or return of a check or event, with the comment."""

    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    record_version: Mapped[int] = mapped_column(Integer)
    decision: Mapped[str] = mapped_column(String(10))  # approve | return | reviewed
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
