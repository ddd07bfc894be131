"""Gift form: the staff number fills in the name; a second gift is warned of before saving."""

from playwright.sync_api import expect

from tests.browser.conftest import go_offline
from tests.browser.test_hr_festival import create_event, hr_login, seed_hr


def test_staff_number_fills_the_name_and_a_repeat_is_warned_before_saving(live, new_context):
    seed_hr(live)
    ctx = new_context()
    page = ctx.new_page()
    hr_login(page, live)
    create_event(page, planned="10")
    go_offline(ctx)
    page.get_by_test_id("tab-gifts").click()
    page.get_by_test_id("gift-number").press_sequentially("nv002")
    expect(page.get_by_test_id("gift-name")).to_have_value("Trần Văn Đức")  # no blur needed
    expect(page.get_by_test_id("gift-warning")).to_be_hidden()
    page.get_by_test_id("gift-value").press_sequentially("500000")
    page.get_by_test_id("gift-reason").fill("Bảo vệ xuất sắc")
    page.get_by_test_id("gift-add").click()
    expect(page.get_by_test_id("gift-message")).to_have_attribute("data-flagged", "0")
    # The same person again, with no reason: the warning shows before "save".
    page.get_by_test_id("gift-number").press_sequentially("NV002")
    expect(page.get_by_test_id("gift-name")).to_have_value("Trần Văn Đức")
    expect(page.get_by_test_id("gift-warning")).to_be_visible()
    expect(page.get_by_test_id("gift-warning")).to_contain_text("500.000")
    page.get_by_test_id("gift-value").press_sequentially("500000")
    page.get_by_test_id("gift-add").click()
    expect(page.get_by_test_id("gift-message")).to_have_attribute("data-flagged", "1")
    expect(page.locator("[data-testid=gift-item][data-flagged='1']")).to_have_count(1)
    expect(page.get_by_test_id("fig-gifts")).to_contain_text("500.000")
    expect(page.get_by_test_id("gift-warning")).to_be_hidden()
