"""Limit report queries to the actor's scope and the chosen park."""

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from app.access.permissions import scope_clause
from app.models import User


def within(actor: User, model, park_id: str | None, *, personal: bool = False) -> ColumnElement:
    """The WHERE clause: the actor's scope, the park filter, and no tombstones."""
    clauses = [scope_clause(actor, model, personal=personal)]
    if park_id:
        clauses.append((model.id if model.__tablename__ == "park" else model.park_id) == park_id)
    if hasattr(model, "deleted"):
        clauses.append(model.deleted.is_(False))
    return and_(*clauses)
