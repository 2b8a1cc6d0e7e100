"""What a server is told: limits, timeouts, credentials and trusted names.

Every limit has a default that keeps one misbehaving client from holding a
thread or memory for long; tests pass small values (``timeout=0.2``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_BODY = 10 * 1024 * 1024  # API Gateway's payload limit (10 MB), for both planes
DEFAULT_TIMEOUT = 5.0


@dataclass(frozen=True)
class ServerOptions:
    """Options of one server; ``start(**options)`` and ``gwmock serve`` fill them.

    * ``timeout``: seconds a client has to send a request's head, and again its body.
    * ``keep_alive``: seconds an idle keep-alive connection stays open.
    * ``max_body``: largest request body accepted (413 above it).
    * ``credentials``: access key -> secret key; when set, control-plane signatures
      are verified and unknown keys refused. Empty: any well-formed signature passes.
    * ``allowed_hosts``: extra ``Host`` names the control plane answers besides
      loopback names and ``*.amazonaws.com`` (DNS-rebinding guard); ``"*"`` allows any.
    * ``max_connections``: concurrent connections before uvicorn answers 503.
    * ``workers``: threads running handlers and user code (Lambda functions).
    """

    timeout: float = DEFAULT_TIMEOUT
    keep_alive: float = 5.0
    max_body: int = MAX_BODY
    credentials: dict[str, str] = field(default_factory=dict)
    allowed_hosts: tuple[str, ...] = ()
    max_connections: int = 512
    workers: int = 32


def parse_credentials(pairs: Iterable[str]) -> dict[str, str]:
    """``KEY:SECRET`` strings (a comma-separated list is accepted too) -> {key: secret}."""
    found: dict[str, str] = {}
    for pair in pairs:
        for item in pair.split(","):
            item = item.strip()
            if not item:
                continue
            key, sep, secret = item.partition(":")
            if not sep or not key or not secret:
                raise ValueError(f"credentials must be KEY:SECRET, got {item.split(':', 1)[0]!r}:...")
            found[key] = secret
    return found


def credentials_from_env() -> dict[str, str]:
    """``GWMOCK_CREDENTIALS=KEY:SECRET[,KEY:SECRET...]``."""
    value = os.environ.get("GWMOCK_CREDENTIALS", "")
    return parse_credentials([value]) if value else {}
