"""The registry (app/sync/handlers) is the one list of sync entities: the rest derives from it."""

import ast
import re
from pathlib import Path

from app.access.permissions import can_pull, can_push
from app.sync.handlers import HANDLERS, PUSHABLE
from app.sync.handlers.base import Handler

APP = Path(__file__).resolve().parents[2] / "app"
REGISTRY = APP / "sync" / "handlers"


def test_the_openapi_document_lists_the_registry_entities(client):
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]
    mutation, change = schemas["Mutation"]["properties"], schemas["Change"]["properties"]
    assert mutation["entity"]["enum"] == list(PUSHABLE)
    assert change["entity"]["enum"] == list(HANDLERS)
    pushed = [ref["$ref"].rsplit("/", 1)[1] for ref in mutation["data"]["oneOf"]]
    assert pushed == [handler.data_component for handler in PUSHABLE.values()]
    pulled = [ref["$ref"].rsplit("/", 1)[1] for ref in change["data"]["anyOf"]]
    assert pulled == [handler.pulled_component for handler in HANDLERS.values()]
    assert set(pushed + pulled) <= set(schemas)


def test_every_handler_states_its_facts(make):
    for entity, handler in HANDLERS.items():
        assert isinstance(handler, Handler) and handler.entity == entity
        assert handler.model is not None and handler.pulled_schema is not None, entity
        # a pushed entity has a schema for its data, and whoever pushes it also pulls it
        assert handler.pushable == bool(handler.pushed_by), entity
        assert handler.pushed_by <= handler.pulled_by, entity
        for role in ("inspector", "enterprise_hr", "supervisor", "admin"):
            user = make.user(f"{entity}-{role}", role=role)
            assert can_pull(user, entity) == (role in handler.pulled_by)
            assert can_push(user, entity) == (role in handler.pushed_by)
    nobody = make.user("nobody", role="inspector")
    assert not can_pull(nobody, "unknown") and not can_push(nobody, "unknown")


def _entity_literals(path: Path):
    """Literal tuples, lists, sets and dict keys of a module that are mostly entity names."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [key for key in node.keys if key is not None]
        else:
            continue
        words = [i.value for i in items if isinstance(i, ast.Constant)]
        named = {word for word in words if word in HANDLERS}
        # A list of entities is mostly entities: sort keys such as ("newest", ..., "park",
        # "enterprise", "template") name columns, not the synced entities.
        if len(named) >= 3 and 2 * len(named) >= len(words):
            yield f"{path.relative_to(APP.parent)}:{node.lineno} {sorted(named)}"


def test_no_list_of_entities_outside_the_registry():
    # Demo data (app/seed) is keyed by entity as it builds rows; it lists no sync entities.
    modules = [
        path
        for path in APP.rglob("*.py")
        if REGISTRY not in path.parents and APP / "seed" not in path.parents
    ]
    found = [hit for path in modules for hit in _entity_literals(path)]
    assert found == [], "derive these from app.sync.handlers.HANDLERS"


def test_the_sync_engine_calls_only_declared_hooks():
    declared = {name for name in dir(Handler) if not name.startswith("__")}
    for name in ("push.py", "pull.py", "resolve.py", "merge.py", "nested.py"):
        source = (APP / "sync" / name).read_text(encoding="utf-8")
        assert not re.search(r"(hasattr|getattr)\(\s*handler", source), name
        called = set(re.findall(r"\bhandler\.(\w+)", source))
        assert called <= declared, (name, called - declared)
