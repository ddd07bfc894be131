"""One transaction per request: commit once at the end, or roll back on any error."""

from flask import Flask, g

from app.extensions import db


def allow_commit_on_error() -> None:
    """Keep this request's writes even though it answers with an error (failed logins)."""
    g.commit_on_error = True


def init_app(app: Flask) -> None:
    """Commit after a successful request; roll back after an error response."""

    @app.after_request
    def commit_or_rollback(response):
        if response.status_code < 400 or g.get("commit_on_error"):
            db.session.commit()
        else:
            db.session.rollback()
        return response


def end_read_transaction() -> None:
    """End the transaction the request opened only to read (the user, the record it checks),
    so that no lock or snapshot is held while it works without the database, such as reading
    an uploaded file; the next statement opens a new one. Nothing is ended once a write is
    pending or a sync version was taken."""
    session = db.session()
    if session.new or session.dirty or session.deleted or session.info.get("sync_clock"):
        return
    session.rollback()
