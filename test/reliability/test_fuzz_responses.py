"""Generated response bodies, valid and broken, for every response type the generated operations declare.

For each distinct 2xx type (one test per type), Hypothesis draws a few JSON bodies from the type's JSON schema
(`TypeAdapter(T).json_schema(mode="validation")`, fixed seed), and every body is also served in broken forms
(see `schema_strategies.broken_variants`). Each body is decoded by the operation's own `Decoder`, the object
`ApiClient` decodes every 2xx answer with; `test_the_real_call_path_agrees` serves the same kinds of bodies
from a real server to the core resources' operations to show the call path gives the same results. The error
types (4xx/5xx bodies, taken from openapi.json) go through the real call path.

What must hold: a JSON 2xx body never raises, and gives the declared model (for an object body) with what it
has: known fields kept, unknown fields kept as extras, unknown enum values as plain strings, missing required
fields as None; a wrong top-level type comes back as the raw JSON. A truncated or non-JSON 2xx body raises
`ApiDeserializationError` (the JSON error chained as its cause), an empty one gives None. Error bodies of any
shape give the status's `ApiException` and nothing else.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple, Optional

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from mixpeek._runtime.decoding import Decoder
from mixpeek._runtime.model import MixpeekModel
from mixpeek._runtime.plan import plan_for
from mixpeek._runtime.types import resolve_type
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from mixpeek.exceptions import ApiDeserializationError, ApiException, exception_class_for_status
from test.reliability.operations import SampleCall, operations_by_label, sample_calls, spec_package
from test.reliability.schema_strategies import (
    BROKEN_VARIANTS,
    JSON_VARIANTS,
    SchemaStrategies,
    broken_variants,
)
from test.support.servers import RecordingServer

EXAMPLES_PER_TYPE = 4
CORE_CLASSES = ("CollectionsApi", "NamespacesApi", "BucketsApi", "RetrieversApi", "CollectionDocumentsApi")
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_TYPE,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)

#: Cases decoded, by variant; the conftest prints the total at the end of the run.
CASES: dict[str, int] = {}


def _declared_2xx() -> dict[str, tuple[str, int]]:
    """Each distinct 2xx type expression -> (the label of an operation declaring it, its status)."""
    found: dict[str, tuple[str, int]] = {}
    for label, op in sorted(operations_by_label().items()):
        if "json" not in op.response_media or "ndjson" in op.response_media:
            continue  # streams (NDJSON, SSE) and files are not decoded by the 2xx decoder
        for status, expression in op.responses.items():
            if status.startswith("2") and str(expression) not in found:
                found[str(expression)] = (label, int(status) if status.isdigit() else 200)
    return found


DECLARED = _declared_2xx()


@functools.cache
def _schema(expression: str) -> dict[str, Any]:
    declared = resolve_type(expression)
    if isinstance(declared, type) and issubclass(declared, BaseModel):
        return declared.model_json_schema(mode="validation")
    from mixpeek._runtime.lenient import adapter

    return adapter(declared).json_schema(mode="validation")


class _Answer(NamedTuple):
    """What the decoder reads of a response besides its body (as urllib3's response offers it)."""

    status: int
    reason: str
    headers: Mapping[str, str]


def check_decoded(declared: Any, variant: str, body: bytes, outcome: Any) -> None:
    """The documented result of decoding a `variant` body as `declared`; `outcome` is a result or error."""
    CASES[variant] = CASES.get(variant, 0) + 1
    if declared is None:
        assert outcome is None and not isinstance(outcome, BaseException)
        return
    if declared is str:  # a text answer is handed over as text, whatever it holds
        assert outcome == body.decode()
        return
    if variant in ("truncated", "not JSON"):
        assert isinstance(outcome, ApiDeserializationError), f"{variant}: {outcome!r}"
        assert outcome.status is not None and 200 <= outcome.status < 300
        assert isinstance(outcome.__cause__, ValueError)
        return
    assert not isinstance(outcome, BaseException), f"{variant} body {body[:300]!r} raised {outcome!r}"
    if variant == "empty":
        assert outcome is None
        return
    parsed = json.loads(body)
    if declared is Any:
        assert outcome == parsed
    if not (isinstance(declared, type) and issubclass(declared, BaseModel)):
        return
    if not isinstance(parsed, dict):
        assert outcome == parsed  # a wrong top-level type is handed over as the raw JSON
        return
    assert isinstance(outcome, MixpeekModel) and isinstance(outcome, declared), f"{variant}: {type(outcome)}"
    for key, value in parsed.items():
        assert key in outcome, f"{variant}: {key!r} was dropped"
        if value is not None and variant in ("valid", "unknown fields"):
            assert outcome[key] is not None, f"{variant}: {key!r} lost its value"
    if variant == "unknown fields":
        assert outcome["x_future_field"] == {"nested": [1, None, "b"]}
    if variant == "unknown enum values":
        future = [key for key, value in parsed.items() if value == "value_from_the_future"]
        assert future and all(outcome[key] == "value_from_the_future" for key in future)


def _decode(decoder: Decoder, body: bytes, status: int) -> Any:
    try:
        return decoder.decode(body, _Answer(status, "OK", {"Content-Type": "application/json"}), "fuzz")
    except ApiDeserializationError as error:  # anything else escapes and fails the test
        return error


@pytest.mark.parametrize("expression", sorted(DECLARED))
def test_generated_bodies_decode_as_documented(expression: str) -> None:
    label, status = DECLARED[expression]
    decoder = plan_for(operations_by_label()[label]).decoder(status)
    assert decoder.kind in ("json", "none", "str"), f"{expression}: no check for {decoder.kind} answers"
    declared = decoder.type if decoder.kind != "none" else None
    schema = _schema(expression)
    strategies = SchemaStrategies(schema)
    seen: list[int] = []

    @FUZZ_SETTINGS
    @seed(20261128)
    @given(strategies.valid(schema))
    def decode_every_variant(value: Any) -> None:
        variants = broken_variants(value, schema, strategies)
        for variant, body in variants.items():
            check_decoded(declared, variant, body, _decode(decoder, body, status))
        seen.append(len(variants))

    decode_every_variant()
    assert len(seen) >= 1 and all(count >= 5 for count in seen)


# --- the real call path ---------------------------------------------------------------------------------
def _core_calls() -> list[SampleCall]:
    calls = []
    for call in sample_calls():
        op = call.operation
        expression = str(op.responses.get("200", ""))
        declared = resolve_type(expression) if expression else None
        is_model = isinstance(declared, type) and issubclass(declared, BaseModel)
        if call.api_class in CORE_CLASSES and is_model and op.response_media == "application/json":
            calls.append(call)
    return calls


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[RecordingServer]:
    with RecordingServer() as server:
        yield server


def _call(call: SampleCall, client: ApiClient) -> Any:
    try:
        return call.call(client, _max_retries=0).data
    except ApiDeserializationError as error:
        return error


@pytest.mark.parametrize("call", _core_calls(), ids=lambda call: call.id)
def test_the_real_call_path_agrees(call: SampleCall, fuzz_server: RecordingServer) -> None:
    expression = str(call.operation.responses["200"])
    declared = resolve_type(expression)
    schema = _schema(expression)
    strategies = SchemaStrategies(schema)
    value = _first_example(strategies.valid(schema))
    variants = broken_variants(value, schema, strategies)
    assert {*BROKEN_VARIANTS, "valid", "top level"} <= set(variants) <= {*JSON_VARIANTS, *BROKEN_VARIANTS}
    fuzz_server.reset()
    with ApiClient(Configuration(host=fuzz_server.url, api_key="sk_fuzz", namespace="ns_fuzz")) as client:
        for variant, body in variants.items():
            fuzz_server.respond(200, body or None, content_type="application/json")
            check_decoded(declared, variant, body, _call(call, client))
    assert len(fuzz_server.requests) == len(variants)


def _first_example(strategy: st.SearchStrategy[Any]) -> Any:
    """The first value the fixed seed draws (no `.example()`: it is random and warns in tests)."""
    found: list[Any] = []

    @settings(FUZZ_SETTINGS, max_examples=1)
    @seed(20261128)
    @given(strategy)
    def take(value: Any) -> None:
        found.append(value)

    take()
    return found[0]


# --- error bodies ----------------------------------------------------------------------------------------
def _error_types() -> dict[str, int]:
    """Each error model the spec declares -> a status it answers. Taken from openapi.json (the generator's
    view of it): the descriptors list success answers only, errors being decoded by their body's shape."""
    found: dict[str, int] = {}
    for api_class in spec_package().api_classes:
        for op in api_class.operations:
            for status, expression in op.responses:
                if status[:1] in ("4", "5") and status.isdigit():
                    found.setdefault(expression, int(status))
    return found


ERROR_STATUSES = (400, 404, 422, 500)


@pytest.mark.parametrize("expression", sorted(_error_types()))
def test_error_bodies_of_any_shape_give_the_status_exception(
    expression: str, fuzz_server: RecordingServer
) -> None:
    schema = _schema(expression)
    strategies = SchemaStrategies(schema)
    get_collection = next(c for c in sample_calls() if c.id == "CollectionsApi.get_collection")
    with ApiClient(Configuration(host=fuzz_server.url, api_key="sk_fuzz")) as client:

        @FUZZ_SETTINGS
        @seed(20261128)
        @given(strategies.valid(schema), st.sampled_from(ERROR_STATUSES))
        def raise_the_status(value: Any, status: int) -> None:
            for variant, body in broken_variants(value, schema, strategies).items():
                fuzz_server.respond(status, body or None)
                with pytest.raises(ApiException) as raised:
                    get_collection.call(client, _max_retries=0)
                assert type(raised.value) is exception_class_for_status(status)
                assert raised.value.status == status and raised.value.body == body.decode()
                CASES[f"error {variant}"] = CASES.get(f"error {variant}", 0) + 1

        raise_the_status()
    fuzz_server.reset()


def total_cases() -> Optional[Mapping[str, int]]:
    """The cases decoded in this run, by variant (None when no fuzz test ran)."""
    return dict(CASES) if CASES else None
