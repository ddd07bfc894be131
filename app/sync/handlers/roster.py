"""Rosters: the workers of an enterprise, uploaded on the console and pulled by its HR."""

from app.access.permissions import HR_ROLES
from app.models import RosterPerson
from app.schemas.pulled import PulledRosterPersonSchema
from app.sync.handlers.base import Data, Handler


class RosterHandler(Handler):
    entity = "roster_person"
    model = RosterPerson
    pulled_schema = PulledRosterPersonSchema
    pulled_by = HR_ROLES
    personal = True

    def to_data(self, row) -> Data:
        return {
            "enterprise_id": row.enterprise_id,
            "employee_number": row.employee_number,
            "name": row.name,
            "role": row.role,
            "department": row.department,
        }
