"""Server-side ranking of a roster search (app/core/ranking.py)."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from app.core.i18n import fold
from app.core.ranking import rank_people

ROSTER = [
    ("Bùi Ngọc Huyền", "NV001", "Dệt"),
    ("Trần Uyên", "NV002", "May"),
    ("Nguyễn Ngọc Uyển", "NV003", "Dệt"),
    ("Ngô Ngọc Uyên", "QR-7KX2M9PA", "Bảo vệ"),
]
SYLLABLES = ["Ngô", "Ngọc", "Uyên", "Huyền", "Bùi", "Nguyễn", "Thị", "Văn", "Đức", "Uyển"]


def person(p):
    return p[0], [p[1]], p[2]


def names(query: str, roster=ROSTER) -> list[str]:
    return [p[0] for p in rank_people(query, roster, person)]


def test_ngo_ngoc_uyen_ranks_ngo_ngoc_uyen_first_never_bui_ngoc_huyen():
    assert names("ngo ngoc uyen") == ["Ngô Ngọc Uyên", "Nguyễn Ngọc Uyển", "Bùi Ngọc Huyền"]
    assert names("uyen")[-1] == "Bùi Ngọc Huyền"  # "uyen" starts no word of hers
    assert names("qr-7kx2m9pa") == ["Ngô Ngọc Uyên"]  # a badge code typed: that person alone
    assert names(" NV002 ") == ["Trần Uyên"]
    assert names("bao ve") == ["Ngô Ngọc Uyên"]
    assert names("") == [p[0] for p in ROSTER] and names("yen phong") == []


@given(
    roster=st.lists(
        st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join),
        min_size=1,
        max_size=15,
        unique=True,
    ),
    pick=st.integers(min_value=0),
)
def test_a_name_typed_without_marks_comes_first_and_tiers_never_invert(roster, pick):
    people = [(n, f"NV{i:03d}", "") for i, n in enumerate(roster)]
    target = people[pick % len(people)][0]
    ranked = names(fold(target), people)
    assert fold(ranked[0]) == fold(target) and target in ranked
    # a name holding every typed word as a word of its own comes before any name in which
    # some typed word starts no word at all
    words = fold(target).split()
    strong = [i for i, n in enumerate(ranked) if not Counter(words) - Counter(fold(n).split())]
    weak = [
        i
        for i, n in enumerate(ranked)
        if any(not any(p.startswith(w) for p in fold(n).split()) for w in words)
    ]
    assert not strong or not weak or max(strong) < min(weak)
