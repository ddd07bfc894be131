"""The supervisor console: server-rendered pages for supervisors and admins.

Every console URL is in the table below (one line per page, indico style). Views live in
modules by area; a view module never imports `bp`.
"""

from flask import Blueprint

from app.console import auth, conflicts, findings, helpers, plans, review

bp = Blueprint("console", __name__, url_prefix="/console")
helpers.init_blueprint(bp)
GP = ("GET", "POST")
POST = ("POST",)

# --- sign-in, language ----------------------------------------------------------------------
bp.add_url_rule("/login", "login", auth.login, methods=GP)
bp.add_url_rule("/logout", "logout", auth.logout, methods=POST)
bp.add_url_rule("/language", "language", auth.language, methods=POST)
# --- review -----------------------------------------------------------------------------------
bp.add_url_rule("/", "index", review.index)
bp.add_url_rule("/review", "review_queue", review.queue)
bp.add_url_rule("/checks/<check_id>", "check", review.check_page)
bp.add_url_rule("/checks/<check_id>/review", "review_check", review.review, methods=POST)
bp.add_url_rule("/checks/<check_id>/minutes", "minutes", review.minutes)
bp.add_url_rule("/events/<event_id>", "event", review.event_page)
bp.add_url_rule("/events/<event_id>/review", "review_event", review.review_event, methods=POST)
bp.add_url_rule("/receipts", "receipts", review.receipts, methods=GP)
# --- inspection plans -------------------------------------------------------------------------
bp.add_url_rule("/plans", "plans", plans.plan_list, methods=GP)
bp.add_url_rule("/plans/<plan_id>", "plan", plans.plan_page)
bp.add_url_rule("/plans/<plan_id>/visits", "add_visit", plans.add_visit, methods=POST)
bp.add_url_rule("/findings/<finding_id>/reinspect", "reinspect", plans.reinspect, methods=POST)
# --- conflicts --------------------------------------------------------------------------------
bp.add_url_rule("/conflicts", "conflicts", conflicts.conflict_list)
bp.add_url_rule("/conflicts/<conflict_id>", "conflict", conflicts.conflict_page)
bp.add_url_rule("/conflicts/<conflict_id>/resolve", "resolve", conflicts.resolve, methods=POST)
# --- corrective actions -----------------------------------------------------------------------
bp.add_url_rule("/findings", "findings", findings.finding_list)
bp.add_url_rule("/findings/<finding_id>/close", "close_finding", findings.close, methods=POST)
# --- dashboards, exports, report, administration (the other console helper) -------------------
