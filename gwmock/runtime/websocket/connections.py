"""WebSocket APIs (v2, ProtocolType WEBSOCKET) driven from tests, without a socket.

API::

    from gwmock.runtime.websocket.connections import connect, post_to_connection

    conn = connect(gw, "wss://{api}.execute-api.{region}.amazonaws.com/{stage}",
                   headers={"x-token": "t"})         # runs $connect; raises Rejected(status)
    replies = conn.send('{"action": "hello"}')      # runs the selected route; returns what the
                                                    # client got back for this message
    conn.received                                   # every message the client got, in order
    post_to_connection(gw, conn.connection_id, "x")  # @connections PostToConnection; Gone if closed
    conn.close()                                    # runs $disconnect (status 1000)

``gw`` is the mock handle (``gw = mock_apigateway().start()`` or the ``gwmock``
fixture); ``gw.websocket(url, headers)`` is the same as ``connect(gw, url, headers)``.

Behaviour (AWS's "Working with WebSocket APIs" pages; marked guesses otherwise):

* The URL names a deployed stage (404 ``Rejected`` otherwise, guess: the handshake
  fails with that status).
* ``$connect``: authorization (``AWS_IAM`` and REQUEST Lambda authorizers, payload
  1.0 with an IAM policy; identity sources ``route.request.header.``,
  ``route.request.querystring.``, ``stageVariables.``, ``context.``; ``methodArn``
  ``.../<stage>/$connect``), then its integration; a Lambda answer with a
  ``statusCode`` outside 2xx, a function error (500) or a denial (401/403) rejects the
  connection. No ``$connect`` route: accepted.
* Messages: the route selection expression (``$request.body.<path>``) is evaluated
  on the JSON body; no key or no such route selects ``$default``; no ``$default``
  sends the client ``{"message": "Forbidden", "connectionId": ..., "requestId": ...}``
  (AWS's answer). A function error sends ``{"message": "Internal server error",
  ...}``. The Lambda's answer (its ``body`` when it is a dict with one, else its
  JSON) goes back to the client only for two-way routes (a
  ``RouteResponseSelectionExpression``).
* Events (Lambda proxy, AWS_PROXY only; other integration types answer as a function
  error, a limitation): ``requestContext`` with ``routeKey``, ``eventType``
  (CONNECT/MESSAGE/DISCONNECT), ``connectionId``, ``connectedAt``, ``messageId``
  (messages), ``messageDirection: IN``, ``requestId``, ``extendedRequestId``,
  ``requestTime(Epoch)``, ``stage``, ``domainName``, ``apiId``, ``identity``
  (``sourceIp``, ``userAgent``) and ``authorizer`` (when one ran); ``headers`` and
  ``multiValueHeaders`` (and query strings) on ``$connect``/``$disconnect``;
  ``body`` on messages; ``isBase64Encoded`` false.
* Stages serve the live routes (see ``http_api``).
"""

from __future__ import annotations

import json
import time
import weakref
from typing import Any
from urllib.parse import urlsplit

from gwmock.context import Context
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.hosts import HOST
from gwmock.runtime.http import auth as http_auth
from gwmock.runtime.http import integration as http_integration
from gwmock.runtime.http import lambdas as http_lambdas
from gwmock.runtime.http.request import V2Request, new_request_id, parse_headers, parse_query

_OPEN: weakref.WeakKeyDictionary[Any, dict[str, Connection]] = weakref.WeakKeyDictionary()
_SOURCES = (("route.request.header.", "$request.header."), ("route.request.querystring.", "$request.querystring."),
            ("stageVariables.", "$stageVariables."), ("context.", "$context."))


class Rejected(Exception):
    """The handshake failed: ``status`` is what the client saw."""

    def __init__(self, status: int) -> None:
        super().__init__(f"WebSocket connection rejected with HTTP {status}")
        self.status = status


class Connection:
    def __init__(self, handle: Any, ctx: Context, request: V2Request) -> None:
        self.handle, self.ctx, self.request = handle, ctx, request
        self.connection_id = new_request_id()
        self.connected_at = int(time.time() * 1000)
        self.received: list[str] = []
        self.closed = False

    # --- the client's verbs ---------------------------------------------------------------

    def send(self, message: str | bytes) -> list[str]:
        if self.closed:
            raise RuntimeError("connection closed")
        text = message.decode() if isinstance(message, bytes) else message
        before = len(self.received)
        with self.handle.backend.unit_of_work():
            route = _select(self._routes(), self.request.api.get("RouteSelectionExpression", ""), text)
            request_id = new_request_id()
            if route is None:
                self._push({"message": "Forbidden", "connectionId": self.connection_id, "requestId": request_id})
                return self.received[before:]
            event = self._event(route["RouteKey"], "MESSAGE", request_id, body=text)
            try:
                answer = json.loads(self._invoke(route, event, request_id))
            except (http_lambdas.LambdaFailure, http_lambdas.LambdaTimeout):
                self._push({"message": "Internal server error", "connectionId": self.connection_id,
                            "requestId": request_id})
                return self.received[before:]
        if route.get("RouteResponseSelectionExpression"):
            body = answer.get("body") if isinstance(answer, dict) and "body" in answer else answer
            if body is not None:
                self.received.append(body if isinstance(body, str) else json.dumps(body))
        return self.received[before:]

    def close(self, status: int = 1000, reason: str = "") -> None:
        if self.closed:
            return
        self.closed = True
        _OPEN.get(self.handle, {}).pop(self.connection_id, None)
        with self.handle.backend.unit_of_work():
            route = next((r for r in self._routes() if r.get("RouteKey") == "$disconnect"), None)
            if route is None:
                return
            request_id = new_request_id()
            event = self._event("$disconnect", "DISCONNECT", request_id,
                                extra={"disconnectStatusCode": status, "disconnectReason": reason})
            try:
                self._invoke(route, event, request_id)
            except (http_lambdas.LambdaFailure, http_lambdas.LambdaTimeout):
                pass  # AWS ignores $disconnect failures

    # --- internals ------------------------------------------------------------------------

    def _push(self, message: Any) -> None:
        self.received.append(message if isinstance(message, str) else json.dumps(message))

    def _routes(self) -> list[dict[str, Any]]:
        return self.ctx.store.values(("v2", "apis", self.request.api_id, "routes"))

    def _invoke(self, route: dict[str, Any], event: dict[str, Any], request_id: str) -> str:
        target = route.get("Target") or ""
        integration = self.ctx.store.get(("v2", "apis", self.request.api_id, "integrations",
                                          target.removeprefix("integrations/"))) if target else None
        if integration is None or integration.get("IntegrationType") != "AWS_PROXY":
            raise http_lambdas.LambdaFailure("no Lambda proxy integration")
        uri = http_integration.stage_variables_in(integration.get("IntegrationUri", ""), self.request)
        return http_lambdas.invoke(self.handle.lambdas, uri, event, request_id,
                                int(integration.get("TimeoutInMillis") or 29000))

    def _event(self, route_key: str, kind: str, request_id: str, body: str | None = None,
               extra: dict[str, Any] | None = None) -> dict[str, Any]:
        now = int(time.time() * 1000)
        self.request.epoch_ms = now
        context: dict[str, Any] = {
            "routeKey": route_key, "eventType": kind, "extendedRequestId": request_id,
            "requestTime": self.request.time_text, "messageDirection": "IN", "stage": self.request.stage_name,
            "connectedAt": self.connected_at, "requestTimeEpoch": now,
            "identity": {"sourceIp": self.request.source_ip, "userAgent": self.request.user_agent},
            "requestId": request_id, "domainName": self.request.domain_name, "connectionId": self.connection_id,
            "apiId": self.request.api_id, **(extra or {}),
        }
        if kind == "MESSAGE":
            context["messageId"] = new_request_id()
        if self.request.authorizer and "lambda" in self.request.authorizer:
            context["authorizer"] = {**(self.request.authorizer["lambda"] or {}),
                                     "principalId": self.request.authorizer.get("principalId")}
        event: dict[str, Any] = {}
        if kind != "MESSAGE":
            event["headers"] = {k: v[-1] for k, v in self.request.headers.items()}
            event["multiValueHeaders"] = {k: list(v) for k, v in self.request.headers.items()}
        if kind == "CONNECT" and self.request.query:
            event["queryStringParameters"] = {k: v[-1] for k, v in self.request.query.items()}
            event["multiValueQueryStringParameters"] = {k: list(v) for k, v in self.request.query.items()}
        event["requestContext"] = context
        if body is not None:
            event["body"] = body
        event["isBase64Encoded"] = False
        return event


def _select(routes: list[dict[str, Any]], expression: str, body: str) -> dict[str, Any] | None:
    by_key = {r.get("RouteKey"): r for r in routes}
    expression = expression.strip()
    if expression.startswith("${") and expression.endswith("}"):
        expression = "$" + expression[2:-1]
    key = None
    if expression.startswith("$request.body."):
        try:
            node: Any = json.loads(body)
            for part in expression[len("$request.body."):].split("."):
                node = node[part] if isinstance(node, dict) else None
            key = node if isinstance(node, str) else None
        except ValueError:
            key = None
    if key is not None and key in by_key and not key.startswith("$"):
        return by_key[key]
    return by_key.get("$default")


def connect(handle: Any, url: str, headers: dict[str, str] | None = None) -> Connection:
    """Open a connection to a deployed WebSocket API stage, running its ``$connect`` route."""
    parts = urlsplit(url)
    found = HOST.match((parts.hostname or "").lower())
    if found is None:
        raise ValueError(f"not an execute-api URL: {url}")
    ctx = Context("execute-api", "Invoke", handle.account or DEFAULT_ACCOUNT, found["region"], handle.backend)
    with handle.backend.unit_of_work():
        api = ctx.store.get(("v2", "apis", found["api"]))
        if api is None or api.get("ProtocolType") != "WEBSOCKET":
            raise Rejected(403)
        stage_name = parts.path.strip("/").split("/")[0]
        stage = ctx.store.get(("v2", "apis", found["api"], "stages", stage_name)) if stage_name else None
        if stage is None or not stage.get("DeploymentId"):
            raise Rejected(404)
        request = V2Request(api=api, account=ctx.account, region=ctx.region, stage_name=stage_name, stage=stage,
                            method="GET", raw_path=f"/{stage_name}", path="/", query_string=parts.query,
                            query=parse_query(parts.query), headers=parse_headers(headers or {}), body=b"",
                            route_key="$connect")
        conn = Connection(handle, ctx, request)
        route = next((r for r in conn._routes() if r.get("RouteKey") == "$connect"), None)
        if route is not None:
            _run_connect(conn, route)
    _OPEN.setdefault(handle, {})[conn.connection_id] = conn
    return conn


def _run_connect(conn: Connection, route: dict[str, Any]) -> None:
    request = conn.request
    request.route = route
    if route.get("AuthorizationType") == "CUSTOM":
        authorizer = conn.ctx.store.get(("v2", "apis", request.api_id, "authorizers", route.get("AuthorizerId", "")))
        if authorizer is not None:
            sources = []
            for source in authorizer.get("IdentitySource") or []:
                for ws, http in _SOURCES:
                    source = http + source[len(ws):] if source.startswith(ws) else source
                sources.append(source)
            authorizer = {**authorizer, "IdentitySource": sources, "AuthorizerPayloadFormatVersion": "1.0"}
        denied = http_auth.authorize(conn.handle, request, lambda _: authorizer)
    else:
        denied = http_auth.authorize(conn.handle, request, lambda _: None)
    if denied is not None:
        raise Rejected(denied.status)
    request_id = new_request_id()
    try:
        answer = json.loads(conn._invoke(route, conn._event("$connect", "CONNECT", request_id), request_id))
    except (http_lambdas.LambdaFailure, http_lambdas.LambdaTimeout):
        raise Rejected(500) from None
    status = answer.get("statusCode") if isinstance(answer, dict) else None
    if isinstance(status, int) and not 200 <= status < 300:
        raise Rejected(status)


class Gone(Exception):
    """PostToConnection to a connection that is not open (AWS: 410 GoneException)."""


def post_to_connection(handle: Any, connection_id: str, data: str | bytes) -> None:
    """Push ``data`` to a connected client (``@connections`` PostToConnection)."""
    conn = _OPEN.get(handle, {}).get(connection_id)
    if conn is None or conn.closed:
        raise Gone(connection_id)
    conn.received.append(data.decode() if isinstance(data, bytes) else data)
