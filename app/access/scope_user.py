"""The signed-in user of a pull, read with one Core query: the session checks and the scope.

A pull (a device polls every few seconds on a festival morning) needs of its user only what
the session checks (active, session generation) and the scope (role, parks, HR's enterprise)
read; loading the ORM User with its parks and enterprise was a third of a "nothing new"
poll. `ScopeUser` holds exactly those values, with the attributes app.access.permissions and the
sync handlers read (`parks` of objects with an `id`, `enterprise` with a `park_id`), so the
rules stay in one place. Any other endpoint gets the ORM User as before.
"""

from dataclasses import dataclass

from flask_login import UserMixin
from sqlalchemy import bindparam, select

from app.extensions import db
from app.models import Enterprise, User
from app.models.org import user_parks

# Endpoints whose code reads only the scope of current_user (never writes it, never follows
# another relationship): app.sync.pull and the handlers' pull_filter/to_data/enrich.
SCOPE_ONLY_ENDPOINTS = frozenset({"api_sync.pull"})


@dataclass(frozen=True)
class ParkRef:
    id: str


@dataclass(frozen=True)
class EnterpriseRef:
    id: str
    park_id: str


@dataclass(frozen=True, eq=False)
class ScopeUser(UserMixin):
    """A read-only snapshot of a signed-in user's identity and scope, for one request."""

    id: str
    username: str
    role: str
    language: str
    active: bool
    session_generation: int
    enterprise_id: str | None
    enterprise: EnterpriseRef | None
    parks: tuple[ParkRef, ...]

    def get_id(self) -> str:
        """Return the session id: the user id and the session generation (as User does)."""
        return f"{self.id}:{self.session_generation}"

    @property
    def is_active(self) -> bool:  # flask-login reads this
        return self.active


_USER = User.__table__
_ENTERPRISE = Enterprise.__table__
# One row per assigned park (one row with park_id NULL when none), the enterprise joined in.
SCOPE_QUERY = (
    select(
        _USER.c.id,
        _USER.c.username,
        _USER.c.role,
        _USER.c.language,
        _USER.c.active,
        _USER.c.session_generation,
        _USER.c.enterprise_id,
        _ENTERPRISE.c.park_id.label("enterprise_park_id"),
        user_parks.c.park_id,
    )
    .select_from(
        _USER.outerjoin(_ENTERPRISE, _ENTERPRISE.c.id == _USER.c.enterprise_id).outerjoin(
            user_parks, user_parks.c.user_id == _USER.c.id
        )
    )
    .where(_USER.c.id == bindparam("user_id"))
)


def load_scope_user(user_id: str) -> ScopeUser | None:
    """Read a user's session checks and scope in one query (None: no such user)."""
    rows = db.session.execute(SCOPE_QUERY, {"user_id": user_id}).all()
    if not rows:
        return None
    first = rows[0]
    enterprise = (
        EnterpriseRef(first.enterprise_id, first.enterprise_park_id)
        if first.enterprise_park_id is not None
        else None
    )
    return ScopeUser(
        id=first.id,
        username=first.username,
        role=first.role,
        language=first.language,
        active=bool(first.active),
        session_generation=first.session_generation,
        enterprise_id=first.enterprise_id,
        enterprise=enterprise,
        parks=tuple(ParkRef(row.park_id) for row in rows if row.park_id is not None),
    )
