"""Roster files as Vietnamese HR offices keep them, and hostile files: clear 4xx, never 500."""

import io
import time
import tracemalloc
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from app.sheets import SheetError, read_tables
from tests.festival.test_roster_import import confirm, form_of, roster, upload


def office_roster() -> bytes:
    """A roster the way offices keep it: title, company line, STT, totals, two sheets."""
    book = Workbook()
    notes = book.active
    notes.title = "Hướng dẫn"
    notes.append(["Điền danh sách ở trang bên cạnh"])
    sheet = book.create_sheet("Danh sách")
    sheet.append(["DANH SÁCH CÁN BỘ CÔNG NHÂN VIÊN"])
    sheet.merge_cells("A1:F1")
    sheet.append(["Công ty TNHH May Quế Võ", None, None, "Ngày 01/12/2026"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Bộ phận", "Số CCCD", "Số điện thoại"])
    sheet.append([1, "Nguyễn Thị Hoa", date(1990, 3, 5), "May 1", 12345678901, 912345678])
    sheet.append([2, "Trần Văn Đức", "05/03/1990", "Bảo vệ", "001090000002", "0987654321"])
    sheet.append([])
    sheet.append([3, "Lê Thị Ánh Tuyết", date(1995, 12, 31), "Kho", "001195000003", None])
    sheet.append([4, "Nguyễn Thị Hoa", date(1990, 3, 5), "May 1", 12345678901, 912345678])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Bộ phận", "Số CCCD", "Số điện thoại"])
    sheet.append([5, "Phạm Văn Nam", "5/3/1991", "Cắt", "034091000005", None])
    sheet.append(["Tổng cộng: 4 người"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def by_id_card(ent) -> dict:
    """The enterprise's roster people by ID card number."""
    return {p.id_card: p for p in roster(ent).values()}


def test_office_roster_imports_once_by_id_card(pages, world):
    hr = pages("hr1")
    page = upload(hr, world.ent, office_roster(), "danh sach.xlsx")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="confirm"' in html
    assert '<option value="Danh sách" selected>' in html  # the sheet with the roster is chosen
    assert 'id="header-line">Tên cột ở dòng 4.' in html
    assert "Đã thêm lại số 0 đầu của số CCCD" in html
    assert "05/03/1990" in html and "05/03/1991" in html
    assert "Cùng người với dòng 5: bỏ qua." in html
    assert "dòng 10: lặp lại dòng tên cột" in html and "dòng 12: dòng tổng" in html
    assert confirm(hr, world.ent, html).status_code == 302
    people = by_id_card(world.ent)  # no staff numbers: badge codes are minted, never the CCCD
    assert all(p.employee_number.startswith("QR-") for p in people.values())
    assert sorted(people) == ["001090000002", "001195000003", "012345678901", "034091000005"]
    assert people["012345678901"].name == "Nguyễn Thị Hoa"
    assert people["001090000002"].department == "Bảo vệ"
    versions = {key: p.version for key, p in people.items()}
    html = upload(hr, world.ent, office_roster(), "danh sach.xlsx").get_data(as_text=True)
    assert confirm(hr, world.ent, html).status_code == 302  # the same file again
    assert {key: p.version for key, p in by_id_card(world.ent).items()} == versions


def test_rows_can_be_left_out_in_the_preview(pages, world):
    hr = pages("hr1")
    csv = (
        "STT;Mã NV;Họ tên;Vai trò\n1;NV1;Ngô Thị Mai;Công nhân\n"
        "2;NV2;Đỗ Văn Tú;Phi công\n3;NV3;Vũ Thị Hà;Bảo vệ\n"
    )
    html = upload(hr, world.ent, csv.encode("utf-8-sig"), "ds.csv").get_data(as_text=True)
    assert "Nhập 2 dòng" in html and 'class="bad" data-line="3"' in html  # an unknown role
    from werkzeug.datastructures import MultiDict

    again = hr.post(
        f"/festival/roster/{world.ent.id}/import",
        data=MultiDict(form_of(html, "preview", untick={3})),
    )
    html = again.get_data(as_text=True)
    assert "Nhập 2 dòng" in html and 'data-line="3"' in html
    assert confirm(hr, world.ent, html).status_code == 302
    assert sorted(roster(world.ent)) == ["NV1", "NV3"]


def test_windows_1258_csv_and_5000_rows(pages, world):
    from tests.festival.test_roster_import import cp1258

    hr = pages("hr1")
    lines = ["Mã NV,Họ và tên,Bộ phận"] + [
        f"NV{i:05d},Trần Thị Ánh {i},Xưởng {i % 7}" for i in range(5000)
    ]
    started = time.monotonic()
    page = upload(hr, world.ent, cp1258("\r\n".join(lines)), "ds.csv")
    html = page.get_data(as_text=True)
    assert "Trần Thị Ánh 0" in html and "Trần Thị Ánh 4999" not in html  # the first rows only
    assert "5.000 dòng, 0 dòng có lỗi." in html
    assert confirm(hr, world.ent, html).status_code == 302
    assert time.monotonic() - started < 30
    assert len(roster(world.ent)) == 5000


def test_nul_in_a_csv_is_a_row_error(pages, world):
    hr = pages("hr1")
    html = upload(hr, world.ent, "Mã NV,Họ và tên\nNV1,Ngô\x00Mai\n".encode(), "ds.csv").get_data(
        as_text=True
    )
    assert "không lưu được" in html and 'id="confirm"' not in html
    assert confirm(hr, world.ent, html).status_code == 422 and roster(world.ent) == {}


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in members.items():
            book.writestr(name, data)
    return buffer.getvalue()


def workbook_with(sheet_xml: bytes, strings: bytes | None = None) -> bytes:
    rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    members = {
        "xl/workbook.xml": b'<workbook xmlns:r="' + rel + b'"><sheets>'
        b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<Relationships><Relationship Id="rId1" '
        b'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if strings is not None:
        members["xl/sharedStrings.xml"] = strings
    return zip_of(members)


def wide_row_bomb(cells: int = 3_000_000) -> bytes:
    """One row of 3 million cells: about 150 KB zipped."""
    cells = b'<c t="n"><v>1</v></c>' * cells
    return workbook_with(
        b'<worksheet><sheetData><row r="1">' + cells + b"</row></sheetData></worksheet>"
    )


def long_string_bomb() -> bytes:
    """One shared string of 600 MB would be; here 100 MB, which unpacks past every limit."""
    text = b"A" * 100_000_000
    return workbook_with(
        b'<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c></row></sheetData></worksheet>',
        b"<sst><si><t>" + text + b"</t></si></sst>",
    )


def test_memory_bombs_are_refused_within_a_memory_bound():
    bombs = {
        "wide": wide_row_bomb(),
        "string": long_string_bomb(),
        "wide under the size cap": wide_row_bomb(1_500_000),
    }
    assert all(len(raw) < 1_000_000 for raw in bombs.values())
    tracemalloc.start()
    try:
        for raw in bombs.values():
            with pytest.raises(SheetError) as err:
                read_tables("bomb.xlsx", raw)
            assert err.value.code in ("too_many_columns", "too_big_unpacked")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024


def test_a_long_string_under_the_unpacked_limit_is_stopped_while_reading():
    raw = workbook_with(
        b'<worksheet><sheetData><row r="1"><c t="s"><v>0</v></c></row></sheetData></worksheet>',
        b"<sst><si><t>" + b"B" * 5_000_000 + b"</t></si></sst>",
    )
    with pytest.raises(SheetError) as err:
        read_tables("x.xlsx", raw)
    assert err.value.code == "cell_too_long"


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("bomb.xlsx", None, "quá nhiều"),
        (
            "dtd.xlsx",
            workbook_with(
                b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
                b"<worksheet><sheetData/></worksheet>"
            ),
            "DTD",
        ),
        ("big.csv", b"Ma NV,Ho ten\nNV1," + b"x" * 200_000 + b"\n", "128 KB"),
        ("broken.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "XLS"),
    ],
)
def test_hostile_and_old_files_get_a_clear_400(pages, world, name, raw, message):
    raw = raw if raw is not None else wide_row_bomb()
    response = upload(pages("hr1"), world.ent, raw, name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="file-error"' in html
    assert message in html
    assert roster(world.ent) == {}
