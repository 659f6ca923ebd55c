"""Which ``*Api`` class each tag's operations go to: one decision per tag, made before any class is built.

Rules, in order of precedence for a tag's class name:

1. ``tagClasses`` in the generator config (``tag: ClassName``), the maintainer's override;
2. ``x-mixpeek-api-class`` on the tag object of the spec;
3. the class of an earlier tag with the same :func:`generator.naming.tag_key` (the same letters and digits,
   ignoring case and punctuation: ``Marketplace`` and ``marketplace``, ``Agent Sessions`` and
   ``agent-sessions``): such tags are one API area spelt two ways, and OpenAPI Generator merges them too;
4. :func:`generator.naming.api_class_name` of the tag.

"Earlier" means: the spec's ``tags`` list first, then the config's ``extraTags``, then tags that only
operations name, in document order. So a declared spelling names the class and gives its description.

Two tags whose keys differ but which end up with the same class name (only possible through rules 1 and 2) are
an error naming the ``tagClasses`` key that would separate them: merging them silently could put two
operations with the same method name into one class, or hide an API area inside another.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator import naming
from generator.errors import GeneratorError
from generator.models import describe

#: The tag of an operation that names none.
DEFAULT_TAG = "Default"


@dataclass(frozen=True)
class TagClass:
    """The class a tag's operations are generated into."""

    class_name: str
    #: The tag that named the class (the first of the tags merged into it).
    owner: str
    #: The class docstring's source: the owner's description, else the first merged tag's with one.
    doc: str


def _all_tags(document: Mapping[str, Any], extra_tags: Iterable[tuple[str, str]]) -> list[Mapping[str, Any]]:
    """Every tag object, in precedence order: declared, then the config's extras, then operations' tags."""
    declared: list[Mapping[str, Any]] = list(document.get("tags") or [])
    seen = {str(tag["name"]) for tag in declared}
    for name, doc in extra_tags:
        if name not in seen:
            declared.append({"name": name, "description": doc})
            seen.add(name)
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    for item in (document.get("paths") or {}).values():
        for method in methods:
            for tag in (item.get(method) or {}).get("tags") or ([DEFAULT_TAG] if method in item else []):
                if tag not in seen:
                    declared.append({"name": tag})
                    seen.add(tag)
    return declared


def _collision(class_name: str, first: str, second: str) -> GeneratorError:
    return GeneratorError(
        f"tags {first!r} and {second!r} both map to the class {class_name}, and they are not one tag spelt "
        f"two ways; give one of them its own class in openapi-generator-config.yaml, e.g. "
        f"`tagClasses: {{{second!r}: <OtherName>Api}}`"
    )


def assign_tag_classes(
    document: Mapping[str, Any],
    extra_tags: Iterable[tuple[str, str]] = (),
    overrides: Mapping[str, str] = {},
) -> dict[str, TagClass]:
    """tag -> :class:`TagClass` for every tag of the document (rules in the module docstring)."""
    by_key: dict[str, str] = {}  # tag key -> class name of its first tag
    owners: dict[str, str] = {}  # class name -> owning tag
    docs: dict[str, str] = {}  # class name -> docstring source
    chosen: dict[str, str] = {}  # tag -> class name
    for tag in _all_tags(document, extra_tags):
        name = str(tag["name"])
        key = naming.tag_key(name)
        class_name = (
            overrides.get(name)
            or tag.get("x-mixpeek-api-class")
            or by_key.get(key)
            or naming.api_class_name(name)
        )
        owner = owners.setdefault(class_name, name)
        if (
            owner != name
            and naming.tag_key(owner) != key
            and class_name not in _explicitly_shared(overrides, owner, name)
        ):
            raise _collision(class_name, owner, name)
        by_key.setdefault(key, class_name)
        if not docs.get(class_name):
            docs[class_name] = describe(tag)
        chosen[name] = class_name
    return {tag: TagClass(cls, owners[cls], docs.get(cls, "")) for tag, cls in chosen.items()}


def _explicitly_shared(overrides: Mapping[str, str], first: str, second: str) -> set[str]:
    """The class both tags were given in ``tagClasses``: a maintainer may merge tags on purpose."""
    both = {overrides.get(first), overrides.get(second)}
    return {name for name in both if name} if len(both) == 1 else set()
