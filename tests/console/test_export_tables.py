"""Export tables: the filtered rows, Vietnamese (or English) headers, files that open."""

import io
from datetime import date

from openpyxl import load_workbook

from app.reports.exports import ExportFilters, export_rows
from app.reports.writers import csv_chunks, safe_cell, xlsx_bytes
from tests.console.report_data import TODAY, build


def _xlsx(headers, rows):
    book = load_workbook(io.BytesIO(xlsx_bytes("Kiểm tra", headers, rows)), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_checks_export_holds_exactly_the_filtered_rows(app, make):
    data = build(make)
    admin = make.user("boss", role="admin")
    filters = ExportFilters(
        park_id=data["park_a"].id,
        status="approved",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 12, 31),
    )
    headers, rows = export_rows(admin, "checks", filters)
    table = _xlsx(headers, rows)
    assert table[0][:4] == ["Mã biên nhận", "Khu công nghiệp", "Doanh nghiệp", "Mã số thuế"]
    names = sorted(r[2] for r in table[1:])
    assert names == ["Công ty CP Đông Á", "Công ty TNHH Samsung Điện tử", "Công ty Điện lực"]
    assert {r[6] for r in table[1:]} == {"Đã duyệt"}


def test_english_headers_and_enterprise_filter(app, make):
    data = build(make)
    admin = make.user("boss", role="admin")
    headers, rows = export_rows(
        admin, "findings", ExportFilters(enterprise_id=data["fdi"].id, today=TODAY), "en"
    )
    table = _xlsx(headers, rows)
    assert table[0][0] == "Industrial park"
    assert len(table) == 1 + 3  # two findings of March, one of June (drafts excluded)
    assert sorted(r[10] for r in table[1:]) == ["Closed", "Open", "Overdue"]


def test_scope_limits_events_and_attendance(app, make):
    data = build(make)
    sup = make.user("sup", role="supervisor", parks=[data["park_b"]])
    _, events = export_rows(sup, "events", ExportFilters())
    events = list(events)
    assert {r[1] for r in events} == {"Công ty Canon"} and sorted(r[10] for r in events) == [9, 40]
    _, rows = export_rows(sup, "attendance", ExportFilters(date_from=date(2026, 1, 1)))
    assert len(list(rows)) == 40
    inspector = data["inspector"]  # not a console role: no personal data
    _, rows = export_rows(inspector, "attendance", ExportFilters())
    assert list(rows) == []


def test_csv_has_a_bom_and_neutralises_formulas(app, make):
    build(make)
    admin = make.user("boss", role="admin")
    headers, rows = export_rows(admin, "events", ExportFilters(status="held"))
    text = b"".join(csv_chunks(headers, rows)).decode("utf-8")
    assert text.startswith("\ufeffKhu công nghiệp,Doanh nghiệp")
    assert text.count("\r\n") == 1 + 6
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell(5) == 5


def test_checks_export_leaves_drafts_out_unless_asked(app, make):
    data = build(make)
    admin = make.user("boss", role="admin")
    private = ExportFilters(enterprise_id=data["private"].id)
    _, rows = export_rows(admin, "checks", private, "en")
    assert [r[6] for r in rows] == ["Approved"]  # the May 5 check; the May 6 draft left out
    _, everything = export_rows(admin, "checks", ExportFilters(), "en")
    assert "Draft" not in {r[6] for r in everything}
    _, drafts = export_rows(admin, "checks", ExportFilters(status="draft"), "en")
    drafts = list(drafts)
    assert [(r[2], r[6]) for r in drafts] == [("Công ty CP Đông Á", "Draft")]


def test_every_export_column_header_is_translated_from_the_catalog(app, make):
    from flask_babel import force_locale, pgettext

    from app.reports.exports import BUILDERS

    admin = make.user("boss", role="admin")
    for kind in BUILDERS:
        vietnamese, rows = export_rows(admin, kind, ExportFilters(today=TODAY), "vi")
        assert list(rows) == []
        english, rows = export_rows(admin, kind, ExportFilters(today=TODAY), "en")
        assert list(rows) == []
        assert len(vietnamese) == len(english) == len(set(vietnamese))
        untranslated = [vi for vi, en in zip(vietnamese, english, strict=True) if vi == en]
        assert untranslated == [], kind
        with force_locale("vi"):  # the words are the catalog's, not a list beside it
            assert [pgettext("export column", en) for en in english] == vietnamese
    events, rows = export_rows(admin, "events", ExportFilters(today=TODAY), "vi")
    assert list(rows) == []
    assert "Tên sự kiện" in events and "Số người điểm danh" in events
