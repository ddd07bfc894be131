"""Labels of coded values for exports and printed reports: defined in app/core/codes.py."""

from app.core.codes import label

__all__ = ["label"]
