"""What a server is told: limits, timeouts, credentials and trusted names.

Every limit has a default that keeps one misbehaving client from holding a
thread or memory for long; tests pass small values (``timeout=0.2``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

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
    * ``workers``: threads running handlers and user code (Lambda functions); when all are
      busy, work overflows to more threads (at most ``max_connections``) rather than queueing,
      so user code calling this same server cannot wait on itself (``pool``).
    """

    timeout: float = DEFAULT_TIMEOUT
    keep_alive: float = 5.0
    max_body: int = MAX_BODY
    credentials: dict[str, str] = field(default_factory=dict)
    allowed_hosts: tuple[str, ...] = ()
    max_connections: int = 512
    workers: int = 32

    def __post_init__(self) -> None:
        """Refuse values that would make every request fail, or crash the server on its first request."""
        for name in ("timeout", "keep_alive"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or value <= 0:
                raise ValueError(f"server option {name} must be a positive number of seconds, got {value!r}")
        for name, least in (("max_body", 0), ("max_connections", 1), ("workers", 1)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ValueError(f"server option {name} must be an integer >= {least}, got {value!r}")
        object.__setattr__(self, "credentials", _credentials(self.credentials))
        hosts = self.allowed_hosts
        names = (hosts,) if isinstance(hosts, str) else tuple(hosts)  # "example.com" is one name, not letters
        if not all(isinstance(name, str) and name for name in names):
            raise ValueError(f"server option allowed_hosts must be host names, got {hosts!r}")
        object.__setattr__(self, "allowed_hosts", tuple(name.lower() for name in names))

    @classmethod
    def from_keywords(cls, options: Mapping[str, Any]) -> ServerOptions:
        """``ServerOptions(**options)``, with a misspelt name reported along with the valid ones."""
        known = [f.name for f in fields(cls)]
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise TypeError(f"unknown server option(s) {', '.join(unknown)}; the options are {', '.join(known)}")
        return cls(**options)


def _credentials(value: Any) -> dict[str, str]:
    """{key: secret}; ``"KEY:SECRET"`` strings (one, or a list) are accepted as on the command line."""
    if isinstance(value, str):
        return parse_credentials([value])
    if isinstance(value, Mapping):
        if not all(isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items()):
            raise ValueError("server option credentials must map access keys to secret keys (non-empty strings)")
        return dict(value)
    if isinstance(value, Iterable) and all(isinstance(item, str) for item in value):
        return parse_credentials(value)
    raise ValueError(f"server option credentials must be {{KEY: SECRET}} or 'KEY:SECRET', got {type(value).__name__}")


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
