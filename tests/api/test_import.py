"""POST /api/sync/import: an exported outbox replayed for its user, photos checked by hash."""

import base64
import errno
import hashlib
import io
import json
import uuid
from pathlib import Path

from sqlalchemy import func, select

from app.core.storage import LocalStorage
from app.extensions import db
from app.models import AppliedMutation, Attachment, Check

PNG = (Path(__file__).resolve().parents[2] / "pwa" / "icons" / "icon-192.png").read_bytes()
PNG_SHA = hashlib.sha256(PNG).hexdigest()


def _setup(make):
    park = make.park()
    ent = make.enterprise(park)
    tv = make.template()
    user = make.user("inspector", parks=[park])
    make.commit()
    return user, ent, tv


def _export(make, user, ent, tv, **over) -> dict:
    data = make.check_data(tv, ent, representative_signature=PNG_SHA)
    mutation = make.mutation("check", data)
    mutation["state"] = "pending"  # the device's own bookkeeping travels in the file
    payload = {
        "format": "antt-unsynced-work",
        "format_version": 1,
        "user": {"id": user.id, "username": user.username},
        "client_id": str(uuid.uuid4()),
        "mutations": [mutation],
        "photos": [
            {"sha256": PNG_SHA, "type": "image/png", "data": base64.b64encode(PNG).decode()}
        ],
    }
    payload.update(over)
    return payload


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar()


def test_import_applies_mutations_and_photos_once(api, make):
    user, ent, tv = _setup(make)
    payload = _export(make, user, ent, tv)
    client = api("inspector")
    first = client.post("/api/sync/import", json=payload)
    assert first.status_code == 200, first.json
    assert [r["status"] for r in first.json["results"]] == ["applied"]
    assert first.json["results"][0]["receipt"]
    assert first.json["photos"] == {"stored": 1, "present": 0, "rejected": []}
    again = client.post("/api/sync/import", json=payload)
    assert [r["status"] for r in again.json["results"]] == ["duplicate"]
    assert again.json["photos"]["present"] == 1
    assert _count(Check) == 1 and _count(Attachment) == 1
    check = db.session.execute(select(Check)).scalar_one()
    assert check.author_id == user.id and check.photos == [PNG_SHA]


def test_import_as_an_uploaded_file(api, make):
    user, ent, tv = _setup(make)
    body = json.dumps(_export(make, user, ent, tv)).encode()
    response = api("inspector").post(
        "/api/sync/import",
        data={"file": (io.BytesIO(body), "export.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    assert response.json["results"][0]["status"] == "applied"


def test_photos_must_match_their_hash_and_be_images(api, make):
    user, ent, tv = _setup(make)
    fake = b"not an image at all"
    photos = [
        {"sha256": PNG_SHA, "data": base64.b64encode(PNG + b"x").decode()},
        {"sha256": hashlib.sha256(fake).hexdigest(), "data": base64.b64encode(fake).decode()},
        {"sha256": "zz", "data": "!!"},
    ]
    response = api("inspector").post(
        "/api/sync/import", json=_export(make, user, ent, tv, photos=photos)
    )
    assert response.status_code == 200
    reasons = [r["reason"] for r in response.json["photos"]["rejected"]]
    assert reasons == ["hash_mismatch", "not_an_image", "invalid"]
    assert _count(Attachment) == 0


def test_bad_mutations_are_rejected_alone(api, make):
    user, ent, tv = _setup(make)
    payload = _export(make, user, ent, tv)
    outside = make.enterprise(make.park())  # a park the inspector does not cover
    make.commit()
    payload["mutations"].insert(0, make.mutation("check", make.check_data(tv, outside)))
    response = api("inspector").post("/api/sync/import", json=payload)
    assert [r["status"] for r in response.json["results"]] == ["rejected", "applied"]
    assert response.json["results"][0]["errors"]["message"]


def test_another_users_export_is_refused(api, make):
    user, ent, tv = _setup(make)
    make.user("other", parks=[])
    make.commit()
    response = api("other").post("/api/sync/import", json=_export(make, user, ent, tv))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "export_of_another_user"
    assert _count(Check) == 0


def test_not_an_export(api, make):
    _setup(make)
    client = api("inspector")
    assert client.post("/api/sync/import", json={"mutations": []}).status_code == 400
    response = client.post(
        "/api/sync/import",
        data={"file": (io.BytesIO(b"{oops"), "x.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response.json["error"]["code"] == "not_an_export"


def test_login_and_csrf_required(api, client, make):
    user, ent, tv = _setup(make)
    payload = _export(make, user, ent, tv)
    assert client.post("/api/sync/import", json=payload).status_code == 401
    logged_in = api("inspector")
    response = logged_in.client.post("/api/sync/import", json=payload)
    assert response.status_code == 403


def test_an_export_without_its_author_is_refused(api, make):
    user, ent, tv = _setup(make)
    client = api("inspector")
    for user_key in ({}, {"user": None}, {"user": ["x"]}, {"user": {"id": None}}):
        payload = _export(make, user, ent, tv)
        payload.pop("user")
        payload.update(user_key)
        response = client.post("/api/sync/import", json=payload)
        assert response.status_code == 403, user_key
        assert response.json["error"]["code"] == "export_of_another_user"
    assert _count(Check) == 0


def test_another_users_export_renamed_cannot_claim_their_mutations(api, make):
    """The victim's synced work stays theirs even if the file is edited to name the thief."""
    user, ent, tv = _setup(make)
    thief = make.user("thief", parks=[ent.park])
    make.commit()
    payload = _export(make, user, ent, tv, photos=[])
    assert api("inspector").post("/api/sync/import", json=payload).status_code == 200
    own = make.mutation("check", make.check_data(tv, ent))
    stolen = dict(
        payload, user={"id": thief.id, "username": "thief"}, mutations=[*payload["mutations"], own]
    )
    response = api("thief").post("/api/sync/import", json=stolen)
    assert response.status_code == 200
    first, second = response.json["results"]
    assert first["status"] == "rejected"
    assert first["errors"]["code"] == "mutation_of_another_user" and first["errors"]["message"]
    assert second["status"] == "applied"
    check = db.session.get(Check, payload["mutations"][0]["id"])
    assert check.author_id == user.id


def test_photo_storage_failure_imports_nothing_and_a_retry_succeeds(api, make, monkeypatch):
    user, ent, tv = _setup(make)
    payload = _export(make, user, ent, tv)
    client = api("inspector")

    def full(self, sha256, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(LocalStorage, "save", full)
        failed = client.post("/api/sync/import", json=payload)
    assert failed.status_code == 503, failed.json
    assert failed.json["error"]["code"] == "storage_unavailable"
    assert failed.json["error"]["message"]
    assert failed.headers["Retry-After"]
    assert _count(Check) == 0 and _count(Attachment) == 0 and _count(AppliedMutation) == 0
    retried = client.post("/api/sync/import", json=payload)
    assert [r["status"] for r in retried.json["results"]] == ["applied"]
    assert _count(Check) == 1 and _count(Attachment) == 1


def test_an_import_over_the_documented_maximum_is_refused_whole(api, make, app):
    """Issue 23, item 3: 90,000 junk mutations took 68 s and left 90,000 rows."""
    from app.sync.schemas import MAX_IMPORT_MUTATIONS

    user, ent, tv = _setup(make)
    payload = _export(make, user, ent, tv)
    junk = {"mutation_id": str(uuid.uuid4()), "entity": "check", "op": "upsert", "id": "x"}
    payload["mutations"] += [dict(junk, mutation_id=str(uuid.uuid4()))] * MAX_IMPORT_MUTATIONS
    response = api("inspector").post("/api/sync/import", json=payload)
    assert response.status_code == 413
    assert response.json["error"]["code"] == "import_too_large"
    assert f"{MAX_IMPORT_MUTATIONS}" in response.json["error"]["message"].replace(".", "")
    assert (_count(Check), _count(AppliedMutation), _count(Attachment)) == (0, 0, 0)
    documented = app.test_client().get("/api/openapi.json").json["components"]["schemas"]
    assert documented["ImportRequest"]["properties"]["mutations"]["maxItems"] == (
        MAX_IMPORT_MUTATIONS
    )


def test_rejected_mutations_of_an_import_leave_nothing(api, make):
    user, ent, tv = _setup(make)
    payload = _export(make, user, ent, tv, photos=[])
    outside = make.enterprise(make.park())
    make.commit()
    payload["mutations"].append(make.mutation("check", make.check_data(tv, outside)))
    response = api("inspector").post("/api/sync/import", json=payload)
    assert [r["status"] for r in response.json["results"]] == ["applied", "rejected"]
    kept = db.session.execute(select(AppliedMutation.mutation_id)).scalars().all()
    assert kept == [payload["mutations"][0]["mutation_id"]]


def test_junk_pushed_with_someones_mutation_ids_does_not_burn_them(api, make):
    """Issue 23, item 11: a stranger's rejected push made the owner's import refused."""
    user, ent, tv = _setup(make)
    make.user("stranger", parks=[])
    make.commit()
    payload = _export(make, user, ent, tv, photos=[])
    junk = dict(payload["mutations"][0], data={"nonsense": True})
    stranger = api("stranger").push([junk]).json["results"][0]
    assert stranger["status"] == "rejected"
    response = api("inspector").post("/api/sync/import", json=payload)
    assert response.json["results"][0]["status"] == "applied"
    assert db.session.get(Check, payload["mutations"][0]["id"]).author_id == user.id
