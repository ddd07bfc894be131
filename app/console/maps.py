"""Console page: the map of the parks and their enterprises, and its JSON data."""

from flask import abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext, pgettext
from flask_login import current_user

from app.console.access import visible_parks
from app.console.dashboard import chosen_park, lang, pct, period_label
from app.console.helpers import vnum
from app.models import OWNERSHIPS
from app.reports import parse_period
from app.reports.labels import label
from app.reports.map import map_data
from app.reports.periods import local_today, period_choices


def chosen_ownership() -> str | None:
    """The ownership filter of the request (fdi, private, state), or None for all."""
    value = request.args.get("ownership") or None
    if value and value not in OWNERSHIPS:
        abort(404)
    return value


def filters() -> dict:
    """The map's filters from the query string (a park out of scope answers 404)."""
    parks = visible_parks()
    return {
        "parks": parks,
        "park_id": chosen_park(parks),
        "ownership": chosen_ownership(),
        "period": parse_period(request.args.get("period")),
    }


def map_page():
    """The map: filters, a legend, and the element map.js draws into."""
    f = filters()
    data_url = url_for(
        "console.map_data",
        park=f["park_id"] or None,
        ownership=f["ownership"] or None,
        period=f["period"].key,
    )
    return render_template(
        "console/map.html",
        **f,
        periods=period_choices(),
        period_label=period_label,
        owners=OWNERSHIPS,
        label=label,
        lang=lang(),
        data_url=data_url,
        tile_url=current_app.config.get("MAP_TILE_URL", ""),
        tile_attribution=current_app.config.get("MAP_TILE_ATTRIBUTION", ""),
        province_url=url_for("static", filename="console/province-outline.json"),
    )


def popup_labels() -> dict:
    """The words map.js puts in a point's popup, in the user's language."""
    return {
        "open": gettext("Open the enterprise page"),
        "checked": gettext("Latest check"),
        "yes_share": gettext("Yes answers"),
        "findings": gettext("Findings"),
        "critical": gettext("Critical findings"),
        "overdue": gettext("Overdue corrective actions"),
        "kinds": point_kinds(),
    }


def point_kinds() -> dict:
    """The words of each point's symbol (its name says what its colour shows)."""
    return {
        "good": pgettext("map result", "Good"),
        "fair": pgettext("map result", "Fair"),
        "poor": pgettext("map result", "Poor"),
        "critical": pgettext("map result", "Critical finding"),
        "unknown": pgettext("map result", "No result"),
        "overdue": gettext("Has overdue corrective actions"),
        "none": gettext("No overdue corrective action"),
    }


def map_json():
    """The map's data: parks and enterprise points in the user's scope (JSON)."""
    f = filters()
    data = map_data(current_user, f["park_id"], f["ownership"], f["period"], local_today())
    points = [
        point
        | {
            "url": url_for("console.enterprise", enterprise_id=point["id"]),
            "ownership_label": label("ownership", point["ownership"], lang()),
            "share_text": pct(point["share"]),
        }
        for point in data["enterprises"]
    ]  # new dicts: the cached ones stay as they are
    computed = data.get("computed_at")
    summary = gettext(
        "%(drawn)s enterprises drawn; %(unplaced)s of %(active)s active ones "
        "have no check with GPS in the period.",
        drawn=vnum(len(data["enterprises"])),
        unplaced=vnum(data["unplaced"]),
        active=vnum(data["active"]),
    )
    response = jsonify(
        data
        | {
            "enterprises": points,
            "period": f["period"].key,
            "labels": popup_labels(),
            "summary": summary,
            "computed_at": computed.isoformat() if computed else None,
        }
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
