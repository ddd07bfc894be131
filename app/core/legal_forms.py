"""An enterprise's legal form as registered, and the sector the reports count it in.

The legal form is kept as written (Law on Enterprises 2020: TNHH, TNHH MTV, cổ phần, hợp danh,
doanh nghiệp tư nhân; a branch or a representative office is a unit of one). The sector
(`ownership`: state, non-state, foreign-invested) is derived from the form and the capital:
docs/records.md holds the table, and tests/test_legal_forms.py checks this module against it.
"""

import re

from app.core.i18n import fold

LEGAL_FORMS = ("tnhh", "tnhh_mtv", "co_phan", "hop_danh", "dntn", "chi_nhanh", "vpdd")
SECTORS = ("fdi", "private", "state")
# Checked in this order on the folded text: a branch of a TNHH company is a branch.
_FORM_PATTERNS = (
    ("vpdd", r"van phong dai dien|\bvpdd\b|representative office"),
    ("chi_nhanh", r"\bchi nhanh\b|\bbranch\b"),
    ("tnhh_mtv", r"\btnhh (mtv|mot thanh vien)\b|trach nhiem huu han mot thanh vien"),
    ("tnhh", r"\btnhh\b|trach nhiem huu han|\bco ltd\b|\bltd\b|limited liability"),
    ("co_phan", r"\bco phan\b|\bctcp\b|\bcty cp\b|\bcong ty cp\b|\bjsc\b|joint stock"),
    ("hop_danh", r"\bhop danh\b|partnership"),
    ("dntn", r"doanh nghiep tu nhan|\bdntn\b|sole proprietorship"),
)
_FORMS = tuple((code, re.compile(pattern)) for code, pattern in _FORM_PATTERNS)
# A sector named in words in a "Loại hình" cell ("FDI", "100% vốn nước ngoài", "Nhà nước").
_SECTOR_WORDS = (
    ("fdi", re.compile(r"\bfdi\b|nuoc ngoai|lien doanh|foreign")),
    (
        "private",
        re.compile(r"ngoai nha nuoc|dan doanh|tu nhan|hop tac xa|\bprivate\b|non state|domestic"),
    ),
    ("state", re.compile(r"nha nuoc|\bdnnn\b|\bstate\b|\bsoe\b")),
)
STATE_MAJORITY = 50.0  # state-owned: the state holds more than half the charter capital


def _key(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", fold(text or "")).split())


def legal_form_of(text: str | None) -> str:
    """Recognise the legal form in a name or a cell ("Công ty TNHH MTV …"); "" if none."""
    key = _key(text)
    for code, pattern in _FORMS:
        if pattern.search(key):
            return code
    return ""


def sector_named(text: str | None) -> str:
    """The sector a cell names in words ("FDI", "Ngoài nhà nước", "Nhà nước"); "" if none."""
    key = _key(text)
    for code, pattern in _SECTOR_WORDS:
        if pattern.search(key):
            return code
    return ""


def sector_of(
    legal_form: str,
    foreign_capital: float | None = None,
    state_capital: float | None = None,
    named: str = "",
) -> str:
    """Derive the sector from the legal form, the capital shares (%) and a sector in words.

    Any foreign capital makes it foreign-invested; a state share over half makes it state;
    a partnership or a private enterprise is non-state; a company form without capital
    figures takes the sector named in words, else non-state; "" when nothing tells.
    """
    if foreign_capital is not None and foreign_capital > 0:
        return "fdi"
    if state_capital is not None and state_capital > STATE_MAJORITY:
        return "private" if legal_form in ("hop_danh", "dntn") else "state"
    if legal_form in ("hop_danh", "dntn"):
        return "fdi" if named == "fdi" else "private"
    if named:
        return named
    if foreign_capital is not None or state_capital is not None:
        return "private"  # capital figures given, none foreign, no state majority
    return "private" if legal_form in ("tnhh", "tnhh_mtv", "co_phan") else ""
