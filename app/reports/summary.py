"""The annual summary the board sends to the province: one year, the actor's scope."""

from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Check, CheckFigure, Enterprise, Finding, Park, User
from app.reports import cache
from app.reports.figures import dashboard_figures, done_check_ids, done_checks
from app.reports.kept import keep_figures
from app.reports.periods import local_today, make_period
from app.reports.scope import within


def annual_summary(
    actor: User, year: int, park_id: str | None = None, today: date | None = None
) -> dict:
    """Everything the annual report prints: enterprises, checks, findings, festival, models."""
    today = today or local_today()
    return cache.cached(
        ("summary", actor, park_id, year, today), lambda: _compute(actor, year, park_id, today)
    )


def _compute(actor: User, year: int, park_id: str | None, today: date) -> dict:
    period = make_period("year", year)
    figures = dashboard_figures(actor, park_id, period, today=today)
    return figures | {
        "year": year,
        "profile": enterprise_profile(actor, park_id),
        "closed_findings": closed_findings(actor, park_id, period),
        "models": exemplary_models(actor, park_id, period),
    }


def enterprise_profile(actor: User, park_id: str | None) -> dict:
    """Operating parks and active enterprises by ownership, with workers and foreign workers."""
    parks = db.session.execute(
        select(func.count(), func.count().filter(Park.operating.is_(True))).where(
            within(actor, Park, park_id)
        )
    ).one()
    rows = db.session.execute(
        select(
            Enterprise.ownership,
            func.count(),
            func.coalesce(func.sum(Enterprise.workforce), 0),
            func.coalesce(func.sum(Enterprise.foreign_workers), 0),
            func.count().filter(Enterprise.has_trade_union.is_(True)),
        )
        .where(within(actor, Enterprise, park_id), Enterprise.active.is_(True))
        .group_by(Enterprise.ownership)
    ).all()
    by_owner = {
        o: {"enterprises": n, "workforce": int(w), "foreign_workers": int(f), "trade_union": u}
        for o, n, w, f, u in rows
    }
    total = {
        key: sum(v[key] for v in by_owner.values())
        for key in ("enterprises", "workforce", "foreign_workers", "trade_union")
    }
    return {
        "parks": parks[0],
        "parks_operating": parks[1],
        "by_ownership": by_owner,
        "total": total,
    }


def closed_findings(actor: User, park_id: str | None, period) -> int:
    """Findings of the year's checks that were closed (corrective action done)."""
    return db.session.execute(
        select(func.count())
        .select_from(Finding)
        .where(
            # only checks with findings: half the lookups, from the same covering index
            Finding.check_id.in_(
                done_check_ids(actor, park_id, period).where(Check.finding_count > 0)
            ),
            Finding.closed_at.is_not(None),
        )
    ).scalar()


def exemplary_models(actor: User, park_id: str | None, period, limit: int = 100) -> list[dict]:
    """Enterprises running the self-managed model (a 'yes' this year) with no findings.

    Read from the figures kept per check (app.reports.kept_checks): two index probes per
    enterprise, instead of collecting the period's checks.
    """
    keep_figures(db.session())
    done = done_checks(actor, park_id, period, CheckFigure)
    mine = CheckFigure.enterprise_id == Enterprise.id
    model_yes = select(CheckFigure.check_id).where(mine, done, CheckFigure.model_yes.is_(True))
    with_findings = select(CheckFigure.check_id).where(mine, done, CheckFigure.finding_count > 0)
    rows = db.session.execute(
        select(
            Enterprise.id,
            Enterprise.name,
            Enterprise.ownership,
            Enterprise.workforce,
            Park.name.label("park"),
        )
        .join(Park, Park.id == Enterprise.park_id)
        .where(
            model_yes.exists(),
            ~with_findings.exists(),
            Enterprise.active.is_(True),
        )
        .order_by(Park.name, Enterprise.name)
        .limit(limit)
    ).all()
    return [dict(r._mapping) for r in rows]
