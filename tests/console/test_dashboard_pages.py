"""Dashboard and report pages: they render for supervisors and admins, in scope only."""

import re

import pytest

from tests.console.report_data import build


@pytest.fixture
def data(app, make):
    built = build(make)
    make.user("boss", role="admin")
    make.user("supa", role="supervisor", parks=[built["park_a"]])
    make.user("hr", role="enterprise_hr", enterprise=built["fdi"])
    make.commit()
    return built


def test_dashboard_renders_figures_and_svg_charts(data, console):
    page = console("boss").get("/console/dashboard?period=2026")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count("<svg") == 4
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script (CSP)
    assert "KCN Quế Võ" in html and "KCN Tiên Sơn" in html
    assert 'style="' not in html


def test_the_sectors_are_named_as_the_law_names_them(data, console):
    client = console("boss")
    html = client.get("/console/dashboard?period=2026").get_data(as_text=True)
    assert "<h2>Ngày hội theo khu vực kinh tế</h2>" in html
    heading = "Ngày hội: khu vực có vốn đầu tư nước ngoài (FDI), ngoài nhà nước và nhà nước"
    assert f"<h2>{heading}</h2>" in html
    assert "Trong nước = ngoài nhà nước + nhà nước." in html
    assert html.count("<td>Ngoài nhà nước</td>") == 1  # the sector's row
    assert "tư nhân" not in html  # "doanh nghiệp tư nhân" is a legal form, not a sector
    client.post("/console/language", data={"csrf_token": client.csrf, "language": "en"})
    english = client.get("/console/dashboard?period=2026").get_data(as_text=True)
    assert "Festival day: FDI, non-state and state sectors" in english
    assert "Domestic = non-state + state sector." in english
    assert "FDI, private" not in english and "Domestic = private" not in english


def test_supervisor_sees_only_own_park_and_cannot_pick_another(data, console):
    client = console("supa")
    html = client.get("/console/dashboard?period=2026").get_data(as_text=True)
    assert "KCN Quế Võ" in html and "KCN Tiên Sơn" not in html
    assert client.get(f"/console/dashboard?park={data['park_b'].id}").status_code == 404
    assert client.get(f"/console/report?park={data['park_b'].id}").status_code == 404


def test_dashboard_period_kinds(data, console):
    client = console("boss")
    for period in ("2026-Q3", "2026-08", "garbage"):
        assert client.get(f"/console/dashboard?period={period}").status_code == 200


def test_hr_users_are_refused(data, app):
    from tests.console.conftest import console_login

    client = app.test_client()
    page = client.get("/console/login")
    assert page.status_code == 200
    for url in ("/console/dashboard", "/console/report", "/console/exports"):
        response = client.get(url)
        assert response.status_code in (302, 401)
    try:
        console_login(client, "hr")
    except AssertionError:
        return  # HR may not even log in to the console
    for url in ("/console/dashboard", "/console/report", "/console/exports"):
        assert client.get(url).status_code == 403


def cross_cell(page: str, park: str, col: str) -> str:
    """The text of one cell of the park x ownership festival table."""
    row = re.search(rf'<tr data-park="{park}">(.*?)</tr>', page, re.S)[1]
    found = re.search(rf'data-col="{col}">(.*?)</td>', row, re.S)[1]
    return re.sub(r"<[^>]+>", " ", found).split()


def test_festival_park_by_park_fdi_against_domestic(data, console):
    page = console("boss").get("/console/dashboard?period=2026").get_data(as_text=True)
    page = page.split('id="festival-cross"')[1].split("</section>")[0]
    a, b = data["park_a"].id, data["park_b"].id
    # Park A: Samsung (FDI, 2,000 workers) held two events, 35 people; Đông Á (private, 400)
    # held one with a head count of 120; Điện lực (state, 100) only planned one.
    assert cross_cell(page, a, "fdi") == ["1/1", "(100,0", "%)", "35", "·", "1,8", "%"]
    assert cross_cell(page, a, "domestic") == ["1/2", "(50,0", "%)", "120", "·", "24,0", "%"]
    assert cross_cell(page, a, "private")[:4] == ["1/1", "(100,0", "%)", "120"]
    assert cross_cell(page, a, "state")[:4] == ["0/1", "(0,0", "%)", "0"]
    park_wide = cross_cell(page, a, "park_wide")
    assert park_wide[0] == "1" and park_wide[-1] == "12"  # one park-wide event, 12 people
    assert cross_cell(page, b, "fdi")[:4] == ["1/1", "(100,0", "%)", "40"]
    assert cross_cell(page, b, "domestic") == ["–"]
    # The province row: FDI 2 of 2 active (the dissolved one is not counted), domestic 1/2.
    assert cross_cell(page, "total", "fdi")[:4] == ["2/2", "(100,0", "%)", "75"]
    assert cross_cell(page, "total", "domestic")[:4] == ["1/2", "(50,0", "%)", "120"]
