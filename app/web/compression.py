"""Compressed dynamic responses: JSON pulls, console pages, CSV exports and SVG, in brotli, zstd
or gzip as the client accepts (Flask-Compress), with Vary: Accept-Encoding and a per-encoding
ETag. Precompressed static files (app/web/precompress.py) already carry Content-Encoding and
are passed through as they are; a partial (206) answer is never compressed.

One layer compresses: the app. Behind nginx, `gzip off` for proxied responses, or set
COMPRESS_RESPONSES=0 and let nginx do it (docs/deploy.md).
"""

from flask import Flask, Response, current_app

from app.extensions import compress

MIMETYPES = [
    "application/json",
    "application/problem+json",
    "application/manifest+json",
    "text/html",
    "text/csv",
    "text/plain",
    "text/css",
    "text/javascript",
    "image/svg+xml",
]

SETTINGS = {
    "COMPRESS_MIMETYPES": MIMETYPES,
    # Brotli first: a first pull page is ~25 % smaller than in gzip; quality 5 costs ~10 ms a MB.
    "COMPRESS_ALGORITHM": ["br", "zstd", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "zstd", "gzip"],
    "COMPRESS_BR_LEVEL": 5,
    "COMPRESS_ZSTD_LEVEL": 6,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 512,
    "COMPRESS_STREAMS": True,
    "COMPRESS_REGISTER": False,  # our hook below decides, then hands over to Flask-Compress
}


def init_app(app: Flask) -> None:
    """Compress responses after every other hook has run (call first in the factory)."""
    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    compress.init_app(app)
    app.after_request(compress_response)


def compress_response(response: Response) -> Response:
    """Compress a whole answer; leave partial and already-encoded ones as they are."""
    if not current_app.config.get("COMPRESS_RESPONSES", True):
        return response  # a proxy compresses (or a benchmark measures the plain size)
    if response.status_code == 206 or "Content-Range" in response.headers:
        return response
    body = response.response
    compressed = compress.after_request(response)
    if compressed.response is not body and hasattr(body, "close"):
        # A streamed file is re-wrapped by the compressor: close it when the answer is done.
        compressed.call_on_close(body.close)
    return compressed
