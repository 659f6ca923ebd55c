"""What every resource shares: the `ApiClient`, the default namespace, one instance per ``*Api`` class."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional, TypeVar

from pydantic import ValidationError

from mixpeek.client._apis import GeneratedApis
from mixpeek.exceptions import ApiTypeError, ApiValueError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from mixpeek.api_client import ApiClient

ModelT = TypeVar("ModelT", bound="BaseModel")


class ClientCore(GeneratedApis):
    """The state the resources of one `Mixpeek` client share: the generated APIs and the default namespace."""

    def __init__(self, api_client: ApiClient, namespace: Optional[str]) -> None:
        super().__init__(api_client)
        self.default_namespace = namespace

    def namespace(self, override: Optional[str] = None) -> Optional[str]:
        """The namespace a call sends as X-Namespace: the per-call value, else the client's default."""
        return override if override is not None else self.default_namespace


def build_request(model: type[ModelT], fields: Mapping[str, Any]) -> ModelT:
    """Validate keyword arguments into a generated request model before anything is sent.

    Keyword arguments are the schema's field names (attribute or wire spelling). Unknown names are refused,
    naming the model's fields, unless the schema itself accepts additional properties (the generated
    ``__open_schema__``, which the runtime checks too): a misspelt option should fail loudly rather than be
    ignored by the server. Values that do not fit the schema raise `ApiValueError` (naming the field), so
    every error of the SDK shares its base exception.
    """
    given = {name: value for name, value in fields.items() if value is not None}
    if not getattr(model, "__open_schema__", False):
        known: set[str] = set()
        for name, info in model.model_fields.items():
            known.add(name)
            if info.alias:
                known.add(info.alias)
        unknown = sorted(name for name in given if name not in known)
        if unknown:
            raise ApiTypeError(
                f"{model.__name__} has no field(s) {', '.join(map(repr, unknown))}; "
                f"its fields are: {', '.join(sorted(model.model_fields))}"
            )
    try:
        return model.model_validate(given)
    except ValidationError as error:
        raise ApiValueError(f"invalid {model.__name__}: {error}") from error
