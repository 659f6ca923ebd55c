"""Tasks: list (``POST /v1/tasks/list``) and get (``GET /v1/tasks/{task_id}``).

The one piece of work the local server hands out as a task is a collection trigger (see `collections`):
it runs no extractor, so its task is complete from the start, having produced no documents. A task is
stored in the namespace it ran in (deleting the namespace deletes it), but, as in the API, the task routes
are not scoped by ``X-Namespace``: they see the tasks of every namespace of the server.
"""

from __future__ import annotations

from typing import Any

from mixpeek.local.call import Call
from mixpeek.local.engine import Engine, utc_now
from mixpeek.local.errors import not_found
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import listing
from mixpeek.local.routing import Route

JsonDict = dict[str, Any]
TABLE = "tasks"
#: The filters of `ListTasksRequest` that name one field of the task.
_FIELD_FILTERS = ("status", "task_type")


def record_trigger_task(engine: Engine, namespace_id: str, task_id: str, details: JsonDict) -> None:
    """Store the (already completed) task of a collection trigger; `details` become its additional_data."""
    task = {
        "task_id": task_id,
        "task_type": "api_collections_trigger",
        "status": "COMPLETED",
        "inputs": [{"collection_id": details["collection_id"]}],
        "outputs": [],
        "additional_data": {**details, "namespace_id": namespace_id, "created_at": utc_now()},
    }
    engine.storage.put(TABLE, namespace_id, task_id, task)


def _every_task(engine: Engine) -> list[JsonDict]:
    return [task for scope in engine.storage.scopes(TABLE) for task in engine.storage.scan(TABLE, scope)]


def list_tasks(call: Call) -> Response:
    body = call.list_request() or {}
    tasks = [
        task
        for task in _every_task(call.engine)
        if all(body.get(name) is None or task[name] == body[name] for name in _FIELD_FILTERS)
    ]
    page, pagination = listing(call, tasks, name_field="task_id", body=body)
    return ok({"results": page, "pagination": pagination})


def get_task(call: Call) -> Response:
    task_id = call.param("task_id")
    found = next((task for task in _every_task(call.engine) if task["task_id"] == task_id), None)
    if found is None:
        raise not_found("task", task_id)
    return ok(found)


def routes() -> list[Route]:
    """The task routes (not scoped by X-Namespace)."""
    return [
        Route("POST", "/v1/tasks/list", "list_tasks", list_tasks, False, "ListTasksRequest", "optional"),
        Route("GET", "/v1/tasks/{task_id}", "get_task", get_task, False),
    ]
