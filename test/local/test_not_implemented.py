"""Operations of the spec that the local server does not emulate answer 501 naming the operation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mixpeek
from mixpeek.api.alerts_api import AlertsApi
from mixpeek.exceptions import ApiException
from mixpeek.local.catalogue import spec_operations
from test.local.helpers import assert_error_shape, create_standalone, raw

OPENAPI = Path(__file__).resolve().parents[2] / "openapi.json"


def test_an_unimplemented_operation_is_a_501_naming_it(local_url: str) -> None:
    status, body = raw(local_url, "GET", "/v1/taxonomies/tax_123")
    assert status == 501
    assert_error_shape(body, 501)
    assert body["error"]["details"] == {
        "operation_id": "get_taxonomy_taxonomies",
        "method": "GET",
        "path": "/v1/taxonomies/{taxonomy_identifier}",
    }
    assert "get_taxonomy_taxonomies" in body["error"]["message"]


def test_the_sdk_sees_a_501_as_an_api_exception(client: mixpeek.ApiClient, namespace_name: str) -> None:
    create_standalone(client, namespace_name)
    with pytest.raises(ApiException) as refused:
        AlertsApi(client).list_alerts()
    assert refused.value.status == 501


def test_an_unknown_path_is_a_404_and_a_wrong_method_a_405(local_url: str) -> None:
    status, body = raw(local_url, "GET", "/v1/definitely/not/an/operation")
    assert status == 404
    assert_error_shape(body, 404)
    status, body = raw(local_url, "PUT", "/v1/collections")
    assert status == 405
    assert "POST" in body["error"]["details"]["allowed"]


def test_the_server_knows_every_operation_of_openapi_json() -> None:
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    expected = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in ("get", "put", "post", "delete", "patch", "head", "options")
    }
    assert {(op.method, op.template) for op in spec_operations()} == expected
