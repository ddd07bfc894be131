"""No message doubles a word (issue 24: "Đã lưu KCN KCN Gia Bình II.").

The class of bug: a message that names a record's kind right before the record's name, when
names already begin with their kind ("KCN Gia Bình II", "Công ty TNHH …"). The rule, checked
on every catalog and on the pages themselves: no translated message puts a kind word right
before a placeholder, and no saved name comes back with a word doubled.
"""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.i18n import fold
from app.extensions import db
from app.models import Enterprise, Park

CATALOGS = Path(__file__).resolve().parents[2] / "app" / "translations"
KIND_WORDS = ("kcn", "khu cong nghiep", "doanh nghiep", "cong ty", "park", "enterprise", "company")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def test_no_catalog_message_puts_a_kind_word_before_a_placeholder():
    found = []
    for lang in ("vi", "en"):
        with open(CATALOGS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            texts = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in (t for t in texts if t):
                for match in PLACEHOLDER.finditer(text):
                    before = fold(text[: match.start()]).rstrip(" :")
                    if before.endswith(KIND_WORDS):
                        found.append((lang, message.id, text))
    assert found == []


def doubled(text: str) -> list[str]:
    """The words said twice in a row in a text."""
    words = re.findall(r"\w+", text.lower())
    return [a for a, b in zip(words, words[1:], strict=False) if a == b]


names = st.tuples(
    st.sampled_from(["KCN", "Công ty TNHH", "Doanh nghiệp", "Park"]),
    st.text(alphabet="abcdefghiklmnopqrstuvxyĐđâêôơưăáàảãạ", min_size=3, max_size=12),
).map(lambda parts: f"{parts[0]} {parts[1]}".strip())


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=names)
def test_saving_a_park_or_an_enterprise_says_each_word_once(app, make, console, name):
    if db.session.query(Park).filter_by(code="P1").one_or_none() is None:
        make.user("boss", role="admin")
        make.commit()
    client = console("boss")
    park = db.session.query(Park).filter_by(code="P1").one_or_none()
    url = f"/console/admin/parks/{park.id}" if park else "/console/admin/parks/new"
    saved = client.post(
        url, data={"csrf_token": client.csrf, "code": "P1", "name": name}, follow_redirects=True
    )
    assert saved.status_code == 200
    flash = re.search(r'class="flash success"[^>]*>([^<]+)<', saved.get_data(as_text=True))
    assert flash and name in flash.group(1)
    assert doubled(flash.group(1)) == doubled(name)
    park = db.session.query(Park).filter_by(code="P1").one()
    ent = db.session.query(Enterprise).filter_by(tax_code="0101234567").one_or_none()
    url = f"/console/admin/enterprises/{ent.id}" if ent else "/console/admin/enterprises/new"
    form = {"name": name, "tax_code": "0101234567", "park_id": park.id, "ownership": "fdi"}
    saved = client.post(url, data={"csrf_token": client.csrf, **form}, follow_redirects=True)
    flash = re.search(r'class="flash success"[^>]*>([^<]+)<', saved.get_data(as_text=True))
    assert flash and doubled(flash.group(1)) == doubled(name), saved.get_data(as_text=True)[:3000]
