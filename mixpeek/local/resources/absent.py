"""Lists of resources the local server never holds: taxonomies and webhooks.

Nothing creates a taxonomy or a webhook locally (their other operations answer 501), so their lists are
empty, in the spec's response shapes, after the same checks as other lists (pagination parameters, and for
taxonomies the ``X-Namespace`` namespace, which must exist).
"""

from __future__ import annotations

from mixpeek.local.call import Call
from mixpeek.local.messages import Response, ok
from mixpeek.local.resources.common import listing
from mixpeek.local.routing import Route


def list_taxonomies(call: Call) -> Response:
    """`ListTaxonomiesResponse` with no taxonomy."""
    page, pagination = listing(call, [], body=call.list_request())
    return ok({"results": page, "pagination": pagination, "total_count": 0})


def list_webhooks(call: Call) -> Response:
    """`ListWebhooksResponse` with no webhook."""
    page, pagination = listing(call, [], body=call.list_request())
    return ok({"results": page, "pagination": pagination, "total": 0})


def routes() -> list[Route]:
    """The empty lists: taxonomies (scoped by X-Namespace) and the organization's webhooks (not scoped)."""
    return [
        Route("GET", "/v1/taxonomies", "list_taxonomies", list_taxonomies),
        Route(
            "POST",
            "/v1/taxonomies/list",
            "list_taxonomies_post",
            list_taxonomies,
            True,
            "ListTaxonomiesRequest",
            "optional",
        ),
        Route(
            "POST",
            "/v1/organizations/webhooks/list",
            "list_webhooks_organizations",
            list_webhooks,
            False,
            "ListWebhooksRequest",
            "optional",
        ),
    ]
