"""``mp.tasks``: background tasks (get, list, delete, paginate)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import CallOptions, ClientCore, build_request, split_options
from mixpeek.client.pagination import Paginator, paginator

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        TasksListFields,
    )
    from mixpeek.records import (
        GenericDeleteResponseRecord,
        ListTasksResponseRecord,
        TaskResponseRecord,
    )


class Tasks:
    """Every method also takes the per-call options of `CallOptions`; where it takes free keyword
    arguments, ``namespace_id=`` also chooses the namespace."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def get(self, task_id: str, **options: Unpack[CallOptions]) -> TaskResponseRecord:
        """One task: its status, inputs, outputs and error (poll it for clones, triggers, batches)."""
        return cast(
            "TaskResponseRecord", self._core.call(self._core.tasks.get_task, task_id, options=options)
        )

    def list(
        self, *, limit: Optional[int] = None, **fields: Unpack[TasksListFields]
    ) -> ListTasksResponseRecord:
        """The first page of tasks (``fields``: `ListTasksRequest` filters: status, task_type ...);
        `paginate` walks every page."""
        body, options = split_options(fields)
        return cast(
            "ListTasksResponseRecord",
            self._core.call(
                self._core.tasks.list_tasks,
                limit=limit,
                list_tasks_request=_filters(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, *, limit: Optional[int] = None, **fields: Unpack[TasksListFields]
    ) -> Paginator[TaskResponseRecord]:
        """Every task, page by page, fetched as iteration reaches it."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.tasks.list_tasks,
            options,
            limit=limit,
            list_tasks_request=_filters(body, caller=self.paginate),
        )

    def delete(self, task_id: str, **options: Unpack[CallOptions]) -> GenericDeleteResponseRecord:
        """Stop a running task (``DELETE /v1/tasks/{task_id}``)."""
        return cast(
            "GenericDeleteResponseRecord",
            self._core.call(self._core.tasks.kill_task, task_id, options=options),
        )

    kill = delete


def _filters(body: Mapping[str, Any], *, caller: Callable[..., Any]) -> Optional[models.ListTasksRequest]:
    return build_request(models.ListTasksRequest, body, caller=caller) if body else None
