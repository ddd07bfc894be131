"""Console pages: findings (being built)."""

from flask import abort


def finding_list(**kwargs):
    """Not built yet."""
    abort(404)


def close(**kwargs):
    """Not built yet."""
    abort(404)
