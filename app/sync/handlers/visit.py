"""Planned visits: the inspectors' plan, pulled by inspectors and the console roles."""

from app.access.permissions import INSPECTION_ROLES, pulled_visits
from app.models import Visit
from app.schemas.pulled import PulledVisitSchema
from app.sync.handlers.base import Data, Handler, iso


class VisitHandler(Handler):
    entity = "visit"
    model = Visit
    pulled_schema = PulledVisitSchema
    pulled_by = INSPECTION_ROLES

    def pull_filter(self, user):
        return pulled_visits(user)

    def to_data(self, row) -> Data:
        return {
            "plan_id": row.plan_id,
            "enterprise_id": row.enterprise_id,
            "park_id": row.park_id,
            "planned_date": iso(row.planned_date),
            "team": row.team,
            "reason": row.reason,
            "finding_id": row.finding_id,
            "check_id": row.check_id,
            "status": row.status,
            "note": row.note,
        }
