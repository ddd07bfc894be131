"""Festival fixtures: a page client logged in through the console login, a small world."""

import re
from dataclasses import dataclass

import pytest


def page_login(client, username: str, password: str = "pw"):
    """Log in through /console/login with the page's CSRF token; return the client."""
    page = client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    # the session may start afresh at login (session fixation): read the signed-in token
    page = client.get("/festival/").get_data(as_text=True)
    client.csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client


@pytest.fixture
def pages(app):
    """Return a factory of logged-in page clients: pages("hr1")."""
    return lambda username: page_login(app.test_client(), username)


@dataclass
class World:
    park: object
    other_park: object
    ent: object
    other_ent: object
    far_ent: object


@pytest.fixture
def world(make):
    """Two parks; two enterprises in the first, one in the second; a user of each role."""
    park, other_park = make.park(), make.park()
    ent = make.enterprise(park, name="Công ty TNHH Điện tử Quế Võ", workforce=1200)
    other_ent = make.enterprise(park, name="Công ty CP May Tiên Sơn")
    far_ent = make.enterprise(other_park)
    make.user("hr1", role="enterprise_hr", enterprise=ent)
    make.user("hr2", role="enterprise_hr", enterprise=other_ent)
    make.user("hr3", role="enterprise_hr", enterprise=far_ent)
    make.user("insp1", role="inspector", parks=[park])
    make.user("insp2", role="inspector", parks=[other_park])
    make.user("sup1", role="supervisor", parks=[park])
    make.user("sup2", role="supervisor", parks=[other_park])
    make.user("admin1", role="admin")
    make.commit()
    return World(park, other_park, ent, other_ent, far_ent)
