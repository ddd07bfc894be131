"""Demo data looks like data that came through sync: receipts and revisions, on the phone too."""

from sqlalchemy import select

from app.extensions import db
from app.models import Check, Event, RecordRevision
from app.seed import seed_demo
from app.sync.receipts import verify_receipt


def test_every_seeded_check_and_event_has_a_valid_receipt_and_a_revision(app, api):
    seed_demo(small=True)
    db.session.commit()
    for model, entity in ((Check, "check"), (Event, "event")):
        rows = db.session.execute(select(model.id, model.version, model.receipt)).all()
        assert rows
        for row in rows:
            assert row.receipt, (entity, row.id)
            assert verify_receipt(row.id, row.receipt)["version"] == row.version
    revisions = {
        (r.record_id, r.version): r
        for r in db.session.execute(
            select(RecordRevision).where(RecordRevision.entity == "check")
        ).scalars()
    }
    for check in db.session.execute(select(Check)).scalars():
        revision = revisions[(check.id, check.version)]
        assert revision.data == check.data and revision.user_id == check.author_id
        assert revision.client_id == check.client_id


def test_the_inspectors_phone_receives_every_check_with_its_receipt(app, api):
    seed_demo(small=True)
    db.session.commit()
    changes, _ = api("inspector", "demo1234").pull_all(limit=1000)
    checks = [c for c in changes if c["entity"] == "check"]
    assert checks and all(c["data"]["receipt"] for c in checks)
