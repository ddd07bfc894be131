"""The exported tables (checks, findings, events, attendance) for the filters in force."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import LazyString, force_locale, lazy_pgettext
from sqlalchemy import Select, and_, case, func, select

from app.extensions import db
from app.models import (
    Attendance,
    Check,
    ChecklistTemplate,
    Enterprise,
    Event,
    Finding,
    Gift,
    Park,
    TemplateVersion,
    User,
)
from app.reports.labels import label
from app.reports.periods import HANOI, local_today
from app.reports.scope import within

KINDS = ("checks", "findings", "events", "attendance")


@dataclass
class ExportFilters:
    """The filters of an export: park, enterprise, status and a date range (inclusive)."""

    park_id: str | None = None
    enterprise_id: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    today: date | None = None


@dataclass
class Table:
    """An export: its column headers (translated: context "export column") and a query whose
    rows a formatter turns into cells."""

    headers: list[LazyString]
    query: Select
    format_row: Callable[[tuple, str], list]


def when(value: datetime | None) -> datetime | None:
    """A stored moment as Vietnam's wall-clock time (naive: a spreadsheet has no zones); the
    writers show it dd/mm/yyyy HH:MM."""
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite gives naive UTC back
        value = value.replace(tzinfo=UTC)
    return value.astimezone(HANOI).replace(tzinfo=None)


def day(value: date | None) -> date | None:
    """A day as it is (the writers show it dd/mm/yyyy)."""
    return value


def _midnight(day_: date) -> datetime:
    return datetime(day_.year, day_.month, day_.day, tzinfo=HANOI).astimezone(UTC)


def date_range(column, filters: ExportFilters, moments: bool) -> list:
    """The WHERE clauses of the filters' days (moments: a timestamp column, Vietnam's days)."""
    clauses = []
    if filters.date_from:
        start = filters.date_from
        clauses.append(column >= (_midnight(start) if moments else start))
    if filters.date_to:
        end = filters.date_to + timedelta(days=1)
        clauses.append(column < (_midnight(end) if moments else end))
    return clauses


def common_clauses(actor, model, filters: ExportFilters, personal: bool = False) -> list:
    """The WHERE clauses of the actor's scope, the park and the enterprise filters."""
    clauses = [within(actor, model, filters.park_id, personal=personal)]
    if filters.enterprise_id:
        clauses.append(model.enterprise_id == filters.enterprise_id)
    return clauses


def _dimensions() -> dict:
    """Names of parks, enterprises, users and template versions, looked up in Python.

    Joining them to a year of (fat) check rows costs more than reading them once.
    """
    return {
        "park": dict(db.session.execute(select(Park.id, Park.name)).all()),
        "enterprise": {
            r[0]: r[1:]
            for r in db.session.execute(
                select(Enterprise.id, Enterprise.name, Enterprise.tax_code, Enterprise.ownership)
            )
        },
        "user": dict(db.session.execute(select(User.id, User.full_name)).all()),
        "version": {
            r[0]: r[1:]
            for r in db.session.execute(
                select(
                    TemplateVersion.id,
                    ChecklistTemplate.title_vi,
                    ChecklistTemplate.title_en,
                    TemplateVersion.number,
                ).join(ChecklistTemplate)
            )
        },
    }


def checks_table(actor: User, filters: ExportFilters) -> Table:
    """Every check in scope matching the filters, by start time (drafts only when asked)."""
    clauses = common_clauses(actor, Check, filters) + date_range(Check.started_at, filters, True)
    # A draft is the inspector's unfinished work: the queue and the dashboard leave it out.
    clauses.append(Check.status == filters.status if filters.status else Check.status != "draft")
    query = (
        select(
            Check.receipt,
            Check.park_id,
            Check.enterprise_id,
            Check.template_version_id,
            Check.status,
            Check.started_at,
            Check.ended_at,
            Check.submitted_at,
            Check.author_id,
            Check.finding_count,
            Check.reviewed_by_id,
            Check.reviewed_at,
            Check.review_comment,
        )
        .where(and_(*clauses))
        .order_by(Check.started_at, Check.id)
    )
    dims = _dimensions()
    parks, ents, users, versions = dims["park"], dims["enterprise"], dims["user"], dims["version"]
    no_ent, no_version = ("", "", ""), ("", "", 0)

    def fmt(r, lang):
        ent = ents.get(r[2], no_ent)
        version = versions.get(r[3], no_version)
        return [
            r[0] or "",
            parks.get(r[1], ""),
            ent[0],
            ent[1],
            label("ownership", ent[2], lang),
            f"{version[1] if lang == 'en' else version[0]} (v{version[2]})",
            label("status", r[4], lang),
            when(r[5]),
            when(r[6]),
            when(r[7]),
            users.get(r[8]) or "",
            r[9],
            users.get(r[10]) or "",
            when(r[11]),
            r[12] or "",
        ]

    headers = [
        lazy_pgettext("export column", "Receipt"),
        lazy_pgettext("export column", "Industrial park"),
        lazy_pgettext("export column", "Enterprise"),
        lazy_pgettext("export column", "Tax code"),
        lazy_pgettext("export column", "Economic sector"),
        lazy_pgettext("export column", "Template"),
        lazy_pgettext("export column", "Status"),
        lazy_pgettext("export column", "Started"),
        lazy_pgettext("export column", "Ended"),
        lazy_pgettext("export column", "Submitted"),
        lazy_pgettext("export column", "Inspector"),
        lazy_pgettext("export column", "Findings"),
        lazy_pgettext("export column", "Reviewer"),
        lazy_pgettext("export column", "Reviewed"),
        lazy_pgettext("export column", "Comment"),
    ]
    return Table(headers, query, fmt)


def finding_state(today: date):
    """SQL: closed, overdue or open."""
    return case(
        (Finding.closed_at.is_not(None), "closed"),
        (Finding.due_date < today, "overdue"),
        else_="open",
    )


def findings_table(actor: User, filters: ExportFilters) -> Table:
    """Every finding of checks sent in, in scope, matching the filters."""
    today = filters.today or local_today()
    state = finding_state(today)
    clauses = common_clauses(actor, Finding, filters) + date_range(Check.started_at, filters, True)
    clauses += [Check.deleted.is_(False), Check.status != "draft"]
    if filters.status:
        clauses.append(state == filters.status)
    query = (
        select(
            Park.name,
            Enterprise.name,
            Enterprise.tax_code,
            Check.receipt,
            Check.started_at,
            Finding.item_code,
            Finding.severity,
            Finding.description,
            Finding.corrective_action,
            Finding.due_date,
            state,
            Finding.closed_at,
            Finding.closed_note,
        )
        .join(Check, Check.id == Finding.check_id)
        .join(Park, Park.id == Finding.park_id)
        .join(Enterprise, Enterprise.id == Finding.enterprise_id)
        .where(and_(*clauses))
        .order_by(Check.started_at, Finding.id)
    )

    def fmt(r, lang):
        return [
            r[0],
            r[1],
            r[2],
            r[3] or "",
            when(r[4]),
            r[5] or "",
            label("severity", r[6], lang),
            r[7],
            r[8],
            day(r[9]),
            label("status", r[10], lang),
            when(r[11]),
            r[12] or "",
        ]

    headers = [
        lazy_pgettext("export column", "Industrial park"),
        lazy_pgettext("export column", "Enterprise"),
        lazy_pgettext("export column", "Tax code"),
        lazy_pgettext("export column", "Receipt"),
        lazy_pgettext("export column", "Checked"),
        lazy_pgettext("export column", "Item"),
        lazy_pgettext("export column", "Severity"),
        lazy_pgettext("export column", "Finding"),
        lazy_pgettext("export column", "Corrective action"),
        lazy_pgettext("export column", "Due"),
        lazy_pgettext("export column", "State"),
        lazy_pgettext("export column", "Closed"),
        lazy_pgettext("export column", "Note"),
    ]
    return Table(headers, query, fmt)


def events_table(actor: User, filters: ExportFilters) -> Table:
    """Every festival-day event in scope matching the filters, with its attendance count."""
    counts = (
        select(Attendance.event_id, func.count().label("n"))
        .where(Attendance.deleted.is_(False))
        .group_by(Attendance.event_id)
        .subquery()
    )
    gifts = (
        select(
            Gift.event_id,
            func.count().label("n"),
            func.coalesce(func.sum(Gift.value_vnd), 0).label("value"),
        )
        .where(Gift.deleted.is_(False), Gift.flagged.is_(False))
        .group_by(Gift.event_id)
        .subquery()
    )
    clauses = common_clauses(actor, Event, filters) + date_range(Event.date, filters, False)
    if filters.status:
        clauses.append(Event.status == filters.status)
    query = (
        select(
            Park.name,
            Enterprise.name,
            Enterprise.tax_code,
            Enterprise.ownership,
            Event.title,
            Event.date,
            Event.place,
            Event.status,
            Event.activities,
            Event.planned_participants,
            func.coalesce(counts.c.n, 0),
            Enterprise.workforce,
            func.coalesce(gifts.c.n, 0),
            func.coalesce(gifts.c.value, 0),
        )
        .join(Park, Park.id == Event.park_id)
        .outerjoin(Enterprise, Enterprise.id == Event.enterprise_id)
        .outerjoin(counts, counts.c.event_id == Event.id)
        .outerjoin(gifts, gifts.c.event_id == Event.id)
        .where(and_(*clauses))
        .order_by(Event.date, Event.id)
    )

    def fmt(r, lang):
        kinds = ", ".join(
            label("activity", a.get("kind"), lang) for a in (r[8] or []) if isinstance(a, dict)
        )
        return [
            r[0],
            r[1] or label("ownership", "park_wide", lang),
            r[2] or "",
            label("ownership", r[3] or "park_wide", lang),
            r[4],
            day(r[5]),
            r[6],
            label("status", r[7], lang),
            kinds,
            r[9],
            r[10],
            r[11],
            r[12],
            int(r[13]),
        ]

    headers = [
        lazy_pgettext("export column", "Industrial park"),
        lazy_pgettext("export column", "Enterprise"),
        lazy_pgettext("export column", "Tax code"),
        lazy_pgettext("export column", "Economic sector"),
        lazy_pgettext("export column", "Event name"),
        lazy_pgettext("export column", "Date"),
        lazy_pgettext("export column", "Place"),
        lazy_pgettext("export column", "Status"),
        lazy_pgettext("export column", "Activities"),
        lazy_pgettext("export column", "Planned participants"),
        lazy_pgettext("export column", "Attendance"),
        lazy_pgettext("export column", "Workforce"),
        lazy_pgettext("export column", "Gifts given"),
        lazy_pgettext("export column", "Gift value (VND)"),
    ]
    return Table(headers, query, fmt)


def attendance_table(actor: User, filters: ExportFilters) -> Table:
    """Every attendance row of events in scope matching the filters (personal data)."""
    clauses = common_clauses(actor, Attendance, filters, personal=True)
    clauses += date_range(Event.date, filters, False) + [Event.deleted.is_(False)]
    if filters.status:
        clauses.append(Event.status == filters.status)
    query = (
        select(
            Park.name,
            Enterprise.name,
            Event.title,
            Event.date,
            Attendance.name,
            Attendance.employee_number,
            Attendance.role,
            Attendance.method,
            Attendance.recorded_at,
        )
        .join(Event, Event.id == Attendance.event_id)
        .join(Park, Park.id == Attendance.park_id)
        .outerjoin(Enterprise, Enterprise.id == Attendance.enterprise_id)
        .where(and_(*clauses))
        .order_by(Event.date, Event.id, Attendance.id)
    )

    def fmt(r, lang):
        return [
            r[0],
            r[1] or label("ownership", "park_wide", lang),
            r[2],
            day(r[3]),
            r[4],
            r[5],
            label("role", r[6], lang),
            label("method", r[7], lang),
            when(r[8]),
        ]

    headers = [
        lazy_pgettext("export column", "Industrial park"),
        lazy_pgettext("export column", "Enterprise"),
        lazy_pgettext("export column", "Event"),
        lazy_pgettext("export column", "Date"),
        lazy_pgettext("export column", "Full name"),
        lazy_pgettext("export column", "Employee number"),
        lazy_pgettext("export column", "Role"),
        lazy_pgettext("export column", "Recorded by"),
        lazy_pgettext("export column", "Recorded at"),
    ]
    return Table(headers, query, fmt)


BUILDERS = {
    "checks": checks_table,
    "findings": findings_table,
    "events": events_table,
    "attendance": attendance_table,
}


def export_rows(
    actor: User, kind: str, filters: ExportFilters, lang: str = "vi"
) -> tuple[list[str], Iterator[list]]:
    """Return the headers in the language and an iterator over the formatted rows."""
    table = BUILDERS[kind](actor, filters)
    with force_locale(lang):
        headers = [str(header) for header in table.headers]
    result = db.session.execute(table.query.execution_options(yield_per=2000))
    return headers, (table.format_row(row, lang) for row in result)
