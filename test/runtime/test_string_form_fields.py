"""Upload fields API 0.82 declares as strings: a `str` is the field's content, never a path on disk.

The descriptor decides (`Param.is_file` with `type="str"`): the manifest endpoints and the model upload send
a `str` as the file part's content, as the published package sent the text; bytes, `(filename, bytes)`, file
objects and `os.PathLike` paths are still files. Descriptors with `type="bytes"` keep reading a `str` path
(test_request_building covers that).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

import pytest

import mixpeek
from mixpeek.api_client import ApiClient
from test.runtime.test_request_building import _multipart_parts
from test.support.servers import RecordingServer

MANIFEST = "version: '1.0'\nnamespaces: []\n"


def _parts(server: RecordingServer) -> dict[Any, tuple[Any, ...]]:
    request = server.last_request
    return _multipart_parts(request.body, request.headers["Content-Type"])


@pytest.mark.parametrize("method", ["apply_manifest", "diff_manifest", "lint_manifest", "validate_manifest"])
def test_manifest_text_is_sent_as_the_file_content(
    method: str, api_client: ApiClient, recording_server: RecordingServer, tmp_path: Path
) -> None:
    recording_server.respond(200, {"success": True})
    call: Callable[..., Any] = getattr(mixpeek.ManifestApi(api_client), method)
    call(MANIFEST, parameters='{"camera": "rtsp://x"}')
    parts = _parts(recording_server)
    assert parts["manifest_file"][1] == MANIFEST.encode()
    assert parts["parameters"] == (None, b'{"camera": "rtsp://x"}', "text/plain")
    looks_like_a_path = str(tmp_path / "manifest.yaml")
    (tmp_path / "manifest.yaml").write_text("from disk")
    call(looks_like_a_path)  # a str is content even when a file of that name exists
    assert _parts(recording_server)["manifest_file"][1] == looks_like_a_path.encode()


def test_manifest_files_still_work(
    api_client: ApiClient, recording_server: RecordingServer, tmp_path: Path
) -> None:
    recording_server.respond(200, {"success": True})
    manifest = tmp_path / "env.yaml"
    manifest.write_bytes(b"from: disk\n")
    api = mixpeek.ManifestApi(api_client)
    cases = [
        (b"raw: bytes\n", ("manifest_file", b"raw: bytes\n")),
        (("m.yaml", b"tuple: yes\n"), ("m.yaml", b"tuple: yes\n")),
        (io.BytesIO(b"stream: yes\n"), ("manifest_file", b"stream: yes\n")),
        (manifest, ("env.yaml", b"from: disk\n")),
    ]
    for value, (filename, content) in cases:
        api.validate_manifest(value)
        assert _parts(recording_server)["manifest_file"][:2] == (filename, content)


def test_model_upload_sends_text_fields_and_a_str_archive_as_content(
    api_client: ApiClient, recording_server: RecordingServer
) -> None:
    recording_server.respond(200, {"success": True, "model_id": "m1"})
    mixpeek.CustomModelsApi(api_client).upload_model_namespaces(
        "ns1", "archive-as-text", "my-model", "1", "onnx", num_cpus=2.0, num_gpus=1
    )
    parts = _parts(recording_server)
    assert recording_server.last_request.raw_path == "/v1/namespaces/ns1/models"
    assert parts["file"][1] == b"archive-as-text"
    assert {name: parts[name][1] for name in ("name", "version", "model_format", "num_cpus", "num_gpus")} == {
        "name": b"my-model",
        "version": b"1",
        "model_format": b"onnx",
        "num_cpus": b"2.0",
        "num_gpus": b"1",
    }
