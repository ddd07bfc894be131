"""Each user's own key to seal their unsent work on a shared phone (issue 23, item 8).

The field app seals a user's outbox with this key at logout: it must come only to that user,
differ between users, and stay the same across logins and a password change (or the work
sealed before the change could never be opened again).
"""

import base64

from app.access.auth import set_password
from app.extensions import db


def _key(response) -> bytes:
    encoded = response.json["outbox_key"]
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))


def test_each_user_gets_their_own_key_and_keeps_it(api, make):
    alice = make.user("alice", role="inspector")
    make.user("bob", role="inspector")
    make.commit()
    first = api().login("alice")
    assert len(_key(first)) == 32  # AES-256
    client = api()
    again = client.login("alice")
    assert _key(again) == _key(first)
    assert _key(client.get("/api/auth/me")) == _key(first)
    assert _key(api().login("bob")) != _key(first)

    set_password(alice, "a-new-Password-2026")
    db.session.commit()
    after = api().login("alice", "a-new-Password-2026")
    assert after.status_code == 200 and _key(after) == _key(first)


def test_no_key_without_a_session(api, make):
    make.user("carol", role="inspector")
    make.commit()
    client = api()
    assert client.login("carol", "wrong").json.get("outbox_key") is None
    assert client.get("/api/auth/me").status_code == 401
