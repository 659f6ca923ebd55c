"""What changed between two API versions, and what each change means for callers of the SDK.

Input: two OpenAPI documents (published specs, facts files or our own `openapi.json`; only their structure is
read). Output: a :class:`SpecDiff` of :class:`Change` entries, each classed as *breaking* for code written
against the SDK generated from the older document, or *additive* (nothing that worked stops working), with
the reason; and the version bump that follows (major for any breaking change, minor for additive ones, patch
when nothing callers can see changed).

Operations are identified by (HTTP method, path) exactly as written (a renamed path parameter is a removed
and an added operation, as in `diff-0.81-0.82.txt`). The credential headers (`Authorization`, `X-Namespace`)
are not parameters of SDK methods and are ignored. Schemas are identified by name; a schema's fields are its
`properties` (including those of inline `allOf` parts), except the ones `spec_builder.compat` put back as
deprecated aliases (`x-deprecated-alias`), which are not part of the API.

Rules (the reason strings below say the same to the reader of the changelog):

* operation removed: breaking; added: additive.
* parameter removed: breaking; added: breaking when required, else additive; optional -> required: breaking;
  required -> optional: additive; type changed: breaking.
* request body removed or its type changed: breaking; added: breaking when required, else additive.
* success response type changed: breaking (the method returns something else); an error response added or
  removed: additive (errors raise ApiException whatever their documented body).
* schema removed: breaking; added: additive.
* field removed: breaking; added: breaking when required, else additive; optional -> required: breaking;
  required -> optional: additive; type changed: breaking; enum values removed: breaking, added: additive;
  no longer nullable: breaking; newly nullable: additive; default changed: additive (omitting the field
  now means the new default).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Set, Tuple

from spec_builder.jsontypes import JsonObject
from spec_builder.paths import CREDENTIAL_HEADERS, iter_operations

BREAKING = "breaking"
ADDITIVE = "additive"
BUMPS = ("patch", "minor", "major")
_SCHEMA_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class Change:
    """One difference between the two documents."""

    kind: str  # "operation", "parameter", "request body", "response", "schema", "field"
    action: str  # "added", "removed", "changed"
    subject: str  # "GET /v1/things", "GET /v1/things limit (query)", "Thing", "Thing.name"
    detail: str  # what changed, e.g. "type string -> integer"
    impact: str  # BREAKING or ADDITIVE
    reason: str  # why the impact is what it is, for the changelog's reader


@dataclass
class SpecDiff:
    """Every change, with the counts the changelog leads with."""

    old_version: str
    new_version: str
    operations_added: int = 0
    operations_removed: int = 0
    operations_common: int = 0
    schemas_added: int = 0
    schemas_removed: int = 0
    schemas_common: int = 0
    changes: List[Change] = field(default_factory=list)

    @property
    def breaking(self) -> List[Change]:
        return [change for change in self.changes if change.impact == BREAKING]

    @property
    def additive(self) -> List[Change]:
        return [change for change in self.changes if change.impact == ADDITIVE]

    @property
    def bump(self) -> str:
        """major (anything breaking), minor (anything additive), else patch."""
        if self.breaking:
            return "major"
        return "minor" if self.changes else "patch"

    def as_json(self) -> JsonObject:
        """The same data as the Markdown, for tools."""
        data = asdict(self)
        data["bump"] = self.bump
        data["breaking_count"] = len(self.breaking)
        data["additive_count"] = len(self.additive)
        return data


# ---- describing schemas ------------------------------------------------------------------------------------
def type_label(schema: Any) -> str:
    """A short type name for a schema, without its nullability: `string`, `array[Thing]`, `A | B`."""
    if not isinstance(schema, dict):
        return "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    variants = schema.get("anyOf") or schema.get("oneOf")
    if variants:
        labels = [type_label(v) for v in variants if not _is_null(v)]
        return " | ".join(sorted(set(labels))) if labels else "null"
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_label(schema["allOf"][0])
    raw = schema.get("type")
    types = [t for t in ([raw] if isinstance(raw, str) else list(raw or [])) if t != "null"]
    if "array" in types and isinstance(schema.get("items"), dict):
        return f"array[{type_label(schema['items'])}]"
    if types:
        return " | ".join(sorted(types))
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    return "any"


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("type") == "null"


def is_nullable(schema: Any) -> bool:
    """`anyOf [.., null]`, a `type` list with null, or OpenAPI 3.0's `nullable: true`."""
    if not isinstance(schema, dict):
        return False
    if schema.get("nullable") is True:
        return True
    raw = schema.get("type")
    if isinstance(raw, list) and "null" in raw:
        return True
    return any(_is_null(v) for v in (schema.get("anyOf") or schema.get("oneOf") or []))


def enum_values(schema: Any) -> Optional[List[Any]]:
    """The enum values of a schema (also inside a nullable anyOf); None when it is not an enum."""
    if not isinstance(schema, dict):
        return None
    if isinstance(schema.get("enum"), list):
        return [value for value in schema["enum"] if value is not None]
    for variant in schema.get("anyOf") or schema.get("oneOf") or []:
        if isinstance(variant, dict) and isinstance(variant.get("enum"), list):
            return [value for value in variant["enum"] if value is not None]
    return None


def fields_of(schema: JsonObject) -> Tuple[Dict[str, Any], Set[str]]:
    """A schema's properties and required names, including inline `allOf` parts."""
    properties: Dict[str, Any] = {}
    required: Set[str] = set()
    for part in schema.get("allOf") or []:
        if isinstance(part, dict) and "$ref" not in part:
            inner, inner_required = fields_of(part)
            properties.update(inner)
            required |= inner_required
    for name, prop in (schema.get("properties") or {}).items():
        if not (isinstance(prop, dict) and prop.get("x-deprecated-alias")):  # kept by spec_builder.compat
            properties[name] = prop
    required |= set(schema.get("required") or [])
    return properties, required


# ---- the comparison ----------------------------------------------------------------------------------------
class _Differ:
    def __init__(self, old: JsonObject, new: JsonObject) -> None:
        self.old, self.new = old, new
        self.result = SpecDiff(
            old_version=str(old.get("info", {}).get("version", "?")),
            new_version=str(new.get("info", {}).get("version", "?")),
        )

    def add(self, kind: str, action: str, subject: str, detail: str, breaking: bool, reason: str) -> None:
        impact = BREAKING if breaking else ADDITIVE
        self.result.changes.append(Change(kind, action, subject, detail, impact, reason))

    def run(self) -> SpecDiff:
        self._operations()
        self._schemas()
        return self.result

    # operations
    def _operations(self) -> None:
        old_ops = _operations_by_key(self.old)
        new_ops = _operations_by_key(self.new)
        removed = sorted(set(old_ops) - set(new_ops), key=_op_sort)
        added = sorted(set(new_ops) - set(old_ops), key=_op_sort)
        common = sorted(set(old_ops) & set(new_ops), key=_op_sort)
        self.result.operations_added = len(added)
        self.result.operations_removed = len(removed)
        self.result.operations_common = len(common)
        for key in removed:
            self.add(
                "operation",
                "removed",
                _op_name(key),
                _op_id(old_ops[key]),
                True,
                "its method is gone: code calling it fails",
            )
        for key in added:
            self.add("operation", "added", _op_name(key), _op_id(new_ops[key]), False, "a new method")
        for key in common:
            self._operation(_op_name(key), old_ops[key], new_ops[key])

    def _operation(self, name: str, old: JsonObject, new: JsonObject) -> None:
        old_params, new_params = _parameters(old), _parameters(new)
        for key in sorted(old_params.keys() - new_params.keys()):
            self.add(
                "parameter",
                "removed",
                f"{name} {_param_name(key)}",
                "",
                True,
                "callers passing it get a TypeError",
            )
        for key in sorted(new_params.keys() - old_params.keys()):
            required = bool(new_params[key].get("required"))
            self.add(
                "parameter",
                "added",
                f"{name} {_param_name(key)}",
                "required" if required else "optional",
                required,
                "existing calls lack it" if required else "existing calls still work",
            )
        for key in sorted(old_params.keys() & new_params.keys()):
            self._parameter(f"{name} {_param_name(key)}", old_params[key], new_params[key])
        self._request_body(name, old.get("requestBody"), new.get("requestBody"))
        self._responses(name, old.get("responses") or {}, new.get("responses") or {})

    def _parameter(self, subject: str, old: JsonObject, new: JsonObject) -> None:
        self._required("parameter", subject, bool(old.get("required")), bool(new.get("required")))
        self._value_schema("parameter", subject, old.get("schema") or {}, new.get("schema") or {})

    def _required(self, kind: str, subject: str, was: bool, now: bool) -> None:
        if was == now:
            return
        if now:
            self.add(kind, "changed", subject, "optional -> required", True, "calls without it now fail")
        else:
            self.add(kind, "changed", subject, "required -> optional", False, "calls with it still work")

    def _value_schema(self, kind: str, subject: str, old: Any, new: Any) -> None:
        """Type, enum values, nullability and default of a parameter's or a field's schema."""
        old_type, new_type = type_label(old), type_label(new)
        if old_type != new_type:
            self.add(
                kind,
                "changed",
                subject,
                f"type {old_type} -> {new_type}",
                True,
                "values of the old type may no longer validate",
            )
        old_enum, new_enum = enum_values(old), enum_values(new)
        if old_enum is not None and new_enum is not None:
            gone = [v for v in old_enum if v not in new_enum]
            came = [v for v in new_enum if v not in old_enum]
            if gone:
                self.add(
                    kind,
                    "changed",
                    subject,
                    f"enum values removed: {_values(gone)}",
                    True,
                    "code sending or expecting them breaks",
                )
            if came:
                self.add(
                    kind,
                    "changed",
                    subject,
                    f"enum values added: {_values(came)}",
                    False,
                    "new values; responses keep unknown values as plain strings",
                )
        was_nullable, now_nullable = is_nullable(old), is_nullable(new)
        if was_nullable and not now_nullable:
            self.add(kind, "changed", subject, "no longer nullable", True, "None is refused")
        elif now_nullable and not was_nullable:
            self.add(kind, "changed", subject, "now nullable", False, "None is accepted as well")
        old_default = old.get("default") if isinstance(old, dict) else None
        new_default = new.get("default") if isinstance(new, dict) else None
        if old_default != new_default:
            self.add(
                kind,
                "changed",
                subject,
                f"default {old_default!r} -> {new_default!r}",
                False,
                "omitting it now means the new default",
            )

    def _request_body(self, name: str, old: Any, new: Any) -> None:
        subject = f"{name} body"
        if not old and not new:
            return
        if old and not new:
            self.add("request body", "removed", subject, "", True, "callers passing a body get a TypeError")
            return
        if new and not old:
            required = bool(new.get("required"))
            self.add(
                "request body",
                "added",
                subject,
                _body_type(new),
                required,
                "existing calls lack it" if required else "existing calls still work",
            )
            return
        old_type, new_type = _body_type(old), _body_type(new)
        if old_type != new_type:
            self.add(
                "request body",
                "changed",
                subject,
                f"type {old_type} -> {new_type}",
                True,
                "the body parameter takes another type",
            )
        self._required("request body", subject, bool(old.get("required")), bool(new.get("required")))

    def _responses(self, name: str, old: JsonObject, new: JsonObject) -> None:
        old_success, new_success = _success(old), _success(new)
        if old_success != new_success:
            self.add(
                "response",
                "changed",
                f"{name} result",
                f"{old_success} -> {new_success}",
                True,
                "the method returns another type",
            )
        for status in sorted(set(old) ^ set(new)):
            if str(status).startswith("2"):
                continue
            action = "added" if status in new else "removed"
            self.add(
                "response",
                action,
                f"{name} {status}",
                "",
                False,
                "error statuses raise ApiException whatever their documented body",
            )

    # schemas
    def _schemas(self) -> None:
        old_schemas = self.old.get("components", {}).get("schemas", {})
        new_schemas = self.new.get("components", {}).get("schemas", {})
        removed = sorted(set(old_schemas) - set(new_schemas))
        added = sorted(set(new_schemas) - set(old_schemas))
        common = sorted(set(old_schemas) & set(new_schemas))
        self.result.schemas_added = len(added)
        self.result.schemas_removed = len(removed)
        self.result.schemas_common = len(common)
        for name in removed:
            self.add("schema", "removed", name, "", True, "its model class is gone: imports of it fail")
        for name in added:
            self.add("schema", "added", name, "", False, "a new model class")
        for name in common:
            self._schema(name, old_schemas[name], new_schemas[name])

    def _schema(self, name: str, old: JsonObject, new: JsonObject) -> None:
        old_fields, old_required = fields_of(old)
        new_fields, new_required = fields_of(new)
        for prop in old_fields:
            if prop not in new_fields:
                self.add("field", "removed", f"{name}.{prop}", "", True, "code reading or setting it breaks")
        for prop in new_fields:
            if prop not in old_fields:
                required = prop in new_required
                self.add(
                    "field",
                    "added",
                    f"{name}.{prop}",
                    "required" if required else "optional",
                    required,
                    "building the model needs it" if required else "existing code still works",
                )
        for prop in old_fields:
            if prop in new_fields:
                subject = f"{name}.{prop}"
                self._required("field", subject, prop in old_required, prop in new_required)
                self._value_schema("field", subject, old_fields[prop], new_fields[prop])
        if not old_fields and not new_fields:
            self._value_schema("schema", name, old, new)


# ---- helpers -----------------------------------------------------------------------------------------------
OperationKey = Tuple[str, str]  # (METHOD, path)


def _operations_by_key(document: JsonObject) -> Dict[OperationKey, JsonObject]:
    return {(method.upper(), path): op for path, method, op in iter_operations(document.get("paths", {}))}


def _op_sort(key: OperationKey) -> Tuple[str, str]:
    return key[1], key[0]


def _op_name(key: OperationKey) -> str:
    return f"{key[0]} {key[1]}"


def _op_id(operation: JsonObject) -> str:
    return str(operation.get("x-python-method") or operation.get("operationId") or "")


ParamKey = Tuple[str, str]  # (location, name)


def _parameters(operation: JsonObject) -> Dict[ParamKey, JsonObject]:
    """The SDK-visible parameters (credential headers excluded), by (location, wire name)."""
    result: Dict[ParamKey, JsonObject] = {}
    for parameter in operation.get("parameters") or []:
        location, name = str(parameter.get("in")), str(parameter.get("name"))
        if location == "header" and name.lower() in CREDENTIAL_HEADERS:
            continue
        result[(location, name)] = parameter
    return result


def _param_name(key: ParamKey) -> str:
    return f"{key[1]} ({key[0]})"


def _body_type(body: JsonObject) -> str:
    content = body.get("content") or {}
    media = "application/json" if "application/json" in content else next(iter(content), "")
    schema = (content.get(media) or {}).get("schema")
    label = type_label(schema) if schema else "none"
    return label if media == "application/json" else f"{label} ({media})"


def _success(responses: JsonObject) -> str:
    """The return type label of the first 2xx response."""
    for status, response in responses.items():
        if str(status).startswith("2"):
            content = response.get("content") or {}
            if not content:
                return "None"
            media = "application/json" if "application/json" in content else next(iter(content))
            return type_label((content[media] or {}).get("schema"))
    return "None"


def _values(values: List[Any]) -> str:
    return ", ".join(repr(value) for value in values)


def diff_specs(old: JsonObject, new: JsonObject) -> SpecDiff:
    """Every change from `old` to `new` (rules in the module docstring)."""
    return _Differ(old, new).run()


def iter_breaking(diff: SpecDiff, kinds: Tuple[str, ...]) -> Iterator[Change]:
    """The breaking changes of the given kinds."""
    return (change for change in diff.breaking if change.kind in kinds)


def next_version(version: str, bump: str) -> str:
    """`1.2.3` bumped: major -> 2.0.0, minor -> 1.3.0, patch -> 1.2.4 (semantic versioning)."""
    parts = version.split(".")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in parts)
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    if bump == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise ValueError(f"unknown bump {bump!r}; expected one of {BUMPS}")
