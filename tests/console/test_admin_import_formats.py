"""An enterprise register as a board keeps it (tests/console/office_register.py) imports
without editing from .xlsx, .xls, .ods and CSV: the right enterprises once each, no junk
rows, every tax code exact, legal form, sector and park right."""

import re

import pytest
from sqlalchemy import func, select

from app.console import admin_import
from app.extensions import db
from app.models import Enterprise
from app.sheets.subheader import joined_headers
from tests.console.office_register import COUNT, PARKS, expected, register
from tests.console.test_admin_import_office import by_tax, confirm, upload
from tests.sheet_files import WRITERS


@pytest.fixture
def parks(app, make):
    """The register's three parks, an enterprise already registered, and an admin."""
    made = {code: make.park(code=code, name=name) for code, name in PARKS}
    existing = make.enterprise(made["QV1"], name="Công ty cũ")
    make.user("boss", role="admin")
    make.commit()
    return {"parks": made, "existing": existing}


def read(app, kind: str) -> admin_import.SheetImport:
    """Read the register as the import's preview does, in Vietnamese."""
    with app.test_request_context("/?lang=vi"):
        return admin_import.read_sheet(WRITERS[kind](register()), f"dn.{kind}")


def test_the_register_reads_with_every_junk_row_named(app, parks):
    sheet = read(app, "xlsx")
    assert sheet.sheet == "DN đang hoạt động" and sheet.header_line == 5
    assert not sheet.errors and not [row for row in sheet.rows if row.errors]
    assert [row.number for row in sheet.rows][:2] == [8, 9] and len(sheet.rows) == COUNT
    reasons = [reason for _, reason in sheet.skipped]
    assert reasons == ["sub_header", "numbering", "footer"] + ["signature"] * 4
    restored = {row.values["tax_code"] for row in sheet.rows if "tax_zero" in row.notes}
    assert restored == {
        code
        for code in expected()
        if code.startswith("0") and "-" not in code and int(code[2:]) % 2
    }


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_board_register_imports_exactly_in_every_format(parks, console, kind):
    client = console("boss")
    html = upload(client, WRITERS[kind](register()), f"dn.{kind}").get_data(as_text=True)
    assert 'id="confirm"' in html and 'class="bad' not in html
    assert f"Nhập {COUNT} dòng" in html
    for reason in ("dòng tên cột phụ", "dòng đánh số cột", "dòng tổng", "phần ký tên"):
        assert reason in html
    assert confirm(client, html).status_code == 302
    stored = by_tax()
    want = expected()
    assert set(stored) - {parks["existing"].tax_code} == set(want)  # once each, no junk rows
    park_of = {park.id: code for code, park in parks["parks"].items()}
    got = {
        tax: (e.name, e.legal_form, e.ownership, park_of[e.park_id], e.sector, e.workforce)
        for tax, e in stored.items()
        if tax in want
    }
    assert got == {
        tax: (f.name, f.kind.legal_form, f.kind.sector, f.park, f.line, f.workforce)
        for tax, f in want.items()
    }
    again = upload(client, WRITERS[kind](register()), f"dn.{kind}").get_data(as_text=True)
    assert again.count('class="action-same"') == COUNT  # a re-import changes nothing


def test_the_foreign_and_state_shares_under_a_merged_header_are_read(app, parks):
    sheet = read(app, "ods")
    headers = sheet.headers
    mapping = {field: headers[index] for field, index in sheet.mapping.items() if index is not None}
    assert mapping["foreign_capital"] == "Tỷ lệ vốn (%) Nước ngoài"
    assert mapping["state_capital"] == "Tỷ lệ vốn (%) Nhà nước"
    assert mapping["workforce"] == "Lao động Tổng số"
    assert mapping["foreign_workers"] == "Lao động Nước ngoài"


def test_a_tax_code_that_is_neither_form_names_its_cell(parks, console):
    grid = register()
    grid[0].rows[7][1] = 12345  # the first enterprise: line 8, column B
    html = upload(console("boss"), WRITERS["xlsx"](grid), "dn.xlsx").get_data(as_text=True)
    assert "Ô B8: mã số thuế có 10 chữ số, hoặc 10-3 với chi nhánh." in html
    assert db.session.scalar(select(func.count()).select_from(Enterprise)) == 1


def test_no_transaction_is_open_while_the_file_is_read(parks, console, monkeypatch):
    opened = []
    real = admin_import.read_tables

    def watched(*args):
        opened.append(db.session().in_transaction())
        return real(*args)

    monkeypatch.setattr(admin_import, "read_tables", watched)
    page = upload(console("boss"), WRITERS["csv"](register()), "dn.csv")
    assert opened == [False] and re.search(r'id="confirm"', page.get_data(as_text=True))


def test_a_first_data_row_is_never_taken_for_a_second_header_row():
    headers = ["Mã NV", "Họ và tên", "Giới tính", "", "Ghi chú"]
    assert joined_headers(headers, ["", "", "Nam", "Nữ", ""]) == [
        "Mã NV",
        "Họ và tên",
        "Giới tính Nam",
        "Giới tính Nữ",
        "Ghi chú",
    ]
    # A worker without a staff number who ticks "Nữ": a person, whatever the first column.
    assert joined_headers(headers, ["", "Ngô Thị Mai", "", "x", ""]) is None
    assert joined_headers(headers, ["", "", "Nam", "Nữ", "Nghỉ phép"]) is None  # a note
    assert joined_headers(headers, ["", "", "2025", "2026", ""]) is None  # digits: data
