"""The review queue of checks: what waits, how bad, how long; filters and sorts (issue 24).

A check's triage columns are computed, not stored: the worst open finding's severity (the
open findings grouped by check), the number of findings (kept on the
check) and the days since it was sent (`submitted_at`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import defer, joinedload

from app.access.permissions import scope_clause
from app.extensions import db
from app.models import (
    SEVERITIES,
    Check,
    ChecklistTemplate,
    ConflictCopy,
    Enterprise,
    Finding,
    Park,
    TemplateVersion,
    User,
)
from app.models.base import utcnow

# The severities a supervisor must look at before approving (no bulk approval with one open).
SERIOUS = ("high", "critical")
RANK = {name: number for number, name in enumerate(SEVERITIES, 1)}
# ?severity=: the worst open finding is at least this bad ("none": no open finding at all).
SEVERITY_FILTERS = (*SEVERITIES, "none")
# ?status=: the states of a sent check, each with its WHERE clause; "sent_again" is a check
# sent again after a return (its send count), and the status select and home tile follow.
STATE_CLAUSES = {
    "sent_again": lambda: and_(Check.status == "submitted", Check.send_count > 1),
    "submitted": lambda: Check.status == "submitted",
    "returned": lambda: Check.status == "returned",
    "approved": lambda: Check.status == "approved",
}
CHECK_STATES = tuple(STATE_CLAUSES)
SORTS = (
    "newest",
    "oldest",
    "enterprise",
    "severity",
    "findings",
    "waiting",
    "park",
    "inspector",
    "template",
)
# An open finding, written as ix_finding_open's condition (app/reports/indexes.py) so that
# index serves; review may not import reports (they are independent, docs/architecture.md).
OPEN_FINDING = Finding.closed_at.is_(None)
WAITING_TILE_DAYS = 7  # the home page's "waiting more than 7 days" tile


@dataclass
class QueueFilters:
    """The review queue's filters beyond the common ones (read by the console view)."""

    severity: str = ""
    min_findings: int = 0
    waiting_days: int = 0
    started_from: datetime | None = None  # local midnight of ?from=, in UTC
    started_before: datetime | None = None  # local midnight after ?to=, in UTC


def severity_rank(column):
    """A CASE giving low=1 .. critical=4 for a severity column (0 for anything else)."""
    return case(RANK, value=column, else_=0)


def open_finding_at_least(severity: str):
    """EXISTS an open finding of the check at least as bad as `severity`."""
    worse = [name for name in SEVERITIES if RANK[name] >= RANK[severity]]
    return exists().where(Finding.check_id == Check.id, OPEN_FINDING, Finding.severity.in_(worse))


def severity_clause(severity: str):
    """The WHERE clause of ?severity= (None when no filter applies)."""
    if severity == "none":
        return ~exists().where(Finding.check_id == Check.id, OPEN_FINDING)
    if severity in RANK:
        return open_finding_at_least(severity)
    return None


def waiting_since(days: int, now: datetime | None = None):
    """Checks sent (and still waiting) for more than `days` days."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    return and_(Check.status == "submitted", Check.submitted_at < cutoff)


def state_clause(status: str):
    """The WHERE clause of a check state; any other value means every sent check."""
    if status in STATE_CLAUSES:
        return STATE_CLAUSES[status]()
    return Check.status != "draft"


def queue_conditions(actor: User, f, qf: QueueFilters) -> list:
    """Every WHERE condition of the queue for the common filters `f` and the queue's `qf`."""
    conds = [scope_clause(actor, Check), Check.deleted.is_(False), state_clause(f.status)]
    if f.park:
        conds.append(Check.park_id == f.park)
    if f.inspector:
        conds.append(Check.author_id == f.inspector)
    if f.template:
        conds.append(
            Check.template_version_id.in_(
                select(TemplateVersion.id).where(TemplateVersion.template_id == f.template)
            )
        )
    if qf.started_from:
        conds.append(Check.started_at >= qf.started_from)
    if qf.started_before:
        conds.append(Check.started_at < qf.started_before)
    if (clause := severity_clause(qf.severity)) is not None:
        conds.append(clause)
    if qf.min_findings > 0:
        conds.append(Check.finding_count >= qf.min_findings)
    if qf.waiting_days > 0:
        conds.append(waiting_since(qf.waiting_days))
    return conds


def sort_order(sort: str, worst) -> list:
    """The ORDER BY of a sort key (the worst, the longest waiting, the most first)."""
    return {
        "newest": [Check.started_at.desc()],
        "oldest": [Check.started_at.asc()],
        "enterprise": [Enterprise.search_key.asc()],
        "severity": [func.coalesce(worst, 0).desc(), Check.submitted_at.asc()],
        "findings": [Check.finding_count.desc(), Check.submitted_at.asc()],
        "waiting": [Check.submitted_at.asc()],
        "park": [Park.code.asc(), Check.started_at.desc()],
        "inspector": [User.full_name.asc(), Check.started_at.desc()],
        "template": [ChecklistTemplate.code.asc(), Check.started_at.desc()],
    }[sort]


def sent_again_first():
    """Order checks sent again after a return before the others, whatever the sort."""
    return case((STATE_CLAUSES["sent_again"](), 0), else_=1)


def queue_query(actor: User, f, qf: QueueFilters) -> tuple[Select, Select]:
    """The queue's ordered select of check ids, and its cheap count.

    Ids only: the sort then carries narrow rows, and the page's 50 checks are loaded after
    (queue_rows), so the worst-severity subquery runs for all rows only when it is the sort.
    """
    conds = queue_conditions(actor, f, qf)
    count = select(func.count()).select_from(Check).where(*conds)
    stmt = select(Check.id)
    if f.q_key:
        conds.append(Enterprise.search_key.contains(f.q_key, autoescape=True))
        count = count.join(Check.enterprise).where(conds[-1])
    if f.q_key or f.sort == "enterprise":
        stmt = stmt.join(Enterprise, Enterprise.id == Check.enterprise_id)
    if f.sort == "park":
        stmt = stmt.join(Park, Park.id == Check.park_id)
    elif f.sort == "inspector":
        stmt = stmt.join(User, User.id == Check.author_id)
    elif f.sort == "template":
        stmt = stmt.join(TemplateVersion, TemplateVersion.id == Check.template_version_id).join(
            ChecklistTemplate, ChecklistTemplate.id == TemplateVersion.template_id
        )
    worst = None
    if f.sort == "severity":
        stmt, worst = with_worst_rank(stmt)
    order = [sent_again_first(), *sort_order(f.sort, worst), Check.id]
    stmt = stmt.where(*conds).order_by(*order)
    return stmt, count


def with_worst_rank(stmt: Select) -> tuple[Select, object]:
    """The queue's select and the worst open finding's rank of its rows, the way each database
    sorts 50,000 checks by it fastest (bench/console_bench.py, "every state, worst first"):
    PostgreSQL hash-joins one grouped pass over the open findings (106 ms; 261 ms correlated),
    SQLite looks each check's up by index under the sort (123 ms; 165 ms joined)."""
    if db.session.get_bind().dialect.name == "postgresql":
        ranks = worst_by_check()
        return stmt.outerjoin(ranks, ranks.c.check_id == Check.id), ranks.c.rank
    return stmt, worst_rank_of_check()


def worst_by_check():
    """A subquery of (check_id, rank): the worst open finding's rank of each check."""
    return (
        select(Finding.check_id, func.max(severity_rank(Finding.severity)).label("rank"))
        .where(OPEN_FINDING)
        .group_by(Finding.check_id)
        .subquery("worst")
    )


def worst_rank_of_check():
    """The worst open finding's rank of the check of each row, as a correlated subquery: the
    sort keeps only a page's worth of rows, looking each check's open findings up by index."""
    return (
        select(func.max(severity_rank(Finding.severity)))
        .where(Finding.check_id == Check.id, OPEN_FINDING)
        .correlate(Check)
        .scalar_subquery()
    )


def queue_rows(ids: list[str]) -> list[tuple[Check, int | None]]:
    """The checks of one queue page with their worst open finding's rank, in the ids' order."""
    if not ids:
        return []
    checks = db.session.execute(
        select(Check)
        .options(
            defer(Check.data),
            joinedload(Check.enterprise),
            joinedload(Check.author),
            joinedload(Check.template_version)
            .defer(TemplateVersion.sections)
            .joinedload(TemplateVersion.template),
        )
        .where(Check.id.in_(ids))
    ).scalars()
    by_id = {c.id: c for c in checks}
    worst = dict(
        db.session.execute(
            select(Finding.check_id, func.max(severity_rank(Finding.severity)))
            .where(Finding.check_id.in_(ids), OPEN_FINDING)
            .group_by(Finding.check_id)
        ).all()
    )
    return [(by_id[i], worst.get(i)) for i in ids if i in by_id]


def worst_name(rank: int | None) -> str | None:
    """The severity name of a rank (None for no open finding)."""
    return SEVERITIES[rank - 1] if rank else None


def days_waiting(check: Check, now: datetime | None = None) -> int | None:
    """Whole days a sent check has waited for a decision (None once decided)."""
    if check.status != "submitted" or check.submitted_at is None:
        return None
    sent = check.submitted_at
    now = now or utcnow()
    if sent.tzinfo is None:
        now = now.replace(tzinfo=None)
    return max(0, (now - sent).days)


def open_conflict_ids(check_ids: list[str]) -> set[str]:
    """The checks among `check_ids` with an open conflict copy."""
    if not check_ids:
        return set()
    stmt = select(ConflictCopy.record_id).where(
        ConflictCopy.entity == "check",
        ConflictCopy.status == "open",
        ConflictCopy.record_id.in_(check_ids),
    )
    return set(db.session.execute(stmt).scalars())


def serious_open_ids(check_ids: list[str]) -> set[str]:
    """The checks among `check_ids` with an open high or critical finding."""
    if not check_ids:
        return set()
    stmt = select(Finding.check_id).where(
        Finding.check_id.in_(check_ids), OPEN_FINDING, Finding.severity.in_(SERIOUS)
    )
    return set(db.session.execute(stmt).scalars())
