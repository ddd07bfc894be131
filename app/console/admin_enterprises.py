"""Console pages for admins: enterprises (search, create, edit) and their XLSX import."""

import base64
import binascii

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import or_, select

from app.console.admin import _not_found, labels, require_admin
from app.console.admin_import import CHANGE_LABELS, apply_import, read_sheet
from app.console.admin_import import FIELD_LABELS as IMPORT_LABELS
from app.console.admin_import import FIELDS as IMPORT_FIELDS
from app.console.admin_ops import save_enterprise
from app.console.helpers import paginate, parse_page, unticked_lines
from app.core.i18n import fold
from app.core.legal_forms import LEGAL_FORMS
from app.extensions import db
from app.models import OWNERSHIPS, Enterprise, Park
from app.sheets import MAX_UPLOAD
from app.sheets.messages import SKIP_REASONS, file_error_text
from app.web.transaction import end_read_transaction


def enterprise_list():
    """Enterprises, searchable without diacritics ("que vo" finds "Quế Võ"), by park."""
    require_admin()
    q = request.args.get("q", "").strip()[:100]
    park_id = request.args.get("park") or ""
    stmt = (
        select(Enterprise, Park.name)
        .join(Park, Park.id == Enterprise.park_id)
        .where(Enterprise.deleted.is_(False))
    )
    if q:
        key = f"%{fold(q)}%"
        stmt = stmt.where(or_(Enterprise.search_key.like(key), Enterprise.tax_code.like(key)))
    if park_id:
        stmt = stmt.where(Enterprise.park_id == park_id)
    page = paginate(
        stmt.order_by(Enterprise.name), parse_page(request.args.get("page")), scalars=False
    )
    parks = db.session.scalars(select(Park).order_by(Park.code)).all()
    return render_template(
        "console/admin/enterprises.html", page=page, q=q, park_id=park_id, parks=parks, **labels()
    )


def enterprise_form(enterprise_id: str | None = None):
    """Create or edit an enterprise."""
    require_admin()
    enterprise = (
        (db.session.get(Enterprise, enterprise_id) or _not_found()) if enterprise_id else None
    )
    errors: dict = {}
    if request.method == "POST":
        saved, errors = save_enterprise(current_user, enterprise, request.form.to_dict())
        if not errors:
            flash(gettext("Saved: %(name)s.", name=saved.name), "success")
            return redirect(url_for("console.admin_enterprises", q=saved.tax_code))
    parks = db.session.scalars(select(Park).order_by(Park.code)).all()
    return render_template(
        "console/admin/enterprise_form.html",
        enterprise=enterprise,
        errors=errors,
        form=request.form,
        parks=parks,
        ownerships=OWNERSHIPS,
        legal_forms=LEGAL_FORMS,
        **labels(),
    ), 400 if errors else 200


def enterprise_import():
    """Upload a sheet, preview every row with its errors, then import all rows or none."""
    require_admin()
    if request.method == "GET":
        return render_template("console/admin/import.html", sheet=None, file_errors=[])
    end_read_transaction()  # the file is read and parsed holding no database lock
    filename, content = _uploaded()
    if content is None or len(content) > MAX_UPLOAD:
        code = "no_file" if content is None else "too_big"
        return render_template(
            "console/admin/import.html", sheet=None, file_errors=[file_error_text(code)]
        ), 400
    wanted = request.form.get("sheet", "")
    same_sheet = request.form.get("sheet_was", wanted) == wanted
    sheet = read_sheet(content, filename, wanted, _mapping_from_form() if same_sheet else None)
    rows, file_errors = sheet.rows, sheet.errors
    left_out = unticked_lines(request.form) if same_sheet else set()
    kept = [r for r in rows if r.number not in left_out]
    has_errors = bool(file_errors) or any(r.errors for r in kept) or not kept
    if request.form.get("confirm") and not has_errors:
        counts = apply_import(current_user, kept)
        flash(
            gettext(
                "Imported: %(new)d new, %(updated)d updated, %(same)d unchanged.",
                new=counts["create"],
                updated=counts["update"],
                same=counts["same"],
            ),
            "success",
        )
        return redirect(url_for("console.admin_enterprises"))
    status = (
        400
        if (has_errors and request.form.get("confirm")) or (file_errors and not sheet.headers)
        else 200
    )
    return render_template(
        "console/admin/import.html",
        sheet=sheet,
        rows=rows,
        left_out=left_out,
        kept=len(kept),
        file_errors=file_errors,
        has_errors=has_errors,
        fields=IMPORT_FIELDS,
        field_labels=IMPORT_LABELS,
        change_labels=CHANGE_LABELS,
        payload=base64.b64encode(content).decode(),
        filename=filename,
        skip_reason=SKIP_REASONS,
        **labels(),
    ), status


def _mapping_from_form() -> dict | None:
    """The columns chosen in the preview (None on the first upload: propose them)."""
    if "map_name" not in request.form:
        return None
    mapping = {}
    for name in IMPORT_FIELDS:
        value = request.form.get(f"map_{name}", "")
        mapping[name] = int(value) if value.isdigit() and len(value) < 4 else None
    return mapping


def _uploaded() -> tuple[str, bytes | None]:
    """The uploaded file, or the previewed one sent back (base64) with the confirmation.

    At most MAX_UPLOAD + 1 bytes are read: a longer file is refused (the roster's cap).
    """
    upload = request.files.get("file")
    if upload and upload.filename:
        content = upload.read(MAX_UPLOAD + 1)
        upload.close()
        return upload.filename[:200], content
    try:
        content = base64.b64decode(request.form.get("payload", ""), validate=True)
    except (binascii.Error, ValueError):
        return "", None
    return request.form.get("filename", "")[:200], content or None
