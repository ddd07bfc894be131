"""Closed corrective actions: kept by the server, carried over device writes, and set on the
findings of every pulled check.

A supervisor (or a later check) closes a finding on the server; a device never sends the
closure. So a device write that leaves a closed finding out gets it back, the finding rows
rebuilt from a write keep their closure, and a pulled check's findings carry theirs.
"""

from sqlalchemy import Text, and_, bindparam, case, exists, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from app.extensions import db
from app.models import Finding
from app.sync.handlers.base import Data, Row, iso
from app.sync.pulled_text import is_sqlite, iso_utc

NOT_CLOSED = {"closed_at": None, "closed_by_id": None, "closed_note": None}


# The closed findings of some checks (one expanding parameter: no per-id SQL set-up).
CLOSURES = select(Finding.id, Finding.check_id, Finding.closed_at, Finding.closed_note).where(
    Finding.check_id.in_(bindparam("ids", expanding=True)), Finding.closed_at.is_not(None)
)


CLOSED_FINDINGS = select(Finding).where(
    Finding.check_id == bindparam("check_id"), Finding.closed_at.is_not(None)
)


def keep_closed_findings(existing: Row, data: Data, raw: Data) -> None:
    """Put back every closed finding a device write leaves out (or renames): closures stay.

    Only a supervisor reopens a closed corrective action; the device's copy of the finding
    (its stored data) goes back into `data` and `raw`, so the finding row and the pulled check
    both keep it.
    """
    sent = {f["id"] for f in data["findings"]}
    closed = db.session.execute(CLOSED_FINDINGS, {"check_id": existing["id"]}).scalars()
    missing = [f for f in closed if f.id not in sent]
    if not missing:
        return
    stored = {f.get("id"): f for f in (existing["data"] or {}).get("findings", [])}
    raw["findings"] = list(raw.get("findings") or [])
    for finding in missing:
        kept = {
            "id": finding.id,
            "item_code": finding.item_code,
            "severity": finding.severity,
            "description": finding.description,
            "corrective_action": finding.corrective_action,
            "due_date": finding.due_date,
            "photos": list(stored.get(finding.id, {}).get("photos", [])),
        }
        data["findings"].append(kept)
        raw["findings"].append(
            stored.get(finding.id) or {**kept, "due_date": iso(kept["due_date"])}
        )


FINDINGS_PATH = literal_column("'{findings}'::text[]")


def set_closures(changes: list[dict]) -> None:
    """Set the closures on pulled checks whose data is a dict (those read through to_data;
    the others had them set in SQL by with_closures)."""
    decoded = [c for c in changes if isinstance(c["data"], dict)]
    closures: dict[str, dict] = {}
    ids = [c["id"] for c in decoded]
    for start in range(0, len(ids), 900):
        for row in db.session.execute(CLOSURES, {"ids": ids[start : start + 900]}):
            closures.setdefault(row.check_id, {})[row.id] = row
    for change in decoded:
        for finding in change["data"].get("findings", []):
            row = closures.get(change["id"], {}).get(finding.get("id"))
            if row is not None:
                finding["closed_at"] = iso(row.closed_at)
                finding["closed_note"] = row.closed_note


def _closed(table):
    finding = Finding.__table__
    return and_(finding.c.check_id == table.c.id, finding.c.closed_at.is_not(None))


def any_closed(table):
    """SQL: whether a finding of the check is closed (its pulled data then has closures)."""
    return exists().where(_closed(table))


def with_closures(stored, table, dialect: str):
    """SQL for a check's stored data with each closed finding's closed_at and closed_note set
    (the stored object as it is when no finding of the check is closed)."""
    finding = Finding.__table__
    closed = _closed(table)
    closed_at, note = iso_utc(finding.c.closed_at, dialect), finding.c.closed_note
    if is_sqlite(dialect):
        items = func.json_each(stored, "$.findings").table_valued("value", "key").alias("item")
        joined = items.outerjoin(
            finding, and_(closed, finding.c.id == func.json_extract(items.c.value, "$.id"))
        )
        each = case(
            (finding.c.id.is_(None), func.json(items.c.value)),
            else_=func.json_set(items.c.value, "$.closed_at", closed_at, "$.closed_note", note),
        )
        findings = select(func.json_group_array(func.json(each))).select_from(joined)
        is_array = func.json_type(stored, "$.findings") == "array"
        patched = func.json_set(stored, "$.findings", func.json(findings.scalar_subquery()))
        return case((and_(is_array, any_closed(table)), patched), else_=stored)
    items = (
        func.jsonb_array_elements(stored.op("->")("findings"))
        .table_valued("value", with_ordinality="n", name="item")
        .render_derived()
    )
    joined = items.outerjoin(finding, and_(closed, finding.c.id == items.c.value.op("->>")("id")))
    closure = func.jsonb_build_object(
        literal("closed_at", Text), closed_at, literal("closed_note", Text), note
    )
    each = case((finding.c.id.is_(None), items.c.value), else_=items.c.value.op("||")(closure))
    findings = select(func.jsonb_agg(aggregate_order_by(each, items.c.n))).select_from(joined)
    is_array = func.jsonb_typeof(stored.op("->")("findings")) == "array"
    patched = func.jsonb_set(stored, FINDINGS_PATH, findings.scalar_subquery())
    return case((and_(is_array, any_closed(table)), patched), else_=stored)
