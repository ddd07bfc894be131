"""Reporting periods: a month, a quarter or a year, in Vietnam's time zone."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

HANOI = timezone(timedelta(hours=7))
KINDS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    """A half-open range of days [start, end) with its kind and label key."""

    kind: str
    year: int
    number: int  # month 1-12, quarter 1-4, or 1 for a year
    start: date
    end: date

    @property
    def key(self) -> str:
        """The period as written in a URL: 2026, 2026-Q3 or 2026-08."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "quarter":
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    @property
    def start_at(self) -> datetime:
        """The first moment of the period (Hanoi midnight, in UTC like stored times)."""
        return datetime.combine(self.start, time(0), tzinfo=HANOI).astimezone(UTC)

    @property
    def end_at(self) -> datetime:
        """The first moment after the period (Hanoi midnight, in UTC)."""
        return datetime.combine(self.end, time(0), tzinfo=HANOI).astimezone(UTC)

    @property
    def last_day(self) -> date:
        """The last day inside the period."""
        return self.end - timedelta(days=1)


def local_today() -> date:
    """Today in Vietnam: the day every "overdue" and "this year" of the reports is measured by."""
    return datetime.now(HANOI).date()


def _month_start(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def make_period(kind: str, year: int, number: int = 1) -> Period:
    """Build a period of a kind, year and month/quarter number."""
    if kind == "year":
        return Period("year", year, 1, date(year, 1, 1), date(year + 1, 1, 1))
    if kind == "quarter":
        first = (number - 1) * 3 + 1
        return Period("quarter", year, number, date(year, first, 1), _month_start(year, first + 3))
    return Period("month", year, number, date(year, number, 1), _month_start(year, number + 1))


def parse_period(text: str | None, today: date | None = None) -> Period:
    """Read 2026, 2026-Q3 or 2026-08; anything else means the current year."""
    today = today or local_today()
    text = (text or "").strip().upper()
    if m := re.fullmatch(r"(\d{4})", text):
        return make_period("year", int(m[1]))
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        return make_period("quarter", int(m[1]), int(m[2]))
    if (m := re.fullmatch(r"(\d{4})-(\d{2})", text)) and 1 <= int(m[2]) <= 12:
        return make_period("month", int(m[1]), int(m[2]))
    return make_period("year", today.year)


def period_choices(today: date | None = None, years: int = 3) -> list[Period]:
    """The periods offered in filters: recent years, their quarters and months."""
    today = today or local_today()
    out: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        out.append(make_period("year", year))
        out.extend(make_period("quarter", year, q) for q in range(4, 0, -1))
        out.extend(make_period("month", year, m) for m in range(12, 0, -1))
    return [p for p in out if p.start <= today]
