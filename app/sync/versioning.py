"""The one place that bumps the sync version.

Every write transaction takes its versions from the single `sync_state` row. The row is
locked (PostgreSQL: SELECT ... FOR UPDATE; SQLite: the write transaction is opened with
BEGIN IMMEDIATE) from the first version taken until commit, so transactions commit in
version order and a pull that reads the counter and the rows in one snapshot never skips
a change. The final counter value is written just before commit.
"""

from flask import Flask, has_request_context, request
from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import SyncState

_CLOCK = "sync_clock"


def next_version(session: Session | None = None) -> int:
    """Take the next version for a record written in this transaction."""
    return take_versions(1, session)


def take_versions(count: int, session: Session | None = None) -> int:
    """Take `count` consecutive versions; return the first."""
    session = session or db.session()
    clock = session.info.get(_CLOCK)
    if clock is None:
        current = session.execute(
            select(SyncState.version).where(SyncState.id == 1).with_for_update()
        ).scalar_one_or_none()
        if current is None:
            session.add(SyncState(id=1, version=0))
            session.flush()
            current = 0
        clock = session.info[_CLOCK] = {"value": current, "kept": current, "start": current}
    first = clock["value"] + 1
    clock["value"] += count
    return first


def clock_mark(session: Session | None = None) -> int | None:
    """Return the last version taken in this transaction (None before the first)."""
    clock = (session or db.session()).info.get(_CLOCK)
    return None if clock is None else clock["value"]


def rewind_clock(mark: int | None, session: Session | None = None) -> None:
    """Give back the versions taken since `mark`, after a SAVEPOINT that took them rolled back.

    The counter row stays locked (the lock predates the savepoint), so nothing else took them:
    the versions stay gap-free.
    """
    session = session or db.session()
    clock = session.info.get(_CLOCK)
    if mark is None or clock is None:
        session.info.pop(_CLOCK, None)
    else:  # figures kept past the mark were kept inside the savepoint: rolled back with it
        clock.update(value=mark, kept=min(clock["kept"], mark))


def current_version(session: Session | None = None) -> int:
    """Read the committed counter (the high-water mark of a pull)."""
    session = session or db.session()
    return session.execute(_COUNTER).scalar() or 0


_TABLE = SyncState.__table__
_COUNTER = select(_TABLE.c.version).where(_TABLE.c.id == 1)  # Core: no ORM set-up per poll


def versions_taken(session: Session) -> tuple[int, int] | None:
    """The (first, last) versions this transaction has taken so far (None if none)."""
    clock = session.info.get(_CLOCK)
    if clock is None or clock["value"] == clock["start"]:
        return None
    return clock["start"] + 1, clock["value"]


def versions_unkept(session: Session) -> tuple[int, int] | None:
    """The (first, last) versions taken since the kept figures last caught up, and mark them.

    None when this transaction took no version since (app.reports.kept recounts the rest).
    """
    clock = session.info.get(_CLOCK)
    if clock is None or clock["value"] == clock["kept"]:
        return None
    first, clock["kept"] = clock["kept"] + 1, clock["value"]
    return first, clock["value"]


def _write_counter(session: Session) -> None:
    clock = session.info.get(_CLOCK)
    if clock is not None:
        session.execute(update(SyncState).where(SyncState.id == 1).values(version=clock["value"]))


def _forget_clock(session: Session, *args) -> None:
    session.info.pop(_CLOCK, None)


# POSTs that only read the database (a login checks a password; its counters live in the
# throttle's store): on SQLite they never wait for the write lock, so a long push or import
# never keeps anyone from signing in.
READ_ONLY_POSTS = frozenset({"api_auth.login", "console.login"})


def _is_write_transaction() -> bool:
    if not has_request_context():
        return True  # CLI commands and scripts write
    return request.method not in ("GET", "HEAD", "OPTIONS") and (
        request.endpoint not in READ_ONLY_POSTS
    )


# SQLite's page cache per connection. Its default, 2 MB, held less of the indexes of a year's
# checks than one push of 500 touches: each batch read them again, and a push of the 100,000th
# check took 1.10-1.30 times the first's (64 MB: 0.99; bench/push_growth.py, docs/performance.md).
SQLITE_CACHE_KIB = 65_536


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we send BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _is_write_transaction() else "BEGIN")


def _plan_each_time(engine: Engine) -> None:
    """Plan every statement for the tables as they are now (PostgreSQL).

    psycopg prepares a statement once a connection has run it five times, and PostgreSQL may
    then keep one generic plan for it, made while a table was small (a push's lookup of 250
    findings by id became a sequential scan: 1 ms, then 91 ms a batch at 100,000 checks)
    until an ANALYZE, which a festival morning's bulk writes outrun. A custom plan each time
    costs a fraction of a millisecond and follows the tables' real size.
    """

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_connection.commit()


def init_app(app: Flask) -> None:
    """Hook the counter into the session and set the database up for it."""
    with app.app_context():
        engine = db.engine
        if not getattr(engine, "_antt_configured", False):
            if engine.dialect.name == "sqlite":
                _configure_sqlite(engine)
            elif engine.dialect.name == "postgresql":
                _plan_each_time(engine)
            engine._antt_configured = True
    if not event.contains(Session, "before_commit", _write_counter):
        event.listen(Session, "before_commit", _write_counter)
        event.listen(Session, "after_commit", _forget_clock)
        event.listen(Session, "after_rollback", _forget_clock)


def stamp(record, session: Session | None = None):
    """Give a record changed on the server (console, CLI, seed) its next sync version."""
    record.version = next_version(session)
    return record
