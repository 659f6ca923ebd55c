"""``mp.webhooks``: the organization's webhooks (create, list, get, update, delete, paginate)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Callable, Optional, cast

from typing_extensions import Unpack

from mixpeek import models
from mixpeek.client._core import (
    CallOptions,
    ClientCore,
    argument_list,
    build_request,
    split_options,
)
from mixpeek.client.pagination import Paginator, paginator

if TYPE_CHECKING:
    from mixpeek.client._fields import (
        WebhooksCreateFields,
        WebhooksListFields,
    )
    from mixpeek.records import (
        ListWebhooksResponseRecord,
        WebhookOutputRecord,
    )


class Webhooks:
    """Webhooks belong to the organization, not to a namespace (no X-Namespace is sent). Every method also
    takes the per-call options of `CallOptions` (``namespace`` is ignored)."""

    def __init__(self, core: ClientCore) -> None:
        self._core = core

    def create(
        self,
        webhook_name: str,
        event_types: Sequence[Any],
        channels: Sequence[Any],
        **fields: Unpack[WebhooksCreateFields],
    ) -> WebhookOutputRecord:
        """Create a webhook delivering ``event_types`` to ``channels`` (`WebhookInput` fields)."""
        body, options = split_options(fields, namespace_keywords=False)
        request = _webhook(webhook_name, event_types, channels, body, caller=self.create)
        return cast(
            "WebhookOutputRecord",
            self._core.call(
                self._core.webhooks.create_webhook_organizations, request, options=options, scoped=False
            ),
        )

    def list(
        self, *, limit: Optional[int] = None, **fields: Unpack[WebhooksListFields]
    ) -> ListWebhooksResponseRecord:
        """The first page of webhooks (filters: event_type, is_active); `paginate` walks every page."""
        body, options = split_options(fields, namespace_keywords=False)
        return cast(
            "ListWebhooksResponseRecord",
            self._core.call(
                self._core.webhooks.list_webhooks_organizations,
                limit=limit,
                list_webhooks_request=_filters(body, caller=self.list),
                options=options,
                scoped=False,
            ),
        )

    def paginate(
        self, *, limit: Optional[int] = None, **fields: Unpack[WebhooksListFields]
    ) -> Paginator[WebhookOutputRecord]:
        """Every webhook, page by page, fetched as iteration reaches it."""
        body, options = split_options(fields, namespace_keywords=False)
        return paginator(
            self._core,
            self._core.webhooks.list_webhooks_organizations,
            options,
            limit=limit,
            list_webhooks_request=_filters(body, caller=self.paginate),
            scoped=False,
        )

    def get(self, identifier: str, **options: Unpack[CallOptions]) -> WebhookOutputRecord:
        """One webhook by id or name."""
        return cast(
            "WebhookOutputRecord",
            self._core.call(
                self._core.webhooks.get_webhook_organizations, identifier, options=options, scoped=False
            ),
        )

    def update(
        self,
        identifier: str,
        webhook_name: str,
        event_types: Sequence[Any],
        channels: Sequence[Any],
        **fields: Unpack[WebhooksCreateFields],
    ) -> WebhookOutputRecord:
        """Replace a webhook's definition (the API takes the whole `WebhookInput`)."""
        body, options = split_options(fields, namespace_keywords=False)
        request = _webhook(webhook_name, event_types, channels, body, caller=self.update)
        return cast(
            "WebhookOutputRecord",
            self._core.call(
                self._core.webhooks.update_webhook_organizations,
                identifier,
                request,
                options=options,
                scoped=False,
            ),
        )

    def delete(self, identifier: str, **options: Unpack[CallOptions]) -> None:
        """Delete a webhook."""
        self._core.call(
            self._core.webhooks.delete_webhook_organizations, identifier, options=options, scoped=False
        )


def _webhook(
    webhook_name: str,
    event_types: Sequence[Any],
    channels: Sequence[Any],
    body: Mapping[str, Any],
    *,
    caller: Callable[..., Any],
) -> models.WebhookInput:
    return build_request(
        models.WebhookInput,
        {
            "webhook_name": webhook_name,
            "event_types": argument_list(event_types, "event_types", caller=caller),
            "channels": argument_list(channels, "channels", caller=caller),
            **body,
        },
        caller=caller,
    )


def _filters(body: Mapping[str, Any], *, caller: Callable[..., Any]) -> Optional[models.ListWebhooksRequest]:
    return build_request(models.ListWebhooksRequest, body, caller=caller) if body else None
