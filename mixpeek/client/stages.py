"""Builders of retriever stages: a ``feature_search`` stage in one call instead of a nested dict.

A retriever (``mp.retrievers.create(..., stages=[...])``, an ad-hoc ``POST /v1/retrievers/execute``) is a list
of stages. The most common one, ``feature_search``, finds the documents nearest to one or more queries, each
against one feature (a vector index of a standalone namespace, or an extractor's output of a collection):

    stage = feature_search_stage(vector_search("text_8", "{{INPUT.qv}}", top_k=5), final_top_k=5)
    mp.retrievers.create("byov-search", [stage], input_schema={"qv": {"type": "array", "required": True}})

The builders return plain dicts in the API's request form (`feature_search_stage` typed as
``mixpeek.params.StageConfigInputParam``) (``StageConfigInput`` holding the parameters of
``StageParamsFeatureSearch``; each search a ``StageDefsFeatureSearchConfig``), so they go anywhere a stage
or a search is accepted, and a field they do not name is passed through as a keyword. A value may be a
template such as ``"{{INPUT.qv}}"``, which the API fills from the execution's ``inputs``. Fields left out
take the API's defaults (``top_k`` 100 per search, ``final_top_k`` 25).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union, cast

if TYPE_CHECKING:
    from mixpeek.params import StageConfigInputParam

#: The stage's id in ``config.stage_id``, and the default ``stage_name``.
FEATURE_SEARCH = "feature_search"
#: The kind of stage ``feature_search`` is: it selects documents.
FEATURE_SEARCH_TYPE = "filter"

#: A query vector, or a template filled from the execution's inputs (``"{{INPUT.qv}}"``).
Vector = Union[Sequence[float], str]


def vector_search(
    feature_uri: str, vector: Vector, *, top_k: Optional[int] = None, **fields: Any
) -> dict[str, Any]:
    """One search of a ``feature_search`` stage: the ``top_k`` nearest neighbours of ``vector`` in the
    feature (vector index) ``feature_uri``. ``fields`` are more search fields (``min_score``, ``weight``)."""
    return _search(feature_uri, {"input_mode": "vector", "value": vector}, top_k, fields)


def text_search(feature_uri: str, text: str, *, top_k: Optional[int] = None, **fields: Any) -> dict[str, Any]:
    """One search of a ``feature_search`` stage: ``text`` (or a template such as ``"{{INPUT.q}}"``), embedded
    by the API with the model behind ``feature_uri``, then its ``top_k`` nearest neighbours there. The
    feature needs an inference service (a managed namespace, or a promoted vector index)."""
    return _search(feature_uri, {"input_mode": "text", "value": text}, top_k, fields)


def _search(
    feature_uri: str, query: dict[str, Any], top_k: Optional[int], fields: Mapping[str, Any]
) -> dict[str, Any]:
    search: dict[str, Any] = {"feature_uri": feature_uri, "query": query}
    if top_k is not None:
        search["top_k"] = top_k
    search.update(fields)
    return search


def feature_search_stage(
    *searches: Mapping[str, Any],
    final_top_k: Optional[int] = None,
    stage_name: str = FEATURE_SEARCH,
    **parameters: Any,
) -> StageConfigInputParam:
    """A ``feature_search`` retriever stage running ``searches`` (from `vector_search`, `text_search`, or
    dicts of the same form) and keeping the ``final_top_k`` best documents once their rankings are fused.

    ``stage_name`` labels the stage within its retriever. ``parameters`` are more stage parameters
    (``fusion="rrf"``, ``collection_identifiers=[...]``, ``group_by={...}``...).
    """
    stage_parameters: dict[str, Any] = {"searches": [dict(search) for search in searches]}
    if final_top_k is not None:
        stage_parameters["final_top_k"] = final_top_k
    stage_parameters.update(parameters)
    stage = {
        "stage_name": stage_name,
        "stage_type": FEATURE_SEARCH_TYPE,
        "config": {"stage_id": FEATURE_SEARCH, "parameters": stage_parameters},
    }
    return cast("StageConfigInputParam", stage)  # typed as the stage's request dict, for type checkers
