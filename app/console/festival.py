"""Console page: festival day per enterprise for a period, a park and a sector."""

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_login import current_user

from app.console.access import visible_parks
from app.console.dashboard import chosen_park, pct, period_label
from app.console.helpers import PER_PAGE, Page, paginate, parse_page
from app.core.codes import EVENT_STATUS
from app.reports.festival_overview import SECTORS, event_state, festival_overview, period_events
from app.reports.periods import local_today, parse_period, period_choices

SECTOR_LABELS = {
    "state": lazy_pgettext("sector", "State"),
    "non_state": lazy_pgettext("sector", "Non-state"),
    "foreign": lazy_pgettext("sector", "Foreign-invested"),
}
STATE_LABELS = {**EVENT_STATUS, "unreported": _l("Past, not reported")}


def chosen_sector() -> str | None:
    """The sector filter of the request (state, non_state, foreign), or None for all."""
    value = request.args.get("sector") or None
    if value and value not in SECTORS:
        abort(404)
    return value


def page_link(name: str, number: int) -> str:
    """This page's URL with the same filters and another number for the pager `name`."""
    args = request.args.to_dict()
    args[name] = str(number)
    return url_for("console.festival_overview", **args)


def festival_overview_page():
    """Per enterprise: events held, participants against the workforce, gifts; the events."""
    parks = visible_parks()
    park_id = chosen_park(parks)
    sector = chosen_sector()
    period = parse_period(request.args.get("period"))
    figures = festival_overview(current_user, park_id, sector, period)
    overview = figures["overview"]
    number = parse_page(request.args.get("page"))
    start = (number - 1) * PER_PAGE
    page = Page(overview.rows[start : start + PER_PAGE], len(overview.rows), number, PER_PAGE)
    events = paginate(
        period_events(current_user, park_id, sector, period),
        parse_page(request.args.get("epage")),
        scalars=False,
    )
    return render_template(
        "console/festival.html",
        overview=overview,
        computed_at=figures.get("computed_at"),
        page=page,
        events=events,
        parks=parks,
        park_id=park_id,
        sector=sector,
        sectors=SECTORS,
        sector_labels={k: str(v) for k, v in SECTOR_LABELS.items()},
        state_labels={k: str(v) for k, v in STATE_LABELS.items()},
        event_state=event_state,
        today=local_today(),
        period=period,
        periods=period_choices(),
        period_label=period_label,
        pct=pct,
        page_link=page_link,
        # one url_for for all rows: the id is appended (ids are UUIDs, URL-safe)
        enterprise_url=url_for("console.enterprise", enterprise_id="x")[:-1],
        event_url=url_for("console.event", event_id="x")[:-1],
    )
