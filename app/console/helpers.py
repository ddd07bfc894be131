"""Console helpers: filters, pagination, template filters (access rules: access.py)."""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from math import ceil
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import Select, func

from app.access.permissions import can_open_console, template_permissions
from app.console.access import init_access
from app.core import codes
from app.core.i18n import fold, format_date, format_number
from app.extensions import db

PER_PAGE = 50


# --- filters and pagination -----------------------------------------------------------------
TYPED_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(text: str | None) -> date | None:
    """Read a date typed dd/mm/yyyy (or d/m/yyyy, with . or -) or yyyy-mm-dd (older links);
    None when empty or not a real date."""
    text = (text or "").strip()
    typed = TYPED_DATE.fullmatch(text)
    try:
        if typed:
            day, month, year = (int(part) for part in typed.groups())
            return date(year, month, day)
        return date.fromisoformat(text) if "-" in text else None
    except ValueError:
        return None


INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # a PostgreSQL integer
MAX_PAGE = 100_000
YEAR_MIN, YEAR_MAX = 1, 9999  # what a date can hold


def parse_int(text: str | None, default: int = 0, low: int = INT_MIN, high: int = INT_MAX) -> int:
    """Read an integer from a query argument, falling back to a default; clamp it to low..high.

    Garbage gives the default; a number beyond the range gives the nearest bound, so no
    database ever sees a value its integer columns cannot hold (issue 15).
    """
    try:
        number = int(str(text).strip()[:40]) if text is not None else default
    except ValueError:
        number = default
    return min(max(number, low), high)


def parse_page(text: str | None) -> int:
    """Read a ?page= number: 1 when missing or garbage, clamped to 1..MAX_PAGE."""
    return parse_int(text, 1, 1, MAX_PAGE)


def parse_year(text: str | None, default: int) -> int:
    """Read a year= value: the default when missing or garbage, clamped to a date's years."""
    return parse_int(text, default, YEAR_MIN, YEAR_MAX)


@dataclass
class Filters:
    """The filters of a list page, read from the query string."""

    park: str = ""
    q: str = ""
    inspector: str = ""
    status: str = ""
    template: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = ""
    page: int = 1
    extra: dict = field(default_factory=dict)

    @property
    def q_key(self) -> str:
        """The search text folded like search_key columns ("Quế Võ" -> "que vo")."""
        return fold(self.q)


def parse_filters(args, sorts: tuple[str, ...] = ("",)) -> Filters:
    """Read the common list filters from request args; unknown sort keys fall back."""
    sort = args.get("sort", "")
    return Filters(
        park=args.get("park", "").strip(),
        q=args.get("q", "").strip()[:100],
        inspector=args.get("inspector", "").strip(),
        status=args.get("status", "").strip(),
        template=args.get("template", "").strip(),
        kind=args.get("kind", "").strip(),
        date_from=parse_date(args.get("from")),
        date_to=parse_date(args.get("to")),
        sort=sort if sort in sorts else sorts[0],
        page=parse_page(args.get("page")),
    )


@dataclass
class Page:
    """One page of a list: its rows and where it sits among all of them."""

    items: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(
    stmt: Select,
    page: int,
    per_page: int = PER_PAGE,
    scalars: bool = True,
    count: Select | None = None,
) -> Page:
    """Run a select for one page and count all its rows (with `count` when it is cheaper)."""
    if count is None:
        count = stmt.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    total = db.session.execute(count).scalar_one()
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
    items = list(rows.scalars() if scalars else rows)
    return Page(items=items, total=total, page=page, per_page=per_page)


def page_url(number: int) -> str:
    """Return this page's URL with the same query and another page number."""
    args = request.args.to_dict()
    args["page"] = str(number)
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def safe_next(target: str | None, fallback: str) -> str:
    """Return a same-site path to go back to, or the fallback."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return fallback
    return target


# --- template filters and globals ------------------------------------------------------------
# Badges: record, visit and conflict statuses and severities (labels from app/core/codes.py).
STATUS_LABELS = {**codes.STATUS, **codes.VISIT_STATUS, **codes.CONFLICT_STATUS, **codes.SEVERITY}


def status_label(status: str) -> str:
    """Return the translated name of a status or severity (one translation per call)."""
    label = STATUS_LABELS.get(status)
    return str(label) if label is not None else status


def local_time(value: datetime | None) -> datetime | None:
    """Convert a stored time (aware, or naive UTC from SQLite) to the app's time zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def day_start(day: date, plus_days: int = 0) -> datetime:
    """Return local midnight of a day (plus some days) as a UTC time, for range filters."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = datetime.combine(day + timedelta(days=plus_days), time.min, tzinfo=zone)
    return local.astimezone(UTC)


def parse_iso(value) -> datetime | date | None:
    """Read an ISO date or time string sent by a device (None when it is not one)."""
    if isinstance(value, (date, datetime)) or value is None:
        return value
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return parse_date(str(value))


def vdate(value) -> str:
    """Jinja filter: dd/mm/yyyy (times are converted to local time first)."""
    value = parse_iso(value)
    if isinstance(value, datetime):
        value = local_time(value)
    return format_date(value)


def vdatetime(value) -> str:
    """Jinja filter: dd/mm/yyyy HH:MM in local time."""
    value = parse_iso(value)
    if not isinstance(value, datetime):
        return format_date(value)
    return local_time(value).strftime("%d/%m/%Y %H:%M")


def localtime(value) -> datetime | None:
    """Jinja filter: a stored or ISO time in the app's time zone."""
    value = parse_iso(value)
    return local_time(value) if isinstance(value, datetime) else None


def vnum(value) -> str:
    """Jinja filter: 1.425.036."""
    return format_number(value)


def init_blueprint(bp: Blueprint) -> None:
    """Install the access rule and CSRF check, the template filters and globals."""
    init_access(bp)
    bp.app_context_processor(template_permissions)
    bp.add_app_template_filter(vdate, "vdate")
    bp.add_app_template_filter(vdatetime, "vdatetime")
    bp.add_app_template_filter(vnum, "vnum")
    bp.add_app_template_filter(localtime, "localtime")
    bp.add_app_template_global(page_url, "page_url")
    bp.add_app_template_global(status_label, "status_label")
    bp.add_app_template_global(lambda: str(get_locale() or "vi"), "get_locale")

    @bp.app_context_processor
    def console_context():
        return {"is_console_user": can_open_console(current_user)}


def posted_lines(form, name: str) -> set[int]:
    """The line numbers posted under `name` (a preview's ticked or shown rows)."""
    return {int(v) for v in form.getlist(name) if v.isdigit() and len(v) < 8}


def unticked_lines(form) -> set[int]:
    """The preview lines the user unticked: shown and not kept, or left out on an earlier step
    ("skip": lines no longer shown)."""
    shown = posted_lines(form, "shown")
    return (shown - posted_lines(form, "keep")) | (posted_lines(form, "skip") - shown)
