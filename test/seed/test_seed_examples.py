"""Every code example of the user's SDK description, run against the local Mixpeek server.

Each example runs as written, with only its host pointed at the local server. Where the description's
example sends a body the API's schema rejects, the test asserts that the SDK stops it with a validation
error naming the problem before anything is sent; the README carries the corrected example, and
`test_readme_examples.py` runs those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydantic
import pytest

import mixpeek
from mixpeek.local import serve
from test.seed.seed_examples import EXAMPLES

KEY = "sk_xxxxxxxxxxxxx"
NAMESPACE = "ns_xxxxxxxxxxxxx"
SEED_FILE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "mixpeek-python-sdk-docs.txt"


@pytest.fixture(scope="module")
def local_url() -> Iterator[str]:
    """A local server holding the namespace the examples name, with a bucket-backed collection."""
    with serve() as url, mixpeek.ApiClient(mixpeek.Configuration(host=url)) as client:
        scope: dict[str, Any] = {"authorization": f"Bearer {KEY}", "x_namespace": NAMESPACE}
        mixpeek.NamespacesApi(client).create_namespace(
            mixpeek.CreateNamespaceRequest(namespace_name="seed-examples", namespace_id=NAMESPACE),
            authorization=f"Bearer {KEY}",
        )
        bucket = mixpeek.BucketsApi(client).create_bucket(
            mixpeek.BucketCreateRequest(
                bucket_name="media", bucket_schema={"properties": {"content": {"type": "video"}}}
            ),
            **scope,
        )
        mixpeek.CollectionsApi(client).create_collection(
            mixpeek.CreateCollectionRequest(
                collection_name="col_abc123", source={"type": "bucket", "bucket_ids": [bucket.bucket_id]}
            ),
            **scope,
        )
        yield url


def run_example(name: str, url: str, **namespace: Any) -> dict[str, Any]:
    """Execute one example with its hosts pointed at `url`; returns the variables it left behind."""
    code = re.sub(r"https://[a-z.]+\.com", url, EXAMPLES[name])
    scope: dict[str, Any] = {"__name__": f"seed_example_{name}", **namespace}
    exec(compile(code, f"<seed example {name}>", "exec"), scope)  # noqa: S102 - running documentation
    return scope


def collection_names(url: str) -> list[str]:
    with mixpeek.ApiClient(mixpeek.Configuration(host=url, api_key=KEY, namespace=NAMESPACE)) as client:
        listing = mixpeek.CollectionsApi(client).list_collections()
    return sorted(c.collection_name for c in listing.results)


def test_quick_start_lists_collections(local_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    scope = run_example("quick_start", local_url)
    assert capsys.readouterr().out.startswith("Collections: ")
    assert isinstance(scope["collections"], mixpeek.ListCollectionsResponse)
    assert "col_abc123" in [c.collection_name for c in scope["collections"].results]


def test_collections_example_is_stopped_before_sending_for_its_missing_fields(local_url: str) -> None:
    before = collection_names(local_url)
    with pytest.raises(pydantic.ValidationError) as caught:
        run_example("collections", local_url)
    missing = {error["loc"][0] for error in caught.value.errors() if error["type"] == "missing"}
    assert missing == {"collection_name", "source"}
    assert collection_names(local_url) == before


def test_retrievers_example_is_stopped_for_stages_given_as_type(local_url: str) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        run_example("retrievers", local_url, configuration=mixpeek.Configuration(host=local_url))
    missing = {
        (error["loc"][0], error["loc"][-1]) for error in caught.value.errors() if error["type"] == "missing"
    }
    assert ("stages", "stage_name") in missing and ("stages", "config") in missing
    assert caught.value.title == "CreateRetrieverRequest"


def test_adhoc_retrievers_example_is_stopped_for_stages_given_as_type(local_url: str) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        run_example("adhoc_retrievers", local_url, configuration=mixpeek.Configuration(host=local_url))
    assert caught.value.title == "AdhocExecuteRequest"
    assert any(error["loc"][-1] == "stage_name" for error in caught.value.errors())


def test_documents_example_uploads_through_the_collections_bucket(local_url: str) -> None:
    scope = run_example("documents", local_url, configuration=mixpeek.Configuration(host=local_url))
    uploaded = scope["documents"]
    assert isinstance(uploaded, mixpeek.UploadDocumentsResponse)
    assert len(uploaded.objects) == 2
    assert all(obj.bucket_id == uploaded.bucket_id for obj in uploaded.objects)
    blobs = [obj.blobs[0] for obj in uploaded.objects if obj.blobs]
    assert [blob.data for blob in blobs] == ["s3://bucket/video.mp4", "s3://bucket/image.jpg"]
    assert uploaded.trigger is not None and uploaded.trigger.task_id


def test_error_handling_example_reports_the_404(local_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with mixpeek.ApiClient(mixpeek.Configuration(host=local_url)) as api_client:
        run_example("error_handling", local_url, collections_api=mixpeek.CollectionsApi(api_client))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Status code: 404"
    assert out[1] == "Reason: Not Found"
    assert out[2].startswith("Body: {") and "non-existent" in out[2]
    assert out[3] == "Collection not found"


def test_configuration_examples_set_host_and_timeout() -> None:
    custom = run_example("custom_host", "https://custom.api.endpoint.com", mixpeek=mixpeek)["configuration"]
    assert custom.host == "https://custom.api.endpoint.com"
    timed = run_example("timeouts", "https://api.mixpeek.com", mixpeek=mixpeek)["configuration"]
    assert timed.timeout == 60


@pytest.mark.parametrize(
    "name",
    [
        "AdhocRetrieversApi",
        "AgentSessionsApi",
        "AlertsApi",
        "AnalyticsApi",
        "BucketsApi",
        "CollectionsApi",
        "DocumentsApi",
        "NamespacesApi",
        "OrganizationsApi",
        "PluginsApi",
        "RetrieversApi",
        "TaxonomiesApi",
        "WebhooksApi",
    ],
)
def test_every_listed_api_class_exists_and_takes_an_api_client(name: str) -> None:
    api_class = getattr(mixpeek, name)
    with mixpeek.ApiClient(mixpeek.Configuration(host="http://127.0.0.1:9")) as client:
        assert api_class(client).api_client is client


def test_examples_match_the_description() -> None:
    if not SEED_FILE.exists():
        pytest.skip(f"the SDK description is not at {SEED_FILE}: nothing to compare the copies with")
    description = SEED_FILE.read_text()
    for name, code in EXAMPLES.items():
        assert code.strip() in description, f"example {name!r} no longer matches the description"
