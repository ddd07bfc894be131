"""Photos by hash: upload, repeat, hash mismatch, type, size, and who may read them."""

import hashlib
from pathlib import Path

import pytest

from app.models import Attachment
from tests.api.util import count, setup_inspector
from tests.conftest import ApiClient, fresh_app

PNG = (Path(__file__).resolve().parents[2] / "pwa" / "icons" / "icon-192.png").read_bytes()
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64
    + (b"\xff\xd9")
)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("data", [JPEG, PNG], ids=["jpeg", "png"])
def test_upload_then_head_then_repeat(api, make, data):
    setup_inspector(make)
    client = api("insp")
    url = f"/api/attachments/{sha(data)}"
    assert client.head(url).status_code == 404
    assert client.put(url, data=data).status_code == 201
    assert client.head(url).status_code == 200
    assert client.put(url, data=data).status_code == 200
    assert count(Attachment) == 1


def test_hash_mismatch_is_422_json(api, make):
    setup_inspector(make)
    response = api("insp").put(f"/api/attachments/{sha(b'other')}", data=JPEG)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "hash_mismatch"
    assert "sha256" in response.json["error"]["fields"]
    assert count(Attachment) == 0


def test_not_an_image_is_415(api, make):
    setup_inspector(make)
    text = b"<script>alert(1)</script>"
    response = api("insp").put(f"/api/attachments/{sha(text)}", data=text)
    assert response.status_code == 415
    assert response.json["error"]["code"] == "not_an_image"


@pytest.fixture
def small_app(backend, request, tmp_path):
    """An app whose attachments may not exceed 100 bytes."""
    yield from fresh_app(backend, request, tmp_path, MAX_ATTACHMENT_BYTES=100)


def test_too_large_is_413(small_app):
    from tests.factories import Factory

    make = Factory()
    setup_inspector(make)
    client = ApiClient(small_app.test_client())
    assert client.login("insp").status_code == 200
    big = JPEG + b"\x00" * 200
    response = client.put(f"/api/attachments/{sha(big)}", data=big)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "attachment_too_large"
    small = JPEG[:90]
    assert client.put(f"/api/attachments/{sha(small)}", data=small).status_code == 201


def test_get_is_by_scope(api, make):
    """The uploader, and whoever sees a record naming the photo (tests/hardening/
    test_photo_scope.py has the cases by park and enterprise)."""
    park, ent, tv, _ = setup_inspector(make)
    make.user("insp2", parks=[park])
    make.user("sup", role="supervisor")
    make.user("hr", role="enterprise_hr", enterprise=ent)
    make.commit()
    url = f"/api/attachments/{sha(PNG)}"
    phone = api("insp")
    assert phone.put(url, data=PNG).status_code == 201
    for other in ("sup", "insp2", "hr"):  # named by no record yet: the uploader's alone
        assert api(other).get(url).status_code == 404, other
    data = make.check_data(tv, ent, answers={"A.1": {"value": "yes", "photos": [sha(PNG)]}})
    assert phone.push([make.mutation("check", data)]).json["results"][0]["status"] == "applied"
    response = api("sup").get(url)
    assert response.status_code == 200 and response.data == PNG
    assert response.mimetype == "image/png"
    assert api("insp2").get(url).status_code == 200  # an inspector of the same park
    assert api("hr").get(url).status_code == 404  # HR does not see checks
    assert api("sup").get(f"/api/attachments/{sha(b'x')}").status_code == 404


def test_missing_names_the_hashes_not_uploaded_yet(api, make):
    """One question for many photos, answered 200 either way (no 404 in the phone's console)."""
    setup_inspector(make)
    client = api("insp")
    assert client.put(f"/api/attachments/{sha(JPEG)}", data=JPEG).status_code == 201
    asked = [sha(PNG), sha(JPEG).upper(), sha(PNG)]
    response = client.post("/api/attachments/missing", json={"hashes": asked})
    assert response.status_code == 200
    assert response.json == {"missing": [sha(PNG)]}


@pytest.mark.parametrize(
    "body", [{"hashes": ["nope"]}, {"hashes": "x"}, {}, {"hashes": [sha(PNG)] * 501}]
)
def test_missing_refuses_bad_lists(api, make, body):
    setup_inspector(make)
    response = api("insp").post("/api/attachments/missing", json=body)
    assert response.status_code == 422 and response.json["error"]["code"]
