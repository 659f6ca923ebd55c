"""Sample values synthesised from schemas, for the generated tests (filled in later)."""

from __future__ import annotations

from collections.abc import Mapping

from generator.ir import ApiClass, ModelModule, ModelSample, OperationTest
from generator.spec import SpecIndex


def build_operation_tests(
    index: SpecIndex, api_classes: list[ApiClass], module_of: Mapping[str, str]
) -> list[OperationTest]:
    return []


def build_model_samples(index: SpecIndex, modules: list[ModelModule]) -> list[ModelSample]:
    return []
