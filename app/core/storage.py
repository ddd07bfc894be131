"""Where photo bytes live: one folder (shared by the app servers on a network volume).

Object storage (S3) is planned by the design but not built: see docs/deploy.md, section 5.
"""

import os
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app


class Storage(Protocol):
    def exists(self, sha256: str) -> bool: ...
    def save(self, sha256: str, data: bytes) -> None: ...
    def open(self, sha256: str) -> bytes: ...


class LocalStorage:
    """Files named by hash under one folder, written atomically."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def path(self, sha256: str) -> Path:
        """Return the file path of a hash (two-level fan-out)."""
        return self.folder / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        """Tell whether the bytes of this hash are stored."""
        return self.path(sha256).is_file()

    def save(self, sha256: str, data: bytes) -> None:
        """Store bytes under their hash; a crash never leaves a half-written file."""
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def open(self, sha256: str) -> bytes:
        """Read the bytes of a hash."""
        return self.path(sha256).read_bytes()


def get_storage() -> Storage:
    """Return the storage configured for this app."""
    return LocalStorage(current_app.config["UPLOAD_FOLDER"])


def sniff_image_type(data: bytes) -> str | None:
    """Return the image type of the bytes (JPEG, PNG, WebP), or None when not an image."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None
