"""Phase one: ``openapi.json`` + the generator config -> :class:`generator.ir.Package` (all decisions)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.client_fields import build_client_fields
from generator.config import GeneratorConfig
from generator.errors import GeneratorError
from generator.ir import ApiClass, Export, ModelModule, Package
from generator.model_modules import ModuleAssembler, published_module_aliases
from generator.models import MODELS_PACKAGE, ModelBuilder
from generator.operations import OperationBuilder
from generator.params import ParamBuilder
from generator.records import build_records
from generator.samples import Sampler, build_model_samples, build_union_samples
from generator.spec import SpecIndex
from generator.test_plans import build_operation_tests

API_PACKAGE = "mixpeek.api"


def build_exports(
    api_classes: list[ApiClass], modules: list[ModelModule], config: GeneratorConfig
) -> tuple[list[Export], list[Export], list[Export]]:
    """The three export groups; a name offered twice is an error naming both modules."""
    apis = [Export(name=cls.name, module=f"{API_PACKAGE}.{cls.module}") for cls in api_classes]
    models = [
        Export(name=name, module=f"{MODELS_PACKAGE}.{module.module}")
        for module in modules
        for name in module.members
    ]
    extras = [
        Export(name=name, module=module) for module, names in config.extra_exports.items() for name in names
    ]
    seen: dict[str, str] = {"__version__": "the generator", "API_VERSION": "the generator"}
    for export in apis + models + extras:
        if export.name in seen:
            raise GeneratorError(
                f"the name {export.name!r} is exported by both {seen[export.name]} and {export.module}"
            )
        seen[export.name] = export.module
    return apis, sorted(models, key=lambda e: e.name), extras


def public_submodules(package_name: str, extras: list[Export]) -> tuple[str, ...]:
    """``api``, ``models`` and the public top-level modules the extra exports come from (``configuration``,
    ``rest``, ``exceptions`` ...): the modules code reaches as attributes of the package."""
    names = {"api", "models"}
    for export in extras:
        parts = export.module.split(".")
        if parts[0] == package_name and len(parts) > 1 and not parts[1].startswith("_"):
            names.add(parts[1])
    return tuple(sorted(names))


def build_package(document: Mapping[str, Any], config: GeneratorConfig, spec_name: str) -> Package:
    """Parse the whole spec into the IR the renderers consume."""
    index = SpecIndex.build(document)
    model_builder = ModelBuilder(index)
    assembler = ModuleAssembler(index, model_builder)
    param_builder = ParamBuilder(index, model_builder, assembler.module_of)
    modules = param_builder.with_typed_inits(assembler.build_modules())
    api_classes = OperationBuilder(index, config.extra_tags, config.tag_classes).build()
    unknown_extensions = set(config.api_extensions) - {cls.name for cls in api_classes}
    if unknown_extensions:
        raise GeneratorError(
            f"apiExtensions names classes the spec does not have: {sorted(unknown_extensions)}"
        )
    apis, models, extras = build_exports(api_classes, modules, config)
    sampler = Sampler(index, model_builder.literal_overrides, model_builder.always_sent_fields())
    model_classes = {cls.name for module in modules for cls in module.classes}
    return Package(
        package=config.package_name,
        version=config.package_version,
        api_version=str(document.get("info", {}).get("version", "")),
        spec_name=spec_name,
        api_classes=tuple(api_classes),
        model_modules=tuple(modules),
        model_exports=tuple(models),
        api_exports=tuple(apis),
        extra_exports=tuple(extras),
        # An extended API class is exported from the top level as its hand-written subclass; ``mixpeek.api``
        # keeps the generated class, so the generated layer never imports the code built on top of it.
        api_extensions=tuple(
            Export(name=name, module=module) for name, module in sorted(config.api_extensions.items())
        ),
        operation_tests=tuple(
            build_operation_tests(index, sampler, api_classes, assembler.module_of, model_classes)
        ),
        model_samples=tuple(build_model_samples(sampler, modules)),
        union_samples=tuple(build_union_samples(sampler, modules)),
        module_aliases=tuple(published_module_aliases(modules)),
        submodules=public_submodules(config.package_name, extras),
        records=build_records(index, config),
        params=param_builder.build(),
        client_fields=build_client_fields(index, assembler.module_of),
    )
