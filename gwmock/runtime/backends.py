"""Where HTTP and HTTP_PROXY integrations may send their requests.

An integration's URI is data: it comes from a ``PutIntegration``, an imported OpenAPI
document or a template, and in server mode from any client. Sent anywhere, it would let that
data reach the network (an address of the cloud's metadata service, a host of the company's
network). So a backend is called only when it is

* the mock itself (an execute-api host or one of its custom domain names: answered in-process
  by the interception of urllib3, nothing leaves the process);
* a loopback address (``127.0.0.0/8``, ``::1``, ``localhost``): the test's own server (a name
  under ``.localhost`` is not one: the resolver may send it to DNS, whose answer is anyone's);
* a host the test author allowed: ``gw.allow_http_backend("api.example.com", "*.internal")``
  (``"*"`` allows every host), or ``gwmock serve --http-backend HOST``.

The host is the one both ``urllib.parse`` and urllib3 (the client that connects) read from the
URL: one they read differently (``http://169.254.169.254\\@127.0.0.1/``: urllib3 stops the authority
at the backslash, ``urlsplit`` at the ``@``) is refused, as is one urllib3 cannot parse.

Any other is refused before a name is looked up: the caller gets AWS's answer for an
unreachable backend (REST: 500 "Internal server error"; HTTP APIs: 500 "Internal Server
Error") and the execution log and the ``gwmock`` logger say why.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any
from urllib.parse import urlsplit

from urllib3.util import parse_url

from gwmock.runtime.hosts import is_data_plane_host

logger = logging.getLogger("gwmock")


def refusal(handle: Any, url: str) -> str | None:
    """Why ``url`` may not be called from this mock, or None when it may."""
    try:
        host = _host(urlsplit(url).hostname)
        connected = _host(parse_url(url).host)
    except ValueError:  # urllib3's LocationParseError is one too
        return _refused("gwmock: the integration's URI is not a URL gwmock can read, so nothing was sent")
    if host != connected:
        return _refused(f"gwmock: the integration's URI {url!r} names host {host!r} to one URL parser and "
                        f"{connected!r} to another (urllib3, which would connect), so nothing was sent")
    if not host or _loopback(host) or (handle is not None and is_data_plane_host(handle, host)):
        return None
    allowed: set[str] = getattr(handle, "http_backends", None) or set()
    if "*" in allowed or host in allowed or any(
            rule.startswith("*.") and host.endswith(rule[1:]) for rule in allowed):
        return None
    return _refused(f"gwmock: HTTP integrations call the mock itself, loopback addresses and the hosts allowed "
                    f"with gw.allow_http_backend(...); {host} is none of them, so nothing was sent")


def _refused(reason: str) -> str:
    logger.warning(reason)
    return reason


def _host(name: str | None) -> str:
    """A URL's host as compared: lower case, no brackets, no final dot; an IPv6 zone id's ``%25`` read
    as urllib3 reads it (nothing else is decoded: ``%31%32%37.0.0.1`` is no loopback address)."""
    text = (name or "").lower().strip("[]").rstrip(".")
    return text.replace("%25", "%", 1) if ":" in text else text


def _loopback(host: str) -> bool:
    """``localhost`` itself or a loopback address literal; never a name the resolver might send to DNS
    (``rebind.localhost``, ``127.0.0.1.nip.io``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
