"""One colour set: pwa/css/tokens.css defines the colours; the three apps' stylesheets use them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKENS = ROOT / "pwa" / "css" / "tokens.css"
STYLESHEETS = [
    p
    for folder in ("pwa", "app/static/console", "app/festival/static")
    for p in (ROOT / folder).rglob("*.css")
    if "vendor" not in p.parts and p != TOKENS
]


def test_colours_are_defined_once():
    defined = set(re.findall(r"--([a-z-]+):", TOKENS.read_text(encoding="utf-8")))
    assert {"ink", "muted", "line", "accent", "ok", "warn", "bad", "brand"} <= defined
    for sheet in STYLESHEETS:
        text = sheet.read_text(encoding="utf-8")
        assert set(re.findall(r"--([a-z-]+):", text)) <= {"tap", "radius"}, sheet
        used = set(re.findall(r"var\(--([a-z-]+)\)", text))
        assert used <= defined | {"tap", "radius"}, (sheet, used - defined)


def test_every_page_links_the_tokens(client):
    assert '<link rel="stylesheet" href="/app/css/tokens.css">' in (
        ROOT / "pwa" / "index.html"
    ).read_text(encoding="utf-8")
    tokens = client.get("/app/css/tokens.css")
    assert tokens.status_code == 200 and b"--accent:" in tokens.get_data()
    tokens.close()
    assert "/app/css/tokens.css" in client.get("/console/login").get_data(as_text=True)
