"""Throttling of HTTP API routes: the stage's ``RouteSettings[route key]``, else its
``DefaultRouteSettings`` (``ThrottlingBurstLimit``, ``ThrottlingRateLimit``), read from the live
stage as AWS applies stage settings without a deployment. Each route has its own bucket
(``gwmock.runtime.buckets``); a call that finds it empty is answered 429 ``{"message":"Too Many
Requests"}``.

Guesses: the check comes before authorization (as REST APIs document for a stage's limits); a
route's setting without one of the two limits takes the stage default's; a burst limit without a
rate is never refilled; account-level limits are not applied.
"""

from __future__ import annotations

from typing import Any

from gwmock.runtime.buckets import take
from gwmock.runtime.http.request import V2Request

_NONE: dict[str, Any] = {}


def throttled(handle: Any, request: V2Request) -> bool:
    """Whether the request's route has no token left (one is taken otherwise)."""
    stage = request.stage
    default = stage.get("DefaultRouteSettings") or _NONE  # every stage has one ({DetailedMetricsEnabled})
    own = (stage.get("RouteSettings") or _NONE).get(request.route_key) or _NONE
    burst = own.get("ThrottlingBurstLimit", default.get("ThrottlingBurstLimit"))
    if burst is None:
        return False
    rate = own.get("ThrottlingRateLimit", default.get("ThrottlingRateLimit")) or 0.0
    return not take(handle, ("http", request.api_id, request.stage_name, request.route_key), float(rate), int(burst))
