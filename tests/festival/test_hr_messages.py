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
    named |= {f"hr.kind.{k}" for k in ACTIVITY_KINDS} | {f"hr.role.{r}" for r in PERSON_ROLES}
    named |= {f"hr.status.{s}" for s in ("planned", "held", "returned", "reviewed")}
    assert named - vi.keys() == set()
    assert vi["hr.kind.guard_training"] == "Huấn luyện lực lượng bảo vệ"
    assert en["hr.kind.guard_training"] == "Guard training"
