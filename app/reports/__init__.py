"""Reporting: dashboard figures, exports and the annual summary, computed in SQL."""

from app.reports import indexes, survey  # noqa: F401  (declare the report indexes)
from app.reports.figures import dashboard_figures  # noqa: F401
from app.reports.periods import Period, parse_period  # noqa: F401
