"""Bodies are validated with the SDK's generated request models; failures are 422s in the API's shape."""

from __future__ import annotations

from typing import Any

import pytest

import mixpeek
from test.local.helpers import assert_error_shape, create_standalone, raw


@pytest.fixture
def standalone(client: mixpeek.ApiClient, namespace_name: str) -> str:
    create_standalone(client, namespace_name)
    return namespace_name


def _errors(body: Any) -> list[dict[str, Any]]:
    assert_error_shape(body, 422)
    errors = body["error"]["details"]["errors"]
    assert isinstance(errors, list) and errors
    return list(errors)


def test_a_missing_required_field_is_a_422_naming_it(local_url: str, standalone: str) -> None:
    status, body = raw(
        local_url, "POST", "/v1/collections", {"source": {"type": "none"}}, namespace=standalone
    )
    assert status == 422
    assert ["body", "collection_name"] in [error["loc"] for error in _errors(body)]


def test_a_wrongly_typed_field_is_a_422(local_url: str, standalone: str) -> None:
    documents = [{"document_id": "a", "vectors": {"v": "not a vector"}}]
    status, body = raw(
        local_url, "POST", f"/v1/namespaces/{standalone}/documents/upsert", {"documents": documents}
    )
    assert status == 422
    assert all(error["loc"][:2] == ["body", "documents"] for error in _errors(body))


def test_malformed_json_is_a_422(local_url: str, standalone: str) -> None:
    status, body = raw(
        local_url, "POST", "/v1/collections", namespace=standalone, raw_body=b'{"collection_name": '
    )
    assert status == 422
    _errors(body)


def test_a_body_that_is_not_an_object_is_a_422(local_url: str, standalone: str) -> None:
    status, body = raw(local_url, "POST", "/v1/retrievers", [1, 2], namespace=standalone)
    assert status == 422
    _errors(body)


def test_more_than_1000_documents_in_one_upsert_is_a_422(local_url: str, standalone: str) -> None:
    documents = [{"document_id": f"d{i}", "vectors": {"v": [0.0] * 8}} for i in range(1001)]
    status, body = raw(
        local_url, "POST", f"/v1/namespaces/{standalone}/documents/upsert", {"documents": documents}
    )
    assert status == 422
    _errors(body)


def test_a_vector_of_the_wrong_size_is_a_400_naming_the_index(local_url: str, standalone: str) -> None:
    documents = [{"document_id": "a", "vectors": {"v": [0.0] * 3}}]
    status, body = raw(
        local_url, "POST", f"/v1/namespaces/{standalone}/documents/upsert", {"documents": documents}
    )
    assert status == 400
    assert_error_shape(body, 400)
    assert "'v'" in body["error"]["message"] and "8" in body["error"]["message"]


def test_an_undeclared_vector_name_is_a_400(local_url: str, standalone: str) -> None:
    documents = [{"document_id": "a", "vectors": {"other": [0.0] * 8}}]
    status, body = raw(
        local_url, "POST", f"/v1/namespaces/{standalone}/documents/upsert", {"documents": documents}
    )
    assert status == 400
    assert "other" in body["error"]["message"]


def test_an_undeclared_vector_of_two_sizes_in_one_upsert_is_a_400_and_writes_nothing(
    local_url: str, standalone: str
) -> None:
    status, _ = raw(
        local_url,
        "POST",
        "/v1/collections",
        {"collection_name": "col", "source": {"type": "none"}},
        namespace=standalone,
    )
    assert status == 200
    documents = [
        {"document_id": "a", "vectors": {"x": [1.0, 2.0, 3.0]}},
        {"document_id": "b", "vectors": {"x": [1.0, 2.0]}},
    ]
    path = f"/v1/namespaces/{standalone}/documents/upsert"
    status, body = raw(local_url, "POST", path, {"collection_id": "col", "documents": documents})
    assert status == 400, body
    assert "the index expects 3" in body["error"]["message"]
    # nothing was stored, and no index was sized by the refused request
    status, _ = raw(local_url, "POST", path, {"collection_id": "col", "documents": documents[1:]})
    assert status == 200
