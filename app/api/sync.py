"""Push and pull: the sync contract (docs/sync-contract.md)."""

from flask import jsonify, request
from flask_babel import gettext
from flask_login import current_user
from flask_smorest import Blueprint

from app.core import metrics
from app.core.errors import ApiError
from app.core.i18n import translate_errors
from app.core.jsoncodec import json_response
from app.sync.pull import pull_changes
from app.sync.push import apply_push
from app.sync.schemas import (
    MAX_PUSH_BATCH,
    PullQuerySchema,
    PullResponseSchema,
    PushRequestSchema,
    PushResponseSchema,
)

blp = Blueprint("api_sync", __name__, url_prefix="/api/sync", description="Sync")

REJECTION_MESSAGES = {
    "invalid": "Some fields are not valid.",
    "forbidden": "You are not allowed to change this record.",
    "not_found": "The record was not found.",
    "unknown_enterprise": "Unknown enterprise.",
    "unknown_event": "Unknown event.",
    "event_reviewed": "The event was reviewed; its attendance and gifts can no longer change.",
    "already_resolved": "This conflict was already resolved.",
    "nested_id_taken": "A part of this record (a finding) has an id that belongs to another "
    "record. It was not saved.",
    "server_error": "The server failed on this change; it was not saved. The other changes "
    "were. Give the request id to support.",
    "mutation_of_another_user": "This change was already sent by another user; it is not "
    "imported again.",
}


@blp.route("/push", methods=["POST"])
@blp.arguments(PushRequestSchema)
@blp.response(200, PushResponseSchema)
@blp.alt_response(413, description="More mutations than maxItems")
def push(body):
    """Apply a batch of device mutations; one result per mutation, in order."""
    if len(body["mutations"]) > MAX_PUSH_BATCH:
        raise ApiError(
            413,
            "batch_too_large",
            message=gettext("At most %(n)d changes per push.", n=MAX_PUSH_BATCH),
        )
    try:
        results = apply_push(
            current_user._get_current_object(),
            body["client_id"],
            body["mutations"],
            request.headers.get("User-Agent", ""),
        )
    except Exception:
        metrics.MUTATIONS.labels(status="server_error").inc(len(body["mutations"]))
        raise
    metrics.PUSHES.inc()
    metrics.count_mutations(results)
    for result in results:
        _translate(result)
    return jsonify({"results": results})  # already plain JSON: skip the schema's dump


def _translate(result: dict) -> None:
    errors = result.get("errors")
    if errors:
        code = errors.get("code", "invalid")
        errors["message"] = gettext(REJECTION_MESSAGES.get(code, REJECTION_MESSAGES["invalid"]))
        errors["fields"] = translate_errors(errors.get("fields") or {})


@blp.route("/pull", methods=["GET"])
@blp.arguments(PullQuerySchema, location="query")
@blp.response(200, PullResponseSchema)
def pull(args):
    """Return the changes visible to this user since the cursor."""
    answer = pull_changes(current_user._get_current_object(), args["cursor"], args["limit"])
    metrics.PULLS.inc()
    return json_response(answer)  # plain JSON: skip the schema's dump
