"""Naming rules of the spec: API classes of tags, operationIds, and readable words made from names.

Class of a tag: every word of the tag (split on anything that is not a letter or digit) with its first letter
upper-cased and the rest left alone, then "Api": "Agent Sessions" -> AgentSessionsApi, "BYO Documents" ->
BYODocumentsApi, "Public Retriever API" -> PublicRetrieverAPIApi.

operationId of an operation: its published method name (`x-python-method` in the facts), unless that name is
a generator accident or is shared with another operation:

* An *accident* is a published name ending in `_0`: the publishing generator appended a counter because
  another operation already had the name without it. The new name keeps the base name and says what differs
  from the operation that owns the base name: its HTTP method when that differs (`list_alerts_0`, POST
  /v1/alerts/list, next to `list_alerts`, GET /v1/alerts -> `list_alerts_post`); otherwise the resource the
  path is scoped to, from its first `segment/{parameter}` pair not in the other path
  (`get_extractor_performance_analytics_for_collection`); otherwise (the same action under a second route,
  such as `/taxonomies/{id}/execute` next to `/taxonomies/execute/{id}`) the base name without its trailing
  router-prefix words, the words of the path's first segment (`execute_taxonomy_taxonomies_0` ->
  `execute_taxonomy`), if no operation uses that name; otherwise the base name + `_alt_route`.
* A name *shared* by operations in different classes (the facts then give each one a longer operationId
  such as `list_retrievers__public_retriever_api`) keeps the facts' operationId, which is unique.

Every published name that differs from the operationId (in any of the operation's classes) is kept in
`x-published-names`, so that code written against the published package keeps working through aliases. A
class gets an alias only if none of its own operations is called that already (one operation is published as
`get_extractor_performance_analytics_0` in AnalyticsApi, where another operation owns the plain name, and as
`get_extractor_performance_analytics` in AnalyticsCollectionsApi).
"""

from __future__ import annotations

import keyword
import re
from typing import AbstractSet, Dict, List, Optional, Tuple

ACCIDENT_SUFFIX = "_0"
WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
PATH_PARAMETER = re.compile(r"^\{([^}]+)\}$")


def api_class_for_tag(tag: str) -> str:
    """The `*Api` class a tag's operations are generated into (see the module docstring)."""
    words = (word for word in WORD_SPLIT.split(tag) if word)
    return "".join(word[:1].upper() + word[1:] for word in words) + "Api"


def is_python_identifier(name: str) -> bool:
    """A name usable as a method: an identifier that is not a keyword."""
    return name.isidentifier() and not keyword.iskeyword(name)


def is_accident(published_name: str) -> bool:
    """A name the publishing generator made unique by appending a counter."""
    return published_name.endswith(ACCIDENT_SUFFIX) and len(published_name) > len(ACCIDENT_SUFFIX)


def singular(word: str) -> str:
    """A plural English word in the singular, for the regular forms ("batches" -> "batch")."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _scoped_resource(path: str, other_path: str) -> Optional[str]:
    """The first `literal/{parameter}` pair of `path` whose literal is not in `other_path`, as a word."""
    segments = [segment for segment in path.split("/") if segment]
    other_literals = {segment for segment in other_path.split("/") if not PATH_PARAMETER.match(segment)}
    for literal, following in zip(segments, segments[1:]):
        if PATH_PARAMETER.match(literal) or not PATH_PARAMETER.match(following):
            continue
        if literal not in other_literals:
            return singular(WORD_SPLIT.sub("_", literal).strip("_").lower())
    return None


def _without_router_prefix(name: str, path: str) -> str:
    """`name` without trailing words that spell the path's first literal segment after the version."""
    literals = [s for s in path.split("/") if s and not PATH_PARAMETER.match(s) and s not in ("v1", "v2")]
    prefix = [word.lower() for word in WORD_SPLIT.split(literals[0]) if word] if literals else []
    tokens = name.split("_")
    if prefix and len(tokens) > len(prefix) + 1 and tokens[-len(prefix) :] == prefix:
        return "_".join(tokens[: -len(prefix)])
    return name


def accident_replacement(
    published_name: str,
    method: str,
    path: str,
    base_owner: Optional[Tuple[str, str]],
    names_in_use: AbstractSet[str] = frozenset(),
) -> str:
    """A meaningful operationId for an accidental published name (rule in the module docstring).

    `base_owner` is the (method, path) of the operation that has the name without the counter, if any;
    `names_in_use` are the names other operations already have.
    """
    base = published_name[: -len(ACCIDENT_SUFFIX)]
    if base_owner is None:
        return base
    other_method, other_path = base_owner
    if other_method.lower() != method.lower():
        return f"{base}_{method.lower()}"
    resource = _scoped_resource(path, other_path)
    if resource:
        return f"{base}_for_{resource}"
    shorter = _without_router_prefix(base, path)
    if shorter != base and shorter not in names_in_use:
        return shorter
    return f"{base}_alt_route"


def choose_operation_ids(
    operations: List[Tuple[str, str, str, List[str]]],
) -> Dict[Tuple[str, str], Tuple[str, List[str]]]:
    """Decide every operationId.

    `operations` holds (method, path, facts operationId, published method names): the name in the
    operation's main class first, then its names in other classes. Returns, for each
    (method, path), the operationId and the published names to keep as aliases. Raises ValueError when the
    rules would produce a duplicate or an invalid identifier, so a new facts file cannot slip one through.
    """
    owner_of_name = {names[0]: (method, path) for method, path, _, names in operations}
    names_in_use = {name for _, _, facts_id, names in operations for name in (facts_id, *names)}
    chosen: Dict[Tuple[str, str], Tuple[str, List[str]]] = {}
    for method, path, facts_id, names in operations:
        published = names[0]
        if is_accident(published):
            base_owner = owner_of_name.get(published[: -len(ACCIDENT_SUFFIX)])
            operation_id = accident_replacement(published, method, path, base_owner, names_in_use)
        else:
            operation_id = facts_id
        aliases = sorted({name for name in names if name != operation_id})
        chosen[(method, path)] = (operation_id, aliases)
    seen: Dict[str, Tuple[str, str]] = {}
    for key, (operation_id, _) in chosen.items():
        if not is_python_identifier(operation_id):
            raise ValueError(f"operationId {operation_id!r} of {key} is not a Python identifier")
        if operation_id in seen:
            raise ValueError(f"operationId {operation_id!r} is used by {seen[operation_id]} and {key}")
        seen[operation_id] = key
    return chosen


def words_of(name: str) -> List[str]:
    """The lower-case words of a snake_case, kebab-case or CamelCase name ("HTTPValidationError" ->
    ["http", "validation", "error"])."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [word.lower() for word in WORD_SPLIT.split(spaced) if word]


def sentence(words: List[str]) -> str:
    """Words as a sentence fragment with a capital first letter ("list collections" -> "List collections")."""
    text = " ".join(words)
    return text[:1].upper() + text[1:]
