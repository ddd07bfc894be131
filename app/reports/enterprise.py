"""One enterprise's situation: its facts, a timeline of its records, compliance by area.

Every figure is read from the enterprise's own rows (its checks, findings, events, review
decisions, commendations), so the page costs what one enterprise holds, not what the
province holds. The rules are app/reports/rules.py's: guards per 1,000 workers, incident
items, done statuses.
"""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Attendance,
    Check,
    ChecklistTemplate,
    Enterprise,
    Event,
    Finding,
    ReviewDecision,
    TemplateVersion,
    User,
)
from app.reports.festival import event_participants
from app.reports.figures import share
from app.reports.periods import HANOI
from app.reports.rules import DONE_STATUSES, GUARDS_PER_1000, incident_items

# The check areas of the compliance strip: the ANTT check's sections A to G.
AREAS = ("A", "B", "C", "D", "E", "F", "G")


def facts(ent: Enterprise) -> dict:
    """The enterprise's facts with its guards against GUARDS_PER_1000."""
    guards = ent.guards_dedicated + ent.guards_parttime
    needed = -(-ent.workforce * GUARDS_PER_1000 // 1000)  # ceiling: a whole guard
    return {
        "guards": guards,
        "needed": needed,
        "rule": GUARDS_PER_1000,
        "per_1000": share(guards * 1000, ent.workforce),
        "meets": guards >= needed,
        "foreign_share": share(ent.foreign_workers, ent.workforce),
    }


def section_results(sections: list, answers: dict) -> list[dict]:
    """Per section of yes/no items: how many answered yes, no and n.a."""
    out = []
    for sec in sections or []:
        counts = {"yes": 0, "no": 0, "na": 0}
        for item in sec.get("items", []):
            value = (answers.get(item["code"]) or {}).get("value")
            if item.get("type") == "yes_no_na" and value in counts:
                counts[value] += 1
        if counts["yes"] + counts["no"]:
            out.append(
                {
                    "code": sec.get("code"),
                    "title_vi": sec.get("title_vi", ""),
                    "title_en": sec.get("title_en", ""),
                    **counts,
                    "share": share(counts["yes"], counts["yes"] + counts["no"]),
                }
            )
    return out


def _versions(ids: set[str]) -> dict[str, tuple[TemplateVersion, str]]:
    """Template versions by id, with their template's kind (check or survey)."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(TemplateVersion, ChecklistTemplate.kind)
        .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)
        .where(TemplateVersion.id.in_(ids))
    ).all()
    return {tv.id: (tv, kind) for tv, kind in rows}


def _incidents(answers: dict, items: list[dict]) -> list[dict]:
    """The incident items a check reported a number above zero for."""
    out = []
    for item in items:
        value = (answers.get(item["code"]) or {}).get("value")
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            out.append(
                {
                    "code": item["code"],
                    "text_vi": item.get("text_vi", ""),
                    "text_en": item.get("text_en", ""),
                    "count": int(value),
                }
            )
    return out


def _survey_answers(sections: list, answers: dict) -> list[dict]:
    """A survey's answered items with their choice labels."""
    out = []
    for sec in sections or []:
        for item in sec.get("items", []):
            value = (answers.get(item["code"]) or {}).get("value")
            if value in (None, ""):
                continue
            labels = {c["value"]: c for c in item.get("choices") or []}
            choice = labels.get(value)
            out.append(
                {
                    "code": item["code"],
                    "text_vi": item.get("text_vi", ""),
                    "text_en": item.get("text_en", ""),
                    "value": value,
                    "label_vi": choice["label_vi"] if choice else str(value),
                    "label_en": choice["label_en"] if choice else str(value),
                }
            )
    return out


def _checks(ent: Enterprise) -> list[Check]:
    """The enterprise's sent checks (drafts are the inspector's own), newest first."""
    return list(
        db.session.execute(
            select(Check)
            .where(Check.enterprise_id == ent.id, Check.deleted.is_(False), Check.status != "draft")
            .order_by(Check.started_at.desc(), Check.id)
        ).scalars()
    )


def check_entries(checks: list[Check]) -> tuple[list[dict], list[dict]]:
    """Timeline entries of checks and surveys; return (entries, compliance rows)."""
    versions = _versions({c.template_version_id for c in checks})
    items = incident_items()
    entries, rows = [], []
    for check in checks:
        tv, kind = versions.get(check.template_version_id, (None, "check"))
        answers = (check.data or {}).get("answers") or {}
        sections = tv.sections if tv else []
        entry = {
            "kind": "survey" if kind == "survey" else "check",
            "at": check.started_at,
            "record": check,
            "version": tv,
        }
        if kind == "survey":
            entry["answers"] = _survey_answers(sections, answers)
        else:
            entry["sections"] = section_results(sections, answers)
            entry["incidents"] = _incidents(answers, items)
            if check.status in DONE_STATUSES and check.started_at:
                rows.append(
                    {
                        "year": local_year(check.started_at),
                        "at": check.started_at,
                        "sections": entry["sections"],
                    }
                )
        entries.append(entry)
    return entries, rows


def local_year(moment: datetime) -> int:
    """The Hanoi calendar year of a stored moment (SQLite gives naive UTC back)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(HANOI).year


def compliance_strip(rows: list[dict]) -> dict:
    """Per area and year: the share of yes among yes/no answers of the year's done checks."""
    cells: dict[tuple[str, int], dict] = {}
    for row in rows:
        for sec in row["sections"]:
            if sec["code"] in AREAS:
                cell = cells.setdefault((sec["code"], row["year"]), {"yes": 0, "no": 0})
                cell["yes"] += sec["yes"]
                cell["no"] += sec["no"]
    for cell in cells.values():
        cell["share"] = share(cell["yes"], cell["yes"] + cell["no"])
    years = sorted({year for _, year in cells})
    return {"years": years, "areas": AREAS, "cells": cells}


def finding_entries(ent: Enterprise, check_ids: set[str]) -> list[dict]:
    """Corrective actions of the enterprise's sent checks, each with its due date and close."""
    rows = db.session.execute(
        select(Finding, Check.started_at)
        .join(Check, Check.id == Finding.check_id)
        .where(Finding.enterprise_id == ent.id)
        .order_by(Finding.due_date.desc(), Finding.id)
    ).all()
    out = []
    for finding, started in rows:
        if finding.check_id not in check_ids:
            continue
        out.append({"kind": "finding", "at": started, "record": finding})
        if finding.closed_at:
            out.append({"kind": "closed", "at": finding.closed_at, "record": finding})
    return out


def event_entries(ent: Enterprise) -> list[dict]:
    """Festival-day events with their participants against the workforce."""
    events = list(
        db.session.execute(
            select(Event)
            .where(Event.enterprise_id == ent.id, Event.deleted.is_(False))
            .order_by(Event.date.desc())
        ).scalars()
    )
    counts = (
        dict(
            db.session.execute(
                select(Attendance.event_id, func.count())
                .where(
                    Attendance.event_id.in_([e.id for e in events]), Attendance.deleted.is_(False)
                )
                .group_by(Attendance.event_id)
            ).all()
        )
        if events
        else {}
    )
    out = []
    for event in events:
        people = event_participants(event.activities, counts.get(event.id, 0))
        out.append(
            {
                "kind": "event",
                "at": event.date,
                "record": event,
                "participants": people,
                "rate": share(people, ent.workforce),
            }
        )
    return out


def decision_entries(record_ids: list[str]) -> list[dict]:
    """Review decisions on the enterprise's checks and events, with who made them."""
    if not record_ids:
        return []
    rows = db.session.execute(
        select(ReviewDecision, User)
        .join(User, User.id == ReviewDecision.user_id)
        .where(ReviewDecision.record_id.in_(record_ids))
    ).all()
    return [{"kind": "decision", "at": d.at, "record": d, "user": u} for d, u in rows]


def _sort_key(entry: dict) -> tuple:
    """Newest first; a date counts as its midnight (dates and times are mixed)."""
    at = entry["at"]
    if isinstance(at, datetime):
        stamp = at.replace(tzinfo=None).isoformat()
    elif isinstance(at, date):
        stamp = at.isoformat()
    else:
        stamp = ""
    return stamp, entry["kind"]


def situation(ent: Enterprise, extra: list[dict] | None = None) -> dict:
    """Everything the enterprise page shows, newest first."""
    checks = _checks(ent)
    entries, rows = check_entries(checks)
    events = event_entries(ent)
    entries += finding_entries(ent, {c.id for c in checks}) + events
    entries += decision_entries([c.id for c in checks] + [e["record"].id for e in events])
    entries += extra or []
    entries.sort(key=_sort_key, reverse=True)
    incidents = sum(
        i["count"] for e in entries if e["kind"] == "check" for i in e.get("incidents", [])
    )
    findings = [e["record"] for e in entries if e["kind"] == "finding"]
    return {
        "facts": facts(ent),
        "timeline": entries,
        "strip": compliance_strip(rows),
        "counts": {
            "checks": sum(1 for e in entries if e["kind"] == "check"),
            "surveys": sum(1 for e in entries if e["kind"] == "survey"),
            "findings": len(findings),
            "open": sum(1 for f in findings if f.closed_at is None),
            "incidents": incidents,
            "events": len(events),
        },
    }
