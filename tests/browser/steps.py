"""Steps an inspector takes in the app, shared by the browser tests and the screenshots."""

import os
import struct
import zlib
from pathlib import Path

from playwright.sync_api import expect


def make_png(path: Path, rgb: tuple[int, int, int], size: tuple[int, int] = (320, 240)) -> Path:
    """Write a plain-colour PNG (a stand-in for a camera photo)."""
    width, height = size
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (
            struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def make_noisy_png(path: Path, size: tuple[int, int]) -> Path:
    """Write a PNG of random pixels (like a camera photo, it compresses badly)."""
    width, height = size
    period = 1500  # bytes of random pixels repeated along a row (500 pixels)
    raw = b"".join(
        b"\x00" + (os.urandom(period) * (width * 3 // period + 1))[: width * 3]
        for _ in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return (
            struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 1))
        + chunk(b"IEND", b"")
    )
    return path


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Return (width, height) from a JPEG's frame header."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    at = 2
    while at < len(data):
        marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    raise AssertionError("no frame header")


def open_enterprise(page, query: str = "samsung") -> None:
    """Search an enterprise (no diacritics needed) and open it."""
    page.get_by_test_id("tab-enterprises").click()
    page.get_by_test_id("enterprise-search").fill(query)
    page.get_by_test_id("enterprise-item").first.click()
    page.get_by_test_id("enterprise-name").wait_for()


def start_check(page, query: str = "samsung") -> str:
    """Start a check of an enterprise; returns the check id."""
    open_enterprise(page, query)
    page.get_by_test_id("start-check").first.click()
    page.get_by_test_id("item-A.1").wait_for()
    return page.evaluate("new URLSearchParams(location.hash.split('?')[1]).get('id')")


def answer(page, code: str, value: str) -> None:
    """Tap an answer button and wait until it shows as chosen."""
    page.get_by_test_id(f"answer-{code}-{value}").click()
    page.wait_for_selector(f"[data-testid='answer-{code}-{value}'][aria-pressed='true']")


def fill_number(page, code: str, value: str) -> None:
    """Type a number and leave the field (saved at once)."""
    field = page.get_by_test_id(f"answer-{code}")
    field.fill(value)
    field.blur()


def add_photo(page, testid: str, path: Path, count_after: int) -> None:
    """Take a photo through the camera input and wait for its thumbnail."""
    page.get_by_test_id(f"{testid}-input").set_input_files(str(path))
    expect(page.locator(f"[data-testid='{testid}-thumbs'] img")).to_have_count(count_after)


def sign(page) -> None:
    """Draw a signature on the pad and wait until it is stored."""
    pad = page.get_by_test_id("signature")
    pad.evaluate("(el) => el.scrollIntoView({ block: 'center' })")  # clear of sticky bars
    box = pad.bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 20, y + 30)
    page.mouse.down()
    page.mouse.move(x + 120, y + 100, steps=6)
    page.mouse.move(x + 220, y + 40, steps=6)
    page.mouse.up()
    page.wait_for_selector("[data-testid='signature-box'][data-signed]", state="attached")


def complete_check(
    page, photos: list[Path], query: str = "samsung", representative: str = "Lê Văn Cường"
) -> str:
    """Run a whole check: answers, two photos, a finding, signature; submit. Returns its id."""
    check_id = start_check(page, query)
    answer(page, "A.1", "yes")
    fill_number(page, "A.2", "4")
    answer(page, "A.3", "no")
    add_photo(page, "photo-A.3", photos[0], 1)
    page.get_by_test_id("add-finding-A.3").click()
    page.get_by_test_id("finding-description").fill("Camera cổng sau không hoạt động")
    page.get_by_test_id("finding-action").fill("Sửa camera, bổ sung đèn chiếu sáng")
    page.get_by_test_id("finding-due").fill("2026-12-31")
    page.get_by_test_id("finding-due-shown").get_by_text("31/12/2026").wait_for()
    page.get_by_test_id("finding-severity-high").click()
    add_photo(page, "finding-photo", photos[1], 1)
    page.get_by_test_id("rep-name").fill(representative)
    page.get_by_test_id("rep-name").blur()
    sign(page)
    page.get_by_test_id("submit-check").click()
    page.get_by_test_id("checks-tab-submitted").wait_for()
    return check_id
