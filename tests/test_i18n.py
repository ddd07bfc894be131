"""Server messages in Vietnamese by default, English on request; catalogs complete and compiled."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "app" / "translations"
LANGS = ("vi", "en")


def catalog_messages(catalog) -> dict:
    return {m.id: m.string for m in catalog if m.id}


def read_catalog(lang: str, kind: str):
    path = TRANSLATIONS / lang / "LC_MESSAGES" / f"messages.{kind}"
    with path.open("rb") as handle:
        return read_po(handle) if kind == "po" else read_mo(handle)


@pytest.mark.parametrize(
    "headers", [{}, {"Accept-Language": "vi"}, {"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}]
)
def test_validation_errors_are_vietnamese_by_default(client, headers):
    response = client.post("/api/auth/login", json={"username": "x" * 81}, headers=headers)
    assert response.status_code == 422
    error = response.json["error"]
    assert error["message"] == "Một số trường không hợp lệ."
    assert error["fields"]["password"] == ["Thiếu dữ liệu cho trường bắt buộc."]
    assert error["fields"]["username"] == ["Độ dài phải từ 1 đến 80."]


def test_validation_errors_in_english_on_request(client):
    response = client.post(
        "/api/auth/login", json={"username": "a"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert response.json["error"]["message"] == "Some fields are not valid."
    assert response.json["error"]["fields"]["password"] == ["Missing data for required field."]


def _rejected_push(make, api, language, headers=None):
    park = make.park()
    make.user("ins", parks=[park], language=language)
    version = make.template()
    ent = make.enterprise(park)
    make.commit()
    bad = make.check_data(
        version,
        ent,
        enterprise_id="5b0c5a38-2a53-4a36-9a38-0e1f3c2d4b5a",
        status="nope",
        started_at="yesterday",
    )
    client = api("ins")
    response = client.post(
        "/api/sync/push",
        headers=headers,
        json={"client_id": client.client_id, "mutations": [make.mutation("check", bad)]},
    )
    assert response.status_code == 200, response.json
    result = response.json["results"][0]
    assert result["status"] == "rejected"
    return result["errors"]


def test_rejected_push_is_vietnamese_for_a_vietnamese_user(make, api):
    errors = _rejected_push(make, api, "vi", {"Accept-Language": "en"})
    assert errors["message"] == "Một số trường không hợp lệ."
    assert errors["fields"]["status"] == ["Phải là một trong các giá trị: draft, submitted."]
    assert errors["fields"]["started_at"] == ["Không phải là ngày giờ hợp lệ."]


def test_rejected_push_is_english_for_an_english_user(make, api):
    errors = _rejected_push(make, api, "en")
    assert errors["message"] == "Some fields are not valid."
    assert errors["fields"]["status"] == ["Must be one of: draft, submitted."]
    assert errors["fields"]["started_at"] == ["Not a valid datetime."]


def test_unknown_enterprise_rejection_is_translated(make, api):
    park = make.park()
    make.user("ins", parks=[park])
    version = make.template()
    ent = make.enterprise(park)
    make.commit()
    data = make.check_data(version, ent, enterprise_id="5b0c5a38-2a53-4a36-9a38-0e1f3c2d4b5a")
    result = api("ins").push([make.mutation("check", data)]).json["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"]["fields"]["enterprise_id"] == ["Doanh nghiệp không xác định."]


def test_every_vietnamese_message_is_translated():
    catalog = read_catalog("vi", "po")
    missing = [m.id for m in catalog if m.id and not m.string]
    assert not missing
    assert len(catalog) > 100
    assert "fuzzy" not in {flag for m in catalog if m.id for flag in m.flags}


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogs_are_up_to_date(lang, tmp_path):
    fresh = tmp_path / "messages.mo"
    with fresh.open("wb") as handle:
        write_mo(handle, read_catalog(lang, "po"))
    with fresh.open("rb") as handle:
        expected = catalog_messages(read_mo(handle))
    assert catalog_messages(read_catalog(lang, "mo")) == expected, (
        "run `make i18n` (or pybabel compile -d app/translations) and commit the .mo files"
    )
