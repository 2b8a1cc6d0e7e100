"""Throttling of calls to deployed stages: token buckets, answered 429 ``Too Many Requests``.

Two levels, checked in AWS's order: the stage's method settings (``methodSettings``
``~1pets/GET``, else ``*/*``: ``throttlingBurstLimit``/``throttlingRateLimit``, read from
the live stage as AWS applies them without a deployment) before authorization, and the
usage plan of the caller's API key (the plan's ``apiStages[].throttle["/pets/GET"]``,
else the plan's ``throttle``) once the key is known. This module checks the stage's; the plan's
is ``gwmock.runtime.usage``'s (shared with WebSocket ``$connect``), which ``authorizers`` calls. A
bucket holds ``burstLimit`` tokens and refills ``rateLimit`` tokens a second; a call takes one
(THROTTLED gateway response when none is left).

A limit of -1 is no limit: "Default: -1 (throttling disabled)" (terraform-provider-aws's
``aws_api_gateway_method_settings``, which writes it; users set -1 to turn a method's throttling
off, DianaIonita/serverless-api-gateway-throttling #39); any negative limit counts so (guess).

Which setting and which bucket: the setting of the request's verb (``~1pets/GET``), else, for an
``ANY`` method, the method's own (``~1pets/ANY``), else ``*/*`` (the order ``rest.cache`` reads
caching settings in). The bucket is the method's, named from the API's configuration, never from
what the client sent: a verb the API does not list (``FOO`` to an ``ANY`` method) neither gets a
bucket of its own (a fresh burst, and one more entry per distinct verb) nor escapes the method's.

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
    path = call.resource_path.replace("/", "~1")
    key = f"{path}/{call.http_method}"
    setting = settings.get(key)
    if not setting:
        declared = call.method.get("httpMethod")
        if declared and declared != call.http_method:  # an ANY method: its bucket, whichever setting applies
            key = f"{path}/{declared}"
            setting = settings.get(key)
        setting = setting or settings.get("*/*")
    if not setting or setting.get("throttlingBurstLimit") is None:
        return
    burst, rate = int(setting["throttlingBurstLimit"]), float(setting.get("throttlingRateLimit", 0.0))
    if burst < 0 or rate < 0:  # -1: throttling disabled
        return
    if not take(call.handle, ("stage", call.api_id, call.stage, key), rate, burst):
        raise GatewayError("THROTTLED", "Too Many Requests", reason="Request throttled")
