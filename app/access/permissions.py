"""Every role and scope rule, in one place: who sees and who changes what.

Scope: an inspector sees the parks assigned to them; an enterprise HR user sees their own
enterprise; a supervisor sees the parks assigned to them, or the whole province when none
are; an admin sees everything.
"""

from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, exists, false, func, select, true, type_coerce
from sqlalchemy.dialects.postgresql import JSONB

from app.models import (
    ROLES,
    Attachment,
    AttachmentHolder,
    AuditLog,
    Check,
    Enterprise,
    Park,
    User,
    Visit,
)

CONSOLE_ROLES = {"supervisor", "admin"}


def is_province_wide(user: User) -> bool:
    """Tell whether the user's scope is every park."""
    return user.role == "admin" or (user.role == "supervisor" and not user.parks)


def park_ids(user: User) -> set[str] | None:
    """Return the ids of the parks the user sees, or None for all of them."""
    if is_province_wide(user):
        return None
    if user.role == "enterprise_hr":
        return {user.enterprise.park_id} if user.enterprise else set()
    return {park.id for park in user.parks}


def enterprise_id(user: User) -> str | None:
    """Return the enterprise an HR user is bound to (None for other roles)."""
    return user.enterprise_id if user.role == "enterprise_hr" else None


def scope_key(user: User) -> dict:
    """Describe the scope compactly, to be kept in the pull cursor (the role decides what is
    pulled, so it is part of it)."""
    parks = park_ids(user)
    return {
        "p": sorted(parks) if parks is not None else None,
        "e": enterprise_id(user),
        "r": user.role,
    }


def in_park_scope(user: User, park_id: str | None) -> bool:
    """Tell whether a park is within the user's scope."""
    parks = park_ids(user)
    return parks is None or park_id in parks


def can_write_enterprise_record(user: User, enterprise_id_: str | None, park_id: str | None):
    """Tell whether the user may write a record belonging to this enterprise and park."""
    if user.role == "enterprise_hr":
        return enterprise_id_ is not None and enterprise_id_ == user.enterprise_id
    return in_park_scope(user, park_id)


def scope_clause(user: User, model, *, personal: bool = False) -> ColumnElement[bool]:
    """Return the WHERE clause that limits a model with park_id/enterprise_id to the scope.

    personal=True marks rows with worker personal data (attendance, gifts, rosters): only
    HR of the enterprise and supervisors/admins whose parks cover it may see them.
    """
    if user.role == "enterprise_hr":
        if not user.enterprise_id or not hasattr(model, "enterprise_id"):
            return false()
        return model.enterprise_id == user.enterprise_id
    if personal and user.role not in CONSOLE_ROLES:
        return false()
    parks = park_ids(user)
    if parks is None:
        return true()
    column = model.id if model.__tablename__ == "park" else model.park_id
    return column.in_(parks) if parks else false()


def parks_added_and_removed(old: Iterable[str] | None, new: Iterable[str] | None):
    """Compare two park scopes (None = all): return (added or None for 'all', removed)."""
    if old is None and new is None:
        return set(), set()
    if new is None:
        return None, set()
    if old is None:
        return None, None  # shrank from everything: the caller resets
    old_set, new_set = set(old), set(new)
    return new_set - old_set, old_set - new_set


# --- Festival-day pages (app/festival) -----------------------------------------------------


def can_view_event(user: User, event) -> bool:
    """Tell whether the user may see an event and its figures (inspectors: read-only)."""
    if user.role == "enterprise_hr":
        return event.enterprise_id is not None and event.enterprise_id == user.enterprise_id
    return in_park_scope(user, event.park_id)


def can_review_event(user: User, event) -> bool:
    """Tell whether the user may mark an event reviewed (supervisors and admins in scope)."""
    return user.role in CONSOLE_ROLES and in_park_scope(user, event.park_id)


def can_manage_roster(user: User, enterprise) -> bool:
    """Tell whether the user may upload a roster (HR of the enterprise, or an admin)."""
    if user.role == "enterprise_hr":
        return enterprise.id == user.enterprise_id
    return user.role == "admin"


def can_view_roster(user: User, enterprise) -> bool:
    """Tell whether the user may see a roster's names (personal data: no inspectors)."""
    if user.role == "enterprise_hr":
        return enterprise.id == user.enterprise_id
    return user.role in CONSOLE_ROLES and in_park_scope(user, enterprise.park_id)


def can_see_id_card(user: User, enterprise_id: str | None) -> bool:
    """Tell whether the user may see workers' full ID card numbers (HR of theirs, admins).

    Everyone else who may see the roster sees the last 4 digits; no phone pulls them.
    """
    if user.role == "enterprise_hr":
        return enterprise_id is not None and enterprise_id == user.enterprise_id
    return user.role == "admin"


# --- Photos (GET /api/attachments/<sha256>) -------------------------------------------------


def photo_records(user: User) -> list:
    """The synced models this user pulls whose `photos` column lists every hash a row names
    (answers, findings, signatures), from the registry; the smallest tables first (events
    before checks), so the cheap scans come first."""
    models = [
        handler.model
        for entity, handler in ENTITIES.items()
        if "photos" in handler.model.__table__.c and can_pull(user, entity)
    ]
    return sorted(models, key=lambda model: model is Check)


def _names_photo(model, sha256: str, dialect: str) -> ColumnElement[bool]:
    """The condition 'this row's photos list holds sha256' (JSONB @> on PostgreSQL)."""
    if dialect == "postgresql":
        return type_coerce(model.photos, JSONB).contains([sha256])
    hashes = func.json_each(model.photos).table_valued("value")
    return exists(select(1).select_from(hashes).where(hashes.c.value == sha256))


def can_see_photo(session, user: User, sha256: str, uploaded_by_id: str | None) -> bool:
    """Tell whether the user may fetch a photo: a check or an event that they see now (the
    same scope as pull) names it, or they sent its bytes and no record of theirs names it yet.

    The uploader's own records are tried first: a record is nearly always written by whoever
    uploaded its photos, and the author index finds those few rows. Only a photo named by
    someone else's record (or refused) costs a scan of the user's scope. Scope is checked on
    every fetch: an inspector whose park is taken away loses the photos of its checks, even
    the ones they took.
    """
    sent_it = uploaded_by_id == user.id or (
        session.get(AttachmentHolder, (sha256, user.id)) is not None
    )
    if sent_it and not _named_by_own_record(session, user, sha256):
        return True  # not in a record of theirs yet: it travels apart from the record
    return _named_in_scope(session, user, sha256, uploaded_by_id)


def _named_by_own_record(session, user: User, sha256: str) -> bool:
    """Tell whether a live record the user wrote names the photo (whatever their scope now)."""
    dialect = session.get_bind().dialect.name
    for handler in ENTITIES.values():
        model = handler.model
        if "photos" not in model.__table__.c or "author_id" not in model.__table__.c:
            continue
        query = select(model.id).where(
            model.author_id == user.id,
            model.deleted.is_(False),
            _names_photo(model, sha256, dialect),
        )
        if session.execute(query.limit(1)).first():
            return True
    return False


def _named_in_scope(session, user: User, sha256: str, uploaded_by_id: str | None) -> bool:
    """Tell whether a record the user sees now names the photo."""
    dialect = session.get_bind().dialect.name
    models = photo_records(user)
    named = {
        model: select(model.id)
        .where(
            scope_clause(user, model),
            model.deleted.is_(False),
            _names_photo(model, sha256, dialect),
        )
        .limit(1)
        for model in models
    }
    queries = list(named.values())
    if uploaded_by_id is not None:
        queries = [named[m].where(m.author_id == uploaded_by_id) for m in models] + queries
    return any(session.execute(query).first() for query in queries)


def photos_not_claimable(session, user: User, hashes: Iterable[str]) -> list[str]:
    """Return the photos among these that the user may not name in a record.

    A record may name a photo not uploaded yet (it travels apart and arrives later), one the
    user uploaded (or sent the bytes of), or one they may already see; naming any other
    photo would make it theirs to fetch.
    """
    seen = stored_photos_seen(session, user, hashes)
    return [sha for sha, may_see in seen.items() if not may_see]


def stored_photos_seen(session, user: User, hashes: Iterable[str]) -> dict[str, bool]:
    """Return, for each of these photos that is stored, whether the user may see it."""
    hashes = list(dict.fromkeys(hashes))
    if not hashes:
        return {}
    query = select(Attachment.sha256, Attachment.uploaded_by_id).where(
        Attachment.sha256.in_(hashes)
    )
    stored = dict(session.execute(query).all())
    return {sha: can_see_photo(session, user, sha, stored[sha]) for sha in hashes if sha in stored}


# --- Enterprise situation page (app/console/enterprise.py) ----------------------------------


def can_see_enterprise(user: User, enterprise) -> bool:
    """Tell whether a console user may open an enterprise's situation page (park scope)."""
    return user.role in CONSOLE_ROLES and in_park_scope(user, enterprise.park_id)


# --- Sync entities (app/sync/handlers): who pulls and pushes each, what reference data -------
# Each handler names the roles that pull it (`pulled_by`) and push it (`pushed_by`) from these
# groups; can_pull and can_push read them from ENTITIES, which the sync registry hands down.
EVERY_ROLE = frozenset(ROLES)
INSPECTION_ROLES = frozenset({"inspector", "supervisor", "admin"})  # checks and visits
HR_ROLES = frozenset({"enterprise_hr"})  # festival-day records and rosters
DEVICE_ROLES = frozenset({"inspector", "enterprise_hr"})  # push records (and settle conflicts)


# The synced entities by name, each with its `model`, `pulled_by` and `pushed_by`: the sync
# registry (app/sync/handlers) hands them down at start-up, so this module never imports it.
ENTITIES: dict[str, Any] = {}


def register_entities(registry: Mapping[str, Any]) -> None:
    """Take the synced entities' models and roles from the sync registry (at start-up)."""
    ENTITIES.clear()
    ENTITIES.update(registry)


def can_pull(user: User, entity: str) -> bool:
    """Tell whether the role receives this entity through pull."""
    handler = ENTITIES.get(entity)
    return handler is not None and user.role in handler.pulled_by


def can_push(user: User, entity: str) -> bool:
    """Tell whether the role may send this entity from a device."""
    handler = ENTITIES.get(entity)
    return handler is not None and user.role in handler.pushed_by


def pulled_parks(user: User) -> ColumnElement[bool]:
    """The parks a user pulls: HR the park of their enterprise, others their park scope."""
    if user.role == "enterprise_hr":
        park_id = user.enterprise.park_id if user.enterprise else None
        return Park.id == park_id if park_id else ~true()
    return scope_clause(user, Park)


def pulled_enterprises(user: User) -> ColumnElement[bool]:
    """The enterprises a user pulls: HR their own only, others those of their parks."""
    if user.role == "enterprise_hr":
        return Enterprise.id == user.enterprise_id if user.enterprise_id else ~true()
    return scope_clause(user, Enterprise)


def pulled_visits(user: User) -> ColumnElement[bool]:
    """The planned visits a user pulls: none for HR (visits are the inspectors' plan)."""
    return scope_clause(user, Visit) if user.role != "enterprise_hr" else ~true()


# --- Pages and users: who opens what, which role holds which scope (console, festival pages,
# --- field app, CLI). Templates reach these through the `can` context processor.

PARK_SCOPED_ROLES = {"inspector", "supervisor"}  # their scope is the parks assigned to them
ROSTER_ROLES = {"enterprise_hr", "supervisor", "admin"}


def can_open_console(user) -> bool:
    """Tell whether the user (maybe anonymous) may open the console: supervisors and admins."""
    return bool(getattr(user, "is_authenticated", False)) and user.role in CONSOLE_ROLES


def can_administer(user: User) -> bool:
    """Tell whether the user may open the administration pages (admins only)."""
    return user.role == "admin"


def audit_clause(user: User) -> ColumnElement[bool]:
    """The audit-log rows a console user may list: an admin every row; a supervisor only the
    rows of their own actions (a record's history, on its page, shows the rest in scope)."""
    return true() if user.role == "admin" else AuditLog.user_id == user.id


def is_enterprise_hr(user: User) -> bool:
    """Tell whether the user is an enterprise's HR (their roster, their events, the field app)."""
    return user.role == "enterprise_hr"


def can_list_rosters(user: User) -> bool:
    """Tell whether the user may open the list of rosters (HR, supervisors, admins)."""
    return user.role in ROSTER_ROLES


def scope_fields(role: str, parks: list, enterprise) -> tuple[list, object]:
    """Keep only the scope a role holds: parks for inspectors and supervisors, an enterprise
    for HR (a console form posts every field, whatever the role)."""
    return (
        parks if role in PARK_SCOPED_ROLES else [],
        enterprise if role == "enterprise_hr" else None,
    )


def user_scope_problems(role: str, parks: list, enterprise) -> dict[str, str]:
    """What is wrong with a role and its scope, as field -> code (empty: fine); the rules of
    the console's user form and of `flask create-user`."""
    if role not in ROLES:
        return {"role": "unknown_role"}
    problems = {}
    if role == "enterprise_hr":
        if parks:
            problems["parks"] = "parks_for_hr"
        if enterprise is None:
            problems["enterprise_id"] = "enterprise_required"
    elif enterprise is not None:
        problems["enterprise_id"] = "enterprise_for_other_role"
    if role == "inspector" and not parks:
        problems["parks"] = "park_required"
    return problems


def template_permissions() -> dict:
    """Context processor: the page rules above, for templates (`can.open_console(user)`)."""
    return {
        "can": SimpleNamespace(
            open_console=can_open_console,
            administer=can_administer,
            list_rosters=can_list_rosters,
            is_enterprise_hr=is_enterprise_hr,
            province_wide=is_province_wide,
        )
    }
