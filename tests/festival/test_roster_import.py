"""Roster import from CSV and XLSX: mapping, row errors, all or nothing, upsert, pull."""

import base64
import io
import re
import unicodedata

from openpyxl import Workbook

from app.extensions import db
from app.festival.roster import FIELDS, parse_role, propose_mapping
from app.festival.rosterfile import decode_text
from app.models import RosterPerson

GOOD_CSV = (
    "Mã NV,Họ và tên,Vai trò,Bộ phận\n"
    "NV001,Nguyễn Thị Hoa,Công nhân,Dệt\n"
    "NV002,Trần Văn Đức,Bảo vệ,Hành chính\n"
    "NV003,Lê Thị Ánh Tuyết,Quản lý,May\n"
)
BAD_CSV = (
    "Mã NV,Họ và tên,Vai trò\n"
    "NV001,Nguyễn Thị Hoa,Công nhân\n"
    "NV002,,Bảo vệ\n"
    "NV001,Phạm Văn Nam,Công nhân\n"
    "NV004,Đỗ Thị Lan,Phi công\n"
)


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Encode like Windows does: precomposed letters, tone marks as combining characters."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out


def xlsx_bytes(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, ent, data: bytes, filename: str):
    url = f"/festival/roster/{ent.id}/import"
    return client.post(
        url,
        data={"csrf_token": client.csrf, "action": "preview", "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def form_of(preview_html: str, action: str = "commit", untick=()) -> list[tuple[str, str]]:
    """The preview page's form as a browser sends it: hidden fields, selects, ticked boxes."""
    fields = re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', preview_html)
    for name, options in re.findall(
        r'<select name="(\w+)"[^>]*>(.*?)</select>', preview_html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        fields.append((name, chosen.group(1) if chosen else ""))
    for value in re.findall(
        r'<input type="checkbox" name="keep" value="(\d+)" checked', preview_html
    ):
        if int(value) not in untick:
            fields.append(("keep", value))
    fields.append(("action", action))
    return fields


def confirm(client, ent, preview_html: str, untick=()):
    """Send the preview page's form back with action=commit."""
    from werkzeug.datastructures import MultiDict

    return client.post(
        f"/festival/roster/{ent.id}/import", data=MultiDict(form_of(preview_html, untick=untick))
    )


def roster(ent):
    rows = db.session.query(RosterPerson).filter_by(enterprise_id=ent.id).all()
    return {r.employee_number: r for r in rows}


def test_mapping_is_proposed_from_vietnamese_and_english_headers():
    none = dict.fromkeys(FIELDS)
    assert propose_mapping(["Mã NV", "Họ và tên", "Vai trò", "Bộ phận"]) == {
        **none,
        "employee_number": 0,
        "name": 1,
        "role": 2,
        "department": 3,
    }
    assert propose_mapping(["Department", "Full name", "Employee No."]) == {
        **none,
        "employee_number": 2,
        "name": 1,
        "department": 0,
    }
    office = propose_mapping(["STT", "HỌ VÀ TÊN", "Số thẻ BHXH", "Số CCCD/CMND", "Tổ sản xuất"])
    assert office == {**none, "cccd": 3, "name": 1, "department": 4}
    assert propose_mapping(["Ho ten", "MA NV:", "Phong ban", "So dien thoai"]) == {
        **none,
        "employee_number": 1,
        "name": 0,
        "department": 2,
        "phone": 3,
    }
    assert parse_role("BẢO VỆ") == "guard" and parse_role("") == "worker"
    assert parse_role("phi công") is None


def test_windows_1258_and_bom_are_decoded():
    assert decode_text(GOOD_CSV.encode("utf-8-sig"))[0] == GOOD_CSV
    text, encoding = decode_text(cp1258("Họ và tên,Trần Văn Đức"))
    assert encoding == "cp1258" and text == "Họ và tên,Trần Văn Đức"


def test_good_csv_imports_then_reimport_upserts(pages, world):
    hr = pages("hr1")
    page = upload(hr, world.ent, GOOD_CSV.encode("utf-8-sig"), "ds.csv")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="confirm"' in html and "Lê Thị Ánh Tuyết" in html
    assert roster(world.ent) == {}  # a preview writes nothing
    done = confirm(hr, world.ent, html)
    assert done.status_code == 302
    people = roster(world.ent)
    assert sorted(people) == ["NV001", "NV002", "NV003"]
    assert people["NV002"].role == "guard" and people["NV003"].search_key == "le thi anh tuyet"
    first_versions = {no: p.version for no, p in people.items()}

    changed = (
        GOOD_CSV.replace("Trần Văn Đức,Bảo vệ", "Trần Văn Đức,Quản lý") + "NV004,Đỗ Thị Lan,,Kho\n"
    )
    html = upload(hr, world.ent, changed.encode(), "ds2.csv").get_data(as_text=True)
    assert confirm(hr, world.ent, html).status_code == 302
    db.session.expire_all()
    people = roster(world.ent)
    assert len(people) == 4 and people["NV002"].role == "manager"
    assert people["NV004"].role == "worker"
    assert people["NV001"].version == first_versions["NV001"]  # unchanged rows keep their version
    assert people["NV002"].version > first_versions["NV002"]


def error_lines(html: str) -> list[str]:
    """The preview's rows marked with an error, in the order listed."""
    return re.findall(r'<li class="bad[^"]*" data-line="(\d+)"', html)


def test_bad_rows_are_listed_first_and_only_the_rest_is_imported(pages, world):
    hr = pages("hr1")
    page = upload(hr, world.ent, BAD_CSV.encode(), "bad.csv")
    html = page.get_data(as_text=True)
    assert error_lines(html) == ["4", "5"]  # duplicate number, unknown role
    assert re.findall(r'data-line="(\d+)"', html)[:2] == ["4", "5"]  # listed before line 2
    assert "dòng 3: không có họ tên" in html  # a row without a name is never data
    assert 'id="confirm"' in html and "Nhập 1 dòng" in html
    assert confirm(hr, world.ent, html).status_code == 302
    assert sorted(roster(world.ent)) == ["NV001"]


def test_xlsx_good_and_bad(pages, world):
    hr = pages("hr1")
    bad = xlsx_bytes(
        [
            ["Employee number", "Name", "Role"],
            [1001, "Hoàng Văn Bình", "worker"],
            [None, "Ngô Thị Mai", "guard"],
        ]
    )
    html = upload(hr, world.ent, bad, "bad.xlsx").get_data(as_text=True)
    assert error_lines(html) == ["3"] and "Nhập 1 dòng" in html  # the number is missing
    assert confirm(hr, world.ent, html).status_code == 302 and sorted(roster(world.ent)) == ["1001"]
    db.session.query(RosterPerson).delete()
    good = xlsx_bytes(
        [
            ["Mã nhân viên", "Họ tên", "Vai trò", "Phòng ban"],
            [1001, "Hoàng Văn Bình", "Công nhân", "Đóng gói"],
            ["1002", "Ngô Thị Mai", "Bảo vệ", None],
        ]
    )
    html = upload(hr, world.ent, good, "good.xlsx").get_data(as_text=True)
    assert confirm(hr, world.ent, html).status_code == 302
    people = roster(world.ent)
    assert sorted(people) == ["1001", "1002"] and people["1001"].department == "Đóng gói"


def test_not_a_roster_file_is_refused(pages, world):
    response = upload(pages("hr1"), world.ent, b"PK\x03\x04garbage", "x.xlsx")
    assert response.status_code == 400 and 'id="file-error"' in response.get_data(as_text=True)


def test_roster_reaches_hr_by_pull_only(pages, api, world):
    hr = pages("hr1")
    html = upload(hr, world.ent, GOOD_CSV.encode(), "ds.csv").get_data(as_text=True)
    confirm(hr, world.ent, html)
    changes, _ = api("hr1").pull_all()
    names = sorted(c["data"]["name"] for c in changes if c["entity"] == "roster_person")
    assert names == ["Lê Thị Ánh Tuyết", "Nguyễn Thị Hoa", "Trần Văn Đức"]
    for user in ("hr2", "insp1", "sup1"):
        changes, _ = api(user).pull_all()
        assert not [c for c in changes if c["entity"] == "roster_person"]


def test_import_scope_and_csrf(pages, world):
    assert upload(pages("hr2"), world.ent, GOOD_CSV.encode(), "x.csv").status_code == 404
    assert upload(pages("sup1"), world.ent, GOOD_CSV.encode(), "x.csv").status_code == 403
    admin = pages("admin1")
    assert upload(admin, world.ent, GOOD_CSV.encode(), "x.csv").status_code == 200
    admin.csrf = "wrong"
    assert upload(admin, world.ent, GOOD_CSV.encode(), "x.csv").status_code == 403


def test_big_roster_goes_through_preview_and_confirm(pages, world):
    department = "Phân xưởng lắp ráp linh kiện điện tử số " + "1" * 150
    rows = "".join(f"NV{i:05d},Người lao động số {i},Công nhân,{department}\n" for i in range(2500))
    data = ("Mã NV,Họ và tên,Vai trò,Bộ phận\n" + rows).encode()
    assert len(data) > 500_000  # bigger than Flask's default form field limit once in base64
    hr = pages("hr1")
    # the file as the preview page carries it (a multipart upload of this size would spool
    # to a temporary file the test client never closes)
    page = hr.post(
        f"/festival/roster/{world.ent.id}/import",
        data={
            "csrf_token": hr.csrf,
            "action": "preview",
            "filename": "big.csv",
            "payload": base64.b64encode(data).decode(),
        },
    )
    assert page.status_code == 200
    assert confirm(hr, world.ent, page.get_data(as_text=True)).status_code == 302
    assert len(roster(world.ent)) == 2500


ODD_CSV = "Cột A,Cột B,Cột C\nNguyễn Thị Hoa,NV001,Bảo vệ\nTrần Văn Đức,NV002,Công nhân\n"


def mapped(client, ent, html: str, action: str, **choices):
    """Send the preview page back with the columns chosen by hand (map_name=0, ...)."""
    from werkzeug.datastructures import MultiDict

    fields = [(k, v) for k, v in form_of(html, action) if not k.startswith("map_")]
    fields += [(f"map_{name}", str(choices.get(name, ""))) for name in FIELDS]
    return client.post(f"/festival/roster/{ent.id}/import", data=MultiDict(fields))


def mapping_errors(html: str) -> list[str]:
    return re.findall(r'<p class="flash error mapping-error">([^<]*)</p>', html)


def test_columns_chosen_by_hand(pages, world):
    hr = pages("hr1")
    html = upload(hr, world.ent, ODD_CSV.encode(), "odd.csv").get_data(as_text=True)
    # nothing to guess from: both required fields ask for their column, nothing can be confirmed
    assert mapping_errors(html) == ["Hãy chọn cột cho: Mã NV.", "Hãy chọn cột cho: Họ và tên."]
    assert 'id="confirm"' not in html
    assert mapped(hr, world.ent, html, "commit").status_code == 422

    twice = mapped(hr, world.ent, html, "preview", employee_number=1, name=1)
    assert mapping_errors(twice.get_data(as_text=True)) == ["Một cột được chọn cho hai trường."]
    assert mapped(hr, world.ent, html, "commit", employee_number=1, name=1).status_code == 422
    assert roster(world.ent) == {}

    preview = mapped(hr, world.ent, html, "preview", employee_number=1, name=0, role=2)
    page = preview.get_data(as_text=True)
    assert mapping_errors(page) == [] and 'id="confirm"' in page
    assert re.search(r'<option value="1" selected>Cột B</option>', page)
    done = mapped(hr, world.ent, html, "commit", employee_number=1, name=0, role=2)
    assert done.status_code == 302
    people = roster(world.ent)
    assert sorted(people) == ["NV001", "NV002"]
    assert (people["NV001"].name, people["NV001"].role) == ("Nguyễn Thị Hoa", "guard")
    assert people["NV002"].role == "worker"
