"""Export downloads: XLSX and CSV open, hold exactly the filtered rows, in the user's language."""

import io

from openpyxl import load_workbook

from tests.console.report_data import build


def _sheet(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_xlsx_checks_for_the_filters_in_force(app, make, console):
    data = build(make)
    make.user("boss", role="admin")
    make.commit()
    client = console("boss")
    assert client.get("/console/exports").status_code == 200
    rows = _sheet(
        client.get(
            "/console/exports/checks.xlsx",
            query_string={
                "park": data["park_a"].id,
                "status": "approved",
                "from": "2026-01-01",
                "to": "2026-12-31",
            },
        )
    )
    assert rows[0][1:3] == ["Khu công nghiệp", "Doanh nghiệp"]
    assert len(rows) == 1 + 3
    rows = _sheet(
        client.get(
            "/console/exports/findings.xlsx",
            query_string={"enterprise": data["fdi"].id, "park": data["park_a"].id},
        )
    )
    assert len(rows) == 1 + 3 and rows[0][7] == "Nội dung tồn tại"


def test_csv_english_for_an_english_user(app, make, console):
    build(make)
    make.user("boss", role="admin", language="en")
    make.commit()
    response = console("boss").get("/console/exports/attendance.csv?from=2026-01-01")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # once (issue 23)
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeffIndustrial park,Enterprise,Event")
    # Held and planned events of 2026: 30 + 5 + 7 + 12 + 40 rows.
    assert text.count("\r\n") == 1 + 94
    assert "Nguyễn Văn 1" in text


def test_scope_and_bad_requests(app, make, console):
    data = build(make)
    make.user("supb", role="supervisor", parks=[data["park_b"]])
    make.commit()
    client = console("supb")
    rows = _sheet(client.get("/console/exports/events.xlsx"))
    assert {r[1] for r in rows[1:]} == {"Công ty Canon"}
    assert client.get(f"/console/exports/events.xlsx?park={data['park_a'].id}").status_code == 404
    assert (
        client.get(f"/console/exports/events.xlsx?enterprise={data['fdi'].id}").status_code == 404
    )
    assert client.get("/console/exports/users.xlsx").status_code == 404
    assert client.get("/console/exports/checks.pdf").status_code == 404
