"""Enterprise XLSX import: preview with row errors; all rows or nothing; upsert by tax code."""

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditLog, Enterprise

HEADER = [
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Mã KCN",
    "Loại hình",
    "Số lao động",
    "Bảo vệ chuyên trách",
    "Công đoàn",
]


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def world(app, make):
    park = make.park(code="QV1", name="KCN Quế Võ")
    existing = make.enterprise(park, name="Công ty cũ")
    make.user("boss", role="admin")
    make.commit()
    return {"park": park, "existing": existing}


def _upload(client, content):
    return client.post(
        "/console/admin/enterprises/import",
        data={"csrf_token": client.csrf, "file": (io.BytesIO(content), "dn.xlsx")},
        content_type="multipart/form-data",
    )


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Enterprise))


def test_good_file_previews_then_imports_everything(world, console):
    client = console("boss")
    content = _xlsx(
        [
            ["2300000001", "Công ty TNHH Điện tử Ánh Sao", "QV1", "FDI", 1200, 6, "Có"],
            [world["existing"].tax_code, "Công ty cũ (đổi tên)", "qv1", "Tư nhân", 300, 1, ""],
        ]
    )
    before = _count()
    preview = _upload(client, content)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Công ty TNHH Điện tử Ánh Sao" in html
    assert _count() == before  # a preview writes nothing
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    done = client.post(
        "/console/admin/enterprises/import",
        data={"csrf_token": client.csrf, "payload": payload, "confirm": "1"},
    )
    assert done.status_code == 302
    assert _count() == before + 1
    db.session.expire_all()
    renamed = db.session.get(Enterprise, world["existing"].id)
    assert renamed.name == "Công ty cũ (đổi tên)" and renamed.ownership == "private"
    assert renamed.version > world["existing"].version or renamed.workforce == 300
    new = db.session.scalar(select(Enterprise).where(Enterprise.tax_code == "2300000001"))
    assert new.has_trade_union and new.guards_dedicated == 6 and new.search_key.startswith("cong")
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "enterprise.import"))


def test_bad_rows_are_shown_and_nothing_is_written(world, console):
    client = console("boss")
    content = _xlsx(
        [
            ["2300000002", "Công ty Tốt", "QV1", "FDI", 10, 0, ""],
            ["12", "", "ZZ9", "Liên doanh", "nhiều", 0, ""],
            ["2300000002", "Trùng mã", "QV1", "FDI", 10, 0, ""],
        ]
    )
    before = _count()
    html = _upload(client, content).get_data(as_text=True)
    assert 'id="confirm"' not in html  # no import button
    assert html.count('class="bad"') == 2
    forced = client.post(
        "/console/admin/enterprises/import",
        data={"csrf_token": client.csrf, "file": (io.BytesIO(content), "dn.xlsx"), "confirm": "1"},
        content_type="multipart/form-data",
    )
    assert forced.status_code == 400
    assert _count() == before


def test_not_an_xlsx(world, console):
    client = console("boss")
    response = _upload(client, b"not a workbook")
    assert response.status_code == 400 and "XLSX" in response.get_data(as_text=True)


def test_unticked_bad_rows_are_left_out_and_the_rest_imports(world, console):
    client = console("boss")
    content = _xlsx(
        [
            ["2300000003", "Công ty Một", "QV1", "FDI", 10, 0, ""],
            ["12", "", "ZZ9", "Liên doanh", "nhiều", 0, ""],
            ["2300000004", "Công ty Hai", "QV1", "Tư nhân", 20, 0, ""],
        ]
    )
    before = _count()
    html = _upload(client, content).get_data(as_text=True)
    lines = re.findall(r'name="shown" value="(\d+)"', html)
    assert len(lines) == 3 and 'id="confirm"' not in html
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    form = {"csrf_token": client.csrf, "payload": payload, "shown": lines}
    kept = [lines[0], lines[2]]

    preview = client.post("/console/admin/enterprises/import", data=form | {"keep": kept})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="confirm"' in html
    assert 'class=" out muted"' in html and html.count('class="bad"') == 0
    assert _count() == before  # a preview writes nothing

    done = client.post(
        "/console/admin/enterprises/import", data=form | {"keep": kept, "confirm": "1"}
    )
    assert done.status_code == 302
    assert _count() == before + 2
    names = set(
        db.session.scalars(
            select(Enterprise.name).where(
                Enterprise.tax_code.in_(["2300000003", "2300000004", "12"])
            )
        )
    )
    assert names == {"Công ty Một", "Công ty Hai"}
