"""Badge QR codes for festival-day attendance.

QR content format (version 1), parsed by the PWA's HR scan screen (pwa/js/hr/qr.js):

    ANTQ1|<enterprise_id>|<employee_number>

- "ANTQ1" is a fixed prefix naming the format and its version;
- <enterprise_id> is the enterprise's UUID (lower case, 36 characters);
- <employee_number> is the roster person's badge code: the staff number exactly as imported,
  or a code the server minted ("QR-…") when the file had none; never the ID card number
  (docs/records.md). Everything after the second "|" (it may itself contain "|").
A code whose enterprise is not the HR user's own is refused by the phone.
"""

import io

import segno

PREFIX = "ANTQ1"


def badge_code(person) -> str:
    """The code a person's badge carries: their badge code, refused if it is their ID card."""
    code = person.employee_number or ""
    if person.id_card and code.upper() == person.id_card.upper():
        raise ValueError("a badge never carries an ID card number")
    return code


def badge_payload(enterprise_id: str, employee_number: str) -> str:
    """Return the text encoded in a worker's badge QR code."""
    return f"{PREFIX}|{enterprise_id}|{employee_number}"


def parse_badge_payload(text: str) -> tuple[str, str] | None:
    """Split a badge QR text into (enterprise_id, employee_number), or None if it is not one."""
    prefix, sep, rest = (text or "").partition("|")
    enterprise_id, sep2, number = rest.partition("|")
    if prefix != PREFIX or not sep or not sep2 or not enterprise_id or not number:
        return None
    return enterprise_id, number


def badge_qr_data_uri(enterprise_id: str, employee_number: str) -> str:
    """Return the badge QR code as an SVG data URI (fits a strict CSP: img-src data:)."""
    qr = segno.make_qr(badge_payload(enterprise_id, employee_number), error="m")
    return qr.svg_data_uri(scale=4, border=2, omitsize=True)


def badge_qr_png(enterprise_id: str, employee_number: str, scale: int = 8) -> bytes:
    """Return the badge QR code as PNG bytes (tests feed these to the phone's decoder)."""
    buffer = io.BytesIO()
    segno.make_qr(badge_payload(enterprise_id, employee_number), error="m").save(
        buffer, kind="png", scale=scale, border=4
    )
    return buffer.getvalue()
