"""Model definitions -> the modules of ``mixpeek/models``: placement, order inside a module, imports.

Each schema gets its own module, named after its class; the schemas of one strongly connected component of
the reference graph (mutual recursion) share the module of the component's alphabetically first class, so
model modules never import each other in a cycle. Inside a module: enums, then classes (a base class before
its subclasses), then type aliases (an alias before the aliases that use it), because aliases are evaluated
when the module is imported while annotations are evaluated later, by pydantic.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from generator import naming
from generator.errors import GeneratorError
from generator.graph import strongly_connected_components
from generator.imports import sort_imports
from generator.ir import EnumClass, Import, ModelClass, ModelModule, TypeRef, UnionAlias
from generator.models import (
    FALLBACK_HELPER,
    FALLBACK_MODULE,
    MODEL_BASE,
    MODEL_BASE_MODULE,
    MODELS_PACKAGE,
    Definition,
    ModelBuilder,
)
from generator.spec import SpecIndex, references


class ModuleAssembler:
    """Places the definitions of one spec into modules and computes each module's imports."""

    def __init__(self, index: SpecIndex, builder: ModelBuilder) -> None:
        self.index = index
        self.builder = builder
        self.module_of: dict[str, str] = {}  # class name -> module

    def build_modules(self) -> list[ModelModule]:
        """Every model module, sorted by module name."""
        definitions = {name: self.builder.definition(name) for name in self.index.schemas}
        edges = {name: sorted(set(references(schema))) for name, schema in self.index.schemas.items()}
        components = strongly_connected_components(edges)
        modules: dict[str, list[str]] = {}
        owner_of_module: dict[str, str] = {}
        for component in components:
            classes = sorted(self.index.class_names[name] for name in component)
            module = naming.module_name(classes[0])
            if module in owner_of_module or module == FALLBACK_MODULE:
                raise GeneratorError(
                    f"schemas {owner_of_module.get(module)!r} and {component[0]!r} both map to the module "
                    f"mixpeek.models.{module}"
                )
            owner_of_module[module] = component[0]
            modules[module] = component
            for class_name in classes:
                self.module_of[class_name] = module
        return [self._module(module, modules[module], definitions) for module in sorted(modules)]

    def _module(
        self, module: str, schema_names: list[str], definitions: Mapping[str, Definition]
    ) -> ModelModule:
        members = [definitions[name] for name in schema_names]
        enums = tuple(sorted((d for d in members if isinstance(d, EnumClass)), key=lambda d: d.name))
        classes = _order_classes([d for d in members if isinstance(d, ModelClass)])
        aliases = _order_aliases([d for d in members if isinstance(d, UnionAlias)])
        local = {d.name for d in members}
        imports = self._imports(module, local, enums, classes, aliases)
        return ModelModule(
            module=module,
            members=tuple(sorted(local)),
            imports=imports,
            enums=enums,
            classes=classes,
            aliases=aliases,
            uses_fallback=any(c.fallbacks for c in classes),
        )

    def _imports(
        self,
        module: str,
        local: set[str],
        enums: tuple[EnumClass, ...],
        classes: tuple[ModelClass, ...],
        aliases: tuple[UnionAlias, ...],
    ) -> tuple[Import, ...]:
        refs: list[TypeRef] = [f.type for c in classes for f in c.fields] + [a.type for a in aliases]
        needed: dict[str, set[str]] = defaultdict(set)
        for ref in refs:
            for source, name in ref.imports:
                needed[source].add(name)
            for model in ref.models - local:
                needed[f"{MODELS_PACKAGE}.{self.module_of[model]}"].add(model)
        for cls in classes:
            for base in cls.bases:
                if base == MODEL_BASE:
                    needed[MODEL_BASE_MODULE].add(MODEL_BASE)
                elif base not in local:
                    needed[f"{MODELS_PACKAGE}.{self.module_of[base]}"].add(base)
            if any(field.field_args for field in cls.fields):
                needed["pydantic"].add("Field")
            if cls.fallbacks:
                needed[f"{MODELS_PACKAGE}.{FALLBACK_MODULE}"].add(FALLBACK_HELPER)
                needed["typing"].add("Any")
            if cls.additional_properties:
                needed["typing"].update({"Any", "Dict"})
            if cls.constants:
                needed["typing"].add("Any")
            if cls.open_schema:
                needed["typing"].add("ClassVar")
            if cls.kept_fields:
                needed["typing"].add("Any")
                needed["mixpeek._runtime.deprecation"].add("read_kept_field")
        if enums:
            needed["enum"].add("Enum")
        return sort_imports(needed)


def _order_classes(classes: list[ModelClass]) -> tuple[ModelClass, ...]:
    """Alphabetical, except that a base class defined in the same module comes before its subclasses."""
    by_name = {cls.name: cls for cls in classes}
    ordered: list[ModelClass] = []
    placed: set[str] = set()

    def place(cls: ModelClass) -> None:
        if cls.name in placed:
            return
        placed.add(cls.name)
        for base in cls.bases:
            if base in by_name:
                place(by_name[base])
        ordered.append(cls)

    for cls in sorted(classes, key=lambda c: c.name):
        place(cls)
    return tuple(ordered)


def _order_aliases(aliases: list[UnionAlias]) -> tuple[UnionAlias, ...]:
    """Alphabetical, except that an alias used by another alias of the module comes first."""
    by_name = {alias.name: alias for alias in aliases}
    ordered: list[UnionAlias] = []
    state: dict[str, str] = {}

    def place(alias: UnionAlias) -> None:
        if state.get(alias.name) == "done":
            return
        if state.get(alias.name) == "visiting":
            raise GeneratorError(f"type alias {alias.schema_name!r} refers to itself through other aliases")
        state[alias.name] = "visiting"
        for used in sorted(alias.type.models):
            if used in by_name:
                place(by_name[used])
        state[alias.name] = "done"
        ordered.append(alias)

    for alias in sorted(aliases, key=lambda a: a.name):
        place(alias)
    return tuple(ordered)
