"""Run the push's marshmallow schemas fast: each schema is compiled once into Python source.

`fast_load(schema, raw)` gives exactly what `schema.load(raw)` gives. The compiled loader
applies the same fields' own `_deserialize` and validators (Length and OneOf inlined) and
the schema's `@validates_schema` hooks, without marshmallow's per-call machinery (error
stores, hook lookups, partial/unknown handling), which is most of the cost of loading 30
nested answers. It only ever answers for plainly valid input: on anything else (a missing
required field, an unknown key, a wrong type, a failing validator) it steps aside and
`schema.load(raw)` runs, so every error message, and every odd case, still comes from
marshmallow itself. A schema using a feature the compiler does not reproduce (pre/post-load
hooks, partial, many, unknown other than RAISE, custom fields reading their parent) is
simply loaded by marshmallow. The one pre-load hook it knows is StrictSchema's `refuse_nul`:
input holding a character it refuses anywhere (common.clean_json, one C-speed pass over the
whole value) steps aside, so that marshmallow (and that hook) words the error.

Stepping aside is silent only when the input is not plainly valid (Fallback, or a field's
own ValidationError). A schema that cannot be compiled, or a compiled loader failing any
other way (a bug of this compiler), is logged once per schema with its name and the reason,
and marshmallow loads it; with STRICT set (the tests set it) such a failure is raised.
"""

import itertools
import logging
from collections.abc import Callable
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, missing
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA
from marshmallow.validate import Length, OneOf, Validator

from app.schemas.common import clean_json

# Pre-load hooks the compiled code reproduces (fast_load refuses what they refuse, up front).
_KNOWN_PRE_LOAD = {"refuse_nul"}

# Leaf field classes whose _deserialize reads neither `attr` nor the parent data.
_LEAVES = (fields.String, fields.Number, fields.Boolean, fields.DateTime, fields.Date)


class Fallback(Exception):
    """The fast path declines this input: marshmallow loads it (and words the errors)."""


class CannotCompile(Exception):
    """The schema uses a feature the compiler does not reproduce."""


log = logging.getLogger(__name__)
STRICT = False  # True: a compiled loader's unexpected failure is raised, not logged (tests)

_compiled: dict[int, tuple[Schema, Callable | None, frozenset]] = {}
_reported: set[str] = set()


def fast_load(schema: Schema, raw: Any) -> dict:
    """Load `raw` with `schema`: compiled when possible, marshmallow otherwise."""
    entry = _compiled.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _compiled[id(schema)] = _entry(schema)
    _schema, loader, later = entry
    if later and type(raw) is dict:  # refuse_nul leaves those fields to their own schema
        checked = {key: value for key, value in raw.items() if key not in later}
    else:
        checked = raw
    if loader is not None and clean_json(checked):
        try:
            return loader(raw)
        except (Fallback, ValidationError):
            pass  # not plainly valid: marshmallow words the errors
        except Exception as err:  # a bug of the compiled loader: said once, then marshmallow
            if STRICT:
                raise
            _report(schema, f"its compiled loader failed: {err!r}")
    return schema.load(raw)


def _entry(schema: Schema) -> tuple[Schema, Callable | None, frozenset]:
    """Compile a schema once: (schema, loader or None, the fields loaded later)."""
    try:
        loader = compile_schema(schema)
    except CannotCompile as err:
        loader = None
        _report(schema, f"it cannot be compiled ({err})")
    later = frozenset(
        name for name, field in schema.fields.items() if field.metadata.get("loaded_later")
    )
    return schema, loader, later


def _report(schema: Schema, reason: str) -> None:
    """Log, once per schema, that marshmallow loads it instead of its compiled loader."""
    name = type(schema).__name__
    if name not in _reported:
        _reported.add(name)
        log.warning("fast_load: %s falls back to marshmallow: %s", name, reason)


def compile_schema(schema: Schema) -> Callable[[Any], dict]:
    """Compile a schema (not many, not partial, unknown=RAISE) into a loader function."""
    return _Compiler().schema_function(schema)


class _Compiler:
    """Generates one module of functions: one per (nested) schema and per list item."""

    def __init__(self) -> None:
        self.names = itertools.count()
        self.env: dict[str, Any] = {"Fallback": Fallback, "MISSING": missing}
        self.functions: list[str] = []

    def const(self, value: Any, hint: str = "c") -> str:
        name = f"_{hint}{next(self.names)}"
        self.env[name] = value
        return name

    def schema_function(self, schema: Schema) -> Callable[[Any], dict]:
        name = self.schema(schema)
        source = "\n\n".join(self.functions)
        exec(compile(source, f"<fastload {type(schema).__name__}>", "exec"), self.env)  # noqa: S102
        return self.env[name]

    def schema(self, schema: Schema) -> str:
        hooks = schema._hooks
        unknown_pre_load = [h for h in hooks[PRE_LOAD] if h[0] not in _KNOWN_PRE_LOAD]
        if (
            unknown_pre_load
            or hooks[POST_LOAD]
            or hooks[VALIDATES]
            or schema.many
            or schema.partial
            or schema.unknown != RAISE
        ):
            raise CannotCompile(type(schema).__name__)
        name = f"load_{type(schema).__name__}_{next(self.names)}"
        keys, body = [], []
        for attr_name, field in schema.load_fields.items():
            key = field.data_key if field.data_key is not None else attr_name
            out_key = field.attribute or attr_name
            if "." in out_key:
                raise CannotCompile(out_key)
            keys.append(key)
            body.extend(self.field(field, f"data.get({key!r}, MISSING)", f"out[{out_key!r}]"))
        allowed = self.const(frozenset(keys), "keys")
        lines = [
            f"def {name}(data):",
            "    if type(data) is not dict:",
            "        raise Fallback",
            "    for key in data:",
            f"        if key not in {allowed}:",
            "            raise Fallback",
            "    out = {}",
        ]
        lines += ["    " + line for line in body]
        for validator, pass_original in _schema_validators(schema):
            hook = self.const(validator, "hook")
            original = "data, " if pass_original else ""
            lines.append(f"    {hook}(out, {original}partial=None, many=False, unknown='raise')")
        lines.append("    return out")
        self.functions.append("\n".join(lines))
        return name

    def field(self, field: fields.Field, source: str, target: str) -> list[str]:
        """Lines that read `source`, and set `target` unless the value is missing."""
        if getattr(field, "pre_load", None) or getattr(field, "post_load", None):
            raise CannotCompile(repr(field))
        lines = [f"v = {source}", "if v is MISSING:"]
        if field.required:
            lines.append("    raise Fallback")
        elif field.load_default is missing:
            lines.append("    pass")
        elif callable(field.load_default):
            lines.append(f"    {target} = {self.const(field.load_default, 'default')}()")
        else:
            lines.append(f"    {target} = {self.const(field.load_default, 'default')}")
        lines += [
            "elif v is None:",
            f"    {target} = None" if field.allow_none else "    raise Fallback",
            "else:",
        ]
        lines += ["    " + line for line in self.core(field)]
        lines += ["    " + line for line in self.validators(field)]
        lines.append(f"    {target} = v")
        return lines

    def core(self, field: fields.Field) -> list[str]:
        """Lines turning the present, non-None `v` into the loaded value, still in `v`."""
        kind = type(field)
        if kind is fields.String:
            return ["if type(v) is not str:", "    raise Fallback"]
        if kind is fields.Nested:
            nested = field.schema
            if field.many or nested.many or field.unknown not in (None, RAISE):
                raise CannotCompile(repr(field))
            return [f"v = {self.schema(nested)}(v)"]
        if kind is fields.List:
            item = self.item_function(field.inner)
            return ["if type(v) is not list:", "    raise Fallback", f"v = [{item}(x) for x in v]"]
        if kind is fields.Dict:
            if field.key_field is None and field.value_field is None:
                return ["if type(v) is not dict:", "    raise Fallback", "v = dict(v)"]
            if field.key_field is None or field.value_field is None:
                raise CannotCompile(repr(field))
            key, value = self.item_function(field.key_field), self.item_function(field.value_field)
            return [
                "if type(v) is not dict:",
                "    raise Fallback",
                f"keys = {{k: {key}(k) for k in v}}",
                f"v = {{keys[k]: {value}(x) for k, x in v.items()}}",
            ]
        if isinstance(field, _LEAVES) or _is_own_leaf(field):
            return [f"v = {self.const(field._deserialize, 'deserialize')}(v, None, None)"]
        raise CannotCompile(repr(field))

    def item_function(self, field: fields.Field) -> str:
        """A function loading one item (of a list or dict) like Field.deserialize does."""
        name = f"item_{next(self.names)}"
        body = self.field(field, "value", "result")
        lines = [f"def {name}(value):", "    result = MISSING"]
        lines += ["    " + line for line in body]
        lines.append("    return result")
        self.functions.append("\n".join(lines))
        return name

    def validators(self, field: fields.Field) -> list[str]:
        lines = []
        for validator in field.validators:
            if type(validator) is Length and validator.equal is None:
                tests = []
                if validator.min is not None:
                    tests.append(f"n < {int(validator.min)}")
                if validator.max is not None:
                    tests.append(f"n > {int(validator.max)}")
                if tests:
                    lines += ["n = len(v)", f"if {' or '.join(tests)}:", "    raise Fallback"]
                else:
                    lines.append("len(v)")
            elif type(validator) is OneOf:
                lines += [
                    f"if v not in {self.const(validator.choices, 'choices')}:",
                    "    raise Fallback",
                ]
            else:
                name = self.const(validator, "validator")
                strict = isinstance(validator, Validator)
                lines += [f"if {name}(v) is False and not {strict}:", "    raise Fallback"]
        return lines


def _schema_validators(schema: Schema) -> list:
    """The @validates_schema hooks in marshmallow's order (collection ones first)."""
    ordered = []
    for wanted in (True, False):
        for attr_name, hook_many, kwargs in schema._hooks[VALIDATES_SCHEMA]:
            if hook_many == wanted:
                ordered.append((getattr(schema, attr_name), kwargs.get("pass_original", False)))
    return ordered


def _is_own_leaf(field: fields.Field) -> bool:
    """Custom fields of this app (app.schemas) that read neither attr nor parent data."""
    return type(field).__module__.startswith("app.schemas.") and type(field).__mro__[1] in (
        fields.Field,
        fields.String,
    )
