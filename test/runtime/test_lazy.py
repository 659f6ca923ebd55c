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


@pytest.fixture
def layered() -> Iterator[types.ModuleType]:
    """A package listing one name of its own and falling through to a sub-package's table, as `mixpeek` does
    with `mixpeek.api` and `mixpeek.models`."""
    top = types.ModuleType("lazy_layered")
    top.__path__ = []
    sub = types.ModuleType("lazy_layered.models")
    sub.__path__ = []
    things = types.ModuleType("lazy_layered.models.things")
    things.Thing = type("Thing", (), {})  # type: ignore[attr-defined]
    modules = {module.__name__: module for module in (top, sub, things)}
    sys.modules.update(modules)
    sub.__all__ = ["Thing"]  # type: ignore[attr-defined]
    install_lazy_exports("lazy_layered.models", vars(sub), {"Thing": "lazy_layered.models.things"})
    install_lazy_exports(
        "lazy_layered", vars(top), {"Own": "decimal:Decimal"}, fallbacks=("lazy_layered.models",)
    )
    yield top
    for name in modules:
        sys.modules.pop(name, None)


def test_a_name_the_package_does_not_list_comes_from_its_fallbacks_table(layered: types.ModuleType) -> None:
    sub = sys.modules["lazy_layered.models"]
    assert "Thing" not in vars(layered) and "Thing" not in vars(sub)
    assert layered.Thing is sys.modules["lazy_layered.models.things"].Thing
    assert vars(layered)["Thing"] is vars(sub)["Thing"] is layered.Thing  # cached by both packages
    import decimal

    assert layered.Own is decimal.Decimal
    with pytest.raises(AttributeError, match="has no attribute 'Missing'"):
        layered.Missing  # noqa: B018


def test_all_and_dir_cover_the_fallbacks_names(layered: types.ModuleType) -> None:
    assert "__all__" not in vars(layered)
    assert layered.__all__ == ["Own", "Thing"]
    assert {"Own", "Thing"} <= set(dir(layered))
    star: dict[str, object] = {}
    exec("from lazy_layered import *", star)  # noqa: S102 - the star import reads the computed __all__
    assert {"Own", "Thing"} <= set(star)


def test_private_names_do_not_reach_the_fallbacks(layered: types.ModuleType) -> None:
    del sys.modules["lazy_layered.models"]  # importing it now would fail
    assert not hasattr(layered, "_repr_html_")
    assert "lazy_layered.models" not in sys.modules
