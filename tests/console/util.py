"""Shared set-up for console tests: two parks, people, a submitted check in park A."""

from types import SimpleNamespace

from app.core.i18n import fold
from tests.console.conftest import csrf_of


def world(make, api):
    """Make parks A and B, users of every role and a submitted check in each park."""
    a, b = make.park(code="A", name="KCN Quế Võ"), make.park(code="B", name="KCN Yên Phong")
    ent_a = make.enterprise(a, name="Công ty TNHH Quế Võ Điện tử")
    ent_b = make.enterprise(b, name="Công ty Yên Phong Cơ khí")
    for ent in (ent_a, ent_b):
        ent.search_key = fold(ent.name)
    tv = make.template()
    make.user("sup", role="supervisor")
    make.user("supa", role="supervisor", parks=[a])
    make.user("adm", role="admin")
    make.user("ins", role="inspector", parks=[a])
    make.user("insb", role="inspector", parks=[b])
    make.user("hr", role="enterprise_hr", enterprise=ent_a)
    make.commit()
    finding = {
        "id": "6f7c1b8e-7c32-4f7a-9d4e-1b7c2d3e4f50",
        "item_code": "A.1",
        "severity": "high",
        "description": "Chưa có phương án ANTT",
        "corrective_action": "Xây dựng phương án",
        "due_date": "2026-12-20",
    }
    check_a = push_check(
        api("ins"),
        make,
        tv,
        ent_a,
        findings=[finding],
        gps={"lat": 21.1, "lng": 106.1, "accuracy": 12},
    )
    check_b = push_check(api("insb"), make, tv, ent_b)
    return SimpleNamespace(
        a=a, b=b, ent_a=ent_a, ent_b=ent_b, tv=tv, check_a=check_a, check_b=check_b, finding=finding
    )


def push_check(client, make, tv, ent, **over):
    """Push a submitted check from a device; return its id."""
    data = make.check_data(tv, ent, status="submitted", **over)
    mutation = make.mutation("check", data)
    result = client.push([mutation]).json["results"][0]
    assert result["status"] == "applied", result
    return mutation["id"]


def post(client, url, **form):
    """POST a console form with the session's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_of(client), **form})
