"""``create(..., exist_ok=True)`` makes a notebook cell safe to run again: against the local server, the
second create returns the existing resource when it matches, and says which fields differ when not."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Callable

import pytest

from mixpeek.client import Mixpeek
from mixpeek.client.errors import ConflictError, ExistsDifferentlyError
from mixpeek.client.stages import feature_search_stage, vector_search
from mixpeek.exceptions import ConflictException
from mixpeek.local import LocalServer

STAGES = [feature_search_stage(vector_search("v", "{{INPUT.q}}"), final_top_k=3)]


@pytest.fixture
def mp() -> Iterator[Mixpeek]:
    with (
        LocalServer() as server,
        Mixpeek(api_key="sk_exist_ok", namespace="cells", base_url=server.url) as client,
    ):
        client.namespaces.create(
            namespace_id="cells", mode="standalone", vector_configs=[{"name": "v", "dimension": 4}]
        )
        yield client


Create = Callable[[Mixpeek, Any], Any]

#: resource -> (create with a setting, the id field of its answer, a setting that differs, the field named)
CASES: dict[str, tuple[Create, str, Any, str]] = {
    "namespace": (
        lambda mp, dimension: mp.namespaces.create(
            namespace_id="cells2",
            mode="standalone",
            vector_configs=[{"name": "v", "dimension": dimension}],
            exist_ok=True,
        ),
        "namespace_id",
        8,
        "vector_configs[0].dimension",
    ),
    "collection": (
        lambda mp, description: mp.collections.create(
            "notes", {"type": "none"}, description=description, exist_ok=True
        ),
        "collection_id",
        "another description",
        "description",
    ),
    "bucket": (
        lambda mp, description: mp.buckets.create(
            "inbox", {"properties": {}}, description=description, exist_ok=True
        ),
        "bucket_id",
        "another description",
        "description",
    ),
    "retriever": (
        lambda mp, description: mp.retrievers.create(
            "search", STAGES, description=description, exist_ok=True
        ),
        "retriever_id",
        "another description",
        "description",
    ),
}
FIRST = {"namespace": 4, "collection": "first", "bucket": "first", "retriever": "first"}


@pytest.mark.parametrize("resource", sorted(CASES))
def test_running_the_create_again_returns_the_existing_resource(mp: Mixpeek, resource: str) -> None:
    create, id_field, _, _ = CASES[resource]
    first = create(mp, FIRST[resource])
    again = create(mp, FIRST[resource])
    assert again[id_field] == first[id_field]


@pytest.mark.parametrize("resource", sorted(CASES))
def test_other_settings_are_a_conflict_naming_the_field(mp: Mixpeek, resource: str) -> None:
    create, _, other, field = CASES[resource]
    create(mp, FIRST[resource])
    with pytest.raises(ExistsDifferentlyError) as raised:
        create(mp, other)
    error = raised.value
    assert isinstance(error, ConflictException) and error.status == 409
    assert any(difference.startswith(f"{field}: asked {other!r}") for difference in error.differences)
    assert field in str(error) and "already exists with other settings" in str(error)


def test_without_exist_ok_a_second_create_is_the_plain_conflict(mp: Mixpeek) -> None:
    mp.collections.create("notes", {"type": "none"})
    with pytest.raises(ConflictError) as raised:
        mp.collections.create("notes", {"type": "none"})
    assert not isinstance(raised.value, ExistsDifferentlyError)
