"""The text of a pulled record's `data`, assembled in SQL from what is stored.

A pull page of 1,000 checks is about 1.7 MB. Decoding each stored object, setting the server's
fields over it and encoding it again was most of a page's time, so nothing is decoded: the
database gives the stored JSON object as text, patched by the handler (a check's closures)
and without the server's keys, and the object of the server fields (dates as ISO 8601 in
UTC, as `iso()` writes them); the two texts are spliced into one. A stored value that is not
a JSON object gives NULL, and that row goes through `to_data` instead.
"""

from sqlalchemy import ARRAY, DateTime, Text, and_, case, cast, func, literal, null, type_coerce
from sqlalchemy.sql import ColumnElement


def is_sqlite(dialect: str) -> bool:
    """Say whether SQL is built for SQLite (else PostgreSQL)."""
    return dialect == "sqlite"


def iso_utc(column, dialect: str) -> ColumnElement:
    """SQL for a stored timestamp as `iso()` writes it: 2026-12-07T08:05:00.250000+00:00,
    without the fraction when it is zero; NULL stays NULL."""
    if is_sqlite(dialect):  # SQLAlchemy stores naive UTC as 'YYYY-MM-DD HH:MM:SS.ffffff'
        text = func.replace(func.replace(column, ".000000", ""), " ", "T")
    else:
        utc = func.timezone("UTC", column)
        text = func.replace(func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS.US'), ".000000", "")
    return case((column.is_(None), null()), else_=text.op("||")(literal("+00:00")))


def _field_values(handler, table, dialect: str) -> list[tuple[str, ColumnElement]]:
    fields = []
    for name in handler.pull_columns:
        column = table.c[name]
        fields.append((name, iso_utc(column, dialect) if _is_datetime(column) else column))
    return fields


def _is_datetime(column) -> bool:
    return isinstance(column.type, DateTime)


def pulled_parts(
    handler, table, dialect: str, patched: bool = True
) -> tuple[ColumnElement, ColumnElement]:
    """SQL for the two texts a row's pulled data is spliced from (see spliced()): the stored
    object patched by the handler (unless `patched` is false), without the server's keys
    (NULL if it is not an object), and the object of the server fields (pull_columns)."""
    stored = table.c[handler.pull_json]
    fields = _field_values(handler, table, dialect)
    keys = list(handler.pull_columns)
    patched = handler.pull_patch(stored, table, dialect) if patched else stored
    if is_sqlite(dialect):
        valid = and_(func.json_valid(stored) == 1, func.json_type(stored) == "object")
        removed = func.json_remove(patched, *[f"$.{key}" for key in keys])
        object_text = case((valid, type_coerce(removed, Text)), else_=null())
        pairs = [item for name, value in fields for item in (name, value)]
        return object_text, type_coerce(func.json_object(*pairs), Text)
    removed = cast(patched.op("-")(cast(keys, ARRAY(Text))), Text)
    object_text = case((func.jsonb_typeof(stored) == "object", removed), else_=null())
    pairs = [item for name, value in fields for item in (literal(name, Text), value)]
    return object_text, cast(func.json_build_object(*pairs), Text)


def spliced_sql(object_text, fields_text) -> ColumnElement:
    """SQL doing what spliced() does (NULL when the stored value is not an object)."""
    length = func.length(object_text)
    joined = (
        func.substr(object_text, 1, length - 1)
        .op("||")(literal(",", Text))
        .op("||")(func.substr(fields_text, 2))
    )
    return case(
        (object_text.is_(None), null()),
        (object_text == "{}", fields_text),
        else_=type_coerce(joined, Text),
    )


def spliced(object_text: str, fields_text: str) -> str:
    """The JSON text of one object from two: the stored one, then the server fields (their
    keys are not in the first); a string operation, nothing decoded."""
    if object_text == "{}":
        return fields_text
    return f"{object_text[:-1]},{fields_text[1:]}"
