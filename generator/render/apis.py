"""Renders ``mixpeek/api/<module>.py``: one module per API class."""

from __future__ import annotations

from generator.descriptors import descriptor_source
from generator.ir import Package
from generator.render.common import header, render_template

API_DIR = "mixpeek/api"

#: (method suffix, return annotation ({} is the operation's type), ApiClient method, docstring: empty for the
#: operation's own docstring, else a format string of the method name)
VARIANTS = (
    ("", "{}", "call", ""),
    (
        "_with_http_info",
        "ApiResponse[{}]",
        "call_with_http_info",
        "Like `{}`, but returns an ApiResponse: status, headers, raw body and the parsed data.",
    ),
    (
        "_without_preload_content",
        "RESTResponse",
        "call_without_preload_content",
        "Like `{}`, but returns the RESTResponse undecoded, for streaming.",
    ),
)


def render(package: Package) -> dict[str, str]:
    return {
        f"{API_DIR}/{api.module}.py": render_template(
            "apis/module.py.j2",
            header=header(package),
            api=api,
            variants=VARIANTS,
            descriptors={op.constant: descriptor_source(op) for op in api.operations},
        )
        for api in package.api_classes
    }
