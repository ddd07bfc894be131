"""The coded values of records and their labels: each label is defined here and only here.

Screens, exports (CSV/XLSX), printed reports and the field app show these words. The English
is the msgid and the Vietnamese comes from the Babel catalog, like every other server string;
the field app gets both from pwa/js/codes.js, generated from this module (app/fieldapp/codes.py).
The order of each table is the order lists and tabs show the values in.
"""

from flask import has_app_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

CHECK_STATUS = {
    "draft": _l("Draft"),
    "submitted": _l("Submitted"),
    "returned": _l("Returned"),
    "approved": _l("Approved"),
}
EVENT_STATUS = {
    "planned": _l("Planned"),
    "held": _l("Held"),
    "returned": _l("Returned"),
    "reviewed": _l("Reviewed"),
}
FINDING_STATE = {"open": _l("Open"), "overdue": _l("Overdue"), "closed": _l("Closed")}
# A visit stores planned, done or cancelled; the console also shows due and missed.
VISIT_STATUS = {
    "planned": _l("Planned"),
    "due": _l("Due"),
    "done": _l("Done"),
    "missed": _l("Missed"),
    "cancelled": _l("Cancelled"),
}
# A sync conflict is shown unresolved while open.
CONFLICT_STATUS = {"unresolved": _l("Unresolved"), "resolved": _l("Resolved")}
SEVERITY = {
    "low": _l("Low"),
    "medium": _l("Medium"),
    "high": _l("High"),
    "critical": _l("Critical"),
}
# The sector the reports count enterprises by, derived from the legal form and the capital
# (app/core/legal_forms.py); "private" is every non-state domestic enterprise.
OWNERSHIP = {
    "fdi": _l("Foreign-invested sector"),
    "private": _l("Non-state sector"),
    "state": _l("State sector"),
    "park_wide": _l("Park-wide"),
}
# The legal form as registered, named as the Law on Enterprises 2020 names it.
LEGAL_FORM = {
    "tnhh": _l("Limited liability company"),
    "tnhh_mtv": _l("Single-member limited liability company"),
    "co_phan": _l("Joint-stock company"),
    "hop_danh": _l("Partnership"),
    "dntn": _l("Private enterprise (sole proprietorship)"),
    "chi_nhanh": _l("Branch"),
    "vpdd": _l("Representative office"),
}
PERSON_ROLE = {
    "worker": _l("Worker"),
    "guard": _l("Guard"),
    "manager": _l("Manager"),
    "official": _l("Official"),
}
METHOD = {"roster": _l("Roster"), "qr": _l("QR scan"), "manual": _l("Manual")}
USER_ROLE = {
    "inspector": _l("Inspector"),
    "enterprise_hr": _l("Enterprise HR"),
    "supervisor": _l("Supervisor"),
    "admin": _l("Administrator"),
}
UNIT = {
    "bql": _l("Industrial parks management board"),
    "police": _l("Provincial police"),
    "enterprise": _l("Enterprise"),
    "other": _l("Other unit"),
}
# The unit of a member of a check's team (a user's unit is bql, police or enterprise).
TEAM_UNIT = {code: UNIT[code] for code in ("bql", "police", "other")}
ACTIVITY = {
    "propaganda": _l("Propaganda session"),
    "law_quiz": _l("Law quiz contest"),
    "dialogue_forum": _l("Enterprise–worker dialogue forum"),
    "banners": _l("Banners and slogans"),
    "gifts": _l("Gifts and rewards"),
    "guard_training": _l("Guard training"),
}
# A checklist item's answer type (the template editor; the field app shows the answers, not
# these names, so they stay out of KINDS and pwa/js/codes.js).
ANSWER_TYPE = {
    "yes_no_na": _l("Yes / No / Not applicable"),
    "number": _l("Number"),
    "text": _l("Text"),
    "choice": _l("Choice from a list"),
}
# What an audit-log row says was done (app/models/audit.py's Action values), for the audit
# page and its export; console only, so not in KINDS.
AUDIT_ACTION = {
    "check_approve": _l("Check approved"),
    "check_return": _l("Check returned"),
    "event_reviewed": _l("Event reviewed"),
    "event_return": _l("Event returned"),
    "conflict_resolved": _l("Conflict resolved"),
    "commendation_recorded": _l("Commendation recorded"),
    "plan_created": _l("Plan created"),
    "visit_scheduled": _l("Visit scheduled"),
    "visit_moved": _l("Visit moved"),
    "visit_cancelled": _l("Visit cancelled"),
    "comment_written": _l("Comment written"),
    "finding_closed": _l("Corrective action closed"),
    "finding_owner": _l("Corrective action owner named"),
    "user.create": _l("User created"),
    "user.update": _l("User changed"),
    "user.password_reset": _l("Password reset"),
    "park.create": _l("Park created"),
    "park.update": _l("Park changed"),
    "enterprise.create": _l("Enterprise created"),
    "enterprise.update": _l("Enterprise changed"),
    "enterprise.import": _l("Enterprises imported"),
    "template.new_version": _l("Template version opened"),
    "template.edit": _l("Template draft edited"),
    "template.publish": _l("Template version published"),
    "workers.purge": _l("Worker personal data deleted"),
}
# Any record status by its code (a code shared by two tables has one word in both).
STATUS = {**CHECK_STATUS, **EVENT_STATUS, **FINDING_STATE}

# Kinds whose words another kind already gives (status, unit): listed, never labelled apart.
LIST_ONLY = ("check_status", "event_status", "finding_state", "team_unit")
KINDS = {
    "status": STATUS,
    "check_status": CHECK_STATUS,
    "event_status": EVENT_STATUS,
    "finding_state": FINDING_STATE,
    "visit_status": VISIT_STATUS,
    "conflict_status": CONFLICT_STATUS,
    "severity": SEVERITY,
    "ownership": OWNERSHIP,
    "legal_form": LEGAL_FORM,
    "role": PERSON_ROLE,
    "method": METHOD,
    "user_role": USER_ROLE,
    "unit": UNIT,
    "team_unit": TEAM_UNIT,
    "activity": ACTIVITY,
}
LANGUAGES = ("vi", "en")
_tables: dict[str, dict[str, dict[str, str]]] = {}


def tables(lang: str) -> dict[str, dict[str, str]]:
    """Every kind's labels as plain strings in a language (translated once per process)."""
    lang = lang if lang in LANGUAGES else "vi"
    if lang in _tables:
        return _tables[lang]
    with force_locale(lang):
        table = {kind: {c: str(text) for c, text in codes.items()} for kind, codes in KINDS.items()}
    if has_app_context():  # outside one, Flask-Babel cannot translate: do not keep msgids
        _tables[lang] = table
    return table


def label(kind: str, code: str | None, lang: str | None = None) -> str:
    """The label of a coded value, in the language or the request's (the code when unknown)."""
    if lang is None:
        text = KINDS.get(kind, {}).get(code or "")
        return str(text) if text is not None else code or ""
    return tables(lang).get(kind, {}).get(code or "", code or "")
