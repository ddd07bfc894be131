"""Steps of the return loop for browser tests: a check sent earlier, a return, the console."""

import re
from datetime import UTC, datetime

from app.extensions import db
from app.models import Check, Enterprise, TemplateVersion, User
from app.review.decisions import review_check
from app.sync.versioning import stamp
from tests.factories import Factory


def submitted_check(live, started: datetime | None = None, ended: datetime | None = None) -> str:
    """A check the inspector sent earlier (written on the server, pulled at login), from
    `started` to `ended` when given (aware datetimes, stored as the seed stores them)."""
    times = {"started_at": started.isoformat(), "ended_at": ended.isoformat()} if started else {}

    def write():
        inspector = db.session.query(User).filter_by(username="inspector").one()
        ent = db.session.get(Enterprise, live.seeded.enterprise_ids[0])
        tv = db.session.get(TemplateVersion, live.seeded.template_version_id)
        data = Factory.check_data(tv, ent, status="submitted", **times)
        check = stamp(
            Check(
                template_version_id=tv.id,
                enterprise_id=ent.id,
                park_id=ent.park_id,
                author_id=inspector.id,
                status="submitted",
                started_at=started or datetime.fromisoformat(data["started_at"]),
                ended_at=ended,
                submitted_at=datetime.now(UTC),
                data=data,
            )
        )
        db.session.add(check)
        db.session.commit()
        return check.id

    return live.query(write)


def return_on_server(live, check_id: str, comment: str) -> None:
    """The supervisor returns the check with a comment (as the console does)."""

    def act():
        supervisor = db.session.query(User).filter_by(username="supervisor").one()
        review_check(supervisor, db.session.get(Check, check_id), "return", comment)
        db.session.commit()

    live.query(act)


def open_console(live, new_context):
    """The supervisor signed in to the console at 1280 px."""
    context = new_context(viewport={"width": 1280, "height": 900}, is_mobile=False, has_touch=False)
    page = context.new_page()
    page.goto(f"{live.url}/console/login")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/console/$"))
    return page
