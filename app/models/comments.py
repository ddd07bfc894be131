"""The thread on a check or an event: comments, append-only, synced both ways."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import SyncedRecord, utcnow

COMMENT_ENTITIES = ("check", "event")
# What an entry of the thread is: a plain comment, or the comment of a review decision.
COMMENT_KINDS = ("comment", "return", "approve", "reviewed")


class Comment(SyncedRecord, db.Model):
    """One entry of a record's thread: who wrote what, when; never edited, never deleted."""

    __tablename__ = "record_comment"

    entity: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    enterprise_id: Mapped[str | None] = mapped_column(ForeignKey("enterprise.id"), index=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    author_role: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10), default="comment")
    text: Mapped[str] = mapped_column(Text)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
