"""Builders of retriever stages: a ``feature_search`` stage in one call instead of a nested dict.

A retriever (``mp.retrievers.create(..., stages=[...])``, an ad-hoc ``POST /v1/retrievers/execute``) is a list
of stages. The most common one, ``feature_search``, finds the documents nearest to one or more queries, each
against one feature (a vector index of a standalone namespace, or an extractor's output of a collection):

    stage = feature_search_stage(vector_search("text_8", "{{INPUT.qv}}", top_k=5), final_top_k=5)
    mp.retrievers.create("byov-search", [stage], input_schema={"qv": {"type": "array", "required": True}})

The builders return plain dicts in the API's request form (``StageConfigInput`` holding the parameters of
``StageParamsFeatureSearch``; each search a ``StageDefsFeatureSearchConfig``), typed as their request dicts
of ``mixpeek.params``, so they go anywhere a stage or a search is accepted. Their other keyword arguments
are the remaining fields of those two schemas, by their wire names: a name the schema lacks (``topk=``,
``final_topk=``) raises `RequestValidationError` at once, since the API would otherwise ignore it and use
its default, and type checkers report it too (the keywords are typed by ``mixpeek.client._fields``,
generated from the same schemas). Values are not checked here: a value may be a template such as
``"{{INPUT.qv}}"``, which the API fills from the execution's ``inputs``. Fields left out take the API's
defaults (``top_k`` 100 per search, ``final_top_k`` 25).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Optional, Union, cast

from typing_extensions import Unpack

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mixpeek.client._fields import StagesFeatureSearchStageFields, StagesSearchFields
    from mixpeek.models import StageDefsFeatureSearchConfig
    from mixpeek.params import StageConfigInputParam, StageDefsFeatureSearchConfigParam

#: The stage's id in ``config.stage_id``, and the default ``stage_name``.
FEATURE_SEARCH = "feature_search"
#: The kind of stage ``feature_search`` is: it selects documents.
FEATURE_SEARCH_TYPE = "filter"

#: A query vector, or a template filled from the execution's inputs (``"{{INPUT.qv}}"``).
Vector = Union[Sequence[float], str]
#: A search as `feature_search_stage` takes it: built by `vector_search`/`text_search`, a dict, or the model.
Search = Union["StageDefsFeatureSearchConfig", "StageDefsFeatureSearchConfigParam"]


def vector_search(
    feature_uri: str, vector: Vector, *, top_k: Optional[int] = None, **fields: Unpack[StagesSearchFields]
) -> StageDefsFeatureSearchConfigParam:
    """One search of a ``feature_search`` stage: the ``top_k`` nearest neighbours of ``vector`` in the
    feature (vector index) ``feature_uri``. ``fields`` are more search fields (``min_score``, ``weight``)."""
    return _search(feature_uri, {"input_mode": "vector", "value": vector}, top_k, fields, vector_search)


def text_search(
    feature_uri: str, text: str, *, top_k: Optional[int] = None, **fields: Unpack[StagesSearchFields]
) -> StageDefsFeatureSearchConfigParam:
    """One search of a ``feature_search`` stage: ``text`` (or a template such as ``"{{INPUT.q}}"``), embedded
    by the API with the model behind ``feature_uri``, then its ``top_k`` nearest neighbours there. The
    feature needs an inference service (a managed namespace, or a promoted vector index)."""
    return _search(feature_uri, {"input_mode": "text", "value": text}, top_k, fields, text_search)


def _search(
    feature_uri: str,
    query: dict[str, Any],
    top_k: Optional[int],
    fields: Mapping[str, Any],
    caller: Callable[..., Any],
) -> StageDefsFeatureSearchConfigParam:
    from mixpeek.models import StageDefsFeatureSearchConfig

    _refuse_unknown(StageDefsFeatureSearchConfig, fields, caller)
    search: dict[str, Any] = {"feature_uri": feature_uri, "query": query}
    if top_k is not None:
        search["top_k"] = top_k
    search.update(_plain(fields))
    return cast("StageDefsFeatureSearchConfigParam", search)


def feature_search_stage(
    *searches: Search,
    final_top_k: Optional[int] = None,
    stage_name: str = FEATURE_SEARCH,
    **parameters: Unpack[StagesFeatureSearchStageFields],
) -> StageConfigInputParam:
    """A ``feature_search`` retriever stage running ``searches`` (from `vector_search`, `text_search`, or
    dicts of the same form) and keeping the ``final_top_k`` best documents once their rankings are fused.

    ``stage_name`` labels the stage within its retriever. ``parameters`` are more stage parameters
    (``fusion="rrf"``, ``collection_identifiers=[...]``, ``group_by={...}``...). A search dict with a key
    that a search does not have is refused as a misspelt keyword is.
    """
    return feature_search(searches, final_top_k, stage_name, parameters, caller=feature_search_stage)


def feature_search(
    searches: Sequence[Any],
    final_top_k: Optional[int] = None,
    stage_name: str = FEATURE_SEARCH,
    parameters: Optional[Mapping[str, Any]] = None,
    *,
    caller: Callable[..., Any],
) -> StageConfigInputParam:
    """`feature_search_stage` for a method that builds the stage itself (``Mixpeek.search``): a refusal
    names ``caller``, the function the user called."""
    from mixpeek.models import StageDefsFeatureSearchConfig, StageParamsFeatureSearch

    parameters = parameters or {}
    _refuse_unknown(StageParamsFeatureSearch, parameters, caller)
    stage_parameters: dict[str, Any] = {
        "searches": [
            _search_dict(search, f"searches[{index}]", StageDefsFeatureSearchConfig, caller)
            for index, search in enumerate(searches)
        ]
    }
    if final_top_k is not None:
        stage_parameters["final_top_k"] = final_top_k
    stage_parameters.update(_plain(parameters))
    stage = {
        "stage_name": stage_name,
        "stage_type": FEATURE_SEARCH_TYPE,
        "config": {"stage_id": FEATURE_SEARCH, "parameters": stage_parameters},
    }
    return cast("StageConfigInputParam", stage)  # typed as the stage's request dict, for type checkers


def _search_dict(
    search: Any, argument: str, model: type[BaseModel], caller: Callable[..., Any]
) -> dict[str, Any]:
    """A search given to `feature_search_stage` as a new dict in the request form (a model dumped by its
    wire names), its keys checked against the search schema's fields."""
    from mixpeek.client._core import argument_mapping

    given = argument_mapping(search, argument, caller=caller)
    _refuse_unknown(model, given, caller)
    return given


def _refuse_unknown(model: type[BaseModel], given: Mapping[str, Any], caller: Callable[..., Any]) -> None:
    """`RequestValidationError` naming the builder ``caller`` when ``given`` has a key ``model`` lacks."""
    from mixpeek.client._core import refuse_unknown_fields

    refuse_unknown_fields(model, given, caller=caller)


def _plain(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` with model values (``group_by=StageDefsFeatureSearchGroupBy(...)``) as their request dicts,
    so that what a builder returns is plain JSON-ready data, as a hand-written stage is."""
    from pydantic import BaseModel

    return {
        name: value.model_dump(mode="json", by_alias=True, exclude_unset=True)
        if isinstance(value, BaseModel)
        else value
        for name, value in fields.items()
    }
