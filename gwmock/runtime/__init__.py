"""The data plane: calling deployed APIs at ``https://{api}.execute-api.{region}.amazonaws.com``.

Contract: ``call(handle, method, url, headers, body) -> Response``. The URL's host
names the API and region; a REST API (v1) is served by ``rest.api.call_rest_api``
(``/{stage}/path``), an HTTP or WebSocket API (v2) by ``http.api.call_http_api``
(``/{stage}/path``, or ``/path`` on the ``$default`` stage). Both read the
control plane's records through a ``Context`` of the handle's backend, and reach
user code (Lambda functions as Python callables) through ``handle.lambdas``.

Requests arrive here from ``gw.invoke(...)`` or, while a mock is active, from any
HTTP client built on urllib3 (requests, botocore, urllib3 itself): see
``gwmock.intercept``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from gwmock.context import Context
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime import diagnostics
from gwmock.runtime.caches import forget, register_cache
from gwmock.runtime.hosts import HOST, is_execute_api
from gwmock.runtime.response import Response

__all__ = ["HOST", "Response", "call", "forget", "is_execute_api", "register_cache"]


def call(handle: Any, method: str, url: str, headers: dict[str, str] | None = None,
         body: bytes | str | None = None) -> Response:
    """Serve one request to a deployed API from the mock's state, and record it on the handle."""
    data = body.encode() if isinstance(body, str) else (body or b"")
    response = _serve(handle, method, url, headers or {}, data)
    diagnostics.record(handle, method, url, headers or {}, data, response)
    return response


def _serve(handle: Any, method: str, url: str, headers: dict[str, str], data: bytes) -> Response:
    parts = urlsplit(url)
    found = HOST.match((parts.hostname or "").lower())
    if found is None:
        raise ValueError(f"not an execute-api URL: {url}")
    account = handle.account or DEFAULT_ACCOUNT
    ctx = Context("execute-api", "Invoke", account, found["region"], handle.backend)
    path = parts.path or "/"
    # No unit of work around the call: integrations run user code and may call the mock
    # again from other threads (a local HTTP backend); the few writes (usage) are single puts.
    if ctx.store.get(("restapis", found["api"])) is not None:
        from gwmock.runtime.rest.api import call_rest_api  # noqa: PLC0415 - loaded on first call

        return call_rest_api(ctx, handle, found["api"], method.upper(), path, parts.query, headers, data)
    if ctx.store.get(("v2", "apis", found["api"])) is not None:
        from gwmock.runtime.http.api import call_http_api  # noqa: PLC0415

        return call_http_api(ctx, handle, found["api"], method.upper(), path, parts.query, headers, data)
    # AWS has no such host; the nearest HTTP answer is API Gateway's 403 for unknown routes.
    return Response(403, {"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"},
                    b'{"message":"Forbidden"}')
