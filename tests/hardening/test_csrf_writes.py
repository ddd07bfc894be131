"""Every write of the console and the festival pages refuses a missing or wrong CSRF token
(403, nothing written) and takes the right one: one check per blueprint, none per view.

The routes come from the URL map, so a new console or festival write is covered unasked; the
records and the valid bodies are the permissions matrix's.
"""

import pytest

from tests.hardening.test_permissions_matrix import (
    USERNAMES,
    _body,
    _outcome,
    _records,
    _snapshot,
    _url,
    _visitor,
)

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
BLUEPRINTS = ("console.", "festival.")
# Who sends each write: an admin may use every console and festival write; the login and
# logout are tried by whom they concern.
ANONYMOUS = {"console.login"}


def _writes(app) -> list[tuple]:
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint == "console.logout", r.rule))
    return [
        (rule, method)
        for rule in rules
        if rule.endpoint.startswith(BLUEPRINTS)
        for method in sorted(rule.methods & UNSAFE)
    ]


def _send(client, rule, method, values, token):
    body = _body(rule.endpoint, method, values, "admin")
    if rule.endpoint == "console.login":
        body = {"data": {"username": "nobody", "password": "wrong password"}}
    url = _url(rule, values | body.pop("path_values", {}))
    headers = {"X-CSRF-Token": token} if token is not None else {}
    return client.client.open(url, method=method, headers=headers, **body)


def _good(endpoint: str, response) -> bool:
    if endpoint == "console.login":  # the form was read: the unknown user is refused
        return response.status_code == 401
    return _outcome(endpoint, response) == "allow"


@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_every_console_write_checks_the_csrf_token(app, make, api):
    values = _records(make, api)["own"]
    writes = _writes(app)
    assert {"console.review_check", "festival.review", "console.logout"} <= {
        rule.endpoint for rule, _ in writes
    }
    problems = []
    for rule, method in writes:
        client = _visitor(api) if rule.endpoint in ANONYMOUS else api(USERNAMES["admin"])
        where = f"{method} {rule.rule} ({rule.endpoint})"
        for token in (None, "", "not-the-token", client.csrf[:-1]):
            before = _snapshot()
            with _send(client, rule, method, values, token) as response:
                if response.status_code != 403:
                    problems.append(f"{where} with token {token!r}: {response.status_code}")
            if _snapshot() != before:
                problems.append(f"{where} with token {token!r}: refused, but it wrote")
        with _send(client, rule, method, values, client.csrf) as response:
            if not _good(rule.endpoint, response):
                problems.append(f"{where} with the right token: {response.status_code}")
    assert not problems, "\n".join(problems)


def test_a_form_field_token_is_taken_like_the_header(app, make, api):
    """Browsers send the token in the form (csrf_token), scripts in X-CSRF-Token."""
    make.user("admin", role="admin")
    make.commit()
    client = api("admin")
    refused = client.client.post("/console/contrast", data={"contrast": "more"})
    taken = client.client.post(
        "/console/contrast", data={"contrast": "more", "csrf_token": client.csrf}
    )
    assert (refused.status_code, taken.status_code) == (403, 302)
