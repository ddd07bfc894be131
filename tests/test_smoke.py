def test_login_push_pull(app, make, api):
    park = make.park()
    ent = make.enterprise(park)
    tv = make.template()
    make.user("insp", parks=[park])
    make.commit()
    a = api("insp")
    m = make.mutation("check", make.check_data(tv, ent))
    r = a.push([m])
    assert r.status_code == 200, r.json
    assert r.json["results"][0]["status"] == "applied", r.json
    changes, cursor = a.pull_all()
    assert {c["entity"] for c in changes} >= {"park", "enterprise", "template", "check"}
    r = a.push([m])
    assert r.json["results"][0]["status"] == "duplicate"
