"""Promoting a standalone namespace to managed mode, and checking a promotion beforehand.

Promotion maps existing vector indexes to inference services (``vector_mappings``) and may add new indexes
(``add_vectors``); the namespace becomes managed, after which text queries on a mapped index are embedded by
the server's embedder. Validation reports the same problems without changing anything.
"""

from __future__ import annotations

from typing import Any

from mixpeek.local.call import Call
from mixpeek.local.engine import NAMESPACES, utc_now
from mixpeek.local.errors import bad_request, conflict
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.namespaces import vector_configs
from mixpeek.local.routing import Route

JsonDict = dict[str, Any]


def _promotion_review(namespace: JsonDict, body: JsonDict) -> tuple[list[JsonDict], list[JsonDict]]:
    """The problems that block a promotion, and suggestions for indexes left without inference."""
    existing = {config["name"] for config in namespace.get("vector_configs") or []}
    errors: list[JsonDict] = []
    if namespace.get("mode") != "standalone":
        errors.append({"code": "not_standalone", "message": f"Namespace is already {namespace.get('mode')}"})
    mapped = set()
    for position, mapping in enumerate(body.get("vector_mappings") or []):
        name = mapping["existing_index"]
        if name not in existing:
            errors.append(
                {
                    "code": "unknown_index",
                    "field": f"vector_mappings[{position}].existing_index",
                    "message": f"No vector index named '{name}'; existing: {sorted(existing)}",
                }
            )
        mapped.add(name)
    for position, added in enumerate(body.get("add_vectors") or []):
        if added["name"] in existing:
            errors.append(
                {
                    "code": "duplicate_index",
                    "field": f"add_vectors[{position}].name",
                    "message": f"Vector index '{added['name']}' already exists",
                }
            )
    suggestions = [
        {"existing_index": name, "message": "Map this index to an inference service to enable text queries"}
        for name in sorted(existing - mapped)
    ]
    return errors, suggestions


def validate_promotion(call: Call) -> Response:
    namespace = call.engine.namespace(call.param("namespace_id"))
    body = call.body()
    errors, suggestions = _promotion_review(namespace, body)
    if errors:
        action = "fix the listed errors"
    elif not body.get("vector_mappings") and not body.get("add_vectors"):
        action = "provide vector_mappings"
    else:
        action = "none"
    return ok(
        {
            "namespace_id": namespace["namespace_id"],
            "current_mode": namespace.get("mode") or "managed",
            "valid": not errors,
            "vector_configs": namespace.get("vector_configs") or [],
            "suggestions": suggestions,
            "errors": errors,
            "required_user_action": action,
        }
    )


def promote_namespace(call: Call) -> Response:
    engine = call.engine
    namespace = engine.namespace(call.param("namespace_id"))
    body = call.body()
    errors, _ = _promotion_review(namespace, body)
    if errors:
        status_error = conflict if errors[0]["code"] == "not_standalone" else bad_request
        raise status_error(
            f"Cannot promote namespace '{namespace['namespace_id']}': {errors[0]['message']}", errors=errors
        )
    inference = dict(namespace.get("vector_inference_map") or {})
    inference.update({m["existing_index"]: m["inference_service"] for m in body.get("vector_mappings") or []})
    added = body.get("add_vectors") or []
    inference.update({a["name"]: a["inference_service"] for a in added if a.get("inference_service")})
    configs = list(namespace.get("vector_configs") or []) + vector_configs(added)
    promoted = {
        **namespace,
        "mode": "managed",
        "vector_configs": configs,
        "vector_inference_map": inference,
        "updated_at": utc_now(),
    }
    engine.storage.put(NAMESPACES, "", str(namespace["namespace_id"]), promoted)
    corpus = engine.corpus(promoted)
    for name, spec in engine.index_specs(promoted).items():
        corpus.ensure_index(name, spec)
    return ok(
        {
            "namespace_id": namespace["namespace_id"],
            "previous_mode": namespace.get("mode") or "standalone",
            "mode": "managed",
            "status": "active",
            "vector_configs": configs,
            "vector_inference_map": inference,
        }
    )


def routes() -> list[Route]:
    """The promotion routes (the namespace is in the path)."""
    base = "/v1/namespaces/{namespace_id}"
    return [
        Route(
            "POST",
            base + "/promote",
            "promote_namespace",
            promote_namespace,
            False,
            "PromoteNamespaceRequestModel",
            "required",
        ),
        Route(
            "POST",
            base + "/promote/validate",
            "validate_promotion_namespaces_id_promote",
            validate_promotion,
            False,
            "PromoteNamespaceRequestModel",
            "optional",
        ),
    ]
