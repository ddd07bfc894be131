"""A year of checks with answers and findings, and their review decisions."""

import math
import random
from datetime import UTC, date, datetime, time, timedelta, timezone

from app.core.i18n import fold
from app.seed import names, places
from app.seed.templates import ANTT_SECTIONS, SURVEY_SECTIONS, all_items

DEMO_TODAY = date(2026, 11, 23)
YEAR_START = DEMO_TODAY - timedelta(days=365)
HANOI = timezone(timedelta(hours=7))

CORRECTIVE = {
    "A": "Xây dựng, cập nhật phương án bảo đảm ANTT và gửi Ban quản lý các KCN",
    "B": "Bổ sung, tập huấn và trang bị cho lực lượng bảo vệ theo quy định",
    "C": "Khắc phục ngay các tồn tại về PCCC, báo cáo kết quả cho cơ quan Công an",
    "D": "Rà soát, ký hợp đồng lao động và đóng bảo hiểm xã hội đầy đủ",
    "E": "Hoàn thiện giấy phép lao động, khai báo tạm trú cho người nước ngoài",
    "F": "Phối hợp Công đoàn các KCN thành lập, củng cố công đoàn cơ sở",
    "G": "Hoàn thiện hồ sơ môi trường, ký hợp đồng xử lý chất thải nguy hại",
    "I": "Xây dựng mô hình tự quản, tự phòng, tự bảo vệ; tổ chức Ngày hội",
}
RETURN_COMMENTS = [
    "Thiếu ảnh chụp phương án bảo đảm ANTT, đề nghị bổ sung.",
    "Số bảo vệ chuyên trách không khớp với báo cáo của doanh nghiệp, đề nghị kiểm tra lại.",
    "Chưa có chữ ký của đại diện doanh nghiệp.",
    "Đề nghị ghi rõ thời hạn khắc phục cho từng tồn tại.",
]
CLOSE_NOTES = [
    "Doanh nghiệp đã khắc phục, kiểm tra lại đạt yêu cầu.",
    "Đã gửi báo cáo khắc phục kèm hình ảnh.",
    "Đã bổ sung hồ sơ theo yêu cầu.",
]
TITLES = [
    "Trưởng phòng Hành chính - Nhân sự",
    "Giám đốc nhà máy",
    "Phó Giám đốc",
    "Trưởng bộ phận An ninh",
    "Trưởng phòng Tổng vụ",
]


def _workday(rng: random.Random, start: date, end: date) -> date:
    """A random Monday-to-Friday between start and end (inclusive)."""
    while True:
        day = start + timedelta(days=rng.randint(0, (end - start).days))
        if day.weekday() < 5:
            return day


def local(day: date, hour: float) -> datetime:
    """A Hanoi-time moment on a day, in UTC (stored in UTC on both databases: SQLite keeps no
    offset, so a +07:00 datetime would read back seven hours off)."""
    moment = datetime.combine(day, time(int(hour), int(hour % 1 * 60)), tzinfo=HANOI)
    return moment.astimezone(UTC)


def _status(rng: random.Random, day: date) -> str:
    age = (DEMO_TODAY - day).days
    roll = rng.random()
    if age <= 14:
        return "draft" if roll < 0.45 else "submitted"
    if age <= 30:
        return "submitted" if roll < 0.45 else "returned" if roll < 0.55 else "approved"
    return "approved" if roll < 0.9 else "returned" if roll < 0.95 else "submitted"


def _yes_no(rng, item, ent, quality) -> str:
    code = item["code"]
    if code.startswith("E.") and not ent["foreign_workers"]:
        return "na"
    if code == "F.1":
        return "yes" if ent["has_trade_union"] else "no"
    return "no" if rng.random() > quality else "yes"


def _number(rng, code, ent, survey) -> int:
    if survey:
        share = {"B.2": (0.1, 0.6), "C.2": (0.8, 1.6), "D.2": (0.0, 0.4)}.get(code, (0, 0))
        return int(ent["workforce"] * rng.uniform(*share))
    fixed = {
        "B.1": ent["guards_dedicated"],
        "B.2": ent["guards_parttime"],
        "D.1": ent["workforce"],
        "E.1": ent["foreign_workers"],
    }
    incidents = {
        "H.1": [0] * 8 + [1, 2],
        "H.2": [0] * 12 + [1],
        "H.3": [0] * 40 + [1],
        "H.4": [0] * 80 + [1],
    }
    if code in incidents:
        return rng.choice(incidents[code])
    return fixed.get(code, 0)


def _text(rng, code, ent, survey) -> str:
    if survey and code == "A.2":
        return rng.choice(
            [
                "Công ty Bảo vệ Kinh Bắc",
                "Công ty Dịch vụ bảo vệ Bắc Ninh",
                "Công ty TNHH Bảo vệ Thăng Long",
            ]
        )
    if not survey and code == "A.4":
        return f"{ent['hr_contact']}, {rng.choice(TITLES)}"
    return ""


def answers_for(rng, sections, ent, quality, survey=False) -> dict:
    """The answers of one check: consistent with the enterprise's own figures."""
    answers = {}
    for item in all_items(sections):
        kind, code = item["type"], item["code"]
        if kind == "yes_no_na":
            value = _yes_no(rng, item, ent, quality)
        elif kind == "number":
            value = _number(rng, code, ent, survey)
        elif kind == "choice":
            value = rng.choice(item["choices"])["value"]
        else:
            value = _text(rng, code, ent, survey)
        answers[code] = {"value": value, "note": "", "photos": []}
    if not survey:
        misses = sum(1 for a in answers.values() if a["value"] == "no")
        answers["I.3"]["value"] = ["good", "fair", "average", "weak"][min(3, misses)]
        if answers["H.2"]["value"] or answers["H.3"]["value"]:
            answers["H.5"]["value"] = "Tranh chấp về tiền lương, đã được hòa giải tại doanh nghiệp."
    return answers


def findings_for(rng, sections, answers, day) -> list[dict]:
    """One finding per failed yes/no item."""
    findings = []
    for item in all_items(sections):
        if item["type"] != "yes_no_na" or answers[item["code"]]["value"] != "no":
            continue
        critical = item["critical"]
        severity = (
            rng.choice(["high", "high", "critical"])
            if critical
            else rng.choice(["low", "medium", "medium"])
        )
        days = 15 if critical else 30
        findings.append(
            {
                "id": names.rng_uuid(rng),
                "item_code": item["code"],
                "severity": severity,
                "description": f"Chưa đạt: {item['text_vi']}.",
                "corrective_action": CORRECTIVE.get(item["code"][0], CORRECTIVE["A"]),
                "due_date": (day + timedelta(days=days)).isoformat(),
                "photos": [],
            }
        )
    return findings


def plan_checks(rng: random.Random, enterprises: list, parks_by_id: dict, count: int) -> list:
    """Pick (enterprise, day, template code) for `count` checks, weighted to big firms."""
    weights = []
    for ent in enterprises:
        weight = 1 + math.log10(max(ent["workforce"], 10))
        if parks_by_id[ent["park_id"]]["code"] in ("QV1", "QV2", "QV3"):
            weight *= 1.8
        weights.append(weight)
    picks = rng.choices(enterprises, weights, k=count)
    plans = []
    for ent in picks:
        kind = "service_survey" if rng.random() < 0.1 else "antt_check"
        plans.append((ent, _workday(rng, YEAR_START, DEMO_TODAY), kind))
    plans.sort(key=lambda p: (p[1], p[0]["tax_code"]))
    return plans


def build_checks(
    rng, plans, versions, inspectors_by_park, police_by_park, reviewer, sites: dict
) -> dict:
    """Check, finding and review rows for the planned checks (closures by later checks)."""
    checks, findings, reviews = [], [], []
    open_by_ent: dict[str, list[dict]] = {}
    quality = {}
    for ent, day, kind in plans:
        sections = ANTT_SECTIONS if kind == "antt_check" else SURVEY_SECTIONS
        author = rng.choice(inspectors_by_park[ent["park_id"]])
        team = [
            {
                "user_id": author.id,
                "name": author.full_name,
                "unit": author.unit,
                "title": "Chuyên viên Ban quản lý các KCN",
            }
        ]
        police = police_by_park.get(ent["park_id"])
        if police and rng.random() < 0.6:
            officer = rng.choice(police)
            team.append(
                {
                    "user_id": officer.id,
                    "name": officer.full_name,
                    "unit": "police",
                    "title": "Cán bộ Công an tỉnh",
                }
            )
        q = quality.setdefault(ent["id"], rng.uniform(0.82, 0.99))
        status = _status(rng, day)
        started = local(day, rng.choice([8, 8.5, 9, 9.5, 13.5, 14, 14.5]))
        ended = started + timedelta(minutes=rng.randint(45, 150))
        answers = answers_for(rng, sections, ent, q, kind == "service_survey")
        found = findings_for(rng, sections, answers, day) if kind == "antt_check" else []
        check_id = names.rng_uuid(rng)
        lat, lng = places.check_gps(sites[ent["id"]], rng.random(), rng.random())
        data = {
            "template_version_id": versions[kind],
            "enterprise_id": ent["id"],
            "visit_id": None,
            "status": "draft" if status == "draft" else "submitted",
            "started_at": started.isoformat(),
            "ended_at": None if status == "draft" else ended.isoformat(),
            "gps": {
                "lat": lat,
                "lng": lng,
                "accuracy": rng.choice([8.0, 12.0, 25.0, 40.0]),
                "at": started.isoformat(),
            },
            "gps_note": "",
            "team": team,
            "answers": answers,
            "findings": found,
            "closed_findings": [],
            "representative_name": ent["hr_contact"],
            "representative_title": rng.choice(TITLES),
            "representative_signature": None,
            "notes": "",
        }
        submitted_at = None if status == "draft" else ended.astimezone(UTC)
        if status != "draft":
            for older in open_by_ent.pop(ent["id"], []):
                if rng.random() < 0.8:
                    note = rng.choice(CLOSE_NOTES)
                    data["closed_findings"].append({"finding_id": older["id"], "note": note})
                    older.update(closed_at=submitted_at, closed_by_id=author.id, closed_note=note)
                else:
                    open_by_ent.setdefault(ent["id"], []).append(older)
        row = {
            "id": check_id,
            "template_version_id": versions[kind],
            "enterprise_id": ent["id"],
            "park_id": ent["park_id"],
            "visit_id": None,
            "author_id": author.id,
            "status": status,
            "started_at": started,
            "ended_at": data["ended_at"] and ended,
            "submitted_at": submitted_at,
            "first_sent_at": submitted_at,
            "last_sent_at": submitted_at,
            "send_count": 0 if submitted_at is None else 1,
            "data": data,
            "finding_count": len(found),
            "photos": [],
            "review_comment": None,
            "reviewed_by_id": None,
            "reviewed_at": None,
            "receipt": None,
            "client_id": names.rng_uuid(rng),
            "created_at": started,
            "updated_at": submitted_at or ended,
        }
        if status in ("approved", "returned"):
            at = submitted_at + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
            comment = rng.choice(RETURN_COMMENTS) if status == "returned" else ""
            row.update(
                review_comment=comment or None,
                reviewed_by_id=reviewer.id,
                reviewed_at=at,
                updated_at=at,
            )
            reviews.append(
                {
                    "id": names.rng_uuid(rng),
                    "entity": "check",
                    "record_id": check_id,
                    "record_version": 0,
                    "decision": "approve" if status == "approved" else "return",
                    "comment": comment,
                    "user_id": reviewer.id,
                    "at": at,
                }
            )
        for finding in found:
            rec = {
                "id": finding["id"],
                "check_id": check_id,
                "enterprise_id": ent["id"],
                "park_id": ent["park_id"],
                "item_code": finding["item_code"],
                "category": finding["item_code"].split(".")[0],
                "severity": finding["severity"],
                "description": finding["description"],
                "corrective_action": finding["corrective_action"],
                "due_date": date.fromisoformat(finding["due_date"]),
                "contact_name": ent["hr_contact"] or "",
                "contact_key": fold(ent["hr_contact"]),
                "closed_at": None,
                "closed_by_id": None,
                "closed_note": None,
            }
            findings.append(rec)
            open_by_ent.setdefault(ent["id"], []).append(rec)
        checks.append(row)
    _close_some_overdue(rng, findings, reviewer)
    return {"checks": checks, "findings": findings, "reviews": reviews}


def _close_some_overdue(rng, findings, closer) -> None:
    """Most findings past due were closed from the console; the rest stay open."""
    for finding in findings:
        if (
            finding["closed_at"] is None
            and finding["due_date"] < DEMO_TODAY
            and rng.random() < 0.88
        ):
            day = finding["due_date"] - timedelta(days=rng.randint(0, 10))
            finding.update(
                closed_at=local(max(day, YEAR_START), 10).astimezone(UTC),
                closed_by_id=closer.id,
                closed_note=rng.choice(CLOSE_NOTES),
            )
