"""Console page: the annual summary report, printable on A4."""

from flask import render_template, request
from flask_login import current_user

from app.console.access import visible_parks
from app.console.dashboard import chosen_park, lang, pct
from app.console.helpers import parse_year
from app.reports.commended import commended_models
from app.reports.labels import label
from app.reports.periods import local_today, make_period
from app.reports.rules import GUARDS_PER_1000, OWNERSHIP_ORDER
from app.reports.summary import annual_summary
from app.reports.survey import survey_figures


def annual_report():
    """The year's summary in the shape the board reports to the province."""
    parks = visible_parks()
    park_id = chosen_park(parks)
    today = local_today()
    year = parse_year(request.args.get("year"), today.year)
    if not 2000 <= year <= today.year + 1:
        year = today.year
    summary = annual_summary(current_user, year, park_id, today=today)
    park = next((p for p in parks if p.id == park_id), None)
    province = park.province if park else (parks[0].province if parks else "Bắc Ninh")
    return render_template(
        "console/report.html",
        s=summary,
        year=year,
        years=range(today.year, today.year - 5, -1),
        commended=commended_models(current_user, park_id, make_period("year", year)),
        survey=survey_figures(current_user, park_id, make_period("year", year)),
        parks=parks,
        park=park,
        park_id=park_id,
        province=province,
        today=today,
        pct=pct,
        label=label,
        lang=lang(),
        owners=OWNERSHIP_ORDER,
        rule=GUARDS_PER_1000,
    )
