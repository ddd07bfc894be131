"""Festival-day events with attendance and gifts, and the HR enterprise's roster."""

import random
from datetime import UTC, date, timedelta

from app.core.i18n import fold
from app.models import ACTIVITY_KINDS
from app.seed import names
from app.seed.checks import DEMO_TODAY, YEAR_START, local

FESTIVAL_DAY = date(2026, 8, 19)
# Events per enterprise and year: state firms hold more than FDI and private ones.
EVENT_RATE = {"state": 1.7, "private": 0.62, "fdi": 0.5}
TITLES = {
    "festival": "Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026",
    "law": "Tuyên truyền pháp luật về an ninh trật tự cho người lao động",
    "quiz": "Hội thi tìm hiểu pháp luật về lao động và ANTT",
    "forum": "Diễn đàn đối thoại doanh nghiệp và người lao động",
    "training": "Tập huấn nghiệp vụ cho lực lượng bảo vệ",
    "tet": "Tuyên truyền phòng chống tội phạm dịp Tết Nguyên đán",
}
ACTIVITIES_OF = {
    "festival": ["propaganda", "banners", "gifts", "law_quiz"],
    "law": ["propaganda", "banners"],
    "quiz": ["law_quiz", "gifts"],
    "forum": ["dialogue_forum"],
    "training": ["guard_training"],
    "tet": ["propaganda", "gifts"],
}
PLACES = ["Hội trường công ty", "Nhà ăn ca", "Sân nhà máy", "Phòng họp tầng 2"]
DEPARTMENTS = [
    "Sản xuất 1",
    "Sản xuất 2",
    "SMT",
    "Kho vận",
    "Kiểm tra chất lượng",
    "Hành chính - Nhân sự",
    "Bảo trì",
    "Bảo vệ",
]
GIFT_REASONS = [
    "Khen thưởng bảo vệ có thành tích xuất sắc",
    "Quà tặng công nhân có hoàn cảnh khó khăn",
    "Giải thưởng hội thi tìm hiểu pháp luật",
]


def build_roster(rng: random.Random, ent: dict, size: int) -> list[dict]:
    """The roster of one enterprise: mostly workers, some guards and managers."""
    rows = []
    for number in range(1, size + 1):
        name = names.person_name(rng)
        role = "guard" if number % 25 == 0 else "manager" if number % 20 == 0 else "worker"
        department = "Bảo vệ" if role == "guard" else rng.choice(DEPARTMENTS[:-1])
        rows.append(
            {
                "id": names.rng_uuid(rng),
                "enterprise_id": ent["id"],
                "park_id": ent["park_id"],
                "employee_number": f"HW{number:05d}",
                "name": name,
                "search_key": fold(name),
                "role": role,
                "department": department,
                # a fictional CCCD: 027 (Bắc Ninh), then digits that follow from the number
                "id_card": f"027{(number * 7_919_317) % 10**9:09d}",
            }
        )
    return rows


def _event_day(rng: random.Random) -> tuple[str, date]:
    if rng.random() < 0.6:
        return "festival", FESTIVAL_DAY + timedelta(days=rng.randint(-30, 40))
    kind = rng.choice(["law", "quiz", "forum", "training", "tet"])
    if kind == "tet":
        return kind, date(2026, 1, 20) + timedelta(days=rng.randint(0, 25))
    return kind, YEAR_START + timedelta(days=rng.randint(0, 395))


def _event(rng, ent, kind, day, author_id=None, reviewer_id=None) -> dict:
    status = "planned"
    if day < DEMO_TODAY:
        roll = rng.random()
        status = "planned" if roll < 0.04 else "reviewed" if roll < 0.45 else "held"
    share = int(ent["workforce"] * rng.uniform(0.12, 0.45))
    planned = max(10, min(ent["workforce"], share, 400))
    kinds = list(ACTIVITIES_OF[kind])
    if rng.random() < 0.3:
        kinds.append(rng.choice(ACTIVITY_KINDS))
    activities = [
        {"kind": k, "headcount": int(planned * rng.uniform(0.5, 1.0)), "note": ""}
        for k in dict.fromkeys(kinds)
    ]
    return {
        "id": names.rng_uuid(rng),
        "enterprise_id": ent["id"],
        "park_id": ent["park_id"],
        "author_id": author_id,
        "title": TITLES[kind],
        "date": day,
        "place": rng.choice(PLACES),
        "activities": activities,
        "planned_participants": planned,
        "photos": [],
        "notes": "",
        "status": status,
        "reviewed_by_id": reviewer_id if status == "reviewed" else None,
        "reviewed_at": local(day + timedelta(days=7), 9).astimezone(UTC)
        if status == "reviewed"
        else None,
        "receipt": None,
    }


def _attendees(rng, event, ent, roster) -> list[dict]:
    """Who came: roster people for the HR enterprise, generated people elsewhere."""
    if event["status"] == "planned":
        return []
    count = int(event["planned_participants"] * rng.uniform(0.75, 1.0))
    prefix = ent["tax_code"][-3:]
    if roster:
        people = rng.sample(roster, min(count, len(roster)))
        return [
            (
                p["id"],
                p["name"],
                p["employee_number"],
                p["role"],
                rng.choice(["roster", "roster", "qr"]),
            )
            for p in people
        ]
    numbers = rng.sample(range(1, max(count * 3, ent["workforce"]) + 1), count)
    return [
        (
            None,
            names.person_name(rng),
            f"NV{prefix}{n:05d}",
            "guard" if n % 40 == 0 else "manager" if n % 30 == 0 else "worker",
            rng.choice(["qr", "qr", "manual"]),
        )
        for n in numbers
    ]


def build_event_rows(rng, event, ent, roster, out) -> None:
    """Attendance and gift rows of one event, appended to out."""
    people = _attendees(rng, event, ent, roster)
    for person_id, name, number, role, method in people:
        out["attendance"].append(
            {
                "id": names.rng_uuid(rng),
                "event_id": event["id"],
                "enterprise_id": ent["id"],
                "park_id": ent["park_id"],
                "person_key": f"no:{number.upper()}",
                "person_id": person_id,
                "name": name,
                "employee_number": number,
                "role": role,
                "method": method,
                "scan_count": 2 if rng.random() < 0.02 else 1,
                "recorded_at": local(event["date"], 8 + rng.random() * 1.5).astimezone(UTC),
            }
        )
    if not people or not any(a["kind"] == "gifts" for a in event["activities"]):
        return
    guards = [p for p in people if p[3] == "guard"]
    chosen = guards[:6] + rng.sample(people, min(len(people), rng.randint(4, 15)))
    for _pid, name, number, role, _method in dict.fromkeys(chosen):
        reason = GIFT_REASONS[0] if role == "guard" else rng.choice(GIFT_REASONS[1:])
        out["gift"].append(
            {
                "id": names.rng_uuid(rng),
                "event_id": event["id"],
                "enterprise_id": ent["id"],
                "park_id": ent["park_id"],
                "person_key": f"no:{number.upper()}",
                "recipient_name": name,
                "employee_number": number,
                "value_vnd": rng.choice([500_000, 500_000, 500_000, 300_000, 1_000_000]),
                "reason": reason,
                "flagged": False,
                "duplicate_of": None,
                "given_at": local(event["date"], 10.5).astimezone(UTC),
            }
        )


def build_events(rng, enterprises, hr_ent, roster, users) -> dict:
    """About 700 events over the year; the HR enterprise gets its own history and one coming."""
    out: dict[str, list] = {"event": [], "attendance": [], "gift": []}
    reviewer = users["supervisor"].id
    for ent in enterprises:
        if ent is hr_ent:
            continue
        rate = EVENT_RATE[ent["ownership"]]
        count = int(rate) + (1 if rng.random() < rate % 1 else 0)
        for _ in range(count):
            kind, day = _event_day(rng)
            event = _event(rng, ent, kind, day, None, reviewer)
            out["event"].append(event)
            build_event_rows(rng, event, ent, None, out)
    hr_id = users["hr"].id
    for kind, day in (
        ("tet", date(2026, 2, 5)),
        ("forum", date(2026, 5, 20)),
        ("festival", FESTIVAL_DAY),
        ("law", DEMO_TODAY + timedelta(days=4)),
    ):
        event = _event(rng, hr_ent, kind, day, hr_id, reviewer)
        if day < DEMO_TODAY:
            event.update(status="held", planned_participants=290)
        out["event"].append(event)
        build_event_rows(rng, event, hr_ent, roster, out)
    _flag_one_repeat_gift(out["gift"], hr_ent["id"])
    return out


def _flag_one_repeat_gift(gifts: list, enterprise_id: str) -> None:
    """Show the repeat-gift flag: the same person rewarded twice for the same reason."""
    own = [g for g in gifts if g["enterprise_id"] == enterprise_id]
    if not own:
        return
    first = own[0]
    repeat = dict(
        first, id=names.rng_uuid(random.Random(first["id"])), flagged=True, duplicate_of=first["id"]
    )
    gifts.append(repeat)
