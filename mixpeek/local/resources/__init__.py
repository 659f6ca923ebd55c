"""One module per resource group; `all_routes()` gathers their routes for the router."""

from __future__ import annotations

from mixpeek.local.resources import (
    absent,
    buckets,
    collections,
    documents,
    execution,
    features,
    namespaces,
    promotion,
    retrievers,
    standalone,
    tasks,
)
from mixpeek.local.routing import Route

_MODULES = (
    namespaces,
    standalone,
    promotion,
    collections,
    features,
    documents,
    buckets,
    retrievers,
    execution,
    tasks,
    absent,
)


def all_routes() -> list[Route]:
    """Every implemented route."""
    return [route for module in _MODULES for route in module.routes()]
