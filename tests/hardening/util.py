"""Helpers for the hardening tests: a small province, photos, a day's work of mutations."""

import hashlib
import os
import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import AppliedMutation, Attachment, Attendance, Check, Event, Gift


def jpeg(size: int = 600) -> bytes:
    """A unique small byte string that the server takes for a JPEG."""
    return b"\xff\xd8\xff\xe0" + os.urandom(size) + b"\xff\xd9"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def world(make) -> dict:
    """Two parks, an enterprise in each, an inspector, an HR user and a supervisor of park A."""
    park_a, park_b = make.park(), make.park()
    ent_a, ent_b = make.enterprise(park_a), make.enterprise(park_b)
    tv = make.template()
    event_a, event_b = make.event(ent_a), make.event(ent_b)
    users = {
        "insp": make.user("insp", role="inspector", parks=[park_a]),
        "insp_b": make.user("insp_b", role="inspector", parks=[park_b]),
        "hr": make.user("hr", role="enterprise_hr", enterprise=ent_a),
        "hr_b": make.user("hr_b", role="enterprise_hr", enterprise=ent_b),
        "sup": make.user("sup", role="supervisor", parks=[park_a]),
        "admin": make.user("admin", role="admin"),
    }
    make.commit()
    return {
        "park_a": park_a,
        "park_b": park_b,
        "ent_a": ent_a,
        "ent_b": ent_b,
        "tv": tv,
        "event_a": event_a,
        "event_b": event_b,
        "users": users,
    }


def check_mutation(make, w, photo_hash=None, **over) -> dict:
    """An upsert of a check of enterprise A, optionally naming a photo."""
    data = make.check_data(w["tv"], w["ent_a"], **over)
    if photo_hash:
        data["answers"]["A.1"]["photos"] = [photo_hash]
    return make.mutation("check", data)


def attendance_mutation(make, event, n: int, recorded_at=None) -> dict:
    """An attendance upsert of worker number n."""
    at = recorded_at or datetime(2026, 8, 19, 8, 0, tzinfo=UTC) + timedelta(seconds=n)
    return make.mutation(
        "attendance",
        {
            "event_id": event.id,
            "name": f"Nguyễn Văn {n}",
            "employee_number": f"NV{n:05d}",
            "role": "worker",
            "method": "manual",
            "recorded_at": at.isoformat(),
        },
    )


COUNTED = (Check, Attendance, Gift, Event, Attachment, AppliedMutation)


def counts() -> dict[str, int]:
    """Rows per table that a push or upload may write."""
    db.session.expire_all()
    return {
        m.__tablename__: db.session.execute(sa.select(sa.func.count()).select_from(m)).scalar_one()
        for m in COUNTED
    }


def new_id() -> str:
    return str(uuid.uuid4())
