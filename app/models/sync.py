"""What sync needs: the version counter, devices, mutation receipts, conflicts, history."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import JSONType, SyncedRecord, UUIDPrimaryKey, utcnow


class SyncState(db.Model):
    """The single counter row: every write transaction takes the next versions from it."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)


class Device(db.Model):
    """One install of the field app (its client_id) and who last used it."""

    client_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_push_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_pull_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AppliedMutation(db.Model):
    """A processed mutation id and its first result; the primary key ends duplicates.

    Mutation ids are scoped to the user who sent them: another user's use of an id (by chance
    or on purpose) never turns a mutation into a duplicate of theirs.
    """

    # The key leads with the mutation id: a push looks up its batch's ids for one user, and
    # with user_id first PostgreSQL's planner read all of that user's rows (push slowed 7x
    # from empty to 100,000 checks; bench/push_growth.py --pg).
    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), index=True)
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(10))
    result: Mapped[dict] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConflictCopy(SyncedRecord, db.Model):
    """A device's version of a record that lost to the server's; kept until resolved."""

    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    park_id: Mapped[str | None] = mapped_column(String(36), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    client_id: Mapped[str] = mapped_column(String(36))
    mutation_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(30))  # stale_base | locked
    base_version: Mapped[int] = mapped_column(BigInteger)
    server_version: Mapped[int] = mapped_column(BigInteger)
    device_data: Mapped[dict] = mapped_column(JSONType)
    server_data: Mapped[dict] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    resolution: Mapped[str | None] = mapped_column(String(20))
    resolved_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RecordRevision(UUIDPrimaryKey, db.Model):
    """The data of a record as written at one version: history and the base of merges."""

    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    version: Mapped[int] = mapped_column(BigInteger)
    data: Mapped[dict] = mapped_column(JSONType)
    user_id: Mapped[str | None] = mapped_column(String(36))
    client_id: Mapped[str | None] = mapped_column(String(36))
    mutation_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditLog(db.Model):
    """Who did what, when and why: review decisions, status changes, resolutions."""

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    detail: Mapped[dict] = mapped_column(JSONType, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)


class Attachment(db.Model):
    """A photo or signature stored by its SHA-256; records name it by hash."""

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(40))
    uploaded_by_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AttachmentHolder(db.Model):
    """A user who sent a photo's bytes after someone else had already uploaded them."""

    sha256: Mapped[str] = mapped_column(ForeignKey("attachment.sha256"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
