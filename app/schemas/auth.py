"""Schemas of the auth endpoints."""

from marshmallow import fields, validate

from app.schemas.common import StrictSchema


class LoginSchema(StrictSchema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ScopeSchema(StrictSchema):
    parks = fields.List(fields.Dict())
    enterprise = fields.Dict(allow_none=True)
    province_wide = fields.Boolean()


class UserSchema(StrictSchema):
    id = fields.String()
    username = fields.String()
    full_name = fields.String()
    role = fields.String()
    unit = fields.String()
    language = fields.String()
    scope = fields.Nested(ScopeSchema)


class SessionSchema(StrictSchema):
    user = fields.Nested(UserSchema)
    csrf_token = fields.String()
    outbox_key = fields.String(
        allow_none=True,
        metadata={
            "description": "The signed-in user's own AES-256 key (base64url): the field app "
            "seals their unsent work with it at logout, so that on a shared phone only they "
            "can open and send it again."
        },
    )


class LanguageSchema(StrictSchema):
    language = fields.String(required=True, validate=validate.OneOf(("vi", "en")))
