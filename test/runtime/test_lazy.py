"""install_lazy_exports: names resolve on first access only, then live in the module's globals."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from mixpeek._runtime.lazy import install_lazy_exports


@pytest.fixture
def package() -> Iterator[types.ModuleType]:
    module = types.ModuleType("lazy_test_pkg")
    module.__path__ = []
    sys.modules["lazy_test_pkg"] = module
    submodule = types.ModuleType("lazy_test_pkg.things")
    submodule.Thing = type("Thing", (), {})  # type: ignore[attr-defined]
    submodule.Other = type("Other", (), {})  # type: ignore[attr-defined]
    sys.modules["lazy_test_pkg.things"] = submodule
    install_lazy_exports(
        "lazy_test_pkg",
        vars(module),
        {"Thing": "lazy_test_pkg.things", "Alias": ".things:Other", "Decimal": "decimal"},
    )
    yield module
    del sys.modules["lazy_test_pkg"], sys.modules["lazy_test_pkg.things"]


def test_names_resolve_on_first_access_and_are_cached(package: types.ModuleType) -> None:
    assert "Thing" not in vars(package)
    thing = package.Thing
    assert thing is sys.modules["lazy_test_pkg.things"].Thing
    assert vars(package)["Thing"] is thing
    assert package.Alias is sys.modules["lazy_test_pkg.things"].Other
    import decimal

    assert package.Decimal is decimal.Decimal


def test_unknown_names_raise_attribute_error_and_dir_lists_exports(package: types.ModuleType) -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Missing'"):
        package.Missing  # noqa: B018
    assert {"Thing", "Alias", "Decimal"} <= set(dir(package))
