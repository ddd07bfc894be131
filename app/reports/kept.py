"""Keep the dashboard's figures exact, in the transaction that writes the rows.

Every write to a synced record takes its version from the one counter, and a transaction's
versions are consecutive (app.sync.versioning). So just before commit, the attendance rows
this transaction wrote are those whose version lies in the range it took: the events they
belong to are recounted with one DELETE and one INSERT ... SELECT, whichever path wrote them
(device push, console, conflict resolution, seed, CLI). An attendance row never moves to
another event, so the new rows name every event whose count may have changed. A report
read inside a writing transaction catches up first (keep_figures), so it sees its own writes.
The checks written in the range get their per-check figures rewritten likewise
(app.reports.kept_checks).
"""

from contextlib import contextmanager

from flask import Flask
from sqlalchemy import delete, event, func, insert, select, text
from sqlalchemy.orm import Session

from app.models import Attendance, EventTally
from app.reports.kept_checks import rewrite_checks, touched_checks
from app.sync.versioning import versions_unkept

ATTENDANCE = Attendance.__table__
TALLY = EventTally.__table__


def touched_events(first: int, last: int):
    """SELECT the events of the attendance rows written with versions first..last."""
    return select(ATTENDANCE.c.event_id).where(ATTENDANCE.c.version.between(first, last)).distinct()


def recount_events(session: Session, events) -> None:
    """Recount the live attendance rows of the events `events` (a SELECT of ids).

    The ids are read first: a literal IN list lets PostgreSQL use the event index (with a
    subquery it may hash-join every attendance row).
    """
    ids = sorted(session.execute(events).scalars())
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        session.execute(delete(TALLY).where(TALLY.c.event_id.in_(chunk)))
        session.execute(
            insert(TALLY).from_select(
                ["event_id", "attendance"],
                select(ATTENDANCE.c.event_id, func.count())
                .where(ATTENDANCE.c.event_id.in_(chunk), ATTENDANCE.c.deleted.is_(False))
                .group_by(ATTENDANCE.c.event_id),
            )
        )


PLANNER_SETTINGS = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")


@contextmanager
def planned_by_index(session: Session):
    """On PostgreSQL, plan the statements inside through their indexes, whatever the
    statistics say; the settings are put back afterwards.

    The recounts touch the rows of a few hundred ids, so an index plan is always right. On a
    table that grew fast since its last ANALYZE (a new database filling up on a festival
    morning) the planner believed the tables small, hashed all the checks and scanned every
    finding: a push's recount grew from 5 to 130 ms between 0 and 30,000 checks.
    """
    if session.get_bind().dialect.name != "postgresql":
        yield
        return
    read = ", ".join(f"current_setting('{name}')" for name in PLANNER_SETTINGS)
    before = session.execute(text(f"SELECT {read}")).one()
    _set_locally(session, dict.fromkeys(PLANNER_SETTINGS, "off"))
    yield
    _set_locally(session, dict(zip(PLANNER_SETTINGS, before, strict=True)))


def _set_locally(session: Session, values: dict[str, str]) -> None:
    calls = ", ".join(f"set_config('{name}', :{name}, true)" for name in values)
    session.execute(text(f"SELECT {calls}"), values)


def keep_figures(session: Session) -> None:
    """Recount the figures of the writes versioned since the last call (before commit, and
    before a report reads them inside a writing transaction)."""
    session.flush()
    taken = versions_unkept(session)
    if taken is not None:
        with planned_by_index(session):
            recount_events(session, touched_events(*taken))
            rewrite_checks(session, touched_checks(*taken))


def init_app(app: Flask) -> None:
    """Keep the figures on every commit of every session."""
    if not event.contains(Session, "before_commit", keep_figures):
        event.listen(Session, "before_commit", keep_figures)
