"""The legal form → sector rule, checked against the table in docs/records.md."""

import itertools
from pathlib import Path

import pytest

from app.core.codes import LEGAL_FORM, label
from app.core.legal_forms import LEGAL_FORMS, legal_form_of, sector_named, sector_of

DOC = Path(__file__).resolve().parents[1] / "docs" / "records.md"
ANY_FORM = ["", *LEGAL_FORMS]
ANY_SHARE = [None, 0.0, 10.0, 100.0]
ANY_NAMED = ["", "fdi", "private", "state"]


def doc_table(first_header: str) -> list[list[str]]:
    """The rows of the docs/records.md table whose first header cell is `first_header`."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows


def _share(cell: str) -> list[float | None]:
    return ANY_SHARE if cell == "any" else [None] if cell == "—" else [float(cell)]


def _cases(row: list[str]):
    form, foreign, state, named, sector = row
    forms = ANY_FORM if form == "any" else [""] if form == "(none)" else [form]
    names = ANY_NAMED if named == "any" else [""] if named == "—" else [named]
    expected = "" if sector.startswith("(none") else sector
    for case in itertools.product(forms, _share(foreign), _share(state), names):
        yield case, expected


SECTOR_ROWS = doc_table("legal form")


def test_the_doc_table_is_there_and_names_known_codes():
    assert len(SECTOR_ROWS) >= 15
    for form, *_, sector in SECTOR_ROWS:
        assert form in ("any", "(none)", *LEGAL_FORMS)
        assert sector in ("fdi", "private", "state") or sector.startswith("(none")


@pytest.mark.parametrize("row", SECTOR_ROWS, ids=lambda r: "/".join(r))
def test_sector_follows_the_doc_table(row):
    for (form, foreign, state, named), expected in _cases(row):
        got = sector_of(form, foreign, state, named)
        assert got == expected, (form, foreign, state, named)


def test_the_first_matching_row_of_the_table_decides_every_combination():
    """Every combination of inputs gets the sector of the first row of the table it fits."""
    for case in itertools.product(ANY_FORM, ANY_SHARE, ANY_SHARE, ANY_NAMED):
        for row in SECTOR_ROWS:
            fits = [c for c, _ in _cases(row)]
            if case in fits:
                expected = dict(_cases(row))[case]
                assert sector_of(*case) == expected, (case, row)
                break


def test_legal_form_labels_are_the_laws_words(app):
    table = {code: words for code, words in doc_table("code")}
    assert set(table) == set(LEGAL_FORM) == set(LEGAL_FORMS)
    for code, words in table.items():
        assert label("legal_form", code, "vi") == words


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("Công ty TNHH Hanwool Electronics Vina", "tnhh"),
        ("CÔNG TY TNHH MTV CƠ KHÍ BẮC NINH", "tnhh_mtv"),
        ("Công ty trách nhiệm hữu hạn một thành viên Đông Anh", "tnhh_mtv"),
        ("Công ty Cổ phần May Tiên Sơn", "co_phan"),
        ("CTCP Thép Việt", "co_phan"),
        ("Công ty hợp danh Luật Minh", "hop_danh"),
        ("Doanh nghiệp tư nhân Thành Đạt", "dntn"),
        ("Chi nhánh Công ty TNHH Canon Việt Nam", "chi_nhanh"),
        ("Văn phòng đại diện Samsung tại Bắc Ninh", "vpdd"),
        ("Samsung Electronics Vietnam Co., Ltd.", "tnhh"),
        ("Nhà máy Gạch Viglacera", ""),
    ],
)
def test_legal_form_is_read_from_the_name(name, form):
    assert legal_form_of(name) == form


@pytest.mark.parametrize(
    ("cell", "sector"),
    [
        ("FDI", "fdi"),
        ("100% vốn nước ngoài", "fdi"),
        ("Liên doanh", "fdi"),
        ("Ngoài nhà nước", "private"),
        ("Nhà nước", "state"),
        ("DNNN", "state"),
        ("TNHH", ""),
    ],
)
def test_sector_in_words(cell, sector):
    assert sector_named(cell) == sector
