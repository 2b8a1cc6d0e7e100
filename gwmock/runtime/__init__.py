"""The data plane: calling deployed APIs at ``https://{api}.execute-api.{region}.amazonaws.com``.

Contract: ``call(handle, method, url, headers, body) -> Response``. The URL's host
names the API and region; a REST API (v1) is served by ``rest.call_rest_api``
(``/{stage}/path``), an HTTP or WebSocket API (v2) by ``http_api.call_http_api``
(``/{stage}/path``, or ``/path`` on the ``$default`` stage). Both read the
control plane's records through a ``Context`` of the handle's backend, and reach
user code (Lambda functions as Python callables) through ``handle.lambdas``.

Requests arrive here from ``gw.invoke(...)`` or, while a mock is active, from any
HTTP client built on urllib3 (requests, botocore, urllib3 itself): see
``gwmock.intercept``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from gwmock.context import Context
from gwmock.dispatch import DEFAULT_ACCOUNT

HOST = re.compile(
    r"^(?P<api>[a-z0-9]+)(?:-vpce-[a-z0-9]+)?\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$"
)


@dataclass
class Response:
    """What a deployed API answered."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)


_CACHES: list[Any] = []  # per-owner caches (authorizer results, throttle buckets) of the runtime modules


def register_cache(cache: Any) -> Any:
    """Let ``forget`` empty ``cache`` (a mapping keyed by backend or handle) on ``gw.reset()``."""
    _CACHES.append(cache)
    return cache


def forget(*owners: Any) -> None:
    """Drop what the runtime remembers for these backends or handles."""
    for cache in _CACHES:
        for owner in owners:
            cache.pop(owner, None)


def is_execute_api(host: str | None) -> bool:
    return bool(host) and HOST.match(host.lower()) is not None  # type: ignore[union-attr]


def call(handle: Any, method: str, url: str, headers: dict[str, str] | None = None,
         body: bytes | str | None = None) -> Response:
    """Serve one request to a deployed API from the mock's state."""
    parts = urlsplit(url)
    found = HOST.match((parts.hostname or "").lower())
    if found is None:
        raise ValueError(f"not an execute-api URL: {url}")
    data = body.encode() if isinstance(body, str) else (body or b"")
    account = handle.account or DEFAULT_ACCOUNT
    ctx = Context("execute-api", "Invoke", account, found["region"], handle.backend)
    path = parts.path or "/"
    # No unit of work around the call: integrations run user code and may call the mock
    # again from other threads (a local HTTP backend); the few writes (usage) are single puts.
    if ctx.store.get(("restapis", found["api"])) is not None:
        from gwmock.runtime.rest import call_rest_api  # noqa: PLC0415 - loaded on first call

        return call_rest_api(ctx, handle, found["api"], method.upper(), path, parts.query, headers or {}, data)
    if ctx.store.get(("v2", "apis", found["api"])) is not None:
        from gwmock.runtime.http_api import call_http_api  # noqa: PLC0415

        return call_http_api(ctx, handle, found["api"], method.upper(), path, parts.query, headers or {}, data)
    # AWS has no such host; the nearest HTTP answer is API Gateway's 403 for unknown routes.
    return Response(403, {"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"},
                    b'{"message":"Forbidden"}')
