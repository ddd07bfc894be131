"""Labels of coded values for exports and printed reports: defined in app/codes.py."""

from app.codes import label

__all__ = ["label"]
