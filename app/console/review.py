"""Console pages: home, review queue, check and event pages, receipts."""

from flask import abort, render_template


def queue(**kwargs):
    """Not built yet."""
    abort(404)


def check_page(**kwargs):
    """Not built yet."""
    abort(404)


def review(**kwargs):
    """Not built yet."""
    abort(404)


def minutes(**kwargs):
    """Not built yet."""
    abort(404)


def event_page(**kwargs):
    """Not built yet."""
    abort(404)


def review_event(**kwargs):
    """Not built yet."""
    abort(404)


def receipts(**kwargs):
    """Not built yet."""
    abort(404)


def index():
    """The console home page."""
    return render_template("console/index.html")
