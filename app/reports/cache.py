"""A small cache of computed figures, keyed by the sync version so any write invalidates it.

Every write to a synced record takes a new version from the one counter (app.sync.versioning),
so (what, scope, filters, committed version) names one exact result. Nothing per user is kept
beyond a few recent results per process; on by default, off under TESTING unless
REPORT_CACHE is set.
"""

import json
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app

from app.extensions import db
from app.permissions import scope_key
from app.sync.versioning import current_version

SIZE = 32
_entries: OrderedDict = OrderedDict()


def enabled() -> bool:
    """Tell whether figures are cached in this app."""
    return bool(current_app.config.get("REPORT_CACHE", not current_app.testing))


def cached(key: tuple, compute: Callable[[], dict]) -> dict:
    """Return the cached result for key (whose 2nd item is the actor), else compute it."""
    session = db.session()
    if not enabled() or session.new or session.dirty or session.deleted or \
            session.info.get("sync_clock") is not None:
        return compute()
    what, actor, *rest = key
    full: Hashable = (what, db.engine.url.render_as_string(), actor.role,
                      json.dumps(scope_key(actor), sort_keys=True), *rest,
                      current_version(session))
    if full in _entries:
        _entries.move_to_end(full)
        return _entries[full]
    result = _entries[full] = compute()
    while len(_entries) > SIZE:
        _entries.popitem(last=False)
    return result


def clear() -> None:
    """Forget every cached result."""
    _entries.clear()
