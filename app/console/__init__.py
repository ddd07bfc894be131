"""The supervisor console: server-rendered pages for supervisors and admins.

Every console URL is in the table below (one line per page, indico style). Views live in
modules by area; a view module never imports `bp`.
"""

from flask import Blueprint

from app.console import audit, auth, conflicts, findings, helpers, plans, queue, review, thread

bp = Blueprint("console", __name__, url_prefix="/console")
helpers.init_blueprint(bp)
GP = ("GET", "POST")
POST = ("POST",)

# --- sign-in, language, contrast ----------------------------------------------------------------
bp.add_url_rule("/login", "login", auth.login, methods=GP)
bp.add_url_rule("/logout", "logout", auth.logout, methods=POST)
bp.add_url_rule("/language", "language", auth.language, methods=POST)
bp.add_url_rule("/contrast", "contrast", auth.contrast, methods=POST)
# --- review -----------------------------------------------------------------------------------
bp.add_url_rule("/", "index", review.index)
bp.add_url_rule("/review", "review_queue", queue.queue)
bp.add_url_rule("/review/approve", "bulk_approve", queue.bulk_approve, methods=POST)
bp.add_url_rule("/checks/<check_id>", "check", review.check_page)
bp.add_url_rule("/checks/<check_id>/review", "review_check", review.review, methods=POST)
bp.add_url_rule("/checks/<check_id>/minutes", "minutes", review.minutes)
bp.add_url_rule("/events/<event_id>", "event", review.event_page)
bp.add_url_rule("/checks/<check_id>/comments", "check_comment", thread.check_comment, methods=POST)
bp.add_url_rule("/events/<event_id>/comments", "event_comment", thread.event_comment, methods=POST)
bp.add_url_rule("/receipts", "receipts", review.receipts, methods=GP)
# --- inspection plans -------------------------------------------------------------------------
bp.add_url_rule("/plans", "plans", plans.plan_list, methods=GP)
bp.add_url_rule("/plans/<plan_id>", "plan", plans.plan_page)
bp.add_url_rule("/plans/<plan_id>/visits", "add_visit", plans.add_visit, methods=POST)
bp.add_url_rule("/visits/<visit_id>/move", "move_visit", plans.move, methods=POST)
bp.add_url_rule("/visits/<visit_id>/cancel", "cancel_visit", plans.cancel, methods=POST)
bp.add_url_rule("/findings/<finding_id>/reinspect", "reinspect", plans.reinspect, methods=POST)
# --- the audit log (admins: every row; supervisors: their own actions) ---------------------
bp.add_url_rule("/audit", "audit", audit.audit_page)
bp.add_url_rule("/audit.<fmt>", "audit_file", audit.audit_download)
# --- conflicts --------------------------------------------------------------------------------
bp.add_url_rule("/conflicts", "conflicts", conflicts.conflict_list)
bp.add_url_rule("/conflicts/<conflict_id>", "conflict", conflicts.conflict_page)
bp.add_url_rule("/conflicts/<conflict_id>/resolve", "resolve", conflicts.resolve, methods=POST)
# --- corrective actions -----------------------------------------------------------------------
bp.add_url_rule("/findings", "findings", findings.finding_list)
bp.add_url_rule("/findings/<finding_id>/close", "close_finding", findings.close, methods=POST)
bp.add_url_rule("/findings/<finding_id>/owner", "finding_owner", findings.name_owner, methods=POST)
# --- dashboards, exports, report, administration (the other console helper) -------------------
from app.console import (  # noqa: E402
    admin,
    admin_enterprises,
    admin_templates,
    dashboard,
    enterprise,
    exports,
    festival,
    maps,
    report,
    survey,
)

bp.add_url_rule("/dashboard", "dashboard", dashboard.dashboard)
bp.add_url_rule("/enterprises/<enterprise_id>", "enterprise", enterprise.enterprise_page)
bp.add_url_rule("/map", "map", maps.map_page)
bp.add_url_rule("/map/data.json", "map_data", maps.map_json)
bp.add_url_rule(
    "/enterprises/<enterprise_id>/commendations", "commend", enterprise.commend, methods=POST
)
bp.add_url_rule(
    "/commendations/<commendation_id>/photo", "commendation_photo", enterprise.commendation_photo
)
bp.add_url_rule("/festival", "festival_overview", festival.festival_overview_page)
bp.add_url_rule("/exports", "exports", exports.export_page)
bp.add_url_rule("/exports/checks-by-item/<version_id>.<fmt>", "export_wide", exports.download_wide)
bp.add_url_rule("/exports/<kind>.<fmt>", "export_file", exports.download)
bp.add_url_rule("/report", "annual_report", report.annual_report)
bp.add_url_rule("/survey/results.<fmt>", "survey_export", survey.survey_export)
bp.add_url_rule("/admin", "admin", admin.admin_index)
bp.add_url_rule("/admin/users", "admin_users", admin.user_list)
bp.add_url_rule("/admin/users/new", "admin_user_new", admin.user_new, methods=GP)
bp.add_url_rule("/admin/users/<user_id>", "admin_user", admin.user_edit, methods=GP)
bp.add_url_rule(
    "/admin/users/<user_id>/password", "admin_user_password", admin.user_password, methods=POST
)
bp.add_url_rule("/admin/parks", "admin_parks", admin.park_list)
bp.add_url_rule("/admin/parks/new", "admin_park_new", admin.park_form, methods=GP)
bp.add_url_rule("/admin/parks/<park_id>", "admin_park", admin.park_form, methods=GP)
bp.add_url_rule("/admin/enterprises", "admin_enterprises", admin_enterprises.enterprise_list)
bp.add_url_rule(
    "/admin/enterprises/new", "admin_enterprise_new", admin_enterprises.enterprise_form, methods=GP
)
bp.add_url_rule(
    "/admin/enterprises/import", "admin_import", admin_enterprises.enterprise_import, methods=GP
)
bp.add_url_rule(
    "/admin/enterprises/<enterprise_id>",
    "admin_enterprise",
    admin_enterprises.enterprise_form,
    methods=GP,
)
bp.add_url_rule("/admin/templates", "admin_templates", admin_templates.template_list)
bp.add_url_rule(
    "/admin/templates/<template_id>/new-version",
    "admin_new_version",
    admin_templates.template_new_version,
    methods=POST,
)
bp.add_url_rule(
    "/admin/versions/<version_id>", "admin_version", admin_templates.version_page, methods=GP
)
bp.add_url_rule(
    "/admin/versions/<version_id>/publish",
    "admin_publish",
    admin_templates.version_publish,
    methods=POST,
)
