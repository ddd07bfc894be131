"""ID card numbers stay private: kept on the roster, never pulled, never on a badge.

The rule: a worker's CCCD/CMND reaches no phone (not even their HR's: the phone's pages do not
need it), no badge and no QR code; on the roster page only the enterprise's HR and admins
see it whole, a supervisor sees its last 4 digits. Checked over generated rosters in which
some workers have no staff number (their badge code is then minted by the server).
"""

import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from app.core.personal import is_id_card, mask_id_card
from app.extensions import db
from app.festival.badges import badge_code, badge_payload
from app.models import RosterPerson
from tests.festival.test_roster_import import confirm, upload

CCCD = st.from_regex(r"0[0-9]{2}[0-3][0-9]{8}", fullmatch=True)
PEOPLE = st.lists(st.tuples(st.booleans(), CCCD), min_size=1, max_size=12, unique_by=lambda t: t[1])


def roster_csv(people: list[tuple[bool, str]]) -> bytes:
    """A roster whose workers have a staff number or not, each with a CCCD."""
    lines = ["Mã NV,Số CCCD,Họ và tên,Vai trò"]
    for i, (has_number, cccd) in enumerate(people):
        lines.append(f"{f'NV{i:04d}' if has_number else ''},{cccd},Người lao động {i},Công nhân")
    return ("\n".join(lines) + "\n").encode()


def import_roster(hr, ent, people) -> None:
    html = upload(hr, ent, roster_csv(people), "ds.csv").get_data(as_text=True)
    response = confirm(hr, ent, html)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def pulled_text(api, username: str) -> str:
    changes, _ = api(username).pull_all()
    return json.dumps(changes, ensure_ascii=False)


@settings(
    max_examples=6,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=PEOPLE)
def test_no_pull_badge_or_qr_code_carries_an_id_card(pages, api, world, people):
    import_roster(pages("hr1"), world.ent, people)
    stored = db.session.query(RosterPerson).filter_by(enterprise_id=world.ent.id).all()
    cards = {p.id_card for p in stored}
    assert {cccd for _, cccd in people} <= cards  # kept exactly, leading zeros and all
    # Its HR, another enterprise's HR, an inspector and a supervisor of its park, a supervisor
    # of another park, an admin: only HR of the enterprise and admins see a CCCD, on the console.
    pulls = {name: pulled_text(api, name) for name in ("hr1", "hr2", "insp1", "sup1", "sup2")}
    pulls["admin1"] = pulled_text(api, "admin1")
    for username, text in pulls.items():
        assert not [card for card in cards if card in text], username
    assert "Người lao động 0" in pulls["hr1"]  # the roster itself was pulled, without them
    assert world.ent.id in pulls["sup1"] and world.ent.id in pulls["insp1"]  # its park's data
    badges = pages("hr1").get(f"/festival/roster/{world.ent.id}/badges").get_data(as_text=True)
    for person in stored:
        code = badge_code(person)
        assert (
            code
            and not is_id_card(code)
            and person.id_card not in badge_payload(world.ent.id, code)
        )
        assert person.id_card not in badges


def test_roster_page_shows_id_cards_whole_only_to_its_hr_and_admins(pages, world):
    people = [(True, "001222040758"), (False, "034095001234")]
    import_roster(pages("hr1"), world.ent, people)
    for username, whole in (("hr1", True), ("admin1", True), ("sup1", False)):
        html = pages(username).get(f"/festival/roster/{world.ent.id}").get_data(as_text=True)
        for _, card in people:
            assert (card in html) is whole, username
            assert whole or mask_id_card(card) in html
    assert (
        pages("hr2").get(f"/festival/roster/{world.ent.id}").status_code == 404
    )  # as an unknown id: says nothing of which exist


def test_reimport_keeps_a_minted_code_and_matches_by_id_card(pages, world):
    hr = pages("hr1")
    import_roster(hr, world.ent, [(False, "001222040758")])
    first = db.session.query(RosterPerson).filter_by(enterprise_id=world.ent.id).one()
    import_roster(hr, world.ent, [(False, "001222040758")])
    again = db.session.query(RosterPerson).filter_by(enterprise_id=world.ent.id).one()
    assert again.employee_number == first.employee_number
    assert again.employee_number.startswith("QR-")


def test_roster_export_has_id_cards_only_for_its_hr_and_admins(pages, world):
    people = [(True, "001222040758"), (False, "034095001234")]
    import_roster(pages("hr1"), world.ent, people)
    for username, whole in (("hr1", True), ("admin1", True), ("sup1", False)):
        response = pages(username).get(f"/festival/roster/{world.ent.id}/roster.xlsx")
        assert response.status_code == 200, username
        rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
        cells = {str(cell) for row in rows for cell in row}
        columns = ("Mã nhân viên", "Họ và tên", "Vai trò", "Bộ phận")  # docs/records.md
        assert rows[0] == columns + (("Số CCCD/CMND",) if whole else ()), username
        assert all((card in cells) is whole for _, card in people), username
        assert whole or not any(mask_id_card(card) in cells for _, card in people)
        assert len(rows) == 3
    assert (
        pages("hr2").get(f"/festival/roster/{world.ent.id}/roster.xlsx").status_code == 404
    )  # as an unknown id: says nothing of which exist


def test_a_cccd_in_the_staff_number_column_is_kept_as_the_id_card(pages, world):
    csv = "Mã NV,Họ và tên\n001222040758,Nguyễn Thị Hoa\nNV002,Trần Văn Đức\n"
    hr = pages("hr1")
    html = upload(hr, world.ent, csv.encode(), "ds.csv").get_data(as_text=True)
    assert confirm(hr, world.ent, html).status_code == 302
    stored = {
        p.name: p for p in db.session.query(RosterPerson).filter_by(enterprise_id=world.ent.id)
    }
    hoa = stored["Nguyễn Thị Hoa"]
    assert hoa.id_card == "001222040758" and hoa.employee_number.startswith("QR-")
    assert stored["Trần Văn Đức"].employee_number == "NV002"
