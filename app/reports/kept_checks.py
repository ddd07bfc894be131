"""Per-check figures read once from the check's JSON answers, rewritten with every write.

check_figure holds one row per check (does it answer the model item "yes"?), check_number one
row per number answered other than zero (incidents are summed from these, whatever items the
templates mark as incidents), check_finding the check's findings counted per category and
severity (a finding's category and severity change only with its check). All three copy the
check's scope, period and status columns, so the dashboard's questions are answered from
their narrow indexes without reading any JSON or joining the checks. They are rewritten by
app.reports.kept, in the transaction that writes the check, and the monthly sums per park
(app.reports.kept_months) follow them by difference.
"""

from sqlalchemy import bindparam, case, delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.models import Check, CheckFigure, CheckFinding, CheckNumber, Finding
from app.reports.jsonsql import answer_text
from app.reports.kept_months import change_months, drop_zeros
from app.reports.rules import MODEL_ITEM

COPIED = ("park_id", "enterprise_id", "started_at", "status", "deleted")
CHUNK = 900

# answers[code].value where it is a JSON number (as jsonsql.answer_number reads it), per code.
NUMBERS = {
    "sqlite": """
        SELECT c.id, a.key,
            CASE WHEN a.type = 'object' AND typeof(a.key) = 'text'
                AND json_type(a.value, '$.value') IN ('integer', 'real')
            THEN json_extract(a.value, '$.value') END AS value, {copied}
        FROM inspection_check c, json_each(c.data, '$.answers') a
        WHERE c.id IN :ids""",
    "postgresql": """
        SELECT c.id, a.key,
            CASE WHEN jsonb_typeof(a.value -> 'value') = 'number'
            THEN (a.value ->> 'value')::float END AS value, {copied}
        FROM inspection_check c CROSS JOIN LATERAL jsonb_each(
            CASE WHEN jsonb_typeof(c.data -> 'answers') = 'object'
            THEN c.data -> 'answers' ELSE '{{}}'::jsonb END) a
        WHERE c.id IN :ids""",
}


def touched_checks(first: int, last: int):
    """SELECT the checks written with versions first..last."""
    return select(Check.id).where(Check.version.between(first, last))


def numbers_insert(dialect: str):
    """INSERT the non-zero number answers of the checks :ids into check_number."""
    columns = ", ".join(COPIED)
    inner = NUMBERS[dialect].format(copied=", ".join(f"c.{c}" for c in COPIED))
    return text(
        f"INSERT INTO check_number (check_id, item_code, value, {columns}) "
        f"SELECT id, key, value, {columns} FROM ({inner}) AS answered WHERE value <> 0"
    ).bindparams(bindparam("ids", expanding=True))


def figures_insert(ids: list[str]):
    """INSERT the check_figure rows of the checks `ids`."""
    model_yes = case((answer_text(Check.data, MODEL_ITEM) == "yes", True), else_=False)
    return insert(CheckFigure).from_select(
        ["check_id", *COPIED, "model_yes", "finding_count"],
        select(
            Check.id, *(getattr(Check, c) for c in COPIED), model_yes, Check.finding_count
        ).where(Check.id.in_(ids)),
    )


def findings_insert(ids: list[str]):
    """INSERT the check_finding rows of the checks `ids`."""
    copied = [getattr(Check, c) for c in COPIED]
    return insert(CheckFinding).from_select(
        ["check_id", "category", "severity", "count", *COPIED],
        select(Finding.check_id, Finding.category, Finding.severity, func.count(), *copied)
        .join(Check, Check.id == Finding.check_id)
        .where(Finding.check_id.in_(ids))
        .group_by(Finding.check_id, Finding.category, Finding.severity, *copied),
    )


def rewrite_checks(session: Session, checks) -> None:
    """Rewrite the kept rows of the checks `checks` (a SELECT of ids) from their JSON, and
    move their contributions to the monthly sums from what the old rows said to the new."""
    ids = sorted(session.execute(checks).scalars())
    if not ids:
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        change_months(session, chunk, -1)
        _rewrite_rows(session, chunk)
        change_months(session, chunk, 1)
    drop_zeros(session)


def _rewrite_rows(session: Session, ids: list[str]) -> None:
    """Rewrite check_figure, check_number and check_finding of the checks `ids` (a chunk)."""
    dialect = session.get_bind().dialect.name
    for table in (CheckFigure, CheckNumber, CheckFinding):
        session.execute(delete(table).where(table.check_id.in_(ids)))
    session.execute(figures_insert(ids))
    session.execute(numbers_insert(dialect), {"ids": ids})
    session.execute(findings_insert(ids))
