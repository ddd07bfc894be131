"""Approving many checks in one step: each one its own decision, or a reason it was not taken.

A check with a serious open finding (high or critical) or an open conflict is never approved
in bulk: a supervisor opens it and decides alone. Each approved check goes through
`review_check`, so it gets its own revision, decision, audit row and a stamp that brings the
decision to the author's phone on its next pull.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext

from app.models import Check, User
from app.review.decisions import review_check
from app.review.queue import open_conflict_ids, serious_open_ids

MAX_BULK = 200  # a queue page holds 50; more in one request is a forged form
# Why a ticked check was not approved, by code (shown beside the check on the result page).
REFUSALS = {
    "serious_finding": lazy_gettext(
        "It has a serious open finding (high or critical): open it and decide alone."
    ),
    "open_conflict": lazy_gettext(
        "It has an open conflict between two versions: resolve the conflict first."
    ),
    "not_submitted": lazy_gettext(
        "It is not waiting for a decision (already decided or returned)."
    ),
}


@dataclass
class BulkResult:
    """What a bulk approval did: the approved checks and the refused ones with their reason."""

    approved: list[Check] = field(default_factory=list)
    refused: list[tuple[Check, str]] = field(default_factory=list)


def refusal(check: Check, serious: set[str], conflicts: set[str]) -> str | None:
    """The code of why a check may not be approved in bulk, or None when it may."""
    if check.status != "submitted":
        return "not_submitted"
    if check.id in serious:
        return "serious_finding"
    if check.id in conflicts:
        return "open_conflict"
    return None


def approve_many(actor: User, checks: list[Check]) -> BulkResult:
    """Approve every check that may be approved in bulk; say why the others were not."""
    ids = [c.id for c in checks]
    serious, conflicts = serious_open_ids(ids), open_conflict_ids(ids)
    result = BulkResult()
    for check in checks:
        reason = refusal(check, serious, conflicts)
        if reason:
            result.refused.append((check, reason))
            continue
        review_check(actor, check, "approve")
        result.approved.append(check)
    return result
