"""``mp.taxonomies``: classification taxonomies (create, list, get, update, delete, execute)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.pagination import PageRequest, Paginator

if TYPE_CHECKING:
    from mixpeek.models import JoinResponse, TaxonomyResponse


class Taxonomies:
    """Every method takes ``namespace=`` to override the client's default namespace for that call."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self, taxonomy_name: str, config: Any, *, namespace: Optional[str] = None, **fields: Any
    ) -> TaxonomyResponse:
        """Create a taxonomy from its ``config`` (flat or hierarchical; `CreateTaxonomyRequest` fields)."""
        request = build_request(
            models.CreateTaxonomyRequest, {"taxonomy_name": taxonomy_name, "config": config, **fields}
        )
        return self._core.taxonomies.create_taxonomy_taxonomies(
            request, x_namespace=self._core.namespace(namespace)
        )

    def list(
        self, *, limit: Optional[int] = None, namespace: Optional[str] = None, **filters: Any
    ) -> Paginator[TaxonomyResponse]:
        """Every taxonomy, page by page (``filters``: `ListTaxonomiesRequest` fields: search, sort ...)."""
        body = build_request(models.ListTaxonomiesRequest, filters)
        api, x_namespace = self._core.taxonomies, self._core.namespace(namespace)

        def fetch(request: PageRequest) -> Any:
            return api.list_taxonomies_post(
                limit=limit,
                page=request.page,
                cursor=request.cursor,
                list_taxonomies_request=body,
                x_namespace=x_namespace,
            )

        return Paginator(fetch)

    def get(
        self, taxonomy_identifier: str, *, version: Optional[int] = None, namespace: Optional[str] = None
    ) -> TaxonomyResponse:
        """One taxonomy (its latest version unless ``version`` is given)."""
        return self._core.taxonomies.get_taxonomy_taxonomies(
            taxonomy_identifier, version=version, x_namespace=self._core.namespace(namespace)
        )

    def update(
        self, taxonomy_identifier: str, *, namespace: Optional[str] = None, **fields: Any
    ) -> TaxonomyResponse:
        """Change the name, description or metadata of a taxonomy (`PatchTaxonomyRequest`)."""
        request = build_request(models.PatchTaxonomyRequest, fields)
        return self._core.taxonomies.patch_taxonomy_taxonomies(
            taxonomy_identifier, request, x_namespace=self._core.namespace(namespace)
        )

    def delete(self, taxonomy_identifier: str, *, namespace: Optional[str] = None) -> Any:
        """Delete a taxonomy."""
        return self._core.taxonomies.delete_taxonomy_taxonomies(
            taxonomy_identifier, x_namespace=self._core.namespace(namespace)
        )

    def execute(
        self,
        taxonomy_identifier: str,
        payload: Any,
        *,
        version: Optional[int] = None,
        namespace: Optional[str] = None,
    ) -> JoinResponse:
        """Classify documents with a taxonomy (``payload``: the API's execute request, as a dict or model)."""
        return self._core.taxonomies.execute_taxonomy_taxonomies(
            taxonomy_identifier, payload, version=version, x_namespace=self._core.namespace(namespace)
        )
