"""/metrics: the counters an operator watches, and no one outside the proxy's network."""

import re

from tests.api.util import results, setup_inspector

OUTSIDE = {"REMOTE_ADDR": "203.0.113.7"}


def value(text: str, name: str, labels: str = "") -> float:
    """The value of one sample in the Prometheus text (0 when absent)."""
    pattern = rf"^{re.escape(name + (('{' + labels + '}') if labels else ''))} (\S+)$"
    found = re.search(pattern, text, re.M)
    return float(found[1]) if found else 0.0


def scrape(client) -> str:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return response.get_data(as_text=True)


def test_metrics_count_pushes_pulls_results_and_login_failures(app, api, make):
    _, ent, tv, _ = setup_inspector(make)
    plain = app.test_client()
    before = scrape(plain)
    insp = api("insp")
    batch = [make.mutation("check", make.check_data(tv, ent)) for _ in range(2)]
    assert [r["status"] for r in results(insp.push(batch))] == ["applied"] * 2
    results(insp.push(batch))  # the same again: duplicates
    insp.pull_all()
    plain.post("/api/auth/login", json={"username": "insp", "password": "wrong"})
    after = scrape(plain)

    def grew(name: str, labels: str = "") -> float:
        return value(after, name, labels) - value(before, name, labels)

    assert grew("antt_sync_pushes_total") == 2
    assert grew("antt_sync_pulls_total") >= 1
    assert grew("antt_sync_mutations_total", 'status="applied"') == 2
    assert grew("antt_sync_mutations_total", 'status="duplicate"') == 2
    assert grew("antt_login_failures_total") == 1
    route = 'method="POST",route="/api/sync/push"'
    assert grew("antt_request_seconds_count", route) == 2
    assert "antt_db_pool_in_use" in after
    assert value(after, "antt_oldest_unreviewed_check_seconds") >= 0


def test_metrics_are_hidden_outside_the_proxy_network_without_the_token(app):
    client = app.test_client()
    assert client.get("/metrics", environ_base=OUTSIDE).status_code == 404
    app.config["METRICS_TOKEN"] = "s3cret-token-for-scrapers"
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", environ_base=OUTSIDE, headers=wrong).status_code == 404
    right = {"Authorization": "Bearer s3cret-token-for-scrapers"}
    answer = client.get("/metrics", environ_base=OUTSIDE, headers=right)
    assert answer.status_code == 200 and b"antt_sync_pushes_total" in answer.data
