"""Console pages for admins: checklist templates, their versions, the editor and publishing."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from app.console.admin import _not_found, require_admin
from app.console.admin_template_ops import (
    ITEM_TYPES,
    choices_text,
    new_draft,
    publish,
    save_draft,
    sections_from_form,
)
from app.console.template_diff import diff_versions
from app.core.codes import ANSWER_TYPE
from app.extensions import db
from app.models import ChecklistTemplate, TemplateVersion

EXTRA_ITEMS = 2  # empty item rows offered under each section


def template_list():
    """Every template with its versions, newest first."""
    require_admin()
    templates = db.session.scalars(select(ChecklistTemplate).order_by(ChecklistTemplate.code))
    versions: dict[str, list] = {}
    for version in db.session.scalars(
        select(TemplateVersion).order_by(TemplateVersion.number.desc())
    ):
        versions.setdefault(version.template_id, []).append(version)
    return render_template(
        "console/admin/templates.html", templates=list(templates), versions=versions
    )


def template_new_version(template_id: str):
    """Open a draft copied from the current version."""
    require_admin()
    template = db.session.get(ChecklistTemplate, template_id) or _not_found()
    draft = new_draft(current_user, template)
    return redirect(url_for("console.admin_version", version_id=draft.id))


def version_page(version_id: str):
    """Show a version; a draft opens in the editor (add, remove, reorder items)."""
    require_admin()
    version = db.session.get(TemplateVersion, version_id) or _not_found()
    errors: list[str] = []
    sections = version.sections or []
    if request.method == "POST":
        if version.status != "draft":
            errors = [gettext("Published versions cannot be changed.")]
        else:
            sections, errors = sections_from_form(request.form)
            if request.form.get("add_section"):
                sections.append(
                    {"code": f"S{len(sections) + 1}", "title_vi": "", "title_en": "", "items": []}
                )
            if not errors:
                save_draft(current_user, version, sections)
                flash(gettext("Draft saved."), "success")
                return redirect(url_for("console.admin_version", version_id=version.id))
    return render_template(
        "console/admin/version.html",
        version=version,
        sections=sections,
        errors=errors,
        item_types=ITEM_TYPES,
        answer_types=ANSWER_TYPE,
        choices_text=choices_text,
        extra=EXTRA_ITEMS,
    ), 400 if errors else 200


def version_publish(version_id: str):
    """Publish a draft: devices get it at their next pull; older checks keep their version.

    The first POST shows what changes from the last published version and asks once; the
    confirmed POST (confirm=1) publishes.
    """
    require_admin()
    version = db.session.get(TemplateVersion, version_id) or _not_found()
    if request.form.get("confirm") != "1" and version.status == "draft":
        return render_template(
            "console/admin/publish.html",
            version=version,
            diff=diff_versions(version),
            answer_types=ANSWER_TYPE,
        )
    problems = publish(current_user, version)
    if problems:
        for problem in problems:
            flash(problem, "error")
        return redirect(url_for("console.admin_version", version_id=version.id))
    flash(gettext("Version %(n)d published.", n=version.number), "success")
    return redirect(url_for("console.admin_templates"))
