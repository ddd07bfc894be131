"""Console page: one enterprise's situation (facts, compliance by area, timeline)."""

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import select

from app.console.dashboard import lang, pct
from app.extensions import db
from app.models import Enterprise
from app.permissions import can_see_enterprise
from app.reports.enterprise import situation
from app.reports.labels import label
from app.reports.periods import local_today
from app.reports.rules import section_titles
from app.reports.scope import within


def enterprise_page(enterprise_id: str):
    """The enterprise's situation page, printable on A4 (404 out of scope)."""
    ent = db.session.get(Enterprise, enterprise_id)
    if ent is None or ent.deleted or not can_see_enterprise(current_user, ent):
        abort(404)
    return render_template("console/enterprise.html", ent=ent, s=situation(ent),
                           titles=section_titles(), today=local_today(), pct=pct,
                           label=label, lang=lang())


def matching_enterprises(q_key: str, park_id: str | None = None, limit: int = 10) -> list:
    """Enterprises in scope whose folded name holds the search (the queue's search box)."""
    if not q_key:
        return []
    stmt = (select(Enterprise).where(within(current_user, Enterprise, park_id),
                                     Enterprise.search_key.contains(q_key, autoescape=True))
            .order_by(Enterprise.search_key).limit(limit))
    return list(db.session.execute(stmt).scalars())
