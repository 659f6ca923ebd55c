"""``mp.webhooks``: the organization's webhooks (create, list, get, update, delete)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional

from mixpeek import models
from mixpeek.client._core import ClientCore, build_request
from mixpeek.client.pagination import PageRequest, Paginator

if TYPE_CHECKING:
    from mixpeek.models import WebhookOutput


class Webhooks:
    """Webhooks belong to the organization, not to a namespace."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self, webhook_name: str, event_types: Sequence[Any], channels: Sequence[Any], **fields: Any
    ) -> WebhookOutput:
        """Create a webhook delivering ``event_types`` to ``channels`` (`WebhookInput` fields)."""
        request = build_request(
            models.WebhookInput,
            {
                "webhook_name": webhook_name,
                "event_types": list(event_types),
                "channels": list(channels),
                **fields,
            },
        )
        return self._core.webhooks.create_webhook_organizations(request)

    def list(self, *, limit: Optional[int] = None, **filters: Any) -> Paginator[WebhookOutput]:
        """Every webhook, page by page (``filters``: event_type, is_active)."""
        body = build_request(models.ListWebhooksRequest, filters)
        api = self._core.webhooks

        def fetch(request: PageRequest) -> Any:
            return api.list_webhooks_organizations(
                limit=limit, page=request.page, cursor=request.cursor, list_webhooks_request=body
            )

        return Paginator(fetch)

    def get(self, identifier: str) -> WebhookOutput:
        """One webhook by id or name."""
        return self._core.webhooks.get_webhook_organizations(identifier)

    def update(
        self,
        identifier: str,
        webhook_name: str,
        event_types: Sequence[Any],
        channels: Sequence[Any],
        **fields: Any,
    ) -> WebhookOutput:
        """Replace a webhook's definition (the API takes the whole `WebhookInput`)."""
        request = build_request(
            models.WebhookInput,
            {
                "webhook_name": webhook_name,
                "event_types": list(event_types),
                "channels": list(channels),
                **fields,
            },
        )
        return self._core.webhooks.update_webhook_organizations(identifier, request)

    def delete(self, identifier: str) -> None:
        """Delete a webhook."""
        self._core.webhooks.delete_webhook_organizations(identifier)
