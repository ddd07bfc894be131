"""Who owns a corrective action: the enterprise's contact named on the check, or a name a
supervisor typed (kept apart from the finding, which a device's next send rewrites)."""

from sqlalchemy import func

from app.core.i18n import fold
from app.extensions import db
from app.models import Finding, FindingOwner, User
from app.models.audit import Action, audit
from app.models.base import utcnow

OWNER_SIZE = 200


def owner_name_column():
    """The owner's name of a finding row (needs FindingOwner outer-joined on finding_id)."""
    return func.coalesce(FindingOwner.name, Finding.contact_name)


def owner_key_column():
    """The owner's name folded for searching (the same join)."""
    return func.coalesce(FindingOwner.name_key, Finding.contact_key)


def set_owner(actor: User, finding: Finding, name: str) -> FindingOwner | None:
    """Name the owner of a corrective action; an empty name gives it back to the contact."""
    name = " ".join((name or "").split())[:OWNER_SIZE]
    row = db.session.get(FindingOwner, finding.id)
    before = row.name if row else None
    if not name:
        if row is not None:
            db.session.delete(row)
    else:
        if row is None:
            row = FindingOwner(finding_id=finding.id)
            db.session.add(row)
        row.name, row.name_key = name, fold(name)[:OWNER_SIZE]
        row.set_by_id, row.set_at = actor.id, utcnow()
    audit(actor, Action.FINDING_OWNER, "finding", finding.id, {"from": before, "to": name or None})
    db.session.flush()
    return row if name else None
