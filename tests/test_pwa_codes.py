"""The field app's coded values and their words (pwa/js/codes.js) come from app/core/codes.py."""

import json
from pathlib import Path

from app import models
from app.core import codes
from app.fieldapp.codes import TARGET, messages, render

PWA = Path(__file__).resolve().parents[1] / "pwa"


def test_codes_js_is_current(app):
    with app.app_context():
        expected = render()
    actual = (PWA / TARGET).read_text(encoding="utf-8")
    assert actual == expected, "run: make pwa (flask pwa-files)"


def test_the_tables_hold_the_codes_the_records_store():
    assert set(codes.CHECK_STATUS) == set(models.CHECK_STATUSES)
    assert set(codes.SEVERITY) == set(models.SEVERITIES)
    assert set(codes.OWNERSHIP) - {"park_wide"} == set(models.OWNERSHIPS)
    assert set(codes.PERSON_ROLE) == set(models.events.PERSON_ROLES)
    assert set(codes.ACTIVITY) == set(models.events.ACTIVITY_KINDS)
    assert set(codes.METHOD) == set(models.events.ATTENDANCE_METHODS)
    assert set(codes.USER_ROLE) == set(models.ROLES)


def test_message_files_leave_the_coded_values_to_codes_js(app):
    with app.app_context():
        generated = {lang: messages(lang) for lang in ("vi", "en")}
    for name in ("vi", "en", "hr.vi", "hr.en"):
        bundle = json.loads((PWA / "i18n" / f"{name}.json").read_text(encoding="utf-8"))
        assert bundle.keys() & generated["vi"].keys() == set(), name
    assert generated["vi"]["activity.guard_training"] == "Huấn luyện lực lượng bảo vệ"
    assert generated["en"]["status.planned"] == "Planned"
    assert generated["vi"]["status.planned"] == "Dự kiến"
