"""The dashboard's figures for a scope, a park (or the province) and a period."""

from datetime import date

from sqlalchemy import and_, func, select

from app.extensions import db
from app.models import (
    SEVERITIES,
    Check,
    CheckFigure,
    Enterprise,
    Finding,
    Park,
    User,
)
from app.reports import cache, festival
from app.reports.indexes import OPEN_FINDING, UNSENT_CHECK
from app.reports.kept import keep_figures
from app.reports.kept_months import month_sums
from app.reports.periods import Period, local_today
from app.reports.rules import DONE_STATUSES, GUARDS_PER_1000, incident_items, section_titles
from app.reports.scope import within


def share(part: float, whole: float) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return (part / whole) if whole else None


def dashboard_figures(
    actor: User, park_id: str | None, period: Period, today: date | None = None
) -> dict:
    """Compute every dashboard figure with GROUP BY queries, limited to the actor's scope."""
    today = today or local_today()
    return cache.cached(
        ("dashboard", actor, park_id, period.key, today),
        lambda: _compute(actor, park_id, period, today),
    )


def _compute(actor: User, park_id: str | None, period: Period, today: date) -> dict:
    parks = park_rows(actor, park_id, period)
    enterprises = {
        "total": sum(p["enterprises"] for p in parks),
        "checked": sum(p["checked"] for p in parks),
    }
    enterprises["share"] = share(enterprises["checked"], enterprises["total"])
    return {
        "period": period,
        "park_id": park_id,
        "parks": parks,
        "enterprises": enterprises,
        "checks": check_figures(actor, park_id, period),
        "overdue": overdue_figures(actor, park_id, today),
        "guards": guard_figures(actor, park_id),
        "incidents": incident_figures(actor, park_id, period),
        "festival": festival.festival_figures(actor, park_id, period),
        "gifts": festival.gift_figures(actor, park_id, period),
    }


def done_checks(actor: User, park_id: str | None, period: Period, model=Check):
    """The WHERE clause of checks done (submitted or approved) in the period.

    `model` may be a table of kept per-check figures (app.models.tallies), which copies the
    check's columns this clause reads.
    """
    return and_(
        within(actor, model, park_id),
        model.status.in_(DONE_STATUSES),
        model.started_at >= period.start_at,
        model.started_at < period.end_at,
    )


def active_ids():
    """SELECT the ids of active enterprises (for IN, cheaper than joining fat check rows)."""
    return select(Enterprise.id).where(Enterprise.active.is_(True), Enterprise.deleted.is_(False))


def done_check_ids(actor: User, park_id: str | None, period: Period):
    """SELECT the ids of the checks done in the period (answered from the report index)."""
    return select(Check.id).where(done_checks(actor, park_id, period))


def park_rows(actor: User, park_id: str | None, period: Period) -> list[dict]:
    """Per park: active enterprises, enterprises checked in the period, and the share."""
    parks = db.session.execute(
        select(Park.id, Park.code, Park.name)
        .where(within(actor, Park, park_id))
        .order_by(Park.code)
    ).all()
    active = dict(
        db.session.execute(
            select(Enterprise.park_id, func.count())
            .where(within(actor, Enterprise, park_id), Enterprise.active.is_(True))
            .group_by(Enterprise.park_id)
        ).all()
    )
    checked: dict[str, int] = {}
    keep_figures(db.session())
    for pid, _ in db.session.execute(  # distinct pairs hash-aggregate; COUNT(DISTINCT) sorts
        select(CheckFigure.park_id, CheckFigure.enterprise_id)
        .where(
            done_checks(actor, park_id, period, CheckFigure),
            CheckFigure.enterprise_id.in_(active_ids()),
        )
        .group_by(CheckFigure.park_id, CheckFigure.enterprise_id)
    ):
        checked[pid] = checked.get(pid, 0) + 1
    rows = []
    for pid, code, name in parks:
        total, done = active.get(pid, 0), checked.get(pid, 0)
        rows.append(
            {
                "id": pid,
                "code": code,
                "name": name,
                "enterprises": total,
                "checked": done,
                "share": share(done, total),
            }
        )
    return rows


def check_figures(actor: User, park_id: str | None, period: Period) -> dict:
    """Checks done, checks with findings, findings by category and by severity (from the
    monthly sums kept per park: app.reports.kept_months)."""
    keep_figures(db.session())
    counts = month_sums(actor, park_id, period, "")
    done, with_findings = int(counts.get("done", 0)), int(counts.get("with_findings", 0))
    pairs = [
        (*key.removeprefix("finding:").rsplit(":", 1), int(value))
        for key, value in counts.items()
        if key.startswith("finding:")
    ]
    titles = section_titles()
    by_category: dict[str, dict] = {}
    by_severity = dict.fromkeys(SEVERITIES, 0)
    for category, severity, count in pairs:
        row = by_category.setdefault(
            category or "",
            {
                "code": category or "",
                **titles.get(category or "", {}),
                "total": 0,
                **dict.fromkeys(SEVERITIES, 0),
            },
        )
        row["total"] += count
        row[severity] = row.get(severity, 0) + count
        by_severity[severity] = by_severity.get(severity, 0) + count
    return {
        "done": done,
        "with_findings": with_findings,
        "share_with_findings": share(with_findings, done),
        "findings": sum(by_severity.values()),
        "by_severity": by_severity,
        "by_category": [by_category[k] for k in sorted(by_category)],
    }


def sent_finding():
    """The WHERE clause of findings that are corrective actions: of checks sent in.

    A draft check's findings are the inspector's notes until the check is submitted, and a
    deleted check's findings are gone with it. Every page that lists or counts corrective
    actions uses this one clause. Few checks are drafts or deleted: excluding them lets the
    database start from the (few) findings asked for instead of from every check.
    """
    unsent = select(Check.id).where(UNSENT_CHECK)  # read from its partial index
    return Finding.check_id.not_in(unsent)


def overdue_clause(actor: User, park_id: str | None, today: date):
    """The WHERE clause of open corrective actions past their due date, in scope."""
    return and_(
        within(actor, Finding, park_id),
        Finding.due_date < today,
        OPEN_FINDING,  # as ix_finding_open's condition, so the open findings' index serves
        sent_finding(),
    )


def overdue_figures(actor: User, park_id: str | None, today: date) -> dict:
    """Corrective actions past their due date and not closed, by severity."""
    rows = db.session.execute(
        select(Finding.severity, func.count())
        .where(overdue_clause(actor, park_id, today))
        .group_by(Finding.severity)
    ).all()
    by_severity = dict.fromkeys(SEVERITIES, 0) | dict(rows)
    return {"count": sum(by_severity.values()), "by_severity": by_severity}


def guard_figures(actor: User, park_id: str | None, limit: int = 20) -> dict:
    """Guards per 1,000 workers against the rule, and the enterprises below it."""
    guards = Enterprise.guards_dedicated + Enterprise.guards_parttime
    base = and_(
        within(actor, Enterprise, park_id), Enterprise.active.is_(True), Enterprise.workforce > 0
    )
    below_clause = and_(base, guards * 1000 < GUARDS_PER_1000 * Enterprise.workforce)
    total_guards, workforce, below_count = db.session.execute(
        select(
            func.coalesce(func.sum(guards), 0),
            func.coalesce(func.sum(Enterprise.workforce), 0),
            func.count().filter(guards * 1000 < GUARDS_PER_1000 * Enterprise.workforce),
        ).where(base)
    ).one()
    below = [
        {
            "id": r.id,
            "name": r.name,
            "park": r.park_name,
            "guards": r.guards,
            "workforce": r.workforce,
            "per_1000": r.guards * 1000 / r.workforce,
        }
        for r in db.session.execute(
            select(
                Enterprise.id,
                Enterprise.name,
                Park.name.label("park_name"),
                guards.label("guards"),
                Enterprise.workforce,
            )
            .join(Park, Park.id == Enterprise.park_id)
            .where(below_clause)
            .order_by((guards * 1000.0 / Enterprise.workforce), Enterprise.name)
            .limit(limit)
        )
    ]
    return {
        "rule_per_1000": GUARDS_PER_1000,
        "guards": int(total_guards),
        "workforce": int(workforce),
        "per_1000": share(total_guards * 1000, workforce),
        "below_count": below_count,
        "below": below,
    }


def incident_figures(actor: User, park_id: str | None, period: Period) -> dict:
    """Incidents reported in checks of the period, summed per incident item (from the
    numbers kept per check: app.reports.kept_checks)."""
    items = incident_items()
    if not items:
        return {"total": 0, "by_item": []}
    keep_figures(db.session())
    sums = month_sums(actor, park_id, period, "number:")
    by_item = [
        {
            "code": it["code"],
            "text_vi": it.get("text_vi", ""),
            "text_en": it.get("text_en", ""),
            "count": int(sums.get(it["code"]) or 0),
        }
        for it in items
    ]
    return {"total": sum(r["count"] for r in by_item), "by_item": by_item}
