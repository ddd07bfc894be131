"""Monthly sums per park of the checks' figures, kept exact with every write of a check.

The annual report adds, per figure, twelve months of each park in scope instead of the
year's 135,000 kept numbers. A write of a check may move it between months, parks or
statuses, so the (park, month) pairs it was in before the write (read from check_figure,
before app.reports.kept_checks rewrites it) and those it is in after are both recounted from
the kept per-check rows: one DELETE and one INSERT ... SELECT per pair, in the transaction
that writes the check. Months are Hanoi months (UTC+7, no daylight saving).
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, bindparam, func, select, text
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import CheckFigure, ParkMonthFigure, User
from app.reports.periods import HANOI, Period
from app.reports.rules import DONE_STATUSES
from app.reports.scope import within

MONTH = {
    "sqlite": "CAST(strftime('%Y%m', {col}, '+7 hours') AS INTEGER)",
    "postgresql": "CAST(to_char(({col} AT TIME ZONE 'UTC') + interval '7 hours', 'YYYYMM') "
    "AS INTEGER)",
}
DONE = "status IN ({statuses}) AND deleted = {false} AND started_at IS NOT NULL".format(
    statuses=", ".join(f"'{s}'" for s in DONE_STATUSES), false="{false}"
)
SUMS = """
    INSERT INTO park_month_figure (park_id, month, key, value)
    SELECT park_id, month, key, SUM(value) FROM (
        SELECT park_id, {month} AS month, 'done' AS key, 1 AS value
            FROM check_figure WHERE {where}
        UNION ALL SELECT park_id, {month}, 'with_findings', 1
            FROM check_figure WHERE {where} AND finding_count > 0
        UNION ALL SELECT park_id, {month}, 'finding:' || category || ':' || severity, count
            FROM check_finding WHERE {where}
        UNION ALL SELECT park_id, {month}, 'number:' || item_code, value
            FROM check_number WHERE {where}
    ) AS figures GROUP BY park_id, month, key"""


def sums_insert(dialect: str, one_month: bool = True):
    """INSERT the sums of one (:park, :start, :end) month, or of every month."""
    where = DONE.format(false="false" if dialect == "postgresql" else "0")
    if one_month:
        where += " AND park_id = :park AND started_at >= :start AND started_at < :end"
    query = text(SUMS.format(month=MONTH[dialect].format(col="started_at"), where=where))
    if not one_month:
        return query
    moment = DateTime(timezone=True)  # bound as the column stores it (SQLite: UTC text)
    return query.bindparams(bindparam("start", type_=moment), bindparam("end", type_=moment))


def months_of(session: Session, check_ids: list[str]) -> set[tuple[str, int]]:
    """The (park, yyyymm) pairs the kept rows of these checks are in now."""
    dialect = session.get_bind().dialect.name
    month = text(MONTH[dialect].format(col="started_at"))
    pairs = set()
    for start in range(0, len(check_ids), 900):
        query = (
            select(CheckFigure.park_id, month)
            .where(CheckFigure.check_id.in_(check_ids[start : start + 900]))
            .where(CheckFigure.started_at.is_not(None))
        )
        pairs.update((park, int(yyyymm)) for park, yyyymm in session.execute(query))
    return pairs


def month_bounds(yyyymm: int) -> tuple[datetime, datetime]:
    """The first moment of a Hanoi month and of the next, in UTC (as times are stored)."""
    year, month = divmod(yyyymm, 100)
    start = datetime(year, month, 1, tzinfo=HANOI)
    end = (start + timedelta(days=32)).replace(day=1)
    return start.astimezone(UTC), end.astimezone(UTC)


def recount_months(session: Session, pairs: set[tuple[str, int]]) -> None:
    """Recount the sums of these (park, month) pairs from the kept per-check rows."""
    insert = sums_insert(session.get_bind().dialect.name)
    table = ParkMonthFigure.__table__
    for park, yyyymm in sorted(pairs):
        start, end = month_bounds(yyyymm)
        session.execute(table.delete().where(table.c.park_id == park, table.c.month == yyyymm))
        session.execute(insert, {"park": park, "start": start, "end": end})


def month_sums(actor: User, park_id: str | None, period: Period, prefix: str) -> dict[str, float]:
    """Sum the kept monthly figures whose key starts with `prefix` over the period, in scope."""
    first = period.start.year * 100 + period.start.month
    last_day = period.last_day
    last = last_day.year * 100 + last_day.month
    rows = db.session.execute(
        select(ParkMonthFigure.key, func.sum(ParkMonthFigure.value))
        .where(
            within(actor, ParkMonthFigure, park_id),
            ParkMonthFigure.month.between(first, last),
            ParkMonthFigure.key.startswith(prefix),
        )
        .group_by(ParkMonthFigure.key)
    ).all()
    return {key[len(prefix) :]: value for key, value in rows}
