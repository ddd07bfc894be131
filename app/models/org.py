"""Parks, enterprises and users with their roles and scopes."""

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import JSONType, SyncedRecord, UUIDPrimaryKey, utcnow

ROLES = ("inspector", "enterprise_hr", "supervisor", "admin")
OWNERSHIPS = ("fdi", "private", "state")

user_parks = Table(
    "user_park",
    db.metadata,
    Column("user_id", ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True),
    Column("park_id", ForeignKey("park.id", ondelete="CASCADE"), primary_key=True),
)


class Park(SyncedRecord, db.Model):
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    search_key: Mapped[str] = mapped_column(String(200), default="")
    province: Mapped[str] = mapped_column(String(100), default="Bắc Ninh")
    operating: Mapped[bool] = mapped_column(Boolean, default=True)
    area_ha: Mapped[float | None]
    # Where the park is, for the map: its centre and an optional outline [[lat, lng], ...].
    lat: Mapped[float | None]
    lng: Mapped[float | None]
    outline: Mapped[list | None] = mapped_column(JSONType)


class Enterprise(SyncedRecord, db.Model):
    park_id: Mapped[str] = mapped_column(ForeignKey("park.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    search_key: Mapped[str] = mapped_column(String(300), default="", index=True)
    tax_code: Mapped[str] = mapped_column(String(20), unique=True)
    # The sector the reports count by (fdi, private = non-state, state), derived from the
    # legal form and the capital (app/core/legal_forms.py); the legal form as registered.
    ownership: Mapped[str] = mapped_column(String(10))
    legal_form: Mapped[str] = mapped_column(String(20), default="", server_default="")
    sector: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(60), default="Việt Nam")
    address: Mapped[str] = mapped_column(String(300), default="")
    workforce: Mapped[int] = mapped_column(Integer, default=0)
    foreign_workers: Mapped[int] = mapped_column(Integer, default=0)
    guards_dedicated: Mapped[int] = mapped_column(Integer, default=0)
    guards_parttime: Mapped[int] = mapped_column(Integer, default=0)
    has_trade_union: Mapped[bool] = mapped_column(Boolean, default=False)
    hr_contact: Mapped[str] = mapped_column(String(200), default="")
    hr_phone: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    park: Mapped[Park] = relationship()


def new_outbox_key() -> str:
    """A random 256-bit AES key, base64url without padding (43 characters)."""
    return secrets.token_urlsafe(32)


class User(UserMixin, UUIDPrimaryKey, db.Model):
    __tablename__ = "app_user"
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(20), default="bql")  # bql | police | enterprise
    language: Mapped[str] = mapped_column(String(5), default="vi")
    enterprise_id: Mapped[str | None] = mapped_column(ForeignKey("enterprise.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped on password change or forced logout: every older session stops working.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    # Seals this user's unsent work on a shared phone at logout; given only to them at login,
    # and never changed (a password reset must not lock their own work away from them).
    outbox_key: Mapped[str | None] = mapped_column(String(64), default=new_outbox_key)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    parks: Mapped[list[Park]] = relationship(secondary=user_parks, order_by=Park.code)
    enterprise: Mapped[Enterprise | None] = relationship()

    def get_id(self) -> str:
        """Return the session id: the user id and the session generation."""
        return f"{self.id}:{self.session_generation}"

    @property
    def is_active(self) -> bool:  # flask-login reads this
        return self.active
