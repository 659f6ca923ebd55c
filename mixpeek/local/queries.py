"""Turning a feature search's ``query`` into a vector, for each input mode.

* ``vector``: the given list of numbers (often filled from ``{{INPUT.qv}}``);
* ``text``: embedded with the server's embedder, but only when the namespace maps the vector index to an
  inference service (a promoted namespace); a standalone index answers an actionable 400;
* ``document``: the stored vector of an existing document (``document_ref``).

``content`` and ``multi_content`` would need the hosted inference services: a 400 says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Optional

from mixpeek.local.corpus import Corpus
from mixpeek.local.errors import ApiError, bad_request, not_found, unsupported
from mixpeek.local.options import Embedder
from mixpeek.local.templates import unfilled_template
from mixpeek.local.vector_values import checked_vector

JsonDict = dict[str, Any]


def _numbers(value: Any, index_name: str, dimension: int) -> list[float]:
    if unfilled_template(value):
        raise bad_request(
            f"Query vector {value!r} was not filled: pass it in the execute request's inputs",
            feature_uri=index_name,
        )
    if isinstance(value, list) and value and all(isinstance(item, list) for item in value):
        raise unsupported("Multi-vector queries are not emulated by the local server")
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value)
    ):
        raise bad_request(f"The query vector for '{index_name}' must be a non-empty list of numbers")
    if len(value) != dimension:
        raise bad_request(
            f"The query vector has {len(value)} dimensions; index '{index_name}' has {dimension}",
            feature_uri=index_name,
        )
    return checked_vector(value, f"query vector for '{index_name}'")


def _by_vector_instead(index_name: str) -> str:
    """The way around a text query the server cannot embed, for the API's and the Python client's callers."""
    return (
        f"search '{index_name}' by vector instead: a query with input_mode=vector and a precomputed "
        f"embedding (Python client: search(queries=[{{'feature_uri': '{index_name}', 'vector': [...]}}]))"
    )


def _text_vector(
    text: Any, namespace: JsonDict, index_name: str, dimension: int, embedder: Optional[Embedder]
) -> list[float]:
    if unfilled_template(text):
        raise bad_request(f"Query text {text!r} was not filled: pass it in the execute request's inputs")
    if not isinstance(text, str) or not text:
        raise bad_request("A text query needs a non-empty 'value' (or 'text')")
    service = (namespace.get("vector_inference_map") or {}).get(index_name)
    namespace_id = namespace["namespace_id"]
    if service is None:
        promote = (
            f" Or promote the namespace (POST /v1/namespaces/{namespace_id}/promote with a vector_mappings "
            f"entry for '{index_name}') and start the local server with an embedder."
            if namespace.get("mode") == "standalone"
            else ""
        )
        raise bad_request(
            f"Vector index '{index_name}' of namespace '{namespace_id}' has no inference service, so the "
            f"local server cannot embed text for it: {_by_vector_instead(index_name)}.{promote}",
            feature_uri=index_name,
            namespace_id=namespace_id,
        )
    if embedder is None:
        raise bad_request(
            f"No embedder is configured on this local server, so text queries on '{index_name}' "
            f"(inference service '{service}') cannot be embedded. Start it with an embedder "
            f"(mixpeek.local.serve(embedder=callable), or --embedder module:function), or "
            f"{_by_vector_instead(index_name)}.",
            feature_uri=index_name,
            inference_service=service,
        )
    return _numbers(_embedded(embedder, text, str(service)), index_name, dimension)


def _embedded(embedder: Embedder, text: str, service: str) -> list[Any]:
    """The embedder's vector; a 500 (the server's fault, not the client's) when it is not finite numbers."""
    vector = list(embedder(text, service))
    try:
        finite = all(not isinstance(x, bool) and math.isfinite(float(x)) for x in vector)
    except (TypeError, ValueError, OverflowError):
        finite = False
    if not finite:
        raise ApiError(
            500,
            f"The local server's embedder returned a vector that is not all finite numbers for '{service}'",
        )
    return vector


def _document_vector(
    query: JsonDict, corpora: Sequence[tuple[Optional[str], Corpus]], index_name: str
) -> list[float]:
    reference = query.get("document_ref") or {}
    document_id = reference.get("document_id")
    if not document_id:
        raise bad_request("A document query needs document_ref.document_id")
    wanted_collection = reference.get("collection_id")
    for collection_id, corpus in corpora:
        if wanted_collection and collection_id not in (wanted_collection, None):
            continue
        vector = corpus.vectors(str(document_id)).get(index_name) if corpus.get(str(document_id)) else None
        if vector is not None:
            return vector
    raise not_found("document", str(document_id))


def query_vector(
    query: Any,
    *,
    index_name: str,
    dimension: int,
    namespace: JsonDict,
    corpora: Sequence[tuple[Optional[str], Corpus]],
    embedder: Optional[Embedder],
) -> list[float]:
    """The vector a feature search's query stands for."""
    if not isinstance(query, dict):
        raise bad_request("A feature search needs a 'query' object with an 'input_mode'")
    mode = query.get("input_mode") or ("vector" if "vector" in query else "text")
    if mode == "vector":
        value = query.get("value") if query.get("value") is not None else query.get("vector")
        return _numbers(value, index_name, dimension)
    if mode == "text":
        text = query.get("value") if query.get("value") is not None else query.get("text")
        return _text_vector(text, namespace, index_name, dimension, embedder)
    if mode == "document":
        return _document_vector(query, corpora, index_name)
    raise unsupported(f"Query input_mode '{mode}' is not emulated by the local server; use vector or text")
