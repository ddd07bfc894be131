"""Import of an "unsynced work" export: a phone's outbox and photos, saved to a file."""

import base64
import binascii
import hashlib
import json
import uuid

from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy import select

from app.api.sync import _translate
from app.core.errors import ApiError
from app.core.storage import get_storage, sniff_image_type
from app.extensions import db
from app.models import AppliedMutation, Attachment
from app.schemas.common import SHA256_RE, UUID_RE
from app.sync.push import already_applied, apply_push
from app.sync.schemas import MAX_IMPORT_MUTATIONS, MAX_PUSH_BATCH, ImportRequestSchema

blp = Blueprint(
    "api_imports",
    __name__,
    url_prefix="/api/sync",
    description="Import of unsynced work exported from a phone",
)

FORMAT = "antt-unsynced-work"
MUTATION_KEYS = ("mutation_id", "entity", "op", "id", "base_version", "data")


@blp.route("/import", methods=["POST"])
@blp.doc(
    requestBody={
        "required": True,
        "content": {
            "application/json": {"schema": ImportRequestSchema},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        },
    }
)
@blp.response(200)
@blp.alt_response(400, description="Not an export file")
@blp.alt_response(403, description="The export of another user")
@blp.alt_response(413, description="More mutations than maxItems (MAX_IMPORT_MUTATIONS)")
@blp.alt_response(503, description="Photo storage unavailable: nothing was imported, retry")
def import_export():
    """Replay an exported outbox for the signed-in user; photos are stored after a hash check.

    Send the file as multipart field `file`, or its JSON as the body. Each mutation gets the
    same result as in a push (replaying an import changes nothing).
    """
    payload = _read_payload()
    _check_author(payload)
    _check_size(payload)
    photos = store_photos(payload.get("photos") or [])
    client_id = payload.get("client_id")
    if not isinstance(client_id, str) or not UUID_RE.match(client_id.lower()):
        client_id = str(uuid.uuid4())
    mutations = [_mutation(raw) for raw in payload.get("mutations") or []]
    foreign = sent_by_others(current_user.id, mutations)
    own = [m for m in mutations if _mutation_id(m) not in foreign]
    applied = []
    for start in range(0, len(own), MAX_PUSH_BATCH):
        applied.extend(
            apply_push(
                current_user,
                client_id.lower(),
                own[start : start + MAX_PUSH_BATCH],
                "import",
                keep_rejected=False,
            )
        )
    applied.reverse()
    results = [_claimed(m) if _mutation_id(m) in foreign else applied.pop() for m in mutations]
    for result in results:
        _translate(result)
    return {"results": _plain(results), "photos": photos}


def _check_author(payload: dict) -> None:
    """Refuse an export that does not name the signed-in user as its author.

    The field app writes its user into every export; a file without one was edited.
    """
    user = payload.get("user")
    owner = user.get("id") if isinstance(user, dict) else None
    if not isinstance(owner, str) or owner != current_user.id:
        raise ApiError(
            403, "export_of_another_user", message=gettext("This file holds another user's work.")
        )


def _check_size(payload: dict) -> None:
    """Refuse, before any work, an export of more mutations than an import applies."""
    if len(payload.get("mutations") or []) > MAX_IMPORT_MUTATIONS:
        raise ApiError(
            413,
            "import_too_large",
            message=gettext(
                "At most %(n)d changes per imported file. Sync part of the work first, then "
                "export again.",
                n=MAX_IMPORT_MUTATIONS,
            ),
        )


def _mutation_id(mutation) -> str | None:
    value = mutation.get("mutation_id") if isinstance(mutation, dict) else None
    return value.lower() if isinstance(value, str) and UUID_RE.match(value.lower()) else None


def sent_by_others(user_id: str, mutations: list) -> set[str]:
    """Return the mutation ids of the file that another user already sent.

    An export is replayed as its author's work: a mutation another user applied first is
    theirs (their export, edited to name this user), and is not claimed again, unless this
    user sent it too. A rejected mutation claims nothing: junk pushed with someone's mutation
    ids must not make their own import refused.
    """
    ids = list({i for i in map(_mutation_id, mutations) if i})
    found: set[str] = set()
    for start in range(0, len(ids), 900):
        query = select(AppliedMutation.mutation_id).where(
            AppliedMutation.mutation_id.in_(ids[start : start + 900]),
            AppliedMutation.user_id != user_id,
            AppliedMutation.status != "rejected",
        )
        found.update(db.session.execute(query).scalars())
    return found - set(already_applied(user_id, list(found)))  # theirs too: a duplicate


def _claimed(mutation: dict) -> dict:
    return {
        "mutation_id": _mutation_id(mutation),
        "id": None,
        "version": None,
        "status": "rejected",
        "errors": {"code": "mutation_of_another_user"},
    }


def _plain(value):
    """Turn lazy translated strings (from schema messages) into plain ones for JSON."""
    if isinstance(value, dict):
        return {key: _plain(val) for key, val in value.items()}
    if isinstance(value, list):
        return [_plain(val) for val in value]
    if value is not None and not isinstance(value, (str, int, float, bool)):
        return str(value)
    return value


def _read_payload() -> dict:
    upload = request.files.get("file")
    try:
        payload = json.load(upload.stream) if upload else request.get_json(silent=False)
    except (ValueError, UnicodeDecodeError) as err:
        raise ApiError(400, "not_an_export", message=_not_an_export()) from err
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ApiError(400, "not_an_export", message=_not_an_export())
    if not isinstance(payload.get("mutations", []), list) or not isinstance(
        payload.get("photos", []), list
    ):
        raise ApiError(400, "not_an_export", message=_not_an_export())
    return payload


def _not_an_export() -> str:
    return gettext("This file is not an export of unsynced work.")


def _mutation(raw) -> dict:
    """Keep the fields of a push mutation (the export adds the device's state)."""
    if not isinstance(raw, dict):
        return raw
    return {key: raw[key] for key in MUTATION_KEYS if key in raw}


def store_photos(photos: list) -> dict:
    """Store each photo whose bytes match its hash; report stored, present and rejected."""
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    report = {"stored": 0, "present": 0, "rejected": []}
    for photo in photos:
        sha256, reason = _store_one(photo, limit)
        if reason == "present":
            report["present"] += 1
        elif reason:
            report["rejected"].append({"sha256": sha256, "reason": reason})
        else:
            report["stored"] += 1
    return report


def _store_one(photo, limit: int) -> tuple[str | None, str | None]:
    if not isinstance(photo, dict) or not isinstance(photo.get("sha256"), str):
        return None, "invalid"
    sha256 = photo["sha256"].lower()
    if not SHA256_RE.match(sha256) or not isinstance(photo.get("data"), str):
        return sha256, "invalid"
    try:
        data = base64.b64decode(photo["data"], validate=True)
    except (binascii.Error, ValueError):
        return sha256, "invalid"
    if len(data) > limit:
        return sha256, "too_large"
    if hashlib.sha256(data).hexdigest() != sha256:
        return sha256, "hash_mismatch"
    content_type = sniff_image_type(data)
    if content_type is None:
        return sha256, "not_an_image"
    if db.session.get(Attachment, sha256) is not None:
        return sha256, "present"
    try:
        get_storage().save(sha256, data)
    except OSError as err:  # disk full or unwritable: nothing of the import is kept, retry later
        raise ApiError(503, "storage_unavailable") from err
    db.session.add(
        Attachment(
            sha256=sha256, size=len(data), content_type=content_type, uploaded_by_id=current_user.id
        )
    )
    db.session.flush()
    return sha256, None
