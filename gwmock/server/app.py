"""The ASGI app of server mode: one request in, the mock handle's answer out.

Order of work for an HTTP request, so that no untrusted byte costs more than it must:

1. a declared ``Content-Length`` above the cap is refused (413) before any read;
2. a request for a deployed API (``Host: {api}.execute-api.{region}.amazonaws.com``,
   ``/restapis/{api}/{stage}/_user_request_/...``, a custom domain ``Host`` or
   ``/_ws/{api}/{stage}/...``: see ``execute_api_url``) reads its body and goes to
   ``gwmock.runtime.call`` on the handle: the API's own authorization and CORS apply,
   OPTIONS and HEAD included;
3. a path under ``/_gwmock`` or ``/moto-api/`` is the server's own (``admin``: reset,
   inspection, snapshot and restore), behind the same guards and, with credentials, SigV4;
4. any other request is the control plane: Host and cross-site guards (``guard``), then
   the SigV4 header (``sigv4``), then the body, then the signature check when
   credentials are configured, then ``dispatch.handle_request``.

A request target in absolute form (``GET http://{api}.execute-api.../dev/pets``, what a client using
this server as its HTTP proxy sends) is served as RFC 9112 3.2.2 requires: the target's authority
replaces the ``Host`` header. The path form names the stage; ``$default`` (an HTTP API's default
stage) is the root of the API's URL. Every answer carries one ``Date``: uvicorn's (an answer's own
is dropped).

Bodies are read against one deadline (``timeout``) and the cap, so a slow or endless
upload gets 408 or 413 and the connection closes. Handlers and user code run in a
thread pool: they may block, and an HTTP integration may call this same server.
Response headers leave through ``safe_headers``: a name that is not an HTTP token or a
value holding CR, LF or another control character is dropped and logged, never sent.
WebSocket scopes go to ``gwmock.server.websocket.serve_websocket`` (loaded lazily).

Guesses (no AWS recording): 413 ``{"message":"Request Too Long"}`` for an oversize
control-plane body (the data plane's REQUEST_TOO_LARGE answer), 408
``{"message":"Request Timeout"}`` for a slow client, 431 above 32 KB of headers (AWS documents
10 KB for REST APIs; gwmock is more lenient), HEAD on the control plane routed as
GET without a body, 403 ``ForbiddenException`` "Forbidden" (the unknown-API answer) for a
``/restapis/{id}/...`` path form whose id is not alphanumeric and for a ``/_ws/...`` path naming no
API of the server (the AWS CLI's management API there got the control plane's SigV4 refusal),
400 ``BadRequestException`` with the connection closed for a request carrying both ``Content-Length``
and ``Transfer-Encoding`` (RFC 9112 allows refusing it; AWS's front end does), and gwmock's own
403 ``AccessDeniedException`` naming the reason for a refused cross-site or foreign-Host request.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import Executor
from typing import Any
from urllib.parse import unquote, urlsplit

from gwmock import runtime
from gwmock.arns import execute_api_host
from gwmock.dispatch import DEFAULT_ACCOUNT, account_from_access_key, handle_request
from gwmock.intercept.dataplane import folded_lines
from gwmock.runtime import hosts
from gwmock.server import admin, guard, sigv4
from gwmock.server.options import ServerOptions

log = logging.getLogger("gwmock.server")

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

DEFAULT_REGION = "us-east-1"
MAX_HEAD = 32 * 1024  # header bytes; h11 refuses (400) a head still incomplete at this size too
_HOP_BY_HOP = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade"})
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_USER_REQUEST = re.compile(
    r"^/restapis/(?P<api>[^/?]+)/(?P<stage>[^/?]+)/_user_request_(?P<rest>/[^?]*)?(?P<query>\?.*)?$")
_API_ID = re.compile(r"^[A-Za-z0-9]{1,64}$")
_ABSOLUTE_FORM = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://(?P<authority>[^/?#]*)(?P<path>/[^?#]*)?")
_NO_SUCH_API = "https://gwmock-invalid-api-id.execute-api.us-east-1.amazonaws.com/"
_DRAIN_IDLE = 0.2  # seconds without a byte after which a refused body stops being drained


class Headers(dict[str, str]):
    """Request headers under lower-case names, looked up case-insensitively (as botocore's are)."""

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return super().__contains__(key.lower() if isinstance(key, str) else key)


def request_headers(raw: Iterable[tuple[bytes, bytes]]) -> Headers:
    """ASGI header pairs -> Headers; repeated fields are joined with ", " (RFC 9110)."""
    headers = Headers()
    for name, value in raw:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        previous = dict.get(headers, key)
        dict.__setitem__(headers, key, text if previous is None else f"{previous}, {text}")
    return headers


def header_lines(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str | list[str]]:
    """ASGI header pairs as a deployed API receives them: a name sent on several lines keeps each
    line as its own value (a REST API's ``multiValueHeaders`` lists them; joining them with ", "
    would merge values that hold commas). Names arrive lower-case: ASGI servers lower them."""
    return folded_lines((name.decode("latin-1"), value.decode("latin-1")) for name, value in raw)


def safe_headers(headers: Mapping[str, Any]) -> list[tuple[bytes, bytes]]:
    """Response headers fit for the wire: injection attempts are dropped and logged."""
    out: list[tuple[bytes, bytes]] = []
    for name, value in headers.items():
        text = "" if value is None else str(value).strip()
        if name.lower() in _HOP_BY_HOP:
            continue
        if _TOKEN.fullmatch(name) is None or _CONTROL.search(text):  # fullmatch: "$" would allow a final "\n"
            log.warning("gwmock server: dropped response header %r: its name or value holds CR, LF or another "
                        "character HTTP forbids (header injection)", name)
            continue
        try:
            encoded = text.encode("latin-1")
        except UnicodeEncodeError:
            encoded = text.encode("utf-8")
        out.append((name.encode("latin-1"), encoded))
    return out


def execute_api_url(host: str | None, target: str, handle: Any = None) -> str | None:
    """The execute-api URL a request stands for, or None for the control plane.

    Forms: an execute-api ``Host``; ``/restapis/{api}/{stage}/_user_request_/...``; and, through
    the WebSocket server's rules (``gwmock.server.websocket.execute_api_url``), a custom domain
    name of the handle's state as ``Host`` or the ``/_ws/{api}/{stage}/...`` path (which also
    carries the ``@connections`` management API over HTTP). A loopback ``Host`` never names a
    custom domain, so a domain record cannot capture the control plane.
    """
    name = guard.host_name(host)
    if runtime.is_execute_api(name):
        return f"https://{name}{target}"
    found = _USER_REQUEST.match(target)
    if found is not None:
        if _API_ID.fullmatch(found["api"]) is None:  # '@', '#', '%' ... would make another host of the URL
            return _NO_SUCH_API
        region = _api_region(handle, found["api"])
        # An HTTP API's $default stage is served at the root of its URL: no stage segment
        stage = "" if unquote(found["stage"]) == "$default" else f"/{found['stage']}"
        return (f"https://{execute_api_host(found['api'], region)}{stage}"
                f"{found['rest'] or '/'}{found['query'] or ''}")
    if handle is None or not name or (guard.is_loopback(name) and not target.startswith("/_ws/")):
        return None
    websocket = _websocket_module()
    if websocket is None:
        return None
    path, _, query = target.partition("?")
    url = websocket.execute_api_url(handle, host, path, query)
    if isinstance(url, str):
        return url
    # /_ws/ is never the control plane: an API the server does not hold is the missing API's 403, not a
    # SigV4 refusal for the execute-api scope the management API signs with (the AWS CLI found it)
    return _NO_SUCH_API if target.startswith("/_ws/") else None


def _api_region(handle: Any, api_id: str) -> str:
    """The region holding API ``api_id`` (a REST API, or an HTTP or WebSocket API) in the handle's
    account, the handle's region first; us-east-1 when there is none (the API's own 403 answers)."""
    if handle is not None:
        account = handle.account or DEFAULT_ACCOUNT
        backend = handle.backend
        for region in hosts.regions_of(handle):
            if backend.get((account, region, "restapis", api_id)) is not None \
                    or backend.get((account, region, "v2", "apis", api_id)) is not None:
                return str(region)
        for region in hosts.regions_of(handle):  # an API id is its region's: another account may own it
            if hosts.api_owner(handle, region, api_id, account) is not None:
                return str(region)
    return DEFAULT_REGION


class _Refused(Exception):
    """The request ends here with this answer; the connection closes."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class GatewayApp:
    """ASGI 3 app serving a started mock handle (``GatewayMock``)."""

    def __init__(self, handle: Any, options: ServerOptions, executor: Executor, bound_host: str) -> None:
        self.handle = handle
        self.options = options
        self.executor = executor
        self.bound_host = bound_host
        self.admin = admin.Endpoints(handle, options, bound_host, self._run)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)
        elif kind == "websocket":
            await self._websocket(scope, receive, send)
        elif kind == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})

    # --- HTTP -----------------------------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.options.timeout
        method = scope["method"]
        raw_path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        raw_headers = scope["headers"]
        absolute = _ABSOLUTE_FORM.match(raw_path)
        if absolute is not None:  # RFC 9112 3.2.2: the target's authority replaces the Host header
            raw_path = absolute["path"] or "/"
            raw_headers = [(k, v) for k, v in raw_headers if k.lower() != b"host"]
            raw_headers.append((b"host", absolute["authority"].rpartition("@")[2].encode("latin-1")))
        query = scope.get("query_string", b"").decode("latin-1")
        target = raw_path + (f"?{query}" if query else "")
        headers = request_headers(raw_headers)
        try:
            if not raw_path.startswith("/"):  # CONNECT's authority form, OPTIONS's "*": no tunnel, no server-wide ask
                raise _Refused(400, "BadRequestException", f"Bad Request: gwmock serve answers {method} only for a "
                               "path or an http:// URL (it opens no CONNECT tunnel)")
            self._check_declared_length(headers)
            url = execute_api_url(headers.get("host"), target, self.handle)
            if url == _NO_SUCH_API:
                raise _Refused(403, "ForbiddenException", "Forbidden")
            if url is not None:
                body = await self._read_body(receive, deadline)
                await self._data_plane(method, url, header_lines(raw_headers), body, send)
                return
            if raw_path.startswith(admin.PREFIXES):  # the server's own endpoints: no API Gateway path starts so
                answer = await self.admin.answer(method, target, headers,
                                                 functools.partial(self._read_body, receive, deadline))
                await _respond(send, *answer)
                return
            await self._control_plane(method, raw_path, query, target, headers, receive, deadline, send)
        except _Refused as refused:
            if refused.status == 413:  # a client still sending would read a reset, not the answer
                await self._drain(receive, deadline)
            await _respond(send, refused.status, _error_headers(refused.code, close=True),
                           _message(refused.message))

    async def _data_plane(self, method: str, url: str, headers: dict[str, str | list[str]], body: bytes,
                          send: Send) -> None:
        try:
            if method in ("GET", "POST") and "/@connections/" in urlsplit(url).path:
                # GetConnection and PostToConnection run no user code and do not block: answered on the
                # loop, so a route posting back through this server cannot wait on a pool its own call fills.
                answer = runtime.call(self.handle, method, url, headers, body)
            else:
                answer = await self._run(runtime.call, self.handle, method, url, headers, body)
        except Exception:  # a gwmock bug: logged with its traceback, answered as API Gateway's 500
            log.exception("gwmock server: %s %s failed", method, url)
            await _respond(send, 500, _error_headers("InternalServerErrorException"),
                           b'{"message":"Internal server error"}')
            return
        await _respond(send, answer.status, answer.headers, answer.body)

    async def _control_plane(self, method: str, raw_path: str, query: str, target: str, headers: Headers,
                             receive: Receive, deadline: float, send: Send) -> None:
        reason = (guard.foreign_host_reason(headers.get("host"), self.bound_host, self.options.allowed_hosts)
                  or guard.cross_site_reason(headers))
        # Refused before its body is read: close, so an unread (or endless) body cannot hold the connection.
        unread = bool(headers.get("transfer-encoding")) or headers.get("content-length") not in (None, "0")
        if reason is not None:
            await _respond(send, 403, _error_headers("AccessDeniedException", close=unread), _message(reason))
            return
        bad_host = guard.invalid_host_reason(headers.get("host"))
        if bad_host is not None:
            await _respond(send, 400, _error_headers("BadRequestException", close=unread), _message(bad_host))
            return
        try:
            signed = sigv4.parse(headers.get("authorization"), headers)
        except sigv4.AuthError as refused:
            await _respond(send, 403, _error_headers(refused.code, close=unread), _message(refused.message))
            return
        body = await self._read_body(receive, deadline)
        if self.options.credentials:
            try:
                sigv4.verify(signed, self.options.credentials, method, target, headers, body)
            except sigv4.AuthError as refused:
                await _respond(send, 403, _error_headers(refused.code), _message(refused.message))
                return
        handle = self.handle
        service = "apigatewayv2" if raw_path.startswith("/v2/") else "apigateway"
        account = account_from_access_key(signed.access_key) if handle.account is None else handle.account
        args = (handle.backend, service, "GET" if method == "HEAD" else method, raw_path, query, headers, body,
                account, signed.region, handle.calls, handle)
        answered = _inline(handle.backend, method, raw_path, body, args)
        if answered is None:
            answered = await self._run(handle_request, *args)
        status, out_headers, out_body = answered
        await _respond(send, status, out_headers, out_body)

    def _check_declared_length(self, headers: Headers) -> None:
        if "transfer-encoding" in headers and "content-length" in headers:
            # RFC 9112 6.3: the framing is ambiguous (request smuggling); refused and the connection closed
            raise _Refused(400, "BadRequestException",
                           "Bad Request: a request cannot carry both Content-Length and Transfer-Encoding")
        if sum(len(name) + len(value) + 4 for name, value in headers.items()) > MAX_HEAD:
            raise _Refused(431, "RequestHeaderFieldsTooLargeException", "Request Header Fields Too Large")
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.options.max_body:
            raise _Refused(413, "RequestTooLargeException", "Request Too Long")

    async def _read_body(self, receive: Receive, deadline: float) -> bytes:
        """The whole body within the deadline and the cap, or _Refused (408, 413)."""
        loop = asyncio.get_running_loop()
        parts: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0.0))
            except asyncio.TimeoutError:
                raise _Refused(408, "RequestTimeoutException", "Request Timeout") from None
            if message["type"] == "http.disconnect":
                raise _Refused(400, "BadRequestException", "Client disconnected before the body was complete")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.options.max_body:
                raise _Refused(413, "RequestTooLargeException", "Request Too Long")
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)

    async def _drain(self, receive: Receive, deadline: float) -> None:
        """Read and drop what a refused body still sends (up to four caps of it, the deadline, or a
        pause of ``_DRAIN_IDLE``), so that a client that sends its whole body before reading reads
        the answer: closing with unread bytes makes the kernel reset the connection."""
        loop = asyncio.get_running_loop()
        left = 4 * self.options.max_body
        while left > 0:
            try:  # a client waiting for the answer (not sending) gets it after a short pause
                message = await asyncio.wait_for(receive(), min(max(deadline - loop.time(), 0.0), _DRAIN_IDLE))
            except asyncio.TimeoutError:
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                return
            left -= len(message.get("body", b""))

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run blocking work (handlers, user code) off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(function, *args))

    # --- WebSocket ------------------------------------------------------------------------

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        serve = _websocket_server()
        if serve is None:
            await receive()  # websocket.connect
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": 1011,
                        "reason": "gwmock: WebSocket serving is not available in this version"})
            return
        await serve(self.handle, scope, receive, send, executor=self.executor)


def _websocket_module() -> Any:
    """``gwmock.server.websocket`` (written separately), or None while it does not exist."""
    try:
        return importlib.import_module("gwmock.server.websocket")
    except ModuleNotFoundError as missing:
        if missing.name != "gwmock.server.websocket":
            raise
        return None


def _websocket_server() -> Callable[..., Awaitable[None]] | None:
    return getattr(_websocket_module(), "serve_websocket", None)


_INLINE_BODY = 64 * 1024  # a larger body (an OpenAPI import) may take milliseconds to parse: not on the loop


def _inline(backend: Any, method: str, raw_path: str, body: bytes, args: tuple[Any, ...]) -> Any:
    """A control-plane answer made on the event loop itself, when that cannot stall it: the memory
    backend with its lock free at this moment (a worker thread's unit of work would make the loop
    wait), a small body, and no user code (TestInvokeMethod, ``POST .../methods/{verb}``, runs a
    Lambda function); None otherwise, for the worker threads. The hop to a worker thread and back
    costs more than most control-plane calls (GET /restapis: 610 -> 400 us a keep-alive request)."""
    run_if_free = getattr(backend, "run_if_free", None)  # the memory backend's: it never waits
    if run_if_free is None or len(body) > _INLINE_BODY or (method == "POST" and "/methods/" in raw_path):
        return None
    return run_if_free(handle_request, *args)


def _message(text: str) -> bytes:
    return json.dumps({"message": text}).encode()


def _error_headers(code: str, close: bool = False) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "x-amzn-ErrorType": code}
    if close:
        headers["Connection"] = "close"
    return headers


async def _respond(send: Send, status: int, headers: Mapping[str, Any], body: bytes) -> None:
    # uvicorn writes the Date header of every answer (date_header=True in running.py); an answer's own
    # Date (a deployed API's, as AWS sends it) would be a second one, which RFC 9110 forbids
    out = safe_headers({name: value for name, value in headers.items() if name.lower() != "date"})
    if status >= 200 and status not in (204, 304):
        out.append((b"content-length", str(len(body)).encode()))
    else:
        body = b""
    if any(str(v).lower() == "close" for k, v in headers.items() if k.lower() == "connection"):
        out.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body})


__all__ = ["DEFAULT_ACCOUNT", "GatewayApp", "Headers", "execute_api_url", "request_headers", "safe_headers"]
