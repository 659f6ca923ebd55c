"""``mp.taxonomies``: classification taxonomies (create, list, get, update, delete, execute, paginate)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import CallOptions, ClientCore, build_request, split_options
from mixpeek.client.pagination import Paginator, paginator

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        TaxonomiesCreateFields,
        TaxonomiesListFields,
        TaxonomiesUpdateFields,
    )
    from mixpeek.records import (
        JoinResponseRecord,
        ListTaxonomiesResponseRecord,
        TaxonomyResponseRecord,
    )


class Taxonomies:
    """Every method also takes the per-call options of `CallOptions`; where it takes free keyword
    arguments, ``namespace_id=`` also chooses the namespace."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self, taxonomy_name: str, config: Any, **fields: Unpack[TaxonomiesCreateFields]
    ) -> TaxonomyResponseRecord:
        """Create a taxonomy from its ``config`` (flat or hierarchical; `CreateTaxonomyRequest` fields)."""
        body, options = split_options(fields)
        request = build_request(
            models.CreateTaxonomyRequest,
            {"taxonomy_name": taxonomy_name, "config": config, **body},
            caller=self.create,
        )
        return cast(
            "TaxonomyResponseRecord",
            self._core.call(self._core.taxonomies.create_taxonomy_taxonomies, request, options=options),
        )

    def list(
        self, *, limit: Optional[int] = None, **fields: Unpack[TaxonomiesListFields]
    ) -> ListTaxonomiesResponseRecord:
        """The first page of taxonomies (`ListTaxonomiesRequest` filters); `paginate` walks every page."""
        body, options = split_options(fields)
        return cast(
            "ListTaxonomiesResponseRecord",
            self._core.call(
                self._core.taxonomies.list_taxonomies_post,
                limit=limit,
                list_taxonomies_request=_filters(body, caller=self.list),
                options=options,
            ),
        )

    def paginate(
        self, *, limit: Optional[int] = None, **fields: Unpack[TaxonomiesListFields]
    ) -> Paginator[TaxonomyResponseRecord]:
        """Every taxonomy, page by page, fetched as iteration reaches it."""
        body, options = split_options(fields)
        return paginator(
            self._core,
            self._core.taxonomies.list_taxonomies_post,
            options,
            limit=limit,
            list_taxonomies_request=_filters(body, caller=self.paginate),
        )

    def get(
        self, taxonomy_id: str, *, version: Optional[int] = None, **options: Unpack[CallOptions]
    ) -> TaxonomyResponseRecord:
        """One taxonomy (its latest version unless ``version`` is given)."""
        return cast(
            "TaxonomyResponseRecord",
            self._core.call(
                self._core.taxonomies.get_taxonomy_taxonomies, taxonomy_id, version=version, options=options
            ),
        )

    def update(self, taxonomy_id: str, **fields: Unpack[TaxonomiesUpdateFields]) -> TaxonomyResponseRecord:
        """Change the name, description or metadata of a taxonomy (`PatchTaxonomyRequest`)."""
        body, options = split_options(fields)
        request = build_request(models.PatchTaxonomyRequest, body, caller=self.update)
        return cast(
            "TaxonomyResponseRecord",
            self._core.call(
                self._core.taxonomies.patch_taxonomy_taxonomies, taxonomy_id, request, options=options
            ),
        )

    def delete(self, taxonomy_id: str, **options: Unpack[CallOptions]) -> Any:
        """Delete a taxonomy."""
        return self._core.call(self._core.taxonomies.delete_taxonomy_taxonomies, taxonomy_id, options=options)

    def execute(
        self,
        taxonomy_id: str,
        payload: Any,
        *,
        version: Optional[int] = None,
        **options: Unpack[CallOptions],
    ) -> JoinResponseRecord:
        """Classify documents with a taxonomy (``payload``: the API's execute request, as a dict or model)."""
        return cast(
            "JoinResponseRecord",
            self._core.call(
                self._core.taxonomies.execute_taxonomy_taxonomies,
                taxonomy_id,
                payload,
                version=version,
                options=options,
            ),
        )


def _filters(
    body: Mapping[str, Any], *, caller: Callable[..., Any]
) -> Optional[models.ListTaxonomiesRequest]:
    return build_request(models.ListTaxonomiesRequest, body, caller=caller) if body else None
