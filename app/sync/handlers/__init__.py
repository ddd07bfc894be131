"""The registry of synced entities, in the order a first pull wants them."""

from app.sync.handlers.checks import (
    CheckHandler,
    EnterpriseHandler,
    ParkHandler,
    TemplateHandler,
    VisitHandler,
)
from app.sync.handlers.conflicts import ConflictHandler
from app.sync.handlers.events import (
    EVENT,
    AttendanceHandler,
    GiftHandler,
    RosterHandler,
)

HANDLERS = {
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
        ConflictHandler(),
    )
}
