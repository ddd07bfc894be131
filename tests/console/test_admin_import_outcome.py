"""The enterprise import preview says what will happen, and reads the legal form and sector."""

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Enterprise, Park

HEADER = ["Mã số thuế", "Tên doanh nghiệp", "KCN", "Loại hình", "Vốn nước ngoài (%)", "Số lao động"]
FIRST = [
    ["2300000101", "Công ty TNHH Hanwool Electronics Vina", "QV1", "", 100, 340],
    ["2300000102", "Công ty cổ phần Điện lực Kinh Bắc", "KCN Quế Võ", "Nhà nước", None, 120],
    ["2300000103", "Doanh nghiệp tư nhân Thành Đạt", "Quế Võ", "", None, 15],
    ["2300000104", "Công ty TNHH MTV Cơ khí Đông Anh", "YP1", "Ngoài nhà nước", 0, 60],
]


def xlsx(rows) -> bytes:
    book = Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def world(app, make):
    make.park(code="QV1", name="KCN Quế Võ")
    make.park(code="YP1", name="KCN Yên Phong")
    make.user("boss", role="admin")
    make.commit()


def preview(client, content: bytes) -> str:
    response = client.post(
        "/console/admin/enterprises/import",
        data={"csrf_token": client.csrf, "file": (io.BytesIO(content), "dn.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def confirm(client, html: str) -> str:
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    response = client.post(
        "/console/admin/enterprises/import",
        data={"csrf_token": client.csrf, "payload": payload, "confirm": "1"},
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def outcomes(html: str) -> list[tuple[str, str]]:
    """Each row's action cell: (kind, the words shown)."""
    cells = re.findall(r'<td class="action-(\w+)">(.*?)</td>', html, re.S)
    return [(kind, re.sub(r"<[^>]+>", " ", words).split()) for kind, words in cells]


def test_legal_form_and_sector_are_read_from_name_type_and_capital(world, console):
    client = console("boss")
    html = preview(client, xlsx(FIRST))
    assert "QV1 · KCN Quế Võ" in html and "YP1 · KCN Yên Phong" in html  # the matched park
    assert "Công ty cổ phần" in html and "Doanh nghiệp tư nhân" in html
    confirm(client, html)
    stored = {
        e.tax_code: (e.legal_form, e.ownership) for e in db.session.scalars(select(Enterprise))
    }
    assert stored == {
        "2300000101": ("tnhh", "fdi"),
        "2300000102": ("co_phan", "state"),
        "2300000103": ("dntn", "private"),
        "2300000104": ("tnhh_mtv", "private"),
    }


def test_preview_says_new_changed_with_fields_or_unchanged(world, console):
    client = console("boss")
    confirm(client, preview(client, xlsx(FIRST)))
    again = [list(row) for row in FIRST]
    again[1][5] = 150  # workers
    again[2][2] = "YP1"  # moved park
    again.append(["2300000105", "Công ty TNHH Mới", "QV1", "", None, 5])
    html = preview(client, xlsx(again))
    kinds = outcomes(html)
    assert [kind for kind, _ in kinds] == ["same", "update", "update", "same", "create"]
    assert " ".join(kinds[1][1]) == "thay đổi Người lao động"
    assert " ".join(kinds[2][1]) == "thay đổi KCN"
    assert kinds[0][1] == ["không", "đổi"] and kinds[4][1] == ["mới"]
    done = confirm(client, html)
    assert "1 mới, 2 cập nhật, 2 không đổi" in done


def test_a_reimport_of_the_same_file_is_all_unchanged(world, console):
    client = console("boss")
    confirm(client, preview(client, xlsx(FIRST)))
    versions = {e.tax_code: e.version for e in db.session.scalars(select(Enterprise))}
    html = preview(client, xlsx(FIRST))
    assert [kind for kind, _ in outcomes(html)] == ["same"] * 4
    confirm(client, html)
    db.session.expire_all()
    assert {e.tax_code: e.version for e in db.session.scalars(select(Enterprise))} == versions


def test_a_row_whose_sector_cannot_be_told_is_an_error_and_nothing_is_written(world, console):
    client = console("boss")
    html = preview(client, xlsx([["2300000106", "Nhà máy Gạch", "QV1", "", "nhiều", 10]]))
    assert "Không xác định được khu vực kinh tế" in html
    assert "không phải là tỷ lệ phần trăm" in html
    assert 'id="confirm"' not in html
    assert db.session.scalars(select(Enterprise)).first() is None


def test_enterprise_form_reads_the_legal_form_and_refuses_an_unknown_one(world, console):
    client = console("boss")
    park = db.session.scalar(select(Park.id).where(Park.code == "QV1"))
    form = {
        "csrf_token": client.csrf,
        "name": "Công ty cổ phần May Tiên Sơn",
        "tax_code": "2300000201",
        "park_id": park,
        "legal_form": "",
        "ownership": "",
    }
    bad = client.post("/console/admin/enterprises/new", data={**form, "legal_form": "llc"})
    assert bad.status_code == 400 and "Chọn loại hình doanh nghiệp." in bad.get_data(as_text=True)
    assert db.session.scalars(select(Enterprise)).first() is None
    assert client.post("/console/admin/enterprises/new", data=form).status_code == 302
    saved = db.session.scalar(select(Enterprise))
    assert (saved.legal_form, saved.ownership) == ("co_phan", "private")


def test_a_sector_that_cannot_be_told_is_asked_for_in_the_laws_words(world, console):
    client = console("boss")
    park = db.session.scalar(select(Park.id).where(Park.code == "QV1"))
    form = {"csrf_token": client.csrf, "name": "Nhà máy Gạch Quế Võ", "tax_code": "2300000202"}
    bad = client.post("/console/admin/enterprises/new", data={**form, "park_id": park})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert (
        "Chọn khu vực kinh tế: nhà nước, ngoài nhà nước hoặc có vốn đầu tư nước ngoài (FDI)."
        in html
    )
    assert "Chọn doanh nghiệp FDI, tư nhân" not in html  # "tư nhân" is a legal form
    assert db.session.scalars(select(Enterprise)).first() is None
