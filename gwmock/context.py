"""What a handler receives besides its params: who is calling, where, and the store."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from gwmock.ids import now
from gwmock.state.base import Backend, Key, Record

Params = dict[str, Any]
Result = dict[str, Any]


class Store:
    """A backend seen through one account and region: paths are relative to them."""

    __slots__ = ("backend", "scope")

    def __init__(self, backend: Backend, scope: Key) -> None:
        self.backend = backend
        self.scope = scope

    def get(self, path: Key) -> Record | None:
        return self.backend.get(self.scope + path)

    def put(self, path: Key, record: Record) -> None:
        self.backend.put(self.scope + path, record)

    def delete(self, path: Key) -> bool:
        return self.backend.delete(self.scope + path)

    def delete_tree(self, path: Key) -> None:
        self.backend.delete_tree(self.scope + path)

    def scan(self, collection: Key, after: int | None = None) -> Iterator[tuple[int, Record]]:
        return self.backend.scan(self.scope + collection, after)

    def values(self, collection: Key) -> list[Record]:
        return [record for _, record in self.backend.scan(self.scope + collection)]

    def count(self, collection: Key) -> int:
        return self.backend.count(self.scope + collection)


class Context:
    """One call: the service and operation, the caller's account and region, the store."""

    __slots__ = ("service", "operation", "account", "region", "store", "headers", "handle")

    def __init__(self, service: str, operation: str, account: str, region: str, backend: Backend,
                 headers: Mapping[str, str] | None = None, handle: Any = None) -> None:
        self.service = service
        self.operation = operation
        self.account = account
        self.region = region
        self.store = Store(backend, (account, region))
        self.headers = headers or {}
        self.handle = handle  # the active mock's handle (its Lambda functions), None in server mode

    @staticmethod
    def now() -> int:
        return now()
