"""Rosters made the way offices keep them import without editing, in .xlsx, .xls, .ods, CSV.

Title rows, merged cells, a two-row header with a Nam/Nữ sub-header, a "(1) … (9)" numbering
row, STT, Mã NV for most but not all, Số CCCD stored as numbers (some starting "00"),
decomposed-Unicode names with doubled spaces, a blank row, "Tổng cộng", a signature block and
a second sheet: the right people once each, no junk rows, every ID number exact.
"""

import unicodedata
from datetime import date

import pytest

from app.festival.roster import HEADER_SYNONYMS, build_preview, propose_mapping
from app.festival.rosterfile import read_roster_file
from tests.festival.test_roster_import import confirm, roster, upload
from tests.sheet_files import WRITERS, Grid

PEOPLE = 230
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
GIVEN = ("Thị Hoa", "Văn Đức", "Thị Ánh Tuyết", "Ngọc Uyên", "Văn Nam", "Thị Huyền", "Quốc Việt")


def person(i: int) -> dict:
    """The i-th worker: every 9th has no staff number; CCCDs of Hà Nội (001…) lose two zeros."""
    province = ("001", "027", "034", "101")[i % 4]  # 001 loses two zeros, 027/034 one
    return {
        "number": "" if i % 9 == 4 else f"NV{i:04d}",
        "name": f"{FAMILY[i % 10]} {GIVEN[i % 7]} {i}",
        "cccd": f"{province}{190 + i % 9:03d}{i:06d}",
        "birth": date(1980 + i % 25, 1 + i % 12, 1 + i % 28),
        "male": i % 3 == 0,
    }


def office_grid(people: int = PEOPLE) -> list[Grid]:
    """The roster sheet as a board's HR office keeps it, then a second sheet of notes."""
    rows = [
        ["CÔNG TY TNHH ĐIỆN TỬ QUẾ VÕ"] + [None] * 8,
        ["DANH SÁCH CÁN BỘ, CÔNG NHÂN THAM GIA NGÀY HỘI TOÀN DÂN BẢO VỆ ANTQ"] + [None] * 8,
        ["(Kèm theo Công văn số 12/CV-ĐTQV ngày 01/12/2026)"] + [None] * 8,
        [],
        [
            "STT",
            "Mã NV",
            "Họ và tên",
            "Giới tính",
            None,
            "Ngày sinh",
            "Số CCCD",
            "Bộ phận",
            "Chức vụ",
        ],
        [None, None, None, "Nam", "Nữ", "Ngày/tháng/năm", None, None, None],
        [f"({n})" for n in range(1, 10)],
    ]
    for i in range(people):
        p = person(i)
        spaced = p["name"].replace(" ", "  ", 1) if i % 5 == 0 else p["name"]
        rows.append(
            [
                i + 1,
                p["number"] or None,
                unicodedata.normalize("NFD", spaced),
                "x" if p["male"] else None,
                None if p["male"] else "x",
                p["birth"],
                int(p["cccd"]),  # stored as a number: the leading zeros are gone
                f"Xưởng {i % 6 + 1}",
                "Công nhân",
            ]
        )
        if i == 120:
            rows.append([])
    rows += [
        [None, f"Tổng cộng: {people} người"],
        [],
        [None, None, "Bắc Ninh, ngày 01 tháng 12 năm 2026"],
        [None, "Người lập biểu", None, None, None, None, "Giám đốc"],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, None, "(Ký, ghi rõ họ tên, đóng dấu)"],
        [],
        [None, "Nguyễn Thị Lập", None, None, None, None, "Trần Văn Giám"],
    ]
    merged = [(0, 0, 0, 8), (1, 0, 1, 8), (2, 0, 2, 8), (4, 3, 4, 4)]
    notes = Grid("Ghi chú", [["Ghi chú"], ["Danh sách gửi Ban Quản lý các KCN trước 05/12"]])
    return [Grid("Danh sách", rows, merged), notes]


def expected() -> dict[str, tuple[str, str]]:
    """Each person's key (staff number, else the exact CCCD) -> (name, CCCD)."""
    people = (person(i) for i in range(PEOPLE))
    return {p["number"] or p["cccd"]: (p["name"], p["cccd"]) for p in people}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_an_office_roster_reads_exactly_in_every_format(kind):
    raw = WRITERS[kind](office_grid())
    sheet = read_roster_file(f"danh sach.{kind}", raw, HEADER_SYNONYMS)
    preview = build_preview(sheet, propose_mapping(sheet.headers))
    assert sheet.name == ("CSV" if kind == "csv" else "Danh sách")
    assert not preview.with_errors and len(preview.importable) == PEOPLE
    got = {row.key: (row.name, row.cccd) for row in preview.importable}
    assert got == expected()  # every name NFC with single spaces, every CCCD of 12 digits
    reasons = [reason for _, reason in preview.skipped]
    assert reasons[:2] == ["sub_header", "numbering"]
    assert reasons[2:] == ["footer"] + ["signature"] * 4
    restored = [row for row in preview.importable if row.notes]
    assert all(note.startswith("zero") for row in restored for note in row.notes)
    assert sum("zeros_restored:2" in row.notes for row in restored) == -(-PEOPLE // 4)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_an_office_roster_imports_without_editing(pages, world, kind):
    hr = pages("hr1")
    page = upload(hr, world.ent, WRITERS[kind](office_grid()), f"danh sach.{kind}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and f"Nhập {PEOPLE} dòng" in html
    assert "phần ký tên" in html and "dòng đánh số cột" in html and "dòng tên cột phụ" in html
    assert confirm(hr, world.ent, html).status_code == 302
    people = roster(world.ent).values()
    # A worker without a staff number gets a minted badge code; the CCCD is kept apart, exact.
    stored = {
        p.id_card if p.employee_number.startswith("QR-") else p.employee_number: p.name
        for p in people
    }
    assert stored == {key: name for key, (name, _) in expected().items()}
    assert {p.id_card for p in people} == {cccd for _, cccd in expected().values()}
    assert not any(p.employee_number == p.id_card for p in people)


def test_no_transaction_is_open_while_the_roster_is_read(pages, world, monkeypatch):
    from app.extensions import db
    from app.festival import rosterfile

    opened, real = [], rosterfile.read_tables

    def watched(*args):
        opened.append(db.session().in_transaction())  # no lock, no snapshot held
        return real(*args)

    monkeypatch.setattr(rosterfile, "read_tables", watched)
    upload(pages("hr1"), world.ent, WRITERS["csv"](office_grid()), "ds.csv")
    assert opened == [False]
