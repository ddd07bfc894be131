"""The bulk-approval rule, on generated queues: a ticked check is approved in bulk exactly when
it waits for a decision, has no open high or critical finding and no open conflict; every
other one is left as it was, with its reason (issue 24)."""

import uuid
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import (
    Check,
    ConflictCopy,
    Enterprise,
    Finding,
    ReviewDecision,
    TemplateVersion,
    User,
)
from app.review.bulk import approve_many
from app.sync.versioning import stamp

SEVERITIES = ("low", "medium", "high", "critical")
finding = st.tuples(st.sampled_from(SEVERITIES), st.booleans())  # (severity, closed)
check = st.fixed_dictionaries(
    {
        "status": st.sampled_from(("submitted", "submitted", "returned", "approved")),
        "findings": st.lists(finding, max_size=3),
        "conflict": st.sampled_from((None, "open", "resolved")),
    }
)


def make_check(spec: dict, tv, ent, author) -> Check:
    """A check as the spec says, with its findings and conflict copy."""
    row = stamp(
        Check(
            template_version_id=tv.id,
            enterprise_id=ent.id,
            park_id=ent.park_id,
            author_id=author.id,
            status=spec["status"],
            started_at=datetime(2026, 11, 20, 8, tzinfo=UTC),
            submitted_at=datetime(2026, 11, 20, 10, tzinfo=UTC),
            data={},
            finding_count=len(spec["findings"]),
        )
    )
    db.session.add(row)
    db.session.flush()
    for severity, closed in spec["findings"]:
        db.session.add(
            Finding(
                check_id=row.id,
                enterprise_id=ent.id,
                park_id=ent.park_id,
                severity=severity,
                closed_at=datetime(2026, 11, 25, tzinfo=UTC) if closed else None,
            )
        )
    if spec["conflict"]:
        db.session.add(
            stamp(
                ConflictCopy(
                    entity="check",
                    record_id=row.id,
                    park_id=ent.park_id,
                    user_id=author.id,
                    client_id=str(uuid.uuid4()),
                    mutation_id=str(uuid.uuid4()),
                    reason="stale_base",
                    base_version=0,
                    server_version=1,
                    device_data={},
                    server_data={},
                    status=spec["conflict"],
                )
            )
        )
    db.session.flush()
    return row


def expected(spec: dict) -> str | None:
    """The reason a spec's check is refused, or None when it is approved."""
    if spec["status"] != "submitted":
        return "not_submitted"
    if any(sev in ("high", "critical") and not closed for sev, closed in spec["findings"]):
        return "serious_finding"
    if spec["conflict"] == "open":
        return "open_conflict"
    return None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=st.lists(check, min_size=1, max_size=5))
def test_bulk_approves_exactly_the_checks_the_rule_allows(app, make, specs):
    if db.session.scalar(select(func.count()).select_from(User)) == 0:
        park = make.park()
        make.enterprise(park)
        make.template()
        make.user("sup", role="supervisor")
        make.user("ins", role="inspector", parks=[park])
        make.commit()
    for model in (ReviewDecision, ConflictCopy, Finding, Check):
        db.session.execute(delete(model))
    ent = db.session.scalars(select(Enterprise)).first()
    tv = db.session.scalars(select(TemplateVersion)).first()
    sup = db.session.scalar(select(User).where(User.username == "sup"))
    ins = db.session.scalar(select(User).where(User.username == "ins"))
    checks = [make_check(spec, tv, ent, ins) for spec in specs]
    before = {c.id: (c.status, c.version) for c in checks}
    result = approve_many(sup, checks)
    refused = {c.id: reason for c, reason in result.refused}
    for spec, row in zip(specs, checks, strict=True):
        reason = expected(spec)
        assert refused.get(row.id) == reason, (spec, refused.get(row.id))
        decisions = db.session.scalar(
            select(func.count())
            .select_from(ReviewDecision)
            .where(ReviewDecision.record_id == row.id)
        )
        if reason is None:
            assert row.status == "approved" and row.version > before[row.id][1]
            assert decisions == 1
        else:
            assert (row.status, row.version) == before[row.id] and decisions == 0
    db.session.rollback()
