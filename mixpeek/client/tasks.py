"""``mp.tasks``: background tasks (get, list, kill)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.pagination import PageRequest, Paginator

if TYPE_CHECKING:
    from mixpeek.models import GenericDeleteResponse, TaskResponse


class Tasks:
    """Every method takes ``namespace=`` to override the client's default namespace for that call."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def get(self, task_id: str, *, namespace: Optional[str] = None) -> TaskResponse:
        """One task: its status, inputs, outputs and error."""
        return self._core.tasks.get_task(task_id, x_namespace=self._core.namespace(namespace))

    def list(
        self, *, limit: Optional[int] = None, namespace: Optional[str] = None, **filters: Any
    ) -> Paginator[TaskResponse]:
        """Every task, page by page (``filters``: `ListTasksRequest` fields: status, task_type ...)."""
        body = build_request(models.ListTasksRequest, filters)
        api, x_namespace = self._core.tasks, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_tasks(
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_tasks_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def kill(self, task_id: str, *, namespace: Optional[str] = None) -> GenericDeleteResponse:
        """Stop a running task."""
        return self._core.tasks.kill_task(task_id, x_namespace=self._core.namespace(namespace))
