"""Hand-written operations and models standing in for generated ones in the runtime tests."""

from __future__ import annotations

import enum
from typing import Any, Dict, List, Optional, Union

from pydantic import Field

from mixpeek._runtime.model import MixpeekModel
from mixpeek._runtime.operation import Operation, Param


class Status(str, enum.Enum):
    ACTIVE = "active"
    ARCHIVED = "archived"


class Owner(MixpeekModel):
    user_id: str
    email: Optional[str] = None


class Collection(MixpeekModel):
    collection_id: str
    collection_name: Optional[str] = None
    status: Optional[Status] = None
    document_count: Optional[int] = None
    owner: Optional[Owner] = None
    tags: Optional[List[str]] = None
    var_async: Optional[bool] = Field(default=None, alias="async")


class CollectionList(MixpeekModel):
    results: List[Collection]
    total: Optional[int] = None


class CreateCollectionRequest(MixpeekModel):
    collection_name: str
    description: Optional[str] = None
    document_count_limit: Optional[int] = Field(default=None, ge=1)
    var_async: Optional[bool] = Field(default=None, alias="async")


class Image(MixpeekModel):
    kind: str
    width: int


class Text(MixpeekModel):
    kind: str
    content: str


Media = Union[Image, Text]


def path(name: str, wire: Optional[str] = None, required: bool = True) -> Param:
    return Param(name=name, wire=wire or name, location="path", required=required, type="str")


def query(name: str, wire: Optional[str] = None) -> Param:
    return Param(name=name, wire=wire or name, location="query", required=False)


def header(name: str, wire: str) -> Param:
    return Param(name=name, wire=wire, location="header", required=False)


GET_COLLECTION = Operation(
    name="get_collection",
    api="CollectionsApi",
    method="GET",
    path="/v1/collections/{collection_identifier}",
    params=(path("collection_identifier"), header("x_write_token", "X-Write-Token")),
    responses={"200": Collection},
    security=("BearerAuth", "NamespaceHeader"),
    idempotent=True,
)

LIST_COLLECTIONS = Operation(
    name="list_collections",
    api="CollectionsApi",
    method="POST",
    path="/v1/collections/list",
    params=(query("limit"), query("include_archived"), query("tags"), query("status"), query("since")),
    responses={"200": CollectionList},
    idempotent=True,
)

CREATE_COLLECTION = Operation(
    name="create_collection",
    api="CollectionsApi",
    method="POST",
    path="/v1/collections",
    params=(
        Param(
            name="create_collection_request",
            wire="body",
            location="body",
            required=True,
            type=CreateCollectionRequest,
        ),
    ),
    responses={"200": Collection, "422": "Any"},
    content_type="application/json",
    idempotent=False,
)

DELETE_COLLECTION = Operation(
    name="delete_collection",
    api="CollectionsApi",
    method="DELETE",
    path="/v1/collections/{collection_identifier}",
    params=(path("collection_identifier"),),
    responses={"200": Dict[str, Any]},
    idempotent=True,
)

UPLOAD_OBJECT = Operation(
    name="upload_object",
    api="BucketsApi",
    method="POST",
    path="/v1/buckets/{bucket_id}/upload",
    params=(
        path("bucket_id"),
        Param(name="file", wire="file", location="form", required=True, type="bytes", is_file=True),
        Param(name="metadata", wire="metadata", location="form", required=False),
        Param(name="key_prefix", wire="key_prefix", location="form", required=False),
    ),
    responses={"200": Dict[str, Any]},
    content_type="multipart/form-data",
)

HEALTH = Operation(
    name="healthcheck",
    api="HealthApi",
    method="GET",
    path="/v1/health",
    params=(),
    responses={"200": Any},
    security=(),
    idempotent=True,
)


def get_media_op(responses: Dict[str, Any]) -> Operation:
    """A GET operation whose response type is given by the test."""
    return Operation(
        name="get_thing",
        api="ThingsApi",
        method="GET",
        path="/v1/things",
        params=(),
        responses=responses,
        idempotent=True,
    )
