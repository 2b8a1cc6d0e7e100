"""Which host names the data plane serves, and what they name.

* ``{api}.execute-api.{region}.amazonaws.com`` (and ``{api}-{vpce}.execute-api...``, the Route 53
  alias of a private API's VPC endpoint): the API and region are in the name (``is_execute_api``,
  ``HOST``; its ``vpce`` group is the endpoint of an alias). The name ends in the DNS suffix of the
  region's partition (``gwmock.arns.dns_suffix``: ``amazonaws.com.cn`` in China, ``c2s.ic.gov`` in
  ``us-iso-*``...); another partition's suffix (``{api}.execute-api.cn-north-1.amazonaws.com``) is no
  execute-api host, as AWS's DNS has no such name (gwmock: ``gw.invoke`` raises ValueError, an HTTP
  client gets the guard's NetworkBlocked connection error). VPC endpoints' names likewise
  (``...vpce.amazonaws.com.cn``; guess for the ISO partitions: ``vpce.{suffix}``).
* Either name may be written fully qualified, with DNS's root dot (``...amazonaws.com.``): the
  patterns take it (an optional last character, no cost to the ordinary name), so ``gw.invoke``
  answers such a URL as HTTP clients do (their interception drops the dot).
* ``vpce-{id}-{dns}[-{zone}].execute-api.{region}.vpce.amazonaws.com``: a VPC endpoint's own
  public DNS names (AWS "Invoke a private API"), which name the endpoint and region only: the
  request's ``Host`` or ``x-apigw-api-id`` header names the API (``VPCE_HOST``, ``endpoint_of``).
* A custom domain name (``api.example.com``) that exists in the mock's state, in any
  region of the mock's account (``handle.account``, else the default account) or, failing that, of
  another account (``Backend.holders``; guess: the mock's own account wins a name two accounts hold),
  or a wildcard domain (``*.example.com``) covering it: ``is_data_plane_host(handle, host)``.
  A name's own domain wins over a wildcard covering it, in any region (guess: DNS answers a name's
  own record before a wildcard's). ``api_owner`` finds the account of an API id no domain names.
  ``map_custom_domain`` follows its API mappings (base paths, the longest matching
  one first; ``(none)`` maps everything) to an API and stage, or first its routing rules
  when the domain's ``routingMode`` names them (``routing_rules``: only those rules for
  ``ROUTING_RULE_ONLY``, the mappings after them for ``ROUTING_RULE_THEN_BASE_PATH_MAPPING``).
  ``Mapped.mutual_tls`` carries the domain's ``mutualTlsAuthentication`` when it names a truststore
  (``runtime.mtls`` checks the client certificate against it).

Cost: an execute-api name is one regex; a name without a dot or an IP address is
refused at once; a domain found before costs one lookup (which also gives its routing mode:
a domain in the default mode reads no routing rule), a wildcard's answer too while the control plane
answers no call (then the name is looked for again: its own domain may have been created). Another name costs two
lookups per region (37, and the other regions botocore's partitions list: ISO, EU sovereign), and as many
``holders`` questions (other accounts' domains: one index look-up each on the memory backend); the miss is then
remembered for a second, or until the control plane answers another call (``handle.calls``, with those it
dropped), whichever comes first,
so that a name created meanwhile (or restored from a snapshot) is seen soon after.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from gwmock.arns import dns_suffix, dns_suffixes, listed_regions
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.caches import register_cache
from gwmock.runtime.routing_rules import RULE_MODES, RULES_ONLY, route


class _HostPattern:
    """A host name pattern with ``region`` and ``suffix`` groups that matches only where the suffix is
    the DNS suffix of the region's partition (``match`` as ``re.Pattern.match``)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)

    def match(self, name: str) -> re.Match[str] | None:
        found = self.pattern.match(name)
        return found if found is not None and dns_suffix(found["region"]) == found["suffix"] else None


_SUFFIXES = "|".join(re.escape(suffix) for suffix in sorted(dns_suffixes(), key=len, reverse=True))
HOST = _HostPattern(
    r"^(?P<api>[a-z0-9]+)(?:-(?P<vpce>vpce-[a-z0-9]+))?\.execute-api\.(?P<region>[a-z0-9-]+)"
    rf"\.(?P<suffix>{_SUFFIXES})\.?$"
)
# a VPC endpoint's DNS names: regional, and one per availability zone (``-us-east-1a``)
VPCE_HOST = _HostPattern(
    r"^(?P<vpce>vpce-[a-z0-9]+)-[a-z0-9]+(?:-[a-z0-9-]+)?\.execute-api\.(?P<region>[a-z0-9-]+)"
    rf"\.vpce\.(?P<suffix>{_SUFFIXES})\.?$"
)
_NONE = "(none)"
_SEEN: weakref.WeakKeyDictionary[Any, dict[str, Any]] = register_cache(weakref.WeakKeyDictionary())
_MISS_SECONDS = 1.0  # a miss is trusted this long while no control-plane call was answered
_MAX_SEEN = 10_000


def is_execute_api(host: str | None) -> bool:
    if not host:
        return False
    # decided once per host name (every data-plane request asks it of the same few); a name longer
    # than DNS allows (a server client's Host header) is decided each time, so the cache stays small
    return _kept_is_execute_api(host) if len(host) <= 253 else _is_execute_api(host)


def _is_execute_api(host: str) -> bool:
    low = host.lower()
    return ".execute-api." in low and (HOST.match(low) is not None or VPCE_HOST.match(low) is not None)


_kept_is_execute_api = functools.lru_cache(maxsize=1024)(_is_execute_api)


def endpoint_of(host: str) -> tuple[str, str] | None:
    """(VPC endpoint id, region) of a VPC endpoint's DNS name (``host`` in lower case)."""
    found = VPCE_HOST.match(host) if host.startswith("vpce-") else None
    return None if found is None else (found["vpce"], found["region"])


_API_ID = re.compile(r"[a-z0-9]{1,64}")


def named_api(api_header: str, host_header: str, region: str) -> str:
    """The API a request to a VPC endpoint's DNS name is for ("" for none): its ``x-apigw-api-id``
    header, else its ``Host`` header's execute-api name in the endpoint's region (guess: the API id
    header wins when both are sent; an endpoint reaches its own region's APIs only)."""
    if api_header:
        api_id = api_header.strip().lower()
        return api_id if _API_ID.fullmatch(api_id) else ""
    found = HOST.match(host_header) if host_header else None
    return found["api"] if found is not None and found["region"] == region else ""


def is_data_plane_host(handle: Any, host: str | None) -> bool:
    """True for an execute-api host or a custom domain name of ``handle``'s state."""
    if not host:
        return False
    return is_execute_api(host) or find_domain(handle, host) is not None


@dataclass(frozen=True)
class Mapped:
    """Where a custom-domain request goes: the API and stage of the matched mapping or routing rule."""

    account: str
    region: str
    domain: str
    api_id: str
    stage: str | None
    path: str  # below the base path (a rule's whole path unless it strips it), starting with "/"
    rule_id: str = ""  # the routing rule that matched ("" for an API mapping)
    # the domain's ``mutualTlsAuthentication`` when it names a truststore (``runtime.mtls``), else None
    mutual_tls: dict[str, Any] | None = None


# Regions a custom domain is looked for in (AWS's public, China and GovCloud regions), besides
# the handle's own; a literal list, as loading botocore's endpoint data costs a few hundred ms.
_REGIONS: tuple[str, ...] = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1", "mx-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1",
    "eu-south-2", "il-central-1", "me-south-1", "me-central-1", "af-south-1", "ap-east-1", "ap-east-2",
    "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1",
    "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "cn-north-1",
    "cn-northwest-1", "us-gov-east-1", "us-gov-west-1",
)
# ... and the other regions botocore's small partitions.json lists (ISO, EU sovereign, newer ones)
_REGIONS += tuple(region for region in listed_regions() if region not in _REGIONS)


def regions_of(handle: Any) -> tuple[str, ...]:
    """Where to look for a resource named without its region: the handle's region first."""
    own = getattr(handle, "region", None)
    return (own, *(r for r in _REGIONS if r != own)) if own else _REGIONS


def find_domain(handle: Any, host: str) -> tuple[str, str, str] | None:
    """(account, region, domain record name) of the custom domain answering ``host``."""
    found = _domain(handle, host)
    return None if found is None else found[:3]


def _domain(handle: Any, host: str) -> tuple[str, str, str, dict[str, Any]] | None:
    """``find_domain``'s answer and the domain's record."""
    host = host.lower().rstrip(".")
    seen = _SEEN.setdefault(handle, {})
    known = seen.get(host)
    backend = handle.backend
    if isinstance(known, tuple):
        record = backend.get((known[0], known[1], "domainnames", known[2]))
        if record is not None:
            return (*known, record)
    answered = getattr(handle, "calls", ())
    calls = len(answered) + getattr(answered, "dropped", 0)  # counts on when the bounded history trims
    if isinstance(known, _Wildcard) and known.calls == calls:
        record = backend.get((known.account, known.region, "domainnames", known.name))
        if record is not None:
            return (known.account, known.region, known.name, record)
    now = time.monotonic()
    if isinstance(known, _Miss) and known.calls == calls and now - known.at < _MISS_SECONDS:
        return None
    if "." not in host or "+" in host or _is_ip(host):  # no host name holds a "+" (private domains' keys do)
        return None
    account = handle.account or DEFAULT_ACCOUNT
    for name in (host, "*." + host.split(".", 1)[1]):  # the name itself before a wildcard covering it
        found = _domain_named(backend, regions_of(handle), account, name)
        if found is not None:
            seen[host] = found[:3] if name == host else _Wildcard(*found[:3], calls)
            return found
    if len(seen) < _MAX_SEEN:
        seen[host] = _Miss(calls, now)
    return None


def _domain_named(backend: Any, regions: tuple[str, ...], account: str,
                  name: str) -> tuple[str, str, str, dict[str, Any]] | None:
    """(account, region, name, record) of the domain ``name``: in ``account`` (the mock's forced or
    the default one) in any region first, then in another account (guess: the mock's own wins)."""
    for region in regions:
        record = backend.get((account, region, "domainnames", name))
        if record is not None:
            return (account, region, name, record)
    for region in regions:
        for owner in _others(backend, (region, "domainnames", name), account):
            record = backend.get((owner, region, "domainnames", name))
            if record is not None:
                return (owner, region, name, record)
    return None


def _others(backend: Any, path: tuple[str, ...], tried: str) -> list[str]:
    """The accounts other than ``tried`` holding a record at ``(account,) + path`` (``Backend.holders``;
    a backend without it holds one account's records only, as far as the data plane knows)."""
    holders = getattr(backend, "holders", None)
    return [] if holders is None else [account for account in holders(path) if account != tried]


def api_owner(handle: Any, region: str, api_id: str, tried: str) -> str | None:
    """The account, other than ``tried`` (the mock's forced or the default account, already looked in),
    holding the REST, else HTTP or WebSocket, API ``api_id`` of ``region``; None for none. An API id is
    global to its region on AWS: its host serves it whoever calls. Where several accounts hold the id
    (only a restored snapshot or another process's state can do that), ``tried`` won already; among
    the others, the first whose collection was made first (guess)."""
    backend = handle.backend
    for path in (("restapis", api_id), ("v2", "apis", api_id)):
        found = _others(backend, (region, *path), tried)
        if found:
            return found[0]
    return None


@dataclass(frozen=True)
class _Miss:
    """A host found in no region, while the control plane had answered ``calls`` calls."""

    calls: int
    at: float


@dataclass(frozen=True)
class _Wildcard:
    """A host answered by the wildcard domain ``name``, while the control plane had answered ``calls``
    calls: trusted until it answers another, as the host's own domain name may have been created."""

    account: str
    region: str
    name: str
    calls: int


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def map_custom_domain(handle: Any, host: str, path: str,
                      headers: Mapping[str, Any] | None = None) -> Mapped | None:
    """Where a custom domain sends a request for ``path`` with ``headers``: its routing rules first
    when its mode uses them, else (or then) the API mapping with the longest matching base path."""
    found = _domain(handle, host)
    if found is None:
        return None
    account, region, name, record = found
    mutual_tls = record.get("mutualTlsAuthentication")  # one look-up: most domains have none
    if mutual_tls and not mutual_tls.get("truststoreUri"):
        mutual_tls = None  # a truststore URI set to "" turned it off
    mode = record.get("routingMode")
    if mode in RULE_MODES:  # one set lookup: the default mode reads no rule
        rules = handle.backend.scan((account, region, "v2", "domainnames", name, "routingrules"))
        routed = route((rule for _, rule in rules), path, headers, host.lower())
        if routed is not None:
            return Mapped(account, region, host.lower(), routed.api_id, routed.stage, routed.path, routed.rule_id,
                          mutual_tls or None)
        if mode == RULES_ONLY:
            return None
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
    return Mapped(account, region, host.lower(), str(mapping.get("restApiId")), mapping.get("stage"), rest, "",
                  mutual_tls or None)
