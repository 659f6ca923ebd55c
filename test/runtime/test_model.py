"""MixpeekModel: validation on construction, mapping-style access and the published conversion names."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from test.runtime.fixtures import Collection, CreateCollectionRequest, Status


def test_requests_validate_on_construction_naming_the_field() -> None:
    with pytest.raises(ValidationError, match="collection_name"):
        CreateCollectionRequest(description="no name")  # type: ignore[call-arg]


def test_mapping_access_by_attribute_or_wire_name() -> None:
    item = Collection.model_validate({"collection_id": "c1", "async": True, "surprise": 7})
    assert item["collection_id"] == "c1"
    assert item["async"] is True and item["var_async"] is True
    assert item["surprise"] == 7
    assert item["collection_name"] is None
    with pytest.raises(KeyError):
        item["nope"]
    assert item.get("nope", "fallback") == "fallback"
    assert item.get("async") is True
    assert "async" in item and "var_async" in item and "surprise" in item
    assert "nope" not in item and 3 not in item


def test_conversions() -> None:
    by_attribute_name: dict[str, Any] = {"var_async": False}
    item = Collection(collection_id="c1", status=Status.ACTIVE, **by_attribute_name)
    assert item.to_dict() == {"collection_id": "c1", "status": Status.ACTIVE, "async": False}
    assert item.to_json() == '{"collection_id":"c1","status":"active","async":false}'
    assert Collection.from_json(item.to_json()) == item
    assert Collection.from_dict({"collection_id": "c1", "status": "active", "async": False}) == item
    assert Collection.from_dict(None) is None
    assert Collection.from_json("null") is None
    assert "collection_id" in item.to_str()
