"""The HR roster search ranks people (pwa/js/search.js rankPeople), run in the browser.

The rule: a staff number or badge code typed exactly finds that person alone; otherwise the
exact full name comes first, then names whose words all start with the typed words, then
given-name matches, then the rest, all ignoring diacritics.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.i18n import fold
from app.core.ranking import rank_people

RANK = """([query, people]) => import('/app/js/search.js').then((s) =>
    s.rankPeople(query, people, (p) => ({ name: p.name, codes: [p.no], rest: p.dept || '' }))
     .map((p) => p.name))"""
SYLLABLES = ["Ngô", "Ngọc", "Uyên", "Huyền", "Bùi", "Nguyễn", "Thị", "Văn", "Đức", "Uyển", "Ánh"]
NAMES = st.lists(
    st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map(" ".join),
    min_size=1,
    max_size=12,
    unique=True,
)


def people(names: list[str]) -> list[dict]:
    return [{"name": n, "no": f"NV{i:03d}", "dept": "Dệt"} for i, n in enumerate(names)]


def test_a_full_name_typed_without_marks_ranks_that_person_first(live, phone):
    phone.goto(f"{live.url}/app/")
    roster = people(["Bùi Ngọc Huyền", "Trần Uyên", "Nguyễn Ngọc Uyển", "Ngô Ngọc Uyên"])
    ranked = phone.evaluate(RANK, ["ngo ngoc uyen", roster])
    assert ranked == ["Ngô Ngọc Uyên", "Nguyễn Ngọc Uyển", "Bùi Ngọc Huyền"]
    assert phone.evaluate(RANK, ["uyen", roster])[-1] == "Bùi Ngọc Huyền"  # not a word start
    assert phone.evaluate(RANK, ["nv002", roster]) == ["Nguyễn Ngọc Uyển"]  # a code: alone
    assert phone.evaluate(RANK, ["det", roster]) == [  # the department: all, in name order
        "Bùi Ngọc Huyền",
        "Ngô Ngọc Uyên",
        "Nguyễn Ngọc Uyển",
        "Trần Uyên",
    ]
    assert phone.evaluate(RANK, ["yen phong", roster]) == []


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(names=NAMES, pick=st.integers(min_value=0), by_code=st.booleans())
def test_the_typed_name_or_code_always_comes_first(live, phone, names, pick, by_code):
    if phone.url == "about:blank":
        phone.goto(f"{live.url}/app/")
    roster = people(names)
    target = roster[pick % len(roster)]
    if by_code:
        assert phone.evaluate(RANK, [target["no"].lower(), roster]) == [target["name"]]
        return
    typed = fold(target["name"])  # typed without diacritics
    ranked = phone.evaluate(RANK, [typed, roster])
    assert fold(ranked[0]) == typed  # "Uyên" and "Uyển" fold alike: either is that name
    assert target["name"] in ranked


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    names=NAMES,
    query=st.lists(
        st.sampled_from([fold(s)[:n] for s in SYLLABLES for n in (2, 3, 8)]), min_size=1, max_size=3
    ).map(" ".join),
)
def test_the_phone_and_the_server_rank_alike(live, phone, names, query):
    if phone.url == "about:blank":
        phone.goto(f"{live.url}/app/")
    roster = people(names)
    on_server = rank_people(query, roster, lambda p: (p["name"], [p["no"]], p["dept"]))
    assert phone.evaluate(RANK, [query, roster]) == [p["name"] for p in on_server]
