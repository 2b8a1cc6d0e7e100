"""The Lambda proxy events of WebSocket APIs: CONNECT, MESSAGE and DISCONNECT.

Shapes follow AWS's "Working with WebSocket APIs" pages and the events Lambda
libraries model (aws-lambda-powertools' ``APIGatewayWebSocket*EventModel`` parses
every event built here, tests/websocket/test_events.py):

* ``requestContext``: ``routeKey``, ``eventType``, ``extendedRequestId``,
  ``requestTime``, ``messageDirection: IN``, ``stage``, ``connectedAt`` (ms),
  ``requestTimeEpoch``, ``identity`` (``sourceIp``, and ``userAgent`` when the client sent
  one), ``requestId``,
  ``domainName``, ``connectionId``, ``apiId``; ``messageId`` on messages only;
  ``disconnectStatusCode``/``disconnectReason`` on DISCONNECT; ``authorizer``
  (the ``$connect`` authorizer's context and ``principalId``) on every event after
  that authorizer ran, as AWS passes it along the connection.
* CONNECT carries the handshake's ``headers``/``multiValueHeaders`` with the names
  as the client wrote them, plus what API Gateway adds when absent (``Sec-WebSocket-Key``,
  ``Sec-WebSocket-Version``, ``X-Amzn-Trace-Id``, ``X-Forwarded-For``, ``X-Forwarded-Port``,
  ``X-Forwarded-Proto``), ``Host`` always the connection's domain name, and the query
  string (``queryStringParameters``/``multiValueQueryStringParameters``, left out
  when empty). The handshake's ``Connection`` and ``Upgrade`` are not passed to the
  ``$connect`` function: events captured from AWS show none (serverless-offline#753's
  "In aws apigateway environment" event, aws-lambda-typing#65's connect event, the
  ``multiValueHeaders`` of aws-lambda-go's ``apigw-websocket-request.json``).
* The ``$connect`` Lambda authorizer's event (``authorizer_headers``) has those headers plus
  ``"Connection": "upgrade"``, ``"content-length": "0"`` and ``"Upgrade": "websocket"``, in
  that spelling whatever the client sent: AWS's "Control access to WebSocket APIs with AWS
  Lambda REQUEST authorizers" example input and the AWS event in localstack#7191 both have them.
* Header names are in case-insensitive alphabetical order, as in every one of those AWS
  events. ``sec-websocket-*`` names written in lower case (server mode: the ASGI server
  lowercases every name) are spelled as AWS's events spell them (``Sec-WebSocket-Key``,
  ``-Version``, ``-Extensions``, ``-Protocol``); other names keep the spelling they arrive in
  (guess).
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

_GATEWAY_HEADERS = ("Sec-WebSocket-Key", "Sec-WebSocket-Version", "X-Amzn-Trace-Id", "X-Forwarded-For",
                    "X-Forwarded-Port", "X-Forwarded-Proto")
_SPELLING = {name.lower(): name for name in ("Sec-WebSocket-Key", "Sec-WebSocket-Version",
                                             "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol")}
_HOP = ("connection", "upgrade", "host")  # the handshake's own; Host is the domain name (added below)
_AUTHORIZER_ONLY = (("Connection", "upgrade"), ("content-length", "0"), ("Upgrade", "websocket"))


def handshake_headers(headers: list[tuple[str, str]], domain: str, source_ip: str) -> list[tuple[str, str]]:
    """The handshake's header lines as a $connect integration sees them (client's spelling kept)."""
    present = {name.lower() for name, _ in headers}
    added = {
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        "Sec-WebSocket-Version": "13",
        "X-Amzn-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}",
        "X-Forwarded-For": source_ip,
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    out = [(_SPELLING.get(name, name), value) for name, value in headers if name.lower() not in _HOP]
    out.append(("Host", domain))
    out.extend((name, added[name]) for name in _GATEWAY_HEADERS if name.lower() not in present)
    return sorted(out, key=_order)


def authorizer_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``$connect`` authorizer's header lines: ``handshake_headers`` and the upgrade's own."""
    return sorted([*headers, *_AUTHORIZER_ONLY], key=_order)


def header_fields(lines: list[tuple[str, str]]) -> dict[str, Any]:
    """An event's ``headers`` (the last value of a name) and ``multiValueHeaders``."""
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    for name, value in lines:
        single[name] = value
        multi.setdefault(name, []).append(value)
    return {"headers": single, "multiValueHeaders": multi}


def _order(line: tuple[str, str]) -> str:
    return line[0].lower()


def request_time(epoch_ms: int) -> str:
    return datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000")



def identity(conn: Any) -> dict[str, Any]:
    """``requestContext.identity``: ``userAgent`` only when the client sent one (AWS's CONNECT,
    MESSAGE and DISCONNECT events of a client without one list ``sourceIp`` alone:
    aws-lambda-powertools' apiGatewayWebSocketApi*.json, captured in 2024)."""
    if conn.user_agent:
        return {"sourceIp": conn.source_ip, "userAgent": conn.user_agent}
    return {"sourceIp": conn.source_ip}


# $connect's identity fields of an IAM-authorized call, from the route authorizer's ``iam`` record
_IAM_IDENTITY = (("accessKey", "accessKey"), ("accountId", "accountId"), ("caller", "callerId"),
                 ("user", "userId"), ("userArn", "userArn"))


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
        "identity": identity(conn),
        "requestId": request_id, "domainName": conn.domain_name, "connectionId": conn.connection_id,
        "apiId": conn.api_id,
    })
    authorizer = conn.request.authorizer
    if authorizer and "lambda" in authorizer:
        context["authorizer"] = {**(authorizer["lambda"] or {}), "principalId": authorizer.get("principalId")}
    elif authorizer and "iam" in authorizer:
        iam = authorizer["iam"]  # the signer, named as $context.identity names it (caller, user, userArn)
        context["identity"].update({name: iam[key] for name, key in _IAM_IDENTITY if key in iam})
    event: dict[str, Any] = {}
    if kind == "CONNECT":
        event.update(header_fields(conn.headers))
        if conn.request.query:
            event["queryStringParameters"] = {k: v[-1] for k, v in conn.request.query.items()}
            event["multiValueQueryStringParameters"] = {k: list(v) for k, v in conn.request.query.items()}
    elif kind == "DISCONNECT":
        event.update(header_fields([("Host", conn.domain_name), ("x-api-key", ""), ("X-Forwarded-For", ""),
                                    ("x-restapi", "")]))
    event["requestContext"] = context
    if body is not None:
        event["body"] = body
    event["isBase64Encoded"] = False
    return event
