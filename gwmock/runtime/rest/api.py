"""REST API (v1) invocations: ``/{stage}/path`` served by ``stage.call_stage``.

The request's headers reach the API as AWS forwards them: ``Host`` and the
``X-Forwarded-For``/``-Port``/``-Proto`` and ``X-Amzn-Trace-Id`` headers added,
``Connection`` and ``Content-Length`` dropped (aws-recorded: test_apigateway_lambda
test_lambda_aws_proxy_integration_request_data_mapping shows a POST without them; the
CloudFront headers AWS also adds are left out). Leading slashes before the stage are
ignored (test_lambda_aws_proxy_integration, "prepended-slash-to-stage"). Every answer has
a ``Content-Type`` (``application/json`` when the pipeline set none),
``x-amzn-RequestId`` and ``x-amz-apigw-id``; Lambda and HTTP (non-proxy) answers also the
request's ``X-Amzn-Trace-Id`` (test_apigateway_common test_invocation_trace_id).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from gwmock.context import Context
from gwmock.runtime.response import Response
from gwmock.runtime.rest.stage import call_stage

_DROPPED = {"connection", "content-length"}


def call_rest_api(ctx: Context, handle: Any, api_id: str, method: str, path: str, query: str,
                  headers: dict[str, str], body: bytes) -> Response:
    stage, _, rest = path.lstrip("/").partition("/")
    listed: dict[str, list[str]] = {}
    for name, value in headers.items():
        if name.lower() in _DROPPED:
            continue
        text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        listed.setdefault(name, []).append(text)
    host = f"{api_id}.execute-api.{ctx.region}.amazonaws.com"
    added = {"Host": host, "X-Forwarded-For": "127.0.0.1", "X-Forwarded-Port": "443",
             "X-Forwarded-Proto": "https",
             "X-Amzn-Trace-Id": f"Root=1-{int(time.time()):08x}-{secrets.token_hex(12)}"}
    present = {k.lower() for k in listed}
    for name, value in added.items():
        if name.lower() not in present:
            listed[name] = [value]
    answer = call_stage(ctx, api_id, stage, method, "/" + rest + (f"?{query}" if query else ""), listed,
                        body.decode("utf-8", "replace"), handle=handle, host=host, body_bytes=body)
    out = dict(answer.headers)
    if not any(k.lower() == "content-type" for k in out):
        out["Content-Type"] = "application/json"
    out.setdefault("x-amz-apigw-id", secrets.token_urlsafe(12)[:15] + "=")
    out.setdefault("x-amzn-RequestId", answer.log[0].rsplit(" ", 1)[-1] if answer.log else secrets.token_hex(16))
    data = answer.body.encode() if isinstance(answer.body, str) else answer.body
    return Response(answer.status, out, data)
