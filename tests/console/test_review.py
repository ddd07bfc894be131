"""Review queue, check page, decisions reaching the device, minutes, receipts."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Check, ReviewDecision, User
from tests.console.util import post, push_check, world


def test_pages_by_role(app, make, api, console):
    w = world(make, api)
    urls = [
        "/console/",
        "/console/review",
        "/console/review?kind=event",
        f"/console/checks/{w.check_a}",
        f"/console/checks/{w.check_a}/minutes",
        "/console/receipts",
    ]
    for name in ("sup", "adm", "supa"):
        client = console(name)
        for url in urls:
            assert client.get(url).status_code == 200, (name, url)
    for name in ("ins", "hr"):
        client = console(name)
        for url in urls:
            assert client.get(url).status_code == 403, (name, url)


def test_scope_hides_other_parks(app, make, api, console):
    w = world(make, api)
    client = console("supa")
    assert client.get(f"/console/checks/{w.check_b}").status_code == 404
    assert client.get(f"/console/checks/{w.check_b}/minutes").status_code == 404
    denied = post(client, f"/console/checks/{w.check_b}/review", decision="approve")
    assert denied.status_code == 404
    page = client.get("/console/review").get_data(as_text=True)
    assert "Quế Võ Điện tử" in page and "Yên Phong" not in page.split("<table")[1]
    ids = dict(db.session.execute(select(User.username, User.id)).all())
    assert ids["ins"] in page and ids["insb"] not in page  # inspector filter: own parks only
    everything = console("sup").get("/console/review").get_data(as_text=True)
    assert "Yên Phong Cơ khí" in everything


def test_queue_filters(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    page = client.get("/console/review?q=que+vo").get_data(as_text=True)
    assert "Quế Võ Điện tử" in page and "Yên Phong Cơ khí" not in page
    page = client.get(f"/console/review?park={w.b.id}").get_data(as_text=True)
    assert "Yên Phong Cơ khí" in page and "Quế Võ Điện tử" not in page
    page = client.get("/console/review?from=2026-11-21").get_data(as_text=True)
    assert "Quế Võ Điện tử" not in page
    page = client.get("/console/review?from=2026-11-20&to=2026-11-20&sort=enterprise")
    assert "Quế Võ Điện tử" in page.get_data(as_text=True)
    page = client.get("/console/review?status=approved").get_data(as_text=True)
    assert "Quế Võ Điện tử" not in page


def test_queue_dates_are_typed_day_first_whatever_the_browser(app, make, api, console):
    """The date filters are dd/mm/yyyy text fields (a native date input shows mm/dd/yyyy on an
    English computer); a typed 21/11/2026 filters as 2026-11-21 does, and shows as typed."""
    world(make, api)
    client = console("sup")
    typed = client.get("/console/review?from=21%2F11%2F2026").get_data(as_text=True)
    assert "Quế Võ Điện tử" not in typed
    assert 'name="from" value="21/11/2026"' in typed and 'type="date"' not in typed
    page = client.get("/console/review?from=20/11/2026&to=20/11/2026").get_data(as_text=True)
    assert "Quế Võ Điện tử" in page
    assert 'name="to" value="20/11/2026"' in page
    nonsense = client.get("/console/review?from=31/02/2026").get_data(as_text=True)
    assert "Quế Võ Điện tử" in nonsense and 'name="from" value=""' in nonsense


def test_check_page_shows_device_data(app, make, api, console):
    w = world(make, api)
    photo = "ab" * 32
    push_check(
        api("ins"), make, w.tv, w.ent_a, answers={"A.1": {"value": "yes", "photos": [photo]}}
    )
    queue = console("sup").get("/console/review").get_data(as_text=True)
    assert queue.count('class="badge incomplete"') == 1
    page = console("sup").get(f"/console/checks/{w.check_a}").get_data(as_text=True)
    assert "Có phương án bảo đảm ANTT" in page  # label from the template version
    assert "Chưa có phương án ANTT" in page  # the finding
    assert "openstreetmap.org/?mlat=21.100000" in page
    assert "Trần Thị Bình" in page and "Lê Văn Cường" in page


def test_return_reaches_the_inspector_pull(app, make, api, console):
    w = world(make, api)
    inspector = api("ins")
    _, cursor = inspector.pull_all()
    client = console("sup")
    empty = post(client, f"/console/checks/{w.check_a}/review", decision="return", comment=" ")
    assert empty.status_code == 302
    assert db.session.get(Check, w.check_a).status == "submitted"
    response = post(
        client,
        f"/console/checks/{w.check_a}/review",
        decision="return",
        comment="Bổ sung ảnh biển báo",
    )
    assert response.status_code == 302
    changes, _ = inspector.pull_all(cursor)
    mine = [c for c in changes if c["entity"] == "check" and c["id"] == w.check_a]
    assert mine and mine[0]["data"]["status"] == "returned"
    assert mine[0]["data"]["review_comment"] == "Bổ sung ảnh biển báo"
    audit = db.session.execute(select(AuditLog).where(AuditLog.record_id == w.check_a)).scalars()
    assert [a.action for a in audit] == ["check_return"]
    decision = db.session.execute(select(ReviewDecision)).scalar_one()
    assert decision.decision == "return" and decision.comment == "Bổ sung ảnh biển báo"


def test_returned_check_resubmitted_then_approved(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    post(client, f"/console/checks/{w.check_a}/review", decision="return", comment="Sửa lại")
    inspector = api("ins")
    changes, cursor = inspector.pull_all()
    returned = next(c for c in changes if c["id"] == w.check_a)
    data = make.check_data(w.tv, w.ent_a, status="submitted", notes="Đã bổ sung")
    fixed = make.mutation("check", data, record_id=w.check_a, base_version=returned["version"])
    assert inspector.push([fixed]).json["results"][0]["status"] == "applied"
    post(client, f"/console/checks/{w.check_a}/review", decision="approve")
    changes, _ = inspector.pull_all(cursor)
    assert next(c for c in changes if c["id"] == w.check_a)["data"]["status"] == "approved"


def test_minutes_layout(app, make, api, console):
    w = world(make, api)
    page = console("sup").get(f"/console/checks/{w.check_a}/minutes").get_data(as_text=True)
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BIÊN BẢN KIỂM TRA",
        "Bắc Ninh, ngày 20 tháng 11 năm 2026",
        "Chưa có phương án ANTT",
        "Xây dựng phương án",
        "20/12/2026",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "minutes.css",
    ):
        assert text in page, text
    assert "<style" not in page and "style=" not in page


def test_receipt_verification(app, make, api, console):
    w = world(make, api)
    check = db.session.get(Check, w.check_a)
    client = console("sup")
    good = post(client, "/console/receipts", record_id=check.id, code=check.receipt)
    assert "Valid receipt" in good.get_data(as_text=True) or "hợp lệ" in good.get_data(as_text=True)
    bad = post(client, "/console/receipts", record_id=check.id, code="1-2-AAAAAAAA")
    assert "bad" not in bad.get_data(as_text=True) and bad.status_code == 200
    assert "Invalid receipt" in bad.get_data(as_text=True) or "không hợp lệ" in bad.get_data(
        as_text=True
    )
