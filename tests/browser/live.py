"""A live server for browser tests, benchmarks and screenshots: the real app on a file SQLite."""

import shutil
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app
from app.extensions import db
from app.models import Enterprise, Park, Visit
from app.sync.versioning import stamp
from config import TestConfig
from tests.factories import Factory

PWA_SRC = Path(__file__).resolve().parents[2] / "pwa"

SECTIONS = [
    {
        "code": "A",
        "title_vi": "Phương án và lực lượng bảo vệ",
        "title_en": "Plan and guard force",
        "items": [
            {
                "code": "A.1",
                "text_vi": "Có phương án bảo đảm ANTT được phê duyệt",
                "text_en": "Has an approved security-and-order plan",
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
            {
                "code": "A.3",
                "text_vi": "Cổng, tường rào, camera an ninh",
                "text_en": "Gate, fence, security cameras",
                "type": "yes_no_na",
                "critical": False,
                "photo_required": True,
            },
        ],
    },
    {
        "code": "B",
        "title_vi": "Phòng cháy, chữa cháy",
        "title_en": "Fire prevention and fighting",
        "items": [
            {
                "code": "B.1",
                "text_vi": "Mức độ trang bị PCCC",
                "text_en": "Fire equipment level",
                "type": "choice",
                "critical": False,
                "photo_required": False,
                "choices": [
                    {"value": "full", "label_vi": "Đầy đủ", "label_en": "Complete"},
                    {"value": "partial", "label_vi": "Thiếu một phần", "label_en": "Partial"},
                    {"value": "none", "label_vi": "Không có", "label_en": "None"},
                ],
            },
            {
                "code": "B.2",
                "text_vi": "Nhận xét khác",
                "text_en": "Other remarks",
                "type": "text",
                "critical": False,
                "photo_required": False,
            },
        ],
    },
]

ENTERPRISES = [
    ("Công ty TNHH Samsung Electronics Việt Nam", "fdi", 42000),
    ("Công ty TNHH Canon Việt Nam", "fdi", 12000),
    ("Công ty Cổ phần Dược phẩm Đông Á", "private", 640),
    ("Công ty TNHH Điện tử Foxconn Quế Võ", "fdi", 18000),
    ("Công ty TNHH May mặc Đức Giang", "private", 1425),
]


@dataclass
class Seeded:
    """Ids of the seeded rows the tests use."""

    template_version_id: str = ""
    enterprise_ids: list[str] = field(default_factory=list)
    park_ids: list[str] = field(default_factory=list)
    visit_id: str = ""


def seed(extra_enterprises: int = 0) -> Seeded:
    """Add two parks, some enterprises, a template, users and a visit (inside an app context)."""
    make = Factory()
    out = Seeded()
    que_vo = stamp(Park(code="QV1", name="KCN Quế Võ", search_key="kcn que vo"))
    yen_phong = stamp(Park(code="YP1", name="KCN Yên Phong", search_key="kcn yen phong"))
    db.session.add_all([que_vo, yen_phong])
    db.session.flush()
    out.park_ids = [que_vo.id, yen_phong.id]
    rows = list(ENTERPRISES) + [
        (f"Công ty TNHH Sản xuất Bắc Ninh số {n}", "private", 100 + n)
        for n in range(extra_enterprises)
    ]
    for n, (name, ownership, workforce) in enumerate(rows):
        park = que_vo if n % 2 == 0 else yen_phong
        ent = stamp(
            Enterprise(
                park_id=park.id,
                name=name,
                tax_code=f"2300{n:06d}",
                ownership=ownership,
                workforce=workforce,
            )
        )
        db.session.add(ent)
        db.session.flush()
        out.enterprise_ids.append(ent.id)
    out.template_version_id = make.template(sections=SECTIONS, code="antt").id
    make.user("inspector", role="inspector", parks=[que_vo, yen_phong])
    make.user("inspector2", role="inspector", parks=[que_vo, yen_phong])
    make.user("supervisor", role="supervisor", parks=[que_vo, yen_phong])
    visit = stamp(
        Visit(
            enterprise_id=out.enterprise_ids[0],
            park_id=que_vo.id,
            planned_date=date.today(),
            team=[],
            reason="routine",
        )
    )
    later = stamp(
        Visit(
            enterprise_id=out.enterprise_ids[1],
            park_id=yen_phong.id,
            planned_date=date.today() + timedelta(days=2),
            team=[],
            reason="reinspection",
        )
    )
    db.session.add_all([visit, later])
    db.session.flush()
    out.visit_id = visit.id
    db.session.commit()
    return out


class QuietHandler(WSGIRequestHandler):
    """Serve without logging every request."""

    def log_request(self, *args, **kwargs) -> None:
        pass

    def connection_dropped(self, error, environ=None) -> None:
        """Close the answer of a request whose browser hung up mid-write.

        Werkzeug's server reads the socket before it closes the answer, and on a dropped
        connection that read raises first: the answer (a file being sent) was left open.
        gunicorn, which serves the app for real, closes it in a `finally`.
        """
        body = (environ or {}).get("live.answer")
        if body is not None and hasattr(body, "close"):
            body.close()


def keeping_the_answer(app):
    """The WSGI app, noting each answer in its environ for QuietHandler.connection_dropped."""

    def serve(environ, start_response):
        environ["live.answer"] = answer = app(environ, start_response)
        return answer

    return serve


class LiveServer:
    """The app served by werkzeug in a thread, on a free port of 127.0.0.1."""

    def __init__(self, workdir: Path, extra_enterprises: int = 0):
        self.pwa_dir = workdir / "pwa"
        shutil.copytree(PWA_SRC, self.pwa_dir)
        self.db_path = workdir / "live.sqlite"
        config = type(
            "LiveConfig",
            (TestConfig,),
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{self.db_path}",
                "UPLOAD_FOLDER": str(workdir / "uploads"),
                "PWA_DIR": str(self.pwa_dir),
                "RATELIMIT_ENABLED": False,
            },
        )
        self.app = create_app(config)
        with self.app.app_context():
            db.create_all()
            self.seeded = seed(extra_enterprises)
        self.server = make_server(
            "127.0.0.1",
            0,
            keeping_the_answer(self.app),
            threaded=True,
            request_handler=QuietHandler,
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "LiveServer":
        """Start serving."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the database."""
        self.server.shutdown()
        self.thread.join(5)
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()

    def query(self, fn):
        """Run fn() inside an app context with a fresh session and return its result."""
        with self.app.app_context():
            try:
                return fn()
            finally:
                db.session.remove()
