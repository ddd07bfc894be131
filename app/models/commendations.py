"""Commendations of an enterprise's self-protection model (console only, not synced).

Phones never show or edit them: an inspector's check records whether the model runs (item
I.1); the commendation is the board's or the police's decision, recorded by a supervisor in
the console. So it carries no sync version and goes through no pull or push.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UUIDPrimaryKey, utcnow
from app.models.org import Enterprise, User


class Commendation(UUIDPrimaryKey, db.Model):
    """A decision commending an enterprise's self-protection model, with its certificate."""

    enterprise_id: Mapped[str] = mapped_column(ForeignKey("enterprise.id"), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    commended_by: Mapped[str] = mapped_column(String(200))
    commended_on: Mapped[date] = mapped_column(Date, index=True)
    decision_number: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text, default="")
    photo: Mapped[str | None] = mapped_column(ForeignKey("attachment.sha256"))
    recorded_by_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    enterprise: Mapped[Enterprise] = relationship()
    recorded_by: Mapped[User] = relationship()
