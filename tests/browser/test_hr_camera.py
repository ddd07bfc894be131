"""The badge scan through the camera: Chromium's fake camera plays a generated QR code."""

import segno
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, TIMEOUT_MS
from tests.browser.test_hr_festival import create_event, hr_login, seed_hr

WIDTH, HEIGHT = 640, 480


def qr_y4m(path, text: str, frames: int = 5) -> None:
    """Write a Y4M video (4:2:0) showing a QR code, black on white, for the fake camera."""
    matrix = segno.make_qr(text, error="m").matrix
    size = len(matrix)
    scale = (HEIGHT - 80) // (size + 8)
    side = (size + 8) * scale
    left, top = (WIDTH - side) // 2, (HEIGHT - side) // 2
    luma = bytearray(b"\xeb" * (WIDTH * HEIGHT))
    for y in range(side):
        row = (y // scale) - 4
        for x in range(side):
            col = (x // scale) - 4
            if 0 <= row < size and 0 <= col < size and matrix[row][col]:
                luma[(top + y) * WIDTH + left + x] = 0x10
    chroma = b"\x80" * (WIDTH * HEIGHT // 4)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


def test_camera_scan_records_the_badge(browser, live, tmp_path):
    ent_id = seed_hr(live)
    video = tmp_path / "badge.y4m"
    qr_y4m(video, f"ANTQ1|{ent_id}|NV002")
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    # A second Chromium of the same Playwright, with a fake camera playing the badge.
    camera_browser = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    try:
        context = camera_browser.new_context(
            **PHONE, service_workers="allow", permissions=["camera"]
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        hr_login(page, live)
        create_event(page)
        page.get_by_test_id("tab-scan").click()
        page.get_by_test_id("scan-camera").click()
        expect(page.get_by_test_id("scan-result")).to_contain_text("Trần Văn Đức")
        expect(page.get_by_test_id("fig-attendees")).to_have_text("1")
        expect(page.get_by_test_id("fig-role-guard")).to_contain_text("1")
        page.get_by_test_id("scan-camera").click()  # stop: the camera is released
        expect(page.get_by_test_id("scan-video")).to_be_hidden()
    finally:
        camera_browser.close()
