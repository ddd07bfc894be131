"""Covering indexes for the report queries (declared here, created by a migration).

The check table's rows are fat (the device's JSON), so counting checks by period, status and
park reads megabytes unless an index covers the columns; likewise attendance counts per event.
Two partial indexes hold only the few rows a page asks about: the checks not sent in (drafts
and deleted), and the findings still open (overdue corrective actions). A query uses them
when its condition is the index's own, written with the same expression (UNSENT_CHECK,
OPEN_FINDING) and no bound parameter.
"""

from sqlalchemy import Index, literal_column, or_

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

# Checks whose findings are not corrective actions (app.reports.figures.sent_finding).
UNSENT_CHECK = or_(check.c.deleted.is_(True), check.c.status == literal_column("'draft'"))
UNSENT_CHECKS = Index(
    "ix_inspection_check_unsent",
    check.c.id,
    sqlite_where=UNSENT_CHECK,
    postgresql_where=UNSENT_CHECK,
)
OPEN_FINDING = finding.c.closed_at.is_(None)
OPEN_FINDINGS = Index(
    "ix_finding_open",
    finding.c.due_date,
    finding.c.severity,
    finding.c.park_id,
    finding.c.check_id,
    sqlite_where=OPEN_FINDING,
    postgresql_where=OPEN_FINDING,
)
