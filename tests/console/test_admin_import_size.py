"""The enterprise import's file size: the roster's cap (5 MB), and a file under it goes through.

Before, only the 16 MB request limit held it: a 6 MB list was read and previewed (5 s of
work). Over 5 MB, the file is now refused with a message before it is read; a large office
file under the cap (long notes on every row) still previews and imports, its confirmation
sending the file back base64-encoded.
"""

import io
import re

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.extensions import db
from app.models import Enterprise

URL = "/console/admin/enterprises/import"
HEADER = "Mã số thuế,Tên doanh nghiệp,Mã KCN,Loại hình,Số lao động,Ghi chú\n"


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Enterprise))


def _csv(rows: int, note: int) -> bytes:
    """An office list whose rows carry a long note (a column the import does not read)."""
    lines = [
        f"23{n:08d},Công ty TNHH Số {n},QV1,FDI,{100 + n},{'Ghi chú dài. ' * (note // 13)}\n"
        for n in range(rows)
    ]
    return (HEADER + "".join(lines)).encode("utf-8")


def _upload(client, content: bytes):
    # Encoded in memory: the test client would spool a body this big to a file it never closes.
    file = FileStorage(io.BytesIO(content), "dn.csv")
    boundary, body = encode_multipart({"csrf_token": client.csrf, "file": file})
    return client.post(URL, data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def admin(make, console):
    """An admin signed in to the console; park QV1 exists."""
    make.park(code="QV1", name="KCN Quế Võ")
    make.user("boss", role="admin")
    make.commit()
    return console("boss")


def test_a_file_over_five_megabytes_is_refused_and_writes_nothing(admin):
    client = admin
    content = _csv(1_400, 3_900)
    assert len(content) > 5 * 1024 * 1024
    before = _count()
    response = _upload(client, content)
    assert response.status_code == 400
    assert "5 MB" in response.get_data(as_text=True)
    assert _count() == before


def test_a_600_kb_office_file_previews_and_imports(admin):
    client = admin
    content = _csv(150, 3_900)
    assert len(content) > 600 * 1024
    before = _count()
    html = _upload(client, content).get_data(as_text=True)
    assert 'id="confirm"' in html
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    done = client.post(
        URL,
        data={"csrf_token": client.csrf, "payload": payload, "filename": "dn.csv", "confirm": "1"},
    )
    assert done.status_code == 302
    assert _count() == before + 150
