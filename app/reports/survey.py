"""The service-use survey's answers summed per park and per service.

Each submitted or approved survey of the period counts once: for every choice item (who
provides security, transport, meals, health care; where workers live; satisfaction) and
every yes/no item (a food safety certificate, periodic health checks), the number of surveys
that gave each answer, per park and in total. "None" (not used) and "no" are what the
enterprises lack; the in-province answer is the local suppliers they use.
"""

from sqlalchemy import Index, select

from app.extensions import db
from app.models import Check, ChecklistTemplate, Park, TemplateVersion, User
from app.reports import cache
from app.reports.jsonsql import answer_text
from app.reports.periods import Period
from app.reports.rules import DONE_STATUSES
from app.reports.scope import within

# Surveys are found by their template version, not by scanning the period's checks (they are
# a few among many); created by migration 20261204_6d2f8a4c1e93.
check = Check.__table__
CHECK_TEMPLATE = Index(
    "ix_inspection_check_template",
    check.c.template_version_id,
    check.c.started_at,
    check.c.status,
    check.c.deleted,
    check.c.park_id,
)

YES_NO = [
    {"value": "yes", "label_vi": "Có", "label_en": "Yes"},
    {"value": "no", "label_vi": "Không", "label_en": "No"},
]


def survey_items() -> list[dict]:
    """The choice and yes/no items of the published survey templates (latest wins)."""
    versions = db.session.execute(
        select(TemplateVersion)
        .join(ChecklistTemplate)
        .where(
            ChecklistTemplate.kind == "survey",
            TemplateVersion.status == "published",
            TemplateVersion.deleted.is_(False),
        )
        .order_by(TemplateVersion.published_at, TemplateVersion.number)
    ).scalars()
    found: dict[str, dict] = {}
    for version in versions:
        for sec in version.sections or []:
            for item in sec.get("items", []):
                choices = (
                    item.get("choices")
                    if item.get("type") == "choice"
                    else (YES_NO if item.get("type") == "yes_no_na" else None)
                )
                if choices:
                    found[item["code"]] = {
                        "code": item["code"],
                        "text_vi": item.get("text_vi", ""),
                        "text_en": item.get("text_en", ""),
                        "section_vi": sec.get("title_vi", ""),
                        "section_en": sec.get("title_en", ""),
                        "choices": choices,
                    }
    return [found[code] for code in sorted(found)]


def survey_figures(actor: User, park_id: str | None, period: Period) -> dict:
    """Per service item and answer: the surveys of the period that gave it, by park."""
    return cache.cached(
        ("survey", actor, park_id, period.key), lambda: _compute(actor, park_id, period)
    )


def _compute(actor: User, park_id: str | None, period: Period) -> dict:
    items = survey_items()
    parks = db.session.execute(
        select(Park.id, Park.name).where(within(actor, Park, park_id)).order_by(Park.code)
    ).all()
    out = {
        "surveys": 0,
        "parks": [{"id": p.id, "name": p.name} for p in parks],
        "by_park_surveys": {},
        "items": [],
    }
    if not items:
        return out
    survey_versions = list(
        db.session.execute(
            select(TemplateVersion.id)
            .join(ChecklistTemplate)
            .where(ChecklistTemplate.kind == "survey")
        ).scalars()
    )
    rows = db.session.execute(
        select(Check.park_id, *[answer_text(Check.data, it["code"]) for it in items]).where(
            within(actor, Check, park_id),
            Check.status.in_(DONE_STATUSES),
            Check.template_version_id.in_(survey_versions),
            Check.started_at >= period.start_at,
            Check.started_at < period.end_at,
        )
    ).all()
    counts: dict[tuple[str, str, str], int] = {}
    for row in rows:
        out["by_park_surveys"][row[0]] = out["by_park_surveys"].get(row[0], 0) + 1
        for item, value in zip(items, row[1:], strict=True):
            key = (item["code"], str(value), row[0])
            counts[key] = counts.get(key, 0) + 1
    out["surveys"] = len(rows)
    for item in items:
        choices = []
        for choice in item["choices"]:
            by_park = {p.id: counts.get((item["code"], choice["value"], p.id), 0) for p in parks}
            choices.append({**choice, "by_park": by_park, "total": sum(by_park.values())})
        out["items"].append({**item, "choices": choices})
    return out


def survey_table(figures: dict, lang: str) -> tuple[list[str], list[list]]:
    """The export: one row per park, service item and answer, with the number of surveys."""
    en = lang == "en"
    headers = (
        ["Park", "Service", "Item", "Answer", "Surveys"]
        if en
        else ["Khu công nghiệp", "Dịch vụ", "Nội dung", "Trả lời", "Số phiếu"]
    )
    rows = []
    for item in figures["items"]:
        for park in figures["parks"]:
            for choice in item["choices"]:
                rows.append(
                    [
                        park["name"],
                        item["section_en" if en else "section_vi"],
                        f"{item['code']} {item['text_en' if en else 'text_vi']}",
                        choice["label_en" if en else "label_vi"],
                        choice["by_park"][park["id"]],
                    ]
                )
    return headers, rows
