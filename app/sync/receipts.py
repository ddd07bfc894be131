"""Receipts: short codes the server signs over a record id, version and time."""

import base64
import hashlib
import hmac
from datetime import UTC, datetime

from flask import current_app


def _b36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rem = divmod(number, 36)
        out = digits[rem] + out
        if not number:
            return out


def _signature(record_id: str, version: int, stamp: int) -> str:
    key = current_app.config["RECEIPT_KEY"].encode()  # not SECRET_KEY: see config.py
    msg = f"receipt|{record_id}|{version}|{stamp}".encode()
    digest = hmac.digest(key, msg, hashlib.sha256)
    return base64.b32encode(digest[:5]).decode()  # 8 characters


def make_receipt(record_id: str, version: int, at: datetime) -> str:
    """Sign a receipt for a record written at a version and time."""
    if at.tzinfo is None:  # SQLite gives back naive UTC datetimes
        at = at.replace(tzinfo=UTC)
    stamp = int(at.timestamp())
    return f"{_b36(version)}-{_b36(stamp)}-{_signature(record_id, version, stamp)}"


def verify_receipt(record_id: str, code: str) -> dict | None:
    """Check a receipt for a record; return its version and time, or None when forged."""
    try:
        version_text, stamp_text, signature = code.strip().upper().split("-")
        version, stamp = int(version_text, 36), int(stamp_text, 36)
    except ValueError:
        return None
    expected = _signature(record_id, version, stamp)
    if not hmac.compare_digest(expected, signature):
        return None
    return {"version": version, "at": datetime.fromtimestamp(stamp, UTC)}
