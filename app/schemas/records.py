"""Schemas of the records devices push: checks, findings, events, attendance, gifts."""

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from app.models import (
    ACTIVITY_KINDS,
    ATTENDANCE_METHODS,
    COMMENT_ENTITIES,
    PERSON_ROLES,
    SEVERITIES,
)
from app.schemas.common import (
    LONG_TEXT,
    Sha256,
    StrictSchema,
    UUIDString,
    check_not_future_year,
    in_range,
    length,
    one_of,
    photo_list,
    text,
)

ANSWER_WORDS = ("yes", "no", "na")


class AnswerValue(fields.Field):
    """An answer: yes/no/na, a number, a text or a choice value."""

    default_error_messages = {"invalid": _l("Not a valid answer.")}

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None or isinstance(value, bool):
            if value is None:
                return None
            raise self.make_error("invalid")
        if isinstance(value, (int, float)):
            if abs(value) > 1e12 or value != value:  # absurd or NaN
                raise self.make_error("invalid")
            return value
        if isinstance(value, str) and len(value) <= LONG_TEXT:
            return value
        raise self.make_error("invalid")


class AnswerSchema(StrictSchema):
    value = AnswerValue(required=True, allow_none=True)
    note = text(LONG_TEXT, load_default="")
    photos = photo_list()


class GpsSchema(StrictSchema):
    lat = fields.Float(required=True, validate=in_range(-90, 90))
    lng = fields.Float(required=True, validate=in_range(-180, 180))
    accuracy = fields.Float(load_default=None, validate=in_range(0, 100000))
    at = fields.AwareDateTime(load_default=None, default_timezone=None)


class TeamMemberSchema(StrictSchema):
    user_id = UUIDString(load_default=None)
    name = text(200, required=True)
    unit = fields.String(load_default="bql", validate=one_of(("bql", "police", "other")))
    title = text(200, load_default="")
    signature = Sha256(load_default=None, allow_none=True)


class FindingSchema(StrictSchema):
    id = UUIDString(required=True)
    item_code = text(40, load_default=None, allow_none=True)
    severity = fields.String(required=True, validate=one_of(SEVERITIES))
    description = text(LONG_TEXT, required=True)
    corrective_action = text(LONG_TEXT, load_default="")
    due_date = fields.Date(load_default=None, allow_none=True, validate=check_not_future_year)
    photos = photo_list()


class ClosedFindingSchema(StrictSchema):
    finding_id = UUIDString(required=True)
    note = text(LONG_TEXT, load_default="")


class CheckDataSchema(StrictSchema):
    """A check as the device sends it."""

    template_version_id = UUIDString(required=True)
    enterprise_id = UUIDString(required=True)
    visit_id = UUIDString(load_default=None, allow_none=True)
    status = fields.String(load_default="draft", validate=one_of(("draft", "submitted")))
    started_at = fields.AwareDateTime(required=True)
    ended_at = fields.AwareDateTime(load_default=None, allow_none=True)
    gps = fields.Nested(GpsSchema, load_default=None, allow_none=True)
    gps_note = text(300, load_default="")
    team = fields.List(fields.Nested(TeamMemberSchema), load_default=list, validate=length(max=20))
    answers = fields.Dict(
        keys=fields.String(validate=length(min=1, max=40)),
        values=fields.Nested(AnswerSchema),
        load_default=dict,
        validate=length(max=500),
    )
    findings = fields.List(
        fields.Nested(FindingSchema), load_default=list, validate=length(max=200)
    )
    closed_findings = fields.List(
        fields.Nested(ClosedFindingSchema), load_default=list, validate=length(max=200)
    )
    representative_name = text(200, load_default="")
    representative_title = text(200, load_default="")
    representative_signature = Sha256(load_default=None, allow_none=True)
    notes = text(LONG_TEXT, load_default="")

    @validates_schema
    def check_times(self, data, **kwargs):
        ended, started = data.get("ended_at"), data.get("started_at")
        if ended and started and ended < started:
            raise ValidationError(_l("The end is before the start."), "ended_at")
        for stamp in (started, ended):
            if stamp:
                check_not_future_year(stamp)


class ConflictResolutionSchema(StrictSchema):
    """The author settling a conflict copy from the device."""

    resolution = fields.String(required=True, validate=one_of(("keep_server", "keep_device")))


class ActivitySchema(StrictSchema):
    kind = fields.String(required=True, validate=one_of(ACTIVITY_KINDS))
    headcount = fields.Integer(load_default=None, allow_none=True, validate=in_range(0, 1_000_000))
    note = text(LONG_TEXT, load_default="")


class EventDataSchema(StrictSchema):
    enterprise_id = UUIDString(required=True)
    title = text(300, required=True)
    date = fields.Date(required=True, validate=check_not_future_year)
    place = text(300, load_default="")
    activities = fields.List(
        fields.Nested(ActivitySchema), load_default=list, validate=length(max=50)
    )
    planned_participants = fields.Integer(load_default=0, validate=in_range(0, 1_000_000))
    # "returned" is the supervisor's: a phone sends it back unchanged while HR fixes the event
    status = fields.String(load_default="planned", validate=one_of(("planned", "held", "returned")))
    photos = photo_list()
    notes = text(LONG_TEXT, load_default="")


class AttendanceDataSchema(StrictSchema):
    event_id = UUIDString(required=True)
    person_id = UUIDString(load_default=None, allow_none=True)
    name = text(200, required=True)
    employee_number = text(40, load_default="")
    role = fields.String(load_default="worker", validate=one_of(PERSON_ROLES))
    method = fields.String(load_default="manual", validate=one_of(ATTENDANCE_METHODS))
    recorded_at = fields.AwareDateTime(load_default=None, allow_none=True)


class GiftDataSchema(StrictSchema):
    event_id = UUIDString(required=True)
    recipient_name = text(200, required=True)
    employee_number = text(40, load_default="")
    value_vnd = fields.Integer(required=True, validate=in_range(0, 1_000_000_000))
    reason = text(300, load_default="")
    given_at = fields.AwareDateTime(load_default=None, allow_none=True)


COMMENT_TEXT = 2000


class CommentDataSchema(StrictSchema):
    """An entry of a record's thread, written on a device (never edited afterwards)."""

    entity = fields.String(required=True, validate=one_of(COMMENT_ENTITIES))
    record_id = UUIDString(required=True)
    text = text(COMMENT_TEXT, required=True)
    written_at = fields.AwareDateTime(load_default=None, allow_none=True)

    @validates_schema
    def check_text(self, data, **kwargs):
        if not (data.get("text") or "").strip():
            raise ValidationError(_l("Write a comment."), "text")
        if data.get("written_at"):
            check_not_future_year(data["written_at"])


check_data_schema = CheckDataSchema()
conflict_resolution_schema = ConflictResolutionSchema()
event_data_schema = EventDataSchema()
attendance_data_schema = AttendanceDataSchema()
gift_data_schema = GiftDataSchema()
comment_data_schema = CommentDataSchema()
