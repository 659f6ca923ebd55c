"""Bulk upsert: batches of 1,000, one idempotency key per batch kept across retries, concurrency,
progress, summed results and a precise error when a batch fails."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Iterator

import pytest

from mixpeek.client import BulkUpsertError, Mixpeek, UpsertProgress, UpsertResult
from mixpeek.exceptions import ApiException, OpenApiException, RequestValidationError, ServiceException
from test.support.servers import RecordedRequest, RecordingServer, make_response

UPSERT_PATH = "/v1/namespaces/vecs/documents/upsert"


def documents(count: int, start: int = 0) -> Iterator[dict[str, object]]:
    for number in range(start, start + count):
        yield {
            "document_id": f"doc-{number}",
            "vectors": {"v": [float(number), 1.0]},
            "payload": {"n": number},
        }


def accepted(ids: list[str], token: str) -> dict[str, object]:
    return {"inserted": len(ids), "document_ids": ids, "write_token": token}


def ids_of(request: RecordedRequest) -> list[str]:
    return [doc["document_id"] for doc in request.json()["documents"]]


def key_of(request: RecordedRequest) -> str:
    body_key = request.json()["options"]["idempotency_key"]
    assert request.headers["Idempotency-Key"] == body_key
    return str(body_key)


def answer_each_batch(server: RecordingServer, sizes: list[int]) -> None:
    start = 0
    for index, size in enumerate(sizes):
        server.enqueue(200, accepted([f"doc-{n}" for n in range(start, start + size)], f"wt_{index}"))
        start += size


def test_2500_documents_go_out_as_three_batches_with_distinct_keys(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    answer_each_batch(recording_server, [1000, 1000, 500])

    result = mp.namespaces.documents.upsert("vecs", documents(2500), options={"write_token": True})

    requests = recording_server.requests
    assert [(r.method, r.raw_path) for r in requests] == [("POST", UPSERT_PATH)] * 3
    assert [len(ids_of(r)) for r in requests] == [1000, 1000, 500]
    assert ids_of(requests[0])[0] == "doc-0" and ids_of(requests[2])[-1] == "doc-2499"
    assert all(r.json()["options"]["write_token"] is True for r in requests)
    assert all(r.headers["X-Namespace"] == "vecs" for r in requests)
    assert len({key_of(r) for r in requests}) == 3
    assert isinstance(result, UpsertResult)
    assert result.inserted == 2500 and result.batches == 3
    assert result.document_ids == [f"doc-{n}" for n in range(2500)]
    assert result["write_token"] == "wt_2"


def test_a_batch_retried_after_503_keeps_its_idempotency_key(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, accepted([f"doc-{n}" for n in range(1000)], "wt_0"))
    recording_server.enqueue(503, {"error": "busy"}, headers={"Retry-After": "0"})
    recording_server.enqueue(200, accepted([f"doc-{n}" for n in range(1000, 1500)], "wt_1"))

    result = mp.namespaces.documents.upsert("vecs", list(documents(1500)))

    first, failed, retried = recording_server.requests
    assert key_of(failed) == key_of(retried) != key_of(first)
    assert failed.body == retried.body
    assert result.inserted == 1500
    assert result.document_ids == [f"doc-{n}" for n in range(1500)]


def test_single_batch_sends_the_callers_idempotency_key_verbatim(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, accepted(["doc-0"], "wt"))
    mp.namespaces.documents.upsert("vecs", documents(1), options={"idempotency_key": "my-key"})
    assert key_of(recording_server.last_request) == "my-key"


def test_callers_key_is_the_base_of_every_batch_key(mp: Mixpeek, recording_server: RecordingServer) -> None:
    answer_each_batch(recording_server, [2, 1])
    mp.namespaces.documents.upsert("vecs", documents(3), options={"idempotency_key": "job7"}, batch_size=2)
    assert [key_of(r) for r in recording_server.requests] == ["job7-0", "job7-1"]


def test_concurrent_batches_are_all_sent_once_and_summed_in_input_order(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, accepted([], "wt"))
    result = mp.namespaces.documents.upsert("vecs", documents(10), batch_size=2, concurrency=4)
    requests = recording_server.requests
    assert len(requests) == 5
    sent = sorted(doc_id for r in requests for doc_id in ids_of(r))
    assert sent == sorted(f"doc-{n}" for n in range(10))
    assert len({key_of(r) for r in requests}) == 5
    assert result.batches == 5


def test_progress_callback_sees_every_batch(mp: Mixpeek, recording_server: RecordingServer) -> None:
    answer_each_batch(recording_server, [4, 4, 2])
    seen: list[UpsertProgress] = []
    mp.namespaces.documents.upsert("vecs", list(documents(10)), batch_size=4, progress=seen.append)
    assert seen == [UpsertProgress(1, 4, 10), UpsertProgress(2, 8, 10), UpsertProgress(3, 10, 10)]


def test_failed_batch_raises_saying_what_was_and_was_not_written(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, accepted(["doc-0", "doc-1"], "wt_0"))
    recording_server.enqueue(400, {"error": {"message": "dimension mismatch"}})

    with pytest.raises(BulkUpsertError) as caught:
        mp.namespaces.documents.upsert("vecs", documents(5), batch_size=2)

    error = caught.value
    assert isinstance(error, OpenApiException)
    assert len(recording_server.requests) == 2  # nothing is sent after the failure
    assert error.written_document_ids == ["doc-0", "doc-1"]
    assert error.failed_document_ids == ["doc-2", "doc-3"]
    assert error.not_sent_from == 4
    assert error.written["write_token"] == "wt_0"
    assert "doc-2" in str(error) and "position 4" in str(error)
    assert error.failed_batches[0].idempotency_key == key_of(recording_server.requests[1])


def test_server_error_after_retries_is_reported_as_the_batch_error(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(503, {"error": "down"}, headers={"Retry-After": "0"})
    with pytest.raises(BulkUpsertError) as caught:
        mp.namespaces.documents.upsert("vecs", documents(3))
    assert isinstance(caught.value.failed_batches[0].error, ServiceException)
    assert caught.value.__cause__ is caught.value.failed_batches[0].error  # why it stopped, as the cause
    assert caught.value.written_document_ids == []
    assert caught.value.failed_document_ids == ["doc-0", "doc-1", "doc-2"]
    keys = {key_of(r) for r in recording_server.requests}
    assert len(recording_server.requests) > 1 and len(keys) == 1


def test_invalid_document_is_refused_before_anything_is_sent(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError) as caught:
        mp.namespaces.documents.upsert("vecs", [{"document_id": "no-vectors"}])
    assert recording_server.requests == []
    assert str(caught.value).startswith("NamespaceDocuments.upsert: ")


def test_the_trials_wrong_vector_is_a_request_validation_error_itself(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    try:
        mp.namespaces.documents.upsert("ns", [{"document_id": "a", "vectors": {"v": "notalist"}}])
    except RequestValidationError as error:  # caught as what it is, not inside a BulkUpsertError
        message = str(error)
    assert message.startswith("NamespaceDocuments.upsert: ") and "documents.0.vectors.v" in message
    assert "send" not in message.split(":")[0]
    assert recording_server.requests == []


def with_one_wrong(count: int, wrong: int, mistake: dict[str, object]) -> Iterator[dict[str, object]]:
    """``documents(count)`` with the one at position ``wrong`` replaced by ``mistake``."""
    for position, document in enumerate(documents(count)):
        yield {"document_id": f"doc-{position}", **mistake} if position == wrong else document


@pytest.mark.parametrize(
    "mistake, where",
    [
        ({"vectors": {"v": "notalist"}}, ("documents", 2100, "vectors", "v", "list[float]")),
        ({"vectors": {"v": [1.0]}, "vektors": {}}, ("documents", "2100", "vektors")),
    ],
    ids=["wrong type", "unknown key"],
)
def test_a_wrong_document_in_a_later_batch_of_a_list_fails_that_batch_after_the_earlier_ones(
    mp: Mixpeek, recording_server: RecordingServer, mistake: dict[str, object], where: tuple[object, ...]
) -> None:
    recording_server.handle_with(lambda request: make_response(200, accepted(ids_of(request), "wt")))
    given = list(with_one_wrong(2500, 2100, mistake))
    with pytest.raises(BulkUpsertError) as caught:
        mp.namespaces.documents.upsert("vecs", given)
    assert len(recording_server.requests) == 2  # the two batches before it; it was refused, not sent
    assert caught.value.failed_document_ids[:1] == ["doc-2000"]
    refusal = caught.value.failed_batches[0].error
    assert isinstance(refusal, RequestValidationError) and caught.value.__cause__ is refusal
    assert "documents.2100." in str(refusal)  # its position in the whole input, not in its batch
    assert "documents.100." not in str(refusal)
    assert refusal.errors[0][0] == where


@pytest.mark.parametrize("concurrency", [1, 3])
def test_a_refusal_when_nothing_was_written_is_raised_itself(
    mp: Mixpeek, recording_server: RecordingServer, concurrency: int
) -> None:
    """(Several batches at a time, the batches beside a refused one may be written: see the lazy test.)"""
    given = list(with_one_wrong(50, 10, {"vectors": {"v": "x"}}))
    pattern = r"^NamespaceDocuments\.upsert: .*documents\.10\.vectors"
    with pytest.raises(RequestValidationError, match=pattern):
        mp.namespaces.documents.upsert("vecs", given, concurrency=concurrency, batch_size=100)
    assert recording_server.requests == []


def test_an_answer_without_a_body_adds_nothing_but_its_batch(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    result = mp.namespaces.documents.upsert("vecs", documents(3))  # the server's default: 200, empty body
    assert (result.batches, result["inserted"]) == (1, 0)


def test_a_lazy_input_is_checked_batch_by_batch_the_first_refused_as_itself(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    with pytest.raises(RequestValidationError, match="documents.1.vectors"):
        mp.namespaces.documents.upsert("vecs", with_one_wrong(5, 1, {"vectors": {"v": "x"}}), batch_size=2)
    assert recording_server.requests == []


@pytest.mark.parametrize("concurrency", [1, 2])
def test_a_lazy_input_with_a_wrong_document_in_a_later_batch_reports_what_was_written(
    mp: Mixpeek, recording_server: RecordingServer, concurrency: int
) -> None:
    recording_server.handle_with(lambda request: make_response(200, accepted(ids_of(request), "wt")))
    lazy = with_one_wrong(9, 5, {"vectors": {"v": "x"}})
    with pytest.raises(BulkUpsertError) as caught:
        mp.namespaces.documents.upsert("vecs", lazy, batch_size=2, concurrency=concurrency)
    error = caught.value
    sent = [document_id for request in recording_server.requests for document_id in ids_of(request)]
    assert sent[:4] == ["doc-0", "doc-1", "doc-2", "doc-3"]  # the batches before it
    assert "doc-4" not in sent and "doc-5" not in sent  # it was refused, not sent
    assert error.written_document_ids == sent  # and what was in flight beside it, when any, is reported
    assert error.failed_document_ids == ["doc-4", "doc-5"]
    assert error.not_sent_from == 2 * len(recording_server.requests) + 2  # nothing after it was started
    refusal = error.failed_batches[0].error
    assert isinstance(refusal, RequestValidationError) and error.__cause__ is refusal
    assert "documents.5.vectors" in str(refusal)


def test_an_http_error_is_one_line_of_the_summary_and_whole_on_the_failed_batch(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.enqueue(200, accepted(["doc-0", "doc-1"], "wt_0"))
    recording_server.enqueue(400, {"error": {"message": "dimension mismatch"}})
    with pytest.raises(BulkUpsertError) as caught:
        mp.namespaces.documents.upsert("vecs", documents(5), batch_size=2)
    summary = str(caught.value)
    assert "\n" not in summary
    assert "400" in summary and "dimension mismatch" in summary
    assert "HTTP response headers" not in summary and "Reason:" not in summary
    full = caught.value.failed_batches[0].error
    assert isinstance(full, ApiException) and full.status == 400
    assert "HTTP response headers" in str(full)


@pytest.mark.parametrize("bad", [0, 1001])
def test_batch_size_is_bounded_by_the_api_limit(mp: Mixpeek, bad: int) -> None:
    with pytest.raises(OpenApiException, match="batch_size"):
        mp.namespaces.documents.upsert("vecs", documents(1), batch_size=bad)


def test_upsert_body_matches_the_request_schema(mp: Mixpeek, recording_server: RecordingServer) -> None:
    recording_server.respond(200, accepted(["doc-0"], "wt"))
    mp.namespaces.documents.upsert("vecs", documents(1), collection_id="col_1", options={"write_token": True})
    body = recording_server.last_request.json()
    assert set(body) == {"collection_id", "documents", "options"}
    assert body["collection_id"] == "col_1"
    assert body["documents"] == [{"document_id": "doc-0", "vectors": {"v": [0.0, 1.0]}, "payload": {"n": 0}}]
    assert json.loads(recording_server.last_request.body)["options"]["write_token"] is True


class _RecordingBar:
    """Stands in for a tqdm bar: records what the upsert reports to it."""

    instances: list[_RecordingBar] = []

    def __init__(self, total: object = None, unit: str = "", desc: str = "") -> None:
        self.total = total
        self.updates: list[int] = []
        self.closed = False
        _RecordingBar.instances.append(self)

    def update(self, count: int) -> None:
        self.updates.append(count)

    def close(self) -> None:
        self.closed = True


def test_progress_true_drives_a_tqdm_bar_when_tqdm_is_installed(
    mp: Mixpeek, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_tqdm = types.ModuleType("tqdm")
    fake_auto = types.ModuleType("tqdm.auto")
    fake_auto.tqdm = _RecordingBar  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tqdm", fake_tqdm)
    monkeypatch.setitem(sys.modules, "tqdm.auto", fake_auto)
    _RecordingBar.instances.clear()
    answer_each_batch(recording_server, [3, 2])

    mp.namespaces.documents.upsert("vecs", list(documents(5)), batch_size=3, progress=True)

    (bar,) = _RecordingBar.instances
    assert (bar.total, bar.updates, bar.closed) == (5, [3, 2], True)


def test_progress_true_without_tqdm_still_upserts(
    mp: Mixpeek, recording_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    answer_each_batch(recording_server, [2])
    result = mp.namespaces.documents.upsert("vecs", documents(2), progress=True)
    assert result.inserted == 2


def test_no_documents_means_no_request_and_an_empty_result(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    result = mp.namespaces.documents.upsert("vecs", [])
    assert (result.inserted, result.document_ids, result.batches) == (0, [], 0)
    assert recording_server.requests == []


def test_concurrent_failure_stops_new_batches_and_reports_those_in_flight(
    mp: Mixpeek, recording_server: RecordingServer
) -> None:
    recording_server.respond(400, {"error": {"message": "rejected"}})
    with pytest.raises(BulkUpsertError) as caught:
        mp.namespaces.documents.upsert("vecs", documents(8), batch_size=2, concurrency=2)
    error = caught.value
    assert [batch.index for batch in error.failed_batches] == [0, 1]
    assert error.failed_document_ids == ["doc-0", "doc-1", "doc-2", "doc-3"]
    assert error.not_sent_from == 4
    assert len(recording_server.requests) == 2
