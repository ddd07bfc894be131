"""Photos and signatures, uploaded by hash: retried uploads cost nothing."""

import hashlib

from flask import Response, current_app, request
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import fields, validate
from sqlalchemy.exc import IntegrityError

from app.access.permissions import can_see_photo, stored_photos_seen
from app.core.errors import ApiError
from app.core.metrics import PHOTOS_STORED
from app.core.storage import get_storage, sniff_image_type
from app.extensions import db
from app.models import Attachment, AttachmentHolder
from app.schemas.common import SHA256_RE, Sha256, StrictSchema

blp = Blueprint(
    "api_attachments", __name__, url_prefix="/api/attachments", description="Photos by SHA-256"
)


MAX_ASKED = 500


class HashesSchema(StrictSchema):
    hashes = fields.List(Sha256(), required=True, validate=validate.Length(max=MAX_ASKED))


class MissingSchema(StrictSchema):
    missing = fields.List(fields.String(), metadata={"description": "The hashes not uploaded yet"})


def _valid_hash(sha256: str) -> str:
    if not SHA256_RE.match(sha256):
        raise ApiError(404)
    return sha256


@blp.route("/<string:sha256>", methods=["HEAD"])
@blp.response(200)
@blp.alt_response(404, description="Not uploaded yet")
def head(sha256):
    """Tell whether the server already has this photo (one the user may not see: 404)."""
    _visible(_valid_hash(sha256))
    return Response(status=200)


def _visible(sha256: str) -> Attachment:
    """Return the stored photo the user may see; one they may not is 404 like a missing one."""
    attachment = db.session.get(Attachment, sha256)
    if attachment is None or not can_see_photo(
        db.session, current_user, sha256, attachment.uploaded_by_id
    ):
        raise ApiError(404)
    return attachment


def _hold(attachment: Attachment | None) -> Response:
    """Remember that this user sent bytes someone else uploaded first (they may name them)."""
    if attachment is None:  # stored by a request not yet committed: no holder to add
        return Response(status=200)
    if (
        attachment.uploaded_by_id != current_user.id
        and db.session.get(AttachmentHolder, (attachment.sha256, current_user.id)) is None
    ):
        try:
            with db.session.begin_nested():
                db.session.add(AttachmentHolder(sha256=attachment.sha256, user_id=current_user.id))
        except IntegrityError:
            pass  # the same bytes sent twice at once by this user
    return Response(status=200)


@blp.route("/missing", methods=["POST"])
@blp.arguments(HashesSchema)
@blp.response(200, MissingSchema)
def missing(body):
    """Tell which of these photos (at most 500 hashes) this user still has to upload.

    The field app asks this before uploading (one request per batch, and no 404 in its
    console); `HEAD /api/attachments/<sha256>` answers the same for one hash.
    """
    asked = list(dict.fromkeys(body["hashes"]))
    # A stored photo this user may not see is "missing" for them, as HEAD answers 404: it
    # tells nobody that a hash exists, and sending the bytes makes them a holder of it.
    seen = stored_photos_seen(db.session, current_user, asked)
    return {"missing": [sha256 for sha256 in asked if not seen.get(sha256)]}


@blp.route("/<string:sha256>", methods=["PUT"])
@blp.response(201)
@blp.alt_response(413, description="Too large")
def put(sha256):
    """Upload a photo's raw bytes; the server checks the hash, the type and the size."""
    _valid_hash(sha256)
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    if (request.content_length or 0) > limit:
        raise ApiError(413, "attachment_too_large")
    data = request.get_data(cache=False)
    if len(data) > limit:
        raise ApiError(413, "attachment_too_large")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ApiError(
            422, "hash_mismatch", fields={"sha256": ["The bytes do not match the hash."]}
        )
    content_type = sniff_image_type(data)
    if content_type is None:
        raise ApiError(415, "not_an_image")
    existing = db.session.get(Attachment, sha256)
    if existing is not None:
        return _hold(existing)
    try:
        get_storage().save(sha256, data)
    except OSError as err:
        raise ApiError(503, "storage_unavailable") from err
    PHOTOS_STORED.inc()
    try:
        with db.session.begin_nested():  # the same photo sent twice at once (a retry)
            db.session.add(
                Attachment(
                    sha256=sha256,
                    size=len(data),
                    content_type=content_type,
                    uploaded_by_id=current_user.id,
                )
            )
    except IntegrityError:  # the other request stored it: the bytes are the same
        return _hold(db.session.get(Attachment, sha256))
    return Response(status=201)


@blp.route("/<string:sha256>", methods=["GET"])
@blp.response(200)
def get(sha256):
    """Return a photo to whoever uploaded it or sees a check or an event that names it."""
    attachment = _visible(_valid_hash(sha256))
    response = Response(get_storage().open(sha256), mimetype=attachment.content_type)
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response
