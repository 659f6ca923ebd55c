"""Namespaces: lifecycle, and isolation of everything a namespace holds."""

from __future__ import annotations

import pytest

import mixpeek
from mixpeek.api.byo_documents_api import BYODocumentsApi
from mixpeek.api.collections_api import CollectionsApi
from mixpeek.api.namespaces_api import NamespacesApi
from mixpeek.api.retrievers_api import RetrieversApi
from mixpeek.exceptions import ConflictException, NotFoundException
from mixpeek.models import (
    CreateCollectionRequest,
    CreateNamespaceRequest,
    PatchNamespaceRequest,
)
from test.local.helpers import (
    assert_error_shape,
    create_search_retriever,
    create_standalone,
    execute,
    ids_of,
    raw,
    sdk_client,
    upsert,
)


def test_managed_namespace_lifecycle(client: mixpeek.ApiClient, namespace_name: str) -> None:
    api = NamespacesApi(client)
    created = api.create_namespace(CreateNamespaceRequest(namespace_name=namespace_name, description="first"))
    assert created.namespace_id is not None and created.namespace_id.startswith("ns_")
    assert created.mode == "managed"
    by_name = api.get_namespace(namespace_name)
    assert by_name.namespace_id == created.namespace_id
    patched = api.patch_namespace(created.namespace_id, PatchNamespaceRequest(description="second"))
    assert patched.description == "second"
    assert patched.namespace_name == namespace_name
    api.delete_namespace(created.namespace_id)
    with pytest.raises(NotFoundException):
        api.get_namespace(created.namespace_id)


def test_namespace_names_are_unique(client: mixpeek.ApiClient, namespace_name: str) -> None:
    api = NamespacesApi(client)
    api.create_namespace(CreateNamespaceRequest(namespace_name=namespace_name))
    with pytest.raises(ConflictException) as clash:
        api.create_namespace(CreateNamespaceRequest(namespace_name=namespace_name))
    assert clash.value.status == 409


def test_resources_are_invisible_from_another_namespace(local_url: str, namespace_name: str) -> None:
    other = namespace_name + "-other"
    with sdk_client(local_url, namespace_name) as mine, sdk_client(local_url, other) as theirs:
        create_standalone(mine, namespace_name)
        create_standalone(theirs, other)
        CollectionsApi(mine).create_collection(
            CreateCollectionRequest.model_validate({"collection_name": "private", "source": {"type": "none"}})
        )
        upsert(mine, namespace_name, [[1.0] * 8])
        retriever_id = create_search_retriever(mine)

        assert CollectionsApi(theirs).list_collections_get().total_count == 0
        with pytest.raises(NotFoundException):
            CollectionsApi(theirs).get_collection("private")
        with pytest.raises(NotFoundException):
            RetrieversApi(theirs).get_retriever(retriever_id)
        with pytest.raises(NotFoundException):
            BYODocumentsApi(theirs).get_document_byo_namespaces(other, "doc-0")

        their_retriever = create_search_retriever(theirs)
        assert ids_of(execute(theirs, their_retriever, inputs={"qv": [1.0] * 8})) == []
        assert ids_of(execute(mine, retriever_id, inputs={"qv": [1.0] * 8})) == ["doc-0"]


def test_deleting_a_namespace_deletes_what_it_holds(local_url: str, namespace_name: str) -> None:
    with sdk_client(local_url, namespace_name) as client:
        create_standalone(client, namespace_name)
        upsert(client, namespace_name, [[1.0] * 8])
        NamespacesApi(client).delete_namespace(namespace_name)
        create_standalone(client, namespace_name)
        with pytest.raises(NotFoundException):
            BYODocumentsApi(client).get_document_byo_namespaces(namespace_name, "doc-0")


def test_scoped_routes_need_an_existing_namespace(local_url: str) -> None:
    status, body = raw(local_url, "GET", "/v1/collections")
    assert status == 400
    assert_error_shape(body, 400)
    assert "X-Namespace" in body["error"]["message"]
    status, body = raw(local_url, "GET", "/v1/collections", namespace="ns-does-not-exist")
    assert status == 404
    assert_error_shape(body, 404)
