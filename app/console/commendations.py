"""Commendations: record that an enterprise's self-protection model was commended.

Console only (app/models/commendations.py says why), so no sync version is taken: the write
is the commendation row, its certificate photo through the photo storage, and an audit row.
"""

import hashlib
from datetime import date

from flask import current_app
from sqlalchemy import select

from app.core.storage import get_storage, sniff_image_type
from app.extensions import db
from app.models import Attachment, Commendation, Enterprise, User
from app.models.audit import Action, audit


class CommendationError(ValueError):
    """A commendation that cannot be recorded; `fields` says which inputs are wrong."""

    def __init__(self, fields: dict[str, str]):
        super().__init__(", ".join(fields))
        self.fields = fields


def store_certificate(actor: User, data: bytes) -> str:
    """Keep a certificate photo by its hash (once); return the hash."""
    if len(data) > current_app.config["MAX_ATTACHMENT_BYTES"]:
        raise CommendationError({"photo": "too_large"})
    content_type = sniff_image_type(data)
    if content_type is None:
        raise CommendationError({"photo": "not_an_image"})
    sha256 = hashlib.sha256(data).hexdigest()
    if db.session.get(Attachment, sha256) is None:
        get_storage().save(sha256, data)
        db.session.add(
            Attachment(
                sha256=sha256, size=len(data), content_type=content_type, uploaded_by_id=actor.id
            )
        )
        db.session.flush()
    return sha256


def record_commendation(
    actor: User,
    ent: Enterprise,
    by: str,
    on: date | None,
    decision_number: str,
    note: str = "",
    photo: bytes | None = None,
) -> Commendation:
    """Record a commendation of the enterprise's model, with an audit row."""
    by, decision_number = (by or "").strip(), (decision_number or "").strip()
    errors = {}
    if not by:
        errors["by"] = "required"
    if not decision_number:
        errors["decision_number"] = "required"
    if on is None:
        errors["on"] = "required"
    elif on > date.today():
        errors["on"] = "future"
    if errors:
        raise CommendationError(errors)
    sha256 = store_certificate(actor, photo) if photo else None
    row = Commendation(
        enterprise_id=ent.id,
        park_id=ent.park_id,
        commended_by=by[:200],
        commended_on=on,
        decision_number=decision_number[:60],
        note=(note or "").strip()[:2000],
        photo=sha256,
        recorded_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit(
        actor,
        Action.COMMENDATION_RECORDED,
        "commendation",
        row.id,
        {
            "enterprise_id": ent.id,
            "by": row.commended_by,
            "on": on.isoformat(),
            "decision_number": row.decision_number,
            "photo": sha256,
        },
    )
    return row


def commendations_of(enterprise_id: str) -> list[Commendation]:
    """The enterprise's commendations, newest first."""
    return list(
        db.session.execute(
            select(Commendation)
            .where(Commendation.enterprise_id == enterprise_id)
            .order_by(Commendation.commended_on.desc(), Commendation.id)
        ).scalars()
    )
