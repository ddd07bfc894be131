"""Exports an office keeps: real dates shown dd/mm/yyyy, sized columns, a filter on the
header row; the wide checks export (one column per item); events with workforce and gifts.

Each file is opened with openpyxl, as an office's Excel would read it.
"""

import io
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.reports.xlsx import column_name, write_xlsx
from tests.console.report_data import build


def _book(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return load_workbook(io.BytesIO(response.data)).worksheets[0]


def _rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _assert_office_layout(sheet) -> None:
    """A filter over the header and every row; each column at least as wide as its header."""
    rows = _rows(sheet)
    last = column_name(len(rows[0]) - 1)
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows)}"
    for n, header in enumerate(rows[0]):
        width = sheet.column_dimensions[column_name(n)].width
        assert min(len(header) + 2, 60) <= width <= 60, header


def test_checks_have_real_dates_widths_and_a_filter(app, make, console):
    build(make)
    make.user("boss", role="admin")
    make.commit()
    sheet = _book(console("boss").get("/console/exports/checks.xlsx?from=2026-01-01"))
    _assert_office_layout(sheet)
    rows = _rows(sheet)
    started = rows[0].index("Bắt đầu")
    assert all(isinstance(r[started], datetime) for r in rows[1:])
    assert {sheet.cell(n, started + 1).number_format for n in range(2, len(rows) + 1)} == {
        "dd/mm/yyyy hh:mm"
    }
    # at(3, 2) is 03:00 UTC, 10:00 in Vietnam: the wall-clock time, not UTC
    assert datetime(2026, 3, 2, 10, 0) in {r[started] for r in rows[1:]}


def test_findings_due_date_is_a_date_cell(app, make, console):
    build(make)
    make.user("boss", role="admin")
    make.commit()
    sheet = _book(console("boss").get("/console/exports/findings.xlsx"))
    _assert_office_layout(sheet)
    rows = _rows(sheet)
    due = rows[0].index("Hạn khắc phục")
    assert {r[due] for r in rows[1:]} >= {datetime(2026, 4, 1), datetime(2027, 1, 1)}
    assert sheet.cell(2, due + 1).number_format == "dd/mm/yyyy"


def test_events_carry_workforce_and_gifts(app, make, console):
    data = build(make)
    make.user("boss", role="admin")
    make.commit()
    sheet = _book(console("boss").get("/console/exports/events.xlsx?from=2026-01-01"))
    _assert_office_layout(sheet)
    rows = _rows(sheet)
    head = rows[0]
    by = {(r[1], r[head.index("Ngày")]): r for r in rows[1:]}
    samsung = by[(data["fdi"].name, datetime(2026, 8, 19))]
    assert samsung[head.index("Số lao động")] == 2000
    assert samsung[head.index("Quà đã trao")] == 1  # the repeat flagged is not counted
    assert samsung[head.index("Giá trị quà (đồng)")] == 500_000
    canon = by[(data["other"].name, datetime(2026, 8, 19))]
    assert canon[head.index("Giá trị quà (đồng)")] == 200_000
    assert sheet.cell(2, head.index("Ngày") + 1).number_format == "dd/mm/yyyy"


def test_csv_shows_dates_dd_mm_yyyy(app, make, console):
    build(make)
    make.user("boss", role="admin")
    make.commit()
    text = console("boss").get("/console/exports/findings.csv").get_data(as_text=True)
    assert ",01/04/2026," in text and "2026-04-01" not in text


def test_wide_checks_one_column_per_item_in_scope(app, make, console):
    data = build(make)
    make.user("boss", role="admin")
    make.user("supb", role="supervisor", parks=[data["park_b"]])
    make.commit()
    tv = data["tv"]
    items = [i for sec in tv.sections for i in sec["items"]]
    url = f"/console/exports/checks-by-item/{tv.id}.xlsx"
    sheet = _book(console("boss").get(url))
    _assert_office_layout(sheet)
    rows = _rows(sheet)
    assert len(rows[0]) == 8 + len(items)
    assert rows[0][8].startswith(items[0]["code"] + " ")
    h1 = next(n for n, h in enumerate(rows[0]) if h.startswith("H.1 "))
    i1 = next(n for n, h in enumerate(rows[0]) if h.startswith("I.1 "))
    samsung = next(r for r in rows[1:] if r[5] == datetime(2026, 3, 2, 10, 0))
    assert samsung[h1] == 2 and samsung[i1] == "Có"  # numbers stay numbers
    assert len(rows) == 1 + 7  # every check of the version but the draft
    only_b = _rows(_book(console("supb").get(url)))
    assert {r[2] for r in only_b[1:]} == {"Công ty Canon"}
    boss = console("boss")
    assert boss.get("/console/exports/checks-by-item/nope.xlsx").status_code == 404
    assert boss.get(f"/console/exports/checks-by-item/{tv.id}.pdf").status_code == 404
    page = boss.get("/console/exports").get_data(as_text=True)
    assert f'href="/console/exports/checks-by-item/{tv.id}.xlsx"' in page


moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(moments, moments.map(lambda m: m.date())), min_size=1, max_size=20))
def test_any_date_or_moment_reads_back_as_written(values):
    data = write_xlsx("T", ["when"], ([v] for v in values))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    for n, value in enumerate(values, 2):
        cell = sheet.cell(n, 1)
        if isinstance(value, datetime):
            assert abs(cell.value - value) < timedelta(seconds=1)
            assert cell.number_format == "dd/mm/yyyy hh:mm"
        else:
            assert isinstance(value, date) and cell.value == datetime(*value.timetuple()[:3])
            assert cell.number_format == "dd/mm/yyyy"
