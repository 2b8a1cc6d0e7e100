"""Which host names are execute-api endpoints, and what they name (API id and region)."""

from __future__ import annotations

import re

HOST = re.compile(
    r"^(?P<api>[a-z0-9]+)(?:-vpce-[a-z0-9]+)?\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$"
)


def is_execute_api(host: str | None) -> bool:
    return bool(host) and HOST.match(host.lower()) is not None  # type: ignore[union-attr]
