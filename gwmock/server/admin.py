"""Server mode's own endpoints: reset, inspect and snapshot a running ``gwmock serve``.

In-process tests hold the handle (``gw.reset()``, ``gw.requests``, ``gw.calls``, ``gw.snapshot()``);
a suite in another language talks to the server over HTTP, so the same verbs live under a prefix
no API Gateway control-plane path uses (``/_gwmock``), answered before the control plane:

* ``POST /_gwmock/reset``: ``handle.reset()`` (every account and region, the recorded calls and
  requests; Lambda functions and other registrations stay) -> 200 ``{"reset": true}``.
  ``POST /moto-api/reset`` does the same and answers as moto's server does, 200 ``{"status": "ok"}``
  (moto 5.x ``moto_api/_internal/responses.py``), so suites moving from moto server keep working.
* ``GET /_gwmock/requests?limit=N``: the ``N`` (default 100, at most the history the server keeps)
  most recent data-plane requests, newest last, with their answers, execution logs, access log
  lines, exceptions (``repr``) and tracebacks (``gwmock.records.Request``).
* ``GET /_gwmock/calls?limit=N``: the most recent control-plane calls (``gwmock.records.Call``).
  Both answer ``{"requests"|"calls": [...], "count", "limit", "omitted", "dropped"}`` (``dropped``:
  the entries the history has forgotten since the server started or was reset).
* ``GET /_gwmock/snapshot``: ``handle.snapshot()``; ``POST /_gwmock/restore`` with that JSON
  document as body: ``handle.restore(document)`` -> 200 ``{"restored": true}``; a document that is
  not one -> 400 with gwmock's ``SnapshotError`` message, the state left as it was. So is one holding
  a number JSON cannot carry back (``1e400`` parses as infinity, which the snapshot's answer could
  never encode). Records of the collections gwmock knows are checked as ``gw.restore()`` checks them
  (``gwmock/state/shapes.py``): a missing or mistyped member, or an id that is not its key, is the same
  400.
* ``GET /_gwmock/health``: ``{"status": "running", "version": ...}``.
* Any other path under the prefixes -> 404, a known path with another method -> 405 (``Allow``);
  HEAD is answered wherever GET is. Answers are JSON with ``Cache-Control: no-store`` and
  ``X-Content-Type-Options: nosniff``; errors carry ``{"message": ...}`` and ``x-amzn-ErrorType``.

Security: the endpoints pass the control plane's guards (``guard``: foreign ``Host``, foreign
``Origin``, CORS-"simple" content types, and any request a browser page made, ``Sec-Fetch-Site``
other than ``none``, which a browser sends only for a URL the user typed or bookmarked), and refuse
any ``Origin`` at all, this server's own included (403): only a page sends one, and a browser
without fetch metadata (Safari before 16.4) sends no ``Sec-Fetch-Site`` for a same-origin page's
POST. So a web page, even one served by a deployed API on this very origin, can neither reset nor
restore the state, nor read it in a browser that sends fetch metadata (an older browser's same-origin
GET carries neither header: that read is not refused). A ``Host`` that is not ``host[:port]``
(``[::1`` unclosed, a port past 65535, a ``/`` or ``@`` in it) is 400, as RFC 9112 3.2 requires. With
``--credentials`` every request must be signed with SigV4 by a configured key (``sigv4.verify`` over
the request as received), whatever service the credential scope names, since tools sign these paths
for a service of their choosing (``curl --aws-sigv4 "aws:amz:us-east-1:gwmock" --user KEY:SECRET``);
without credentials they are open, as the rest of the control plane is (a loopback bind by default).
The endpoints act on the whole server, every account, whichever key signs. Nothing from a request is
executed or used as a file name (``handle.restore`` is given only a parsed dict, never a path);
answers are JSON built from the records.

Bounds: ``limit`` is clamped to the number of entries the history keeps (10,000 when it keeps all;
a number of more than 9 digits, leading zeros aside, is never converted); a restore body is capped
by the server's body limit (10 MB) and parsed with ``gwmock.documents``' limits (100 levels,
1,000,000 values); in an entry, bodies are cut at 64 KB (``"truncated": true`` with the full
``size``), other texts at 64 KB (header values 8 KB, the execution log 256 KB, at most 200 headers),
call parameters at 20,000 values and 32 levels; a whole answer stops at 16 MB, leaving out the
oldest entries (``omitted`` counts them). Any cut sets the entry's ``truncated``.

Choices (no AWS counterpart; guesses as to what users expect): a body that is valid UTF-8 is
given as ``{"text": ...}``, any other as ``{"base64": ...}`` (lossless either way), and bytes in
call parameters (blob members: an imported OpenAPI document) the same way; query parameters other
than ``limit`` are refused (400) rather than ignored, except on ``/moto-api/reset``; objects of
other types in parameters appear as ``"<TypeName>"``, never through their ``repr``. With credentials,
a signature that is not ASCII is refused as any wrong one (InvalidSignatureException, AWS's mismatch
sentence), and a ``Date`` whose zone puts it past year 9999 as any unreadable ``Date`` (the scope-date
mismatch sigv4 answers); both would otherwise raise inside the check (guess: AWS's front end answers
both 403).
"""

from __future__ import annotations

import base64
import codecs
import dataclasses
import datetime
import json
import logging
import math
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from itertools import islice
from typing import Any
from urllib.parse import parse_qsl

from gwmock.history import DEFAULT_HISTORY
from gwmock.server import guard, sigv4
from gwmock.server.options import ServerOptions

log = logging.getLogger("gwmock.server")

PREFIXES = ("/_gwmock", "/moto-api/")  # app.py sends every control-plane path starting so here
DEFAULT_LIMIT = 100
MAX_TEXT = 64 * 1024  # a body, a string, a traceback (its end)
MAX_HEADER_VALUE = 8 * 1024
MAX_HEADERS = 200
MAX_LOG = 256 * 1024  # characters of one request's execution log
MAX_VALUES = 20_000  # values of one call's parameters
MAX_DEPTH = 32
MAX_ANSWER = 16 * 1024 * 1024
_LIMIT_DIGITS = 9  # a longer limit is "as many as there are", never converted

Answer = tuple[int, dict[str, str], bytes]
Run = Callable[..., Awaitable[Any]]

_HEADERS = {"Content-Type": "application/json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
_CUT = "[gwmock: cut]"


class _Refusal(Exception):
    """The endpoint's answer is this error: status, ``x-amzn-ErrorType`` code and message."""

    def __init__(self, status: int, code: str, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()


def _ok(value: Any) -> Answer:
    return 200, dict(_HEADERS), _json(value)


def _error(refusal: _Refusal, close: bool = False) -> Answer:
    headers = {**_HEADERS, "x-amzn-ErrorType": refusal.code, **refusal.headers}
    if close:  # refused before its body was read: an unread (or endless) body cannot hold the connection
        headers["Connection"] = "close"
    return refusal.status, headers, _json({"message": refusal.message})


def _bad_request(message: str) -> _Refusal:
    return _Refusal(400, "BadRequestException", message)


# --- who may call ---------------------------------------------------------------------------------


def signature(headers: Mapping[str, str]) -> sigv4.Signed:
    """The request's SigV4 signature, its credential scope naming any service (``sigv4.parse``'s
    other checks and AWS's answers kept); raises ``sigv4.AuthError``."""
    try:
        return sigv4.parse(headers.get("authorization"), headers, services=None)
    except OverflowError:
        # A Date whose zone moves it past year 9999 (``Tue, 31 Dec 9999 23:59:59 -2359``) overflows where
        # sigv4 expects a ValueError; read as any unreadable Date: its text is the timestamp, refused there.
        as_text = {name.lower(): value for name, value in headers.items()}
        as_text["x-amz-date"] = as_text["date"]
        return sigv4.parse(headers.get("authorization"), as_text, services=None)


def _comparable(signed: sigv4.Signed) -> sigv4.Signed:
    """``signed`` with a signature ``hmac.compare_digest`` can compare (it raises TypeError on text that is
    not ASCII; such a signature matches nothing, so it is refused as any wrong one)."""
    if signed.signature.isascii():
        return signed
    return dataclasses.replace(signed, signature=signed.signature.encode("ascii", "backslashreplace").decode())


def _host_refusal(host: str | None) -> _Refusal | None:
    """400 for a ``Host`` that is not ``host[:port]`` (``guard.invalid_host_reason``)."""
    reason = guard.invalid_host_reason(host)
    return None if reason is None else _bad_request(reason)


# --- the endpoints --------------------------------------------------------------------------------


class Endpoints:
    """``/_gwmock/...`` and ``/moto-api/reset`` of one server: checks, then the handle's verbs."""

    def __init__(self, handle: Any, options: ServerOptions, bound_host: str, run: Run) -> None:
        self.handle = handle
        self.options = options
        self.bound_host = bound_host
        self.run = run  # blocking work (the state's lock, formatting records) off the event loop
        self.routes: dict[str, dict[str, Callable[[str, bytes], Answer]]] = {
            "/_gwmock/reset": {"POST": self._reset},
            "/_gwmock/requests": {"GET": self._requests},
            "/_gwmock/calls": {"GET": self._calls},
            "/_gwmock/snapshot": {"GET": self._snapshot},
            "/_gwmock/restore": {"POST": self._restore},
            "/_gwmock/health": {"GET": self._health},
            "/moto-api/reset": {"POST": self._moto_reset},
        }

    async def answer(self, method: str, target: str, headers: Mapping[str, str],
                     read_body: Callable[[], Awaitable[bytes]]) -> Answer:
        """The answer to one request; ``read_body`` may raise the app's own refusals (408, 413)."""
        unread = bool(headers.get("transfer-encoding")) or headers.get("content-length") not in (None, "0")
        reason = (guard.foreign_host_reason(headers.get("host"), self.bound_host, self.options.allowed_hosts)
                  or guard.cross_site_reason(headers))
        if reason is not None:
            return _error(_Refusal(403, "AccessDeniedException", reason), close=unread)
        bad_host = _host_refusal(headers.get("host"))
        if bad_host is not None:
            return _error(bad_host, close=unread)
        signed = None
        if self.options.credentials:
            try:
                signed = signature(headers)
            except sigv4.AuthError as refused:
                return _error(_Refusal(403, refused.code, refused.message), close=unread)
        body = await read_body()
        if signed is not None:
            try:
                sigv4.verify(_comparable(signed), self.options.credentials, method, target, headers, body)
            except sigv4.AuthError as refused:
                return _error(_Refusal(403, refused.code, refused.message))
        path, _, query = target.partition("?")
        try:
            endpoint = self._route(method, path)
            return await self.run(self._guarded, endpoint, path, query, body)  # type: ignore[no-any-return]
        except _Refusal as refusal:
            return _error(refusal)

    def _route(self, method: str, path: str) -> Callable[[str, bytes], Answer]:
        methods = self.routes.get(path)
        if methods is None:
            known = ", ".join(f"{verb} {name}" for name, verbs in self.routes.items() for verb in verbs)
            raise _Refusal(404, "NotFoundException", f"gwmock: no endpoint {path[:200]!r}; the endpoints are {known}")
        endpoint = methods.get("GET" if method == "HEAD" and "GET" in methods else method)
        if endpoint is None:
            allowed = ", ".join(sorted({*methods, *(["HEAD"] if "GET" in methods else [])}))
            raise _Refusal(405, "MethodNotAllowedException", f"gwmock: {path} answers {allowed}, not {method[:20]}",
                           Allow=allowed)
        return endpoint

    def _guarded(self, endpoint: Callable[[str, bytes], Answer], path: str, query: str, body: bytes) -> Answer:
        """``endpoint``'s answer; a refusal is answered, anything else is a gwmock bug logged as such."""
        try:
            return endpoint(query, body)
        except _Refusal as refusal:
            return _error(refusal)
        except Exception:
            log.exception("gwmock server: %s failed", path)
            failed = f"gwmock: {path} failed (see the server's log)"
            return _error(_Refusal(500, "InternalServerErrorException", failed))

    # --- verbs ---

    def _reset(self, query: str, body: bytes) -> Answer:
        _parameters(query, ())
        self.handle.reset()
        return _ok({"reset": True})

    def _moto_reset(self, query: str, body: bytes) -> Answer:
        self.handle.reset()
        return _ok({"status": "ok"})

    def _health(self, query: str, body: bytes) -> Answer:
        from gwmock import __version__  # noqa: PLC0415 - the package imports the server lazily

        _parameters(query, ())
        return _ok({"status": "running", "version": __version__})

    def _snapshot(self, query: str, body: bytes) -> Answer:
        _parameters(query, ())
        return _ok(self.handle.snapshot())

    def _restore(self, query: str, body: bytes) -> Answer:
        from gwmock.documents import DocumentError, parse_json  # noqa: PLC0415
        from gwmock.errors import SnapshotError  # noqa: PLC0415

        _parameters(query, ())
        if not body.strip():
            raise _bad_request("gwmock: POST /_gwmock/restore takes the JSON document GET /_gwmock/snapshot answers")
        try:
            document = parse_json(body)  # the body is within the server's cap; depth and values as any body's
        except DocumentError as bad:
            raise _bad_request(f"gwmock: the snapshot is not JSON gwmock reads: {bad}") from None
        if not isinstance(document, dict):  # never a str: handle.restore would read it as a file's path
            raise _bad_request(f"a snapshot is the object GET /_gwmock/snapshot answers, not {_json_type(document)}")
        try:  # 1e400 parses as infinity, which no JSON answer (GET /_gwmock/snapshot) could carry again
            json.dumps(document, allow_nan=False)
        except ValueError:
            raise _bad_request("gwmock: the snapshot holds a number too large for JSON (such as 1e400, read as "
                               "infinity); GET /_gwmock/snapshot never answers one") from None
        try:
            self.handle.restore(document)
        except SnapshotError as bad:
            raise _bad_request(str(bad)) from None
        return _ok({"restored": True})

    def _requests(self, query: str, body: bytes) -> Answer:
        return self._listing(query, "requests", self.handle.requests, request_entry)

    def _calls(self, query: str, body: bytes) -> Answer:
        return self._listing(query, "calls", self.handle.calls, call_entry)

    def _listing(self, query: str, name: str, history: Sequence[Any], entry: Callable[[Any], dict[str, Any]]) -> Answer:
        limit = _limit(_parameters(query, ("limit",)).get("limit"), getattr(history, "limit", None))
        recent = history[-limit:]  # one slice: atomic against the threads still recording
        parts, omitted = _newest_within(recent, entry, MAX_ANSWER)
        meta = {"count": len(parts), "limit": limit, "omitted": omitted, "dropped": getattr(history, "dropped", 0)}
        return 200, dict(_HEADERS), (f'{{"{name}":[' + ",".join(parts) + "],"
                                       + json.dumps(meta, separators=(",", ":"))[1:]).encode()


def _parameters(query: str, allowed: tuple[str, ...]) -> dict[str, str]:
    """The query's parameters, each at most once and each one of ``allowed``; else 400."""
    try:
        pairs = parse_qsl(query, keep_blank_values=True, max_num_fields=8)
    except ValueError:
        raise _bad_request("gwmock: too many query parameters") from None
    found: dict[str, str] = {}
    for key, value in pairs:
        if key not in allowed or key in found:
            takes = f"takes {', '.join(allowed)} once" if allowed else "takes no query parameters"
            raise _bad_request(f"gwmock: unexpected query parameter {key[:64]!r}; this endpoint {takes}")
        found[key] = value
    return found


def _limit(text: str | None, kept: int | None) -> int:
    """``limit``: a positive whole number, at most what the history keeps (clamped, as "all")."""
    most = kept if isinstance(kept, int) and kept > 0 else DEFAULT_HISTORY
    if text is None:
        return min(DEFAULT_LIMIT, most)
    digits = text.lstrip("0")  # leading zeros say nothing: 0000000000001 is 1, not "as many as there are"
    if not (text.isascii() and text.isdigit()) or digits == "":
        raise _bad_request(f"gwmock: limit must be a whole number from 1 to {most}, got {text[:32]!r}")
    return most if len(digits) > _LIMIT_DIGITS else min(int(digits), most)


def _newest_within(records: Sequence[Any], entry: Callable[[Any], dict[str, Any]],
                   budget: int) -> tuple[list[str], int]:
    """The JSON of the newest records that fit in ``budget`` characters, oldest first, and how many
    older ones were left out."""
    parts: list[str] = []
    for index, record in enumerate(reversed(records)):
        text = json.dumps(entry(record), separators=(",", ":"), allow_nan=False)
        budget -= len(text) + 1
        if budget < 0:
            parts.reverse()
            return parts, len(records) - index
        parts.append(text)
    parts.reverse()
    return parts, 0


def _json_type(value: Any) -> str:
    return {str: "a string", list: "an array", bool: "a boolean", int: "a number", float: "a number"}.get(
        type(value), "null")


# --- records as JSON --------------------------------------------------------------------------------


class Cutter:
    """JSON-ready copies of recorded values within one entry's bounds; ``cut`` tells whether any was cut."""

    __slots__ = ("cut", "values")

    def __init__(self) -> None:
        self.cut = False
        self.values = MAX_VALUES

    def text(self, value: str, most: int = MAX_TEXT) -> str:
        if len(value) <= most:
            return value
        self.cut = True
        return f"{value[:most]}{_CUT}"

    def tail(self, value: str, most: int = MAX_TEXT) -> str:
        """The end of ``value`` (a traceback: its last lines say what failed)."""
        if len(value) <= most:
            return value
        self.cut = True
        return f"{_CUT}{value[-most:]}"

    def payload(self, data: Any) -> dict[str, Any]:
        """A body: ``{"text"|"base64": ..., "size": bytes, "truncated": bool}``, at most ``MAX_TEXT`` bytes."""
        raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
        size = len(raw)
        head = bytes(raw[:MAX_TEXT])
        truncated = size > MAX_TEXT
        self.cut |= truncated
        try:  # a cut body may end inside a character: the incremental decoder keeps that tail back
            return {"text": codecs.getincrementaldecoder("utf-8")().decode(head, final=not truncated),
                    "size": size, "truncated": truncated}
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(head).decode("ascii"), "size": size, "truncated": truncated}

    def headers(self, headers: Mapping[str, Any]) -> dict[str, Any]:
        """Name -> value, or the list of values of a name sent on several lines."""
        getlist = getattr(headers, "getlist", None)
        out: dict[str, Any] = {}
        for count, name in enumerate(headers):
            if count == MAX_HEADERS:
                self.cut = True
                break
            values = getlist(name) if getlist is not None else headers[name]
            if isinstance(values, (list, tuple)):
                listed = [self.text(str(v), MAX_HEADER_VALUE) for v in islice(values, MAX_HEADERS)]
                out[self.text(str(name), 256)] = listed[0] if len(listed) == 1 else listed
            else:
                out[self.text(str(name), 256)] = self.text(str(values), MAX_HEADER_VALUE)
        return out

    def lines(self, lines: Iterable[Any]) -> list[str]:
        out: list[str] = []
        left = MAX_LOG
        for line in lines:
            if left <= 0:
                self.cut = True
                break
            text = self.text(line if isinstance(line, str) else str(line), min(left, MAX_TEXT))
            left -= len(text)
            out.append(text)
        return out

    def value(self, value: Any, depth: int = 0) -> Any:
        """Call parameters as JSON values: bytes as payloads, other types by their type's name."""
        self.values -= 1
        if self.values < 0 or depth > MAX_DEPTH:
            self.cut = True
            return _CUT
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, int):
            return int(value) if value.bit_length() <= 64 else f"<int of {value.bit_length()} bits>"
        if isinstance(value, float):
            return float(value) if math.isfinite(value) else str(float(value))
        if isinstance(value, (bytes, bytearray, memoryview)):
            return self.payload(value)
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, Mapping):
            return self._mapping(value, depth)
        if isinstance(value, (list, tuple, set, frozenset)):
            return self._items(value, depth)
        return f"<{type(value).__name__}>"

    def _mapping(self, value: Mapping[Any, Any], depth: int) -> dict[str, Any]:
        taken = list(islice(value.items(), max(self.values, 0) + 1))
        self.cut |= len(taken) < len(value)
        return {self._key(k): self.value(v, depth + 1) for k, v in taken}

    def _items(self, value: Iterable[Any], depth: int) -> list[Any]:
        taken = list(islice(value, max(self.values, 0) + 1))
        self.cut |= len(taken) < len(value)  # type: ignore[arg-type]
        return [self.value(v, depth + 1) for v in taken]

    def _key(self, key: Any) -> str:
        if isinstance(key, str):
            return self.text(key, 1024)
        if key is None or isinstance(key, (bool, float)) or (isinstance(key, int) and key.bit_length() <= 64):
            return str(key)
        return f"<{type(key).__name__}>"


def request_entry(request: Any) -> dict[str, Any]:
    """A ``gwmock.records.Request`` as JSON: what was asked, answered and logged, and what failed."""
    cutter = Cutter()
    try:
        access, error, trace = request.access_log, request.error, request.traceback
        entry = {
            "method": cutter.text(str(request.method), 64),
            "url": cutter.text(str(request.url), 16 * 1024),
            "status": cutter.value(request.status),
            "headers": cutter.headers(request.headers),
            "body": cutter.payload(request.body),
            "response_headers": cutter.headers(request.response_headers),
            "response_body": cutter.payload(request.response_body),
            "log": cutter.lines(request.log),
            "access_log": None if access is None else cutter.text(str(access)),
            "error": None if error is None else cutter.text(_repr(error), 8 * 1024),
            "traceback": None if trace is None else cutter.tail(str(trace)),
        }
    except Exception as failed:  # a record gwmock cannot read is shown as such, not a failed answer
        log.exception("gwmock server: a recorded request could not be read")
        return {"method": None, "url": None, "status": None, "unreadable": f"<{type(failed).__name__}>",
                "truncated": True}
    entry["truncated"] = cutter.cut
    return entry


def call_entry(call: Any) -> dict[str, Any]:
    """A ``gwmock.records.Call`` as JSON."""
    cutter = Cutter()
    entry = {"service": cutter.value(call.service), "operation": cutter.value(call.operation),
             "params": cutter.value(call.params), "status": cutter.value(call.status),
             "error_code": cutter.value(call.error_code)}
    entry["truncated"] = cutter.cut
    return entry


def _repr(error: BaseException) -> str:
    try:
        return repr(error)
    except Exception:  # a user exception whose __repr__ fails
        return f"<{type(error).__name__}>"


__all__ = ["DEFAULT_LIMIT", "MAX_ANSWER", "PREFIXES", "Cutter", "Endpoints", "call_entry",
           "request_entry", "signature"]
