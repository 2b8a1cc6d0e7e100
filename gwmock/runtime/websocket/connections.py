"""WebSocket APIs (v2, ProtocolType WEBSOCKET): connections, their routes, and what clients receive.

API (in-process, without a socket; server mode drives the same objects, see
``gwmock.server.websocket``)::

    conn = gw.websocket("wss://{api}.execute-api.{region}.amazonaws.com/{stage}",
                        headers={"x-token": "t"})   # runs $connect; raises Rejected(status)
    replies = conn.send('{"action": "hello"}')      # one frame: runs the selected route; returns
                                                    # what the client received meanwhile (route
                                                    # response, PostToConnection pushes, errors)
    conn.send([part1, part2])                       # one text message in two frames (fragments)
    conn.received                                   # everything the client received, in order
    conn.close()                                    # the client closes (1000): runs $disconnect
    conn.closed, conn.close_status                  # also set when the API closed it

Backends push with boto3's ``apigatewaymanagementapi`` client (``management``) or
``post_to_connection(gw, id, data)``. Connections live on the mock handle, in memory.

Behaviour (AWS's "Working with WebSocket APIs" pages; marked guesses otherwise):

* The URL names a deployed stage, on the execute-api host or a custom domain's API
  mapping; a missing API answers 403 and a missing or undeployed stage 404
  (``Rejected``; guesses for the handshake's status). An API whose stage was deployed
  with ``DisableExecuteApiEndpoint`` refuses the execute-api host with 403 and still
  serves its custom domain names.
* ``$connect``: authorization (``AWS_IAM``, or a REQUEST Lambda authorizer: see
  ``authorizer``), then its integration; a Lambda answer with a
  ``statusCode`` outside 2xx rejects with that status, a function error with 500
  and a denial with 401/403. No ``$connect`` route: accepted. The connection exists
  for the management API only once ``$connect`` succeeded: posting during
  ``$connect`` answers 410 (guess, what users report).
* Messages: the API's route selection expression is evaluated on the JSON body
  (``selection``: ``$request.body.<path>``, ``${...}`` variables among literal text, values
  stringified); no such route, or a body that is not JSON, selects ``$default``; no ``$default``
  sends ``{"message": "Forbidden", "connectionId", "requestId"}``; a function error
  ``{"message": "Internal server error", ...}`` (AWS's answers), a function running past
  the integration's ``TimeoutInMillis`` ``{"message": "Endpoint request timed out", ...}``
  (guess, after REST APIs' wording). A route is two-way
  when it has a ``RouteResponseSelectionExpression`` and a ``$default`` route
  response ("API Gateway will not pass the backend response through ... unless you
  set up a route response"); the client then receives the Lambda's ``body`` (or its
  JSON answer when it has none). A binary frame closes the connection with 1003
  (AWS: binary frames are not supported), a ``str`` that is not Unicode text (a lone surrogate: no
  UTF-8 frame carries it) with 1007, as server mode closes a frame that is not UTF-8. A frame over
  32 KB or a message over 128 KB closes it with 1009 (AWS's WebSocket quotas: "WebSocket frame size
  32 KB", "Message payload size 128 KB", "a message larger than 32 KB must be split into multiple
  frames, each 32 KB or smaller ... If a larger message (or larger frame size) is received, the
  connection is closed with code 1009").
  In-process ``send(str)`` is one frame, so a message over 32 KB must be sent as a list of
  fragments; KB is 1,024 bytes of UTF-8 and the close reason "Message too big" (guesses). In
  server mode the ASGI server reassembles fragments before gwmock sees the message, so only
  the 128 KB message limit applies there (limitation: frame sizes are not visible).
* A connection idle for 10 minutes (no message either way) or open for 2 hours is closed by
  the API, as AWS's quotas say ("Idle Connection Timeout", "Connection duration"): when it is
  next used, a client's message finds it closed, the management API answers 410, and
  ``$disconnect`` runs with 1001 "Going away" (guesses: the code and reason, and that the check
  happens at the next use rather than on a timer; tests move the clock with freezegun).
* ``$disconnect`` runs after the connection closed (best effort: its failures are
  ignored, it cannot post to the connection). A client close passes its code and
  reason; DeleteConnection closes the socket with 1000 and passes
  ``disconnectStatusCode`` 1000 with an empty reason (guess).
* Integrations: all five types (``integrations``: Lambda proxy, MOCK, AWS with a Lambda
  function, HTTP and HTTP_PROXY, with request and response templates); a failure of the
  integration itself answers as a function error does. A stage serves what its deployment froze
  (routes, integrations, authorizers, integration and route responses): a changed response
  template, or a new ``$default`` route response, reaches clients after CreateDeployment, at once
  on an ``AutoDeploy`` stage ("you must deploy your API for the change to take effect, unless
  automatic deployments are enabled"). A deployment made before snapshots held responses reads
  them live.
* API keys: a ``$connect`` route with ``ApiKeyRequired`` admits a client only with a key of a
  usage plan covering the stage (``api_keys``), else 403; checked after authorization. The plan's
  throttle and quota reject a connection past them with 429; one that passes counts in GetUsage.
* Request validation: a message on a route with a ``ModelSelectionExpression`` is checked against
  the ``RequestModels`` model it selects before the integration runs (``validation``); a refused one
  sends ``{"message": "Invalid request body", "connectionId", "requestId"}`` and leaves the
  connection open. Only a ``$default`` route response makes a route two-way ("currently only the
  $default key is supported"): a route whose route responses have other keys answers nothing (guess).
* ``LastActiveAt`` moves with every message in either direction (guess).
* Access logs: a stage with ``AccessLogSettings`` writes one line per CONNECT, MESSAGE and DISCONNECT
  event (``access_logs.write``), from the event's ``requestContext`` ("WebSocket API logging
  variables": ``eventType``, ``connectionId``, ``messageId``...), the status it ended with, API
  Gateway's error message and the integration's latency; lines are kept in ``conn.access_logs`` (the
  last ``MAX_ACCESS_LOGS``), a refused ``$connect``'s on ``Rejected.access_log``. Guesses: a message's
  status is its integration's (Lambda's ``statusCode``, 200 otherwise), 403 when no route takes it,
  504 for a timeout, 500 for another failure; a refused handshake's message is REST's wording for its
  status; an event without a route (``$disconnect``) is logged with status 200. The integration's
  status (``integration.status``), Lambda's own 200 for a function that ran (``integrationStatus``,
  ``integration.integrationStatus``: an exception counts, a timeout or a missing function not) and
  gwmock's reason for its failure (``integration.error``); ``error.responseType`` REST's gateway
  response type for the same failure (guesses: ``INTEGRATION_FAILURE``/``INTEGRATION_TIMEOUT``, an
  authorizer's ``UNAUTHORIZED``/``ACCESS_DENIED``/``AUTHORIZER_CONFIGURATION_ERROR``; other refusals
  none); ``$connect``'s authorization steps: a Lambda authorizer's ``authorizer.*`` and ``authorize.*``
  (``authorizer``), IAM's ``authenticate.*`` (its refusal's message as ``authenticate.error``) and
  ``authorize.*`` (allowed: gwmock does not evaluate the signer's own policies), as REST's; a step
  that did not run is ``-``. A stage without access logging builds none of these.
* A Lambda function's exception is kept in ``conn.errors`` and logged (``gwmock`` logger);
  with ``mock_apigateway(raise_lambda_errors=True)`` it is raised by ``send()`` or
  ``gw.websocket()`` in-process, after the client received AWS's error message.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from gwmock.context import Context
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime import access_logs, hosts
from gwmock.runtime.caches import register_cache
from gwmock.runtime.http import auth as http_auth
from gwmock.runtime.http import lambdas as http_lambdas
from gwmock.runtime.http.request import V2Request, new_request_id, parse_query
from gwmock.runtime.websocket import api_keys, authorizer, events, integrations, validation
from gwmock.runtime.websocket.selection import select

logger = logging.getLogger("gwmock")
MAX_MESSAGE = 128 * 1024  # AWS quota: WebSocket message payload size
IDLE_TIMEOUT_MS = 10 * 60 * 1000  # AWS quotas: "Idle Connection Timeout 10 minutes"
MAX_DURATION_MS = 2 * 60 * 60 * 1000  # "Connection duration for WebSocket API 2 hours"
MAX_ERRORS = 100  # the most recent exceptions a connection keeps (``errors``): a long-lived one may fail often
MAX_FRAME = 32 * 1024  # AWS quota: WebSocket frame size (checked where frames are known: in-process)
MAX_ACCESS_LOGS = 1000  # the most recent access log lines a connection keeps (``access_logs``)
Frame = str | bytes
_LOCK = threading.Lock()  # guards the registry only; never held while user code runs
_OPEN: weakref.WeakKeyDictionary[Any, dict[str, Connection]] = register_cache(weakref.WeakKeyDictionary())
# what a route's integration may fail with (answered as AWS answers a failed integration)
_FAILURES = (http_lambdas.LambdaFailure, http_lambdas.LambdaTimeout, integrations.IntegrationError)


class Rejected(Exception):
    """The handshake failed: ``status`` is what the client saw; ``access_log`` the stage's access log
    line of the refused ``$connect`` (None when the stage has no access logging, or none was reached)."""

    def __init__(self, status: int, access_log: str | None = None) -> None:
        super().__init__(f"WebSocket connection rejected with HTTP {status}")
        self.status = status
        self.access_log = access_log


class Gone(Exception):
    """The connection is not open (AWS: 410 GoneException)."""


class _Stage:
    """What a stage serves: its deployment's snapshot (routes, integrations, authorizers, integration
    and route responses)."""

    def __init__(self, ctx: Context, api_id: str, stage: dict[str, Any]) -> None:
        self.ctx, self.base = ctx, ("v2", "apis", api_id)
        self.access = stage.get("AccessLogSettings")  # the live stage's (``access_logs``): one look-up an event
        deployment = str(stage.get("DeploymentId") or "")
        self.snapshot = ctx.store.get((*self.base, "deployments", deployment, "snapshot")) if deployment else None

    def routes(self) -> list[dict[str, Any]]:
        if self.snapshot is not None:
            return list(self.snapshot.get("routes") or [])
        return self.ctx.store.values((*self.base, "routes"))

    def route(self, key: str) -> dict[str, Any] | None:
        return next((r for r in self.routes() if r.get("RouteKey") == key), None)

    def child(self, collection: str, child_id: str) -> dict[str, Any] | None:
        if not child_id:
            return None
        if self.snapshot is not None:
            return (self.snapshot.get(collection) or {}).get(child_id)
        return self.ctx.store.get((*self.base, collection, child_id))

    def endpoint_disabled(self, api: dict[str, Any]) -> bool:
        """``DisableExecuteApiEndpoint`` as the stage's deployment froze it."""
        if self.snapshot is not None and "DisableExecuteApiEndpoint" in self.snapshot:
            return bool(self.snapshot["DisableExecuteApiEndpoint"])
        return bool(api.get("DisableExecuteApiEndpoint"))  # a deployment made before snapshots kept it

    def integration_responses(self, integration_id: str) -> list[dict[str, Any]]:
        """An integration's responses as the stage's deployment froze them."""
        return self._responses("integrations", integration_id, "integrationresponses")

    def two_way(self, route: dict[str, Any]) -> bool:
        """Whether the client gets an answer: a ``RouteResponseSelectionExpression`` and a deployed
        ``$default`` route response."""
        if not route.get("RouteResponseSelectionExpression"):
            return False
        responses = self._responses("routes", str(route.get("RouteId")), "routeresponses")
        return any(r.get("RouteResponseKey") == "$default" for r in responses)

    def _responses(self, parents: str, parent_id: str, collection: str) -> list[dict[str, Any]]:
        """A parent's integration or route responses from the snapshot; live for a deployment made
        before snapshots froze them (``apigatewayv2.deployments._snapshot``)."""
        if self.snapshot is not None and collection in self.snapshot:
            return list((self.snapshot[collection] or {}).get(parent_id) or [])
        return self.ctx.store.values((*self.base, parents, parent_id, collection))


class Connection:
    """One client connection. ``sink``/``closer`` (server mode) carry frames and the close to a
    real socket; without them frames collect in ``received``."""

    def __init__(self, handle: Any, ctx: Context, request: V2Request, headers: list[tuple[str, str]],
                 domain_name: str, source_ip: str, sink: Callable[[Frame], None] | None = None,
                 closer: Callable[[int, str], None] | None = None) -> None:
        self.handle, self.ctx, self.request = handle, ctx, request
        self.domain_name, self.source_ip = domain_name, source_ip
        self.user_agent = request.user_agent
        self.headers = events.handshake_headers(headers, domain_name, source_ip)
        self.connection_id = new_request_id()
        self.connected_at = self.last_active_at = int(time.time() * 1000)
        self.received: list[Frame] = []
        self.errors: list[Exception] = []  # the last MAX_ERRORS exceptions of this connection's functions
        self.access_logs: list[str] = []  # the stage's access log lines of its events, the last MAX_ACCESS_LOGS
        self.state = "CONNECTING"
        self.close_status: int | None = None
        self.close_reason = ""
        self.api_key: tuple[str, str] | None = None  # (value, id) of the key $connect checked
        self._sink, self._closer = sink, closer
        # server mode: the ASGI server reassembles fragments, send() gets whole messages
        self._frames_known = sink is None

    @property
    def api_id(self) -> str:
        return self.request.api_id

    @property
    def in_process(self) -> bool:
        """No socket behind the connection: a failure may be raised in the test (``raise_lambda_errors``)."""
        return self._sink is None

    @property
    def stage_name(self) -> str:
        return self.request.stage_name

    @property
    def closed(self) -> bool:
        return self.state == "CLOSED"

    # --- the client's verbs -------------------------------------------------------------------

    def send(self, message: Frame | list[str] | tuple[str, ...]) -> list[Frame]:
        """Send one message as the client: a ``str`` is one text frame, ``bytes`` one binary frame, a
        list or tuple of ``str`` one text message in that many frames (fragments). Returns what the
        client received while the API handled it (in server mode frames go to the socket instead)."""
        self.expire_if_due()
        if self.state != "OPEN":
            raise RuntimeError("connection closed")
        frames: list[Any] = list(message) if isinstance(message, (list, tuple)) else [message]
        if not frames or not all(isinstance(frame, (str, bytes)) for frame in frames):
            raise TypeError("send() takes a str, bytes, or a non-empty list of str fragments")
        before = len(self.received)
        try:
            sizes = [len(frame.encode()) if isinstance(frame, str) else -1 for frame in frames]
        except UnicodeEncodeError:  # a lone surrogate: no UTF-8 text frame can carry it (server mode: 1007)
            self._close_by_api(1007, "Invalid frame payload data")
            return self.received[before:]
        if -1 in sizes:
            self._close_by_api(1003, "Binary frames are not supported")
        elif self._frames_known and max(sizes) > MAX_FRAME:
            self._close_by_api(1009, "Message too big")
        elif sum(sizes) > MAX_MESSAGE:
            self._close_by_api(1009, "Message too big")
        else:
            self._touch()
            self._route("".join(frames))
        return self.received[before:]

    def close(self, status: int = 1000, reason: str = "") -> None:
        """The client closes the connection: ``$disconnect`` runs with its code and reason."""
        if self._end(status, reason):
            self._disconnect(status, reason)

    # --- the API's side -----------------------------------------------------------------------

    def post(self, data: bytes) -> None:
        """PostToConnection: a text frame when ``data`` is UTF-8, else a binary one (guess)."""
        if self.state != "OPEN":
            raise Gone(self.connection_id)
        try:
            frame: Frame = data.decode("utf-8")
        except UnicodeDecodeError:
            frame = data
        self._touch()
        self._deliver(frame)

    def delete(self) -> None:
        """DeleteConnection: the API closes the socket, then ``$disconnect`` runs."""
        if self.state != "OPEN":
            raise Gone(self.connection_id)
        self._close_by_api(1000, "")

    # --- internals ----------------------------------------------------------------------------

    def expire_if_due(self) -> bool:
        """Close the connection as API Gateway does once it is idle for ``IDLE_TIMEOUT_MS`` (no
        message either way) or open for ``MAX_DURATION_MS``; True when it just closed. Checked when
        the connection is next used (a message, a management call), on the wall clock tests can
        move (freezegun)."""
        if self.state != "OPEN":
            return False
        now = int(time.time() * 1000)
        if now - self.last_active_at < IDLE_TIMEOUT_MS and now - self.connected_at < MAX_DURATION_MS:
            return False
        self._close_by_api(1001, "Going away")
        return True

    def _touch(self) -> None:
        self.last_active_at = int(time.time() * 1000)

    def _deliver(self, frame: Frame) -> None:
        if self._sink is not None:
            self._sink(frame)
        else:
            self.received.append(frame)

    def _close_by_api(self, status: int, reason: str) -> None:
        if not self._end(status, reason):
            return
        if self._closer is not None:
            self._closer(status, reason)
        self._disconnect(status, reason)

    def _end(self, status: int, reason: str) -> bool:
        """Mark closed and forget the connection; False when it was already closed."""
        with _LOCK:
            if self.state == "CLOSED":
                return False
            was_open = self.state == "OPEN"
            self.state, self.close_status, self.close_reason = "CLOSED", status, reason
            _OPEN.get(self.handle, {}).pop(self.connection_id, None)
        return was_open

    def _stage(self) -> _Stage:
        stage = self.ctx.store.get(("v2", "apis", self.api_id, "stages", self.stage_name)) or self.request.stage
        return _Stage(self.ctx, self.api_id, stage)

    def _route(self, text: str) -> None:
        stage = self._stage()
        route = select(stage.routes(), self.request.api.get("RouteSelectionExpression", ""), text)
        request_id = new_request_id()
        if route is None:
            self._deliver(json.dumps({"message": "Forbidden", "connectionId": self.connection_id,
                                      "requestId": request_id}))
            if stage.access:
                self.log_access(stage, events.build(self, "", "MESSAGE", request_id, body=text), 403, "Forbidden")
            return
        if route.get("ModelSelectionExpression") and self._refused(stage, route, text, request_id):
            return
        event = events.build(self, route["RouteKey"], "MESSAGE", request_id, body=text)
        two_way = stage.two_way(route)
        started = time.monotonic()
        try:
            answer = integrations.invoke(self, stage, route, event, two_way=two_way)
        except _FAILURES as failure:
            message = integrations.client_message(failure)
            self._deliver(json.dumps({"message": message, "connectionId": self.connection_id,
                                      "requestId": request_id}))
            if stage.access:
                self.log_access(stage, event, _failed_status(failure), message, _since(started), failure=failure,
                                route=route)
            self.record_failure(route["RouteKey"], failure, reraise=self.in_process)
            return
        if stage.access:
            self.log_access(stage, event, answer.status, None, _since(started), route=route)
        if self.state == "OPEN" and two_way and answer.body is not None:
            self._touch()
            self._deliver(answer.body)

    def _refused(self, stage: _Stage, route: dict[str, Any], text: str, request_id: str) -> bool:
        """Request validation (``validation``): a refused message gets AWS's frame, never the integration."""
        refusal = validation.check(self.ctx, self.api_id, stage.snapshot, route, text)
        if refusal is None:
            return False
        self._deliver(validation.refusal_frame(self.connection_id, request_id))
        logger.info("WebSocket route %s of connection %s refused the message: %s", route["RouteKey"],
                    self.connection_id, refusal.reason)
        if stage.access:
            event = events.build(self, route["RouteKey"], "MESSAGE", request_id, body=text)
            self.log_access(stage, event, 400, validation.MESSAGE, response_type=validation.RESPONSE_TYPE,
                            validation_error=refusal.validation)
        return True

    def _disconnect(self, status: int, reason: str) -> None:
        stage = self._stage()
        route = stage.route("$disconnect")
        if route is None:
            if stage.access:  # the event is logged though no route runs (guess)
                request_id = new_request_id()
                self.log_access(stage, events.build(self, "$disconnect", "DISCONNECT", request_id, status=status,
                                                    reason=reason), 200)
            return
        request_id = new_request_id()
        event = events.build(self, "$disconnect", "DISCONNECT", request_id, status=status, reason=reason)
        started = time.monotonic()
        try:
            answer = integrations.invoke(self, stage, route, event, two_way=False)
        except _FAILURES as failure:
            if stage.access:
                self.log_access(stage, event, _failed_status(failure), integrations.client_message(failure),
                                _since(started), failure=failure, route=route)
            self.record_failure("$disconnect", failure, reraise=False)  # AWS ignores $disconnect failures
            return
        if stage.access:
            self.log_access(stage, event, answer.status, None, _since(started), route=route)

    def log_access(self, stage: _Stage, event: dict[str, Any], status: int, message: str | None = None,
                   integration_ms: int | None = None, *, failure: BaseException | None = None,
                   route: dict[str, Any] | None = None, steps: dict[str, dict[str, Any]] | None = None,
                   response_type: str | None = None, validation_error: str | None = None) -> str | None:
        """Write the stage's access log line of one event (``access_logs.write``) and keep it in
        ``access_logs``: the event's ``requestContext`` (``WebSocket API logging variables``) with the
        key the client presented (``identity.apiKey``/``apiKeyId``), the status the event ended with,
        API Gateway's error message and its type, the integration's latency, status and failure
        (``_integration_values``: ``route``'s, ``failure`` the integration's) and the authorization
        steps' values (``steps``) and a refused message's ``error.validationErrorString``."""
        values: dict[str, Any] = dict(event.get("requestContext") or {})
        identity = dict(values.get("identity") or {})
        if self.api_key is not None:
            identity["apiKey"], identity["apiKeyId"] = self.api_key
        values["identity"] = identity
        values["status"] = status
        if message is not None:
            values["error"] = {"message": message, "messageString": json.dumps(message),
                               "responseType": response_type or _failure_type(failure)}
            if validation_error is not None:
                values["error"]["validationErrorString"] = validation_error
        if integration_ms is not None:
            values.update(_integration_values(stage, route, status, message, integration_ms, failure))
        if steps:
            _step_values(values, steps)
        epoch_ms = values.get("requestTimeEpoch")
        line = access_logs.write(stage.access, values, self.api_id, self.stage_name,
                                 epoch_ms if isinstance(epoch_ms, int) else int(time.time() * 1000))
        if line is not None:
            self.access_logs.append(line)
            if len(self.access_logs) > MAX_ACCESS_LOGS:
                del self.access_logs[0]
        return line

    def record_failure(self, route_key: str, failure: Exception, *, reraise: bool) -> None:
        """Keep the user code's exception for the test (``errors``, the ``gwmock`` logger, and
        ``raise_lambda_errors``), as the HTTP pipelines do with ``gw.requests``."""
        found = getattr(failure, "cause", None) or failure.__cause__
        if found is None and isinstance(failure, integrations.IntegrationError):
            logger.warning("WebSocket route %s of connection %s failed: %s", route_key, self.connection_id, failure)
            return  # API Gateway's own failure (a template, a mapping, a backend): no user code to keep
        cause = found if isinstance(found, Exception) else failure
        self.errors.append(cause)
        if len(self.errors) > MAX_ERRORS:  # each holds its traceback's frames (and the message they held)
            del self.errors[0]
        logger.warning("WebSocket route %s of connection %s failed: %r", route_key, self.connection_id, cause,
                       exc_info=cause)
        if reraise and getattr(self.handle, "raise_lambda_errors", False):
            raise cause


# --- opening ------------------------------------------------------------------------------------


def connect(handle: Any, url: str, headers: Mapping[str, str] | Iterable[tuple[str, str]] | None = None, *,
            source_ip: str | None = None, sink: Callable[[Frame], None] | None = None,
            closer: Callable[[int, str], None] | None = None) -> Connection:
    """Open a connection to a deployed WebSocket API stage, running its ``$connect`` route."""
    lines = _header_lines(headers)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    target = _target(handle, host, parts.path)
    if target is None:
        if hosts.endpoint_of(host) is not None:
            raise Rejected(403)  # a VPC endpoint's own DNS name serves private REST APIs only
        raise ValueError(f"not an execute-api or custom domain URL: {url}")
    account, region, api_id, stage_name = target
    ctx = Context("execute-api", "Invoke", account, region, handle.backend)
    api = ctx.store.get(("v2", "apis", api_id))
    if api is None or api.get("ProtocolType") != "WEBSOCKET":
        raise Rejected(403)
    stage = ctx.store.get(("v2", "apis", api_id, "stages", stage_name)) if stage_name else None
    if stage is None or not stage.get("DeploymentId"):
        raise Rejected(404)
    if hosts.is_execute_api(host) and _Stage(ctx, api_id, stage).endpoint_disabled(api):
        raise Rejected(403)  # custom domain names still serve the API
    parsed: dict[str, list[str]] = {}
    for name, value in lines:
        parsed.setdefault(name.lower(), []).append(value)
    request = V2Request(api=api, account=account, region=region, stage_name=stage_name, stage=stage,
                        method="GET", raw_path=f"/{stage_name}", path="/", query_string=parts.query,
                        query=parse_query(parts.query), headers=parsed, body=b"", route_key="$connect")
    domain = host if not hosts.is_execute_api(host) else request.domain_name
    conn = Connection(handle, ctx, request, lines, domain, source_ip or request.source_ip, sink, closer)
    stage_config = conn._stage()
    route = stage_config.route("$connect")
    outcome = _run_connect(conn, stage_config, route) if route is not None else _Outcome(200)
    line = None
    if stage_config.access:
        event = outcome.event or events.build(conn, "$connect", "CONNECT", new_request_id())
        line = conn.log_access(stage_config, event, outcome.status, outcome.message, outcome.integration_ms,
                               failure=outcome.cause, route=route, steps=outcome.steps,
                               response_type=outcome.response_type)
    if not 200 <= outcome.status < 300:
        raise Rejected(outcome.status, line) from outcome.cause
    with _LOCK:
        conn.state = "OPEN"
        _OPEN.setdefault(handle, {})[conn.connection_id] = conn
    return conn


def _header_lines(headers: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> list[tuple[str, str]]:
    items = headers.items() if isinstance(headers, Mapping) else (headers or [])
    out = []
    for name, value in items:
        name = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        value = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        out.append((name, value))
    return out


def _target(handle: Any, host: str, path: str) -> tuple[str, str, str, str] | None:
    """(account, region, api id, stage name) a connection URL names."""
    found = hosts.HOST.match(host)
    if found is not None:
        stage = unquote(path.strip("/").split("/")[0])
        account = handle.account or DEFAULT_ACCOUNT
        if handle.backend.get((account, found["region"], "v2", "apis", found["api"])) is None:
            # an API id is its region's: another account may own it (``runtime``'s docstring)
            account = hosts.api_owner(handle, found["region"], found["api"], account) or account
        return account, found["region"], found["api"], stage
    mapped = hosts.map_custom_domain(handle, host, path)
    if mapped is None:
        return None
    return mapped.account, mapped.region, mapped.api_id, mapped.stage or ""


class _Outcome:
    """How ``$connect`` ended: the handshake's ``status``, API Gateway's own error ``message`` (None
    when the integration answered), the integration's latency, the failure behind a refusal, the
    CONNECT event the integration got (None when none was built), the authorization steps' access log
    values (a stage that logs) and the refusal's ``error.responseType``."""

    __slots__ = ("cause", "event", "integration_ms", "message", "response_type", "status", "steps")

    def __init__(self, status: int, message: str | None = None, integration_ms: int | None = None,
                 cause: BaseException | None = None, event: dict[str, Any] | None = None,
                 steps: dict[str, dict[str, Any]] | None = None, *, response_type: str | None = None) -> None:
        self.status, self.message, self.integration_ms = status, message, integration_ms
        self.cause, self.event, self.steps, self.response_type = cause, event, steps, response_type


# API Gateway's own words for a refused handshake (guesses: REST's gateway response messages)
_REFUSALS = {401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests", 500: "Internal server error"}


def _run_connect(conn: Connection, stage: _Stage, route: dict[str, Any]) -> _Outcome:
    request = conn.request
    request.route = route
    kind = route.get("AuthorizationType") or "NONE"
    steps: dict[str, dict[str, Any]] | None = {} if stage.access else None  # the access log's step values
    if kind == "CUSTOM":
        record = stage.child("authorizers", str(route.get("AuthorizerId") or ""))
        status = _no_authorizer(steps) if record is None else authorizer.authorize(conn, record, steps)
        if status is not None:
            return _Outcome(status, _REFUSALS.get(status), steps=steps, response_type=_AUTHORIZER_REFUSALS.get(status))
    elif kind == "AWS_IAM":
        started = time.monotonic()
        denied = http_auth.authorize(conn.handle, request, lambda _: None)
        if steps is not None:
            _authenticated(steps, started, denied)
        if denied is not None:
            return _Outcome(denied.status, _REFUSALS.get(denied.status), steps=steps)
    refused = api_keys.check(conn, route)
    if refused is not None:
        return _Outcome(refused, _REFUSALS.get(refused), steps=steps)
    event = events.build(conn, "$connect", "CONNECT", new_request_id())
    started = time.monotonic()
    try:
        answer = integrations.invoke(conn, stage, route, event, two_way=False)
    except _FAILURES as failure:
        conn.record_failure("$connect", failure, reraise=conn.in_process)
        return _Outcome(integrations.connect_status(failure), integrations.client_message(failure),
                        _since(started), failure, event, steps)
    return _Outcome(answer.status, None, _since(started), None, event, steps)


# ``error.responseType`` of an authorizer's refusal (guess: REST's gateway response types for the same)
_AUTHORIZER_REFUSALS = {401: "UNAUTHORIZED", 403: "ACCESS_DENIED", 500: "AUTHORIZER_CONFIGURATION_ERROR"}


def _no_authorizer(steps: dict[str, dict[str, Any]] | None) -> int:
    """The 500 of a route naming an authorizer its deployment lacks (the authorizer step, failed)."""
    if steps is not None:
        steps["authorizer"] = {"status": 500, "latency": 0}
    return 500


def _authenticated(steps: dict[str, dict[str, Any]], started: float, denied: Any) -> None:
    """IAM's ``authenticate`` step (SigV4), and ``authorize`` (IAM's evaluation of the signer's policies,
    which gwmock does not make: allowed), as REST's (``rest.authorizers``)."""
    if denied is not None:
        steps["authenticate"] = {"status": denied.status, "latency": _since(started), "error": _message_of(denied)}
        return
    steps["authenticate"] = {"status": 200, "latency": _since(started)}
    steps["authorize"] = {"status": 200, "latency": 0}


def _message_of(answer: Any) -> str | None:
    """The ``message`` of API Gateway's own JSON answer (``http.request.error``: gwmock's, not a client's)."""
    try:
        found = json.loads(answer.body)
    except ValueError:
        return None
    message = found.get("message") if isinstance(found, dict) else None
    return message if isinstance(message, str) else None


def _since(started: float) -> int:
    """Milliseconds since ``started`` (``time.monotonic``), never below 0: code under test may move
    freezegun's clock (its ``monotonic`` too) back during a call."""
    return max(int((time.monotonic() - started) * 1000), 0)


def _failed_status(failure: Exception) -> int:
    """The status an event whose integration failed is logged with: 504 for a timeout, else what a
    failed ``$connect`` answers (guess)."""
    if isinstance(failure, (http_lambdas.LambdaTimeout, integrations.TimedOut)):
        return 504
    return integrations.connect_status(failure)


# --- access log values ---------------------------------------------------------------------------


def _failure_type(failure: BaseException | None) -> str | None:
    """``error.responseType`` of a failed integration (guess: REST's gateway response types)."""
    if failure is None:
        return None
    timed_out = isinstance(failure, (http_lambdas.LambdaTimeout, integrations.TimedOut))
    return "INTEGRATION_TIMEOUT" if timed_out else "INTEGRATION_FAILURE"


def _integration_values(stage: _Stage, route: dict[str, Any] | None, status: int, message: str | None,
                        latency: int, failure: BaseException | None) -> dict[str, Any]:
    """``integration*`` of an event whose integration ran: its latency, its status (the answer's),
    Lambda's own 200 for a Lambda function that ran (``integrationStatus``: "the status code returned
    from AWS Lambda, not from the backend Lambda function code"; guess: an exception counts, a timeout or
    a missing function not) and gwmock's reason for a failure (``integration.error``, guess: as HTTP's)."""
    service = None
    if route is not None and _calls_lambda(stage, route) and not isinstance(
            failure, (http_lambdas.LambdaTimeout, integrations.TimedOut)):
        ran = failure is None or getattr(failure, "cause", None) is not None
        service = 200 if ran else None
    error = str(failure) if failure is not None else None
    return {"integrationLatency": latency, "integrationStatus": service, "integrationErrorMessage": error,
            "integration": {"latency": latency, "status": status if message is None else None,
                            "integrationStatus": service, "error": error}}


def _calls_lambda(stage: _Stage, route: dict[str, Any]) -> bool:
    """Whether ``route``'s integration calls a Lambda function (``AWS_PROXY``, or ``AWS`` with a function's URI)."""
    integration = stage.child("integrations", str(route.get("Target") or "").removeprefix("integrations/")) or {}
    kind = integration.get("IntegrationType")
    if kind == "AWS_PROXY":
        return True
    return kind == "AWS" and ":lambda:path/" in str(integration.get("IntegrationUri") or "")


def _step_values(values: dict[str, Any], steps: dict[str, dict[str, Any]]) -> None:
    """The authorization steps' values (``authenticate``, ``authorize``, ``authorizer``: beside the
    authorizer's own context, whose keys of the same names they take the place of, as REST's)."""
    for phase in ("authenticate", "authorize"):
        if phase in steps:
            values[phase] = steps[phase]
    found = steps.get("authorizer")
    if found is not None:
        own = values.get("authorizer")
        values["authorizer"] = {**(own if isinstance(own, dict) else {}), **found}


# --- the registry -------------------------------------------------------------------------------


def find(handle: Any, connection_id: str) -> Connection | None:
    """The open connection with this id on this mock, else None (one past its time is closed first)."""
    with _LOCK:
        conn = _OPEN.get(handle, {}).get(connection_id)
    if conn is not None and conn.expire_if_due():
        return None
    return conn


def open_connections(handle: Any) -> list[Connection]:
    with _LOCK:
        return list(_OPEN.get(handle, {}).values())


def post_to_connection(handle: Any, connection_id: str, data: str | bytes) -> None:
    """Push ``data`` to a connected client, as PostToConnection does; raises ``Gone``."""
    conn = find(handle, connection_id)
    if conn is None:
        raise Gone(connection_id)
    conn.post(data.encode() if isinstance(data, str) else data)
