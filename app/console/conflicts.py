"""Console pages: conflicts (being built)."""

from flask import abort


def conflict_list(**kwargs):
    """Not built yet."""
    abort(404)


def conflict_page(**kwargs):
    """Not built yet."""
    abort(404)


def resolve(**kwargs):
    """Not built yet."""
    abort(404)
