"""Naming a photo in a record does not make it yours: only its bytes or its scope do."""

from tests.hardening.util import check_mutation, jpeg, sha, world

# The user's language (Vietnamese by default): the English msgid is PHOTO_CLAIM in the handlers.
VI_CLAIM = "Chỉ được dùng ảnh do bạn tải lên hoặc ảnh bạn đã được xem."


def test_a_known_hash_named_in_a_draft_stays_hidden(make, api):
    w = world(make)
    victim = api("insp_b")
    photo = jpeg()
    assert victim.put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 201
    thief = api("insp")  # park A: knows the hash, never saw the photo
    assert thief.head(f"/api/attachments/{sha(photo)}").status_code == 404
    result = thief.push([check_mutation(make, w, sha(photo))]).json["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"]["fields"] == {"photos": [VI_CLAIM]}
    assert thief.get(f"/api/attachments/{sha(photo)}").status_code == 404


def test_sending_the_bytes_lets_a_second_user_name_the_photo(make, api):
    w = world(make)
    photo = jpeg()
    assert api("insp_b").put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 201
    second = api("insp")
    assert second.put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 200
    assert second.head(f"/api/attachments/{sha(photo)}").status_code == 200
    result = second.push([check_mutation(make, w, sha(photo))]).json["results"][0]
    assert result["status"] == "applied", result


def test_a_photo_not_uploaded_yet_may_be_named(make, api):
    w = world(make)
    result = api("insp").push([check_mutation(make, w, "ab" * 32)]).json["results"][0]
    assert result["status"] == "applied", result


def test_missing_asks_for_a_photo_one_may_not_see(make, api):
    """The many-hash question tells no more than HEAD: a hidden photo is still to upload."""
    world(make)
    photo = jpeg()
    assert api("insp_b").put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 201
    thief = api("insp")
    answer = thief.post("/api/attachments/missing", json={"hashes": [sha(photo)]})
    assert answer.json == {"missing": [sha(photo)]}
    assert thief.put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 200
    answer = thief.post("/api/attachments/missing", json={"hashes": [sha(photo)]})
    assert answer.json == {"missing": []}
