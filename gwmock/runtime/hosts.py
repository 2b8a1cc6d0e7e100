"""Which host names the data plane serves, and what they name.

* ``{api}.execute-api.{region}.amazonaws.com`` (and ``{api}-{vpce}.execute-api...``):
  the API and region are in the name (``is_execute_api``, ``HOST``).
* A custom domain name (``api.example.com``) that exists in the mock's state, in any
  region of the mock's account (``handle.account``, else the default account), or a
  wildcard domain (``*.example.com``) covering it: ``is_data_plane_host(handle, host)``.
  ``map_custom_domain`` follows its API mappings (base paths, the longest matching
  one first; ``(none)`` maps everything) to an API and stage.

Cost: an execute-api name is one regex; a name without a dot or an IP address is
refused at once; a domain found before costs one lookup. Another name costs two
lookups per region (43); the miss is then remembered for a second, or until the
control plane answers another call (``len(handle.calls)``), whichever comes first,
so that a name created meanwhile (or restored from a snapshot) is seen soon after.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import time
import weakref
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.caches import register_cache

HOST = re.compile(
    r"^(?P<api>[a-z0-9]+)(?:-vpce-[a-z0-9]+)?\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$"
)
_NONE = "(none)"
_SEEN: weakref.WeakKeyDictionary[Any, dict[str, Any]] = register_cache(weakref.WeakKeyDictionary())
_MISS_SECONDS = 1.0  # a miss is trusted this long while no control-plane call was answered
_MAX_SEEN = 10_000


def is_execute_api(host: str | None) -> bool:
    return bool(host) and ".execute-api." in host.lower() and HOST.match(host.lower()) is not None  # type: ignore[union-attr]


def is_data_plane_host(handle: Any, host: str | None) -> bool:
    """True for an execute-api host or a custom domain name of ``handle``'s state."""
    if not host:
        return False
    return is_execute_api(host) or find_domain(handle, host) is not None


@dataclass(frozen=True)
class Mapped:
    """Where a custom-domain request goes: the API and stage of the matched mapping."""

    account: str
    region: str
    domain: str
    api_id: str
    stage: str | None
    path: str  # below the base path, starting with "/"


@functools.lru_cache(maxsize=1)
def _regions() -> tuple[str, ...]:
    import botocore.session  # noqa: PLC0415 - only custom-domain look-ups need it

    session = botocore.session.get_session()
    regions: set[str] = set()
    for partition in session.get_available_partitions():
        regions.update(session.get_available_regions("apigateway", partition))
    return tuple(sorted(regions))


def find_domain(handle: Any, host: str) -> tuple[str, str, str] | None:
    """(account, region, domain record name) of the custom domain answering ``host``."""
    host = host.lower().rstrip(".")
    seen = _SEEN.setdefault(handle, {})
    known = seen.get(host)
    backend = handle.backend
    if isinstance(known, tuple) and backend.get((known[0], known[1], "domainnames", known[2])) is not None:
        return known
    calls = len(getattr(handle, "calls", ()))
    now = time.monotonic()
    if isinstance(known, _Miss) and known.calls == calls and now - known.at < _MISS_SECONDS:
        return None
    if "." not in host or _is_ip(host):
        return None
    account = handle.account or DEFAULT_ACCOUNT
    names = (host, "*." + host.split(".", 1)[1])
    regions = (handle.region, *_regions()) if getattr(handle, "region", None) else _regions()
    for region in regions:
        for name in names:
            if backend.get((account, region, "domainnames", name)) is not None:
                seen[host] = (account, region, name)
                return (account, region, name)
    if len(seen) < _MAX_SEEN:
        seen[host] = _Miss(calls, now)
    return None


@dataclass(frozen=True)
class _Miss:
    """A host found in no region, while the control plane had answered ``calls`` calls."""

    calls: int
    at: float


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def map_custom_domain(handle: Any, host: str, path: str) -> Mapped | None:
    """The API mapping of a custom domain that serves ``path`` (longest base path first)."""
    found = find_domain(handle, host)
    if found is None:
        return None
    account, region, name = found
    segments = [unquote(s) for s in path.split("/")[1:]] if path else []
    best: tuple[int, dict[str, Any]] | None = None
    for _, mapping in handle.backend.scan((account, region, "domainnames", name, "basepathmappings")):
        base = mapping.get("basePath") or _NONE
        parts = [] if base == _NONE else base.strip("/").split("/")
        if segments[:len(parts)] == parts and (best is None or len(parts) > best[0]):
            best = (len(parts), mapping)
    if best is None:
        return None
    rest = "/" + "/".join(path.split("/")[1 + best[0]:]) if path else "/"
    mapping = best[1]
    return Mapped(account, region, host.lower(), str(mapping.get("restApiId")), mapping.get("stage"), rest)
