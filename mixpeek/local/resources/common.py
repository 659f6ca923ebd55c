"""Helpers every resource module uses: listings (search, filters, sort, pages) and small response pieces."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Optional

from mixpeek.local.call import Call
from mixpeek.local.errors import bad_request
from mixpeek.local.fields import sort_documents
from mixpeek.local.filters import compile_filter
from mixpeek.local.pagination import page_request, paginate

JsonDict = dict[str, Any]


def deleted(resource: str, identifier: str) -> JsonDict:
    """The body of a successful delete (`GenericDeleteResponse` plus the id)."""
    return {"success": True, "message": f"{resource.capitalize()} '{identifier}' deleted", "id": identifier}


def sort_spec(body: Optional[JsonDict]) -> Optional[tuple[str, bool]]:
    """(field, descending) from a list request's ``sort`` (or first of ``sorts``), or None."""
    if not body:
        return None
    sort = body.get("sort")
    if sort is None and isinstance(body.get("sorts"), list) and body["sorts"]:
        sort = body["sorts"][0]
    if sort is None:
        return None
    if not isinstance(sort, dict) or not isinstance(sort.get("field"), str):
        raise bad_request("'sort' must be an object with a 'field' and an optional 'direction'")
    return sort["field"], str(sort.get("direction") or "asc").lower() == "desc"


def listing(
    call: Call,
    records: Sequence[JsonDict],
    *,
    name_field: Optional[str] = None,
    body: Optional[JsonDict] = None,
    default_sort: Optional[tuple[str, bool]] = None,
) -> tuple[list[JsonDict], JsonDict]:
    """One page of records after search (on `name_field`), filters and sort; with its pagination object."""
    request = call.request
    chosen = list(records)
    search = request.query_value("search") or (body or {}).get("search")
    if search and name_field:
        needle = str(search).casefold()
        chosen = [r for r in chosen if needle in str(r.get(name_field, "")).casefold()]
    predicate = compile_filter((body or {}).get("filters"), bool((body or {}).get("case_sensitive", False)))
    if predicate is not None:
        chosen = [r for r in chosen if predicate(r)]
    order = sort_spec(body) or default_sort
    if order is not None:
        chosen = sort_documents(chosen, order[0], order[1])
    return paginate(chosen, page_request(request.query, body), request.path)


def merge(record: JsonDict, changes: JsonDict, protected: Sequence[str]) -> JsonDict:
    """A copy of `record` with `changes` applied, ignoring changes to protected fields."""
    updated = dict(record)
    for key, value in changes.items():
        if key not in protected:
            updated[key] = value
    return updated
