"""Record factories for tests: real rows, stamped with sync versions like the app does."""

import itertools
import uuid
from datetime import UTC, date, datetime

from app.access.auth import hash_password
from app.extensions import db
from app.models import (
    ChecklistTemplate,
    Enterprise,
    Event,
    Park,
    RosterPerson,
    TemplateVersion,
    User,
)
from app.models.base import utcnow
from app.sync.versioning import stamp

_seq = itertools.count(1)

SECTIONS = [
    {
        "code": "A",
        "title_vi": "Lực lượng bảo vệ",
        "title_en": "Security guard force",
        "items": [
            {
                "code": "A.1",
                "text_vi": "Có phương án bảo đảm ANTT",
                "text_en": "Has an ANTT plan",
                "type": "yes_no_na",
                "critical": True,
                "photo_required": False,
            },
            {
                "code": "A.2",
                "text_vi": "Số bảo vệ chuyên trách",
                "text_en": "Dedicated guards",
                "type": "number",
                "critical": False,
                "photo_required": False,
            },
        ],
    }
]


def new_uuid() -> str:
    return str(uuid.uuid4())


class Factory:
    """Make rows and payloads; every method flushes and returns the row."""

    def park(self, code=None, name=None) -> Park:
        n = next(_seq)
        park = stamp(
            Park(code=code or f"P{n}", name=name or f"KCN Quế Võ {n}", search_key=f"kcn que vo {n}")
        )
        db.session.add(park)
        db.session.flush()
        return park

    def enterprise(self, park=None, name=None, ownership="fdi", workforce=1000) -> Enterprise:
        n = next(_seq)
        park = park or self.park()
        ent = stamp(
            Enterprise(
                park_id=park.id,
                name=name or f"Công ty TNHH Điện tử {n}",
                tax_code=f"23{n:08d}",
                ownership=ownership,
                workforce=workforce,
            )
        )
        db.session.add(ent)
        db.session.flush()
        return ent

    def user(
        self,
        username=None,
        role="inspector",
        parks=(),
        enterprise=None,
        password="pw",
        language="vi",
    ) -> User:
        user = User(
            username=username or f"user{next(_seq)}",
            role=role,
            password_hash=hash_password(password),
            parks=list(parks),
            enterprise=enterprise,
            full_name="Nguyễn Văn An",
            language=language,
        )
        db.session.add(user)
        db.session.flush()
        return user

    def template(self, sections=None, code=None) -> TemplateVersion:
        template = ChecklistTemplate(
            code=code or f"antt{next(_seq)}",
            kind="check",
            title_vi="Kiểm tra ANTT",
            title_en="ANTT check",
        )
        db.session.add(template)
        version = stamp(
            TemplateVersion(
                template=template,
                number=1,
                status="published",
                sections=sections or SECTIONS,
                published_at=utcnow(),
            )
        )
        db.session.add(version)
        db.session.flush()
        return version

    def event(self, enterprise, title="Ngày hội toàn dân bảo vệ ANTQ") -> Event:
        event = stamp(
            Event(
                enterprise_id=enterprise.id,
                park_id=enterprise.park_id,
                title=title,
                date=date(2026, 8, 19),
                activities=[{"kind": "propaganda"}],
            )
        )
        db.session.add(event)
        db.session.flush()
        return event

    def roster_person(self, enterprise, employee_number, name, role="worker") -> RosterPerson:
        person = stamp(
            RosterPerson(
                enterprise_id=enterprise.id,
                park_id=enterprise.park_id,
                employee_number=employee_number,
                name=name,
                role=role,
            )
        )
        db.session.add(person)
        db.session.flush()
        return person

    def commit(self) -> None:
        db.session.commit()

    # --- payloads -------------------------------------------------------------
    @staticmethod
    def check_data(template_version, enterprise, **overrides) -> dict:
        data = {
            "template_version_id": template_version.id,
            "enterprise_id": enterprise.id,
            "status": "draft",
            "started_at": datetime(2026, 11, 20, 8, 30, tzinfo=UTC).isoformat(),
            "answers": {"A.1": {"value": "yes"}, "A.2": {"value": 4}},
            "findings": [],
            "team": [{"name": "Trần Thị Bình", "unit": "police"}],
            "representative_name": "Lê Văn Cường",
        }
        data.update(overrides)
        return data

    @staticmethod
    def mutation(entity, data, record_id=None, base_version=0, op="upsert") -> dict:
        return {
            "mutation_id": new_uuid(),
            "entity": entity,
            "op": op,
            "id": record_id or new_uuid(),
            "base_version": base_version,
            "data": data,
        }
