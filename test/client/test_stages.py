"""The ``feature_search`` stage builders (`mixpeek.client.stages`): the API's request form, in one call, and
names the stage's schemas lack refused before anything is sent."""

from __future__ import annotations

from typing import Callable

import pytest

import mixpeek
from mixpeek.client import Mixpeek, stages
from mixpeek.client.stages import feature_search_stage, text_search, vector_search
from mixpeek.exceptions import RequestValidationError
from mixpeek.local import serve
from mixpeek.models import (
    StageConfigInput,
    StageDefsFeatureSearchConfig,
    StageDefsFeatureSearchGroupBy,
    StageDefsTextQueryInput,
    StageDefsVectorQueryInput,
    StageParamsFeatureSearch,
    StageType,
)
from test.support.servers import RecordingServer

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


# Misspelt names are refused ------------------------------------------------------------------------------
#: Each builder with a misspelt keyword, the builder's name, the misspelling and the name it stands for.
MISSPELT = {
    "vector_search": (lambda: vector_search("v", [1.0], topk=2), "vector_search", "topk", "top_k"),
    "text_search": (lambda: text_search("t", "cats", min_scor=0.5), "text_search", "min_scor", "min_score"),
    "feature_search_stage": (
        lambda: feature_search_stage(vector_search("v", [1.0]), final_topk=2),
        "feature_search_stage",
        "final_topk",
        "final_top_k",
    ),
    "feature_search_stage (a search dict)": (
        lambda: feature_search_stage(
            {"feature_uri": "v", "query": {"input_mode": "vector", "value": [1.0]}, "topk": 2}
        ),
        "feature_search_stage",
        "topk",
        "top_k",
    ),
}


@pytest.mark.parametrize("case", list(MISSPELT.values()), ids=list(MISSPELT))
def test_a_misspelt_name_is_refused_naming_the_builder_and_the_accepted_names(
    case: tuple[Callable[[], object], str, str, str],
) -> None:
    build, builder, misspelt, meant = case
    with pytest.raises(RequestValidationError) as caught:
        build()
    message = str(caught.value)
    assert message.startswith(f"{builder}: "), message
    assert f"{misspelt!r} (did you mean {meant!r}?)" in message
    accepted = message.split("its fields are: ")[1].split(";")[0].split(", ")
    assert meant in accepted
    assert caught.value.errors == [((misspelt,), "Unknown field")]


def test_every_field_of_the_schemas_is_accepted_by_its_wire_name() -> None:
    """The accepted names are the models' fields, not a list of the builders' own."""
    search_fields = {info.alias or name for name, info in StageDefsFeatureSearchConfig.model_fields.items()}
    stage_fields = {info.alias or name for name, info in StageParamsFeatureSearch.model_fields.items()}
    search = vector_search(
        "v", [1.0], **{name: None for name in search_fields - {"feature_uri", "query", "top_k"}}
    )
    stage = feature_search_stage(
        search, **{name: None for name in stage_fields - {"searches", "final_top_k"}}
    )
    assert set(stage["config"]["parameters"]) == stage_fields - {"final_top_k"}
    assert set(stage["config"]["parameters"]["searches"][0]) == search_fields - {"top_k"}


def test_a_search_that_is_neither_a_dict_nor_the_model_is_refused() -> None:
    pattern = r"^feature_search_stage: searches\[0\] must be an object \(a dict\), not list"
    with pytest.raises(RequestValidationError, match=pattern):
        feature_search_stage(["v", [1.0]])  # type: ignore[arg-type]


def test_models_given_to_a_builder_become_request_dicts() -> None:
    search = StageDefsFeatureSearchConfig(
        feature_uri="v", query={"input_mode": "vector", "value": [1.0]}, top_k=2
    )
    built = feature_search_stage(search, group_by=StageDefsFeatureSearchGroupBy(field="payload.a"))
    parameters = built["config"]["parameters"]
    assert parameters["searches"] == [
        {"feature_uri": "v", "query": {"input_mode": "vector", "value": [1.0]}, "top_k": 2}
    ]
    assert parameters["group_by"] == {"field": "payload.a"}


def test_a_stage_with_a_misspelt_name_never_reaches_the_server(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError):
        mp.retrievers.create(
            "r", [feature_search_stage(vector_search("v", "{{INPUT.qv}}", topk=2), final_topk=2)]
        )
    assert recording_server.requests == []


def test_the_names_the_builders_take_limit_the_hits_of_the_local_server() -> None:
    """The trial's retriever, spelt right: 2 hits, where the misspelt one silently gave the default 25."""
    with serve() as url, Mixpeek("sk_local", namespace="vecs", base_url=url) as local:
        local.namespaces.create("vecs", vector_configs=[{"name": "v", "dimension": 2}])
        local.namespaces.documents.upsert(
            "vecs", [{"document_id": f"d{n}", "vectors": {"v": [1.0, n / 30]}} for n in range(30)]
        )
        stage = feature_search_stage(vector_search("v", "{{INPUT.qv}}", top_k=2), final_top_k=2)
        retriever = local.retrievers.create(
            "r", [stage], input_schema={"qv": {"type": "array", "required": True}}
        )
        results = local.retrievers.execute(retriever["retriever_id"], inputs={"qv": [1.0, 0.0]})
    assert [hit["document_id"] for hit in results.documents] == ["d0", "d1"]
