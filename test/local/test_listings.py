"""Lists the local server answers from its own state: tasks (of collection triggers), taxonomies, webhooks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mixpeek import Mixpeek
from mixpeek.api.tasks_api import TasksApi
from mixpeek.api.taxonomies_api import TaxonomiesApi
from mixpeek.exceptions import NotFoundException
from mixpeek.local import LocalServer
from test.local.helpers import TEST_KEY, assert_error_shape, raw, sdk_client

NAMESPACE = "lists"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A server of its own (tasks are listed across namespaces) with the standalone namespace "lists"."""
    with LocalServer() as local:
        status, _ = raw(
            local.url,
            "POST",
            "/v1/namespaces/standalone",
            {"namespace_id": NAMESPACE, "vector_configs": [{"name": "v", "dimension": 2}]},
        )
        assert status == 200
        yield local


@pytest.fixture
def mp(server: LocalServer) -> Iterator[Mixpeek]:
    with Mixpeek(TEST_KEY, namespace=NAMESPACE, base_url=server.url, max_retries=0) as client:
        yield client


def _trigger(mp: Mixpeek, name: str) -> str:
    bucket = mp.buckets.create(f"{name}-inbox", bucket_schema={"properties": {}})
    mp.buckets.objects.create(
        bucket["bucket_id"], blobs=[{"property": "f", "type": "text", "data": "s3://b/a"}]
    )
    source = {"type": "bucket", "bucket_ids": [bucket["bucket_id"]]}
    collection = mp.collections.create(name, source=source)
    triggered = mp.collections.trigger(collection["collection_id"])
    assert triggered["collection_id"] == collection["collection_id"]
    return str(triggered["task_id"])


def test_a_collection_trigger_is_a_completed_task_listed_and_read(mp: Mixpeek) -> None:
    assert mp.tasks.list()["results"] == []
    first, second = _trigger(mp, "first"), _trigger(mp, "second")
    page = mp.tasks.list()
    assert [task["task_id"] for task in page["results"]] == [first, second]
    assert page["pagination"]["total"] == 2
    task = mp.tasks.get(first)
    assert (task["task_type"], task["status"]) == ("api_collections_trigger", "COMPLETED")
    assert task["additional_data"]["object_count"] == 1 and task["additional_data"]["document_count"] == 0
    assert [t.task_id for t in mp.tasks.paginate(limit=1)] == [first, second]
    assert mp.tasks.list(status="FAILED")["results"] == []
    assert len(mp.tasks.list(status="COMPLETED", task_type="api_collections_trigger")["results"]) == 2


def test_tasks_are_server_wide_and_go_with_their_namespace(mp: Mixpeek, server: LocalServer) -> None:
    task_id = _trigger(mp, "gone")
    with sdk_client(server.url) as unscoped:  # no X-Namespace: the task routes do not need one
        assert TasksApi(unscoped).get_task(task_id).task_id == task_id
        mp.namespaces.delete(NAMESPACE)
        assert TasksApi(unscoped).list_tasks().results == []
        with pytest.raises(NotFoundException) as missing:
            TasksApi(unscoped).get_task(task_id)
    assert task_id in str(missing.value)


def test_taxonomies_and_webhooks_are_empty_lists(mp: Mixpeek, server: LocalServer) -> None:
    taxonomies = mp.taxonomies.list()
    assert (taxonomies["results"], taxonomies["total_count"]) == ([], 0)
    assert taxonomies["pagination"]["total"] == 0
    assert list(mp.taxonomies.paginate()) == []
    with sdk_client(server.url, NAMESPACE) as client:
        assert TaxonomiesApi(client).list_taxonomies().total_count == 0  # the GET form
    webhooks = mp.webhooks.list()
    assert (webhooks["results"], webhooks["total"], webhooks["pagination"]["total"]) == ([], 0, 0)
    assert list(mp.webhooks.paginate()) == []


def test_the_lists_check_what_other_lists_check(server: LocalServer) -> None:
    status, body = raw(server.url, "POST", "/v1/taxonomies/list", {}, namespace="no-such-namespace")
    assert status == 404
    assert_error_shape(body, 404)
    status, body = raw(server.url, "POST", "/v1/organizations/webhooks/list?limit=0", {})
    assert status == 422
    assert_error_shape(body, 422)
    status, body = raw(server.url, "POST", "/v1/tasks/list", {"status": "NOT_A_STATUS"})
    assert status == 422
    status, body = raw(server.url, "POST", "/v1/taxonomies/list", {"offset": -1}, namespace=NAMESPACE)
    assert status == 422
    assert_error_shape(body, 422)
