"""The `data` of pulled changes, per entity: documentation only (pull serialises rows itself).

Fields may be added (docs/sync-contract.md), so these schemas allow unknown properties;
tests/api/test_openapi_records.py checks that every field a pull sends is documented here.
"""

from marshmallow import INCLUDE, fields

from app.core.legal_forms import LEGAL_FORMS
from app.models import CHECK_STATUSES, COMMENT_KINDS, OWNERSHIPS, PERSON_ROLES
from app.schemas.common import StrictSchema, UUIDString
from app.schemas.records import (
    AttendanceDataSchema,
    CheckDataSchema,
    CommentDataSchema,
    EventDataSchema,
    FindingSchema,
    GiftDataSchema,
)


class Pulled(StrictSchema):
    """A pulled record: more fields may come in later versions."""

    class Meta:
        ordered = True
        unknown = INCLUDE


class ServerFields(StrictSchema):
    """What the server adds to a device's record: its park, review and receipt."""

    park_id = UUIDString()
    review_comment = fields.String(allow_none=True)
    reviewed_at = fields.AwareDateTime(allow_none=True)
    receipt = fields.String(
        allow_none=True,
        metadata={"description": "The signed receipt of the record's current version."},
    )


class PulledParkSchema(Pulled):
    code = fields.String()
    name = fields.String()
    province = fields.String()
    operating = fields.Boolean()
    lat = fields.Float(allow_none=True, metadata={"description": "Centre, for the map."})
    lng = fields.Float(allow_none=True)
    outline = fields.List(
        fields.List(fields.Float()),
        allow_none=True,
        metadata={"description": "[[lat, lng], ...]; null: none recorded."},
    )


class PulledEnterpriseSchema(Pulled):
    park_id = UUIDString()
    name = fields.String()
    tax_code = fields.String()
    ownership = fields.String(metadata={"enum": list(OWNERSHIPS)})
    legal_form = fields.String(metadata={"enum": ["", *LEGAL_FORMS]})
    sector = fields.String()
    country = fields.String()
    address = fields.String()
    workforce = fields.Integer()
    foreign_workers = fields.Integer()
    guards_dedicated = fields.Integer()
    guards_parttime = fields.Integer()
    has_trade_union = fields.Boolean()
    hr_contact = fields.String()
    hr_phone = fields.String()
    active = fields.Boolean()


class PulledTemplateSchema(Pulled):
    template_id = UUIDString()
    code = fields.String()
    kind = fields.String(metadata={"enum": ["check", "survey"]})
    title_vi = fields.String()
    title_en = fields.String()
    number = fields.Integer()
    sections = fields.List(
        fields.Dict(),
        metadata={
            "description": "Sections {code, title_vi, title_en, items: [{code, text_vi, text_en, "
            "type, critical, photo_required, choices?}]}."
        },
    )
    published_at = fields.AwareDateTime(allow_none=True)


class PulledVisitSchema(Pulled):
    plan_id = UUIDString(allow_none=True)
    enterprise_id = UUIDString()
    park_id = UUIDString()
    planned_date = fields.Date()
    team = fields.List(UUIDString(), metadata={"description": "User ids of the team."})
    reason = fields.String(metadata={"enum": ["routine", "reinspection"]})
    finding_id = UUIDString(allow_none=True)
    check_id = UUIDString(allow_none=True)
    status = fields.String(metadata={"enum": ["planned", "done", "cancelled"]})
    note = fields.String()


class PulledFindingSchema(FindingSchema):
    class Meta:
        ordered = True
        unknown = INCLUDE

    closed_at = fields.AwareDateTime(allow_none=True)
    closed_note = fields.String(allow_none=True)


class PulledCheckSchema(ServerFields, CheckDataSchema):
    """A check: what the device sent, with the server's status, review and receipt."""

    class Meta:
        ordered = True
        unknown = INCLUDE

    status = fields.String(metadata={"enum": list(CHECK_STATUSES)})
    enterprise_id = UUIDString()
    author_id = UUIDString()
    findings = fields.List(fields.Nested(PulledFindingSchema))
    first_sent_at = fields.AwareDateTime(allow_none=True)
    last_sent_at = fields.AwareDateTime(allow_none=True)
    send_count = fields.Integer(metadata={"description": "How many times it was sent."})


class PulledCommentSchema(CommentDataSchema):
    """An entry of a check's or an event's thread, with its author and kind."""

    class Meta:
        ordered = True
        unknown = INCLUDE

    author_id = UUIDString()
    author_name = fields.String()
    author_role = fields.String()
    kind = fields.String(metadata={"enum": list(COMMENT_KINDS)})
    park_id = UUIDString()
    enterprise_id = UUIDString(allow_none=True, metadata={"description": "Its record's."})


class PulledEventSchema(ServerFields, EventDataSchema):
    class Meta:
        ordered = True
        unknown = INCLUDE

    enterprise_id = UUIDString(allow_none=True, metadata={"description": "None: park-wide."})
    status = fields.String(metadata={"enum": ["planned", "held", "returned", "reviewed"]})


class PulledAttendanceSchema(AttendanceDataSchema):
    class Meta:
        ordered = True
        unknown = INCLUDE

    scan_count = fields.Integer(metadata={"description": "How often the person was scanned."})


class PulledGiftSchema(GiftDataSchema):
    class Meta:
        ordered = True
        unknown = INCLUDE

    flagged = fields.Boolean(metadata={"description": "A second gift to one person: flagged."})
    duplicate_of = UUIDString(allow_none=True)


class PulledRosterPersonSchema(Pulled):
    enterprise_id = UUIDString()
    employee_number = fields.String()
    name = fields.String()
    role = fields.String(metadata={"enum": list(PERSON_ROLES)})
    department = fields.String(allow_none=True)


class PulledConflictSchema(Pulled):
    """A conflict copy, pulled by its author until it is resolved."""

    entity = fields.String()
    record_id = UUIDString()
    reason = fields.String(metadata={"enum": ["stale_base", "locked"]})
    base_version = fields.Integer()
    server_version = fields.Integer()
    device_data = fields.Dict(allow_none=True)
    server_data = fields.Dict(allow_none=True)
    status = fields.String(metadata={"enum": ["open", "resolved"]})
    resolution = fields.String(
        allow_none=True, metadata={"enum": ["keep_server", "keep_device", "merge", None]}
    )
    resolved_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime()
