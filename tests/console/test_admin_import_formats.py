"""An enterprise register as a board keeps it imports from .xlsx, .xls, .ods and CSV: title,
a numbering row, tax codes stored as numbers, a total, a signer block; tax codes exact."""

import pytest

from app.console import admin_import
from tests.console.test_admin_import import world  # noqa: F401 - the fixture
from tests.console.test_admin_import_office import by_tax, confirm, upload
from tests.sheet_files import WRITERS, Grid

COUNT = 40


def tax(i: int) -> str:
    """The i-th tax code: Hà Nội's start "01" (a number cell loses the 0); every 8th a branch."""
    code = f"{('01', '26', '27')[i % 3]}{i:08d}"
    return f"{code}-00{i % 9 + 1}" if i % 8 == 7 else code


def register() -> list[Grid]:
    rows = [
        ["DANH SÁCH DOANH NGHIỆP ĐANG HOẠT ĐỘNG TẠI CÁC KCN"] + [None] * 4,
        [],
        ["STT", "Mã số thuế", "Tên doanh nghiệp", "KCN", "Loại hình"],
        [f"({n})" for n in range(1, 6)],
    ]
    for i in range(COUNT):
        code = tax(i)
        stored = int(code.replace("-", "")) if i % 2 else code  # half as numbers
        rows.append([i + 1, stored, f"Công ty TNHH Số {i}", "KCN Quế Võ", "Công ty TNHH"])
    rows += [
        [None, f"Tổng cộng: {COUNT} doanh nghiệp"],
        [None, None, "Bắc Ninh, ngày 01 tháng 12 năm 2026"],
        [None, None, "Người lập biểu", None, "Trưởng ban"],
        [None, None, "(Ký, ghi rõ họ tên)"],
        [None, None, "Nguyễn Văn Lập", None, "Trần Thị Ban"],
    ]
    return [Grid("DN", rows, [(0, 0, 0, 4)]), Grid("Ghi chú", [["Kèm công văn số 12/BQL"]])]


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_board_register_imports_exactly_in_every_format(world, console, kind):  # noqa: F811
    client = console("boss")
    html = upload(client, WRITERS[kind](register()), f"dn.{kind}").get_data(as_text=True)
    assert 'id="confirm"' in html and 'class="bad' not in html
    assert "dòng đánh số cột" in html and "phần ký tên" in html and "dòng tổng" in html
    assert confirm(client, html).status_code == 302
    assert set(by_tax()) - {world["existing"].tax_code} == {tax(i) for i in range(COUNT)}


def test_a_tax_code_that_is_neither_form_names_its_cell(world, console):  # noqa: F811
    grid = register()
    grid[0].rows[6][1] = 12345  # line 7, column B
    html = upload(console("boss"), WRITERS["xlsx"](grid), "dn.xlsx").get_data(as_text=True)
    assert "Ô B7: mã số thuế có 10 chữ số, hoặc 10-3 với chi nhánh." in html


def test_no_transaction_is_open_while_the_file_is_read(world, console, monkeypatch):  # noqa: F811
    from app.extensions import db

    opened = []
    real = admin_import.read_tables

    def watched(*args):
        opened.append(db.session().in_transaction())
        return real(*args)

    monkeypatch.setattr(admin_import, "read_tables", watched)
    upload(console("boss"), WRITERS["csv"](register()), "dn.csv")
    assert opened == [False]
