"""What a handler receives besides its params: who is calling, where, and the store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gwmock.ids import now
from gwmock.state.base import Backend
from gwmock.state.store import Store

Params = dict[str, Any]
Result = dict[str, Any]


class Context:
    """One call: the service and operation, the caller's account and region, the store."""

    __slots__ = ("service", "operation", "account", "region", "store", "headers", "handle")

    def __init__(self, service: str, operation: str, account: str, region: str, backend: Backend,
                 headers: Mapping[str, str] | None = None, handle: Any = None) -> None:
        self.service = service
        self.operation = operation
        self.account = account
        self.region = region
        scope = (account, region)
        store = backend._stores.get(scope)  # the memory backend's store of the scope, made once
        self.store: Store = store if store is not None else backend.store(scope)
        self.headers = headers if headers is not None else {}
        self.handle = handle  # the active mock's handle (its Lambda functions), None in server mode

    now = staticmethod(now)  # ``gwmock.ids.now`` itself: one frame less than a wrapper


__all__ = ["Context", "Params", "Result", "Store"]
