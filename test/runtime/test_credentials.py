"""Credentials: the published per-scheme forms and ours set one key and one namespace, and calls send them."""

from __future__ import annotations

import copy
import pickle

import pytest

import mixpeek
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import RecordingServer

AUTH_HEADERS = ("authorization", "x-namespace")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MIXPEEK_API_KEY", "MIXPEEK_NAMESPACE", "MIXPEEK_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def _sent_credentials(server: RecordingServer, configuration: Configuration) -> dict[str, str]:
    """The Authorization and X-Namespace headers one call made with `configuration` sends."""
    server.respond(200, {"collection_id": "c1"})
    with ApiClient(configuration) as client:
        client.call(GET_COLLECTION, ("c1",))
    headers = server.last_request.headers
    return {name: headers[name] for name in AUTH_HEADERS if name in headers}


def test_the_published_dict_forms_are_sent(recording_server: RecordingServer) -> None:
    configuration = Configuration(host=recording_server.url)
    configuration.api_key["BearerAuth"] = "sk_from_dict"
    configuration.api_key["NamespaceHeader"] = "ns_from_dict"
    assert _sent_credentials(recording_server, configuration) == {
        "authorization": "Bearer sk_from_dict",
        "x-namespace": "ns_from_dict",
    }
    configuration.api_key_prefix["BearerAuth"] = "Token"
    assert _sent_credentials(recording_server, configuration)["authorization"] == "Token sk_from_dict"


@pytest.mark.parametrize(
    "build",
    [
        lambda url: Configuration(host=url, api_key="sk_one", namespace="ns_one"),
        lambda url: Configuration(host=url, access_token="sk_one", api_key={"NamespaceHeader": "ns_one"}),
        lambda url: Configuration(
            host=url, api_key={"BearerAuth": "sk_one", "NamespaceHeader": "ns_one"}, api_key_prefix={}
        ),
    ],
    ids=["ours", "access_token", "scheme-mapping"],
)
def test_every_form_sets_the_same_single_key(recording_server: RecordingServer, build) -> None:  # type: ignore[no-untyped-def]
    configuration = build(recording_server.url)
    assert configuration.api_key == "sk_one" and configuration.access_token == "sk_one"
    assert configuration.api_key["BearerAuth"] == "sk_one"
    assert configuration.namespace == configuration.api_key["NamespaceHeader"] == "ns_one"
    assert _sent_credentials(recording_server, configuration) == {
        "authorization": "Bearer sk_one",
        "x-namespace": "ns_one",
    }
    configuration.api_key = "sk_two"  # our string form replaces the key, keeps the namespace
    assert configuration.api_key["BearerAuth"] == configuration.access_token == "sk_two"
    assert configuration.namespace == "ns_one"
    del configuration.api_key["BearerAuth"]
    assert configuration.access_token is None and "BearerAuth" not in configuration.api_key


def test_environment_fills_the_mapping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIXPEEK_API_KEY", "sk_env")
    monkeypatch.setenv("MIXPEEK_NAMESPACE", "ns_env")
    configuration = Configuration()
    assert dict(configuration.api_key) == {"BearerAuth": "sk_env", "NamespaceHeader": "ns_env"}


def test_auth_settings_describe_what_is_sent() -> None:
    configuration = Configuration()
    assert configuration.auth_settings() == {}
    configuration.api_key["NamespaceHeader"] = "ns1"
    assert configuration.auth_settings() == {
        "NamespaceHeader": {"type": "api_key", "in": "header", "key": "X-Namespace", "value": "ns1"}
    }
    configuration.access_token = "sk_abc"
    assert configuration.auth_settings()["BearerAuth"] == {
        "type": "bearer",
        "in": "header",
        "key": "Authorization",
        "value": "Bearer sk_abc",
    }


def test_get_api_key_with_prefix_and_alias() -> None:
    configuration = Configuration(api_key={"BearerAuth": "sk_abc", "NamespaceHeader": "ns1"})
    assert configuration.get_api_key_with_prefix("BearerAuth") == "sk_abc"
    configuration.api_key_prefix["BearerAuth"] = "Bearer"
    assert configuration.get_api_key_with_prefix("BearerAuth") == "Bearer sk_abc"
    assert configuration.get_api_key_with_prefix("NamespaceHeader") == "ns1"
    assert configuration.get_api_key_with_prefix("Other") is None
    assert configuration.get_api_key_with_prefix("Other", alias="NamespaceHeader") == "ns1"


def test_refresh_hook_runs_before_each_call(recording_server: RecordingServer) -> None:
    configuration = Configuration(host=recording_server.url)
    tokens = iter(["sk_first", "sk_second"])
    configuration.refresh_api_key_hook = lambda cfg: cfg.api_key.__setitem__("BearerAuth", next(tokens))
    assert _sent_credentials(recording_server, configuration)["authorization"] == "Bearer sk_first"
    assert _sent_credentials(recording_server, configuration)["authorization"] == "Bearer sk_second"


def test_the_mapping_never_shows_or_pickles_the_key() -> None:
    configuration = Configuration(api_key={"BearerAuth": "sk_live_supersecret", "NamespaceHeader": "ns1"})
    configuration.refresh_api_key_hook = lambda cfg: None
    for text in (repr(configuration.api_key), str(configuration.api_key), str(vars(configuration))):
        assert "supersecret" not in text
    assert "ns1" in repr(configuration.api_key)
    restored = pickle.loads(pickle.dumps(configuration))
    assert dict(restored.api_key) == {"NamespaceHeader": "ns1"} and restored.refresh_api_key_hook is None
    for clone in (copy.deepcopy(configuration), copy.copy(configuration)):
        assert clone.api_key == "sk_live_supersecret"
        clone.api_key["BearerAuth"] = "sk_changed"
        clone.api_key = "sk_changed_again"
        assert configuration.api_key["BearerAuth"] == "sk_live_supersecret"


def test_generated_layer_sends_the_dict_key(recording_server: RecordingServer) -> None:
    recording_server.respond(200, {"collection_id": "c1"})
    configuration = mixpeek.Configuration(host=recording_server.url)
    configuration.api_key["BearerAuth"] = "sk_generated"
    configuration.api_key["NamespaceHeader"] = "ns_generated"
    with mixpeek.ApiClient(configuration) as client:
        mixpeek.CollectionsApi(client).get_collection("c1")
    headers = recording_server.last_request.headers
    assert (headers["Authorization"], headers["X-Namespace"]) == ("Bearer sk_generated", "ns_generated")
