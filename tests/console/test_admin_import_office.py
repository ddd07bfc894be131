"""Enterprise import from sheets as offices keep them, and from hostile files."""

import io
import re

from openpyxl import Workbook
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.models import Enterprise
from tests.console.test_admin_import import world  # noqa: F401 - the fixture
from tests.festival.test_roster_office_files import wide_row_bomb, workbook_with


def office_sheet() -> bytes:
    book = Workbook()
    book.active.title = "Ghi chú"
    book.active.append(["Danh sách kèm theo công văn số 12/BQL"])
    sheet = book.create_sheet("DN")
    sheet.append(["DANH SÁCH DOANH NGHIỆP ĐANG HOẠT ĐỘNG"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["STT", "MST", "Tên công ty", "KCN", "Loại hình DN", "Tổng số lao động"])
    sheet.append(
        [1, "2300000011", "Công ty CP Bao bì Kinh Bắc", "KCN Quế Võ", "Công ty cổ phần", "1.200"]
    )
    sheet.append(
        [2, "2300000011-001", "Chi nhánh Bao bì Kinh Bắc", "QV1", "Cổ phần (vốn nhà nước 51%)", 80]
    )
    sheet.append(
        [3, 100109106, "Công ty TNHH Điện tử Sao Mai", "Quế Võ", "100% vốn nước ngoài", 3500]
    )
    sheet.append(["Tổng cộng: 3 doanh nghiệp", None, None, None, None, 4780])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name: str = "dn.xlsx"):
    return client.post(
        "/console/admin/enterprises/import",
        data={"csrf_token": client.csrf, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def confirm(client, html: str):
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)
    fields += re.findall(r'<input type="checkbox" name="(\w+)" value="([^"]*)" checked', html)
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields.append((name, chosen.group(1) if chosen else ""))
    fields.append(("confirm", "1"))
    return client.post("/console/admin/enterprises/import", data=MultiDict(fields))


def by_tax() -> dict:
    return {e.tax_code: e for e in db.session.scalars(select(Enterprise))}


def test_office_sheet_imports_with_the_right_kinds_and_once(world, console):  # noqa: F811
    client = console("boss")
    page = upload(client, office_sheet())
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="confirm"' in html, html[-3000:]
    assert '<option value="DN" selected>' in html and "dòng 3" in html
    assert (
        "Tổng cộng"
        not in html.split('id="header-line"')[1].split("</table>")[0].split("<tbody>")[1]
    )
    assert confirm(client, html).status_code == 302
    rows = by_tax()
    assert rows["2300000011"].ownership == "private" and rows["2300000011"].workforce == 1200
    assert rows["2300000011-001"].ownership == "state"
    assert rows["0100109106"].ownership == "fdi"  # the lost leading 0 is back
    assert rows["0100109106"].park_id == world["park"].id
    versions = {tax: e.version for tax, e in rows.items()}
    html = upload(client, office_sheet()).get_data(as_text=True)
    assert confirm(client, html).status_code == 302
    db.session.expire_all()
    assert {tax: e.version for tax, e in by_tax().items()} == versions


def test_tax_codes_are_checked(world, console):  # noqa: F811
    client = console("boss")
    book = Workbook()
    book.active.append(["Mã số thuế", "Tên doanh nghiệp", "Mã KCN", "Loại hình"])
    book.active.append(["23000000111", "Sai mã", "QV1", "Tư nhân"])
    book.active.append(["2300000012-01", "Sai chi nhánh", "QV1", "Tư nhân"])
    out = io.BytesIO()
    book.save(out)
    html = upload(client, out.getvalue()).get_data(as_text=True)
    assert html.count('class="bad"') == 2 and 'id="confirm"' not in html


def test_row_errors_read_one_per_line(world, console):  # noqa: F811
    """Two errors of one row are two lines, not "….; …" run together."""
    book = Workbook()
    book.active.append(["Mã số thuế", "Tên doanh nghiệp", "Mã KCN", "Loại hình"])
    book.active.append(["23000000111", "Sai mã", "KHÔNG CÓ", "Tư nhân"])
    out = io.BytesIO()
    book.save(out)
    html = upload(console("boss"), out.getvalue()).get_data(as_text=True)
    assert html.count('class="error-line"') >= 2, html
    assert ".;" not in html


def test_hostile_files_answer_400(world, console):  # noqa: F811
    client = console("boss")
    dtd = workbook_with(b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet><sheetData/></worksheet>')
    for raw, name in (
        (wide_row_bomb(), "dn.xlsx"),
        (dtd, "dn.xlsx"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 100, "dn.xls"),
    ):
        response = upload(client, raw, name)
        assert response.status_code == 400 and 'role="alert"' in response.get_data(as_text=True)


def test_missing_columns_are_named_in_the_users_language(world, console):  # noqa: F811
    book = Workbook()
    book.active.append(["STT", "Tên doanh nghiệp", "Ghi chú"])
    book.active.append([1, "Công ty A", ""])
    out = io.BytesIO()
    book.save(out)
    html = upload(console("boss"), out.getvalue()).get_data(as_text=True)
    assert "Thiếu cột: Mã số thuế, KCN." in html
    assert 'id="confirm"' not in html
