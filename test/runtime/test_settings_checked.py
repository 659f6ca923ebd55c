"""A wrong client setting fails where it is written, and a setting changed later fails naming the call.

Timeouts, the call deadline, the answer size limit and the retry count are checked when a `Configuration`
or a `Mixpeek` client is built (and the retry count whenever it is set): a typo such as ``timeout="5"``
should not wait for the first call, far from the line that made it. A value assigned to the configuration
afterwards is checked by the next call, whose `ApiValueError` names that call and says nothing was sent.
"""

from __future__ import annotations

from typing import Any

import pytest
import urllib3

import mixpeek
from test.support.servers import RecordingServer

BAD_CONFIGURATION_SETTINGS: list[tuple[dict[str, Any], str]] = [
    ({"timeout": -1}, "timeout"),
    ({"timeout": "5"}, "timeout"),
    ({"timeout": float("nan")}, "timeout"),
    ({"timeout": (1.0,)}, "timeout"),
    ({"connect_timeout": 0}, "timeout (connect)"),
    ({"read_timeout": "slow"}, "timeout (read)"),
    ({"total_timeout": 0}, "total_timeout"),
    ({"max_response_bytes": 0}, "max_response_bytes"),
    ({"max_retries": -1}, "max_retries"),
    ({"max_retries": 1.5}, "max_retries"),
    ({"retries": "3"}, "max_retries"),
]


@pytest.mark.parametrize(("setting", "named"), BAD_CONFIGURATION_SETTINGS)
def test_a_configuration_refuses_a_bad_setting_when_built(setting: dict[str, Any], named: str) -> None:
    with pytest.raises(mixpeek.ApiValueError) as caught:
        mixpeek.Configuration(**setting)
    assert str(caught.value).startswith(f"invalid {named} ")


@pytest.mark.parametrize(
    "setting",
    [
        {"timeout": -1},
        {"timeout": "5"},
        {"max_retries": -1},
        {"total_timeout": -3},
        {"max_response_bytes": -1},
    ],
)
def test_the_high_level_client_refuses_a_bad_setting_when_built(setting: dict[str, Any]) -> None:
    with pytest.raises(mixpeek.ApiValueError):
        mixpeek.Mixpeek(api_key="sk_test_123456", **setting)


def test_good_settings_are_kept() -> None:
    configuration = mixpeek.Configuration(timeout=(2, 30), total_timeout=90, max_response_bytes=1 << 20)
    assert (configuration.timeout, configuration.total_timeout) == ((2, 30), 90)
    assert mixpeek.Mixpeek(api_key="sk_test_123456", timeout=None).api.configuration.timeout == 60.0
    assert mixpeek.Configuration(timeout=urllib3.Timeout(connect=1, read=5)).timeout.read_timeout == 5


@pytest.mark.parametrize(("retry", "count"), [(urllib3.Retry(total=3), 3), (urllib3.Retry(total=False), 0)])
def test_a_urllib3_retry_gives_its_total(retry: urllib3.Retry, count: int) -> None:
    """The published package handed ``retries`` to urllib3, so code passes ``urllib3.Retry`` objects."""
    assert mixpeek.Configuration(retries=retry).max_retries == count


def test_a_urllib3_retry_without_total_keeps_the_default() -> None:
    assert mixpeek.Configuration(retries=urllib3.Retry(total=None)).max_retries == 2


def test_a_retry_count_set_later_is_checked_when_set() -> None:
    configuration = mixpeek.Configuration()
    with pytest.raises(mixpeek.ApiValueError, match="max_retries"):
        configuration.max_retries = -2
    assert configuration.max_retries == 2


@pytest.mark.parametrize(
    ("attribute", "value"), [("timeout", "abc"), ("total_timeout", -1), ("max_response_bytes", "big")]
)
def test_a_setting_changed_later_fails_the_call_naming_it(
    recording_server: RecordingServer, attribute: str, value: Any
) -> None:
    configuration = mixpeek.Configuration(host=recording_server.url, access_token="sk_test_123456")
    api = mixpeek.CollectionsApi(mixpeek.ApiClient(configuration))
    setattr(configuration, attribute, value)
    with pytest.raises(mixpeek.ApiValueError) as caught:
        api.get_collection("col_1")
    message = str(caught.value)
    assert message.startswith("CollectionsApi.get_collection: invalid ")
    assert message.endswith("nothing was sent")
    assert recording_server.requests == []
