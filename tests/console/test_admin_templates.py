"""Template versions: a draft from the current one, the editor, publish reaches the pull."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Check, TemplateVersion


@pytest.fixture
def world(app, make):
    park = make.park()
    ent = make.enterprise(park)
    tv = make.template()
    make.user("boss", role="admin")
    make.user("insp", parks=[park])
    make.commit()
    return {"ent": ent, "tv": tv}


def _editor_form(sections, csrf) -> dict:
    form = {"csrf_token": csrf}
    for s, sec in enumerate(sections, 1):
        form |= {
            f"s-{s}-order": s,
            f"s-{s}-code": sec["code"],
            f"s-{s}-title_vi": sec["title_vi"],
            f"s-{s}-title_en": sec["title_en"],
        }
        for i, item in enumerate(sec["items"], 1):
            p = f"s-{s}-i-{i}-"
            form |= {
                f"{p}order": i,
                f"{p}code": item["code"],
                f"{p}text_vi": item["text_vi"],
                f"{p}text_en": item["text_en"],
                f"{p}type": item["type"],
            }
            if item.get("critical"):
                form[f"{p}critical"] = "1"
    return form


def test_new_version_edit_publish_reaches_the_pull(world, console, api, make):
    device = api("insp")
    check_id = make.mutation("check", {})["id"]
    pushed = device.push(
        [make.mutation("check", make.check_data(world["tv"], world["ent"]), record_id=check_id)]
    )
    assert pushed.json["results"][0]["status"] == "applied"
    _, cursor = device.pull_all()

    client = console("boss")
    response = client.post(
        f"/console/admin/templates/{world['tv'].template_id}/new-version",
        data={"csrf_token": client.csrf},
    )
    assert response.status_code == 302
    draft = db.session.scalar(select(TemplateVersion).where(TemplateVersion.number == 2))
    assert draft.status == "draft" and draft.sections == world["tv"].sections
    assert client.get(response.location).status_code == 200
    changes, cursor = device.pull_all(cursor)
    assert not [c for c in changes if c["entity"] == "template"]  # drafts stay on the server

    form = _editor_form(draft.sections, client.csrf)
    form |= {
        "s-1-i-3-order": "0",
        "s-1-i-3-code": "A.0",
        "s-1-i-3-text_vi": "Có sổ trực ban",
        "s-1-i-3-text_en": "Keeps a duty log",
        "s-1-i-3-type": "choice",
        "s-1-i-3-choices": "yes | Có | Yes\nno | Không | No",
        "s-1-i-2-remove": "1",
    }
    assert client.post(f"/console/admin/versions/{draft.id}", data=form).status_code == 302
    db.session.expire_all()
    draft = db.session.get(TemplateVersion, draft.id)
    codes = [it["code"] for it in draft.sections[0]["items"]]
    assert codes == ["A.0", "A.1"]
    assert draft.sections[0]["items"][0]["choices"][1] == {
        "value": "no",
        "label_vi": "Không",
        "label_en": "No",
    }
    # Publishing asks once, showing what changes from the last published version.
    asked = client.post(
        f"/console/admin/versions/{draft.id}/publish", data={"csrf_token": client.csrf}
    )
    assert asked.status_code == 200
    diff = (
        asked.get_data(as_text=True).split('data-testid="version-diff"')[1].split("</section>")[0]
    )
    added, removed = diff.split("Các mục đã thêm")[1], diff.split("Các mục đã bỏ")[1]
    assert "A.0" in added.split("</ul>")[0] and "Chọn từ danh sách" in added.split("</ul>")[0]
    assert "A.2" in removed.split("</ul>")[0] and "A.1" not in diff
    db.session.expire_all()
    assert db.session.get(TemplateVersion, draft.id).status == "draft"  # nothing published yet
    assert (
        client.post(
            f"/console/admin/versions/{draft.id}/publish",
            data={"csrf_token": client.csrf, "confirm": "1"},
        ).status_code
        == 302
    )

    changes, _ = device.pull_all(cursor)
    templates = [c for c in changes if c["entity"] == "template"]
    assert [c["id"] for c in templates] == [draft.id]
    assert db.session.get(Check, check_id).template_version_id == world["tv"].id
    actions = set(db.session.scalars(select(AuditLog.action)))
    assert {"template.new_version", "template.edit", "template.publish"} <= actions


def test_published_versions_are_immutable(world, console):
    client = console("boss")
    tv = world["tv"]
    form = _editor_form(tv.sections, client.csrf) | {"s-1-i-1-text_vi": "Đã sửa"}
    assert client.post(f"/console/admin/versions/{tv.id}", data=form).status_code == 400
    db.session.expire_all()
    assert db.session.get(TemplateVersion, tv.id).sections[0]["items"][0]["text_vi"] != "Đã sửa"
    client.post(f"/console/admin/versions/{tv.id}/publish", data={"csrf_token": client.csrf})
    assert db.session.get(TemplateVersion, tv.id).number == 1


def test_bad_editor_input_is_refused(world, console):
    client = console("boss")
    response = client.post(
        f"/console/admin/templates/{world['tv'].template_id}/new-version",
        data={"csrf_token": client.csrf},
    )
    draft_url = response.location
    form = _editor_form(world["tv"].sections, client.csrf) | {"s-1-i-2-code": "A.1"}
    assert client.post(draft_url, data=form).status_code == 400  # duplicate item code


def test_editor_names_answer_types_in_vietnamese(world, console):
    client = console("boss")
    tv_page = client.get(f"/console/admin/versions/{world['tv'].id}").get_data(as_text=True)
    response = client.post(
        f"/console/admin/templates/{world['tv'].template_id}/new-version",
        data={"csrf_token": client.csrf},
    )
    editor = client.get(response.location).get_data(as_text=True)
    for page in (tv_page, editor):
        assert "Có / Không / Không áp dụng" in page
        assert ">yes_no_na<" not in page and ">choice<" not in page
    assert '<option value="choice"' in editor and "Chọn từ danh sách" in editor


def test_changing_an_item_type_is_shown_before_publishing(world, console):
    client = console("boss")
    response = client.post(
        f"/console/admin/templates/{world['tv'].template_id}/new-version",
        data={"csrf_token": client.csrf},
    )
    draft = db.session.scalar(select(TemplateVersion).where(TemplateVersion.number == 2))
    form = _editor_form(draft.sections, client.csrf) | {"s-1-i-1-type": "text"}
    assert client.post(response.location, data=form).status_code == 302
    asked = client.post(
        f"/console/admin/versions/{draft.id}/publish", data={"csrf_token": client.csrf}
    )
    changed = asked.get_data(as_text=True).split("Các mục đã sửa")[1].split("</ul>")[0]
    assert "Có / Không / Không áp dụng → Văn bản" in changed
