"""The JSON text a pull sends of a record, kept at each write.

Assembling a check's pulled text from its `jsonb` costs PostgreSQL most of a pull page (the
object turned into text, the server's keys removed, the server fields added). So every write
keeps that text in `pulled_text`, with `pulled_version` set to the version it was made from: a
push as it writes each row (app/sync/context.py), any other writer (console, CLI, seed) by one
UPDATE just before its transaction commits, for the versions it took. A pull sends the kept
text only while `pulled_version` equals the record's version and the handler's patch (a
check's closures, which a later check can set without versioning this one) does not apply;
otherwise it assembles the text as before (app/sync/pulled_text.py). So a write that forgets
the text cannot make a pull send stale data: a new version alone makes the kept text unused.
"""

from flask import Flask
from sqlalchemy import and_, case, event, null, select, update
from sqlalchemy.orm import Session

from app.sync.handlers import HANDLERS
from app.sync.pulled_text import pulled_parts, spliced_sql
from app.sync.versioning import versions_taken


def kept_entities() -> list:
    """The handlers whose pulled text is kept (those pulled from a JSON column)."""
    return [handler for handler in HANDLERS.values() if handler.pull_json]


def text_of(handler, table, dialect: str):
    """SQL for a row's whole pulled text without the handler's patch (NULL when the stored
    value is not a JSON object: such a row is always assembled and decoded)."""
    stored, fields = pulled_parts(handler, table, dialect, patched=False)
    return spliced_sql(stored, fields)


def kept_columns(handler, table) -> tuple:
    """SQL for (kept text or NULL, whether it is used) of a pulled row."""
    usable = and_(
        table.c.pulled_version == table.c.version, ~handler.pull_patch_applies(table)
    ).self_group()
    return case((usable, table.c.pulled_text), else_=null()), usable


def keep_pulled_text(session: Session) -> None:
    """Write the pulled text of every record versioned in this transaction that was written
    without it (a push sets its own as it writes; the console and the CLI do not)."""
    session.flush()
    taken = versions_taken(session)
    if taken is None:
        return
    for handler in kept_entities():
        version = handler.model.__table__.c.version
        _write_kept(session, handler, version >= taken[0], version <= taken[1])


def keep_all(session: Session, batch: int = 2_000) -> int:
    """Write the pulled text of every row whose kept text is missing or stale (after an
    upgrade), a batch per commit; return how many rows were written."""
    written = 0
    for handler in kept_entities():
        table = handler.model.__table__
        while True:
            stale = select(table.c.id).where(_not_kept(table)).limit(batch).scalar_subquery()
            done = _write_kept(session, handler, table.c.id.in_(stale))
            session.commit()
            written += done
            if done < batch:
                break
    return written


def _write_kept(session: Session, handler, *where) -> int:
    """Set the kept text of the rows matching `where` that lack it; return how many."""
    table = handler.model.__table__
    text = text_of(handler, table, session.get_bind().dialect.name)
    statement = (
        update(table)
        .where(*where, _not_kept(table))
        .values(pulled_text=text, pulled_version=table.c.version)
    )
    return session.execute(statement).rowcount


def _not_kept(table):
    kept = table.c.pulled_version
    return (kept.is_(None) | (kept != table.c.version)).self_group()


def init_app(app: Flask) -> None:
    """Keep the pulled text on every commit of every session."""
    if not event.contains(Session, "before_commit", keep_pulled_text):
        event.listen(Session, "before_commit", keep_pulled_text)
