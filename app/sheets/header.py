"""Find the header row of an office sheet, map its columns, and tell data rows from the rest.

Offices put a merged title, a company or date line and empty rows above the headers, an STT
(row number) column first, and a total row ("Tổng cộng: 8 người") at the bottom. A header may
take two rows: "Tỷ lệ vốn (%)" merged over "Nước ngoài | Nhà nước" reads as "Tỷ lệ vốn (%)
Nước ngoài" and "Tỷ lệ vốn (%) Nhà nước" (`app/sheets/subheader.py`).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from app.core.i18n import fold
from app.sheets.subheader import joined_headers
from app.sheets.table import Table

SCAN_ROWS = 20
# Header and footer words are short: only this many characters of a cell are folded and
# compared, so a 4.000-character cell costs no more than a short one.
COMPARED = 60
# Words that make a header another number than the one its first words name ("Số thẻ BHXH").
NOT_THIS_FIELD = ("bhxh", "bhyt", "bao hiem", "tai khoan", "ngan hang", "thue tncn")
IGNORED_HEADERS = ("stt", "tt", "so tt", "so thu tu", "no", "ghi chu", "note", "notes")
_FOOTER = re.compile(
    r"^(tong cong|tong so\b|tong\s*:|cong\s*:|total\b|grand total|nguoi lap|"
    r"ky ten|xac nhan|ky, ghi ro)"
)
_PUNCTUATION = re.compile(r"[.:*()_/\\,;\-\[\]#%]+")

Synonyms = dict[str, tuple[str, ...]]


@dataclass
class Layout:
    """Where a table's header is, what it says, and how sure we are (recognised headers)."""

    table: Table
    header_index: int
    headers: list[str]
    score: float
    sub_header: bool = False  # the first row under the header is its second row

    @property
    def first_line(self) -> int:
        """The file line number of the first row under the header."""
        return self.header_index + 2

    @property
    def body(self) -> list[list]:
        """The rows under the header."""
        return self.table.rows[self.header_index + 1 :]


def cell_text(value) -> str:
    """Turn a cell into text: 1234 -> "1234", a date -> "05/03/1990", None -> ""."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_name(column: int | None, line: int) -> str:
    """Name a cell as a spreadsheet does: column 3, line 14 -> "D14"."""
    letters, index = "", (column or 0) + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{line}"


def short_text(value) -> str:
    """The start of a cell's text, as much as header and footer rules ever compare."""
    if isinstance(value, str):
        return value[: COMPARED * 2].strip()[:COMPARED]
    return cell_text(value)[:COMPARED]


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text)


def short_fold(value) -> str:
    """Fold the start of a cell (cached: a sheet repeats the same words on every row)."""
    return _folded(short_text(value))


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


def header_key(text) -> str:
    """Fold a header for matching: "Số CCCD/CMND:" -> "so cccd cmnd", "Vốn (%)" -> "von"."""
    return _key(short_text(text))


def match_field(text, synonyms: Synonyms) -> tuple[str | None, int]:
    """Name the field a header cell stands for: (field, 2) exact, (field, 1) prefix, (None, 0)."""
    key = header_key(text)
    if not key:
        return None, 0
    for name, words in synonyms.items():
        if key in words:
            return name, 2
    if any(word in key for word in NOT_THIS_FIELD):
        return None, 0
    for name, words in synonyms.items():
        if any(len(word) > 3 and key.startswith(word + " ") for word in words):
            return name, 1
    return None, 0


def score_row(values: list, synonyms: Synonyms) -> float:
    """Score a row as a header: one point per distinct field named, half per STT-like word."""
    fields, ignored = set(), 0
    for value in values:
        name, _ = match_field(value, synonyms)
        if name:
            fields.add(name)
        elif header_key(value) in IGNORED_HEADERS:
            ignored += 1
    return len(fields) + 0.5 * min(ignored, 1)


def find_layout(table: Table, synonyms: Synonyms) -> Layout:
    """Find the header row among the first rows: the best-scoring one, else the first filled."""
    best: tuple[float, int] | None = None
    for index, values in enumerate(table.rows[:SCAN_ROWS]):
        filled = [v for v in values if short_text(v)]
        if len(filled) < 2:  # a title, a merged line or an empty row
            continue
        score = score_row(values, synonyms)
        if best is None or score > best[0]:
            best = (score, index)
    if best is None:
        index = next((i for i, row in enumerate(table.rows) if any(map(short_text, row))), 0)
        best = (0.0, index)
    score, index = best
    headers = [short_text(v) for v in table.rows[index]] if table.rows else []
    below = table.rows[index + 1] if index + 1 < len(table.rows) else []
    joined = joined_headers(headers, [short_text(v) for v in below])
    if joined is None:
        return Layout(table=table, header_index=index, headers=headers, score=score)
    score = max(score, score_row(joined, synonyms))
    return Layout(table=table, header_index=index, headers=joined, score=score, sub_header=True)


def choose_layout(tables: list[Table], synonyms: Synonyms, wanted: str = "") -> Layout:
    """Use the sheet the user chose, else the one whose header is best recognised."""
    layouts = [find_layout(table, synonyms) for table in tables]
    for layout in layouts:
        if wanted and layout.table.name == wanted:
            return layout
    return max(layouts, key=lambda layout: (layout.score, -layouts.index(layout)))


def propose_mapping(headers: list[str], synonyms: Synonyms) -> dict[str, int | None]:
    """Guess which column holds each field: exact header words first, then prefixes."""
    mapping: dict[str, int | None] = dict.fromkeys(synonyms)
    taken: set[int] = set()
    for wanted_quality in (2, 1):
        for index, header in enumerate(headers):
            name, quality = match_field(header, synonyms)
            if name and quality == wanted_quality and mapping[name] is None and index not in taken:
                mapping[name] = index
                taken.add(index)
    return mapping


def is_footer(values: list) -> bool:
    """Tell a total or signature row ("Tổng cộng: 8 người", "Người lập biểu") from data."""
    texts = [short_fold(v) for v in values if short_text(v)][:3]
    return any(_FOOTER.match(text) for text in texts)


def repeats_header(values: list, headers: list[str]) -> bool:
    """Tell a row that repeats the header (a sheet pasted twice, a printed page break)."""
    same = sum(
        1
        for i, v in enumerate(values)
        if i < len(headers) and header_key(headers[i]) and header_key(v) == header_key(headers[i])
    )
    return same >= 2
