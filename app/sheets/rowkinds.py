"""Tell the rows of an office sheet that are never data, and say why.

Under the header an office puts a column-numbering row ("(1) (2) … (9)", "1 2 3 …"), a
sub-header (Nam/Nữ under "Giới tính", "Ngày/tháng/năm" under a date), and after the people a
total row and a signature block ("Người lập biểu", "Giám đốc", "(ký, ghi rõ họ tên)", the
place and date, a name alone under them). Only the start of each cell is folded (cached).
"""

import re

from app.sheets.header import repeats_header, short_fold, short_text
from app.sheets.subheader import is_sub_header_word

_NUMBERING = re.compile(r"^[(\[]?(\d{1,2}|[a-z])[)\].]?$")
_TOTAL = re.compile(r"^(tong cong|tong so\b|tong\s*:|cong\s*:|total\b|grand total)")
_SIGNATURE = re.compile(
    r"^[(\[]?\s*(nguoi lap|lap bieu|ky ten|ky,? ghi ro|ky va ghi ro|ky, dong dau|xac nhan|"
    r"giam doc|pho giam doc|p\. ?giam doc|tong giam doc|thu truong|ke toan|truong phong|"
    r"phu trach|dai dien|tm\.?\s|t/m\b|kt\.?\s|prepared by|approved by|signature|director)"
)
_PLACE_DATE = re.compile(r"ngay\s*[\d.…_ ]*\s*thang\s*[\d.…_ ]*\s*nam\b")
FILLED_SCANNED = 8  # a row's first filled cells are enough to tell what it is


def filled(values: list) -> list[str]:
    """The folded starts of a row's first filled cells."""
    texts = []
    for value in values:
        if short_text(value):
            texts.append(short_fold(value))
            if len(texts) == FILLED_SCANNED:
                break
    return texts


def is_numbering(texts: list[str]) -> bool:
    """A column-numbering row: three or more cells "(1) (2) (3)", "1 2 3" or "A B C"."""
    if len(texts) < 3 or not all(_NUMBERING.match(text) for text in texts):
        return False
    marks = [_NUMBERING.match(text)[1] for text in texts]
    keys = [int(m) if m.isdigit() else ord(m) for m in marks]
    return all(b > a for a, b in zip(keys, keys[1:], strict=False))


def is_sub_header(texts: list[str]) -> bool:
    """A second header row of short words (Nam/Nữ, Ngày/tháng/năm) and nothing else."""
    return bool(texts) and all(map(is_sub_header_word, texts))


def is_total(texts: list[str]) -> bool:
    """A total row ("Tổng cộng: 8 người", "Cộng:")."""
    return any(_TOTAL.match(text) for text in texts[:3])


def is_signature(texts: list[str]) -> bool:
    """A signature line ("Người lập biểu", "(Ký, ghi rõ họ tên)", "Bắc Ninh, ngày … tháng …"):
    a few cells, not started by a row number (a director's own row says "Giám đốc" too)."""
    if len(texts) > 3 or texts[0].isdigit():
        return False
    return any(_SIGNATURE.match(text) or _PLACE_DATE.search(text) for text in texts)


class RowSorter:
    """Walk the rows under a header and name the ones that are not data (None for data)."""

    def __init__(self, headers: list[str], sub_header: bool = False):
        self.headers = headers
        self.sub_header = sub_header  # the header's second row comes first (Layout.sub_header)
        self.signed = False  # a signature line was seen: a name alone under it is a signer
        self.seen_data = False

    def reason(self, values: list) -> str | None:
        """Name why this row is not data: repeated_header, numbering, sub_header, footer,
        signature; None when it may be data."""
        texts = filled(values)
        if not texts:
            return "blank"
        if self.sub_header:
            self.sub_header = False
            return "sub_header"
        if repeats_header(values, self.headers):
            return "repeated_header"
        if not self.seen_data and (is_numbering(texts) or is_sub_header(texts)):
            return "numbering" if is_numbering(texts) else "sub_header"
        if is_total(texts):
            return "footer"
        if is_signature(texts):
            self.signed = True
            return "signature"
        if self.signed and len(texts) <= 2:
            return "signature"  # the signer's name (and title) under the signature line
        if is_numbering(texts):
            return "numbering"
        self.seen_data = True
        return None
