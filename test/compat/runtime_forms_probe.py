"""Runs the published package's runtime forms against a server; run by test_runtime_forms.py under both the
published package's interpreter and ours. Prints a JSON report of what the calls returned or raised (what
they sent is recorded by the server). Only names both packages have are used."""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Dict

import mixpeek
from mixpeek.api_client import ApiClient
from mixpeek.configuration import Configuration

KEY = "sk_probe_secret_value"


def _outcome(step: Callable[[], Any]) -> Dict[str, Any]:
    try:
        return {"returned": type(step()).__name__}
    except Exception as error:  # the report names what was raised; the test decides what matters
        return {"raised": [cls.__name__ for cls in type(error).__mro__], "text": str(error)}


def main(url: str) -> None:
    report: Dict[str, Any] = {}
    configuration = Configuration(host=url, access_token=KEY)
    configuration.api_key["NamespaceHeader"] = "ns_probe"
    configuration.api_key_prefix["NamespaceHeader"] = "Space"
    report["auth_settings"] = configuration.auth_settings()
    report["namespace_with_prefix"] = configuration.get_api_key_with_prefix("NamespaceHeader")
    report["alias"] = configuration.get_api_key_with_prefix("Missing", alias="NamespaceHeader")
    del configuration.api_key_prefix["NamespaceHeader"]
    client = ApiClient(configuration)
    method, full_url, headers, body, post_params = client.param_serialize(
        "POST",
        "/v1/collections/{collection_identifier}/documents/list",
        path_params={"collection_identifier": "col 1"},
        query_params=[("limit", 5), ("include_total", True)],
        header_params={"Content-Type": "application/json", "Accept": "application/json"},
        body={"filters": {"k": "v"}},
        auth_settings=["BearerAuth", "NamespaceHeader"],
    )
    headers.pop("User-Agent", None)
    report["param_serialize"] = [method, full_url[len(url) :], headers, body, post_params]
    response = client.call_api(method, full_url, headers, body, post_params)  # request 1
    response.read()
    result = client.response_deserialize(response, {"200": "object"})
    report["response_deserialize"] = [
        type(result).__name__,
        result.status_code,
        result.data,
        result.raw_data.decode(),
    ]
    collections = mixpeek.CollectionsApi(client)
    report["missing"] = _outcome(lambda: collections.get_collection("missing"))  # request 2 (404)
    report["bad_limit"] = _outcome(lambda: collections.list_collections(limit="abc"))  # nothing sent
    alerts_request = mixpeek.ListAlertsRequest()
    report["get_body"] = _outcome(
        lambda: mixpeek.AlertsApi(client).list_alerts(list_alerts_request=alerts_request)
    )  # 3
    report["manifest"] = _outcome(
        lambda: mixpeek.ManifestApi(client).validate_manifest("version: '1.0'\n")
    )  # 4
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
