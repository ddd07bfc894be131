"""Console fixtures: a client logged in through the console's own login form."""

import re

import pytest


def console_login(client, username: str, password: str = "pw"):
    """Log in through GET/POST /console/login with the page's CSRF token; return the client."""
    page = client.get("/console/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(
        "/console/login", data={"username": username, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    # Signing in may start a fresh session: its token is the one the next page carries.
    client.get("/console/")
    with client.session_transaction() as sess:
        client.csrf = sess.get("csrf") or token
    return client


def csrf_of(client) -> str:
    """Return the CSRF token the console put in the client's session."""
    with client.session_transaction() as sess:
        return sess["csrf"]


@pytest.fixture
def console(app):
    """Return a factory of console clients: console("sup1")."""

    def _console(username: str):
        return console_login(app.test_client(), username)

    return _console
