"""Console page: the dashboard, per park or province and per month, quarter or year."""

from flask import abort, render_template, request
from flask_babel import get_locale, gettext
from flask_login import current_user

from app.console.access import visible_parks
from app.reports import dashboard_figures, parse_period
from app.reports.charts import bar_chart, grouped_bar_chart
from app.reports.labels import label
from app.reports.periods import Period, period_choices
from app.reports.rules import OWNERSHIP_ORDER
from app.reports.survey import survey_figures


def pct(value: float | None) -> str:
    """A share as 42,5 % (– when undefined)."""
    return "–" if value is None else f"{value * 100:.1f}".replace(".", ",") + " %"


def period_label(period: Period) -> str:
    """Năm 2026, Quý 3/2026 or Tháng 08/2026 in the user's language."""
    if period.kind == "year":
        return gettext("Year %(year)d", year=period.year)
    if period.kind == "quarter":
        return gettext("Quarter %(q)d/%(year)d", q=period.number, year=period.year)
    return gettext("Month %(m)02d/%(year)d", m=period.number, year=period.year)


def chosen_park(parks) -> str | None:
    """The park filter of the request, refused (404) when it is out of scope."""
    park_id = request.args.get("park") or None
    if park_id and park_id not in {p.id for p in parks}:
        abort(404)
    return park_id


def lang() -> str:
    """The current language code."""
    return str(get_locale() or "vi")


def charts(fig: dict) -> dict:
    """The dashboard's three SVG charts."""
    en = lang() == "en"
    checked = bar_chart(
        gettext("Share of enterprises checked, by park"),
        [(p["name"], p["share"]) for p in fig["parks"]],
        percent=True,
    )
    severity = bar_chart(
        gettext("Findings by severity"),
        [(label("severity", s, lang()), n) for s, n in fig["checks"]["by_severity"].items()],
        color="#b3261e",
    )
    owners = fig["festival"]["by_ownership"]
    festival = grouped_bar_chart(
        gettext("Festival day by economic sector"),
        [
            (label("ownership", o, lang()), [owners[o]["share_held"], owners[o]["rate"]])
            for o in OWNERSHIP_ORDER
        ],
        [gettext("Enterprises that held one"), gettext("Participation rate")],
        percent=True,
    )
    categories = bar_chart(
        gettext("Findings by category"),
        [
            ((c.get("title_en") if en else c.get("title_vi")) or c["code"], c["total"])
            for c in fig["checks"]["by_category"]
        ],
        color="#a35d00",
        label_width=260,
    )
    return {
        "checked": checked,
        "severity": severity,
        "festival": festival,
        "categories": categories,
    }


def dashboard():
    """The dashboard: checks, findings, guards, incidents and festival day for a period."""
    parks = visible_parks()
    park_id = chosen_park(parks)
    period = parse_period(request.args.get("period"))
    fig = dashboard_figures(current_user, park_id, period)
    return render_template(
        "console/dashboard.html",
        fig=fig,
        charts=charts(fig),
        survey=survey_figures(current_user, park_id, period),
        parks=parks,
        park_id=park_id,
        period=period,
        periods=period_choices(),
        period_label=period_label,
        pct=pct,
        label=label,
        lang=lang(),
        owners=(*OWNERSHIP_ORDER, "park_wide"),
    )
