"""The defaults of a descriptor's left-out fields (`mixpeek._runtime.operation`), as the plan applies them."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from mixpeek._runtime.operation import DEFAULT_SECURITY, JSON_MEDIA, Operation, Param
from mixpeek._runtime.plan import plan_for


def _op(method: str, *params: Param, **fields: object) -> Operation:
    return Operation(
        name="do", method=method, path="/v1/things", params=params, responses={"200": "Any"}, **fields
    )  # type: ignore[arg-type]


def test_a_param_is_sent_under_its_name_unless_it_names_a_wire_name() -> None:
    assert Param(name="limit", location="query").wire == "limit"
    assert Param(name="var_async", location="query", wire="async").wire == "async"
    assert Param(name="limit", location="query").required is False


@pytest.mark.parametrize(
    ("method", "idempotent"),
    [
        ("GET", True),
        ("HEAD", True),
        ("PUT", True),
        ("DELETE", True),
        ("OPTIONS", True),
        ("POST", False),
        ("PATCH", False),
    ],
)
def test_idempotency_follows_the_method_unless_stated(method: str, idempotent: bool) -> None:
    assert plan_for(_op(method)).idempotent is idempotent
    assert plan_for(_op(method, idempotent=not idempotent)).idempotent is (not idempotent)


def test_the_request_media_is_json_when_there_is_a_body_unless_stated() -> None:
    body = Param(name="body", location="body", required=True)
    form = Param(name="file", location="form", required=True, is_file=True)
    assert plan_for(_op("POST", body)).content_type == JSON_MEDIA
    assert plan_for(_op("POST")).content_type is None
    assert (
        plan_for(_op("POST", form, content_type="multipart/form-data")).content_type == "multipart/form-data"
    )
    assert plan_for(_op("GET", body)).content_type is None  # a GET's body is never sent


def test_answers_are_json_and_calls_need_a_key_and_a_namespace_unless_stated() -> None:
    plan = plan_for(_op("GET"))
    assert (plan.response_media, plan.accept, plan.bearer, plan.namespace) == (
        JSON_MEDIA,
        JSON_MEDIA,
        True,
        True,
    )
    assert DEFAULT_SECURITY == ("BearerAuth", "NamespaceHeader")
    public = plan_for(_op("GET", security=(), response_media="application/x-ndjson"))
    assert (public.accept, public.bearer, public.namespace) == ("application/x-ndjson", False, False)


@pytest.fixture()
def api_module() -> Iterator[types.ModuleType]:
    """A module declaring descriptors before its `BaseApi` class, as a generated module does."""
    module = types.ModuleType("mixpeek_test_things_api")
    sys.modules[module.__name__] = module
    source = (
        "from mixpeek._api_base import BaseApi\n"
        "from mixpeek._runtime.operation import Operation\n"
        "_GET = Operation(name='get_thing', method='GET', path='/v1/things', responses={'200': 'Any'})\n"
        "_OTHER = Operation(name='other', api='OtherApi', method='GET', path='/o', responses={})\n"
        "class ThingsApi(BaseApi):\n"
        "    pass\n"
    )
    exec(compile(source, module.__name__, "exec"), vars(module))  # noqa: S102 - a fixed test module
    yield module
    del sys.modules[module.__name__]


def test_the_class_names_itself_as_the_api_of_its_modules_descriptors(api_module: types.ModuleType) -> None:
    assert api_module._GET.api == "ThingsApi"
    assert plan_for(api_module._GET).label == "ThingsApi.get_thing"
    assert api_module._OTHER.api == "OtherApi"  # a descriptor that names its class keeps it


def test_an_unbound_descriptor_is_labelled_by_its_name() -> None:
    assert _op("GET").label == "do"
