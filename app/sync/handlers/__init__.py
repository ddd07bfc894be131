"""The registry: the one list of synced entities, in the order a first pull wants them.

Every other list is derived from it: the entities a mutation may name and their data
components (app/sync/schemas.py), the pulled entities and components of the OpenAPI document,
and who pulls and pushes what (app/access/permissions.py reads each handler's pulled_by/pushed_by).
Adding an entity is one module in this package and one line here.
"""

from app.sync.handlers.attendance import AttendanceHandler
from app.sync.handlers.base import Handler
from app.sync.handlers.check import CheckHandler
from app.sync.handlers.comment import CommentHandler
from app.sync.handlers.conflict import ConflictHandler
from app.sync.handlers.enterprise import EnterpriseHandler
from app.sync.handlers.event import EVENT
from app.sync.handlers.gift import GiftHandler
from app.sync.handlers.park import ParkHandler
from app.sync.handlers.roster import RosterHandler
from app.sync.handlers.template import TemplateHandler
from app.sync.handlers.visit import VisitHandler

HANDLERS: dict[str, Handler] = {
    handler.entity: handler
    for handler in (
        ParkHandler(),
        EnterpriseHandler(),
        TemplateHandler(),
        VisitHandler(),
        CheckHandler(),
        EVENT,
        RosterHandler(),
        AttendanceHandler(),
        GiftHandler(),
        CommentHandler(),
        ConflictHandler(),
    )
}

# Devices push these (each has a schema for its `data`); the order is the OpenAPI enum's.
PUSHABLE: dict[str, Handler] = {e: h for e, h in HANDLERS.items() if h.pushable}
