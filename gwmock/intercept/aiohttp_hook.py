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
import zlib
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any

# this hook loads once aiohttp is loaded (``gwmock.intercept._apply``): its companions are there too
from aiohttp import TooManyRedirects
from aiohttp.client_reqrep import ClientRequest
from aiohttp.http import SERVER_SOFTWARE
from multidict import CIMultiDict
from yarl import URL

from gwmock.intercept import original
from gwmock.intercept.dataplane import LIMIT, call, folded_lines, header_pairs, verdict
from gwmock.intercept.hosts import websocket_refused


def _url(session: Any, str_or_url: Any, params: Any) -> Any:
    build = getattr(session, "_build_url", None)
    url = build(str_or_url) if build is not None else URL(str_or_url)
    if params:
        url = url.extend_query(params) if hasattr(url, "extend_query") else url.update_query(params)
    return url


_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_NO_BODY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})  # aiohttp sends no Content-Length: 0
_LIMIT = LIMIT
# what aiohttp adds to every request unless skipped (``ClientRequest.update_auto_headers``)
_DEFAULTS = {**{str(name): value for name, value in ClientRequest.DEFAULT_HEADERS.items()},
             "User-Agent": SERVER_SOFTWARE}
_INFLATED = 256 * 1024 * 1024  # an answer's decompressed body, bounded (a Lambda's gzip bomb)


class _Full(Exception):
    """The body reached ``_LIMIT``: what was read is all the gateway needs."""


class _Collector:
    """What an aiohttp payload writes into (its ``write(writer)``), kept as bytes up to ``_LIMIT``."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    async def write(self, chunk: Any) -> None:
        data = bytes(chunk)
        self.parts.append(data[:_LIMIT - self.size])
        self.size += len(data)
        if self.size >= _LIMIT:
            raise _Full

    async def drain(self) -> None:
        pass

    async def write_eof(self, chunk: bytes = b"") -> None:
        await self.write(chunk)


async def _body(session: Any, data: Any, json: Any) -> tuple[bytes | None, list[tuple[str, str]]]:
    """The request body as aiohttp would send it (bytes, str, files, ``FormData``, async generators,
    ``json=``: its own payload classes write it), and the headers its payload adds (Content-Type,
    Content-Length, or Transfer-Encoding when the size is unknown). Read up to ``_LIMIT`` only."""
    from aiohttp import FormData, payload  # noqa: PLC0415

    if json is not None:
        dumps = getattr(session, "_json_serialize", None) or jsonlib.dumps
        data = payload.JsonPayload(json, dumps=dumps)
    if data is None:
        return None, []
    if isinstance(data, FormData):
        data = data()
    try:
        body = payload.PAYLOAD_REGISTRY.get(data, disposition=None)
    except payload.LookupError:
        body = FormData(data)()
    collector = _Collector()
    try:
        await body.write(collector)  # type: ignore[arg-type]
    except _Full:
        pass
    added = [(str(k), str(v)) for k, v in body.headers.items()]
    size = body.size
    added.append(("Content-Length", str(size)) if size is not None else ("Transfer-Encoding", "chunked"))
    return b"".join(collector.parts), added


def _sent(session: Any, url: Any, given: CIMultiDict[str], added: list[tuple[str, str]], method: str,
          cookies: Any, skip: Any) -> CIMultiDict[str]:
    """The header lines aiohttp sends: the caller's and the session's, the payload's, its defaults
    (Accept, Accept-Encoding, User-Agent) unless skipped, and the jar's cookies for ``url``."""
    sent = CIMultiDict(given)
    skipped = {str(name).lower() for name in (skip or ())} | {
        str(name).lower() for name in (getattr(session, "_skip_auto_headers", None) or ())}
    for name, value in added:
        if name not in sent and name.lower() not in skipped:
            sent[name] = value
    if not added and method not in _NO_BODY_METHODS and "Content-Length" not in sent:
        sent["Content-Length"] = "0"
    for name, value in _DEFAULTS.items():
        if name not in sent and name.lower() not in skipped:
            sent[name] = value
    jar = getattr(session, "_cookie_jar", None)
    jar_cookies = jar.filter_cookies(url) if jar is not None else None
    if cookies or jar_cookies:
        _add_cookies(sent, jar_cookies, cookies)
    return sent


def _add_cookies(sent: CIMultiDict[str], jar_cookies: Any, cookies: Any) -> None:
    """The ``Cookie`` line: the jar's, then the request's ``cookies=``, after any the caller wrote."""
    jar: SimpleCookie = SimpleCookie()
    if "Cookie" in sent:
        jar.load(sent.pop("Cookie"))
    for source in (jar_cookies, cookies):
        items = source.items() if hasattr(source, "items") else (source or ())
        for name, value in items:
            jar[name] = getattr(value, "value", value)
    text = jar.output(header="", sep=";").strip()
    if text:
        sent["Cookie"] = text


async def request(self: Any, method: str, str_or_url: Any, **kwargs: Any) -> Any:
    url = _url(self, str_or_url, kwargs.get("params"))
    mock = verdict(url.host, str(url), "aiohttp")
    if mock is None:
        return await original("aiohttp", "ClientSession", "_request")(self, method, str_or_url, **kwargs)
    given: CIMultiDict[str] = CIMultiDict(getattr(self, "_default_headers", None) or {})
    for name, value in CIMultiDict(kwargs.get("headers") or {}).items():
        given[str(name)] = str(value)
    if given.get("Upgrade", "").lower() == "websocket":
        raise websocket_refused(str(url), "aiohttp")
    method = method.upper()
    body, added = await _body(self, kwargs.get("data"), kwargs.get("json"))
    follow, most = kwargs.get("allow_redirects", True), kwargs.get("max_redirects", 10)
    cookies, history = kwargs.get("cookies"), []
    while True:
        sent = _sent(self, url, given, added, method, cookies, kwargs.get("skip_auto_headers"))
        answer = call(mock, method, str(url), folded_lines((str(k), str(v)) for k, v in sent.items()), body)
        response = _response(self, method, url, sent, answer, _decompresses(self, kwargs))
        jar = getattr(self, "_cookie_jar", None)
        if jar is not None:
            jar.update_cookies(response.cookies, url)
        location = response.headers.get("Location") if follow and answer.status in _REDIRECTS else None
        if location is None:
            break
        history.append(response)
        if most and len(history) >= most:
            raise TooManyRedirects(history[0].request_info, tuple(history))
        if (answer.status == 303 and method != "HEAD") or (answer.status in (301, 302) and method == "POST"):
            method, body, added = "GET", None, []  # as aiohttp (and browsers) do
            given.popall("Content-Length", None)
        target = url.join(URL(location))
        if target.origin() != url.origin():
            cookies = None
            for name in ("Authorization", "Cookie", "Proxy-Authorization"):
                given.popall(name, None)
        url = target
        mock = verdict(url.host, str(url), "aiohttp")
        if mock is None:  # the answer sends the client elsewhere: aiohttp goes on from there
            return await original("aiohttp", "ClientSession", "_request")(
                self, method, url, headers=given, data=body, max_redirects=max(most - len(history), 1),
                allow_redirects=follow)
    response._history = tuple(history)
    await _check(self, response, kwargs.get("raise_for_status"))
    return response


def _decompresses(session: Any, kwargs: dict[str, Any]) -> bool:
    chosen = kwargs.get("auto_decompress")
    return bool(getattr(session, "_auto_decompress", True) if chosen is None else chosen)


async def _check(session: Any, response: Any, check: Any) -> None:
    """``raise_for_status``: the request's, else the session's."""
    if check is None:
        check = getattr(session, "_raise_for_status", False)
    if check is True:
        response.raise_for_status()
    elif callable(check):
        await check(response)


def _inflated(body: bytes, coding: str) -> bytes:
    """``body`` decoded as aiohttp does by default (gzip, deflate), bounded by ``_INFLATED``; as it is
    for another coding or a body that does not decode (aiohttp would fail reading it)."""
    if coding not in ("gzip", "deflate", "x-gzip") or not body:
        return body
    try:
        decoder = zlib.decompressobj(wbits=47)  # gzip or zlib, by the header
        out = decoder.decompress(body, _INFLATED)
    except zlib.error:
        try:
            decoder = zlib.decompressobj(wbits=-15)  # raw deflate, as some servers send it
            out = decoder.decompress(body, _INFLATED)
        except zlib.error:
            return body
    if decoder.unconsumed_tail:
        from aiohttp import ClientPayloadError  # noqa: PLC0415

        raise ClientPayloadError(f"gwmock: the answer inflates past {_INFLATED} bytes")
    return out


class _Written:
    output_size = 0


def _response(session: Any, method: str, url: Any, headers: CIMultiDict[str], answer: Any, decompress: bool) -> Any:
    from aiohttp import ClientResponse, RequestInfo, StreamReader  # noqa: PLC0415
    from aiohttp.base_protocol import BaseProtocol  # noqa: PLC0415
    from aiohttp.helpers import TimerNoop  # noqa: PLC0415
    from multidict import CIMultiDictProxy  # noqa: PLC0415

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
    content.feed_data(_inflated(answer.body, response._headers.get("Content-Encoding", "").strip().lower())
                      if decompress else answer.body)
    content.feed_eof()
    response.content = content
    return response
