"""Worker personal data: ID card numbers masked for display, badge codes that are not IDs.

docs/records.md says what is kept, for what, who sees it and when it is deleted.
"""

import re
import secrets

ID_CARD = re.compile(r"^(\d{9}|\d{12})$")  # CMND (9 digits) or CCCD (12 digits)
_CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
MINTED_PREFIX = "QR-"


def is_id_card(text: str | None) -> bool:
    """Tell whether a text is an ID card number (9 or 12 digits)."""
    return bool(ID_CARD.match((text or "").strip()))


def mask_id_card(number: str | None) -> str:
    """Show only the last 4 digits of an ID card number ("••••••••1234"); "" when none."""
    number = (number or "").strip()
    if not number:
        return ""
    return "•" * max(len(number) - 4, 0) + number[-4:]


def mint_badge_code(taken: set[str]) -> str:
    """Mint a random badge code ("QR-7KX2M9PA") not in `taken` (upper case), and take it."""
    while True:
        code = MINTED_PREFIX + "".join(secrets.choice(_CODE_LETTERS) for _ in range(8))
        if code.upper() not in taken:
            taken.add(code.upper())
            return code
