"""The typed intermediate form between the spec and the files: every decision is already taken here.

Templates render these objects as they are: names, Python type expressions, imports, defaults (as Python
source), module placement and sample values are all computed by :mod:`generator.parse`.

Deliberate rules recorded here:

* **Modules of models.** Each schema gets its own module, except that all schemas of one strongly connected
  component of the reference graph (mutual recursion) share the module of the component's alphabetically
  first class, so model modules never import each other in a cycle (:attr:`ModelModule.members`).
* **Idempotent operations.** GET, PUT, DELETE, HEAD and OPTIONS, and POST operations whose path ends in
  ``/list`` (the API's list reads), are safe to repeat after a broken connection
  (:attr:`Operation.idempotent`).
* **Aliases.** A published accidental name (``x-published-names``) becomes an alias of the operation's
  method in each class the operation appears in, unless that class already has a method of that name (the
  real method wins; :attr:`ApiClass.skipped_aliases` records it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from generator.client_fields import FieldsModule


@dataclass(frozen=True)
class Import:
    """``from <module> import <names>`` (names sorted)."""

    module: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class TypeRef:
    """A Python type expression plus what it needs: model classes it names and other imports."""

    expr: str
    models: frozenset[str] = frozenset()
    imports: frozenset[tuple[str, str]] = frozenset()  # (module, name) pairs, e.g. ("datetime", "datetime")


@dataclass(frozen=True)
class FieldDef:
    """One attribute of a model."""

    attr: str  # Python attribute name
    wire: str  # JSON name
    type: TypeRef
    required: bool
    field_args: tuple[tuple[str, str], ...]  # keyword -> Python source, for ``Field(...)``; empty: no Field
    plain_default: Optional[str]  # Python source of ``= <default>`` when no Field(...) is needed
    description: str


@dataclass(frozen=True)
class FallbackDef:
    """``attr`` reads ``source`` when the server did not send ``attr`` (``x-fallback-property``)."""

    attr: str
    source: str


@dataclass(frozen=True)
class InitParam:
    """A keyword parameter of a request model's type-checking ``__init__`` (see :mod:`generator.params`)."""

    name: str
    type: str  # the annotation (``Optional[...]`` when the field is not required)
    required: bool


@dataclass(frozen=True)
class ModelClass:
    """A pydantic model for an object schema."""

    name: str
    schema_name: str
    bases: tuple[str, ...]
    doc: str
    fields: tuple[FieldDef, ...]
    fallbacks: tuple[FallbackDef, ...] = ()
    #: Attributes holding a constant (``const`` or a one-value enum, e.g. a union's tag): always sent.
    constants: tuple[str, ...] = ()
    #: The schema allows undeclared fields: offer them as ``additional_properties`` (the published name).
    additional_properties: bool = False
    #: The schema admits undeclared properties; request bodies of closed schemas refuse them when sent.
    open_schema: bool = False
    #: (attribute, wire name) of fields the API dropped that an earlier SDK had (``x-deprecated-alias``):
    #: read-only properties that warn and give the value the server still sent, if any.
    kept_fields: tuple[tuple[str, str], ...] = ()
    #: For type checkers only: the constructor's keywords, where a field of a model type also takes its dict
    #: (``mixpeek.params``); empty for models no request sends (pydantic's synthesized signature is kept).
    init_params: tuple[InitParam, ...] = ()


@dataclass(frozen=True)
class EnumMember:
    name: str
    value_source: str  # Python literal


@dataclass(frozen=True)
class EnumClass:
    """A ``str, Enum`` (or ``int, Enum``) class."""

    name: str
    schema_name: str
    base: str  # "str" or "int"
    doc: str
    members: tuple[EnumMember, ...]


@dataclass(frozen=True)
class UnionAlias:
    """A module-level type alias for a oneOf/anyOf (or other non-object) schema.

    ``wrapper``: the schema is a ``oneOf``/``anyOf``, rendered as a class whose pydantic schema is ``type``
    (fields hold plain members) that also offers the published wrapper forms (``actual_instance``,
    ``from_json`` ...; see ``mixpeek/_runtime/union.py``); type checkers see the plain alias.
    """

    name: str
    schema_name: str
    doc: str
    type: TypeRef
    wrapper: bool = False


@dataclass(frozen=True)
class ModelModule:
    """One module of ``mixpeek/models``: its definitions in a valid order and its imports."""

    module: str  # module name inside mixpeek.models
    members: tuple[str, ...]  # every public name defined here (sorted)
    imports: tuple[Import, ...]
    enums: tuple[EnumClass, ...]
    classes: tuple[ModelClass, ...]  # base classes before subclasses
    aliases: tuple[UnionAlias, ...]  # after every class; an alias before the aliases that use it
    uses_fallback: bool = False
    type_checking_imports: tuple[
        Import, ...
    ] = ()  # what the classes' ``init_params`` name beyond ``imports``


@dataclass(frozen=True)
class ModuleAlias:
    """A module of ``mixpeek/models`` at a published module path, re-exporting classes defined elsewhere.

    The published package gave every class its own module named by OpenAPI Generator's rule; classes of
    one reference cycle share a module here, and a few names split differently (see
    :func:`generator.naming.published_module_name`).
    """

    module: str  # the published module name inside mixpeek.models
    target: str  # the module that defines the names
    names: tuple[str, ...]


@dataclass(frozen=True)
class Param:
    """A spec parameter of an operation, in method order."""

    name: str
    wire: str
    location: str  # path | query | header | cookie | body | form
    required: bool
    type: TypeRef  # the parameter's type (without Optional)
    annotation: str  # the annotation in the method signature (Optional[...] when not required)
    descriptor_type: Optional[str]  # Param.type in the descriptor (None: left out, i.e. "Any")
    is_file: bool
    description: str
    #: What the method accepts when wider than ``type``: a body model also taken as its ``...Param`` dict
    #: (``Union[CreateCollectionRequest, CreateCollectionRequestParam]``); None: ``type`` itself.
    accepts: Optional[TypeRef] = None


@dataclass(frozen=True)
class Operation:
    """One HTTP operation as rendered in one API class."""

    name: str
    constant: str
    api_class: str
    http_method: str
    path: str
    params: tuple[Param, ...]
    responses: tuple[tuple[str, str], ...]  # status -> type expression
    return_type: TypeRef
    content_type: Optional[str]
    response_media: str
    security: tuple[str, ...]
    idempotent: bool
    deprecated: bool
    summary: str
    doc: str  # the method docstring
    aliases: tuple[str, ...] = ()
    #: Names of an earlier SDK version the API renamed (``x-deprecated-aliases``): they call it and warn.
    deprecated_aliases: tuple[str, ...] = ()
    #: Keyword parameters the API dropped (``x-retired-parameters``): accepted, warned about, not sent.
    retired: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiClass:
    """One ``*Api`` class (one tag)."""

    name: str
    module: str
    tag: str
    doc: str
    bases: tuple[str, ...]
    imports: tuple[Import, ...]  # runtime imports
    type_checking_imports: tuple[Import, ...]  # models, only for type checkers
    operations: tuple[Operation, ...]
    skipped_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Export:
    """One name of an export table and the module that defines it."""

    name: str
    module: str


@dataclass(frozen=True)
class ParamSample:
    """A value passed to a method in a generated test and what the server must see."""

    name: str
    source: str  # Python source of the argument
    location: str
    wire: str
    expected: str  # Python source: query -> list of strings, header -> string, path -> encoded text


@dataclass(frozen=True)
class OperationTest:
    """The generated test of one operation in one API class."""

    api_class: str
    api_module: str
    operation: Operation
    args: tuple[ParamSample, ...]
    expected_path: str
    expected_query_source: str  # Python source of the dict the server must receive
    expected_body_source: Optional[str]  # Python source of the JSON body, or None
    multipart: bool
    response_status: int
    response_body_source: Optional[str]  # Python source of the JSON the server answers
    response_check: str  # "model" | "list" | "union" | "adapter" | "equal" | "text" | "is_none" | "none"
    response_model: Optional[str]  # class checked with isinstance (response_check "model"/"list")
    body_models: tuple[str, ...] = ()  # model classes the test builds request bodies with
    #: response_check "union": the model classes of an inline ``Union[...]`` response (one is returned)
    response_union: tuple[str, ...] = ()
    #: Also test ``_with_http_info`` and ``_without_preload_content`` with this operation (one per class).
    covers_variants: bool = False


@dataclass(frozen=True)
class ModelSample:
    """Valid JSON samples of one model (class), for the round-trip test."""

    name: str
    module: str
    sample_json: str  # required properties only
    full_json: str  # every property that can be sampled
    #: The class offers undeclared fields as ``additional_properties`` (the test sends one).
    additional_properties: bool = False


@dataclass(frozen=True)
class UnionSample:
    """A valid JSON value of one union class (its first member that can be sampled), for the wrapper test."""

    name: str
    sample_json: str


@dataclass(frozen=True)
class Package:
    """Everything the renderers need."""

    package: str
    version: str  # the SDK's version (packageVersion in the config)
    api_version: str  # the API version the spec describes (info.version)
    spec_name: str  # file name of the spec, for headers
    api_classes: tuple[ApiClass, ...]
    model_modules: tuple[ModelModule, ...]
    model_exports: tuple[Export, ...]
    api_exports: tuple[Export, ...]
    extra_exports: tuple[Export, ...]
    #: API classes the top level exports as a hand-written subclass of the same name (``apiExtensions``).
    api_extensions: tuple[Export, ...] = ()
    operation_tests: tuple[OperationTest, ...] = ()
    model_samples: tuple[ModelSample, ...] = ()
    union_samples: tuple[UnionSample, ...] = ()
    module_aliases: tuple[ModuleAlias, ...] = ()
    #: Public submodules of the package that type checkers should see as its attributes (at run time every
    #: submodule is reachable as an attribute, imported on first access; ``mixpeek/_runtime/lazy.py``).
    submodules: tuple[str, ...] = ()
    records: Optional[RecordModule] = None
    params: Optional[ParamModule] = None
    client_fields: Optional[FieldsModule] = None  # the high-level client's keyword TypedDicts


@dataclass(frozen=True)
class RecordAttribute:
    """A field of a record shape that is also readable as an attribute."""

    name: str
    type: str


@dataclass(frozen=True)
class RecordKeyGroup:
    """Fields of one record shape that share a result type: one ``__getitem__`` (or ``get``) overload."""

    keys: tuple[str, ...]  # the wire names, as Python string literals
    type: str  # what ``r["a"]`` (or ``r.get("a")``, Optional since the key may be absent) gives


@dataclass(frozen=True)
class RecordShape:
    """The typed view of an object schema's JSON as a record (``mixpeek.records``), for type checkers."""

    name: str
    schema_name: str
    #: ``RecordBase`` (attributes: the declared fields only) or ``Record`` (no declared fields: any key).
    base: str
    attributes: tuple[RecordAttribute, ...]
    key_groups: tuple[RecordKeyGroup, ...]  # for ``__getitem__``
    get_groups: tuple[RecordKeyGroup, ...]  # for ``get``


@dataclass(frozen=True)
class RecordAlias:
    """A union schema's record type: ``Union`` of its members' record types."""

    name: str
    schema_name: str
    type: str


@dataclass(frozen=True)
class RecordModule:
    """``mixpeek/records.pyi`` (every record shape and alias, each sorted by name) and ``mixpeek/records.py``
    (the same names, each `Record`, at run time)."""

    typing_names: tuple[str, ...]  # names the shapes need from ``typing`` (type checking only)
    shapes: tuple[RecordShape, ...]
    aliases: tuple[RecordAlias, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Every generated name, sorted: at run time each one is ``Record``."""
        return tuple(sorted([shape.name for shape in self.shapes] + [alias.name for alias in self.aliases]))


@dataclass(frozen=True)
class ParamField:
    """One key of a request dict (``mixpeek.params``): the wire name and the type its value may have."""

    key: str  # the wire name
    key_source: str  # the wire name as a Python string literal
    type: str
    required: bool


@dataclass(frozen=True)
class ParamDict:
    """The ``TypedDict`` form of an object schema's request value (``<Class>Param``), for type checkers."""

    name: str
    schema_name: str
    model: str  # the model class the dict is validated into
    fields: tuple[ParamField, ...]
    #: Every key can be a class attribute: ``class X(TypedDict, total=False)``; else the functional form.
    class_syntax: bool


@dataclass(frozen=True)
class ParamAlias:
    """A union schema's request dict form: ``Union`` of its members' forms."""

    name: str
    schema_name: str
    model: str
    type: str


@dataclass(frozen=True)
class ParamModule:
    """``mixpeek/params.pyi`` (every request dict form, sorted by name) and ``mixpeek/params.py`` (the same
    names, each ``dict``, at run time)."""

    imports: tuple[Import, ...]  # typing names, the model classes and other names the stub's types use
    dicts: tuple[ParamDict, ...]
    aliases: tuple[ParamAlias, ...]
    #: Some list takes ``SequenceNotStr`` (declared by the stub; ``typing.Sequence`` at run time).
    sequence_not_str: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Every generated name, sorted: at run time each one is ``dict``."""
        return tuple(sorted([d.name for d in self.dicts] + [alias.name for alias in self.aliases]))
