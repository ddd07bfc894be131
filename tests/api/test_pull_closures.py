"""A pulled check carries the closure of its findings, closed later by another check."""

import uuid

from tests.api.util import results, setup_inspector


def test_a_finding_closed_by_a_later_check_is_pulled_closed(api, make):
    park, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    finding_id, kept_id = str(uuid.uuid4()), str(uuid.uuid4())
    findings = [
        {"id": fid, "item_code": "A.1", "severity": "high", "description": "Thiếu PCCC"}
        for fid in (finding_id, kept_id)
    ]
    first = make.check_data(tv, ent, status="submitted", findings=findings)
    [created] = results(client.push([make.mutation("check", first)]))
    later = make.check_data(
        tv,
        ent,
        status="submitted",
        closed_findings=[{"finding_id": finding_id, "note": "Đã khắc phục"}],
    )
    results(client.push([make.mutation("check", later)]))

    changes, _ = client.pull_all()
    [pulled] = [c for c in changes if c["id"] == created["id"]]
    by_id = {f["id"]: f for f in pulled["data"]["findings"]}
    assert by_id[finding_id]["closed_note"] == "Đã khắc phục" and by_id[finding_id]["closed_at"]
    assert "closed_at" not in by_id[kept_id] or by_id[kept_id]["closed_at"] is None
