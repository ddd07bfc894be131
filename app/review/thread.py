"""The thread on a check or an event, as the console writes and reads it."""

from flask_babel import lazy_gettext
from sqlalchemy import select

from app.extensions import db
from app.models import Comment, User
from app.models.audit import Action, audit
from app.models.base import new_id, utcnow
from app.sync.versioning import stamp

COMMENT_TEXT = 2000
THREAD_ERRORS = {
    "comment_empty": lazy_gettext("Write a comment."),
    "comment_too_long": lazy_gettext("The comment is too long (2,000 characters at most)."),
}


class ThreadError(ValueError):
    """A comment that cannot be written; `code` says why (for a translated message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean_text(text: str | None) -> str:
    """Return a comment's text trimmed, or raise ThreadError when empty or too long."""
    text = (text or "").strip()
    if not text:
        raise ThreadError("comment_empty")
    if len(text) > COMMENT_TEXT:
        raise ThreadError("comment_too_long")
    return text


def write_comment(actor: User, entity: str, record, text: str, kind: str = "comment") -> Comment:
    """Append an entry to a record's thread (stamped, so it reaches the phones) and audit it."""
    comment = Comment(
        id=new_id(),
        entity=entity,
        record_id=record.id,
        park_id=record.park_id,
        enterprise_id=record.enterprise_id,
        author_id=actor.id,
        author_name=actor.full_name or actor.username,
        author_role=actor.role,
        kind=kind,
        text=clean_text(text),
        written_at=utcnow(),
    )
    stamp(comment)
    db.session.add(comment)
    if kind == "comment":
        audit(actor, Action.COMMENT_WRITTEN, entity, record.id, {"comment_id": comment.id}, None)
    db.session.flush()
    return comment


def thread_of(entity: str, record_id: str) -> list[Comment]:
    """Return a record's thread in the order it was written."""
    query = (
        select(Comment)
        .where(Comment.entity == entity, Comment.record_id == record_id)
        .where(Comment.deleted.is_(False))
        .order_by(Comment.written_at, Comment.version)
    )
    return list(db.session.execute(query).scalars())


def thread_authors(comments: list[Comment]) -> dict[str, User]:
    """Return the users who wrote a thread's entries, by id."""
    ids = {c.author_id for c in comments}
    if not ids:
        return {}
    return {u.id: u for u in db.session.execute(select(User).where(User.id.in_(ids))).scalars()}
