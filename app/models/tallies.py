"""Figures kept as the records are written, so the dashboard need not recount raw rows."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class EventTally(db.Model):
    """An event's live attendance rows, recounted in the transaction that writes them."""

    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("event.id"), primary_key=True)
    attendance: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class CheckCopy:
    """The check's columns the report queries filter on (scope, period, status)."""

    park_id: Mapped[str] = mapped_column(String(36), nullable=False)
    enterprise_id: Mapped[str] = mapped_column(String(36), nullable=False)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False)


class CheckFigure(CheckCopy, db.Model):
    """A check's figures read from its JSON answers, rewritten with every write of the check."""

    check_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("inspection_check.id", ondelete="CASCADE"), primary_key=True
    )
    model_yes: Mapped[bool] = mapped_column(Boolean, nullable=False)  # rules.MODEL_ITEM "yes"
    finding_count: Mapped[int] = mapped_column(Integer, nullable=False)  # the check's

    __table_args__ = (  # an enterprise's checks of a period, probed per enterprise
        Index(
            "ix_check_figure_enterprise",
            "enterprise_id",
            "started_at",
            "status",
            "deleted",
            "park_id",
            "model_yes",
            "finding_count",
        ),
        # a park's checks of a period (added for the month recount, which is gone)
        Index("ix_check_figure_park_month", "park_id", "started_at"),
    )


class CheckNumber(CheckCopy, db.Model):
    """A number other than zero answered in a check (incidents are summed from these)."""

    check_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("inspection_check.id", ondelete="CASCADE"), primary_key=True
    )
    item_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float] = mapped_column(Float, nullable=False)

    __table_args__ = (
        Index(
            "ix_check_number_item",
            "item_code",
            "started_at",
            "status",
            "deleted",
            "park_id",
            "enterprise_id",
            "value",
        ),
    )


class CheckFinding(CheckCopy, db.Model):
    """A check's findings counted per category and severity (rewritten with the check)."""

    check_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("inspection_check.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(40), primary_key=True)
    severity: Mapped[str] = mapped_column(String(10), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)

    __table_args__ = (
        Index(
            "ix_check_finding_report",
            "started_at",
            "status",
            "deleted",
            "park_id",
            "enterprise_id",
            "category",
            "severity",
            "count",
        ),
    )


class ParkMonthFigure(db.Model):
    """A park's sum of one figure over the checks done in one month (Hanoi time), changed by
    difference in the transaction that writes any of those checks (app.reports.kept_months).

    key: "done" (checks), "with_findings" (checks), "finding:<category>:<severity>"
    (findings) or "number:<item code>" (the sum of that number answered). Counts are
    integers, kept exactly; a number's sum is exact while its answers are integers (or
    binary fractions such as 2.5) and the sum stays below 2**53. A sum of zero has no row.
    """

    park_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    month: Mapped[int] = mapped_column(Integer, primary_key=True)  # yyyymm
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[float] = mapped_column(Float, nullable=False)

    __table_args__ = (  # the sums a write brought to zero, deleted at once (nearly always empty)
        Index(
            "ix_park_month_figure_zero",
            "park_id",
            sqlite_where=text("value = 0"),
            postgresql_where=text("value = 0"),
        ),
    )
