"""Property: in any batch, hostile mutations are rejected alone and valid ones land as if alone.

Each example builds a batch of symbolic mutations (valid ones of every entity and op, hostile
ones of many kinds), pushes it with one set of ids (run A) and its valid part alone with
another (run B), then checks: no 5xx, every hostile mutation rejected, the valid ones answered
alike, the rows they wrote equal once ids are mapped A -> B, nothing of a hostile one stored
(beyond its rejection in applied_mutation) and the shared records untouched.
No mutation may need the server_error fallback: hostile input gets a clear code.
`PUSH_FUZZ_EXAMPLES` sets the number of examples (default 60 per backend, scaled by `make fuzz`).
"""

import json
import os
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.extensions import db
from app.models import (
    AppliedMutation,
    Attendance,
    Check,
    ConflictCopy,
    Event,
    Finding,
    Gift,
    RecordRevision,
)
from tests.api.util import results
from tests.fuzz import examples

EXAMPLES = int(os.environ.get("PUSH_FUZZ_EXAMPLES") or examples(60))
GARBAGE = ({"x": [None]}, "\x00", "a\udfffb", "z\uffff", "x" * 10_000, -1.5, [[[]]])
DEEP: list = []
for _ in range(120):
    DEEP = [DEEP]
FIELDS = {
    "check": (
        "template_version_id",
        "enterprise_id",
        "visit_id",
        "status",
        "started_at",
        "ended_at",
        "gps",
        "gps_note",
        "team",
        "answers",
        "findings",
        "closed_findings",
        "representative_name",
        "representative_signature",
        "notes",
    ),
    "event": (
        "enterprise_id",
        "title",
        "date",
        "place",
        "activities",
        "planned_participants",
        "status",
        "photos",
        "notes",
    ),
    "attendance": (
        "event_id",
        "person_id",
        "name",
        "employee_number",
        "role",
        "method",
        "recorded_at",
    ),
    "gift": ("event_id", "recipient_name", "employee_number", "value_vnd", "reason", "given_at"),
}
ENVELOPE = ("mutation_id", "entity", "op", "id", "base_version", "data")
DELETE_GARBAGE = (
    {"event_id": [None, None]},
    {"enterprise_id": {"a": [1]}},
    [1, 2],
    "\x00",
    {"template_version_id": DEEP},
)
TEXTS = st.sampled_from(["Đạt yêu cầu", "Bảo vệ trực đủ ca", "", "Cần bổ sung camera 📷"])
# (actor, kind, parameters) of a valid mutation
VALID = st.one_of(
    st.tuples(st.just("insp"), st.just("new_check"), st.integers(0, 3), TEXTS),
    st.tuples(st.just("insp"), st.just("edit_check"), TEXTS),
    st.tuples(st.just("insp"), st.just("delete_check"), st.sampled_from(DELETE_GARBAGE)),
    st.tuples(st.just("insp"), st.just("edit_approved"), TEXTS),
    st.tuples(
        st.just("insp"),
        st.just("resolve_conflict"),
        st.sampled_from(["keep_server", "keep_device"]),
    ),
    st.tuples(st.just("hr"), st.just("new_event"), TEXTS),
    st.tuples(st.just("hr"), st.just("edit_event"), TEXTS),
    st.tuples(st.just("hr"), st.just("delete_event")),
    st.tuples(st.just("hr"), st.just("new_attendance"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("hr"), st.just("delete_attendance"), st.sampled_from(DELETE_GARBAGE)),
    st.tuples(st.just("hr"), st.just("new_gift"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("hr"), st.just("delete_gift"), st.sampled_from(DELETE_GARBAGE)),
)
HOSTILE = st.one_of(
    st.tuples(
        st.sampled_from(["insp", "hr"]),
        st.just("bad_field"),
        st.sampled_from(sorted(FIELDS)),
        st.integers(0, 14),
        st.sampled_from(GARBAGE),
    ),
    st.tuples(
        st.sampled_from(["insp", "hr"]),
        st.just("bad_envelope"),
        st.sampled_from(ENVELOPE),
        st.sampled_from(GARBAGE + (None, True, 2**70)),
    ),
    st.tuples(st.just("insp"), st.just("taken_finding")),
    st.tuples(st.just("insp"), st.just("batch_finding")),
    st.tuples(st.just("insp"), st.just("finding_twice")),
    st.tuples(
        st.sampled_from(["insp", "hr"]),
        st.just("delete_missing"),
        st.sampled_from(["check", "event", "attendance", "gift"]),
        st.sampled_from(DELETE_GARBAGE),
    ),
    st.tuples(st.just("insp"), st.just("outside_check")),
    st.tuples(st.just("hr"), st.just("foreign_event_attendance")),
    st.tuples(st.just("hr"), st.just("reviewed_event_gift")),
    st.tuples(st.just("hr"), st.just("hr_pushes_check")),
    st.tuples(st.just("insp"), st.just("deep_answer")),
)
BATCHES = st.lists(
    st.one_of(VALID.map(lambda v: (True, v)), HOSTILE.map(lambda h: (False, h))),
    min_size=1,
    max_size=25,
)


class Ids(dict):
    """A fresh uuid per symbolic name, the same for every use of the name in one run."""

    def __missing__(self, name):
        self[name] = str(uuid.uuid4())
        return self[name]


def finding(finding_id: str) -> dict:
    return {
        "id": finding_id,
        "item_code": "A.1",
        "severity": "high",
        "description": "Chưa có phương án PCCC",
    }


@pytest.fixture
def world(api, make):
    """Users, scopes and shared records every example pushes against."""
    park, other_park = make.park(), make.park()
    ent, outside = make.enterprise(park), make.enterprise(other_park)
    tv = make.template()
    make.user("insp", parks=[park])
    make.user("hr", role="enterprise_hr", enterprise=ent)
    reviewed, foreign = make.event(ent), make.event(outside)
    reviewed.status = "reviewed"
    make.commit()
    w = {
        "tv": tv.id,
        "ent": ent.id,
        "outside": outside.id,
        "reviewed": reviewed.id,
        "foreign": foreign.id,
        "taken": str(uuid.uuid4()),
        "insp": api("insp"),
        "hr": api("hr"),
    }
    check = make.mutation("check", make.check_data(tv, ent, findings=[finding(w["taken"])]))
    approved = make.mutation("check", make.check_data(tv, ent))
    results(w["insp"].push([check, approved]))
    db.session.execute(update(Check).where(Check.id == approved["id"]).values(status="approved"))
    db.session.commit()
    w["approved"], w["shared"] = approved, [check["id"], approved["id"], reviewed.id, foreign.id]
    return w


class Run:
    """One run of an example: its ids, its prepared records and their versions."""

    def __init__(self, world: dict):
        self.w, self.ids, self.versions = world, Ids(), {}
        self.current = ""  # the name of the item being built (its mutation id's name)

    def check(self, name: str, notes: str = "", findings=()) -> dict:
        return {
            "template_version_id": self.w["tv"],
            "enterprise_id": self.w["ent"],
            "status": "draft",
            "started_at": "2026-11-20T08:30:00+07:00",
            "answers": {"A.1": {"value": "yes", "note": notes}, "A.2": {"value": 4}},
            "findings": [finding(self.ids[f]) for f in findings],
            "team": [{"name": "Trần Thị Bình", "unit": "police"}],
            "notes": notes,
        }

    def event(self, title: str) -> dict:
        return {
            "enterprise_id": self.w["ent"],
            "title": title or "Ngày hội",
            "date": "2026-08-19",
            "activities": [{"kind": "propaganda"}],
        }

    def attendance(self, event_id: str, n: int) -> dict:
        return {
            "event_id": event_id,
            "name": f"Nguyễn Thị Hoa {n}",
            "employee_number": f"NV{n}",
            "role": "worker",
            "method": "qr",
            "recorded_at": "2026-08-19T08:00:00+07:00",
        }

    def gift(self, event_id: str, n: int) -> dict:
        return {
            "event_id": event_id,
            "recipient_name": f"Lê Văn Tám {n}",
            "employee_number": f"NV{n}",
            "value_vnd": 500_000,
            "reason": "Bảo vệ giỏi",
            "given_at": "2026-08-19T09:00:00+07:00",
        }

    def mutation(self, entity, data, name, op="upsert", base=None) -> dict:
        return {
            "mutation_id": self.ids["m_" + self.current],
            "entity": entity,
            "op": op,
            "id": self.ids[name],
            "base_version": self.versions.get(name, 0) if base is None else base,
            "data": data,
        }

    def prepare(self) -> None:
        """Records the example edits and deletes: a check, an event with an entry and a gift,
        and a conflict copy of the approved check."""
        w = self.w
        out = results(
            w["insp"].push(
                [
                    self.prep("check", self.check("pc", findings=["pf"]), "pc"),
                    dict(
                        self.prep("check", self.check("pa", "khác"), "pa"),
                        id=w["approved"]["id"],
                        base_version=0,
                    ),
                ]
            )
        )
        self.versions["pc"] = out[0]["version"]
        self.ids["pcc"] = out[1]["conflict_id"]
        out = results(w["hr"].push([self.prep("event", self.event("Sự kiện"), "pe")]))
        self.versions["pe"] = out[0]["version"]
        out = results(
            w["hr"].push(
                [
                    self.prep("attendance", self.attendance(self.ids["pe"], 99), "pat"),
                    self.prep("gift", self.gift(self.ids["pe"], 99), "pg"),
                ]
            )
        )
        self.versions["pat"], self.versions["pg"] = out[0]["version"], out[1]["version"]

    def prep(self, entity, data, name) -> dict:
        self.current = "prep_" + name
        return self.mutation(entity, data, name)

    def build(self, name: str, spec: tuple) -> dict:
        """The mutation of one symbolic item, named `name` (the same in every run)."""
        _actor, kind, *args = spec
        self.current = name
        return getattr(self, "_" + kind)(name, *args)

    # --- valid ---------------------------------------------------------------
    def _new_check(self, name, n_findings, notes):
        return self.mutation(
            "check", self.check(name, notes, [f"{name}f{i}" for i in range(n_findings)]), name
        )

    def _edit_check(self, name, notes):
        return self.mutation("check", self.check("pc", notes or "sửa", ["pf"]), "pc")

    def _delete_check(self, name, garbage):
        return self.mutation("check", garbage, "pc", op="delete")

    def _edit_approved(self, name, notes):
        return dict(
            self.mutation("check", self.check("x", notes), name),
            id=self.w["approved"]["id"],
            base_version=0,
        )

    def _resolve_conflict(self, name, resolution):
        return self.mutation("conflict", {"resolution": resolution}, "pcc", base=0)

    def _new_event(self, name, title):
        self.ids["last_event"] = self.ids[name]
        return self.mutation("event", self.event(title), name)

    def _edit_event(self, name, title):
        return self.mutation("event", dict(self.event(title), place="Nhà văn hoá"), "pe")

    def _delete_event(self, name):
        return self.mutation("event", None, "pe", op="delete")

    def _new_attendance(self, name, n, own_event):
        event = self.ids.get("last_event") if own_event else None
        return self.mutation("attendance", self.attendance(event or self.ids["pe"], n), name)

    def _delete_attendance(self, name, garbage):
        return self.mutation("attendance", garbage, "pat", op="delete")

    def _new_gift(self, name, n, own_event):
        event = self.ids.get("last_event") if own_event else None
        return self.mutation("gift", self.gift(event or self.ids["pe"], n), name)

    def _delete_gift(self, name, garbage):
        return self.mutation("gift", garbage, "pg", op="delete")

    # --- hostile -------------------------------------------------------------
    def _bad_field(self, name, entity, index, garbage):
        good = {
            "check": lambda: self.check(name),
            "event": lambda: self.event("Ngày hội"),
            "attendance": lambda: self.attendance(self.ids["pe"], 7),
            "gift": lambda: self.gift(self.ids["pe"], 7),
        }[entity]()
        good[FIELDS[entity][index % len(FIELDS[entity])]] = garbage
        return self.mutation(entity, good, name)

    def _bad_envelope(self, name, key, garbage):
        return dict(self.mutation("check", self.check(name), name), **{key: garbage})

    def _taken_finding(self, name):
        data = self.check(name)
        data["findings"] = [finding(self.w["taken"])]
        return self.mutation("check", data, name)

    def _batch_finding(self, name):
        return self.mutation("check", self.check(name, findings=["pf"]), name)

    def _finding_twice(self, name):
        data = self.check(name, findings=[f"{name}f"])
        data["findings"] *= 2
        return self.mutation("check", data, name)

    def _delete_missing(self, name, entity, garbage):
        return self.mutation(entity, garbage, name, op="delete")

    def _outside_check(self, name):
        return self.mutation("check", dict(self.check(name), enterprise_id=self.w["outside"]), name)

    def _foreign_event_attendance(self, name):
        return self.mutation("attendance", self.attendance(self.w["foreign"], 3), name)

    def _reviewed_event_gift(self, name):
        return self.mutation("gift", self.gift(self.w["reviewed"], 3), name)

    def _hr_pushes_check(self, name):
        return self.mutation("check", self.check(name), name)

    def _deep_answer(self, name):
        data = self.check(name)
        data["answers"]["A.1"] = {"value": DEEP}
        return self.mutation("check", data, name)


def push_items(run: Run, items: list[tuple]) -> dict[str, tuple]:
    """Push the items (in order, by actor); return name -> (valid, spec, mutation, result).

    The k-th valid item is named v<k> and the k-th hostile one h<k>, in every run.
    """
    built, count = [], {True: 0, False: 0}
    for valid, spec in items:
        name = f"{'v' if valid else 'h'}{count[valid]}"
        count[valid] += 1
        built.append((name, valid, spec, run.build(name, spec)))
    answered = {}
    for actor in ("insp", "hr"):
        mine = [b for b in built if b[2][0] == actor]
        if mine:
            response = run.w[actor].push([b[3] for b in mine])
            assert response.status_code == 200, response.data[:500]
            for b, result in zip(mine, response.json["results"], strict=True):
                answered[b[0]] = (*b[1:], result)
    return answered


VOLATILE = {
    "version",
    # a check's kept pull text carries its receipt and send times; it is made from the other
    # columns, compared here, and tests/api/test_pulled_kept.py holds it to them
    "pulled_text",
    "pulled_version",
    "created_at",
    "updated_at",
    "receipt",
    "submitted_at",
    "recorded_at",
    "given_at",
    "base_version",
    "server_version",
    "resolved_at",
    "result",
}
TABLES = (
    (Check, "id"),
    (Finding, "check_id"),
    (Event, "id"),
    (Attendance, "id"),
    (Gift, "id"),
    (RecordRevision, "mutation_id"),
    (ConflictCopy, "mutation_id"),
    (AppliedMutation, "mutation_id"),
)


def written(ids: set[str]) -> list[str]:
    """The rows whose record (or mutation) is one of `ids`, without what differs by run."""
    db.session.expire_all()
    rows = []
    for model, key in TABLES:
        table = model.__table__
        query = select(table).where(table.c[key].in_(ids))
        if model in (RecordRevision, ConflictCopy):
            query = select(*[c for c in table.c if c.name != "id"]).where(table.c[key].in_(ids))
        for row in db.session.execute(query):
            values = {k: v for k, v in row._mapping.items() if k not in VOLATILE}
            if model is AppliedMutation and row.status == "rejected":
                continue
            rows.append(table.name + json.dumps(values, sort_keys=True, default=str))
    return sorted(rows)


def shared_rows(world: dict) -> list[str]:
    """The shared records of the world, as stored."""
    db.session.expire_all()
    rows = []
    for model, key in ((Check, "id"), (Finding, "check_id"), (Event, "id")):
        table = model.__table__
        for row in db.session.execute(select(table).where(table.c[key].in_(world["shared"]))):
            rows.append(json.dumps(dict(row._mapping), sort_keys=True, default=str))
    return sorted(rows)


def stored_anywhere(ids: set[str]) -> list[str]:
    """Rows of any synced table naming one of these ids (as id, record or mutation)."""
    found = []
    for model in (Check, Finding, Event, Attendance, Gift, RecordRevision, ConflictCopy):
        table = model.__table__
        for column in ("id", "record_id", "mutation_id", "check_id", "event_id"):
            if column in table.c:
                query = select(table.c.id).where(table.c[column].in_(ids))
                found += [f"{table.name}.{column}" for _ in db.session.execute(query)]
    return found


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(items=BATCHES)
def test_hostile_mutations_never_touch_the_valid_ones(world, items):
    before = shared_rows(world)
    mixed, alone = Run(world), Run(world)
    mixed.prepare()
    alone.prepare()
    answered = push_items(mixed, items)
    hostile = {name: (spec, r) for name, (valid, spec, _, r) in answered.items() if not valid}
    assert all(r["status"] == "rejected" for _, r in hostile.values()), hostile
    codes = [r.get("errors", {}).get("code") for *_, r in answered.values()]
    assert "server_error" not in codes, answered
    assert shared_rows(world) == before
    hostile_ids = {mixed.ids[n] for n in hostile} | {mixed.ids["m_" + n] for n in hostile}
    assert stored_anywhere(hostile_ids) == []
    valid_alone = push_items(alone, [i for i in items if i[0]])
    for name, (_, spec, _, result) in valid_alone.items():
        twin = answered[name][3]
        assert (twin["status"], twin.get("merged"), twin.get("errors", {}).get("code")) == (
            result["status"],
            result.get("merged"),
            result.get("errors", {}).get("code"),
        ), spec
    a_rows = written(set(mixed.ids.values()))
    b_rows = written(set(alone.ids.values()))
    for name, a_id in mixed.ids.items():
        a_rows = [row.replace(a_id, alone.ids[name]) for row in a_rows]
    assert sorted(a_rows) == b_rows
