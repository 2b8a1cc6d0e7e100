"""The ``@connections`` management API of WebSocket APIs (botocore's ``apigatewaymanagementapi``).

Requests reach ``serve`` from ``gwmock.runtime.call`` for
``{POST,GET,DELETE} https://{api}.execute-api.{region}.amazonaws.com/{stage}/@connections/{id}``
or ``https://{custom-domain}/{base-path}/@connections/{id}``, whichever client sent them
(boto3, aiobotocore, requests), from test code or from inside a Lambda handler that the
API is running.

Wire form, as botocore's model (``apigatewaymanagementapi`` 2018-11-29) reads it:

* PostToConnection ``POST``: the raw body is the frame; 200 with an empty body.
  Data over 128 KB: 413 ``PayloadTooLargeException`` ``{"message": "Message too long"}``
  (AWS quota; the message is a guess).
* GetConnection ``GET``: 200 ``{"connectedAt", "lastActiveAt"}`` as ISO 8601 with
  milliseconds (AWS CLI reference example) and ``identity`` ``{"sourceIp", "userAgent"}``.
* DeleteConnection ``DELETE``: 204, the client is closed and ``$disconnect`` runs.
* A connection that is closed, unknown, or of another API or stage: 410 with
  ``x-amzn-ErrorType: GoneException`` and an empty body (AWS sends no JSON body:
  SDKs report "Unable to parse error information" and a ``null`` message).
* Unsigned requests (no SigV4 ``Authorization`` header nor ``X-Amz-Signature``
  query parameter), other methods, and stages that do not exist: 403
  ``ForbiddenException`` ``{"message": "Forbidden"}`` (guess for the body). The
  signature itself is not checked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from gwmock.context import Context
from gwmock.runtime.http.request import new_request_id
from gwmock.runtime.response import Response, http_date
from gwmock.runtime.websocket import connections

MARKER = "@connections"


def serve(handle: Any, ctx: Context, api: dict[str, Any], stage_name: str, method: str, connection_id: str,
          query: str, headers: Mapping[str, str | list[str]], body: bytes) -> Response:
    """Answer one management API request in the wire form botocore parses."""
    request_id = new_request_id()
    if not _signed(headers, query) or method not in ("POST", "GET", "DELETE"):
        return _error(403, "ForbiddenException", request_id, "Forbidden")
    if ctx.store.get(("v2", "apis", str(api["ApiId"]), "stages", stage_name)) is None:
        return _error(403, "ForbiddenException", request_id, "Forbidden")
    conn = connections.find(handle, connection_id)
    if conn is None or conn.api_id != api["ApiId"] or conn.stage_name != stage_name:
        return _error(410, "GoneException", request_id)
    try:
        if method == "POST":
            if len(body) > connections.MAX_MESSAGE:
                return _error(413, "PayloadTooLargeException", request_id, "Message too long")
            conn.post(body)
            return _answer(200, request_id, b"")
        if method == "GET":
            if conn.state != "OPEN":
                raise connections.Gone(connection_id)
            document = {"connectedAt": _iso(conn.connected_at),
                        "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent},
                        "lastActiveAt": _iso(conn.last_active_at)}
            return _answer(200, request_id, json.dumps(document).encode())
        conn.delete()
        return _answer(204, request_id, b"")
    except connections.Gone:
        return _error(410, "GoneException", request_id)


def _signed(headers: Mapping[str, str | list[str]], query: str) -> bool:
    for name, value in headers.items():
        name = name.decode("latin-1") if isinstance(name, bytes) else name
        if name.lower() == "authorization":
            value = value[-1] if isinstance(value, list) else value
            text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
            return text.strip().startswith("AWS4-HMAC-SHA256 ")
    return "X-Amz-Signature=" in query


def _iso(epoch_ms: int) -> str:
    moment = datetime.fromtimestamp(epoch_ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{epoch_ms % 1000:03d}Z"


def _answer(status: int, request_id: str, body: bytes) -> Response:
    # Content-Length and Date as every other answer of the data plane has them: every client then sees
    # the same headers (httpx adds a Content-Length of its own where there is none)
    return Response(status, {"Content-Type": "application/json", "Content-Length": str(len(body)),
                             "Date": http_date(), "x-amzn-RequestId": request_id}, body)


def _error(status: int, code: str, request_id: str, message: str | None = None) -> Response:
    body = json.dumps({"message": message}).encode() if message is not None else b""
    headers = {"Content-Type": "application/json", "Content-Length": str(len(body)), "Date": http_date(),
               "x-amzn-RequestId": request_id, "x-amzn-ErrorType": code}
    return Response(status, headers, body)
