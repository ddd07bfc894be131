"""The rules the figures are measured against, and which template items mean what.

- Guards: at least GUARDS_PER_1000 guards (dedicated + part-time) per 1,000 workers. The
  province gives no single number; 5 per 1,000 is the board's working yardstick and the
  constant is the one place to change it.
- Incidents: the number items of a template section whose code is in INCIDENT_SECTIONS (the
  seeded ANTT check's section H, "Incidents since the last visit"), or of any item carrying
  "incident": true in the template. Data-driven: a new template version may add items.
- Exemplary model: an enterprise whose latest check of the year answers MODEL_ITEM "yes" (the
  "tự quản, tự phòng, tự bảo vệ" model) and whose checks of the year found nothing.
- Festival participants of an event: its attendance rows when any were logged, otherwise the
  largest headcount reported on one of its activities (events logged without a list).
"""

from sqlalchemy import select

from app.extensions import db
from app.models import ChecklistTemplate, TemplateVersion

GUARDS_PER_1000 = 5
INCIDENT_SECTIONS = ("H",)
MODEL_ITEM = "I.1"
DONE_STATUSES = ("submitted", "approved")
HELD_STATUSES = ("held", "returned", "reviewed")  # returned: held, figures being fixed
OWNERSHIP_ORDER = ("fdi", "private", "state")


def _published_versions() -> list[TemplateVersion]:
    """Published versions of check templates (surveys have no findings or incidents)."""
    return list(
        db.session.execute(
            select(TemplateVersion)
            .join(ChecklistTemplate)
            .where(
                TemplateVersion.status == "published",
                TemplateVersion.deleted.is_(False),
                ChecklistTemplate.kind == "check",
            )
            .order_by(TemplateVersion.published_at, TemplateVersion.number)
        ).scalars()
    )


def incident_items() -> list[dict]:
    """Every number item that counts incidents, from the published templates (code unique)."""
    found: dict[str, dict] = {}
    for version in _published_versions():
        for sec in version.sections or []:
            for item in sec.get("items", []):
                in_section = sec.get("code") in INCIDENT_SECTIONS
                if item.get("type") == "number" and (in_section or item.get("incident")):
                    found[item["code"]] = item
    return [found[code] for code in sorted(found)]


def section_titles() -> dict[str, dict]:
    """Section code -> {title_vi, title_en}, from the published templates (latest wins)."""
    titles: dict[str, dict] = {}
    for version in _published_versions():
        for sec in version.sections or []:
            titles[sec["code"]] = {
                "title_vi": sec.get("title_vi", ""),
                "title_en": sec.get("title_en", ""),
            }
    return titles
