"""Configuration: environment, published keyword names, defaults, and never showing the key."""

from __future__ import annotations

import copy
import logging
import pickle
import time
from pathlib import Path

import pytest
import urllib3

import mixpeek
from mixpeek.api_client import ApiClient
from mixpeek.configuration import DEFAULT_HOST, Configuration, IgnoredSettingWarning
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import RecordingServer


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MIXPEEK_API_KEY", "MIXPEEK_NAMESPACE", "MIXPEEK_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    configuration = Configuration()
    assert configuration.host == DEFAULT_HOST == "https://api.mixpeek.com"
    assert configuration.api_key == {} and configuration.access_token is None
    assert configuration.namespace is None
    assert configuration.timeout == 60.0
    assert configuration.max_retries == 2
    assert configuration.verify_ssl is True


def test_environment_values_are_stripped_and_blank_ones_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIXPEEK_API_KEY", "sk_env\r\n")
    monkeypatch.setenv("MIXPEEK_NAMESPACE", "  ")
    configuration = Configuration()
    assert (configuration.api_key, configuration.namespace) == ("sk_env", None)


def test_the_published_scheme_mapping_is_read_the_same_by_constructor_and_setter() -> None:
    for spelling in ("BearerAuth", "bearerAuth"):
        built = Configuration(api_key={spelling: "sk_map", "NamespaceHeader": "ns_map"})
        assigned = Configuration()
        assigned.api_key = {spelling: "sk_map", "NamespaceHeader": "ns_map"}
        assert (
            (built.api_key, built.namespace) == (assigned.api_key, assigned.namespace) == ("sk_map", "ns_map")
        )


def test_environment_and_explicit_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIXPEEK_API_KEY", "sk_env")
    monkeypatch.setenv("MIXPEEK_NAMESPACE", "ns_env")
    monkeypatch.setenv("MIXPEEK_BASE_URL", "http://env.example/")
    from_env = Configuration()
    assert (from_env.api_key, from_env.namespace, from_env.host) == ("sk_env", "ns_env", "http://env.example")
    explicit = Configuration(host="http://arg.example", api_key="sk_arg", namespace="ns_arg")
    assert (explicit.api_key, explicit.namespace, explicit.host) == ("sk_arg", "ns_arg", "http://arg.example")


def test_published_keyword_names() -> None:
    configuration = Configuration(access_token="sk_token", api_key={"NamespaceHeader": "ns_map"}, retries=5)
    assert configuration.api_key == configuration.access_token == "sk_token"
    assert configuration.namespace == "ns_map"
    assert configuration.max_retries == 5
    both = Configuration(api_key={"BearerAuth": "sk_map", "NamespaceHeader": "ns_map"})
    assert (both.api_key, both.namespace) == ("sk_map", "ns_map")
    configuration.access_token = "sk_new"
    assert configuration.api_key == "sk_new"


def test_timeouts_map_to_urllib3(monkeypatch: pytest.MonkeyPatch) -> None:
    configuration = Configuration(host="http://127.0.0.1:9")
    client = ApiClient(configuration)
    default = client._timeout(None, "test")
    assert (default.connect_timeout, default.read_timeout) == (60.0, 60.0)
    configuration.timeout = 5
    configuration.connect_timeout = 2
    changed = client._timeout(None, "test")
    assert (changed.connect_timeout, changed.read_timeout) == (2, 5)
    per_call = client._timeout((1, 30), "test")
    assert isinstance(per_call, urllib3.Timeout)
    assert (per_call.connect_timeout, per_call.read_timeout) == (1, 30)
    client.close()


def test_secrets_never_show_but_copies_keep_them() -> None:
    with pytest.warns(IgnoredSettingWarning, match="password"):
        configuration = Configuration(api_key="sk_live_supersecret", password="hunter22")
    assert configuration.password == "hunter22"
    for text in (repr(configuration), str(configuration), str(vars(configuration))):
        assert "supersecret" not in text and "hunter22" not in text
    assert "sk_****" in repr(configuration)
    assert b"hunter22" not in pickle.dumps(configuration)
    restored = pickle.loads(pickle.dumps(configuration))
    assert restored.access_token is None and not restored.api_key and restored.host == configuration.host
    assert restored.password is None
    clone = copy.deepcopy(configuration)
    assert clone.api_key == "sk_live_supersecret" and clone is not configuration
    assert copy.copy(configuration).api_key == "sk_live_supersecret"
    client = ApiClient(configuration)
    assert "supersecret" not in repr(client)
    assert b"supersecret" not in pickle.dumps(client)
    client.close()


def test_default_configuration_and_client() -> None:
    previous_configuration, previous_client = Configuration._default, ApiClient._default
    try:
        Configuration.set_default(Configuration(host="http://default.example"))
        ApiClient.set_default(None)
        client = ApiClient.get_default()
        assert client is ApiClient.get_default()
        assert client.configuration.host == "http://default.example"
        assert Configuration.get_default_copy().host == "http://default.example"
    finally:
        Configuration.set_default(previous_configuration)
        ApiClient.set_default(previous_client)


def test_client_settings_and_user_agent() -> None:
    with ApiClient(Configuration(), header_name="X-Team", header_value="search", cookie="a=b") as client:
        assert client.default_headers["X-Team"] == "search"
        assert client.user_agent == f"mixpeek-python/{mixpeek.__version__} (API {mixpeek.API_VERSION})"
        client.user_agent = "custom/1"
        assert client.default_headers["User-Agent"] == "custom/1"
        assert client.cookie == "a=b"


def test_debug_logs_each_attempt_to_stderr_without_the_key(
    recording_server: RecordingServer, capsys: pytest.CaptureFixture[str]
) -> None:
    logger = logging.getLogger("mixpeek")
    handlers, level = list(logger.handlers), logger.level
    logger.handlers.clear()
    try:
        recording_server.respond(200, {"collection_id": "c1"})
        configuration = Configuration(host=recording_server.url, api_key="sk_debug_secret", debug=True)
        with ApiClient(configuration) as client:
            client.call(GET_COLLECTION, ("c1",))
        err = capsys.readouterr().err
        assert "CollectionsApi.get_collection: attempt 1: GET /v1/collections/c1" in err
        assert "sk_debug_secret" not in err
        configuration.debug = False
        assert logger.level == logging.NOTSET  # the application's logging configuration decides again
        assert logger.handlers == []  # the SDK's stderr handler is gone
    finally:
        logger.handlers[:] = handlers
        logger.setLevel(level)


def test_a_pickled_configuration_keeps_its_retry_settings_but_not_injected_functions() -> None:
    from mixpeek._runtime.retry import RetryPolicy

    policy = RetryPolicy(max_retries=5, initial_backoff=0.1, max_total_wait=9.0, sleep=lambda seconds: None)
    restored = pickle.loads(pickle.dumps(Configuration(retry_policy=policy)))
    assert (restored.retry_policy.max_retries, restored.retry_policy.initial_backoff) == (5, 0.1)
    assert restored.retry_policy.max_total_wait == 9.0
    assert restored.retry_policy.sleep is time.sleep


def test_setting_logger_file_again_replaces_the_sdk_file_handler(tmp_path: Path) -> None:
    logger = logging.getLogger("mixpeek")
    before = list(logger.handlers)
    configuration = Configuration()
    try:
        configuration.logger_file = str(tmp_path / "first.log")
        configuration.logger_file = str(tmp_path / "second.log")
        added = [h for h in logger.handlers if h not in before]
        assert [Path(h.baseFilename).name for h in added] == ["second.log"]  # type: ignore[attr-defined]
    finally:
        configuration.logger_file = None
    assert logger.handlers == before
