"""The ``feature_search`` stage builders (`mixpeek.client.stages`): the API's request form, in one call."""

from __future__ import annotations

import mixpeek
from mixpeek.client import stages
from mixpeek.client.stages import feature_search_stage, text_search, vector_search
from mixpeek.models import (
    StageConfigInput,
    StageDefsTextQueryInput,
    StageDefsVectorQueryInput,
    StageParamsFeatureSearch,
    StageType,
)

#: The stage of the SDK description's bring-your-own-vectors example, as it writes it by hand.
SEED_EXAMPLE_STAGE = {
    "stage_name": "feature_search",
    "stage_type": "filter",
    "config": {
        "stage_id": "feature_search",
        "parameters": {
            "final_top_k": 5,
            "searches": [
                {
                    "feature_uri": "text_8",
                    "query": {"input_mode": "vector", "value": "{{INPUT.qv}}"},
                    "top_k": 5,
                }
            ],
        },
    },
}


def test_the_builder_writes_the_stage_of_the_seed_example() -> None:
    built = feature_search_stage(vector_search("text_8", "{{INPUT.qv}}", top_k=5), final_top_k=5)
    assert built == SEED_EXAMPLE_STAGE


def test_a_text_search_asks_the_api_to_embed_the_text() -> None:
    assert text_search("text_8", "{{INPUT.q}}", top_k=2) == {
        "feature_uri": "text_8",
        "query": {"input_mode": "text", "value": "{{INPUT.q}}"},
        "top_k": 2,
    }


def test_fields_left_out_are_not_sent_so_the_api_defaults_apply() -> None:
    built = feature_search_stage(vector_search("v", [1.0, 0.0]))
    assert built["config"]["parameters"] == {
        "searches": [{"feature_uri": "v", "query": {"input_mode": "vector", "value": [1.0, 0.0]}}]
    }


def test_other_fields_pass_through_and_the_stage_can_be_renamed() -> None:
    built = feature_search_stage(
        vector_search("a", [1.0], top_k=3, min_score=0.5),
        {"feature_uri": "b", "query": {"input_mode": "vector", "value": [0.0]}},
        final_top_k=4,
        stage_name="both",
        fusion="rrf",
    )
    assert built["stage_name"] == "both" and built["config"]["stage_id"] == "feature_search"
    parameters = built["config"]["parameters"]
    assert parameters["fusion"] == "rrf" and parameters["final_top_k"] == 4
    assert parameters["searches"][0]["min_score"] == 0.5
    assert [search["feature_uri"] for search in parameters["searches"]] == ["a", "b"]


def test_the_searches_given_are_copied_not_shared() -> None:
    search = vector_search("v", [1.0])
    built = feature_search_stage(search)
    search["top_k"] = 9
    assert "top_k" not in built["config"]["parameters"]["searches"][0]


def test_what_it_builds_is_valid_for_the_api_models() -> None:
    built = feature_search_stage(
        vector_search("v", [1.0, 0.0], top_k=3), text_search("t", "{{INPUT.q}}"), final_top_k=4, fusion="rrf"
    )
    stage = StageConfigInput.model_validate(built)
    assert stage.stage_type == StageType.FILTER
    parameters = StageParamsFeatureSearch.model_validate(built["config"]["parameters"])
    assert parameters.searches is not None and parameters.final_top_k == 4
    assert isinstance(parameters.searches[0].query, StageDefsVectorQueryInput)
    assert isinstance(parameters.searches[1].query, StageDefsTextQueryInput)


def test_the_builders_are_exported_from_the_package() -> None:
    assert mixpeek.feature_search_stage is stages.feature_search_stage
    assert mixpeek.vector_search is stages.vector_search
    assert mixpeek.text_search is stages.text_search
