"""The Lambda proxy events of WebSocket APIs: CONNECT, MESSAGE and DISCONNECT.

Shapes follow AWS's "Working with WebSocket APIs" pages and the events Lambda
libraries model (aws-lambda-powertools' ``APIGatewayWebSocket*EventModel`` parses
every event built here, tests/websocket/test_events.py):

* ``requestContext``: ``routeKey``, ``eventType``, ``extendedRequestId``,
  ``requestTime``, ``messageDirection: IN``, ``stage``, ``connectedAt`` (ms),
  ``requestTimeEpoch``, ``identity`` (``sourceIp``, ``userAgent``), ``requestId``,
  ``domainName``, ``connectionId``, ``apiId``; ``messageId`` on messages only;
  ``disconnectStatusCode``/``disconnectReason`` on DISCONNECT; ``authorizer``
  (the ``$connect`` authorizer's context and ``principalId``) on every event after
  that authorizer ran, as AWS passes it along the connection.
* CONNECT carries the handshake's ``headers``/``multiValueHeaders`` with the names
  as the client wrote them, plus what API Gateway adds when absent (``Host``,
  ``Sec-WebSocket-Key``, ``Sec-WebSocket-Version``, ``X-Amzn-Trace-Id``,
  ``X-Forwarded-For``, ``X-Forwarded-Port``, ``X-Forwarded-Proto``) and the query
  string (``queryStringParameters``/``multiValueQueryStringParameters``, left out
  when empty).
* DISCONNECT carries ``headers`` ``{Host, x-api-key: "", X-Forwarded-For: "",
  x-restapi: ""}`` (guess, after events users have posted from AWS).
* MESSAGE carries ``body`` (the text frame); every event has ``isBase64Encoded: false``.
"""

from __future__ import annotations

import base64
import os
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from gwmock.runtime.http.request import new_request_id

_GATEWAY_HEADERS = ("Host", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "X-Amzn-Trace-Id", "X-Forwarded-For",
                    "X-Forwarded-Port", "X-Forwarded-Proto")


def handshake_headers(headers: list[tuple[str, str]], domain: str, source_ip: str) -> list[tuple[str, str]]:
    """The handshake's header lines as a $connect integration sees them (client's spelling kept)."""
    present = {name.lower() for name, _ in headers}
    added = {
        "Host": domain,
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        "Sec-WebSocket-Version": "13",
        "X-Amzn-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}",
        "X-Forwarded-For": source_ip,
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    out = [(name, value) for name, value in headers if name.lower() not in ("connection", "upgrade")]
    out.extend((name, added[name]) for name in _GATEWAY_HEADERS if name.lower() not in present)
    return out


def request_time(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")


def build(conn: Any, route_key: str, kind: str, request_id: str, *, body: str | None = None,
          status: int | None = None, reason: str = "") -> dict[str, Any]:
    """The event of one CONNECT/MESSAGE/DISCONNECT for ``conn`` (a ``connections.Connection``)."""
    now = int(time.time() * 1000)
    context: dict[str, Any] = {"routeKey": route_key}
    if kind == "MESSAGE":
        context["messageId"] = new_request_id()
    if kind == "DISCONNECT":
        context["disconnectStatusCode"] = status
        context["disconnectReason"] = reason
    context.update({
        "eventType": kind, "extendedRequestId": request_id, "requestTime": request_time(now),
        "messageDirection": "IN", "stage": conn.stage_name, "connectedAt": conn.connected_at,
        "requestTimeEpoch": now,
        "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent},
        "requestId": request_id, "domainName": conn.domain_name, "connectionId": conn.connection_id,
        "apiId": conn.api_id,
    })
    authorizer = conn.request.authorizer
    if authorizer and "lambda" in authorizer:
        context["authorizer"] = {**(authorizer["lambda"] or {}), "principalId": authorizer.get("principalId")}
    elif authorizer and "iam" in authorizer:
        context["identity"].update({k: v for k, v in authorizer["iam"].items() if k in ("accessKey", "accountId")})
    event: dict[str, Any] = {}
    if kind == "CONNECT":
        _headers_into(event, conn.headers)
        if conn.request.query:
            event["queryStringParameters"] = {k: v[-1] for k, v in conn.request.query.items()}
            event["multiValueQueryStringParameters"] = {k: list(v) for k, v in conn.request.query.items()}
    elif kind == "DISCONNECT":
        _headers_into(event, [("Host", conn.domain_name), ("x-api-key", ""), ("X-Forwarded-For", ""),
                              ("x-restapi", "")])
    event["requestContext"] = context
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = False
    return event


def _headers_into(event: dict[str, Any], lines: list[tuple[str, str]]) -> None:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in lines:
        single[name] = value
        multi.setdefault(name, []).append(value)
    event["headers"] = single
    event["multiValueHeaders"] = multi
