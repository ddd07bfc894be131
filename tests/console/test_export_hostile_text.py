"""Exports of hostile stored text: workbooks that open, formulas that never run."""

import csv
import io

from openpyxl import load_workbook

from app.extensions import db
from app.reports.exports import ExportFilters, export_rows
from app.reports.writers import csv_chunks, safe_cell, xlsx_bytes
from tests.console.report_data import build

FORMULAS = [
    "x;=1+1",
    " =1+1",
    "\u3000=1+1",
    "\uff1d1+1",
    "\uff0bcmd",
    "\uff0d1",
    "\uff20SUM(A1)",
    "\t=1",
    "\r=1",
    "a,=HYPERLINK(1)",
    "=1+1",
    "+1",
    "-1",
    "@SUM(A1)",
]
STARTS = set("=+-@\uff1d\uff0b\uff0d\uff20")
HARMLESS = ["Công ty TNHH Samsung", "Quế Võ 2 - Bắc Ninh", "2026-01-01", "a=b", ""]


def _rename(data, name):
    data["fdi"].name = name
    db.session.flush()


def test_every_formula_start_is_neutralised():
    for text in FORMULAS:
        assert safe_cell(text) == "'" + text, text
    for text in HARMLESS:
        assert safe_cell(text) == text


def test_csv_quotes_fields_that_a_semicolon_excel_would_split(app, make):
    rows = [[text, 1] for text in FORMULAS]
    body = b"".join(csv_chunks(["Tên", "Số"], rows)).decode("utf-8-sig")
    for delimiter in (",", ";", "\t"):
        for row in list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))[1:]:
            for field in row:
                assert field.lstrip(" \t\r\n\u3000")[:1] not in STARTS, (delimiter, row)
    parsed = list(csv.reader(io.StringIO(body, newline="")))[1:]
    assert [r[0] for r in parsed] == ["'" + text for text in FORMULAS]


def test_xlsx_export_of_stored_noncharacters_opens_and_keeps_the_rest(app, make):
    data = build(make)
    _rename(data, "Công ty \ufffeSam\uffffsung\x01 x;=1+1")
    admin = make.user("boss", role="admin")
    headers, rows = export_rows(admin, "checks", ExportFilters(enterprise_id=data["fdi"].id))
    book = load_workbook(io.BytesIO(xlsx_bytes("Kiểm tra", headers, list(rows))), read_only=True)
    table = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert len(table) > 1
    assert {r[2] for r in table[1:]} == {"'Công ty Samsung x;=1+1"}


def test_csv_export_of_stored_hostile_text_is_valid_utf8(app, make):
    data = build(make)
    _rename(data, "Công ty \ufffe x;=1+1")
    admin = make.user("boss", role="admin")
    headers, rows = export_rows(admin, "checks", ExportFilters(enterprise_id=data["fdi"].id))
    body = b"".join(csv_chunks(headers, rows)).decode("utf-8-sig")
    names = {r[2] for r in list(csv.reader(io.StringIO(body, newline="")))[1:]}
    assert names == {"'Công ty \ufffe x;=1+1"}


def test_csv_writer_replaces_lone_surrogates():
    body = b"".join(csv_chunks(["a"], [["x\udfffy"]])).decode("utf-8-sig")
    assert body.splitlines()[1] == "x\ufffdy"
