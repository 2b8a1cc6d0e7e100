"""Refusals before any handler runs: cross-site requests and foreign Host names.

A browser page may send a "simple" cross-site request (no pre-flight) with a
``text/plain``, form or multipart body, and may reach a loopback server through
a name it controls (DNS rebinding). The control plane refuses both, naming the
reason; a real client (botocore, the AWS CLI, Terraform) sends JSON or a binary
payload, no ``Origin`` header (any ``Origin`` is refused: only a page sends one), and a
loopback or AWS host name; a ``Host`` that is not ``name[:port]`` is a 400. Deployed APIs are
not guarded here: they answer with their own CORS configuration, as on AWS.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from gwmock.arns import dns_suffixes

SIMPLE_TYPES = frozenset({"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"})
_LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})
_LABEL = r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
_DNS_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})*$")
# every partition's DNS suffix (``.amazonaws.com``, ``.amazonaws.com.cn``, ``.c2s.ic.gov``, ...): AWS names
_AWS_SUFFIXES = tuple(sorted("." + suffix for suffix in dns_suffixes()))


def host_name(host: str | None) -> str:
    """``Host`` header without its port, lower case (``[::1]:4566`` -> ``::1``)."""
    value = (host or "").strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def is_loopback(name: str) -> bool:
    """A loopback address literal (127.0.0.0/8, ::1) or a localhost name.

    Only literals count: ``127.0.0.1.evil.com`` is a name an attacker's DNS can point at
    127.0.0.1 (DNS rebinding), not a loopback address.
    """
    if name in _LOOPBACK_NAMES or (name.endswith(".localhost") and _DNS_NAME.match(name) is not None):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cross_site_reason(headers: Mapping[str, str]) -> str | None:
    """Why a control-plane request looks like a browser's cross-site request, or None. A page's
    request (fetch metadata ``Sec-Fetch-Site`` other than ``none``, a URL the user typed) is refused
    even from this server's own origin: a deployed API served from it is data, and must not reach
    the control plane through the browser."""
    site = headers.get("sec-fetch-site")
    if site is not None and site.strip().lower() != "none":
        return (f"cross-site request refused: Sec-Fetch-Site {site[:64]!r} shows a web page sent it; the control "
                "plane answers tools (SDKs, the CLI, curl) and URLs typed in the browser only")
    origin = headers.get("origin")
    host = headers.get("host") or ""
    if origin is not None and origin.rstrip("/").lower() not in (f"http://{host}".lower(), f"https://{host}".lower()):
        return (f"cross-site request refused: Origin {origin[:200]!r} is not this server's origin "
                f"(http://{host[:200]}); the control plane accepts no browser requests from other sites")
    if origin is not None:  # this origin's own pages: a browser that sends no fetch metadata (Safari < 16.4)
        return (f"cross-site request refused: Origin {origin[:200]!r} shows a web page sent it (a deployed API "
                "served from this origin is data); the control plane answers tools (SDKs, the CLI, curl) only")
    media_type = (headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if media_type in SIMPLE_TYPES:
        return (f"cross-site request refused: Content-Type {media_type!r} is one a browser sends cross-site "
                "without pre-flight; API Gateway's control plane takes application/json or a binary payload")
    return None


_BAD_HOST = re.compile(r"[/?#@\\\s\x00-\x1f\x7f]")  # a path, query, fragment, user, space or control in Host


def invalid_host_reason(host: str | None) -> str | None:
    """Why ``host`` is not ``name[:port]``, or None (RFC 9112 3.2: a server MUST answer 400 to an invalid
    ``Host``). The signature check builds a URL of it, which an unbalanced ``[`` or a port past 65535 breaks."""
    if not host:
        return None
    try:
        urlsplit(f"http://{host}").port  # noqa: B018 - reading it checks the port
    except ValueError:
        pass
    else:
        if _BAD_HOST.search(host) is None and _brackets_hold_an_ipv6_address(host):
            return None
    return f"Bad Request: Host {host[:200]!r} is not a host name or address with an optional port"


def _brackets_hold_an_ipv6_address(host: str) -> bool:
    """Brackets only around an IPv6 address (``[::1]:80``): Python 3.11's ``urlsplit`` checks that, 3.10's
    does not."""
    if not host.startswith("["):
        return "[" not in host and "]" not in host
    inside, bracket, rest = host[1:].partition("]")
    if not bracket or (rest and not rest.startswith(":")) or "[" in inside:
        return False
    try:
        ipaddress.IPv6Address(inside.partition("%")[0])
    except ValueError:
        return False
    return True


def foreign_host_reason(host: str | None, bound: str, allowed: tuple[str, ...]) -> str | None:
    """Why a loopback-bound server refuses this ``Host`` name (DNS-rebinding guard), or None.

    A server bound to a non-loopback address was exposed on purpose: any name is accepted.
    """
    if "*" in allowed or not is_loopback(host_name(bound)):
        return None
    name = host_name(host)
    if not name or is_loopback(name) or name in allowed:
        return None
    if name.endswith(_AWS_SUFFIXES) and _DNS_NAME.match(name) is not None:
        return None
    return (f"request refused: Host {name!r} is not a loopback or AWS name; a loopback server answers only "
            "those (allow more with --allow-host NAME)")
