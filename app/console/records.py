"""What a record page shows: answers by section, findings, photos, timing, sync history."""

from sqlalchemy import select

from app.console.helpers import parse_iso
from app.extensions import db
from app.models import (
    AppliedMutation,
    Attachment,
    AuditLog,
    Check,
    ConflictCopy,
    Device,
    Finding,
    RecordRevision,
    ReviewDecision,
    User,
)
from app.reports.audit import action_label
from app.sync.handlers.check import photos_named


def sections_with_answers(check: Check, lang: str) -> list[dict]:
    """Group the answers under the sections of the template version the check was made with."""
    answers = dict((check.data or {}).get("answers") or {})
    sections = []
    for section in check.template_version.sections or []:
        items = []
        for item in section.get("items", []):
            answer = answers.pop(item["code"], None)
            items.append(
                {
                    "item": item,
                    "answer": answer or {},
                    "text": item.get(f"text_{lang}") or item.get("text_vi"),
                    "value": answer_label(item, (answer or {}).get("value"), lang),
                }
            )
        title = section.get(f"title_{lang}") or section.get("title_vi")
        sections.append({"code": section.get("code"), "title": title, "items": items})
    if answers:  # codes the template does not know: shown, never hidden
        items = [
            {
                "item": {"code": code},
                "answer": ans or {},
                "text": code,
                "value": answer_label({}, (ans or {}).get("value"), lang),
            }
            for code, ans in answers.items()
        ]
        sections.append({"code": "?", "title": None, "items": items})
    return sections


YES_NO = {
    "vi": {"yes": "Có", "no": "Không", "na": "Không áp dụng"},
    "en": {"yes": "Yes", "no": "No", "na": "N/A"},
}


def answer_label(item: dict, value, lang: str) -> str:
    """Return an answer as a person reads it (choice labels, yes/no in the language)."""
    if value is None or value == "":
        return "—"
    if item.get("type") == "yes_no_na" or value in ("yes", "no", "na"):
        return YES_NO.get(lang, YES_NO["vi"]).get(str(value), str(value))
    for choice in item.get("choices") or []:
        if choice.get("value") == value:
            return choice.get(f"label_{lang}") or choice.get("label_vi") or str(value)
    return str(value)


def findings_of(check: Check) -> list[dict]:
    """Return the check's findings as sent, with the closing state of their tracked rows."""
    rows = {
        f.id: f
        for f in db.session.execute(select(Finding).where(Finding.check_id == check.id)).scalars()
    }
    out = []
    for sent in (check.data or {}).get("findings") or []:
        row = rows.get(sent.get("id"))
        out.append({**sent, "due": parse_iso(sent.get("due_date")), "row": row})
    return out


def photo_state(check: Check) -> dict:
    """Return every photo hash the check names and which of them have not arrived yet."""
    return arrived(photos_named(check.data or {}))


def arrived(named: list[str]) -> dict:
    """Return the named photo hashes, those present on the server and those missing."""
    present = set()
    if named:
        present = set(
            db.session.execute(
                select(Attachment.sha256).where(Attachment.sha256.in_(named))
            ).scalars()
        )
    missing = [sha for sha in named if sha not in present]
    return {"named": named, "present": present, "missing": missing}


def missing_photo_counts(checks: list[Check]) -> dict[str, int]:
    """Count, per check of a list page, the named photos that have not arrived yet."""
    named = {sha for check in checks for sha in (check.photos or [])}
    if not named:
        return {}
    present = set(
        db.session.execute(select(Attachment.sha256).where(Attachment.sha256.in_(named))).scalars()
    )
    counts = {
        check.id: sum(1 for sha in check.photos or [] if sha not in present) for check in checks
    }
    return {check_id: n for check_id, n in counts.items() if n}


def gps_link(gps: dict | None) -> str | None:
    """Return an OpenStreetMap link to the check's position (no map tiles are loaded)."""
    try:
        lat, lng = float(gps["lat"]), float(gps["lng"])
    except (TypeError, KeyError, ValueError):
        return None
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.6f}&mlon={lng:.6f}#map=17/{lat:.6f}/{lng:.6f}"
    )


def timing(check: Check) -> dict:
    """Return start, end and duration (minutes) of a check."""
    started, ended = check.started_at, check.ended_at
    minutes = None
    if started and ended:
        minutes = int((ended - started).total_seconds() // 60)
    return {"started": started, "ended": ended, "minutes": minutes, "submitted": check.submitted_at}


def sync_history(entity: str, record) -> dict:
    """Return a record's revisions, mutations, devices, decisions and conflicts."""
    revisions = list(
        db.session.execute(
            select(RecordRevision)
            .where(RecordRevision.entity == entity, RecordRevision.record_id == record.id)
            .order_by(RecordRevision.version.desc())
            .limit(100)
        ).scalars()
    )
    mutations = list(
        db.session.execute(
            select(AppliedMutation)
            .where(AppliedMutation.record_id == record.id)
            .order_by(AppliedMutation.created_at.desc())
            .limit(100)
        ).scalars()
    )
    own = getattr(record, "client_id", None)
    client_ids = (
        {r.client_id for r in revisions if r.client_id}
        | {m.client_id for m in mutations}
        | ({own} if own else set())
    )
    devices = (
        list(db.session.execute(select(Device).where(Device.client_id.in_(client_ids))).scalars())
        if client_ids
        else []
    )
    decisions = list(
        db.session.execute(
            select(ReviewDecision)
            .where(ReviewDecision.entity == entity, ReviewDecision.record_id == record.id)
            .order_by(ReviewDecision.at.desc())
        ).scalars()
    )
    conflicts = list(
        db.session.execute(
            select(ConflictCopy)
            .where(ConflictCopy.entity == entity, ConflictCopy.record_id == record.id)
            .order_by(ConflictCopy.version.desc())
        ).scalars()
    )
    actions = list(
        db.session.execute(
            select(AuditLog)
            .where(AuditLog.entity == entity, AuditLog.record_id == record.id)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .limit(100)
        ).scalars()
    )
    user_ids = (
        {r.user_id for r in revisions}
        | {d.user_id for d in decisions}
        | {m.user_id for m in mutations}
        | {a.user_id for a in actions}
    )
    users = {
        u.id: u
        for u in db.session.execute(
            select(User).where(User.id.in_([u for u in user_ids if u]))
        ).scalars()
    }
    return {
        "revisions": revisions,
        "mutations": mutations,
        "devices": devices,
        "decisions": decisions,
        "actions": actions,
        "action_label": action_label,
        "conflicts": conflicts,
        "users": users,
    }
