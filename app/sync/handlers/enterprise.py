"""Enterprises: reference data every role pulls (HR: their own enterprise only)."""

from app.access.permissions import pulled_enterprises
from app.models import Enterprise
from app.schemas.pulled import PulledEnterpriseSchema
from app.sync.handlers.base import Data, Handler


class EnterpriseHandler(Handler):
    entity = "enterprise"
    model = Enterprise
    pulled_schema = PulledEnterpriseSchema

    def pull_filter(self, user):
        return pulled_enterprises(user)

    fields = (
        "park_id",
        "name",
        "tax_code",
        "ownership",
        "legal_form",
        "sector",
        "country",
        "address",
        "workforce",
        "foreign_workers",
        "guards_dedicated",
        "guards_parttime",
        "has_trade_union",
        "hr_contact",
        "hr_phone",
        "active",
    )

    def to_data(self, row) -> Data:
        return {name: getattr(row, name) for name in self.fields}
