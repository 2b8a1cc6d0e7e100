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

A custom domain name of the mock's state is served too (``is_data_plane_host``):
its API mapping (base path) names the API and stage. ``/{stage}/@connections/{id}``
of a WebSocket API is its management API (``websocket.management``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from gwmock.context import Context
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime import diagnostics
from gwmock.runtime.caches import forget, register_cache
from gwmock.runtime.hosts import HOST, find_domain, is_data_plane_host, is_execute_api, map_custom_domain
from gwmock.runtime.response import Response

__all__ = ["HOST", "Response", "call", "forget", "is_data_plane_host", "is_execute_api", "register_cache"]


def call(handle: Any, method: str, url: str, headers: Mapping[str, str | list[str]] | None = None,
         body: bytes | str | None = None) -> Response:
    """Serve one request to a deployed API from the mock's state, and record it on the handle; a
    header given as a list is that many header lines."""
    data = body.encode() if isinstance(body, str) else (body or b"")
    response = _serve(handle, method, url, headers or {}, data)
    diagnostics.record(handle, method, url, headers or {}, data, response)
    return response


def _serve(handle: Any, method: str, url: str, headers: Mapping[str, str | list[str]], data: bytes) -> Response:
    host, raw_path, query, named = (_target if len(url) <= _KEPT_URL else _parse_target)(url)
    path = raw_path
    domain = ""  # a custom domain's name: the events' Host, domainName and path keep it
    if named is not None:
        account, (api_id, region) = handle.account or DEFAULT_ACCOUNT, named
        if "-vpce-" in host and not any(name.lower() == "host" for name in headers):
            # an HTTP client sends the URL's host (http.client adds it after urllib3's hook): a private
            # API's resource policy reads the VPC endpoint from it (``aws:SourceVpce``)
            headers = {**headers, "Host": host}
    else:
        mapped = map_custom_domain(handle, host, path)
        if mapped is None:
            if find_domain(handle, host) is None:
                raise ValueError(f"not an execute-api URL: {url}")
            return _not_found()
        account, region, api_id, domain = mapped.account, mapped.region, mapped.api_id, host
        # The mapping's stage stands in for the path's stage segment (a ``$default`` stage has none).
        path = mapped.path if mapped.stage in (None, "$default") else f"/{mapped.stage}{mapped.path}"
    ctx = Context("execute-api", "Invoke", account, region, handle.backend)
    # No unit of work around the call: integrations run user code and may call the mock
    # again from other threads (a local HTTP backend); the few writes (usage) are single puts.
    rest_api = ctx.store.get(("restapis", api_id))
    domain_path = raw_path if domain else None
    if rest_api is not None:
        return (_call_rest_api or _load_rest())(
            ctx, handle, api_id, method.upper(), path, query, headers, data, rest_api,
            domain=domain, domain_path=domain_path)
    api = ctx.store.get(("v2", "apis", api_id))
    if api is not None and api.get("ProtocolType") == "WEBSOCKET":
        stage, marker, connection_id = _management_path(path)
        if marker == "@connections":
            from gwmock.runtime.websocket import management  # noqa: PLC0415

            return management.serve(handle, ctx, api, stage, method.upper(), connection_id, query, headers,
                                    data)
    if api is not None:
        return (_call_http_api or _load_http())(ctx, handle, api_id, method.upper(), path, query, headers,
                                                data, api, domain=domain, domain_path=domain_path)
    # AWS has no such host; the nearest HTTP answer is API Gateway's 403 for unknown routes.
    return Response(403, {"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"},
                    b'{"message":"Forbidden"}')


def _parse_target(url: str) -> tuple[str, str, str, tuple[str, str] | None]:
    """(lower-case host, path or "/", query, (API id, region) of an execute-api host else None)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    found = HOST.match(host)
    return host, parts.path or "/", parts.query, None if found is None else (found["api"], found["region"])


# ``_parse_target`` kept per URL text (a test calls the same few URLs again and again); a longer URL
# (a server client's, up to its 32 KB head) is parsed each time, so the cache stays small
_target = functools.lru_cache(maxsize=1024)(_parse_target)
_KEPT_URL = 2048


_call_rest_api: Callable[..., Response] | None = None  # rest.api.call_rest_api once loaded


def _load_rest() -> Callable[..., Response]:
    """The REST data plane, imported on the first call to a REST API and kept (an import
    statement in a function costs a look-up in the import system on every call)."""
    global _call_rest_api  # noqa: PLW0603 - set once; a race only imports twice
    from gwmock.runtime.rest.api import call_rest_api  # noqa: PLC0415 - loaded on first call

    _call_rest_api = call_rest_api
    return call_rest_api


_call_http_api: Callable[..., Response] | None = None  # http.api.call_http_api once loaded


def _load_http() -> Callable[..., Response]:
    """The HTTP API data plane, imported on the first call to an HTTP API and kept."""
    global _call_http_api  # noqa: PLW0603 - set once; a race only imports twice
    from gwmock.runtime.http.api import call_http_api  # noqa: PLC0415 - loaded on first call

    _call_http_api = call_http_api
    return call_http_api


def _management_path(path: str) -> tuple[str, str, str]:
    """(stage, "@connections", connection id) of ``/{stage}/@connections/{id}``."""
    segments = path.split("/")
    if len(segments) != 4 or segments[0]:
        return "", "", ""
    return unquote(segments[1]), unquote(segments[2]), unquote(segments[3])


def _not_found() -> Response:
    """A custom domain without a mapping for the path (guess: API Gateway's 403 for unknown paths)."""
    return Response(403, {"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"},
                    b'{"message":"Forbidden"}')
