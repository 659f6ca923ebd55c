"""Date-times that are not ISO 8601: read with python-dateutil in responses and in Retry-After, which is
imported only when such a value is met."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest

import mixpeek
from mixpeek._runtime import dates
from test.conftest import MakeClient
from test.runtime.fixtures import GET_COLLECTION
from test.support.clock import FakeClock
from test.support.servers import RecordingServer

UTC = datetime.timezone.utc
BUCKET = {"bucket_id": "bkt_1", "bucket_name": "clips", "object_count": 0, "total_size_bytes": 0}


def test_a_response_date_time_in_other_forms_becomes_a_datetime(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(
        200,
        {
            **BUCKET,
            "created_at": "Tue, 01 Dec 2026 10:00:00 GMT",
            "updated_at": "2026/12/01 10:00",
            "last_upload_at": "2026-12-01 10:00",
            "stats_updated_at": "December 1, 2026 10:00 AM +0200",
        },
    )
    bucket = mixpeek.BucketsApi(make_client()).get_bucket("bkt_1")
    assert bucket.created_at == datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert bucket.updated_at == datetime.datetime(2026, 12, 1, 10, 0)
    assert bucket.last_upload_at == datetime.datetime(2026, 12, 1, 10, 0)
    expected_zone = datetime.timezone(datetime.timedelta(hours=2))
    assert bucket.stats_updated_at == datetime.datetime(2026, 12, 1, 10, 0, tzinfo=expected_zone)
    assert bucket.bucket_name == "clips"


def test_a_date_time_no_parser_can_read_stays_a_string_and_the_call_succeeds(
    make_client: MakeClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(
        200, {**BUCKET, "created_at": "soon", "updated_at": "Tue, 01 Dec 2026 10:00:00 EST"}
    )
    bucket = mixpeek.BucketsApi(make_client()).get_bucket("bkt_1")
    assert bucket.created_at == "soon"
    assert bucket.updated_at == "Tue, 01 Dec 2026 10:00:00 EST"  # EST is ambiguous: not guessed
    assert bucket.bucket_id == "bkt_1"


def test_retry_after_as_an_iso_date_is_waited_for(
    make_client: MakeClient, recording_server: RecordingServer, clock: FakeClock
) -> None:
    moment = datetime.datetime.fromtimestamp(clock.now + 12, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    recording_server.enqueue(503, headers={"Retry-After": moment})
    recording_server.respond(200, {"collection_id": "c1"})
    make_client().call(GET_COLLECTION, ("c1",))
    assert clock.sleeps == [12.0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Tue, 01 Dec 2026 10:00:00 GMT", datetime.datetime(2026, 12, 1, 10, 0, tzinfo=UTC)),
        ("01 Dec 2026", datetime.datetime(2026, 12, 1)),
        ("2026-12-01T10:00:05-05:00", datetime.datetime(2026, 12, 1, 15, 0, 5, tzinfo=UTC)),
        ("5", None),  # no year: not "the 5th of this month"
        ("Dec 1", None),
        ("Tue, 01 Dec 2026 10:00:00 XYZ", None),  # an unknown zone is refused, not dropped
        ("2026-13-45", None),
        ("x" * 70 + " 2026", None),
    ],
)
def test_parse_datetime_reads_what_it_can_without_guessing(
    text: str, expected: datetime.datetime | None
) -> None:
    assert dates.parse_datetime(text) == expected


def test_a_declared_date_gets_the_date_and_other_types_are_left_alone() -> None:
    assert dates.parse_moment(datetime.date, "December 1, 2026") == datetime.date(2026, 12, 1)
    assert dates.parse_moment(str, "December 1, 2026") is None
    assert dates.parse_moment(datetime.datetime, 1_700_000_000) is None


def test_dateutil_is_imported_only_when_a_non_iso_value_is_met() -> None:
    code = (
        "import sys, mixpeek\n"
        "from mixpeek._runtime import lenient\n"
        "from mixpeek.models import BucketResponse\n"
        "body = {'bucket_id': 'b', 'bucket_name': 'n', 'object_count': 0, 'total_size_bytes': 0}\n"
        "lenient.build(BucketResponse, {**body, 'created_at': '2026-12-01T10:00:00Z'})\n"
        "print('dateutil' in sys.modules)\n"
        "lenient.build(BucketResponse, {**body, 'created_at': 'Tue, 01 Dec 2026 10:00:00 GMT'})\n"
        "print('dateutil' in sys.modules)\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["False", "True"]
