"""Monthly sums per park of the checks' figures, kept exact with every write of a check.

The annual report adds, per figure, twelve months of each park in scope instead of the
year's 135,000 kept numbers. A write of a check may move it between months, parks or
statuses, so its contributions are kept by difference, in the transaction that writes it:
before app.reports.kept_checks rewrites the check's kept per-check rows, what those rows add
to each (park, month, key) is subtracted; after, what the new rows add is added; sums that
reach zero are deleted. Each step is one set-based UPSERT per chunk of checks, whatever the
size of the month: a push costs the same in an empty month as in the busiest one.

The UPSERT (`ON CONFLICT ... DO UPDATE SET value = value + excluded.value`) locks the row it
adds to, so on PostgreSQL two transactions adding to one sum both count (every write also
holds the sync counter's row lock until commit: app.sync.versioning). Rows are taken in key
order. `recount_all` rebuilds the table from the kept per-check rows (`flask recount-months`).
Months are Hanoi months (UTC+7, no daylight saving).
"""

from sqlalchemy import bindparam, delete, func, select, text
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import ParkMonthFigure, User
from app.reports.periods import Period
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
# (table, key, value, a condition besides being done) of each figure's kept rows
FIGURES = (
    ("check_figure", "'done'", "1", ""),
    ("check_figure", "'with_findings'", "1", " AND finding_count > 0"),
    ("check_finding", "'finding:' || category || ':' || severity", "count", ""),
    ("check_number", "'number:' || item_code", "value", ""),
)
# Sums rounded to 6 decimals: a decimal answer added and later taken away (0.1, then -0.1)
# leaves no trace in the last bits, so a sum of integers stays an integer.
ROUNDED = {
    "sqlite": "ROUND({x}, 6)",
    "postgresql": "CAST(ROUND(CAST({x} AS NUMERIC), 6) AS DOUBLE PRECISION)",
}
RECOUNT = """
    INSERT INTO park_month_figure (park_id, month, key, value)
    SELECT park_id, month, key, {sum} FROM ({figures}) AS figures
    GROUP BY park_id, month, key HAVING {sum} <> 0"""
ZERO = text("value = 0")  # the partial index's condition, ix_park_month_figure_zero
# WHERE true: SQLite reads an upsert's INSERT ... SELECT only with a WHERE before ON CONFLICT
CHANGE = """
    INSERT INTO park_month_figure (park_id, month, key, value)
    SELECT park_id, month, key, {sign}{sum} FROM ({figures}) AS figures WHERE true
    GROUP BY park_id, month, key HAVING {sum} <> 0 ORDER BY park_id, month, key
    ON CONFLICT (park_id, month, key)
    DO UPDATE SET value = {added}"""


def _figures(dialect: str, of_checks: bool) -> str:
    """SELECT (park_id, month, key, value) of the kept rows done, of the checks :ids or all.

    Of the checks :ids, the rows are found by check id alone and those not done count 0: a
    condition on status or start would let PostgreSQL's planner prefer a report index and
    read every done row of the table (it did, as the table grew), not the batch's few.
    """
    month = MONTH[dialect].format(col="started_at")
    done = DONE.format(false="false" if dialect == "postgresql" else "0")
    selects = []
    for table, key, value, also in FIGURES:
        if of_checks:
            value, where = f"CASE WHEN {done}{also} THEN {value} ELSE 0 END", "check_id IN :ids"
        else:
            where = done + also
        selects.append(
            f"SELECT park_id, {month} AS month, {key} AS key, {value} AS value "
            f"FROM {table} WHERE {where}"
        )
    return "\n    UNION ALL ".join(selects)


def change_upsert(dialect: str, sign: int):
    """Add (sign 1) or subtract (sign -1) what the kept rows of the checks :ids add to each
    (park, month, key)."""
    query = CHANGE.format(
        sign="-" if sign < 0 else "",
        sum=ROUNDED[dialect].format(x="SUM(value)"),
        figures=_figures(dialect, True),
        added=ROUNDED[dialect].format(x="park_month_figure.value + excluded.value"),
    )
    return text(query).bindparams(bindparam("ids", expanding=True))


def change_months(session: Session, ids: list[str], sign: int) -> None:
    """Add or subtract the contributions of these checks' kept rows to the monthly sums."""
    session.execute(change_upsert(session.get_bind().dialect.name, sign), {"ids": ids})


def drop_zeros(session: Session) -> None:
    """Delete the sums that reached zero (found through their partial index)."""
    session.execute(delete(ParkMonthFigure).where(ZERO))  # a literal: SQLite then uses it


def recount_all(session: Session) -> int:
    """Rebuild every monthly sum from the kept per-check rows; return the rows written."""
    dialect = session.get_bind().dialect.name
    session.execute(delete(ParkMonthFigure))
    total = ROUNDED[dialect].format(x="SUM(value)")
    query = RECOUNT.format(sum=total, figures=_figures(dialect, False))
    return session.execute(text(query)).rowcount


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
