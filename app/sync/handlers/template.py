"""Checklist templates: every published version, pulled by every role."""

from app.extensions import db
from app.models import ChecklistTemplate, TemplateVersion
from app.schemas.pulled import PulledTemplateSchema
from app.sync.handlers.base import Data, Handler, iso


class TemplateHandler(Handler):
    entity = "template"
    model = TemplateVersion
    pulled_schema = PulledTemplateSchema

    def pull_filter(self, user):
        return TemplateVersion.status == "published"

    def to_data(self, row) -> Data:
        template = db.session.get(ChecklistTemplate, row.template_id)
        return {
            "template_id": row.template_id,
            "code": template.code,
            "kind": template.kind,
            "title_vi": template.title_vi,
            "title_en": template.title_en,
            "number": row.number,
            "sections": row.sections,
            "published_at": iso(row.published_at),
        }
