"""Data plane for aiohttp (and aiobotocore's execute-api calls): ``ClientSession._request``.

Every request method of a session goes through ``_request``, which receives the
target URL before aiohttp picks a proxy. The answer is a real ``ClientResponse``
holding the whole body, so ``status``, ``headers``, ``cookies``, ``read()``,
``text()``, ``json()``, ``content`` reads and ``raise_for_status()`` behave as usual.
A WebSocket handshake (``ws_connect``) to a served host fails at once naming ``gw.websocket``:
an HTTP answer cannot become a live WebSocket, and a 403 would blame the API.
"""

from __future__ import annotations

import asyncio
import inspect
import json as jsonlib
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode

from gwmock.intercept import original
from gwmock.intercept.dataplane import as_bytes, call, header_pairs, verdict
from gwmock.intercept.hosts import websocket_refused


def _url(session: Any, str_or_url: Any, params: Any) -> Any:
    from yarl import URL  # noqa: PLC0415

    build = getattr(session, "_build_url", None)
    url = build(str_or_url) if build is not None else URL(str_or_url)
    if params:
        url = url.extend_query(params) if hasattr(url, "extend_query") else url.update_query(params)
    return url


def _body(data: Any, json: Any, headers: dict[str, str]) -> bytes | None:
    if json is not None:
        headers.setdefault("Content-Type", "application/json")
        return jsonlib.dumps(json).encode()
    if isinstance(data, dict):
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        return urlencode(data).encode()
    value = getattr(data, "_value", data)  # an aiohttp payload wrapping bytes or a file
    return as_bytes(value)


async def request(self: Any, method: str, str_or_url: Any, **kwargs: Any) -> Any:
    url = _url(self, str_or_url, kwargs.get("params"))
    mock = verdict(url.host, str(url), "aiohttp")
    if mock is None:
        return await original("aiohttp", "ClientSession", "_request")(self, method, str_or_url, **kwargs)
    headers = {k: v for k, v in (getattr(self, "_default_headers", None) or {}).items()}
    headers.update({str(k): str(v) for k, v in dict(kwargs.get("headers") or {}).items()})
    if any(k.lower() == "upgrade" and v.lower() == "websocket" for k, v in headers.items()):
        raise websocket_refused(str(url), "aiohttp")
    body = _body(kwargs.get("data"), kwargs.get("json"), headers)
    answer = call(mock, method, str(url), headers, body)
    response = _response(self, method, url, headers, answer)
    jar = getattr(self, "_cookie_jar", None)
    if jar is not None:
        jar.update_cookies(response.cookies, url)
    check = kwargs.get("raise_for_status")
    if check is None:
        check = getattr(self, "_raise_for_status", False)
    if check is True:
        response.raise_for_status()
    elif callable(check):
        await check(response)
    return response


class _Written:
    output_size = 0


def _response(session: Any, method: str, url: Any, headers: dict[str, str], answer: Any) -> Any:
    from aiohttp import ClientResponse, RequestInfo, StreamReader  # noqa: PLC0415
    from aiohttp.base_protocol import BaseProtocol  # noqa: PLC0415
    from aiohttp.helpers import TimerNoop  # noqa: PLC0415
    from multidict import CIMultiDict, CIMultiDictProxy  # noqa: PLC0415

    loop = asyncio.get_running_loop()
    request_headers = CIMultiDictProxy(CIMultiDict(headers))
    options: dict[str, Any] = {
        "writer": None, "continue100": None, "timer": TimerNoop(), "traces": [], "loop": loop,
        "session": session, "stream_writer": _Written(),
        "request_info": RequestInfo(url, method, request_headers, url),
    }
    accepted = inspect.signature(ClientResponse.__init__).parameters
    response = ClientResponse(method, url, **{k: v for k, v in options.items() if k in accepted})
    pairs = list(header_pairs(answer.headers))
    response.status = answer.status
    try:
        response.reason = HTTPStatus(answer.status).phrase
    except ValueError:
        response.reason = ""
    response.version = (1, 1)  # type: ignore[assignment]
    response._headers = CIMultiDictProxy(CIMultiDict(pairs))
    response._raw_headers = tuple((k.encode(), v.encode()) for k, v in pairs)
    cookies = [v for k, v in pairs if k.lower() == "set-cookie"]
    if "_raw_cookie_headers" in vars(ClientResponse):
        response._raw_cookie_headers = tuple(cookies)
    jar: SimpleCookie = SimpleCookie()
    for value in cookies:
        jar.load(value)
    response._cookies = jar
    content = StreamReader(BaseProtocol(loop), 2**16, loop=loop)
    content.feed_data(answer.body)
    content.feed_eof()
    response.content = content
    return response
