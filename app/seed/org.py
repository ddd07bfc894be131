"""Parks, enterprises, the demo users and the two templates."""

import math
import random
from datetime import UTC, datetime

from sqlalchemy import insert

from app.access.accounts import create_user
from app.core.i18n import fold
from app.core.legal_forms import legal_form_of
from app.extensions import db
from app.models import ChecklistTemplate, Enterprise, Park, TemplateVersion
from app.seed import names, places
from app.seed.templates import TEMPLATES
from app.sync.versioning import take_versions

DEMO_PASSWORD = "demo1234"
HR_ENTERPRISE = "Công ty TNHH Hanwool Electronics Vina"
PUBLISHED_AT = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)

# username, role, unit, park codes, full name
USERS = [
    ("inspector", "inspector", "bql", ("QV1", "QV2", "QV3"), "Nguyễn Văn Hùng"),
    ("supervisor", "supervisor", "bql", (), "Trần Thị Thu Hà"),
    ("admin", "admin", "bql", (), "Lê Minh Tuấn"),
    ("inspector2", "inspector", "bql", ("TS", "VSIP", "DDHS"), "Phạm Thị Lan"),
    ("inspector3", "inspector", "bql", ("YP1", "YP2C", "NSHL"), "Đỗ Quang Huy"),
    ("inspector4", "inspector", "bql", ("TT2", "TT3", "GB1"), "Bùi Thị Hạnh"),
    ("police1", "inspector", "police", ("QV1", "QV2", "QV3", "TS"), "Hoàng Đức Thắng"),
    ("police2", "inspector", "police", ("YP1", "YP2C", "VSIP", "TT2", "TT3"), "Vũ Văn Long"),
]


def _bulk(model, rows: list[dict]) -> None:
    """Insert rows with fresh versions in one executemany."""
    if not rows:
        return
    first = take_versions(len(rows))
    for offset, row in enumerate(rows):
        row["version"] = first + offset
    db.session.execute(insert(model), rows)


def seed_parks(rng: random.Random) -> list[dict]:
    """The 16 parks; returns the rows (with the planned enterprise count)."""
    rows = [
        {
            "id": names.rng_uuid(rng),
            "code": code,
            "name": name,
            "search_key": fold(name),
            "province": "Bắc Ninh",
            "operating": operating,
            "area_ha": area,
            **places.park_position(code, area),
        }
        for code, name, operating, area, _count in names.PARKS
    ]
    _bulk(Park, rows)
    for row, spec in zip(rows, names.PARKS, strict=True):
        row["enterprises"] = spec[4]
    return rows


def _log_uniform(rng: random.Random, low: int, high: int) -> int:
    return int(round(math.exp(rng.uniform(math.log(low), math.log(high)))))


def _workforce(rng: random.Random) -> int:
    """Skewed sizes: most firms 50-500 workers, a handful of 5,000-20,000."""
    roll = rng.random()
    for limit, low, high in (
        (0.14, 10, 49),
        (0.843, 50, 500),
        (0.963, 501, 1500),
        (0.993, 1501, 4999),
    ):
        if roll < limit:
            return _log_uniform(rng, low, high)
    return _log_uniform(rng, 5000, 20000)


def _ownership(rng: random.Random) -> str:
    roll = rng.random()
    return "fdi" if roll < 0.60 else "private" if roll < 0.95 else "state"


def _enterprise(rng, park, taken, tax_code) -> dict:
    ownership = _ownership(rng)
    country = names.weighted(rng, names.FDI_COUNTRIES) if ownership == "fdi" else "Việt Nam"
    sector = names.weighted(rng, [(s, s[3]) for s in names.SECTORS])
    for _attempt in range(30):
        name = names.company_name(rng, ownership, country, sector)
        if name not in taken:
            break
    else:
        name = f"{name} - Chi nhánh {rng.choice(names.PLACES)}"
        while name in taken:
            name += " 2"
    taken.add(name)
    workforce = _workforce(rng)
    foreign = 0
    if ownership == "fdi":
        foreign = max(1, int(workforce * rng.uniform(0.003, 0.03)))
    dedicated = max(0, int(workforce / rng.randint(80, 200)))
    return {
        "id": names.rng_uuid(rng),
        "park_id": park["id"],
        "name": name,
        "search_key": fold(name),
        "tax_code": tax_code,
        "ownership": ownership,
        "legal_form": legal_form_of(name),
        "sector": sector[0],
        "country": country,
        "address": f"Lô {rng.choice('ABCDEFGHK')}{rng.randint(1, 40)}, {park['name']}, Bắc Ninh",
        "workforce": workforce,
        "foreign_workers": foreign,
        "guards_dedicated": dedicated,
        "guards_parttime": rng.randint(0, 6),
        "has_trade_union": rng.random() < (0.9 if workforce > 200 else 0.45),
        "hr_contact": names.person_name(rng),
        "hr_phone": names.phone(rng),
        "active": True,
    }


def seed_enterprises(rng: random.Random, parks: list[dict], scale: float = 1.0) -> list[dict]:
    """About 1,200 enterprises over the operating parks; the HR demo one comes first."""
    total = sum(max(1, round(p["enterprises"] * scale)) for p in parks if p["operating"])
    numbers = rng.sample(range(0, 2_000_000), total)
    taken: set[str] = set()
    rows = []
    for park in parks:
        if not park["operating"]:
            continue
        for _ in range(max(1, round(park["enterprises"] * scale))):
            rows.append(_enterprise(rng, park, taken, f"23{numbers[len(rows)]:08d}"))
    hr = rows[0]  # the first enterprise of KCN Quế Võ
    hr.update(
        name=HR_ENTERPRISE,
        search_key=fold(HR_ENTERPRISE),
        ownership="fdi",
        legal_form="tnhh",
        country="Hàn Quốc",
        sector="Điện tử",
        workforce=340,
        foreign_workers=6,
        guards_dedicated=4,
        guards_parttime=2,
        has_trade_union=True,
    )
    _bulk(Enterprise, rows)
    return rows


def seed_templates() -> dict[str, str]:
    """Both templates with a published version 1; returns code -> template version id."""
    versions = {}
    for spec in TEMPLATES:
        template = ChecklistTemplate(
            code=spec["code"],
            kind=spec["kind"],
            title_vi=spec["title_vi"],
            title_en=spec["title_en"],
        )
        version = TemplateVersion(
            template=template,
            number=1,
            status="published",
            sections=spec["sections"],
            published_at=PUBLISHED_AT,
            version=take_versions(1),
        )
        db.session.add_all([template, version])
        db.session.flush()
        versions[spec["code"]] = version.id
    return versions


def seed_users(hr_tax_code: str) -> dict[str, object]:
    """The demo users (password demo1234); returns username -> User."""
    users = {}
    for username, role, unit, parks, full_name in USERS:
        user = create_user(username, role, DEMO_PASSWORD, parks, None, full_name)
        user.unit = unit
        users[username] = user
    users["hr"] = create_user(
        "hr", "enterprise_hr", DEMO_PASSWORD, (), hr_tax_code, "Nguyễn Thị Thanh Huyền"
    )
    db.session.flush()
    return users
