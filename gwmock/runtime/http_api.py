"""HTTP API (v2) invocations (to be completed by the v2 data-plane family)."""

from __future__ import annotations

from typing import Any

from gwmock.context import Context
from gwmock.runtime import Response


def call_http_api(ctx: Context, handle: Any, api_id: str, method: str, path: str, query: str,
                  headers: dict[str, str], body: bytes) -> Response:
    return Response(404, {"Content-Type": "application/json"}, b'{"message":"Not Found"}')
