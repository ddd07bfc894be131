"""Covering indexes for the report queries (declared here, created by a migration).

The check table's rows are fat (the device's JSON), so counting checks by period, status and
park reads megabytes unless an index covers the columns; likewise attendance counts per event.
"""

from sqlalchemy import Index

from app.models import Attendance, Check, Finding

check = Check.__table__
CHECK_REPORT = Index(
    "ix_inspection_check_report",
    check.c.started_at,
    check.c.status,
    check.c.deleted,
    check.c.park_id,
    check.c.enterprise_id,
    check.c.finding_count,
    check.c.id,
)
attendance = Attendance.__table__
ATTENDANCE_LIVE = Index("ix_attendance_event_live", attendance.c.event_id, attendance.c.deleted)
finding = Finding.__table__
FINDING_REPORT = Index(
    "ix_finding_report",
    finding.c.check_id,
    finding.c.category,
    finding.c.severity,
    finding.c.closed_at,
)
