"""A collection's features: ``GET /v1/collections/{collection_identifier}/features``.

No extractor runs locally, so what a retriever can search in a collection is its vector indexes: the ones
the namespace declares (``vector_configs``, also after a promotion added some) and the ones written
documents created. Each index is one feature (`DescribeCollectionFeaturesResponse`), addressed as
``mixpeek://<extractor>@<version>/<index>`` with the collection's extractor; a ``feature_search`` resolves
such an address to the index named by its last segment (see `mixpeek.local.retrieval`).

A feature is ``primary`` when the namespace maps its index to an inference service: those are the indexes
a text query can be embedded for, so a text search over "the collection's primary features" (what
``Mixpeek.search("...", collection=...)`` does) goes to them. When none is mapped, none is primary, and a
text query on the indexes is answered with a 400 saying to search by vector instead.
"""

from __future__ import annotations

from typing import Any

from mixpeek.local.call import Call
from mixpeek.local.corpus import IndexSpec
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.collections import extractor_of, find_collection
from mixpeek.local.routing import Route

JsonDict = dict[str, Any]


def feature_uri(extractor: JsonDict, index_name: str) -> str:
    """The address of one index of a collection whose extractor is `extractor`."""
    return f"mixpeek://{extractor['feature_extractor_name']}@{extractor['version']}/{index_name}"


def collection_indexes(call: Call, collection: JsonDict) -> dict[str, IndexSpec]:
    """Every vector index a collection's documents can be searched on: declared ones first, by name."""
    namespace = call.namespace or {}
    indexes = dict(call.engine.index_specs(namespace))
    corpus = call.engine.corpus(namespace, str(collection["collection_id"]))
    for name, index in corpus.indexes.items():
        indexes.setdefault(name, IndexSpec(index.dimension, index.metric))
    return indexes


def _feature(extractor: JsonDict, name: str, spec: IndexSpec, service: Any) -> JsonDict:
    """One `CollectionFeatureDescriptor`."""
    address = feature_uri(extractor, name)
    vector_index: JsonDict = {
        "name": name,
        "description": f"Dense vector index '{name}': {spec.dimension} dimensions, {spec.metric} scoring",
        "dimensions": spec.dimension,
        "type": "dense",
        "distance": spec.metric,
    }
    if service is not None:
        vector_index["inference_service_id"] = str(service)
    return {
        "feature_address": address,
        "feature_uri": address,
        "feature_extractor_name": extractor["feature_extractor_name"],
        "version": extractor["version"],
        "vector_index": vector_index,
        "primary": service is not None,
    }


def describe_collection_features(call: Call) -> Response:
    collection = find_collection(call, call.param("collection_identifier"))
    extractor = extractor_of(collection)
    services = (call.namespace or {}).get("vector_inference_map") or {}
    features = [
        _feature(extractor, name, spec, services.get(name))
        for name, spec in collection_indexes(call, collection).items()
    ]
    return ok({"features": features})


def routes() -> list[Route]:
    """The collection-features route (scoped by X-Namespace)."""
    return [
        Route(
            "GET",
            "/v1/collections/{collection_identifier}/features",
            "describe_collection_features",
            describe_collection_features,
        )
    ]
