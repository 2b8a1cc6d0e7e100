"""Which host names the data plane serves, and what they name.

* ``{api}.execute-api.{region}.amazonaws.com`` (and ``{api}-{vpce}.execute-api...``):
  the API and region are in the name (``is_execute_api``, ``HOST``).
* A custom domain name (``api.example.com``) that exists in the mock's state, in any
  region of the mock's account (``handle.account``, else the default account), or a
  wildcard domain (``*.example.com``) covering it: ``is_data_plane_host(handle, host)``.
  ``map_custom_domain`` follows its API mappings (base paths, the longest matching
  one first; ``(none)`` maps everything) to an API and stage.

Cost: an execute-api name is one regex; a name without a dot or an IP address is
refused at once; another name costs one dict lookup when it was seen before and at
most two lookups per region (43) the first time, then is remembered per handle.
"""

from __future__ import annotations

import functools
import ipaddress
import re
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
_SEEN: weakref.WeakKeyDictionary[Any, dict[str, tuple[str, str, str]]] = register_cache(
    weakref.WeakKeyDictionary())


def is_execute_api(host: str | None) -> bool:
    return bool(host) and HOST.match(host.lower()) is not None  # type: ignore[union-attr]


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
    if "." not in host or _is_ip(host):
        return None
    backend = handle.backend
    seen = _SEEN.setdefault(handle, {})
    known = seen.get(host)
    if known is not None and backend.get((known[0], known[1], "domainnames", known[2])) is not None:
        return known
    account = handle.account or DEFAULT_ACCOUNT
    names = (host, "*." + host.split(".", 1)[1])
    regions = (handle.region, *_regions()) if getattr(handle, "region", None) else _regions()
    for region in regions:
        for name in names:
            if backend.get((account, region, "domainnames", name)) is not None:
                seen[host] = (account, region, name)
                return seen[host]
    seen.pop(host, None)
    return None


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
