"""Settings kept only for the published package's code: accepted, ignored, and a warning when set."""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import pytest

import mixpeek
from mixpeek._runtime.compat_settings import COMPAT_SETTINGS
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration, IgnoredSettingWarning
from mixpeek.exceptions import ApiValueError
from test.runtime.fixtures import GET_COLLECTION
from test.support.servers import RecordingServer

#: A value other than the default, for each setting.
OTHER: dict[str, Any] = {
    "username": "user",
    "password": "pw",
    "server_index": 1,
    "server_variables": {"region": "eu"},
    "server_operation_index": {"get_collection": 1},
    "server_operation_variables": {"get_collection": {"region": "eu"}},
    "ignore_operation_servers": True,
    "safe_chars_for_path_param": "/",
    "client_side_validation": False,
    "datetime_format": "%d/%m/%Y %H:%M",
    "date_format": "%d/%m/%Y",
    "temp_folder_path": "/tmp/downloads",
}
NAMES = [setting.name for setting in COMPAT_SETTINGS]


def test_the_table_names_each_setting_once_and_every_one_is_a_configuration_attribute() -> None:
    assert sorted(NAMES) == sorted(OTHER)
    for name in NAMES:
        assert getattr(Configuration, name) in COMPAT_SETTINGS


def test_a_new_configuration_has_the_defaults_and_warns_about_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        configuration = Configuration()
        values = {setting.name: getattr(configuration, setting.name) for setting in COMPAT_SETTINGS}
        for setting in COMPAT_SETTINGS:
            setattr(configuration, setting.name, setting.default)  # the default again: no warning
    assert values == {setting.name: setting.default for setting in COMPAT_SETTINGS}


@pytest.mark.parametrize("name", NAMES)
def test_setting_another_value_warns_naming_the_setting_and_why_and_keeps_it(name: str) -> None:
    configuration = Configuration()
    with pytest.warns(
        IgnoredSettingWarning, match=rf"Configuration\.{name} is accepted .* ignored: \w+"
    ) as got:
        line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
        setattr(configuration, name, OTHER[name])
    assert (got[0].filename, got[0].lineno) == (__file__, line)
    assert getattr(configuration, name) == OTHER[name]


def test_the_published_positional_arguments_warn_at_the_caller() -> None:
    with pytest.warns(IgnoredSettingWarning) as got:
        line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
        configuration = Configuration("http://h", None, None, "user", None, None, 2)
    assert sorted(str(w.message).split(" ")[0] for w in got) == [
        "Configuration.server_index",
        "Configuration.username",
    ]
    assert {(w.filename, w.lineno) for w in got} == {(__file__, line)}
    assert (configuration.username, configuration.server_index) == ("user", 2)


def test_ignored_really_means_ignored(recording_server: RecordingServer) -> None:
    with pytest.warns(IgnoredSettingWarning):
        configuration = Configuration(host=recording_server.url, api_key="sk_x")
        configuration.safe_chars_for_path_param = "/"
        configuration.client_side_validation = False
    recording_server.respond(200, {"collection_id": "a/b"})
    with ApiClient(configuration) as client:
        client.call(GET_COLLECTION, ("a/b",))
        assert recording_server.last_request.raw_path == "/v1/collections/a%2Fb"  # the slash stays encoded
        with pytest.raises(ApiValueError):  # arguments are still checked before sending
            mixpeek.CollectionsApi(client).get_collection("")
