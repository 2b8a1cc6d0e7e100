"""What a mock saw: typed, immutable records for assertions in tests.

* ``Call``: one control-plane call answered by the mock (``gw.calls``), recorded by
  ``gwmock.dispatch`` on every call, so it stays a small slotted frozen dataclass.
  It is built positionally, ``Call(service, operation, params, status[, error_code])``.
* ``Request``: one data-plane request served from a deployed API (``gw.requests``),
  filled by the runtime, with what a test needs to explain a failure: the execution
  log lines, and the exception (with its traceback text) raised by an integration or
  a Lambda callable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Call:
    """One call the mock answered, e.g. ``Call("apigateway", "CreateRestApi", {...}, 201)``."""

    service: str
    operation: str
    params: Mapping[str, Any]
    status: int
    error_code: str | None = None  # the ``x-amzn-ErrorType`` of a failed call

    @property
    def failed(self) -> bool:
        return self.status >= 300

    def __iter__(self) -> Iterator[Any]:
        """Unpacks like the 4-tuples of earlier releases: ``service, operation, params, status = call``."""
        return iter((self.service, self.operation, self.params, self.status))

    def __getitem__(self, index: int) -> Any:
        """Indexes like those 4-tuples (``call[1]`` is the operation); prefer the named fields."""
        return (self.service, self.operation, self.params, self.status)[index]


@dataclass(frozen=True, slots=True)
class Request:
    """One request served by a deployed API (REST, HTTP or WebSocket) and what it answered."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes
    status: int
    response_headers: Mapping[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    log: tuple[str, ...] = ()  # the execution log lines, as CloudWatch would hold them
    error: BaseException | None = None  # the integration's or Lambda's exception
    traceback: str | None = None


class CallList(list[Call]):
    """``gw.calls``: a list of ``Call`` that also accepts the plain tuples older dispatchers append."""

    __slots__ = ()

    def append(self, item: Any) -> None:
        super().append(item if type(item) is Call else Call(*item))


__all__ = ["Call", "CallList", "Request"]
