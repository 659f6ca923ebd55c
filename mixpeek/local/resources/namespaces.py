"""Namespaces: create (managed, or standalone through ``mode``), get, list, update, patch, delete.

Namespaces belong to the whole server (the API key's organization), so these routes ignore ``X-Namespace``.
A namespace is found by id or by name. Counts in responses are computed from what the namespace holds.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Optional

from mixpeek.local.call import Call
from mixpeek.local.engine import NAMESPACES, Engine, utc_now
from mixpeek.local.errors import bad_request, conflict
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import deleted, listing, merge
from mixpeek.local.routing import Route
from mixpeek.local.validation import model_class, validation_failure
from mixpeek.local.vector_index import normalize_metric

JsonDict = dict[str, Any]

#: The request model whose ``namespace_id`` pattern (from the API's spec) is the one rule for namespace ids,
#: managed and standalone alike. It keeps ``/`` (the separator of nested storage scopes) out of ids.
_ID_PATTERN_SOURCE = ("CreateStandaloneNamespaceRequestModel", "namespace_id")

#: The largest vector dimension accepted (the limit of common vector databases).
MAX_DIMENSION = 65536

_PROTECTED = ("namespace_id", "object", "mode", "vector_configs", "vector_inference_map", "created_at")
#: Request fields copied as they are into the stored namespace.
_COPIED = (
    "description",
    "namespace_type",
    "scope",
    "payload_indexes",
    "infrastructure",
    "trusted_issuers",
    "tiering",
    "spend_budget",
    "cost_cap_override",
    "pinned",
)


def vector_configs(raw: Optional[list[Any]]) -> list[JsonDict]:
    """Vector configs with canonical metric names; 400 for an unknown metric or a repeated name."""
    configs: list[JsonDict] = []
    for config in raw or []:
        try:
            metric = normalize_metric(str(config.get("metric") or "cosine"))
        except ValueError as exc:
            raise bad_request(str(exc), vector=config.get("name")) from None
        if not 1 <= int(config["dimension"]) <= MAX_DIMENSION:
            raise bad_request(
                f"Vector config '{config['name']}': dimension must be between 1 and {MAX_DIMENSION}"
            )
        if any(existing["name"] == config["name"] for existing in configs):
            raise bad_request(f"Vector config '{config['name']}' is declared twice")
        configs.append({"name": config["name"], "dimension": int(config["dimension"]), "metric": metric})
    return configs


@cache
def namespace_id_pattern() -> re.Pattern[str]:
    """The API's pattern for namespace ids, read from the generated model that carries it."""
    model_name, field_name = _ID_PATTERN_SOURCE
    model = model_class(model_name)
    patterns = (
        []
        if model is None
        else [getattr(item, "pattern", None) for item in model.model_fields[field_name].metadata]
    )
    found = next((pattern for pattern in patterns if isinstance(pattern, str)), None)
    if found is None:
        raise RuntimeError(f"{model_name}.{field_name} declares no pattern for namespace ids")
    return re.compile(found)


def check_namespace_id(namespace_id: str) -> None:
    """422 unless the whole id matches `namespace_id_pattern()`."""
    pattern = namespace_id_pattern()
    if not pattern.fullmatch(namespace_id):
        message = f"namespace_id {namespace_id!r} does not match the pattern {pattern.pattern}"
        error = {"loc": ["body", "namespace_id"], "msg": message, "type": "string_pattern_mismatch"}
        raise validation_failure(f"Invalid namespace: {message}", [error])


def ensure_new_namespace(engine: Engine, namespace_id: str, name: str) -> None:
    """409 when a namespace already uses this id or name."""
    for identifier in {namespace_id, name}:
        if engine.find_namespace(identifier) is not None:
            raise conflict(f"Namespace '{identifier}' already exists", namespace=identifier)


def new_namespace(engine: Engine, body: JsonDict, *, namespace_id: str, name: str, mode: str) -> JsonDict:
    """Store a new namespace made from a create request."""
    check_namespace_id(namespace_id)
    ensure_new_namespace(engine, namespace_id, name)
    now = utc_now()
    record: JsonDict = {
        "object": "namespace",
        "namespace_id": namespace_id,
        "namespace_name": name,
        "mode": mode,
        "vector_configs": vector_configs(body.get("vector_configs")),
        "vector_inference_map": {},
        "auto_create_indexes": bool(body.get("auto_create_indexes") or False),
        "adaptive_indexing": bool(body.get("adaptive_indexing") or False),
        "namespace_ready": True,
        "created_at": now,
        "updated_at": now,
    }
    record.update({key: body[key] for key in _COPIED if body.get(key) is not None})
    if body.get("feature_extractors"):
        record["feature_extractors"] = [
            {
                **extractor,
                "feature_extractor_id": f"{extractor['feature_extractor_name']}_{extractor['version']}",
            }
            for extractor in body["feature_extractors"]
        ]
    engine.storage.put(NAMESPACES, "", namespace_id, record)
    return record


def namespace_view(engine: Engine, record: JsonDict) -> JsonDict:
    """A stored namespace as the API shows it (`NamespaceModel`), with live counts."""
    namespace_id = str(record["namespace_id"])
    storage = engine.storage
    documents = sum(
        storage.count("documents", scope) for scope in engine.owned_scopes("documents", namespace_id)
    )
    objects = sum(storage.count("objects", scope) for scope in engine.owned_scopes("objects", namespace_id))
    return {
        **record,
        "document_count": documents,
        "collection_count": storage.count("collections", namespace_id),
        "bucket_count": storage.count("buckets", namespace_id),
        "object_count": objects,
        "payload_index_count": len(record.get("payload_indexes") or []),
    }


def create_namespace(call: Call) -> Response:
    body = call.body()
    name = str(body["namespace_name"])
    mode = str(body.get("mode") or "managed")
    if mode not in ("managed", "standalone"):
        raise bad_request(f"Unknown namespace mode '{mode}'; expected managed or standalone")
    given = body.get("namespace_id")
    namespace_id = call.engine.new_id("ns") if given is None else str(given)
    record = new_namespace(call.engine, body, namespace_id=namespace_id, name=name, mode=mode)
    return ok(namespace_view(call.engine, record))


def get_namespace(call: Call) -> Response:
    record = call.engine.namespace(call.param("namespace_identifier"))
    return ok(namespace_view(call.engine, record))


def list_namespaces(call: Call) -> Response:
    body = call.list_request()
    records = [namespace_view(call.engine, r) for r in call.engine.storage.scan(NAMESPACES, "")]
    page, pagination = listing(call, records, name_field="namespace_name", body=body)
    return ok({"results": page, "pagination": pagination, "total_count": pagination["total"]})


def _save_changes(call: Call, changes: JsonDict) -> Response:
    engine = call.engine
    record = engine.namespace(call.param("namespace_identifier"))
    new_name = changes.get("namespace_name")
    if new_name and new_name != record["namespace_name"]:
        other = engine.find_namespace(str(new_name))
        if other is not None and other["namespace_id"] != record["namespace_id"]:
            raise conflict(f"Namespace '{new_name}' already exists", namespace=new_name)
    present = {key: value for key, value in changes.items() if value is not None}
    updated = merge(record, present, _PROTECTED)
    updated["updated_at"] = utc_now()
    engine.storage.put(NAMESPACES, "", str(record["namespace_id"]), updated)
    return ok(namespace_view(engine, updated))


def update_namespace(call: Call) -> Response:
    body = call.body()
    return _save_changes(call, {key: body.get(key) for key in ("namespace_name", "payload_indexes")})


def patch_namespace(call: Call) -> Response:
    body = dict(call.body())
    body.pop("repair_vectors", None)
    if body.get("feature_extractors"):
        body["feature_extractors"] = [
            {
                **extractor,
                "feature_extractor_id": f"{extractor['feature_extractor_name']}_{extractor['version']}",
            }
            for extractor in body["feature_extractors"]
        ]
    return _save_changes(call, body)


def delete_namespace(call: Call) -> Response:
    record = call.engine.namespace(call.param("namespace_identifier"))
    call.engine.drop_namespace(str(record["namespace_id"]))
    return ok(deleted("namespace", str(record["namespace_id"])))


def routes() -> list[Route]:
    """The namespace routes (not scoped by X-Namespace)."""
    one = "/v1/namespaces/{namespace_identifier}"
    return [
        Route(
            "POST",
            "/v1/namespaces",
            "create_namespace",
            create_namespace,
            False,
            "CreateNamespaceRequest",
            "required",
        ),
        Route("GET", "/v1/namespaces", "list_namespaces_get", list_namespaces, False),
        Route(
            "POST",
            "/v1/namespaces/list",
            "list_namespaces",
            list_namespaces,
            False,
            "ListNamespacesRequest",
            "optional",
        ),
        Route("GET", one, "get_namespace", get_namespace, False),
        Route("PUT", one, "update_namespace", update_namespace, False, "UpdateNamespaceRequest", "required"),
        Route("PATCH", one, "patch_namespace", patch_namespace, False, "PatchNamespaceRequest", "required"),
        Route("DELETE", one, "delete_namespace", delete_namespace, False),
    ]
