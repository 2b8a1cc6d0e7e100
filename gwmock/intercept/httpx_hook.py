"""Data plane for httpx: ``HTTPTransport.handle_request`` and its async twin.

These are httpx's two network transports; the request's URL is the target even
when the transport talks through a proxy (explicit or from the environment).

A header value outside ASCII (a Lambda's ``café``) reaches httpx as its UTF-8 bytes, which httpx
decodes back (a ``str`` it would refuse); a client made with ``http2=True`` sees ``HTTP/2``, as
execute-api negotiates it with such a client (guess: both endpoint types offer h2 over TLS).
"""

from __future__ import annotations

from typing import Any

from gwmock.intercept import original
from gwmock.intercept.dataplane import LIMIT, as_bytes, call, header_pairs, verdict

_HTTP2 = {"http_version": b"HTTP/2"}
_HTTP11 = {"http_version": b"HTTP/1.1"}


def _response(transport: Any, request: Any, answer: Any) -> Any:
    import httpx  # noqa: PLC0415

    pairs = [(name.encode(), value.encode()) for name, value in header_pairs(answer.headers)]
    http2 = getattr(getattr(transport, "_pool", None), "_http2", False)
    return httpx.Response(answer.status, headers=pairs, content=answer.body, request=request,
                          extensions=dict(_HTTP2 if http2 else _HTTP11))


async def _aread(request: Any) -> bytes:
    """The request's body, an async stream read up to ``LIMIT`` only (an endless one ends in a 413)."""
    if hasattr(request, "_content"):
        return bytes(request.content)
    parts, size = [], 0
    async for part in request.stream:
        parts.append(part)
        size += len(part)
        if size >= LIMIT:
            break
    return b"".join(parts)[:LIMIT]


def handle_request(self: Any, request: Any) -> Any:
    mock = verdict(request.url.host, str(request.url), "httpx")
    if mock is None:
        return original("httpx", "HTTPTransport", "handle_request")(self, request)
    body = request.content if hasattr(request, "_content") else as_bytes(request.stream)
    answer = call(mock, request.method, str(request.url), request.headers, body)
    return _response(self, request, answer)


async def handle_async_request(self: Any, request: Any) -> Any:
    mock = verdict(request.url.host, str(request.url), "httpx")
    if mock is None:
        return await original("httpx", "AsyncHTTPTransport", "handle_async_request")(self, request)
    answer = call(mock, request.method, str(request.url), request.headers, await _aread(request))
    return _response(self, request, answer)
