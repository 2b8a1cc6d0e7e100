"""API keys on a WebSocket API's ``$connect`` route (``ApiKeyRequired``).

AWS checks them when a client connects: "API Key Required: You can optionally require an API key
for an API's $connect route" ("Specify route request settings for $connect"); the ``$connect``
route "protects the other routes, because it is called on every connection", so the flag on
another route is not checked (guess). The key is the one the API's ``ApiKeySelectionExpression``
names ("WebSocket selection expressions": "Currently the only two supported values are
``$request.header.x-api-key`` and ``$context.authorizer.usageIdentifierKey``"): the handshake's
``x-api-key`` header, or the ``usageIdentifierKey`` the ``$connect`` Lambda authorizer returned
(authorization runs first). It must be an enabled v1 API key of a usage plan whose ``apiStages``
list this API's stage, looked up as REST APIs do (``gwmock.apigateway.lookups``: indexed, never a
scan); then ``$context.identity.apiKey``/``apiKeyId`` reach mapping templates.

The key's usage plan then applies its throttling and quota to the connection (``runtime.usage``,
the mechanism REST methods use: one bucket and one quota per plan and key): "You can configure
throttling and quotas for your APIs ... Clients may receive 429 Too Many Requests" ("Protect your
WebSocket APIs in API Gateway"), and CDK's WebSocket ``UsagePlan`` takes a ``throttle`` and a
``quota`` of "requests clients can make". A connection that passes counts one request, seen in
GetUsage; a throttled one or one past the quota is rejected with 429 and not counted.

Guesses: a missing, unknown, disabled or unplanned key rejects the handshake with 403 (REST's
status for an invalid key); the quota's 429 is REST's status for QUOTA_EXCEEDED; a plan's
per-stage throttle for the connection is keyed ``$connect`` (the route key standing for REST's
``/path/METHOD``). Messages are neither throttled by the plan nor counted: they carry no API key,
and per-client limits on messages are what users find missing (re:Post "How can API Gateway
WebSockets be throttled per user": the limits on messages "are global for the API and not imposed
per user"; AWS's APN blog on Pegasystems' WebSocket rate limiting controls per-tenant message rates
in a Lambda authorizer instead of a usage plan).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gwmock.apigateway.lookups import api_key_by_value
from gwmock.runtime import usage

if TYPE_CHECKING:
    from gwmock.runtime.websocket.connections import Connection

HEADER = "$request.header.x-api-key"
AUTHORIZER = "$context.authorizer.usageIdentifierKey"


def check(conn: Connection, route: dict[str, Any]) -> int | None:
    """None when ``conn`` may connect through ``route`` (its ``api_key`` then set, the connection
    counted), else 403 (no usable key) or 429 (throttled, or the quota spent)."""
    if not route.get("ApiKeyRequired") or route.get("RouteKey") != "$connect":
        return None
    value = _presented(conn)
    if not value:
        return 403
    store = conn.ctx.store
    key = api_key_by_value(store, value)
    if key is None or not key.get("enabled", True):
        return 403
    plan = usage.plan_of_key(store, conn.api_id, conn.stage_name, str(key["id"]))
    if plan is None:
        return 403
    if usage.charge(conn.handle, store, plan, str(key["id"]), conn.api_id, conn.stage_name, "$connect"):
        return 429
    conn.api_key = (value, str(key["id"]))
    return None


def _presented(conn: Connection) -> str | None:
    """The key the API's selection expression names."""
    expression = conn.request.api.get("ApiKeySelectionExpression") or HEADER
    if expression == AUTHORIZER:
        found = (conn.request.authorizer or {}).get("usageIdentifierKey")
        return found if isinstance(found, str) else None
    return conn.request.header("x-api-key") if expression == HEADER else None
