"""Data plane for httpx: ``HTTPTransport.handle_request`` and its async twin.

These are httpx's two network transports; the request's URL is the target even
when the transport talks through a proxy (explicit or from the environment).
"""

from __future__ import annotations

from typing import Any

from gwmock.intercept import original
from gwmock.intercept.dataplane import call, header_pairs, verdict


def _response(request: Any, answer: Any) -> Any:
    import httpx  # noqa: PLC0415

    return httpx.Response(answer.status, headers=list(header_pairs(answer.headers)), content=answer.body,
                          request=request)


def handle_request(self: Any, request: Any) -> Any:
    mock = verdict(request.url.host, str(request.url), "httpx")
    if mock is None:
        return original("httpx", "HTTPTransport", "handle_request")(self, request)
    answer = call(mock, request.method, str(request.url), request.headers, request.read())
    return _response(request, answer)


async def handle_async_request(self: Any, request: Any) -> Any:
    mock = verdict(request.url.host, str(request.url), "httpx")
    if mock is None:
        return await original("httpx", "AsyncHTTPTransport", "handle_async_request")(self, request)
    answer = call(mock, request.method, str(request.url), request.headers, await request.aread())
    return _response(request, answer)
