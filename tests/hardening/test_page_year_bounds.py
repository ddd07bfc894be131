"""?page= and year= beyond the integer range, negative or garbage: never a 500."""

import pytest

from tests.console.conftest import console_login

HUGE = "9" * 30
VALUES = [HUGE, "-" + HUGE, "-1", "0", "abc", "1e9", str(2**63), str(2**31)]
PAGE_VIEWS = [
    "/console/review",
    "/console/plans",
    "/console/conflicts",
    "/console/findings",
    "/console/admin/enterprises",
    "/console/admin/users",
    "/console/receipts",
]
YEAR_VIEWS = ["/console/plans", "/console/report", "/festival/"]


@pytest.fixture
def admin(app, make):
    park = make.park()
    enterprise = make.enterprise(park)
    make.user("adm", role="admin")
    make.user("hr1", role="enterprise_hr", enterprise=enterprise)
    make.commit()
    return console_login(app.test_client(), "adm"), enterprise


@pytest.mark.parametrize("value", VALUES)
def test_page_and_year_out_of_range_are_not_500(admin, value):
    client, enterprise = admin
    urls = [f"{view}?page={value}" for view in PAGE_VIEWS]
    urls += [f"{view}?year={value}" for view in YEAR_VIEWS]
    urls.append(f"/festival/roster/{enterprise.id}/badges?page={value}")
    statuses = {url: client.get(url).status_code for url in urls}
    assert all(status < 500 for status in statuses.values()), statuses
