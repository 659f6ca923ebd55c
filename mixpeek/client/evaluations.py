"""``mp.evaluations``: ground-truth datasets, and evaluations of retrievers against them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    argument_mappings,
    build_request,
    split_options,
)
from mixpeek.client.pagination import Paginator, paginator
from mixpeek.exceptions import ApiValueError

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        EvaluationsCreateDatasetFields,
        EvaluationsGenerateFields,
        EvaluationsRunFields,
    )
    from mixpeek.records import (
        DatasetListResponseRecord,
        EvaluationDatasetRecord,
        EvaluationListResponseRecord,
        EvaluationRecordRecord,
        StartEvaluationResponseRecord,
    )

#: The page size of `Evaluations.list_datasets` unless told otherwise (as in the published client).
DEFAULT_DATASETS_PAGE_SIZE = 20


class Evaluations:
    """Datasets belong to a namespace; evaluations to a retriever. Every method also takes the per-call
    options of `CallOptions`; where it takes free keyword arguments, ``namespace_id=`` also chooses the
    namespace."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create_dataset(
        self,
        *,
        dataset_name: str,
        queries: Sequence[Mapping[str, Any]],
        description: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        **fields: Unpack[EvaluationsCreateDatasetFields],
    ) -> EvaluationDatasetRecord:
        """Create a dataset of queries with their relevant documents (``query_id``, ``query_input``,
        ``relevant_documents``, optional ``relevance_scores``)."""
        body, options = split_options(fields)
        request = build_request(
            models.CreateDatasetRequest,
            {
                "dataset_name": dataset_name,
                "queries": argument_mappings(queries, "queries", caller=self.create_dataset),
                "description": description,
                "metadata": metadata,
                **body,
            },
            caller=self.create_dataset,
        )
        return cast(
            "EvaluationDatasetRecord",
            self._core.call(
                self._core.retriever_evaluations.create_dataset_retrievers_evaluations,
                request,
                options=options,
            ),
        )

    def list_datasets(
        self, *, page: int = 1, page_size: int = DEFAULT_DATASETS_PAGE_SIZE, **options: Unpack[CallOptions]
    ) -> DatasetListResponseRecord:
        """One page of the namespace's datasets."""
        return cast(
            "DatasetListResponseRecord",
            self._core.call(
                self._core.retriever_evaluations.list_datasets_retrievers_evaluations,
                page=page,
                page_size=page_size,
                options=options,
            ),
        )

    def paginate_datasets(
        self, *, page_size: Optional[int] = None, **options: Unpack[CallOptions]
    ) -> Paginator[EvaluationDatasetRecord]:
        """Every dataset of the namespace, page by page, fetched as iteration reaches it."""
        return paginator(
            self._core,
            self._core.retriever_evaluations.list_datasets_retrievers_evaluations,
            options,
            items_key="datasets",
            cursors=False,
            page_size=page_size,
        )

    def get_dataset(self, dataset_identifier: str, **options: Unpack[CallOptions]) -> EvaluationDatasetRecord:
        """One dataset by id or name."""
        return cast(
            "EvaluationDatasetRecord",
            self._core.call(
                self._core.retriever_evaluations.get_dataset_retrievers_evaluations,
                dataset_identifier,
                options=options,
            ),
        )

    def generate_from_interactions(
        self,
        retriever_id: str,
        *,
        dataset_name: Optional[str] = None,
        min_interactions: Optional[int] = None,
        lookback_days: Optional[int] = None,
        positive_interaction_types: Optional[Sequence[str]] = None,
        **fields: Unpack[EvaluationsGenerateFields],
    ) -> EvaluationDatasetRecord:
        """Build a dataset from the interactions recorded for a retriever (clicks, purchases ...)."""
        body, options = split_options(fields)
        given = {
            "dataset_name": dataset_name,
            "min_interactions": min_interactions,
            "lookback_days": lookback_days,
            "positive_interaction_types": positive_interaction_types,
            **body,
        }
        request = (
            build_request(
                models.GenerateFromInteractionsRequest, given, caller=self.generate_from_interactions
            )
            if any(value is not None for value in given.values())
            else None
        )
        return cast(
            "EvaluationDatasetRecord",
            self._core.call(
                self._core.retriever_evaluations.generate_dataset_from_interactions_retrievers_id_evaluations,
                retriever_id,
                request,
                options=options,
            ),
        )

    def run(
        self,
        retriever_id: str,
        *,
        dataset_name: Optional[str] = None,
        dataset_id: Optional[str] = None,
        evaluation_config: Optional[Mapping[str, Any]] = None,
        **fields: Unpack[EvaluationsRunFields],
    ) -> StartEvaluationResponseRecord:
        """Start evaluating a retriever against a dataset, named by ``dataset_name`` or ``dataset_id``
        (the API resolves either); ``evaluation_config`` may choose ``k_values`` and ``metrics``."""
        return self._start(
            retriever_id,
            dataset_name or dataset_id,
            evaluation_config,
            fields,
            caller=self.run,
        )

    def _start(
        self,
        retriever_id: str,
        dataset: Optional[str],
        evaluation_config: Optional[Mapping[str, Any]],
        fields: Mapping[str, Any],
        *,
        caller: Callable[..., Any],
    ) -> StartEvaluationResponseRecord:
        """`run`, for it and for ``Retrievers.run_evaluation``: a refused request names ``caller``."""
        body, options = split_options(fields)
        if not dataset:
            raise ApiValueError("an evaluation needs its dataset: dataset_name='...' (or dataset_id='...')")
        request = build_request(
            models.StartEvaluationRequest,
            {"dataset_name": dataset, "evaluation_config": evaluation_config, **body},
            caller=caller,
        )
        return cast(
            "StartEvaluationResponseRecord",
            self._core.call(
                self._core.retriever_evaluations.start_evaluation_retrievers,
                retriever_id,
                request,
                options=options,
            ),
        )

    def list(self, retriever_id: str, **options: Unpack[CallOptions]) -> EvaluationListResponseRecord:
        """The evaluations of a retriever (first page)."""
        return cast(
            "EvaluationListResponseRecord",
            self._core.call(
                self._core.retriever_evaluations.list_evaluations_retrievers, retriever_id, options=options
            ),
        )

    def paginate(
        self, retriever_id: str, *, page_size: Optional[int] = None, **options: Unpack[CallOptions]
    ) -> Paginator[EvaluationRecordRecord]:
        """Every evaluation of a retriever, page by page, fetched as iteration reaches it."""
        return paginator(
            self._core,
            self._core.retriever_evaluations.list_evaluations_retrievers,
            options,
            retriever_id,
            items_key="evaluations",
            cursors=False,
            page_size=page_size,
        )

    def get(
        self, retriever_id: str, evaluation_id: str, **options: Unpack[CallOptions]
    ) -> EvaluationRecordRecord:
        """One evaluation: its status, metrics and per-query results."""
        return cast(
            "EvaluationRecordRecord",
            self._core.call(
                self._core.retriever_evaluations.get_evaluation_retrievers,
                retriever_id,
                evaluation_id,
                options=options,
            ),
        )
