"""Read enterprise cells as offices write them: capital shares, tax codes, parks, numbers."""

import re

from app.core.i18n import fold
from app.sheets.header import cell_text

TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def percent(value) -> float | None | bool:
    """Read a capital share such as 51, "51%", "51,5" or 0.51 (a cell formatted as %).

    None when empty, False when it is not a share between 0 and 100.
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        share = float(value) * 100 if 0 < value < 1 else float(value)
        return share if 0 <= share <= 100 else False
    text = cell_text(value).replace("%", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        share = float(text)
    except ValueError:
        return False
    return share if 0 <= share <= 100 else False


def tax_code(value, notes: list[str]) -> str:
    """Read a tax code exactly: 10 digits, or 10-3 for a branch. In the tax code column 9 or
    12 digits are a code that lost the 0 of its province code as a number (in a CSV saved
    from Excel too), given back and noted; a branch written without its dash gets it.
    Anything else is returned as written, for the row's error."""
    text = cell_text(value).replace(" ", "").replace(".", "")
    if text.isdigit() and len(text) in (9, 12):
        notes.append("tax_zero")
        text = "0" + text
    if len(text) == 13 and text.isdigit():
        return f"{text[:10]}-{text[10:]}"
    return text[:40]


def whole_number(value) -> int | None:
    """Read a count such as 1200, "1.200" or "1,200"; None when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = cell_text(value).replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return 0
    return int(text) if text.isdigit() and len(text) < 10 else None


def park_lookup(parks: list[tuple[str, str, str]]) -> dict[str, str]:
    """Map each park's code and folded name (with and without "KCN") to its id."""
    lookup: dict[str, str] = {}
    for park_id, code, name in parks:
        lookup[fold(code)] = park_id
        folded = fold(name)
        lookup[folded] = park_id
        for prefix in ("kcn ", "khu cong nghiep "):
            if folded.startswith(prefix):
                lookup[folded[len(prefix) :]] = park_id
    return lookup


def find_park(text: str, lookup: dict[str, str]) -> str:
    """Find a park by code or name ("QV1", "KCN Quế Võ", "Khu công nghiệp Quế Võ")."""
    key = fold(text)
    for prefix in ("khu cong nghiep ", "kcn "):
        if key.startswith(prefix) and key not in lookup:
            key = key[len(prefix) :]
    return lookup.get(key, "")
