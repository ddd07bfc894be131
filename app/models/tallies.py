"""Figures kept as the records are written, so the dashboard need not recount raw rows."""

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class EventTally(db.Model):
    """An event's live attendance rows, recounted in the transaction that writes them."""

    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("event.id"), primary_key=True)
    attendance: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
