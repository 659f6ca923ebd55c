"""The published package's runtime forms, run under the published package and under ours, give the same.

`runtime_forms_probe.py` runs in each package's interpreter against its own recording server: credentials
set as published (`access_token`, `api_key["NamespaceHeader"]`, `api_key_prefix`), `param_serialize` ->
`call_api` -> `response_deserialize`, an error status, an invalid query parameter, a GET with a declared
body and a manifest given as text. The reports and the requests each server received must agree, except:

- deliberate differences, each with its reason: the User-Agent names each package; a GET whose body is not
  sent carries no Content-Type here (there is no content); a `str` upload is sent as a file part named after
  the field (the server reads upload fields as files), the published package sent a plain field with the
  same content; an invalid parameter raises our `RequestValidationError` (a `ValueError`) where the
  published package raised pydantic's `ValidationError` (also a `ValueError`); `str(ApiException)` starts
  with our one-line message before the published lines; our `response_deserialize` reads a response that
  was not read yet instead of failing an assertion (not exercised);
- what cannot agree: the `Date` header and the multipart boundary.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import _published
from test.support.servers import RecordedRequest, RecordingServer, make_response

PROBE = Path(__file__).with_name("runtime_forms_probe.py")


def _answer(request: RecordedRequest) -> Any:
    if request.raw_path == "/v1/collections/missing":
        return make_response(404, {"error": {"message": "Collection missing not found", "type": "NotFound"}})
    return make_response(200, {"ok": True})


def _run(python: str, tmp_path: Path) -> tuple[dict[str, Any], list[RecordedRequest]]:
    with RecordingServer() as server:
        server.handle_with(_answer)
        done = subprocess.run(
            [python, str(PROBE), server.url], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout), server.requests


def _comparable(request: RecordedRequest) -> dict[str, Any]:
    headers = {
        name: request.headers[name] for name in ("authorization", "x-namespace") if name in request.headers
    }
    content_type = request.headers.get("content-type", "")
    body: Any = request.body.decode()
    if content_type.startswith("multipart/"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.body
        )
        body = {
            part.get_param("name", header="content-disposition"): part.get_payload(decode=True).decode()
            for part in message.iter_parts()
        }
    elif body:
        body = json.loads(body)
        headers["content-type"] = content_type
    return {
        "method": request.method,
        "path": request.raw_path,
        "query": request.query,
        "headers": headers,
        "body": body,
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], list[RecordedRequest]]]:
    published = str(_published.ensure(log=False))
    folder = tmp_path_factory.mktemp("probe")
    return {"published": _run(published, folder), "ours": _run(sys.executable, folder)}


def test_requests_agree(runs: dict[str, tuple[dict[str, Any], list[RecordedRequest]]]) -> None:
    published = [_comparable(request) for request in runs["published"][1]]
    ours = [_comparable(request) for request in runs["ours"][1]]
    assert len(ours) == len(published) == 4  # the invalid limit was sent by neither
    assert ours == published
    assert ours[2]["body"] == "" and ours[3]["body"] == {"manifest_file": "version: '1.0'\n"}


def test_reports_agree(runs: dict[str, tuple[dict[str, Any], list[RecordedRequest]]]) -> None:
    published, ours = runs["published"][0], runs["ours"][0]
    for key in ("auth_settings", "namespace_with_prefix", "alias", "param_serialize", "response_deserialize"):
        assert ours[key] == published[key], key
    assert "ValueError" in ours["bad_limit"]["raised"] and "ValueError" in published["bad_limit"]["raised"]
    assert "limit" in ours["bad_limit"]["text"]
    assert ours["missing"]["raised"][0] == published["missing"]["raised"][0] == "NotFoundException"
    ours_lines, published_lines = (
        ours["missing"]["text"].splitlines(),
        published["missing"]["text"].splitlines(),
    )
    assert (
        ours_lines[0]
        == "CollectionsApi.get_collection failed: HTTP 404 Not Found: Collection missing not found"
    )

    def without_headers(lines: list[str]) -> list[str]:
        return [line for line in lines if not line.startswith("HTTP response headers: ")]

    assert without_headers(ours_lines[1:]) == without_headers(published_lines)
    assert sum(line.startswith("HTTP response headers: ") for line in ours_lines) == 1
    assert "sk_probe_secret_value" not in ours["missing"]["text"]
