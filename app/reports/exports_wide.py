"""The "wide" checks export: one row per check, one column per checklist item of a template
version (as KoboToolbox exports a form's submissions)."""

from collections.abc import Iterator

from flask_babel import force_locale, lazy_pgettext
from sqlalchemy import and_, select

from app.extensions import db
from app.models import Check, Enterprise, Park, TemplateVersion, User
from app.reports.exports import ExportFilters, common_clauses, date_range, when
from app.reports.labels import label

YES_NO = {
    "vi": {"yes": "Có", "no": "Không", "na": "Không áp dụng"},
    "en": {"yes": "Yes", "no": "No", "na": "N/A"},
}
FIXED = (
    lazy_pgettext("export column", "Receipt"),
    lazy_pgettext("export column", "Industrial park"),
    lazy_pgettext("export column", "Enterprise"),
    lazy_pgettext("export column", "Tax code"),
    lazy_pgettext("export column", "Status"),
    lazy_pgettext("export column", "Started"),
    lazy_pgettext("export column", "Inspector"),
    lazy_pgettext("export column", "Findings"),
)


def version_items(version: TemplateVersion) -> list[dict]:
    """The version's items in the order of its sections."""
    return [item for sec in version.sections or [] for item in sec.get("items", [])]


def answer_cell(item: dict, value, lang: str):
    """An answer as a spreadsheet cell: numbers stay numbers, words in the language."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return value
    if item.get("type") == "yes_no_na" or value in ("yes", "no", "na"):
        return YES_NO.get(lang, YES_NO["vi"]).get(str(value), str(value))
    for choice in item.get("choices") or []:
        if choice.get("value") == value:
            return choice.get(f"label_{lang}") or choice.get("label_vi") or str(value)
    if isinstance(value, list):
        return ", ".join(str(answer_cell(item, v, lang)) for v in value)
    return str(value)


def item_header(item: dict, lang: str) -> str:
    """An item's column header: its code and its text in the language."""
    text = item.get(f"text_{lang}") or item.get("text_vi") or ""
    return f"{item.get('code', '')} {text}".strip()


def wide_checks_rows(
    actor: User, filters: ExportFilters, version: TemplateVersion, lang: str = "vi"
) -> tuple[list[str], Iterator[list]]:
    """Headers and rows of the checks of one template version in scope, one item a column."""
    items = version_items(version)
    with force_locale(lang):
        headers = [str(h) for h in FIXED] + [item_header(i, lang) for i in items]
    clauses = common_clauses(actor, Check, filters) + date_range(Check.started_at, filters, True)
    clauses += [Check.template_version_id == version.id]
    clauses.append(Check.status == filters.status if filters.status else Check.status != "draft")
    query = (
        select(
            Check.receipt,
            Park.name,
            Enterprise.name,
            Enterprise.tax_code,
            Check.status,
            Check.started_at,
            User.full_name,
            Check.finding_count,
            Check.data,
        )
        .join(Park, Park.id == Check.park_id)
        .join(Enterprise, Enterprise.id == Check.enterprise_id)
        .outerjoin(User, User.id == Check.author_id)
        .where(and_(*clauses))
        .order_by(Check.started_at, Check.id)
    )
    result = db.session.execute(query.execution_options(yield_per=1000))

    def row(r) -> list:
        answers = (r[8] or {}).get("answers") or {}
        cells = [r[0] or "", r[1], r[2], r[3], label("status", r[4], lang), when(r[5])]
        cells += [r[6] or "", r[7]]
        for item in items:
            answer = answers.get(item.get("code")) or {}
            value = answer.get("value") if isinstance(answer, dict) else None
            cells.append(answer_cell(item, value, lang))
        return cells

    return headers, (row(r) for r in result)
