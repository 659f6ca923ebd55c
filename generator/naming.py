"""Every naming rule of the generator, in one place.

The rules reproduce the names of the published ``mixpeek`` package (built by OpenAPI Generator), so code
written against it keeps working:

* API classes: ``x-mixpeek-api-class`` on the tag, else each word of the tag with its first letter
  upper-cased, joined, plus ``Api`` ("Agent Sessions" -> ``AgentSessionsApi``,
  "BYO Documents" -> ``BYODocumentsApi``).
  Tags that differ only in case or punctuation share one class (:func:`tag_key`, :mod:`generator.tags`).
* Modules: the snake_case of the class (``BYODocumentsApi`` -> ``byo_documents_api``).
* Model classes: the schema name when it is a Python identifier, else its alphanumeric runs joined in
  CamelCase (``"foo-bar.v2"`` -> ``FooBarV2``); a leading digit gets the prefix ``Model``.
* Attributes and parameters: snake_case of the wire name, leading underscores dropped; Python keywords and the
  names in :data:`RESERVED_ATTRIBUTE_NAMES` get the prefix ``var_`` (``AND`` -> ``var_and``).
* Record shapes (``mixpeek.records``): the model class name plus ``Record`` (``CollectionResponse`` ->
  ``CollectionResponseRecord``, ``"search-result.v2"`` -> ``SearchResultV2Record``); unique because model
  class names are. A field is also an attribute of its record shape only when its wire name is an ASCII
  identifier, not a keyword, not a dunder, not a method of ``dict`` and not a name the records module uses
  in annotations (:data:`RECORD_MODULE_NAMES`); every other field is read by key only (``r["items"]``).
* Request dicts (``mixpeek.params``): the model class name plus ``Param`` (``CreateCollectionRequest`` ->
  ``CreateCollectionRequestParam``), keyed by wire names. A ``...Param`` name that is also a model class
  name is a generator error (:func:`param_name_clashes`), never renamed. A dict is declared with the class
  syntax only when every key can be a class attribute (:func:`param_key_is_attribute`), else with the
  functional ``TypedDict("XParam", {...})`` form.
* Enum members: the value upper-cased with non-alphanumeric runs turned into ``_``; values that start with a
  digit (and integer values) get the prefix ``NUMBER_`` / ``VALUE_``; the empty string is ``EMPTY``.
"""

from __future__ import annotations

import keyword
import re
from typing import Optional

#: Names that would shadow something a generated model or the pydantic base class needs (every public
#: attribute of ``MixpeekModel``), or that the published package renamed: they become ``var_<name>``.
RESERVED_ATTRIBUTE_NAMES = frozenset(
    {
        "field",
        "property",
        "schema",
        "base64",
        "self",
        "json",
        "copy",
        "dict",
        "construct",
        "validate",
        "date",
        "datetime",
        "float",
        "int",
        "str",
        "bool",
        "list",
        "union",
        "any",
        "annotated",
        "literal",
        "print",
        "exec",
        "to_dict",
        "to_str",
        "to_json",
        "to_pandas",
        "from_dict",
        "from_json",
        "get",
        "model_config",
        "model_fields",
        "model_computed_fields",
        "model_extra",
        "model_fields_set",
        "model_post_init",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_json_schema",
        "model_parametrized_name",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "from_orm",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema_json",
        "update_forward_refs",
    }
)

#: Names the generated modules import or define themselves: a schema class may not take one of them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "ApiResponse",
        "BaseApi",
        "Dict",
        "Enum",
        "Field",
        "IO",
        "List",
        "Literal",
        "MixpeekModel",
        "Operation",
        "Optional",
        "Param",
        "RESTResponse",
        "RequestOptions",
        "TYPE_CHECKING",
        "Tuple",
        "Union",
        "Unpack",
        "date",
        "datetime",
    }
)

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def snake_case(name: str) -> str:
    """``"APIKeyCreate"`` -> ``"api_key_create"``, ``"X-Session-ID"`` -> ``"x_session_id"``."""
    spaced = _WORD_BOUNDARY.sub("_", name)
    return _NON_ALNUM.sub("_", spaced).strip("_").lower()


def is_identifier(name: str) -> bool:
    """True for a valid Python identifier that is not a keyword."""
    return bool(_IDENTIFIER.match(name)) and not keyword.iskeyword(name)


def api_class_name(tag: str) -> str:
    """The API class of a tag without ``x-mixpeek-api-class``: upper-case each word's first letter, + Api."""
    words = [word for word in _NON_ALNUM.split(tag) if word]
    return "".join(word[0].upper() + word[1:] for word in words) + "Api"


def tag_key(tag: str) -> str:
    """What identifies a tag whatever its spelling: its letters and digits, lower-cased.

    Tags with the same key (``Marketplace``, ``marketplace``, ``market-place``) are one API area and share a
    class (:mod:`generator.tags`)."""
    return _NON_ALNUM.sub("", tag).lower()


def module_name(class_name: str) -> str:
    """The module a generated class (or group of classes) lives in."""
    return snake_case(class_name)


_PUBLISHED_ACRONYM_END = re.compile(r"([A-Z]+)([A-Z][a-z][a-z]+)")
_PUBLISHED_LOWER_UPPER = re.compile(r"([a-z\d])([A-Z])")


def published_module_name(class_name: str) -> str:
    """The module the published package (OpenAPI Generator) gave a model class: its ``underscore`` rule, which
    splits an acronym from a following word only when that word has two or more lower-case letters
    (``"EVoCParams"`` -> ``"evo_c_params"``, where :func:`module_name` gives ``"e_vo_c_params"``)."""
    text = _PUBLISHED_ACRONYM_END.sub(r"\1_\2", class_name)
    text = _PUBLISHED_LOWER_UPPER.sub(r"\1_\2", text)
    return text.replace("-", "_").lower()


def model_class_name(schema_name: str) -> str:
    """The Python class name of a component schema."""
    if is_identifier(schema_name):
        return schema_name
    words = [word for word in _NON_ALNUM.split(schema_name) if word]
    joined = "".join(word[0].upper() + word[1:] for word in words) or "Model"
    return "Model" + joined if joined[0].isdigit() else joined


def safe_identifier(wire_name: str) -> str:
    """A keyword-safe snake_case Python name for a property or parameter wire name."""
    name = snake_case(wire_name) or "value"
    if name[0].isdigit():
        name = "var_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED_ATTRIBUTE_NAMES:
        name = "var_" + name
    return name


def enum_member_name(value: object) -> str:
    """The member name for an enum value."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"unsupported enum value {value!r}")
    if not isinstance(value, str):
        return "NUMBER_" + _NON_ALNUM.sub("_", str(value)).strip("_").upper().replace("-", "MINUS_")
    if value == "":
        return "EMPTY"
    name = _NON_ALNUM.sub("_", _WORD_BOUNDARY.sub("_", value)).strip("_").upper()
    if not name:
        name = "VALUE_" + "_".join(str(ord(char)) for char in value)
    if name[0].isdigit():
        name = "VALUE_" + name
    return name


def operation_constant(method_name: str) -> str:
    """The module constant holding an operation descriptor: ``get_collection`` -> ``_GET_COLLECTION``."""
    return "_" + method_name.upper()


def method_name(operation_id: str) -> str:
    """The Python method name of an operationId: the id itself, except that ``<name>__<suffix>`` gives
    ``<name>`` (the suffix only keeps ids unique across the document); ids that are not snake_case are
    converted."""
    name = operation_id.split("__", 1)[0] if "__" in operation_id.strip("_") else operation_id
    name = name if re.fullmatch(r"[a-z_][a-z0-9_]*", name) else snake_case(name)
    if not is_identifier(name):
        raise ValueError(f"operationId {operation_id!r} does not give a usable method name")
    return name


def body_parameter_name(explicit: Optional[str], body_class: Optional[str]) -> str:
    """The name of the request-body parameter: ``x-body-name`` when given, else the snake_case of the body's
    class, else ``body``."""
    if explicit:
        return explicit
    return snake_case(body_class) if body_class else "body"


#: The suffix that turns a model class name into the name of its record shape.
RECORD_SUFFIX = "Record"

#: The public methods of ``dict``: a field of that name stays a key (``r["items"]``), since the method wins.
DICT_METHODS = frozenset(
    {"clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"}
)

#: Names the records module imports or defines besides the shapes: a field of that name would shadow them in
#: the class body (annotations are resolved there), so it stays a key.
RECORD_MODULE_NAMES = frozenset(
    {
        "Any",
        "Dict",
        "List",
        "Literal",
        "Optional",
        "Record",
        "RecordBase",
        "TYPE_CHECKING",
        "Union",
        "bool",
        "float",
        "int",
        "overload",
        "str",
    }
)


def record_name(class_name: str) -> str:
    """The record shape of a model class: ``CollectionResponse`` -> ``CollectionResponseRecord``."""
    return class_name + RECORD_SUFFIX


def record_attribute(wire_name: str, record_names: frozenset[str] = frozenset()) -> Optional[str]:
    """The attribute a record shape offers for a field, or None when the field is read by key only."""
    usable = (
        is_identifier(wire_name)
        and not wire_name.startswith("__")
        and wire_name not in DICT_METHODS
        and wire_name not in RECORD_MODULE_NAMES
        and wire_name not in record_names
    )
    return wire_name if usable else None


#: The suffix that turns a model class name into the name of its request dict (``mixpeek.params``).
PARAM_SUFFIX = "Param"

#: Names the params stub imports besides model classes and its own dicts: a key of that name in a class
#: body would shadow them in the annotations that follow, so its dict takes the functional form.
PARAM_MODULE_NAMES = frozenset(
    {
        "Any",
        "Dict",
        "Literal",
        "Mapping",
        "Optional",
        "Required",
        "Iterator",
        "Protocol",
        "Sequence",
        "SequenceNotStr",
        "SupportsIndex",
        "TypeVar",
        "TypedDict",
        "Union",
        "bool",
        "bytes",
        "date",
        "datetime",
        "float",
        "int",
        "str",
        "overload",
    }
)

#: Names the params stub defines or imports that a model class may not take (it is imported beside them).
PARAM_STUB_NAMES = PARAM_MODULE_NAMES - {"bool", "bytes", "float", "int", "str"}


def param_name(class_name: str) -> str:
    """The request dict of a model class: ``CreateCollectionRequest`` -> ``CreateCollectionRequestParam``."""
    return class_name + PARAM_SUFFIX


def param_name_clashes(param_names: dict[str, str], class_names: dict[str, str]) -> list[str]:
    """Descriptions of every ``...Param`` name (schema -> name) that is already a model class name
    (schema -> class) or a name the params stub imports: both are imported side by side, so one would hide
    the other. The generator refuses them rather than numbering one."""
    owners = {class_name: schema for schema, class_name in class_names.items()}
    clashes = []
    for schema, name in sorted(param_names.items()):
        if name in owners:
            clashes.append(
                f"{name!r} (request dict of schema {schema!r}) is the class of schema {owners[name]!r}"
            )
        elif name in PARAM_MODULE_NAMES:
            clashes.append(
                f"{name!r} (request dict of schema {schema!r}) is a name mixpeek/params.pyi imports"
            )
    return clashes


def param_key_is_attribute(wire_name: str, module_names: frozenset[str]) -> bool:
    """Whether a request dict key can be written as a ``TypedDict`` class attribute: an identifier, not a
    keyword, not private-looking (``__x`` is name-mangled in a class body), and not a name the stub uses in
    annotations (the stub's imports and definitions, ``module_names``)."""
    return (
        is_identifier(wire_name)
        and not wire_name.startswith("__")
        and wire_name not in PARAM_MODULE_NAMES
        and wire_name not in module_names
    )


def init_parameter_name(wire_name: str, attr: str) -> str:
    """The keyword a request model's constructor declares for a field: the wire name, as pydantic's own
    signature does for an aliased field (``AND``), unless it cannot be a parameter (not an identifier, a
    keyword, ``self``, or ``__x``, which a class body mangles); then the attribute name (both work at run
    time)."""
    usable = is_identifier(wire_name) and wire_name != "self" and not wire_name.startswith("__")
    return wire_name if usable else attr
