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

Guesses: a missing, unknown, disabled or unplanned key rejects the handshake with 403 (REST's
status for an invalid key); usage plans' throttling and quotas are not applied to connections
(limitation).
"""

from __future__ import annotations

from typing import Any

from gwmock.apigateway.lookups import api_key_by_value, usage_plans_of_stage

HEADER = "$request.header.x-api-key"
AUTHORIZER = "$context.authorizer.usageIdentifierKey"


def check(conn: Any, route: dict[str, Any]) -> int | None:
    """None when ``conn`` may connect through ``route`` (its ``api_key`` then set), else 403."""
    if not route.get("ApiKeyRequired") or route.get("RouteKey") != "$connect":
        return None
    value = _presented(conn)
    store = conn.ctx.store
    key = api_key_by_value(store, value) if value else None
    if key is None or not key.get("enabled", True):
        return 403
    plans = usage_plans_of_stage(store, conn.api_id, conn.stage_name)
    if not any(store.get(("usageplans", plan["id"], "keys", key["id"])) is not None for plan in plans):
        return 403
    conn.api_key = (value, str(key["id"]))
    return None


def _presented(conn: Any) -> str | None:
    """The key the API's selection expression names."""
    expression = conn.request.api.get("ApiKeySelectionExpression") or HEADER
    if expression == AUTHORIZER:
        found = (conn.request.authorizer or {}).get("usageIdentifierKey")
        return found if isinstance(found, str) else None
    return conn.request.header("x-api-key") if expression == HEADER else None
