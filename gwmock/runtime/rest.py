"""REST API (v1) invocations: ``/{stage}/path`` served by ``stage.call_stage``."""

from __future__ import annotations

from typing import Any

from gwmock.context import Context
from gwmock.runtime import Response
from gwmock.runtime.stage import call_stage


def call_rest_api(ctx: Context, handle: Any, api_id: str, method: str, path: str, query: str,
                  headers: dict[str, str], body: bytes) -> Response:
    stage, _, rest = path.lstrip("/").partition("/")
    listed: dict[str, list[str]] = {}
    for name, value in headers.items():
        listed.setdefault(name, []).append(value)
    answer = call_stage(ctx, api_id, stage, method, "/" + rest + (f"?{query}" if query else ""), listed,
                        body.decode("utf-8", "replace"))
    return Response(answer.status, dict(answer.headers), answer.body.encode())
