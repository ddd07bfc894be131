"""The festival roster page's search ranks like the phone's, within the roster's scope."""

from tests.test_ranking import ROSTER


def test_roster_page_search_ranks_and_scopes(pages, world, make):
    for number, (name, _, dept) in enumerate(ROSTER):
        person_ = make.roster_person(world.ent, f"NV{number:03d}", name)
        person_.department = dept
    make.commit()
    html = pages("sup1").get(f"/festival/roster/{world.ent.id}?q=ngo+ngoc+uyen").get_data(True)
    body = html.split("<tbody>")[1]
    assert body.index("Ngô Ngọc Uyên") < body.index("Nguyễn Ngọc Uyển") < body.index("Bùi Ngọc")
    assert "Trần Uyên" not in body
    assert (
        pages("hr2").get(f"/festival/roster/{world.ent.id}?q=ngo").status_code == 404
    )  # as an unknown id: says nothing of which exist
