"""The compatibility guard: published names a new spec drops are kept as deprecated aliases that warn.

Two halves: `spec_builder.compat` marks them in the spec (checked on small specs), and the generated code
(the golden case `deprecated_aliases`) keeps them working: run in a throw-away project against a local
recording server.
"""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

from spec_builder.compat import Surface, keep_published_names
from test.generator.goldens import GOLDEN_ROOT, GoldenCase
from test.generator.test_golden import _project_with_golden_output

SURFACE = Surface(
    methods={"list_things_v1_things_get", "delete_thing_v1_gone_delete"},
    params_of={"list_things_v1_things_get": {"limit", "cursor"}, "delete_thing_v1_gone_delete": set()},
    fields_of={"Thing": {"name", "legacy_color"}, "Gone": {"a"}},
)


def _op(operation_id: str, *params: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": [{"name": name, "in": "query", "schema": {"type": "string"}} for name in params],
        "responses": {"200": {"description": "ok"}},
    }


OLD: dict[str, Any] = {
    "paths": {
        "/v1/things/": {"get": _op("list_things_v1_things_get", "limit", "cursor")},
        "/v1/gone": {"delete": _op("delete_thing_v1_gone_delete")},
    },
    "components": {
        "schemas": {
            "Thing": {"properties": {"name": {"type": "string"}, "legacy_color": {"type": "string"}}},
            "Gone": {"properties": {"a": {"type": "string"}}},
        }
    },
}
NEW: dict[str, Any] = {
    "paths": {"/v1/things": {"get": _op("list_things", "limit")}},
    "components": {"schemas": {"Thing": {"properties": {"name": {"type": "string"}}}}},
}


def test_the_guard_keeps_what_the_api_still_allows_and_reports_what_it_cannot() -> None:
    new = copy.deepcopy(NEW)
    notes = keep_published_names(OLD, new, SURFACE)
    operation = new["paths"]["/v1/things"]["get"]
    assert operation["x-deprecated-aliases"] == ["list_things_v1_things_get"]  # the trailing slash went
    assert operation["x-retired-parameters"] == ["cursor"]
    kept_field = new["components"]["schemas"]["Thing"]["properties"]["legacy_color"]
    assert kept_field["deprecated"] is True and kept_field["x-deprecated-alias"] is True
    assert {(n.kind, n.name, n.kept) for n in notes} == {
        ("method", "list_things_v1_things_get", True),
        ("parameter", "list_things(cursor)", True),
        ("field", "Thing.legacy_color", True),
        ("method", "delete_thing_v1_gone_delete", False),
        ("field", "Gone.a", False),
    }


def test_running_the_guard_again_on_its_own_output_adds_nothing() -> None:
    once = copy.deepcopy(NEW)
    keep_published_names(OLD, once, SURFACE)
    twice = copy.deepcopy(once)
    notes = keep_published_names(once, twice, SURFACE)
    assert twice == once and all(note.kept is False or note.kind != "method" for note in notes)


def test_schemas_without_removed_published_fields_are_left_as_they_are() -> None:
    enum = {"type": "string", "enum": ["a"]}
    old = {
        "paths": {},
        "components": {"schemas": {"Kind": enum, "Thing": OLD["components"]["schemas"]["Thing"]}},
    }
    new = {"paths": {}, "components": {"schemas": {"Kind": dict(enum), "Thing": {"properties": {}}}}}
    keep_published_names(old, new, SURFACE)
    assert new["components"]["schemas"]["Kind"] == enum
    assert list(new["components"]["schemas"]["Thing"]["properties"]) == ["name", "legacy_color"]


KEPT_NAMES_TEST = """
from __future__ import annotations

import warnings

import pytest

from mixpeek.api.things_api import ThingsApi
from mixpeek.models import Thing
from test.generated._support import json_body


def test_the_old_method_name_calls_the_new_method_and_warns(api_client, recording_server) -> None:
    recording_server.respond(200, json_body([{"name": "a", "legacy_color": "red"}]))
    api = ThingsApi(api_client)
    expected = r"list_things_v1_things_get\\(\\) is deprecated.*list_things\\(\\)"
    with pytest.warns(DeprecationWarning, match=expected):
        things = api.list_things_v1_things_get(limit=3)
    request = recording_server.last_request
    assert (request.raw_path, request.query) == ("/v1/things", {"limit": ["3"]})
    with pytest.warns(DeprecationWarning, match="legacy_color is deprecated"):
        assert things[0].legacy_color == "red"
    with pytest.warns(DeprecationWarning):
        info = api.list_things_v1_things_get_with_http_info()
    assert info.status_code == 200


def test_a_retired_parameter_is_accepted_warned_about_and_not_sent(api_client, recording_server) -> None:
    recording_server.respond(200, json_body([]))
    with pytest.warns(DeprecationWarning, match="'cursor' is deprecated") as caught:
        ThingsApi(api_client).list_things(limit=2, cursor="c1")
    assert caught[0].filename == __file__
    request = recording_server.last_request
    assert (request.raw_path, request.query) == ("/v1/things", {"limit": ["2"]})


def test_the_new_names_do_not_warn_and_a_kept_field_not_sent_reads_none(api_client, recording_server) -> None:
    recording_server.respond(200, json_body([]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ThingsApi(api_client).list_things(limit=1)
        thing = Thing(name="n")
    with pytest.warns(DeprecationWarning, match="Thing.legacy_color is deprecated") as caught:
        assert thing.legacy_color is None
    assert caught[0].filename == __file__
"""


def test_the_generated_aliases_work_and_warn(tmp_path: Path) -> None:
    case = GoldenCase(name="deprecated_aliases", folder=GOLDEN_ROOT / "deprecated_aliases")
    _project_with_golden_output(case, tmp_path)
    (tmp_path / "test" / "test_kept_names.py").write_text(KEPT_NAMES_TEST, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test/test_kept_names.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout
