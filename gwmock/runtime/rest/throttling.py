"""Throttling of calls to deployed stages: token buckets, answered 429 ``Too Many Requests``.

Two levels, checked in AWS's order: the stage's method settings (``methodSettings``
``~1pets/GET``, else ``*/*``: ``throttlingBurstLimit``/``throttlingRateLimit``, read from
the live stage as AWS applies them without a deployment) before authorization, and the
usage plan of the caller's API key (the plan's ``apiStages[].throttle["/pets/GET"]``,
else the plan's ``throttle``) once the key is known. This module checks the stage's; the plan's
is ``gwmock.runtime.usage``'s (shared with WebSocket ``$connect``), which ``authorizers`` calls. A
bucket holds ``burstLimit`` tokens and refills ``rateLimit`` tokens a second; a call takes one
(THROTTLED gateway response when none is left).

The buckets are ``gwmock.runtime.buckets``. Guesses: account-level limits (10000/5000) are
not applied; a stage's setting is per method, not per client.
"""

from __future__ import annotations

from typing import Any

from gwmock.runtime.buckets import take
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.request import Call


def check_stage(call: Call, settings: dict[str, Any]) -> None:
    """The stage's method throttling (``settings`` is the stage's ``methodSettings``)."""
    if not settings:
        return
    key = call.resource_path.replace("/", "~1") + "/" + call.http_method
    setting = settings.get(key) or settings.get("*/*")
    if not setting or setting.get("throttlingBurstLimit") is None:
        return
    if not take(call.handle, ("stage", call.api_id, call.stage, key), float(setting.get("throttlingRateLimit", 0.0)),
                int(setting["throttlingBurstLimit"])):
        raise GatewayError("THROTTLED", "Too Many Requests", reason="Request throttled")
