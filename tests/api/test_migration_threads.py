"""The thread migration gives every earlier decision's comment to its record's thread, and
every sent check its first send, so a phone pulls what the supervisor asked before today."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from app.models import Check
from app.review.decisions import review_check
from app.sync.versioning import stamp
from tests.api.test_migrations import empty_db_url  # noqa: F401  (fixture)
from tests.conftest import make_config
from tests.factories import Factory

BEFORE = "f3c8d1e6a2b5"  # the head before threads


def _returned_check() -> str:
    """A check sent and returned with a comment (the thread rows are then removed)."""
    make = Factory()
    ent = make.enterprise()
    inspector = make.user("ins")
    supervisor = make.user("sup", role="supervisor")
    sent = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    check = stamp(
        Check(
            template_version_id=make.template().id,
            enterprise_id=ent.id,
            park_id=ent.park_id,
            author_id=inspector.id,
            status="submitted",
            started_at=sent,
            submitted_at=sent,
            data={},
        )
    )
    db.session.add(check)
    db.session.flush()
    review_check(supervisor, check, "return", "Bổ sung số bảo vệ")
    db.session.commit()
    return check.id


@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_earlier_comments_join_the_thread(empty_db_url, tmp_path):  # noqa: F811
    app = create_app(
        make_config(SQLALCHEMY_DATABASE_URI=empty_db_url, UPLOAD_FOLDER=str(tmp_path / "up"))
    )
    with app.app_context():
        upgrade()
        check_id = _returned_check()
        db.session.remove()
        downgrade(revision=BEFORE)
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT record_id, kind, text, version FROM record_comment")
            ).all()
            counter = conn.execute(sa.text("SELECT version FROM sync_state")).scalar()
            sends = conn.execute(
                sa.text("SELECT send_count, first_sent_at IS NOT NULL FROM inspection_check")
            ).one()
        assert [(r.record_id, r.kind, r.text) for r in rows] == [
            (check_id, "return", "Bổ sung số bảo vệ")
        ]
        assert rows[0].version == counter  # above every earlier version: phones pull it
        assert tuple(sends) == (1, True)
        db.session.remove()
        db.engine.dispose()
