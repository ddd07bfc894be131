"""The HR screens' message files (pwa/i18n/hr.*.json): same keys, every key the code names."""

import json
import re
from pathlib import Path

from app.models.events import ACTIVITY_KINDS, PERSON_ROLES

PWA = Path(__file__).resolve().parents[2] / "pwa"


def bundle(lang: str) -> dict:
    return json.loads((PWA / "i18n" / f"hr.{lang}.json").read_text(encoding="utf-8"))


def test_hr_messages_have_the_same_keys_and_cover_the_code():
    vi, en = bundle("vi"), bundle("en")
    assert vi.keys() == en.keys()
    named = set()
    for path in (PWA / "js" / "hr").glob("*.js"):
        named |= set(re.findall(r"'(hr\.[a-z_.]+[a-z_])'", path.read_text(encoding="utf-8")))
    assert named - vi.keys() == set()
    assert vi["hr.role"] == "Vai trò" and en["hr.role"] == "Role"


def test_hr_screens_name_coded_values_by_the_generated_keys():
    """Roles, activity kinds and statuses: keys of pwa/js/codes.js (tests/test_pwa_codes.py)."""
    code = "".join(p.read_text(encoding="utf-8") for p in (PWA / "js" / "hr").glob("*.js"))
    assert re.findall(r"t\(`hr\.(?:kind|role|status)\.", code) == []
    codes_js = (PWA / "js" / "codes.js").read_text(encoding="utf-8")
    for kind, values in (("activity", ACTIVITY_KINDS), ("role", PERSON_ROLES)):
        assert all(f'"{kind}.{v}":' in codes_js for v in values)
