"""The keyword arguments of the high-level client's methods -> ``mixpeek/client/_fields.pyi`` (IR only).

A high-level method such as ``mp.retrievers.create(retriever_name, stages, **fields)`` names its main
parameters and takes the other fields of its request schema as keywords, plus the per-call options
(`mixpeek.client._core.CallOptions`) and, where the method routes it, ``namespace_id``. For type checkers,
``**fields`` is ``Unpack[<Resource><Method>Fields]``: a ``TypedDict`` (``total=False``) built here from the
request schema, with the keys the method already names left out (a keyword may not be both), the value
types of the request dicts of ``mixpeek.params`` (a model or its dict), and ``CallOptions`` as its base. So
a misspelt field (``execute(rid, input=...)``) or a value of the wrong type is a type error, while the
runtime validates exactly as before (`build_request`).

Which methods take which schema is the table :data:`CLIENT_FIELDS`: the hand-written client is the one
place that knows it, and this table mirrors it; ``test/client/test_typed_fields.py`` checks the two agree
(every key exists in the request model, every field the method does not name is a key).
Entries whose schema a spec lacks are left out (the golden specs have none of them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional

from generator import naming
from generator.imports import sort_imports
from generator.ir import Import, ParamField, TypeRef
from generator.models import MODELS_PACKAGE, all_properties
from generator.params import ParamTypes
from generator.spec import SpecIndex
from generator.types import optional

CLIENT_FIELDS_STUB = "mixpeek/client/_fields.pyi"


@dataclass(frozen=True)
class Fields:
    """One method's keywords: the TypedDict's name, the request schema, the keys the method names itself,
    and whether ``namespace_id=`` routes the call (`split_options`' ``namespace_keywords``)."""

    name: str
    schemas: tuple[str, ...]  # several when the method sends one of them (keys merged, first wins)
    named: tuple[str, ...] = ()
    namespace_id: bool = True
    base: str = "CallOptions"  # "TransportOptions" where the method names ``namespace`` itself
    base_module: str = "mixpeek.client._core"  # where ``base`` is imported from


def builder_fields(name: str, schema: str, named: tuple[str, ...]) -> Fields:
    """The keywords of a builder that sends nothing (a stage builder): a plain TypedDict, no call options."""
    return Fields(
        name, (schema,), named, namespace_id=False, base="TypedDict", base_module="typing_extensions"
    )


#: Every high-level method taking request fields as keywords. (``collections.update`` and
#: ``documents.update`` are not here: their bodies are free-form objects, so any keyword is a field.)
CLIENT_FIELDS: tuple[Fields, ...] = (
    Fields("BucketObjectsCreateFields", ("CreateObjectRequest",)),
    Fields("BucketObjectsListFields", ("ListObjectsRequest",), ("limit",)),
    Fields("BucketObjectsUpdateFields", ("PatchObjectRequest",), ("object_id",)),
    Fields("BucketUploadsCreateFields", ("CreateUploadRequest",), ("filename", "content_type")),
    Fields("BucketUploadsConfirmFields", ("ConfirmUploadRequest",), ("upload_id",)),
    Fields("BucketUploadsListFields", ("ListUploadsRequest",), ("limit",)),
    Fields(
        "BucketsCreateFields", ("BucketCreateRequest",), ("bucket_name", "bucket_schema", "name", "exist_ok")
    ),
    Fields("BucketsListFields", ("ListBucketsRequest",), ("limit",)),
    Fields("BucketsUpdateFields", ("BucketPatchRequest",)),
    Fields(
        "BucketsUploadFields",
        ("CreateObjectRequest",),
        ("url", "data", "metadata", "blob_property", "blob_type"),
    ),
    Fields(
        "CollectionsCreateFields",
        ("CreateCollectionRequest",),
        ("collection_name", "source", "name", "feature_extractor", "exist_ok"),
    ),
    Fields("CollectionsListFields", ("ListCollectionsRequest",), ("limit",)),
    Fields("CollectionsTriggerFields", ("TriggerCollectionRequest",)),
    Fields("CollectionsCloneFields", ("CloneCollectionRequest",), ("collection_name", "name")),
    Fields("DocumentsCreateFields", ("DocumentCreateRequest",), ("collection_id",)),
    Fields("DocumentsListFields", ("ListDocumentsRequest",), ("collection_id", "cursor", "page_size")),
    Fields("DocumentsBatchUpdateFields", ("BatchUpdateDocumentsRequest",), ("collection_id", "updates")),
    Fields("DocumentsSearchFields", ("FeatureSearchRequest",), ("collection_ids", "query", "page_size")),
    Fields("DocumentsBatchGetFields", ("BatchGetDocumentsRequest",), ("document_ids",)),
    Fields(
        "EvaluationsCreateDatasetFields",
        ("CreateDatasetRequest",),
        ("dataset_name", "queries", "description", "metadata"),
    ),
    Fields(
        "EvaluationsGenerateFields",
        ("GenerateFromInteractionsRequest",),
        ("retriever_id", "dataset_name", "min_interactions", "lookback_days", "positive_interaction_types"),
    ),
    Fields(
        "EvaluationsRunFields",
        ("StartEvaluationRequest",),
        ("retriever_id", "dataset_name", "dataset_id", "evaluation_config"),
    ),
    Fields(
        "NamespacesCreateFields",
        ("CreateStandaloneNamespaceRequestModel", "CreateNamespaceRequest"),
        ("namespace_id", "mode", "vector_configs", "name", "feature_extractors", "exist_ok"),
    ),
    Fields("NamespacesListFields", ("ListNamespacesRequest",), ("limit",), namespace_id=False),
    Fields("NamespacesUpdateFields", ("PatchNamespaceRequest",), ("namespace_id",), namespace_id=False),
    Fields(
        "NamespacesCloneFields",
        ("CloneNamespaceRequest",),
        ("namespace_id", "body", "namespace_name", "name", "include_resources"),
        namespace_id=False,
    ),
    Fields(
        "NamespacesPromoteFields",
        ("PromoteNamespaceRequestModel",),
        ("namespace_id", "vector_mappings", "add_vectors"),
        namespace_id=False,
    ),
    Fields(
        "RetrieversCreateFields",
        ("CreateRetrieverRequest",),
        ("retriever_name", "stages", "name", "exist_ok"),
    ),
    Fields("RetrieversListFields", ("ListRetrieversRequest",), ("limit",)),
    Fields("RetrieversUpdateFields", ("PatchRetrieverRequest",), ("retriever_id", "stages")),
    Fields(
        "RetrieversCloneFields",
        ("CloneRetrieverRequest",),
        ("retriever_id", "body", "retriever_name", "name"),
    ),
    Fields(
        "RetrieversPublishFields",
        ("PublishRetrieverRequest",),
        ("retriever_id", "display_name", "public_name"),
    ),
    Fields(
        "RetrieversExecuteFields",
        ("ExecuteRetrieverRequest",),
        ("retriever_id", "inputs", "settings", "stream", "write_token"),
    ),
    Fields(
        "RetrieversExecuteBatchFields",
        ("ExecuteBatchRequest",),
        (
            "retriever_id",
            "queries",
            "settings",
            "concurrency",
            "return_presigned_urls",
            "return_vectors",
            "write_token",
        ),
    ),
    Fields(
        "RetrieversCreateInteractionFields",
        ("SearchInteraction",),
        (
            "feature_id",
            "document_id",
            "interaction_type",
            "position",
            "retriever_id",
            "execution_id",
            "feature_uri",
            "user_id",
            "session_id",
            "occurred_at",
        ),
    ),
    Fields(
        "NamespaceDocumentsUpsertFields",
        ("BYOUpsertRequest",),
        (
            "namespace_id",
            "documents",
            "options",
            "collection_id",
            "batch_size",
            "concurrency",
            "progress",
            "id_column",
            "vector_columns",
            "payload_columns",
        ),
        namespace_id=False,
    ),
    Fields(
        "MixpeekSearchFields",
        ("CreateRetrieverRequest", "AdhocExecuteRequest"),
        (
            "query",
            "namespace_id",
            "queries",
            "collection",
            "filters",
            "limit",
            "namespace",
            "feature_uri",
            "top_k",
            "write_token",
        ),
        namespace_id=False,
        base="TransportOptions",
    ),
    # the stage builders (mixpeek/client/stages.py): the stage's parameters, and one search of the stage
    builder_fields("StagesFeatureSearchStageFields", "StageParamsFeatureSearch", ("searches", "final_top_k")),
    builder_fields("StagesSearchFields", "StageDefsFeatureSearchConfig", ("feature_uri", "query", "top_k")),
    Fields("TasksListFields", ("ListTasksRequest",), ("limit",)),
    Fields("TaxonomiesCreateFields", ("CreateTaxonomyRequest",), ("taxonomy_name", "config")),
    Fields("TaxonomiesListFields", ("ListTaxonomiesRequest",), ("limit",)),
    Fields("TaxonomiesUpdateFields", ("PatchTaxonomyRequest",), ("taxonomy_id",)),
    Fields(
        "WebhooksCreateFields",
        ("WebhookInput",),
        ("identifier", "webhook_name", "event_types", "channels"),
        namespace_id=False,
    ),
    Fields("WebhooksListFields", ("ListWebhooksRequest",), ("limit",), namespace_id=False),
)


@dataclass(frozen=True)
class FieldsDict:
    """One generated TypedDict: its name, its base (the per-call options) and keys."""

    name: str
    base: str
    schema_name: str
    fields: tuple[ParamField, ...]


@dataclass(frozen=True)
class FieldsModule:
    """``mixpeek/client/_fields.pyi``: its imports and TypedDicts."""

    imports: tuple[Import, ...]
    dicts: tuple[FieldsDict, ...]


def build_client_fields(index: SpecIndex, module_of: Mapping[str, str]) -> Optional[FieldsModule]:
    """The keyword TypedDicts of the high-level client, for the entries whose schemas the spec has."""
    types = ParamTypes(index)
    dicts: list[FieldsDict] = []
    needed: dict[str, set[str]] = defaultdict(set)
    for entry in CLIENT_FIELDS:
        if not all(schema in index.schemas for schema in entry.schemas):
            continue
        keys: dict[str, TypeRef] = {}
        for schema in entry.schemas:
            for prop in all_properties(index, index.schema(schema)):
                if prop.wire in entry.named or prop.wire in keys or not naming.is_identifier(prop.wire):
                    continue
                if not prop.schema.get("x-deprecated-alias"):
                    keys[prop.wire] = types.type_of(prop.schema)
        if entry.namespace_id and "namespace_id" not in keys and "namespace_id" not in entry.named:
            keys["namespace_id"] = optional(TypeRef(expr="str"))
        for ref in keys.values():
            for model in ref.models:
                needed[f"{MODELS_PACKAGE}.{module_of[model]}"].add(model)
            for module, name in ref.imports:
                needed[module].add(name)
        fields = tuple(
            ParamField(key=key, key_source=key, type=ref.expr, required=False) for key, ref in keys.items()
        )
        needed[entry.base_module].add(entry.base)
        dicts.append(
            FieldsDict(name=entry.name, base=entry.base, schema_name=entry.schemas[0], fields=fields)
        )
    if not dicts:
        return None
    return FieldsModule(imports=sort_imports(needed), dicts=tuple(sorted(dicts, key=lambda d: d.name)))
