"""Lambda functions that run elsewhere, called over HTTP with Lambda's Invoke API.

``gw.add_lambda(name_or_arn, "http://127.0.0.1:9000")`` registers a ``RemoteFunction``: a function of
any runtime served by AWS's Lambda Runtime Interface Emulator (RIE: every AWS base image, ``docker run
-p 9000:8080 image``), by ``sam local start-lambda`` or by any small server speaking the Invoke API.
It is called where a Python callable would be (``runtime.lambdas``), so every pipeline works unchanged.

* The request (the Lambda API reference's ``Invoke``): ``POST`` the event as JSON, with
  ``Content-Type: application/json``, ``X-Amz-Invocation-Type: RequestResponse`` and ``X-Amz-Log-Type:
  None`` (``sam local start-lambda`` refuses other values, and any query string, so no ``Qualifier``
  is sent), ``Accept: application/json`` and the context's request id as ``X-Amzn-RequestId`` (guess:
  Lambda's own answer header, sent so that the server's log can be matched with ``gw.requests``).
  The context object is not sent: the remote runtime makes its own.
* Where it goes: a URL without a path (``http://127.0.0.1:9000``) gets RIE's fixed path,
  ``/2015-03-31/functions/function/invocations`` (RIE serves ``function`` and its
  ``AWS_LAMBDA_FUNCTION_NAME``: aws-lambda-runtime-interface-emulator, ``cmd/aws-lambda-rie/http.go``);
  a URL whose path ends in ``/invocations`` is used as given (``sam local start-lambda``:
  ``http://127.0.0.1:3001/2015-03-31/functions/HelloFunction/invocations``, SAM's name being the
  logical id); any other path is a base path under which each function has its own Invoke URL,
  ``{url}/2015-03-31/functions/{name}/invocations``, ``{name}`` the invoked function's name
  (percent-encoded: a name from an integration URI is data and never reaches another path).
* The host must be a loopback address or one allowed with ``gw.allow_http_backend`` (checked when the
  function is called, with the active mock's allowances: ``runtime.backends.refusal``); an API's own
  host (execute-api, a custom domain) is refused too: Lambda is not served there, and a function
  calling its own API would call itself without end. The URL is checked when it is registered
  (``GwmockError``: http or https, a host that urllib3 reads as ``urllib.parse`` does, no user, query
  or fragment: ``backends.server_url``).
* The answer, as Lambda's Invoke gives it: 2xx is the function's result, its JSON parsed, its text kept
  as sent (``lambdas.Answered``); text that is no JSON is passed on as Lambda passes it (AWS's custom
  runtime tutorial echoes plain text), read by the pipelines as a returned string (a proxy
  integration answers 502, an authorizer 500). With ``X-Amz-Function-Error`` (``Handled`` or
  ``Unhandled``) the body is Lambda's error document, reaching the pipeline as is
  (``lambdas.FunctionError``: selection patterns match its ``errorMessage``; a proxy answers 502).
  RIE answers 502 with the error document when the runtime exits or fails to start
  (``cmd/aws-lambda-rie/handlers.go``), where Lambda answers 200 with ``X-Amz-Function-Error:
  Unhandled`` (``Runtime.ExitError``): read as that function error.
* A body over 6,291,556 bytes (Lambda's limit for synchronous answers, "6 MB") is not read further: it
  is Lambda's function error ``{"errorMessage": "Response payload size exceeded maximum allowed
  payload size (6291556 bytes).", "errorType": "Function.ResponseSizeTooLarge"}`` (Lambda answers it
  with status 200: Zac Charles, "Deep Dive: Lambda's Response Payload Size Limit").
* Any other status, a refused host or connection, a broken answer: the invocation failed
  (``InvocationFailed``), answered as AWS answers a Lambda it could not invoke: REST APIs 500
  ``{"message": "Internal server error"}`` through DEFAULT_5XX, proxy or not (re:Post "API Gateway
  proxy integration does not forward Lambda throttling (HTTP 429)": 500; a Lambda 429 "will always be
  considered as 500"), log ``Lambda invocation failed with status: 503. Lambda request id: ...``
  (the wording of API Gateway's log); HTTP APIs 500 ``{"message":"Internal Server Error"}``; WebSocket
  APIs their integration failure. The cause is in the execution log and the ``gwmock`` logger.
* Time: the caller waits the integration's timeout (``lambdas.call``); the request itself gives up a
  second later, the whole exchange and not each read (``_Deadlines``: urllib3's timeouts bound each
  read, so a server trickling a byte a second, an endless chunked trailer or endless ``100 Continue``
  answers would hold the worker thread and the connection for as long as it liked): at the deadline
  its sockets are shut (the blocked read returns), then closed, and the call fails (``no answer from
  ... within ... s``). The failure is raised without urllib3's error as its context: that error's
  frames hold the connection, and a failure is kept on ``gw.requests``.
* ``X-Amz-Function-Error``, "if present, indicates that an error occurred during function execution"
  (the Lambda API reference's ``Invoke``): any value, an empty one too, is a function error; the log
  shows at most 200 characters of it, ``Unhandled`` for a blank one.

Guesses: the request id header; a REST authorizer whose function cannot be invoked answers
DEFAULT_5XX's 500 as an integration does; a 2xx other than 200 is an answer; a body that is not UTF-8
is read with replacement characters, and so is a lone surrogate's escape in JSON (``"\\ud800"``, which
no UTF-8 encoder writes: the answer's text and payload get U+FFFD's escape); JSON nested deeper than
256 levels is read as text; without a caller's timeout the request waits 30 s; text that is no JSON
reaches a non-proxy integration as a JSON string, and an HTTP API's payload 2.0 answers it as a
function's returned string (200).
"""

from __future__ import annotations

import http.client
import json
import logging
import math
import os
import re
import socket
import threading
from typing import Any
from urllib.parse import quote, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from gwmock import clock
from gwmock.intercept import active_mock
from gwmock.runtime import backends
from gwmock.runtime.hosts import is_data_plane_host
from gwmock.runtime.http.lambdas import LambdaFailure
from gwmock.runtime.lambdas import Answered, FunctionError, InvocationError
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.mapping import INTERNAL_ERROR

logger = logging.getLogger("gwmock")

MAX_RESPONSE = 6_291_556  # bytes: Lambda's limit for a synchronous answer, as its error message gives it
TOO_LARGE = {"errorMessage": f"Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE} bytes).",
             "errorType": "Function.ResponseSizeTooLarge"}
RIE_PATH = "/2015-03-31/functions/function/invocations"
_DEFAULT_WAIT = 30.0  # seconds, when no caller says how long it waits (a direct call)
_GRACE = 1.0  # the request outlives the caller's wait by this much: the caller answers the timeout
_SHOWN = 200  # characters of a failed answer's body the log shows
_CHUNK = 1 << 16
# deeper JSON is read as text: the pipelines parse an answer's text again on the caller's own, deeper
# stack, where Python's recursion limit would stop them (a guess of a bound no real answer reaches)
_MAX_DEPTH = 256
_HEADERS = {"Content-Type": "application/json", "Accept": "application/json",
            "X-Amz-Invocation-Type": "RequestResponse", "X-Amz-Log-Type": "None"}
# a JSON escape of a surrogate not preceded by an escaping backslash: a pair (kept) or a lone one
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
                               r"|[dD][89a-fA-F][0-9a-fA-F]{2})")


class _Watch:
    """One invocation's deadline (``seconds`` from its start) and the sockets it sends and reads on."""

    __slots__ = ("deadline", "expired", "reused", "seconds", "sockets")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = clock.monotonic() + seconds
        self.expired = False
        self.reused = False  # the request went out on a kept-alive connection
        self.sockets: list[socket.socket] = []


class _Deadlines:
    """Ends invocations still running past their deadline by shutting their sockets: a blocked read or
    send returns at once and the call fails. urllib3's timeouts bound each socket operation, not the
    exchange, and http.client reads an endless trailer or endless ``100 Continue`` answers without
    returning. One daemon thread, started on first use and asleep while nothing runs late.

    A socket is watched from the moment its connection is made (``connect``) or a kept-alive one is
    reused (``request``) until the invocation finishes, before the connection goes back to the pool:
    so a deadline never shuts a socket another invocation has taken since."""

    def __init__(self) -> None:
        self._lock = threading.Condition(threading.Lock())
        self._running: dict[int, _Watch] = {}
        self._wake_at = math.inf
        self._local = threading.local()
        self._thread: threading.Thread | None = None

    def start(self, seconds: float) -> _Watch:
        watch = _Watch(seconds)
        with self._lock:
            self._running[id(watch)] = watch
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="gwmock-lambda-deadlines", daemon=True)
                self._thread.start()
            elif watch.deadline < self._wake_at:
                self._lock.notify()
        self._local.watch = watch
        return watch

    def finish(self, watch: _Watch) -> None:
        """The invocation is over. A late one's sockets are closed now, not when the garbage collector
        frees what still reads them (a failed exchange's frames, in cycles)."""
        self._local.watch = None
        with self._lock:
            self._running.pop(id(watch), None)
        if watch.expired:  # set under the lock, never again once the watch left ``_running``
            for sock in watch.sockets:
                _close(sock)

    def opened(self, sock: socket.socket | None, reused: bool = False) -> None:
        """The calling thread's invocation sends and reads on ``sock`` (shut at once if it is late);
        ``reused``: a kept-alive connection."""
        watch: _Watch | None = getattr(self._local, "watch", None)
        if watch is None or sock is None:
            return
        watch.reused = watch.reused or reused
        with self._lock:
            if watch.expired:
                _shut(sock)
            elif sock not in watch.sockets:
                watch.sockets.append(sock)

    def _loop(self) -> None:
        with self._lock:
            while True:
                now = clock.monotonic()
                for key, watch in list(self._running.items()):
                    if watch.deadline <= now:
                        del self._running[key]
                        watch.expired = True
                        for sock in watch.sockets:
                            _shut(sock)
                self._wake_at = min((watch.deadline for watch in self._running.values()), default=math.inf)
                self._lock.wait(None if self._wake_at == math.inf else self._wake_at - now)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed already
        pass


def _close(sock: socket.socket) -> None:
    """Close ``sock``'s descriptor now, though http.client's reader of it is still open (``close()``
    would wait for that reader); the socket object is left closed, so nothing closes the number again."""
    try:
        os.close(sock.detach())
    except OSError:  # closed already
        pass


_deadlines = _Deadlines()


class _Watched:
    """Watches a connection's socket for the invocation's deadline: from the moment it is connected, and
    again each time a kept-alive connection carries another request (``sent`` counts them since it was
    connected: an https connection is connected before its first request, an http one inside it)."""

    sock: socket.socket | None
    sent = 0

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self.sent = 0
        _deadlines.opened(self.sock)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _deadlines.opened(self.sock, reused=self.sent > 0)
        super().request(*args, **kwargs)  # type: ignore[misc]
        self.sent += 1


class _Connection(_Watched, HTTPConnection):
    """urllib3's connection, its socket watched by the invocation's deadline."""


class _SecureConnection(_Watched, HTTPSConnection):
    """``_Connection`` for https (watched from the end of its handshake, which urllib3's timeouts bound)."""


class _Pool(urllib3.HTTPConnectionPool):
    ConnectionCls = _Connection


class _SecurePool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _SecureConnection


def _pool() -> urllib3.PoolManager:
    pool = urllib3.PoolManager(maxsize=32, retries=False)  # keep-alive to the emulator, shared by workers
    pool.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}
    return pool


def _after_fork() -> None:
    """A forked child has neither the parent's deadline thread (its lock may have been held) nor a right
    to the parent's kept-alive connections."""
    global _deadlines, _POOL
    _deadlines, _POOL = _Deadlines(), _pool()


_POOL = _pool()
os.register_at_fork(after_in_child=_after_fork)


class InvocationFailed(InvocationError, GatewayError, LambdaFailure):
    """Lambda's Invoke failed: no function ran. One exception that each pipeline already answers as
    a failed invocation: REST's ``GatewayError`` (DEFAULT_5XX, 500 "Internal server error"), HTTP and
    WebSocket APIs' ``LambdaFailure`` (500). ``str()`` is the reason the logs show."""

    def __init__(self, reason: str) -> None:
        GatewayError.__init__(self, "DEFAULT_5XX", INTERNAL_ERROR, 500, reason=reason)
        self.cause = None  # no user code failed: nothing for the test to re-raise

    def __str__(self) -> str:
        return self.reason


class RemoteFunction:
    """A Lambda function served over HTTP by Lambda's Invoke API; called as ``fn(event, context)``, it
    answers a ``lambdas.Answered`` or raises ``lambdas.FunctionError`` or ``InvocationFailed``."""

    __slots__ = ("_base", "_fixed", "url")

    def __init__(self, url: object) -> None:
        self.url, self._fixed, self._base = _checked(url)

    def __repr__(self) -> str:
        return f"RemoteFunction({self.url!r})"

    def invocation_url(self, name: str | None) -> str:
        """Where the function named ``name`` is invoked."""
        if self._fixed is not None:
            return self._fixed
        return f"{self._base}/2015-03-31/functions/{quote(name or 'function', safe='')}/invocations"

    def __call__(self, event: Any, context: Any) -> Answered:
        url = self.invocation_url(getattr(context, "function_name", None))
        _check_host(url)
        wait = getattr(context, "caller_timeout", None) or _DEFAULT_WAIT
        request_id = getattr(context, "aws_request_id", None)
        status, headers, data = _post(url, _body(event), _headers(request_id), wait + _GRACE)
        return _answer(url, status, headers, data, request_id)


def _checked(url: object) -> tuple[str, str | None, str]:
    """``(url, the fixed Invoke URL or None, the base URL)``; a ``GwmockError`` saying what is wrong."""
    parts = backends.server_url(url, "add_lambda", "a callable or the URL of a server speaking Lambda's Invoke "
                                "API ('http://127.0.0.1:9000')")
    assert isinstance(url, str)
    base = f"{parts.scheme.lower()}://{parts.netloc}"
    path = parts.path.rstrip("/")
    if not path:
        return url, base + RIE_PATH, base
    if path.endswith("/invocations"):
        return url, base + path, base
    return url, None, base + path


def _check_host(url: str) -> None:
    handle = active_mock()
    host = (urlsplit(url).hostname or "").rstrip(".")
    if handle is not None and is_data_plane_host(handle, host):
        raise InvocationFailed(f"Lambda invocation refused: {host} is an API of this mock, not Lambda's Invoke API "
                               "(a function calling its own API would call itself without end)")
    refused = backends.refusal(handle, url)
    if refused is not None:
        raise InvocationFailed(f"Lambda invocation refused: {refused}")


def _body(event: Any) -> bytes:
    try:
        return json.dumps(event, separators=(",", ":")).encode()
    except (TypeError, ValueError, RecursionError) as error:
        raise InvocationFailed(f"Lambda invocation failed: the event is not JSON ({error})") from None


def _headers(request_id: Any) -> dict[str, str]:
    if isinstance(request_id, str) and request_id.isprintable() and len(request_id) <= 128:
        return {**_HEADERS, "X-Amzn-RequestId": request_id}
    return dict(_HEADERS)


def _post(url: str, body: bytes, headers: dict[str, str], wait: float) -> tuple[int, Any, bytes | None]:
    """The server's status, headers and body (None: longer than Lambda answers), all within ``wait``
    seconds. A failure is raised outside the handler of urllib3's error: that error's frames hold the
    connection, which a failure kept on ``gw.requests`` must not keep open. A kept-alive connection the
    server closed before answering anything (it closed it after its last answer, without saying
    ``Connection: close``, and the close had not arrived yet) is tried once more on a new one, as browsers
    do: the request never reached the function."""
    started = clock.monotonic()
    answer = _post_once(url, body, headers, wait)
    if answer is None:
        answer = _post_once(url, body, headers, max(wait - (clock.monotonic() - started), 0.001), last=True)
    assert answer is not None  # ``last`` raises rather than answering None
    return answer


def _post_once(url: str, body: bytes, headers: dict[str, str], wait: float,
               last: bool = False) -> tuple[int, Any, bytes | None] | None:
    """``_post``'s one attempt; None when a kept-alive connection turned out closed (unless ``last``)."""
    watch = _deadlines.start(wait)
    response: Any = None
    data: bytes | None = None
    failure: InvocationFailed | None = None
    try:
        response = _POOL.urlopen("POST", url, body=body, headers=headers, redirect=False, retries=False,
                                 timeout=urllib3.Timeout(connect=wait, read=wait), preload_content=False,
                                 decode_content=False)
        data = _bounded(response)
    except (urllib3.exceptions.HTTPError, OSError, ValueError) as error:
        if not last and response is None and watch.reused and not watch.expired and _closed_unanswered(error):
            return None  # ``finally`` ends the watch
        what = f"no answer from {url}" if response is None else f"the answer of {url} broke off"
        failure = _failed(url, what, watch, error)
    finally:
        _deadlines.finish(watch)  # before the connection goes back to the pool: see ``_Deadlines``
        if response is not None:
            if watch.expired:
                response.close()  # a shut connection is never kept alive
            response.release_conn()
    if failure is not None or watch.expired:  # late: the shut socket may have read as the answer's end
        raise failure or _failed(url, "", watch, None)
    return response.status, response.headers, data


def _closed_unanswered(error: BaseException) -> bool:
    """Whether urllib3's error says the server closed the connection before any byte of an answer."""
    cause = error.args[1] if isinstance(error, urllib3.exceptions.ProtocolError) and len(error.args) > 1 else error
    return isinstance(cause, (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError))


def _failed(url: str, what: str, watch: _Watch, error: BaseException | None) -> InvocationFailed:
    if watch.expired or error is None:
        return InvocationFailed(f"Lambda invocation failed: no answer from {url} within {watch.seconds:g} s")
    return InvocationFailed(f"Lambda invocation failed: {what} ({_described(error)})")


def _bounded(response: Any) -> bytes | None:
    """The body, read up to Lambda's limit; None (and the connection closed) past it."""
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > MAX_RESPONSE:
        response.close()
        return None
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_RESPONSE:
        chunk = response.read(min(_CHUNK, MAX_RESPONSE + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    response.close()
    return None


def _answer(url: str, status: int, headers: Any, data: bytes | None, request_id: Any) -> Answered:
    failed = headers.get("X-Amz-Function-Error")  # present: a function error, whatever its value
    if data is None and 200 <= status < 300:
        raise FunctionError(f"{TOO_LARGE['errorType']}: {TOO_LARGE['errorMessage']}", dict(TOO_LARGE),
                            json.dumps(TOO_LARGE))
    payload, is_json, text = _parsed((data or b"").decode("utf-8", "replace"))
    if 200 <= status < 300 and failed is None:
        return Answered(payload, text, is_json)
    if (200 <= status < 300) or (status == 502 and _error_document(payload)):
        kind = (failed or "").strip()[:_SHOWN] or "Unhandled"
        described = _document_words(payload) if is_json else text[:_SHOWN]
        raise FunctionError(f"{kind}: {described}", payload, text if is_json else json.dumps(text))
    shown = f"; it answered {text[:_SHOWN]!r}" if text else ""
    named = f" Lambda request id: {request_id}" if isinstance(request_id, str) else ""
    raise InvocationFailed(f"Lambda invocation failed with status: {status}.{named} ({url}{shown})")


def _parsed(text: str) -> tuple[Any, bool, str]:
    """The answer's JSON, or the text itself when it is none (or nested deeper than ``_MAX_DEPTH``), and
    the text, a lone surrogate's escape in JSON made U+FFFD's (``_whole_characters``)."""
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        return text, False, text
    if text.count("[") + text.count("{") > _MAX_DEPTH and _too_deep(payload):
        return text, False, text
    if "\\u" in text:
        whole, replaced = _SURROGATE_ESCAPE.subn(_whole_characters, text)
        if replaced and whole != text:
            return json.loads(whole), True, whole
    return payload, True, text


def _whole_characters(found: re.Match[str]) -> str:
    """A surrogate pair's escape as it is; a lone surrogate's, which Python decodes to a character no
    UTF-8 encoder writes (a traceback wherever the pipeline writes it), as U+FFFD's."""
    return found[0] if len(found[2]) == 10 else found[1] + "\\ufffd"


def _too_deep(payload: Any) -> bool:
    """Whether containers nest deeper than ``_MAX_DEPTH``: walked a level at a time, without recursion
    and one list comprehension per container (6 MB of ``[[],[],...]``: 0.4 s, a third of a walk that
    makes a generator per container)."""
    level, depth = [payload] if type(payload) is list or type(payload) is dict else [], 1
    while level:
        if depth > _MAX_DEPTH:
            return True
        below: list[Any] = []
        for value in level:
            items = value.values() if type(value) is dict else value
            below += [item for item in items if type(item) is list or type(item) is dict]
        level, depth = below, depth + 1
    return False


def _error_document(payload: Any) -> bool:
    return isinstance(payload, dict) and isinstance(payload.get("errorType"), str)


def _document_words(payload: Any) -> str:
    if isinstance(payload, dict):
        return f"{payload.get('errorType')}: {str(payload.get('errorMessage'))[:_SHOWN]}"
    return json.dumps(payload)[:_SHOWN]


def _described(error: BaseException) -> str:
    """An urllib3 error's cause in a few words: its text without the connection object's repr."""
    reason = getattr(error, "reason", None) or error
    # NewConnectionError is a ConnectTimeoutError in urllib3's tree: its own words say what happened
    if not isinstance(reason, urllib3.exceptions.NewConnectionError) and isinstance(
            reason, (TimeoutError, socket.timeout, urllib3.exceptions.TimeoutError)):
        return "timed out"
    text = str(reason).rsplit(">: ", 1)[-1]
    return f"{type(reason).__name__}: {text[:_SHOWN]}" if text else type(reason).__name__
