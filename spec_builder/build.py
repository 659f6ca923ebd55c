"""Assembling `openapi.json`: facts, merged lossy facts, fixed names, our words, our extensions.

Extensions the generator reads (all ours; the facts' `x-python-*` and `x-codegen-*` keys are not copied):

* `x-body-name` on an operation: the Python name of its body parameter (the facts'
  `x-codegen-request-body-name`).
* `x-published-names` on an operation: published method names that differ from its operationId, kept as
  aliases (see `spec_builder.names`).
* `x-mixpeek-api-class` on a tag: the `*Api` class of the tag's operations, recorded where it is not what
  `names.api_class_for_tag` gives, and where the tag has a word with capitals after its first letter (an
  acronym such as "BYO" or "API"), so a generator that lower-cases words cannot get it wrong.
* `x-fallback-property` on a deprecated property: the property whose value reading it gives when the server
  did not send it (ExecuteRetrieverResponse.results -> documents).
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

from spec_builder import describe, merge, merge_paths
from spec_builder.jsontypes import JsonObject
from spec_builder.names import api_class_for_tag, choose_operation_ids, is_accident
from spec_builder.paths import CREDENTIAL_HEADERS, HTTP_METHODS, iter_operations

OPENAPI_VERSION = "3.1.0"
API_TITLE = "Mixpeek API"
FACTS_ONLY_KEYS = ("x-python-method", "x-python-class", "x-python-also", "x-codegen-request-body-name")
# Deprecated aliases the server sends only on request: property -> (schema, property it falls back to).
FALLBACK_PROPERTIES: Dict[Tuple[str, str], str] = {("ExecuteRetrieverResponse", "results"): "documents"}


@dataclass
class BuildReport:
    """What a build did, for the command line and the tests."""

    operations: int = 0
    schemas: int = 0
    taken: merge.MergeCounts = field(default_factory=Counter)  # merge counter name -> count
    renamed: Dict[str, str] = field(default_factory=dict)  # accidental published name -> operationId
    aliases: int = 0
    explicit_classes: Dict[str, str] = field(default_factory=dict)  # tag -> class recorded on the tag

    def lines(self) -> List[str]:
        """A human-readable summary."""
        out = [f"operations: {self.operations}", f"schemas: {self.schemas}"]
        out += [f"taken from previous spec, {name}: {count}" for name, count in sorted(self.taken.items())]
        out.append(f"renamed accidents: {len(self.renamed)}")
        out += [f"  {old} -> {new}" for old, new in sorted(self.renamed.items())]
        out.append(f"operations with published-name aliases: {self.aliases}")
        out.append(f"tags with an explicit API class: {len(self.explicit_classes)}")
        return out


def _published_names(operation: JsonObject) -> List[str]:
    names = [str(operation.get("x-python-method") or operation["operationId"])]
    names += [str(also["method"]) for also in operation.get("x-python-also", [])]
    return names


def _summary_source(operation: JsonObject) -> str:
    """The published name the summary is made from: an input in our own form (an earlier `openapi.json`,
    as `scripts/regenerate.sh` may pass) keeps its accidental names in `x-published-names`."""
    published = _published_names(operation)[0]
    if "x-python-method" not in operation:
        accidents = [name for name in operation.get("x-published-names", []) if is_accident(name)]
        published = accidents[0] if accidents else published
    return published


def _published_classes(operation: JsonObject) -> List[str]:
    classes = [operation.get("x-python-class")]
    classes += [also.get("class") for also in operation.get("x-python-also", [])]
    return [str(name) for name in classes if name]


def _tag_classes(paths: JsonObject, report: BuildReport) -> Dict[str, str]:
    """Tag -> class to record explicitly (see the module docstring); raises on contradicting facts."""
    published: Dict[str, str] = {}
    for _, _, operation in iter_operations(paths):
        classes = _published_classes(operation)
        for tag, class_name in zip(operation.get("tags", []), classes):
            if published.setdefault(tag, class_name) != class_name:
                raise ValueError(f"tag {tag!r} is published as both {published[tag]} and {class_name}")
    explicit = {}
    for tag, class_name in published.items():
        has_acronym = any(word[1:] != word[1:].lower() for word in tag.split())
        if class_name != api_class_for_tag(tag) or has_acronym:
            explicit[tag] = class_name
    report.explicit_classes = explicit
    return explicit


def _finish_operation(
    operation: JsonObject, method: str, path: str, operation_id: str, aliases: List[str], summary: str
) -> JsonObject:
    """One operation in our form: our names, our words, our extensions, no credential header parameters."""
    result = {key: copy.deepcopy(value) for key, value in operation.items() if key not in FACTS_ONLY_KEYS}
    result["operationId"] = operation_id
    if aliases:
        result["x-published-names"] = aliases
    body_name = operation.get("x-codegen-request-body-name")
    if body_name:
        result["x-body-name"] = body_name
    result["summary"] = summary
    result["description"] = describe.operation_description(
        summary, method, path, operation.get("security", []), operation.get("responses", {})
    )
    parameters = []
    for parameter in result.get("parameters", []):
        if parameter["in"] == "header" and parameter["name"].lower() in CREDENTIAL_HEADERS:
            continue
        parameter.pop("x-python-name", None)
        parameter["description"] = describe.parameter_description(parameter["name"], parameter["in"])
        parameters.append(parameter)
    if parameters:
        result["parameters"] = parameters
    else:
        result.pop("parameters", None)
    if "requestBody" in result:
        body = result["requestBody"]
        body["description"] = describe.request_body_description(body.get("content", {}))
        _describe_form_fields(body.get("content", {}))
    for status, response in result.get("responses", {}).items():
        response["description"] = describe.response_description(status)
    return result


def _describe_form_fields(content: JsonObject) -> None:
    for media in content.values():
        schema = media.get("schema", {})
        for name, prop in schema.get("properties", {}).items():
            prop.setdefault("description", describe.property_description(name))


def _finish_schemas(schemas: JsonObject) -> JsonObject:
    """Every schema and property with a description; the deprecated fallback properties marked."""
    finished: JsonObject = {}
    for name, schema in schemas.items():
        schema = copy.deepcopy(schema)
        schema["description"] = describe.schema_description(name, schema)
        for prop_name, prop in schema.get("properties", {}).items():
            prop.setdefault("description", describe.property_description(prop_name))
            fallback = FALLBACK_PROPERTIES.get((name, prop_name))
            if fallback is not None:
                prop["deprecated"] = True
                prop["x-fallback-property"] = fallback
                prop["description"] = f"Deprecated alias of {fallback}, sent only when asked for."
        finished[name] = schema
    return finished


def build_spec(facts: JsonObject, previous: JsonObject) -> Tuple[JsonObject, BuildReport]:
    """The project's spec from the newest facts and the previous published spec."""
    report = BuildReport()
    counts: merge.MergeCounts = Counter()
    facts_paths = facts["paths"]
    schemas = merge.merge_schemas(
        facts.get("components", {}).get("schemas", {}),
        previous.get("components", {}).get("schemas", {}),
        counts,
    )
    paths = merge_paths.merge_paths(
        facts_paths, previous, counts, facts.get("components", {}).get("schemas", {})
    )
    operations = [
        (method, path, str(operation["operationId"]), _published_names(operation))
        for path, method, operation in iter_operations(facts_paths)
    ]
    chosen = choose_operation_ids(operations)
    explicit_classes = _tag_classes(facts_paths, report)

    out_paths: JsonObject = {}
    for path in sorted(paths):
        item = paths[path]
        out_item = {key: value for key, value in item.items() if key not in HTTP_METHODS}
        for method in HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            operation_id, aliases = chosen[(method, path)]
            published = _summary_source(facts_paths[path][method])
            if is_accident(published):
                report.renamed[published] = operation_id
                summary_name = published[: -len("_0")]
            else:
                summary_name = published
            report.aliases += bool(aliases)
            summary = describe.operation_summary(summary_name, path)
            out_item[method] = _finish_operation(operation, method, path, operation_id, aliases, summary)
            report.operations += 1
        out_paths[path] = out_item

    tags = []
    for tag in facts.get("tags", []):
        entry = {key: value for key, value in tag.items() if key != "description"}
        entry["description"] = describe.tag_description(tag["name"])
        if tag["name"] in explicit_classes:
            entry["x-mixpeek-api-class"] = explicit_classes[tag["name"]]
        tags.append(entry)

    security_schemes = copy.deepcopy(facts.get("components", {}).get("securitySchemes", {}))
    for name, scheme in security_schemes.items():
        scheme["description"] = describe.SECURITY_TEXT.get(name, f"The {name} credential.")

    finished_schemas = _finish_schemas(schemas)
    report.schemas = len(finished_schemas)
    report.taken = counts
    document: JsonObject = {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": facts.get("info", {}).get("title", API_TITLE),
            "version": facts["info"]["version"],
            "description": describe.INFO_DESCRIPTION,
        },
        "servers": copy.deepcopy(facts.get("servers", [])),
        "tags": tags,
        "paths": out_paths,
        "components": {"schemas": finished_schemas, "securitySchemes": security_schemes},
    }
    if "security" in facts:
        document["security"] = copy.deepcopy(facts["security"])
    return document, report
