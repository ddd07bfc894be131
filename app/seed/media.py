"""A few generated images the demo checks name: scene photos and signatures."""

import hashlib
import math
import struct
import zlib

from sqlalchemy import insert, select

from app.core.storage import get_storage
from app.extensions import db
from app.models import Attachment

PHOTO_COLOURS = [
    (74, 120, 160),
    (160, 90, 60),
    (70, 140, 90),
    (150, 150, 60),
    (120, 80, 150),
    (60, 130, 140),
    (170, 110, 110),
    (100, 100, 100),
]


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def png(width: int, height: int, pixel) -> bytes:
    """Encode an RGB image given by pixel(x, y) -> (r, g, b) as a PNG (deterministic)."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)
        for x in range(width):
            raw.extend(pixel(x, y))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )


def _photo(colour) -> bytes:
    red, green, blue = colour

    def pixel(x, y):
        shade = 0.6 + 0.4 * (y / 120) + (0.15 if (x // 20 + y // 20) % 2 else 0)
        return (
            min(255, int(red * shade)),
            min(255, int(green * shade)),
            min(255, int(blue * shade)),
        )

    return png(160, 120, pixel)


def _signature(seed: int) -> bytes:
    def pixel(x, y):
        curve = 30 + 14 * math.sin(x / (9 + seed) + seed) * math.cos(x / (23 + seed))
        return (20, 30, 90) if abs(y - curve) < 1.6 else (255, 255, 255)

    return png(200, 60, pixel)


def seed_media() -> dict[str, list[str]]:
    """Store the images and their Attachment rows; return the photo and signature hashes."""
    storage = get_storage()
    made = {
        "photos": [_photo(c) for c in PHOTO_COLOURS],
        "signatures": [_signature(n) for n in range(1, 7)],
    }
    hashes: dict[str, list[str]] = {}
    rows = []
    known = set(db.session.execute(select(Attachment.sha256)).scalars())
    for kind, images in made.items():
        hashes[kind] = []
        for data in images:
            sha = hashlib.sha256(data).hexdigest()
            hashes[kind].append(sha)
            if not storage.exists(sha):
                storage.save(sha, data)
            if sha not in known:
                known.add(sha)
                rows.append({"sha256": sha, "size": len(data), "content_type": "image/png"})
    if rows:
        db.session.execute(insert(Attachment), rows)
    return hashes


def decorate_checks(rng, checks: list[dict], versions: dict[str, str], hashes: dict) -> None:
    """Name photos on photo-required answers and some findings, and sign submitted checks."""
    from app.seed.templates import TEMPLATES, all_items
    from app.sync.handlers.check import photos_named

    required = {
        versions[t["code"]]: [i["code"] for i in all_items(t["sections"]) if i["photo_required"]]
        for t in TEMPLATES
    }
    for row in checks:
        data = row["data"]
        for code in required[row["template_version_id"]]:
            answer = data["answers"].get(code)
            if answer and answer["value"] in ("yes", "no"):
                answer["photos"] = [rng.choice(hashes["photos"])]
        for finding in data["findings"]:
            if rng.random() < 0.5:
                finding["photos"] = [rng.choice(hashes["photos"])]
        if data["status"] == "submitted":
            for member in data["team"]:
                member["signature"] = rng.choice(hashes["signatures"])
            data["representative_signature"] = rng.choice(hashes["signatures"])
        row["photos"] = photos_named(data)
