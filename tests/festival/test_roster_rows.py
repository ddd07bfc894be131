"""The rules that tell data rows from the rest and keep ID numbers exact, on generated input."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.console.enterprise_cells import TAX_CODE, tax_code
from app.festival.rostercells import id_card, staff_number
from app.sheets.rowkinds import RowSorter

HEADERS = ["STT", "Mã NV", "Họ và tên", "Ngày sinh", "Số CCCD", "Bộ phận"]
SETTINGS = settings(max_examples=60, deadline=None, database=None, derandomize=True)
LETTERS = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"))
WORD = st.lists(LETTERS, min_size=2, max_size=7).map("".join)
NAME = st.lists(WORD, min_size=2, max_size=4).map(" ".join)
PROVINCE = st.integers(1, 96).map(lambda n: f"{n:03d}")
CCCD = st.tuples(PROVINCE, st.integers(0, 999_999_999)).map(lambda p: f"{p[0]}{p[1]:09d}")
CMND = st.tuples(st.integers(1, 38), st.integers(0, 9_999_999)).map(
    lambda p: f"{p[0]:02d}{p[1]:07d}"
)


@SETTINGS
@given(
    names=st.lists(NAME, min_size=1, max_size=30),
    ids=st.lists(CCCD, min_size=30, max_size=30),
    title=st.sampled_from(["Công nhân", "Giám đốc", "Kế toán", "Trưởng phòng", "Đại diện"]),
    numbered=st.booleans(),
)
def test_a_row_with_a_name_and_a_number_is_always_data(names, ids, title, numbered):
    sorter = RowSorter(HEADERS + ["Chức vụ"])
    sorter.reason([f"({n})" for n in range(1, 8)])  # a numbering row above does not matter
    for i, name in enumerate(names):
        row = [i + 1 if numbered else None, f"NV{i:04d}", name, None, int(ids[i]), None, title]
        assert sorter.reason(row) is None, row


@SETTINGS
@given(count=st.integers(3, 30), brackets=st.booleans(), column=st.integers(0, 3))
def test_a_numbering_row_is_never_data(count, brackets, column):
    marks = [f"({n})" if brackets else n for n in range(1, count + 1)]
    assert RowSorter(HEADERS).reason([None] * column + marks) == "numbering"


@SETTINGS
@given(
    line=st.sampled_from(
        [
            "Người lập biểu",
            "NGƯỜI LẬP BIỂU",
            "(Ký, ghi rõ họ tên)",
            "(ký và ghi rõ họ tên)",
            "Giám đốc",
            "TM. Ban Giám đốc",
            "Bắc Ninh, ngày 01 tháng 12 năm 2026",
            "Bắc Ninh, ngày … tháng … năm 2026",
        ]
    ),
    signer=NAME,
    column=st.integers(0, 5),
)
def test_a_signature_block_and_the_name_under_it_are_never_data(line, signer, column):
    sorter = RowSorter(HEADERS)
    assert sorter.reason([1, "NV0001", "Nguyễn Thị Hoa", None, 1222040758, "May"]) is None
    assert sorter.reason([None] * column + [line]) == "signature"
    assert sorter.reason([None] * column + [signer]) == "signature"


@SETTINGS
@given(number=st.one_of(CCCD, CMND), as_number=st.booleans(), spaced=st.booleans())
def test_every_lost_zero_of_an_id_number_comes_back(number, as_number, spaced):
    stored = int(number) if as_number else number[:3] + " " + number[3:] if spaced else number
    notes, errors = [], []
    assert id_card(stored, "G9", notes, errors) == number and errors == []
    lost = len(number) - len(str(int(number)))
    assert bool(notes) == (as_number and lost > 0)


@SETTINGS
@given(digits=st.text("0123456789", min_size=1, max_size=16))
def test_an_id_number_of_any_other_length_is_an_error_naming_its_cell(digits):
    errors: list[str] = []
    id_card(digits, "D14", [], errors)
    if len(digits) not in (8, 9, 10, 11, 12):
        assert errors == ["bad_id_card:D14"]


@SETTINGS
@given(code=st.tuples(st.integers(1, 96), st.integers(0, 99_999_999)), branch=st.integers(0, 999))
def test_a_tax_code_stored_as_a_number_reads_back_exactly(code, branch):
    text = f"{code[0]:02d}{code[1]:08d}"
    assert tax_code(int(text), []) == text
    assert tax_code(int(f"{text}{branch:03d}"), []) == f"{text}-{branch:03d}"
    assert TAX_CODE.match(tax_code(f"{text}-{branch:03d}", []))


@SETTINGS
@given(number=st.integers(1, 99_999), width=st.integers(6, 8))
def test_a_staff_number_keeps_the_width_its_column_writes(number, width):
    notes: list[str] = []
    assert staff_number(number, width, notes) == f"{number:0{width}d}"
    assert notes == ["staff_zero_restored"]
