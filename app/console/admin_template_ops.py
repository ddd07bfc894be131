"""Checklist template versions: copy the current one into a draft, edit the draft, publish."""

import copy
import re

from flask_babel import gettext
from sqlalchemy import func, select

from app.extensions import db
from app.models import ChecklistTemplate, TemplateVersion, User
from app.models.audit import Action, audit
from app.models.base import utcnow
from app.sync.versioning import stamp

ITEM_TYPES = ("yes_no_na", "number", "text", "choice")
CODE_RE = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


def latest_version(template: ChecklistTemplate) -> TemplateVersion | None:
    """The template's highest-numbered version (a draft if one is open)."""
    return db.session.scalar(
        select(TemplateVersion)
        .where(TemplateVersion.template_id == template.id)
        .order_by(TemplateVersion.number.desc())
        .limit(1)
    )


def new_draft(actor: User, template: ChecklistTemplate) -> TemplateVersion:
    """Open a draft copying the current version's sections (or return the open draft)."""
    current = latest_version(template)
    if current is not None and current.status == "draft":
        return current
    number = (
        db.session.scalar(
            select(func.max(TemplateVersion.number)).where(
                TemplateVersion.template_id == template.id
            )
        )
        or 0
    ) + 1
    draft = stamp(
        TemplateVersion(
            template_id=template.id,
            number=number,
            status="draft",
            sections=copy.deepcopy(current.sections if current else []),
        )
    )
    db.session.add(draft)
    db.session.flush()
    audit(
        actor,
        Action.TEMPLATE_NEW_VERSION,
        "template",
        draft.id,
        {"template": template.code, "number": number, "from": current.id if current else None},
    )
    return draft


def _item_from_form(form, prefix: str, errors: list[str]) -> dict:
    code = (form.get(f"{prefix}code") or "").strip()
    if not CODE_RE.match(code):
        errors.append(gettext("Item code %(code)s is not valid.", code=code or "?"))
    kind = form.get(f"{prefix}type") if form.get(f"{prefix}type") in ITEM_TYPES else "yes_no_na"
    item = {
        "code": code,
        "text_vi": (form.get(f"{prefix}text_vi") or "").strip(),
        "text_en": (form.get(f"{prefix}text_en") or "").strip(),
        "type": kind,
        "critical": bool(form.get(f"{prefix}critical")),
        "photo_required": bool(form.get(f"{prefix}photo_required")),
    }
    if not item["text_vi"]:
        errors.append(gettext("Item %(code)s needs a Vietnamese text.", code=code or "?"))
    if kind == "choice":
        item["choices"] = parse_choices(form.get(f"{prefix}choices") or "")
        if not item["choices"]:
            errors.append(gettext("Item %(code)s needs choices.", code=code or "?"))
    return item


def parse_choices(text: str) -> list[dict]:
    """Read choices written one a line as value | Vietnamese label | English label."""
    choices = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|")]
        if parts and parts[0]:
            vi = parts[1] if len(parts) > 1 and parts[1] else parts[0]
            en = parts[2] if len(parts) > 2 and parts[2] else vi
            choices.append({"value": parts[0], "label_vi": vi, "label_en": en})
    return choices


def choices_text(item: dict) -> str:
    """Write an item's choices back as lines for the editor."""
    return "\n".join(
        f"{c['value']} | {c.get('label_vi', '')} | {c.get('label_en', '')}"
        for c in item.get("choices") or []
    )


def sections_from_form(form) -> tuple[list[dict], list[str]]:
    """Rebuild the sections from the editor's numbered fields, in the order given."""
    errors: list[str] = []
    sections = []
    s_keys = sorted({int(k.split("-")[1]) for k in form if re.match(r"^s-\d+-code$", k)})
    for s in s_keys:
        if form.get(f"s-{s}-remove"):
            continue
        code = (form.get(f"s-{s}-code") or "").strip()
        if not CODE_RE.match(code):
            errors.append(gettext("Section code %(code)s is not valid.", code=code or "?"))
        items = []
        i_keys = sorted({int(k.split("-")[3]) for k in form if re.match(rf"^s-{s}-i-\d+-code$", k)})
        for i in i_keys:
            prefix = f"s-{s}-i-{i}-"
            if form.get(f"{prefix}remove") or not (form.get(f"{prefix}code") or "").strip():
                continue
            order = form.get(f"{prefix}order") or str(i)
            items.append((_order(order, i), _item_from_form(form, prefix, errors)))
        sections.append(
            (
                _order(form.get(f"s-{s}-order") or str(s), s),
                {
                    "code": code,
                    "title_vi": (form.get(f"s-{s}-title_vi") or "").strip(),
                    "title_en": (form.get(f"s-{s}-title_en") or "").strip(),
                    "items": [it for _, it in sorted(items, key=lambda p: p[0])],
                },
            )
        )
    result = [sec for _, sec in sorted(sections, key=lambda p: p[0])]
    codes = [it["code"] for sec in result for it in sec["items"]]
    if len(codes) != len(set(codes)):
        errors.append(gettext("Item codes must be unique."))
    return result, errors


def _order(text: str, fallback: int) -> float:
    try:
        return float(text)
    except ValueError:
        return float(fallback)


def save_draft(actor: User, draft: TemplateVersion, sections: list[dict]) -> None:
    """Replace a draft's sections (published versions never change)."""
    if draft.status != "draft":
        raise ValueError("published versions are immutable")
    draft.sections = sections
    stamp(draft)
    audit(actor, Action.TEMPLATE_EDIT, "template", draft.id, {"sections": len(sections)})


def publish(actor: User, draft: TemplateVersion) -> list[str]:
    """Publish a draft so devices pull it; return the problems that prevent it."""
    if draft.status != "draft":
        return [gettext("This version is already published.")]
    if not any(sec["items"] for sec in draft.sections or []):
        return [gettext("A version needs at least one item.")]
    draft.status = "published"
    draft.published_at = utcnow()
    stamp(draft)
    audit(actor, Action.TEMPLATE_PUBLISH, "template", draft.id, {"number": draft.number})
    return []
