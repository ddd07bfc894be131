"""Time, one rule: stored in UTC, shown in Asia/Ho_Chi_Minh, on SQLite and PostgreSQL.

A check written by the seed and one written by a push read the same local start and end on
the phone (the pulled data it renders), the console page, the minutes and the XLSX export.
"""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Check, User
from app.seed import seed_demo
from app.seed.org import DEMO_PASSWORD
from tests.console.conftest import console_login

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _local(iso: str) -> datetime:
    """What the phone shows for a pulled time: the instant in Vietnam's time."""
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(HANOI)


def _shown(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M")


def _seeded_and_pushed(api) -> tuple[str, str]:
    """A check the seed wrote for the demo inspector's parks, and one the inspector pushes."""
    inspector = db.session.scalar(select(User).where(User.username == "inspector"))
    parks = [p.id for p in inspector.parks]
    seeded = db.session.scalars(
        select(Check)
        .where(Check.park_id.in_(parks), Check.status != "draft", Check.ended_at.is_not(None))
        .order_by(Check.id)
    ).first()
    data = {
        "template_version_id": seeded.template_version_id,
        "enterprise_id": seeded.enterprise_id,
        "status": "submitted",
        "started_at": "2026-11-20T01:30:00.000Z",  # 08:30 in Bắc Ninh
        "ended_at": "2026-11-20T03:05:00.000Z",
        "answers": {},
        "representative_name": "Lê Văn Cường",
    }
    phone = api("inspector", DEMO_PASSWORD)
    mutation = {
        "mutation_id": "6a0b5a8e-1f7c-4d7e-9e52-7f3b2a1c0d01",
        "entity": "check",
        "op": "upsert",
        "id": "6a0b5a8e-1f7c-4d7e-9e52-7f3b2a1c0d02",
        "base_version": 0,
        "data": data,
    }
    assert phone.push([mutation]).json["results"][0]["status"] == "applied"
    return seeded.id, mutation["id"]


def _xlsx_rows(console) -> list[tuple]:
    response = console.get("/console/exports/checks.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return [tuple(_cell_text(c) for c in row) for row in book.active.iter_rows(values_only=True)]


def _cell_text(value) -> str:
    """A cell as the office sees it: an Excel date-time (local, naive) as dd/mm/yyyy hh:mm."""
    return _shown(value) if isinstance(value, datetime) else str(value)


def test_seeded_and_pushed_checks_show_one_local_start_and_end_everywhere(app, api):
    seed_demo(small=True)
    db.session.commit()
    ids = _seeded_and_pushed(api)
    pulled = {c["id"]: c["data"] for c in api("inspector", DEMO_PASSWORD).pull_all()[0]}
    console = console_login(app.test_client(), "supervisor", DEMO_PASSWORD)
    rows = _xlsx_rows(console)
    for check_id in ids:
        start, end = _local(pulled[check_id]["started_at"]), _local(pulled[check_id]["ended_at"])
        assert 7 <= start.hour <= 15, start  # a working day's visit, not seven hours off
        page = console.get(f"/console/checks/{check_id}").get_data(as_text=True)
        assert f"<dd>{_shown(start)}</dd>" in page and f"<dd>{_shown(end)}</dd>" in page
        minutes = console.get(f"/console/checks/{check_id}/minutes").get_data(as_text=True)
        assert f"vào hồi {start.hour} giờ {start.minute:02d} phút, ngày {start:%d/%m/%Y}" in minutes
        assert f"kết thúc vào hồi {end.hour} giờ {end.minute:02d} phút" in minutes
        assert any(_shown(start) in row and _shown(end) in row for row in rows), check_id
    pushed = pulled[ids[1]]
    assert (_shown(_local(pushed["started_at"])), _shown(_local(pushed["ended_at"]))) == (
        "20/11/2026 08:30",
        "20/11/2026 10:05",
    )
