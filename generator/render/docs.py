"""Renders the reference pages: ``docs/api/<Class>.md`` per API class, ``docs/models/<Name>.md`` per model,
enum and union alias, and an index page in each folder.

Every method section ends with a runnable example built from the operation's generated-test plan
(:mod:`generator.test_plans`), so the values are the samples the generated tests already prove valid:

* only the required parameters are passed, as keyword arguments; a body that is a model is built with
  ``mixpeek.<Model>.from_dict({...})``, any other body (a dict, a union alias) is passed as the plain value,
  which the runtime validates;
* a string path parameter gets a realistic-looking value derived from its name (``collection_identifier``
  -> ``"my-collection"``) instead of the tests' value that exercises percent-encoding;
* the configuration carries the credentials the operation's security asks for (none for public ones);
* an operation that returns nothing is called without printing a result.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from generator.ir import EnumClass, ModelClass, Operation, OperationTest, Package, UnionAlias
from generator.models import MODEL_BASE
from generator.operations import credentials_sentence
from generator.render.common import render_template

API_DOCS = "docs/api"
MODEL_DOCS = "docs/models"


def _cell(text: str) -> str:
    """Text that fits in one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|") or "-"


def _linked(expr: str, models: Iterable[str], prefix: str) -> str:
    """The type expression in code style, with each model name linked to its page."""
    names = sorted(set(models), key=len, reverse=True)
    if not names:
        return f"`{expr}`"
    pattern = re.compile(r"\b(" + "|".join(re.escape(name) for name in names) + r")\b")
    return pattern.sub(lambda match: f"[`{match.group(1)}`]({prefix}{match.group(1)}.md)", expr)


#: Width the example code is wrapped to (containers that do not fit are written one item per line).
EXAMPLE_WIDTH = 88
_INDENT = "    "
#: Path parameters whose name says what the value looks like; the others get ``"my-<name>"``.
_PATH_EXAMPLES = {"domain": "example.com", "email": "user@example.com"}


def path_example(wire: str) -> str:
    """A realistic-looking value for the path parameter ``wire``: ``bucket_identifier`` -> ``"my-bucket"``,
    ``user_email`` -> ``"user@example.com"``."""
    for suffix, value in _PATH_EXAMPLES.items():
        if wire == suffix or wire.endswith("_" + suffix):
            return value
    base = re.sub(r"_(identifier|id)$", "", wire)
    return "my-" + base.replace("_", "-")


def _literal(value: Any) -> str:
    """Python source of a JSON value (or bytes) on one line, with double-quoted strings."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bytes):
        return "b" + json.dumps(value.decode("ascii"))
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)}: {_literal(item)}" for key, item in value.items()) + "}"
    raise TypeError(f"not a sample value: {value!r}")


def _lines(value: Any, indent: int, prefix: str, suffix: str) -> list[str]:
    """``prefix + value + suffix`` at ``indent`` levels: on one line when it fits, else the container opened
    on the first line, one item per line, and closed before ``suffix``."""
    pad = _INDENT * indent
    one_line = pad + prefix + _literal(value) + suffix
    if len(one_line) <= EXAMPLE_WIDTH or not isinstance(value, (dict, list)) or not value:
        return [one_line]
    items: list[tuple[str, Any]]
    if isinstance(value, dict):
        opening, closing = "{", "}"
        items = [(f"{json.dumps(key)}: ", item) for key, item in value.items()]
    else:
        opening, closing = "[", "]"
        items = [("", item) for item in value]
    lines = [pad + prefix + opening]
    for item_prefix, item in items:
        lines.extend(_lines(item, indent + 1, item_prefix, ","))
    lines.append(pad + closing + suffix)
    return lines


def _configuration(operation: Operation) -> str:
    """The configuration with the credentials the operation's security schemes ask for."""
    settings = []
    if "BearerAuth" in operation.security:
        settings.append('api_key="sk_..."')
    if "NamespaceHeader" in operation.security:
        settings.append('namespace="ns_..."')
    return f"mixpeek.Configuration({', '.join(settings)})"


def _arguments(plan: OperationTest, model_classes: frozenset[str]) -> list[tuple[str, str, str, Any]]:
    """(name, source before the value, source after it, value) of each argument the example passes."""
    samples = {sample.name: sample for sample in plan.args}
    arguments: list[tuple[str, str, str, Any]] = []
    for param in plan.operation.params:
        if not param.required:
            continue
        sample = samples[param.name]
        if param.location == "body":
            value = ast.literal_eval(sample.expected)  # the JSON body the generated test expects
            if param.type.expr in model_classes:
                arguments.append((param.name, f"mixpeek.{param.type.expr}.from_dict(", ")", value))
                continue
        elif param.location == "path" and param.type.expr == "str":
            value = path_example(param.wire)
        else:
            value = ast.literal_eval(sample.source)
        arguments.append((param.name, "", "", value))
    return arguments


def example_source(api_class: str, plan: OperationTest, model_classes: frozenset[str]) -> str:
    """A runnable example of one operation: configuration, client, the call with its required arguments."""
    operation = plan.operation
    returns = operation.return_type.expr != "None"
    call = f"{'result = ' if returns else ''}api.{operation.name}("
    arguments = _arguments(plan, model_classes)
    inline = ", ".join(f"{name}={before}{_literal(value)}{after}" for name, before, after, value in arguments)
    if len(_INDENT + call + inline + ")") <= EXAMPLE_WIDTH:
        call_lines = [_INDENT + call + inline + ")"]
    else:
        call_lines = [_INDENT + call]
        for name, before, after, value in arguments:
            call_lines.extend(_lines(value, 2, f"{name}={before}", f"{after},"))
        call_lines.append(_INDENT + ")")
    lines = [
        "import mixpeek",
        "",
        f"configuration = {_configuration(operation)}",
        "with mixpeek.ApiClient(configuration) as api_client:",
        f"{_INDENT}api = mixpeek.{api_class}(api_client)",
        *call_lines,
    ]
    if returns:
        lines.append(_INDENT + "print(result)")
    return "\n".join(lines)


def _examples(package: Package) -> Mapping[str, Mapping[str, str]]:
    """API class -> method name -> its example."""
    model_classes = frozenset(cls.name for module in package.model_modules for cls in module.classes)
    examples: dict[str, dict[str, str]] = {}
    for plan in package.operation_tests:
        examples.setdefault(plan.api_class, {})[plan.operation.name] = example_source(
            plan.api_class, plan, model_classes
        )
    return examples


def _kind(definition: Union[EnumClass, ModelClass, UnionAlias]) -> str:
    """Which section the model page has: ``"enum"``, ``"model"`` or ``"alias"``."""
    if isinstance(definition, EnumClass):
        return "enum"
    return "model" if isinstance(definition, ModelClass) else "alias"


def _parent(definition: Union[EnumClass, ModelClass, UnionAlias]) -> Optional[str]:
    """The generated model class a model extends (``allOf`` inheritance), None for the others."""
    if isinstance(definition, ModelClass) and definition.bases[0] != MODEL_BASE:
        return definition.bases[0]
    return None


def _header(package: Package) -> str:
    return f"<!-- Generated by `python -m generator` from {package.spec_name}; do not edit. -->"


def _request_dicts(package: Package) -> dict[str, str]:
    """Model class -> the name of its request dict in ``mixpeek.params`` (request-side schemas only)."""
    if package.params is None:
        return {}
    dicts = {item.model: item.name for item in package.params.dicts}
    return {**dicts, **{alias.model: alias.name for alias in package.params.aliases}}


def render(package: Package) -> dict[str, str]:
    header = _header(package)
    helpers = {"cell": _cell, "linked": _linked, "credentials": credentials_sentence}
    examples = _examples(package)
    request_dicts = _request_dicts(package)
    files: dict[str, str] = {}
    for api in package.api_classes:
        files[f"{API_DOCS}/{api.name}.md"] = render_template(
            "docs/api.md.j2",
            header=header,
            api=api,
            examples=examples.get(api.name, {}),
            **helpers,
        )
    for module in package.model_modules:
        definitions: list[Union[EnumClass, ModelClass, UnionAlias]] = [
            *module.enums,
            *module.classes,
            *module.aliases,
        ]
        for definition in definitions:
            files[f"{MODEL_DOCS}/{definition.name}.md"] = render_template(
                "docs/model.md.j2",
                header=header,
                definition=definition,
                kind=_kind(definition),
                parent=_parent(definition),
                request_dict=request_dicts.get(definition.name),
                **helpers,
            )
    files[f"{API_DOCS}/README.md"] = render_template(
        "docs/api_index.md.j2", header=header, apis=package.api_classes, cell=_cell
    )
    files[f"{MODEL_DOCS}/README.md"] = render_template(
        "docs/model_index.md.j2",
        header=header,
        modules=package.model_modules,
        cell=_cell,
        has_request_dicts=bool(request_dicts),
    )
    return files
