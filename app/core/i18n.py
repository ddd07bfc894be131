"""Language choice, diacritic folding for search, and Vietnamese number/date formats."""

import unicodedata
from datetime import date, datetime

from flask import current_app, request
from flask_babel import gettext
from flask_login import current_user


def select_locale() -> str:
    """Pick the user's language, else ?lang= or the lang cookie, else Accept-Language, else vi."""
    languages = current_app.config["LANGUAGES"]
    signed_in = current_user and getattr(current_user, "is_authenticated", False)
    if signed_in and current_user.language in languages:
        return current_user.language
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or languages[0]


def fold(text: str | None) -> str:
    """Lower-case and strip Vietnamese diacritics: "Quế Võ" -> "que vo"."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def format_number(value: int | float | None) -> str:
    """Format a number the Vietnamese way: 1.425.036 (comma as the decimal mark)."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        whole, frac = f"{value:,.1f}".split(".")
        return whole.replace(",", ".") + "," + frac
    return f"{int(value):,}".replace(",", ".")


def format_date(value: date | datetime | None) -> str:
    """Format a date as dd/mm/yyyy."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # strftime gives year 999


def translate_errors(errors: object) -> object:
    """Translate marshmallow's message strings (nested dicts and lists) to the user's language."""
    if isinstance(errors, dict):
        return {key: translate_errors(val) for key, val in errors.items()}
    if isinstance(errors, list):
        return [translate_errors(val) for val in errors]
    if isinstance(errors, str):
        return gettext(errors)
    return errors
