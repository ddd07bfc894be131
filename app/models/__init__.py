"""All models, importable from one place."""

from app.models.checks import (  # noqa: F401
    CHECK_STATUSES,
    SEVERITIES,
    Check,
    ChecklistTemplate,
    Finding,
    FindingOwner,
    InspectionPlan,
    ReviewDecision,
    TemplateVersion,
    Visit,
)
from app.models.commendations import Commendation  # noqa: F401
from app.models.comments import COMMENT_ENTITIES, COMMENT_KINDS, Comment  # noqa: F401
from app.models.events import (  # noqa: F401
    ACTIVITY_KINDS,
    ATTENDANCE_METHODS,
    PERSON_ROLES,
    Attendance,
    Event,
    Gift,
    RosterPerson,
)
from app.models.org import OWNERSHIPS, ROLES, Enterprise, Park, User, user_parks  # noqa: F401
from app.models.sync import (  # noqa: F401
    AppliedMutation,
    Attachment,
    AttachmentHolder,
    AuditLog,
    ConflictCopy,
    Device,
    RecordRevision,
    SyncState,
)
from app.models.tallies import (  # noqa: F401
    CheckFigure,
    CheckFinding,
    CheckNumber,
    EventTally,
    ParkMonthFigure,
)
