"""Schemas of the sync API: push, pull and their answers (the OpenAPI document's core)."""

from marshmallow import INCLUDE, ValidationError, fields, validate

from app.schemas.common import StrictSchema, UUIDString
from app.sync.handlers import HANDLERS, PUSHABLE

# Part of the API contract (maxItems / maximum in the OpenAPI document), not settings: the
# field app's batches (100 mutations a push, 500 changes a pull) are sized to fit them.
MAX_PUSH_BATCH = 500
MAX_PULL_LIMIT = 1000
# An import (an exported outbox) is applied in pushes of MAX_PUSH_BATCH: ten of them at most,
# so one request costs what ten pushes cost, never more.
MAX_IMPORT_MUTATIONS = 10 * MAX_PUSH_BATCH
# Derived from the registry (app/sync/handlers), the one list of entities: what a mutation
# may name, and the component (app/schemas/records.py) each one's `data` is loaded with.
ENTITIES = tuple(PUSHABLE)
DATA_COMPONENTS = {entity: handler.data_component for entity, handler in PUSHABLE.items()}
# What a pull sends, each entity's `data` documented by a component of app/schemas/pulled.py.
PULLED_ENTITIES = tuple(HANDLERS)
PULLED_COMPONENTS = {
    entity: (handler.pulled_component, handler.pulled_schema)
    for entity, handler in HANDLERS.items()
}


def component_ref(name: str) -> dict:
    """Return an OpenAPI reference to a schema of the document's components."""
    return {"$ref": f"#/components/schemas/{name}"}


class MutationSchema(StrictSchema):
    """One change made on a device."""

    mutation_id = UUIDString(required=True)
    entity = fields.String(required=True, validate=validate.OneOf(ENTITIES))
    op = fields.String(required=True, validate=validate.OneOf(("upsert", "delete")))
    id = UUIDString(required=True)
    base_version = fields.Integer(load_default=0, validate=validate.Range(0, 2**62))
    # The entity's own schema loads `data` (NUL characters included), field by field.
    data = fields.Dict(
        load_default=None,
        allow_none=True,
        metadata={
            "loaded_later": True,
            "oneOf": [component_ref(name) for name in DATA_COMPONENTS.values()],
            "description": "The record, loaded with the schema of its entity: "
            + ", ".join(f"{entity}: {name}" for entity, name in DATA_COMPONENTS.items())
            + ". Each mutation is checked on its own: a bad one is rejected alone. "
            "Null (or absent) for a delete.",
        },
    )


class EachOnItsOwn(fields.Nested):
    """Documented as the nested schema, but only checked to be an object here.

    The push engine loads each mutation with its own schema, so one bad mutation is
    rejected alone instead of failing the whole batch.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            raise ValidationError("Not a valid mapping type.")
        return value


class PushRequestSchema(StrictSchema):
    client_id = UUIDString(required=True)
    mutations = fields.List(
        EachOnItsOwn(MutationSchema),
        required=True,
        metadata={"maxItems": MAX_PUSH_BATCH},
    )


class ExportUserSchema(StrictSchema):
    id = UUIDString(required=True)
    username = fields.String()


class ExportPhotoSchema(StrictSchema):
    sha256 = fields.String(required=True)
    type = fields.String()
    data = fields.String(required=True, metadata={"description": "The bytes, base64"})


class ImportRequestSchema(PushRequestSchema):
    """An export of unsynced work, as the field app writes it (documentation only: the import
    reads the file itself, and answers each mutation on its own)."""

    class Meta:
        unknown = INCLUDE  # the field app adds its own bookkeeping

    mutations = fields.List(
        EachOnItsOwn(MutationSchema),
        required=True,
        metadata={"maxItems": MAX_IMPORT_MUTATIONS},
    )
    format = fields.String(required=True, validate=validate.OneOf(("antt-unsynced-work",)))
    format_version = fields.Integer()
    exported_at = fields.String()
    user = fields.Nested(ExportUserSchema, required=True)
    photos = fields.List(fields.Nested(ExportPhotoSchema))


class MutationResultSchema(StrictSchema):
    mutation_id = fields.String()
    status = fields.String(
        validate=validate.OneOf(("applied", "duplicate", "conflict", "rejected"))
    )
    id = fields.String(allow_none=True)
    version = fields.Integer(allow_none=True)
    receipt = fields.String(allow_none=True)
    first_status = fields.String()
    conflict_id = fields.String()
    merged = fields.Boolean()
    errors = fields.Dict()


class PushResponseSchema(StrictSchema):
    results = fields.List(fields.Nested(MutationResultSchema))


class PullQuerySchema(StrictSchema):
    cursor = fields.String(load_default=None, validate=validate.Length(max=4000))
    limit = fields.Integer(load_default=500, validate=validate.Range(1, MAX_PULL_LIMIT))


class ChangeSchema(StrictSchema):
    entity = fields.String(metadata={"enum": list(PULLED_ENTITIES)})
    id = UUIDString()
    version = fields.Integer()
    deleted = fields.Boolean()
    data = fields.Dict(
        allow_none=True,
        metadata={
            "anyOf": [component_ref(name) for name, _schema in PULLED_COMPONENTS.values()],
            "description": "The record as the server holds it, in the component named after the "
            "entity (park: PulledPark, roster_person: PulledRosterPerson, ...); null when deleted.",
        },
    )


class PullResponseSchema(StrictSchema):
    changes = fields.List(fields.Nested(ChangeSchema))
    cursor = fields.String()
    has_more = fields.Boolean()
    reset = fields.Boolean()
    progress = fields.Float(
        metadata={
            "minimum": 0,
            "maximum": 1,
            "description": "The share of the versions still to pull that this page covered (1 "
            "when nothing is left): the field app estimates the pages left from it.",
        }
    )


mutation_schema = MutationSchema()
