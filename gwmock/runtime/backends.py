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

The mock itself is refused too once the request is already half Python's recursion limit deep
(``_within_itself``): an API whose integration (or VPC link route) names its own host, or APIs naming
each other, call the mock in-process without end, which ended in ``RecursionError`` out of the
client's call. Each in-process hop costs ten to fifteen frames, so a chain of a few dozen APIs still
works. Guess: AWS would wait out the integration timeout (29 s) and answer 504; gwmock answers the
refusal's 500 at once.

Private integrations (``connectionType``/``ConnectionType`` ``VPC_LINK``) reach what no test can:
a load balancer inside a VPC. ``gw.route_vpc_link(target, url)`` names the test's own server that
stands in for it; ``target`` is what an integration names (``route_key``): a VPC link id (v1 or
v2), a listener, load balancer or Cloud Map service ARN (kept as given), or the host name of a
REST (or WebSocket) integration's ``uri`` (lower case, no final dot). ``url`` is a base URL: http or
https, a host, an optional port, no user, path (``/`` at most), query or fragment (``base_url``).
An integration asks ``private_route`` with its candidates, most specific first; the base URL it
gets is checked with ``refusal`` when the request is made, as any backend is. ``vpc_link_status``
reads the link the integration names (v1 ``status`` or v2 ``VpcLinkStatus``): AWS answers 500 when
the link is not AVAILABLE (AWS knowledge center, "API Gateway 500 error with VPC link": "The VPC
link is in the Failed state"); gwmock does too when no such link exists (guess).
"""

from __future__ import annotations

import ipaddress
import logging
import sys
from collections.abc import Iterable
from typing import Any
from urllib.parse import SplitResult, urlsplit

from urllib3.util import parse_url

from gwmock.errors import GwmockError
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
    if not host or _loopback(host):
        return None
    if handle is not None and is_data_plane_host(handle, host):
        if _within_itself():
            return _refused(f"gwmock: the integration's URI {url!r} calls the mock within itself, already "
                            "half Python's recursion limit deep (an API whose integration or VPC link route "
                            "names its own host, or APIs naming each other), so nothing was sent")
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


def _within_itself() -> bool:
    """Whether the stack is already half Python's recursion limit deep (read in C, no frame walked in
    Python): the mock's own host is called only from integrations, so only a loop gets that deep."""
    try:
        sys._getframe(sys.getrecursionlimit() // 2)
    except ValueError:
        return False
    return True


def _host(name: str | None) -> str:
    """A URL's host as compared: lower case, no brackets, no final dot; an IPv6 zone id's ``%25`` read
    as urllib3 reads it (nothing else is decoded: ``%31%32%37.0.0.1`` is no loopback address)."""
    text = (name or "").lower().strip("[]").rstrip(".")
    return text.replace("%25", "%", 1) if ":" in text else text


def _ip_literal(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _loopback(host: str) -> bool:
    """``localhost`` itself or a loopback address literal; never a name the resolver might send to DNS
    (``rebind.localhost``, ``127.0.0.1.nip.io``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# --- private integrations (VPC links) -------------------------------------------------------------

_MAX_TARGET = 2048  # longer than any ARN or host name AWS accepts
_MAX_LINK_ID = 64  # AWS's ids are a few letters and digits


def route_key(target: str) -> str:
    """``target`` as ``gw.route_vpc_link`` keeps it and integrations look it up: an ARN as given,
    anything else (a VPC link id, a host name) in lower case without a final dot."""
    text = target.strip()
    return text if text.startswith("arn:") else text.lower().rstrip(".")


def checked_route(target: object, url: object) -> tuple[str, str]:
    """``gw.route_vpc_link``'s arguments as kept: ``(route_key(target), base URL)``; a
    ``GwmockError`` saying what is wrong otherwise."""
    if not isinstance(target, str) or not target.strip() or len(target) > _MAX_TARGET \
            or not target.strip().isprintable() or any(c.isspace() for c in target.strip()):
        raise GwmockError("route_vpc_link takes a VPC link id, a listener or Cloud Map service ARN, or the host "
                          f"name of an integration's URI as its target, not {target!r}")
    key = route_key(target)
    if ":" in key and not key.startswith("arn:") and _ip_literal(key.strip("[]")):
        key = key.strip("[]")  # an IPv6 address, as an integration URI's host reads
    elif not key.startswith("arn:") and ("/" in key or ":" in key):
        raise GwmockError(f"route_vpc_link's target {target!r} is neither an ARN nor a VPC link id or host name "
                          "(no scheme, port or path: 'nlb.example.com', not 'http://nlb.example.com:80/')")
    return key, base_url(url)


def server_url(url: object, who: str, takes: str) -> SplitResult:
    """``url`` split, when it names a server the test author points gwmock at (``who``: the method
    taking it, ``takes``: what it takes, for the messages): http or https, a host that urllib3 reads as
    ``urllib.parse`` does, an optional port, no user, query or fragment, at most 2048 printable
    characters; else a ``GwmockError``."""
    if not isinstance(url, str) or not url or len(url) > _MAX_TARGET or not url.isprintable() \
            or any(c.isspace() for c in url):
        raise GwmockError(f"{who} takes {takes}, not {url!r}")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
        connected = parse_url(url).host  # urllib3's reading: the host it would connect to
    except ValueError:  # urllib3's LocationParseError is one too
        raise GwmockError(f"{who}: {url!r} is not a URL gwmock can read") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise GwmockError(f"{who}'s URL must be http:// or https:// with a host, not {url!r}")
    if parts.username is not None or parts.password is not None:
        raise GwmockError(f"{who}'s URL {url!r} names a user; give the server's scheme, host and port only")
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        raise GwmockError(f"{who}'s URL {url!r} has a query or fragment, which gwmock would not send")
    if _host(parts.hostname) != _host(connected):  # refused when called anyway (``refusal``): say so now
        raise GwmockError(f"{who}'s URL {url!r} names host {parts.hostname!r} to one URL parser and {connected!r} "
                          "to urllib3, which connects; write the host plainly")
    return parts


def base_url(url: object) -> str:
    """A stand-in server's base URL (``scheme://host[:port]``), or a ``GwmockError``."""
    parts = server_url(url, "route_vpc_link", "the base URL of the test's server ('http://127.0.0.1:8080')")
    if parts.path not in ("", "/"):
        raise GwmockError(f"route_vpc_link's URL {url!r} has a path: the integration decides the request's path "
                          "and query, so give the server's scheme, host and port only")
    return f"{parts.scheme.lower()}://{parts.netloc}"


def private_route(handle: Any, candidates: Iterable[str | None]) -> str | None:
    """The base URL ``gw.route_vpc_link`` gave the first of ``candidates`` (most specific first)
    that has one; None when none has."""
    routes: dict[str, str] | None = getattr(handle, "vpc_links", None)
    if not routes:
        return None
    for candidate in candidates:
        if candidate:
            found = routes.get(route_key(candidate))
            if found is not None:
                return found
    return None


def vpc_link_status(handle: Any, account: str, region: str, link_id: str) -> str | None:
    """The status of VPC link ``link_id`` of ``account`` and ``region`` (a v1 link's ``status``, a
    v2 link's ``VpcLinkStatus``); None when there is no such link (or no state to read)."""
    backend = getattr(handle, "backend", None)
    if backend is None or not link_id or len(link_id) > _MAX_LINK_ID or not link_id.isalnum():
        return None
    v1 = backend.get((account, region, "vpclinks", link_id))
    if v1 is not None:
        return str(v1.get("status"))
    v2 = backend.get((account, region, "v2", "vpclinks", link_id))
    return None if v2 is None else str(v2.get("VpcLinkStatus"))


def unavailable_link(link_id: str, status: str | None) -> str:
    """The ``gwmock`` logger's reason for refusing a private integration whose link is not usable."""
    state = "does not exist in this mock" if status is None else f"is {status}, not AVAILABLE"
    return _refused(f"gwmock: the private integration's VPC link {link_id!r} {state}, so nothing was sent "
                    "(AWS answers 500 through a link that cannot route)")


def unrouted(what: str, candidates: Iterable[str | None]) -> str:
    """The message for a private integration no ``gw.route_vpc_link`` names."""
    names = ", ".join(repr(c) for c in candidates if c)
    return (f"gwmock: {what}; call gw.route_vpc_link(target, 'http://127.0.0.1:<port>') with one of {names} "
            "as target to send it to the test's own server")
