"""An enterprise register as a board's office keeps it, and what importing it must give.

Title rows with merged cells, a two-row header ("Tỷ lệ vốn (%)" over "Nước ngoài | Nhà nước",
"Lao động" over "Tổng số | Nước ngoài"), a "(1) … (12)" numbering row, STT, tax codes stored
as numbers (a Hà Nội "01…" code loses its 0) and branch codes "10-3" as text, decomposed
(NFD) names with doubled spaces, a blank row, "Tổng cộng", a signature block, the legal form
spelt many ways, a park column spelt many ways, and a second sheet of notes.
"""

import unicodedata
from dataclasses import dataclass

from tests.sheet_files import Grid

COUNT = 240
PARKS = (("QV1", "KCN Quế Võ"), ("YP1", "KCN Yên Phong"), ("TS1", "KCN Tiên Sơn"))
# How the park column names each park (code, name, without "KCN", in full), by park index.
PARK_SPELLINGS = (
    ("KCN Quế Võ", "Quế Võ", "QV1", "Khu công nghiệp Quế Võ"),
    ("KCN Yên Phong", "yên phong", "YP1", "Khu  công nghiệp Yên Phong"),
    ("KCN Tiên Sơn", "Tiên Sơn", "ts1", "KCN  Tiên Sơn"),
)
LINES = ("Điện tử", "May mặc", "Cơ khí chính xác", "Bao bì", "Logistics")


@dataclass(frozen=True)
class Kind:
    """A "Loại hình" spelling, the name's prefix, the capital shares, and the expected result."""

    written: str
    prefix: str
    foreign: float | None
    state: float | None
    legal_form: str
    sector: str
    branch: bool = False


KINDS = (
    Kind("Công ty TNHH", "Công ty TNHH", None, None, "tnhh", "private"),
    Kind("TNHH MTV", "Công ty TNHH MTV", None, None, "tnhh_mtv", "private"),
    Kind(
        "Công ty TNHH một thành viên", "Công ty TNHH Một thành viên", None, 100, "tnhh_mtv", "state"
    ),
    Kind("Cty TNHH 2 TV trở lên", "Công ty TNHH", None, None, "tnhh", "private"),
    Kind("Công ty cổ phần", "Công ty Cổ phần", None, None, "co_phan", "private"),
    Kind("CTCP", "Công ty CP", 0, 65, "co_phan", "state"),
    Kind("Công ty Cổ phần", "Công ty Cổ phần", 30, 60, "co_phan", "fdi"),
    Kind("Công ty hợp danh", "Công ty Hợp danh", None, None, "hop_danh", "private"),
    Kind("DNTN", "Doanh nghiệp tư nhân", None, None, "dntn", "private"),
    Kind("Doanh nghiệp tư nhân", "DNTN", None, None, "dntn", "private"),
    Kind("Chi nhánh", "Chi nhánh Công ty TNHH", 100, None, "chi_nhanh", "fdi", branch=True),
    Kind("Chi nhánh DNNN", "Chi nhánh Tổng công ty", None, None, "chi_nhanh", "state", True),
    Kind("VPĐD", "Văn phòng đại diện", 100, None, "vpdd", "fdi"),
    Kind("FDI", "Công ty TNHH", None, None, "tnhh", "fdi"),
    Kind("Công ty TNHH", "Công ty TNHH", 100, None, "tnhh", "fdi"),
    Kind("Công ty TNHH (100% vốn nước ngoài)", "Công ty TNHH", None, None, "tnhh", "fdi"),
    Kind("Liên doanh", "Công ty TNHH Liên doanh", 49, 51, "tnhh", "fdi"),
)


@dataclass(frozen=True)
class Firm:
    """One enterprise of the register, as it must be stored."""

    tax_code: str
    name: str
    park: str  # the park's code
    kind: Kind
    line: str
    workforce: int


def firm(i: int) -> Firm:
    """The i-th enterprise: tax codes of Hà Nội (01) and Hà Nội's old Hà Tây (02) lose a 0."""
    kind = KINDS[i % len(KINDS)]
    code = f"{('01', '26', '02', '27')[i % 4]}{i:08d}"
    return Firm(
        tax_code=f"{code}-{i % 9 + 1:03d}" if kind.branch else code,
        name=f"{kind.prefix} {LINES[i % 5]} Kinh Bắc {i}",
        park=PARKS[i % 3][0],
        kind=kind,
        line=LINES[i % 5],
        workforce=50 + 7 * i,
    )


def _row(i: int) -> list:
    """The register's row of the i-th enterprise, written the way the office writes it."""
    f = firm(i)
    name = f.name.replace(" ", "  ", 1) if i % 5 == 0 else f.name
    tax = f.tax_code if f.kind.branch or i % 2 == 0 else int(f.tax_code)  # a number: no 0
    park = PARK_SPELLINGS[i % 3][i // 3 % 4]
    workforce = f"{f.workforce:,}".replace(",", ".") if i % 4 == 0 else f.workforce
    return [
        i + 1,
        tax,
        unicodedata.normalize("NFD", name) if i % 3 == 0 else name,
        f.kind.written,
        unicodedata.normalize("NFD", park) if i % 2 else park,
        f.line,
        f.kind.foreign,
        f.kind.state,
        workforce,
        i % 4 or None,
        "Đăng ký bổ sung ngành nghề" if i % 11 == 0 else None,
        None,
    ]


def register(count: int = COUNT) -> list[Grid]:
    """The register sheet, then a second sheet of notes."""
    width = 12
    rows = [
        ["BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP BẮC NINH"] + [None] * (width - 1),
        ["DANH SÁCH DOANH NGHIỆP ĐANG HOẠT ĐỘNG TẠI CÁC KCN"] + [None] * (width - 1),
        ["(Tính đến ngày 30/11/2026)"] + [None] * (width - 1),
        [],
        [
            "STT",
            "Mã số thuế",
            "Tên doanh nghiệp",
            "Loại hình doanh nghiệp",
            "KCN",
            "Ngành nghề",
            "Tỷ lệ vốn (%)",
            None,
            "Lao động",
            None,
            "Ghi chú",
            None,
        ],
        [None] * 6 + ["Nước ngoài", "Nhà nước", "Tổng số", "Nước ngoài", None, None],
        [f"({n})" for n in range(1, width + 1)],
    ]
    for i in range(count):
        rows.append(_row(i))
        if i == count // 2:
            rows.append([])
    rows += [
        ["Tổng cộng", None, f"{count} doanh nghiệp"] + [None] * 5 + [total(count)],
        [],
        [None] * 8 + ["Bắc Ninh, ngày 01 tháng 12 năm 2026"],
        [None, None, "Người lập biểu"] + [None] * 5 + ["Giám đốc"],
        [None, None, "(ký, ghi rõ họ tên)"] + [None] * 5 + ["(ký tên, đóng dấu)"],
        [],
        [None, None, "Nguyễn Thị Lập"] + [None] * 5 + ["Trần Văn Giám"],
    ]
    titles = [(r, 0, r, width - 1) for r in range(3)]
    vertical = [(4, c, 5, c) for c in range(6)]  # STT … Ngành nghề span both header rows
    merged = titles + vertical + [(4, 6, 4, 7), (4, 8, 4, 9), (4, 10, 5, 11)]
    notes = Grid(
        "Ghi chú",
        [
            ["GHI CHÚ"],
            [1, "Mã số thuế ghi theo Giấy chứng nhận đăng ký doanh nghiệp"],
            [2, "Chi nhánh ghi mã số thuế 10-3 chữ số"],
        ],
    )
    return [Grid("DN đang hoạt động", rows, merged), notes]


def total(count: int = COUNT) -> int:
    """The register's total workforce."""
    return sum(firm(i).workforce for i in range(count))


def expected(count: int = COUNT) -> dict[str, Firm]:
    """Every enterprise of the register by its exact tax code."""
    return {f.tax_code: f for f in map(firm, range(count))}
