"""JSON extraction that behaves the same on SQLite and PostgreSQL."""

from sqlalchemy import Float, case, cast, func, literal_column
from sqlalchemy.sql.elements import ColumnElement

from app.extensions import db


def answer_number(column, item_code: str) -> ColumnElement:
    """The numeric value of answers[item_code].value of a check's data, else 0."""
    if db.engine.dialect.name == "postgresql":
        node = column.op("#>")(literal_column(f"'{{answers,{_safe(item_code)},value}}'"))
        return case(
            (
                func.jsonb_typeof(node) == "number",
                cast(node.op("#>>")(literal_column("'{}'")), Float),
            ),
            else_=0,
        )
    path = f'$.answers."{_safe(item_code)}".value'
    node = func.json_extract(column, path)
    return case((func.json_type(column, path).in_(("integer", "real")), node), else_=0)


def answer_text(column, item_code: str) -> ColumnElement:
    """The answers[item_code].value of a check's data as text (None when absent)."""
    if db.engine.dialect.name == "postgresql":
        return column.op("#>>")(literal_column(f"'{{answers,{_safe(item_code)},value}}'"))
    return func.json_extract(column, f'$.answers."{_safe(item_code)}".value')


def _safe(code: str) -> str:
    """Refuse item codes that could break out of the JSON path literal."""
    if not all(ch.isalnum() or ch in "._-" for ch in code):
        raise ValueError(f"unsafe item code {code!r}")
    return code
