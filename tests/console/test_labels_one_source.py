"""Coded values have one word: exports, console pages and festival pages agree, in vi and en."""

import io
import re

import pytest
from openpyxl import load_workbook

from app.core.codes import KINDS, label
from tests.console.report_data import build

WORDS = {
    "vi": {"planned": "Dự kiến", "returned": "Đã trả lại", "private": "Ngoài nhà nước"},
    "en": {"planned": "Planned", "returned": "Returned", "private": "Non-state sector"},
}


def _rows(response) -> list[list]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_export_and_screens_show_the_same_word(app, make, console, lang):
    data = build(make)
    make.user("boss", role="admin", language=lang)
    make.commit()
    client = console("boss")
    words = WORDS[lang]

    events = _rows(client.get("/console/exports/events.xlsx", query_string={"status": "planned"}))
    assert {(r[3], r[7]) for r in events[1:]} == {
        (label("ownership", "state", lang), words["planned"])
    }
    queue = client.get("/console/review?kind=event&status=planned").get_data(as_text=True)
    assert f'<span class="badge planned">{words["planned"]}</span>' in queue
    export_page = client.get("/console/exports").get_data(as_text=True)
    assert re.search(rf'<option value="planned" *>{words["planned"]}</option>', export_page)

    checks = _rows(client.get("/console/exports/checks.xlsx", query_string={"status": "returned"}))
    assert {r[6] for r in checks[1:]} == {words["returned"]}
    queue = client.get("/console/review?status=returned").get_data(as_text=True)
    assert f'<span class="badge returned">{words["returned"]}</span>' in queue

    enterprise = client.get(f"/console/enterprises/{data['private'].id}").get_data(as_text=True)
    assert f"· {words['private']} ·" in enterprise
    private_checks = _rows(
        client.get("/console/exports/checks.xlsx", query_string={"enterprise": data["private"].id})
    )
    assert {r[4] for r in private_checks[1:]} == {words["private"]}


def test_every_label_is_translated(app):
    with app.test_request_context():
        for kind, codes in KINDS.items():
            for code in codes:
                vi, en = label(kind, code, "vi"), label(kind, code, "en")
                assert vi and en and (vi != en or code == "fdi"), (kind, code, vi)
