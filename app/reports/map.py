"""The map's figures: parks with their outlines, enterprises at their latest check's GPS.

Each enterprise checked in the period is drawn where its latest check (of a check template,
not a survey) was made, and carries that check's result (share of yes among its yes/no
answers, critical findings) and its open corrective actions past their due date today.
Enterprises with no such check, or whose check has no GPS fix, are counted as unplaced.
"""

from datetime import UTC, date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Check, ChecklistTemplate, Enterprise, Finding, Park, TemplateVersion, User
from app.reports import cache
from app.reports.enterprise import section_results
from app.reports.figures import done_checks, overdue_clause, share
from app.reports.periods import HANOI, Period
from app.reports.scope import within

GOOD, FAIR = 0.95, 0.80  # share of yes answers: good from 95 %, fair from 80 %, else poor


def result_class(yes_share: float | None, critical: int) -> str:
    """critical (a critical finding), good, fair, poor, or unknown (no yes/no answers)."""
    if critical:
        return "critical"
    if yes_share is None:
        return "unknown"
    return "good" if yes_share >= GOOD else "fair" if yes_share >= FAIR else "poor"


def park_shapes(actor: User, park_id: str | None) -> list[dict]:
    """The parks in scope with their centre and outline (None where not recorded)."""
    rows = db.session.execute(
        select(Park.id, Park.code, Park.name, Park.lat, Park.lng, Park.outline, Park.operating)
        .where(within(actor, Park, park_id))
        .order_by(Park.code)
    ).all()
    return [dict(r._mapping) for r in rows]


def latest_checks(actor: User, park_id: str | None, ownership: str | None, period: Period):
    """The latest done check of each active enterprise in the period (check templates only)."""
    rank = func.row_number().over(
        partition_by=Check.enterprise_id, order_by=(Check.started_at.desc(), Check.id.desc())
    )
    ranked = (
        select(Check.id, rank.label("rank"))
        .join(TemplateVersion, TemplateVersion.id == Check.template_version_id)
        .join(ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id)
        .where(done_checks(actor, park_id, period), ChecklistTemplate.kind == "check")
        .subquery()
    )
    ent_filter = [Enterprise.active.is_(True), Enterprise.deleted.is_(False)]
    if ownership:
        ent_filter.append(Enterprise.ownership == ownership)
    return db.session.execute(
        select(
            Check.id,
            Check.enterprise_id,
            Check.started_at,
            Check.data,
            Check.template_version_id,
            Check.finding_count,
            Enterprise.name,
            Enterprise.ownership,
            Enterprise.park_id,
        )
        .join(ranked, ranked.c.id == Check.id)
        .join(Enterprise, Enterprise.id == Check.enterprise_id)
        .where(ranked.c.rank == 1, *ent_filter)
        .order_by(Enterprise.name)
    ).all()


def _sections(version_ids: set[str]) -> dict[str, list]:
    """Template version id -> its sections."""
    if not version_ids:
        return {}
    return dict(
        db.session.execute(
            select(TemplateVersion.id, TemplateVersion.sections).where(
                TemplateVersion.id.in_(version_ids)
            )
        ).all()
    )


def _critical(check_ids: list[str]) -> dict[str, int]:
    """Check id -> its number of critical findings."""
    out: dict[str, int] = {}
    for start in range(0, len(check_ids), 500):
        out |= dict(
            db.session.execute(
                select(Finding.check_id, func.count())
                .where(
                    Finding.check_id.in_(check_ids[start : start + 500]),
                    Finding.severity == "critical",
                )
                .group_by(Finding.check_id)
            ).all()
        )
    return out


def overdue_by_enterprise(actor: User, park_id: str | None, today: date) -> dict[str, int]:
    """Enterprise id -> its open corrective actions past their due date (as the dashboard)."""
    return dict(
        db.session.execute(
            select(Finding.enterprise_id, func.count())
            .where(overdue_clause(actor, park_id, today))
            .group_by(Finding.enterprise_id)
        ).all()
    )


def _gps(data: dict) -> tuple[float, float] | None:
    """The check's GPS fix as (lat, lng), or None."""
    gps = (data or {}).get("gps") or {}
    lat, lng = gps.get("lat"), gps.get("lng")
    if isinstance(lat, int | float) and isinstance(lng, int | float):
        return float(lat), float(lng)
    return None


def enterprise_point(row, sections: list, critical: int, overdue: int) -> dict:
    """One enterprise's point: where, its latest check's result and its overdue actions."""
    results = section_results(sections, (row.data or {}).get("answers") or {})
    yes, no = sum(r["yes"] for r in results), sum(r["no"] for r in results)
    yes_share = share(yes, yes + no)
    lat, lng = _gps(row.data)
    at = row.started_at if row.started_at.tzinfo else row.started_at.replace(tzinfo=UTC)
    return {
        "id": row.enterprise_id,
        "name": row.name,
        "park_id": row.park_id,
        "ownership": row.ownership,
        "lat": lat,
        "lng": lng,
        "check_id": row.id,
        "checked_at": at.isoformat(),
        "checked_on": at.astimezone(HANOI).strftime("%d/%m/%Y"),
        "yes": yes,
        "no": no,
        "share": yes_share,
        "findings": row.finding_count,
        "critical": critical,
        "overdue": overdue,
        "result": result_class(yes_share, critical),
    }


def map_data(
    actor: User, park_id: str | None, ownership: str | None, period: Period, today: date
) -> dict:
    """Parks and enterprise points of the actor's scope, filtered like the dashboard (cached
    like the dashboard's figures: app/reports/cache.py)."""
    return cache.cached(
        ("map", actor, park_id, ownership, period.key, today),
        lambda: _compute(actor, park_id, ownership, period, today),
    )


def _compute(
    actor: User, park_id: str | None, ownership: str | None, period: Period, today: date
) -> dict:
    rows = latest_checks(actor, park_id, ownership, period)
    sections = _sections({r.template_version_id for r in rows})
    critical = _critical([r.id for r in rows])
    overdue = overdue_by_enterprise(actor, park_id, today)
    points = [
        enterprise_point(
            r,
            sections.get(r.template_version_id) or [],
            critical.get(r.id, 0),
            overdue.get(r.enterprise_id, 0),
        )
        for r in rows
        if _gps(r.data)
    ]
    active = db.session.execute(
        select(func.count())
        .select_from(Enterprise)
        .where(
            within(actor, Enterprise, park_id),
            Enterprise.active.is_(True),
            *([Enterprise.ownership == ownership] if ownership else []),
        )
    ).scalar()
    return {
        "parks": park_shapes(actor, park_id),
        "enterprises": points,
        "active": active,
        "unplaced": active - len(points),
    }
