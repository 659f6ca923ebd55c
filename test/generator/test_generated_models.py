"""Behaviour the generator gives the real generated models (beyond the generated round-trip tests)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from mixpeek.models import (
    BatchMetadata,
    ExecuteRetrieverResponse,
    FilterCondition,
    LogicalOperatorInput,
)


def test_deprecated_results_reads_documents_when_the_server_did_not_send_it() -> None:
    response = ExecuteRetrieverResponse.from_dict(
        {"execution_id": "exe_1", "status": "completed", "documents": [{"document_id": "d1"}]}
    )
    assert response is not None
    assert response.results == [{"document_id": "d1"}]
    assert response.documents == [{"document_id": "d1"}]


def test_deprecated_results_sent_by_the_server_is_kept() -> None:
    response = ExecuteRetrieverResponse.from_dict(
        {"execution_id": "exe_1", "status": "completed", "documents": [{"a": 1}], "results": [{"b": 2}]}
    )
    assert response is not None
    assert response.results == [{"b": 2}]


def test_renamed_attributes_accept_both_names_and_serialise_the_wire_name() -> None:
    by_wire = FilterCondition.from_dict({"field": "status", "value": None})
    by_attribute = FilterCondition.model_validate({"var_field": "status", "value": None})
    by_keyword = FilterCondition(field="status", value=None)  # type checkers see the wire names
    assert by_keyword == by_attribute
    assert by_wire == by_attribute
    assert by_wire is not None and by_wire.to_dict()["field"] == "status"
    assert "var_field" not in by_wire.to_dict()


def test_recursive_union_models_validate_nested_filters() -> None:
    nested = LogicalOperatorInput.from_dict(
        {"AND": [{"field": "a", "value": {"field": "b"}}, {"OR": [{"field": "c", "value": None}]}]}
    )
    assert nested is not None and nested.var_and is not None
    first, second = nested.var_and
    assert isinstance(first, FilterCondition)
    assert isinstance(second, LogicalOperatorInput)
    assert second.var_or is not None and isinstance(second.var_or[0], FilterCondition)


def test_requests_missing_a_required_field_raise_naming_it() -> None:
    # The field is called "field": the error must have it on a line of its own, as the missing one.
    with pytest.raises(ValidationError, match=r"(?m)^field\n +Field required"):
        FilterCondition.from_dict({"value": None})


def test_undeclared_fields_are_kept_and_offered_as_additional_properties() -> None:
    metadata = BatchMetadata.model_validate({"campaign_id": "c1", "custom_flag": True})
    assert metadata.campaign_id == "c1"
    assert metadata.additional_properties == {"custom_flag": True}
    assert metadata["custom_flag"] is True
