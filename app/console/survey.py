"""Console: the service-use survey's sums as a file (the dashboard and report show them)."""

from flask import Response, abort, request
from flask_login import current_user

from app.console.access import visible_parks
from app.console.dashboard import chosen_park, lang
from app.reports import parse_period
from app.reports.survey import survey_figures, survey_table
from app.reports.writers import csv_chunks, xlsx_bytes

FORMATS = ("xlsx", "csv")


def survey_export(fmt: str):
    """Send the survey sums per park, service and answer for the period as CSV or XLSX."""
    if fmt not in FORMATS:
        abort(404)
    park_id = chosen_park(visible_parks())
    period = parse_period(request.args.get("period"))
    language = lang()
    headers, rows = survey_table(survey_figures(current_user, park_id, period), language)
    if fmt == "csv":
        response = Response(b"".join(csv_chunks(headers, rows)), mimetype="text/csv")
    else:
        title = "Survey" if language == "en" else "Khảo sát"
        response = Response(
            xlsx_bytes(title, headers, rows),
            mimetype=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    response.headers["Content-Disposition"] = f'attachment; filename="survey-{period.key}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response
