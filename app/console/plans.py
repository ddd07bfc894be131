"""Console pages: plans (being built)."""

from flask import abort


def plan_list(**kwargs):
    """Not built yet."""
    abort(404)


def plan_page(**kwargs):
    """Not built yet."""
    abort(404)


def add_visit(**kwargs):
    """Not built yet."""
    abort(404)


def reinspect(**kwargs):
    """Not built yet."""
    abort(404)
