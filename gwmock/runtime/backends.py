"""Where HTTP and HTTP_PROXY integrations may send their requests.

An integration's URI is data: it comes from a ``PutIntegration``, an imported OpenAPI
document or a template, and in server mode from any client. Sent anywhere, it would let that
data reach the network (an address of the cloud's metadata service, a host of the company's
network). So a backend is called only when it is

* the mock itself (an execute-api host or one of its custom domain names: answered in-process
  by the interception of urllib3, nothing leaves the process);
* a loopback address (``127.0.0.0/8``, ``::1``, ``localhost``): the test's own server;
* a host the test author allowed: ``gw.allow_http_backend("api.example.com", "*.internal")``
  (``"*"`` allows every host), or ``gwmock serve --http-backend HOST``.

Any other is refused before a name is looked up: the caller gets AWS's answer for an
unreachable backend (REST: 500 "Internal server error"; HTTP APIs: 500 "Internal Server
Error") and the execution log and the ``gwmock`` logger say why.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any
from urllib.parse import urlsplit

from gwmock.runtime.hosts import is_data_plane_host

logger = logging.getLogger("gwmock")


def refusal(handle: Any, url: str) -> str | None:
    """Why ``url`` may not be called from this mock, or None when it may."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return "gwmock: the integration's URI is not a URL"
    if not host or _loopback(host) or (handle is not None and is_data_plane_host(handle, host)):
        return None
    allowed: set[str] = getattr(handle, "http_backends", None) or set()
    if "*" in allowed or host in allowed or any(
            rule.startswith("*.") and host.endswith(rule[1:]) for rule in allowed):
        return None
    reason = (f"gwmock: HTTP integrations call the mock itself, loopback addresses and the hosts allowed "
              f"with gw.allow_http_backend(...); {host} is none of them, so nothing was sent")
    logger.warning(reason)
    return reason


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
