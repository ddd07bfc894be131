"""The roster import preview on a phone (390 px): no sideways scroll, 44 px controls, untick."""

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from app.extensions import db
from app.models import RosterPerson
from tests.browser.test_hr_festival import seed_hr
from tests.festival.test_roster_office_files import office_roster

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

MEASURE = """() => {
    const small = [];
    for (const el of document.querySelectorAll(
            '.roster-import button, .roster-import select, .roster-import input[type=file],'
            + ' .roster-import label.keep')) {
        const box = el.getBoundingClientRect();
        if (box.width && box.height < 44) small.push(el.outerHTML.slice(0, 80));
    }
    return {wide: document.documentElement.scrollWidth - innerWidth, small};
}"""


def shot(page, name: str) -> None:
    """Write a phone screenshot to docs/screenshots when HR_SCREENSHOTS=1 asks for it."""
    if os.environ.get("HR_SCREENSHOTS") == "1":
        page.evaluate("scrollTo(0, 0)")
        page.screenshot(path=str(OUT / f"hr-{name}.png"), full_page=True)


def fits_the_phone(page) -> None:
    """Measure once the page's stylesheets apply: a layout read before them sees bare controls."""
    page.wait_for_load_state("load")
    found = page.evaluate(MEASURE)
    assert found == {"wide": 0, "small": []}


def test_roster_preview_at_390px(live, new_context, tmp_path):
    ent_id = seed_hr(live)
    page = new_context().new_page()
    page.goto(f"{live.url}/console/login?next=/festival/roster")
    page.fill("input[name=username]", "hr")
    page.fill("input[name=password]", "pw")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r".*/festival/roster/.*"))
    page.goto(f"{live.url}/festival/roster/{ent_id}/import")
    fits_the_phone(page)
    path = tmp_path / "danh-sach-cbcnv.xlsx"
    path.write_bytes(office_roster())
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    expect(page.locator("#confirm")).to_be_visible()
    expect(page.locator("#header-line")).to_have_text("Tên cột ở dòng 4.")
    fits_the_phone(page)
    shot(page, "roster-import-phone")

    # Leave Trần Văn Đức out by unticking the row, not by editing the file.
    page.locator('li[data-line="6"] label.keep').click()
    page.get_by_role("button", name="Cập nhật xem trước").click()
    expect(page.locator('li[data-line="6"]')).to_have_class(re.compile(r"\bout\b"))
    expect(page.locator('li[data-line="6"] input[name=keep]')).not_to_be_checked()
    fits_the_phone(page)
    shot(page, "roster-import-untick")
    page.locator("#confirm").click()
    page.wait_for_url(re.compile(r".*/festival/roster/[^/]+$"))

    def names():
        return sorted(
            p.name
            for p in db.session.query(RosterPerson).filter_by(enterprise_id=ent_id, deleted=False)
            if p.id_card.startswith("0")  # keyed by CCCD: kept apart from the badge code
        )

    assert live.query(names) == ["Lê Thị Ánh Tuyết", "Nguyễn Thị Hoa", "Phạm Văn Nam"]


def test_enterprise_import_preview_at_390px(live, new_context, tmp_path):
    from tests.console.test_admin_import_office import office_sheet
    from tests.factories import Factory

    def add_admin():
        Factory().user("imp_admin", role="admin")
        db.session.commit()

    live.query(add_admin)
    page = new_context().new_page()
    page.goto(f"{live.url}/console/login")
    page.fill("input[name=username]", "imp_admin")
    page.fill("input[name=password]", "pw")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r".*/console/$"))
    page.goto(f"{live.url}/console/admin/enterprises/import")
    path = tmp_path / "doanh-nghiep.xlsx"
    path.write_bytes(office_sheet())
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    expect(page.locator("#header-line")).to_contain_text("Tên cột ở dòng 3.")
    fits_the_phone(page)


def test_a_300_row_office_roster_never_dead_ends_at_390px(live, new_context, tmp_path):
    from tests.festival.test_roster_office_formats import office_grid
    from tests.sheet_files import xlsx_of

    ent_id = seed_hr(live)

    def count():
        return db.session.query(RosterPerson).filter_by(enterprise_id=ent_id).count()

    before = live.query(count)
    grid = office_grid(300)
    grid[0].rows[20][6] = 12345  # a CCCD that is neither 12 nor 9 digits: cell G21
    grid[0].rows[250][8] = "Phi công"  # a role the import does not know
    page = new_context().new_page()
    page.goto(f"{live.url}/console/login?next=/festival/roster")
    page.fill("input[name=username]", "hr")
    page.fill("input[name=password]", "pw")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r".*/festival/roster/.*"))
    page.goto(f"{live.url}/festival/roster/{ent_id}/import")
    path = tmp_path / "danh-sach-300.xlsx"
    path.write_bytes(xlsx_of(grid))
    page.set_input_files("input[type=file]", str(path))
    page.click("form[enctype] button[type=submit]")
    expect(page.locator("#confirm")).to_have_text("Nhập 298 dòng")
    rows = page.locator("#preview li")
    expect(rows.nth(0)).to_have_attribute("data-line", "21")  # errors first
    expect(rows.nth(1)).to_have_attribute("data-line", "251")
    expect(page.locator("#preview li.bad").first).to_contain_text("Ô G21")
    expect(page.locator("#skipped")).to_contain_text("dòng 7: dòng đánh số cột")
    expect(page.locator("#skipped")).to_contain_text("phần ký tên")
    fits_the_phone(page)
    if os.environ.get("HR_SCREENSHOTS") == "1":
        page.screenshot(
            path=str(OUT / "hr-roster-import-300-phone.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 390, "height": 2300},
        )
    page.locator("#drop-errors").check()  # one tick box leaves every error row out
    page.get_by_role("button", name="Cập nhật xem trước").click()
    expect(page.locator('li[data-line="21"] input[name=keep]')).not_to_be_checked()
    page.locator("#confirm").click()
    page.wait_for_url(re.compile(r".*/festival/roster/[^/]+$"))
    assert live.query(count) == before + 298
