"""A small cache of computed figures, keyed by the sync version, with a bounded staleness.

Every write to a synced record takes a new version from the one counter (app.sync.versioning),
so (what, scope, filters, committed version) names one exact result. A year's province
dashboard reads every check and attendance row of the year (about a second on 50,000 checks),
and while phones sync the version moves every few seconds: so a result computed at an older
version is still served for REPORT_MAX_AGE seconds (60 by default; 0 means exact), and the page
says when its figures were computed. Nothing per user is kept beyond a few recent results per
process; on by default, off under TESTING unless REPORT_CACHE is set.
"""

import json
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, datetime

from flask import current_app

from app.access.permissions import scope_key
from app.extensions import db
from app.sync.versioning import current_version

SIZE = 32
_entries: OrderedDict = OrderedDict()


def enabled() -> bool:
    """Tell whether figures are cached in this app."""
    return bool(current_app.config.get("REPORT_CACHE", not current_app.testing))


def max_age() -> float:
    """Seconds a result computed at an older sync version may still be served."""
    return float(current_app.config.get("REPORT_MAX_AGE", 60))


def cached(key: tuple, compute: Callable[[], dict]) -> dict:
    """Return the cached result for key (whose 2nd item is the actor), else compute it.

    The result carries `computed_at` (UTC) when it came through the cache.
    """
    session = db.session()
    if (
        not enabled()
        or session.new
        or session.dirty
        or session.deleted
        or session.info.get("sync_clock") is not None
    ):
        return compute()
    what, actor, *rest = key
    full: Hashable = (
        what,
        db.engine.url.render_as_string(),
        actor.role,
        json.dumps(scope_key(actor), sort_keys=True),
        *rest,
    )
    version, now = current_version(session), time.monotonic()
    entry = _entries.get(full)
    if entry is not None and (entry["version"] == version or now - entry["at"] < max_age()):
        _entries.move_to_end(full)
        return entry["result"]
    result = {**compute(), "computed_at": datetime.now(UTC)}
    _entries[full] = {"version": version, "at": now, "result": result}
    _entries.move_to_end(full)
    while len(_entries) > SIZE:
        _entries.popitem(last=False)
    return result


def clear() -> None:
    """Forget every cached result."""
    _entries.clear()
