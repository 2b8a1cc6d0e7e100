"""ARNs of API Gateway resources: ``arn:<partition>:apigateway:<region>::/<path>``, and the
partition and DNS suffix of a region.

* A region's partition is found as botocore finds it (its ``data/partitions.json``): a region
  a partition lists, else the first partition whose ``regionRegex`` matches, else ``aws`` (a
  region botocore does not know, ``xx-fake-1``, is served as an ``aws`` one, as botocore sends
  it to ``apigateway.xx-fake-1.amazonaws.com``). ``aws-cn`` regions' hosts end in
  ``amazonaws.com.cn`` (AWS "Amazon API Gateway endpoints and quotas":
  ``execute-api.cn-north-1.amazonaws.com.cn``), GovCloud's in ``amazonaws.com``, the ISO
  partitions' in ``c2s.ic.gov``, ``sc2s.sgov.gov``, ``cloud.adc-e.uk``, ``csp.hci.ic.gov``,
  the EU sovereign cloud's in ``amazonaws.eu``.
* Each answer is worked out once per region name and kept (``functools.lru_cache``), so a
  data-plane request pays one cached call. The literal table below stands in for a botocore whose
  partitions.json is missing or unreadable.
"""

from __future__ import annotations

import functools
import json
import os
import re

from gwmock.errors import BadRequest

# (partition, region regex, DNS suffix): botocore 1.43's partitions.json, in its order
_KNOWN = (
    ("aws", r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$", "amazonaws.com"),
    ("aws-cn", r"^cn\-\w+\-\d+$", "amazonaws.com.cn"),
    ("aws-eusc", r"^eusc\-(de)\-\w+\-\d+$", "amazonaws.eu"),
    ("aws-iso", r"^us\-iso\-\w+\-\d+$", "c2s.ic.gov"),
    ("aws-iso-b", r"^us\-isob\-\w+\-\d+$", "sc2s.sgov.gov"),
    ("aws-iso-e", r"^eu\-isoe\-\w+\-\d+$", "cloud.adc-e.uk"),
    ("aws-iso-f", r"^us\-isof\-\w+\-\d+$", "csp.hci.ic.gov"),
    ("aws-us-gov", r"^us\-gov\-\w+\-\d+$", "amazonaws.com"),
)
_NAME = re.compile(r"[a-z0-9-]{1,64}")
_SUFFIX = re.compile(r"[a-z0-9.-]{1,64}")


@functools.lru_cache(maxsize=1)
def _partitions() -> tuple[tuple[str, frozenset[str], re.Pattern[str], str], ...]:
    """(name, listed regions, region regex, DNS suffix) of each partition botocore knows."""
    try:
        import botocore  # noqa: PLC0415 - read once, on the first region asked about

        path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
        with open(path, encoding="utf-8") as handle:
            found = json.load(handle)["partitions"]
        out = tuple((p["id"], frozenset(p.get("regions") or ()), re.compile(p["regionRegex"]),
                     p["outputs"]["dnsSuffix"]) for p in found)
        if out and all(_NAME.fullmatch(p[0]) and _SUFFIX.fullmatch(p[3]) for p in out):
            return out
    except (OSError, ValueError, ImportError, KeyError, TypeError, AttributeError, re.error):
        pass
    return tuple((name, frozenset(), re.compile(regex), suffix) for name, regex, suffix in _KNOWN)


@functools.lru_cache(maxsize=256)
def _of(region: str) -> tuple[str, str]:
    """(partition, DNS suffix) of ``region``."""
    if len(region) <= 64:  # a longer name is no region (and is not matched against any regex)
        known = _partitions()
        for name, regions, _, suffix in known:
            if region in regions:
                return name, suffix
        for name, _, regex, suffix in known:
            if regex.match(region):
                return name, suffix
    return "aws", "amazonaws.com"


def partition(region: str) -> str:
    """The partition of ``region`` (``aws``, ``aws-cn``, ``aws-us-gov``, ``aws-iso``, ...)."""
    return _of(region)[0]


def dns_suffix(region: str) -> str:
    """The DNS suffix of ``region``'s partition (``amazonaws.com``, ``amazonaws.com.cn``, ...)."""
    return _of(region)[1]


def dns_suffixes() -> frozenset[str]:
    """Every partition's DNS suffix."""
    return frozenset(p[3] for p in _partitions())


def listed_regions() -> tuple[str, ...]:
    """The regions botocore's partitions list (not their ``*-global`` pseudo-regions), in its order."""
    return tuple(region for p in _partitions() for region in sorted(p[1]) if not region.endswith("-global"))


@functools.lru_cache(maxsize=1024)
def execute_api_host(api_id: str, region: str) -> str:
    """``{api}.execute-api.{region}.{suffix}``: the default endpoint's host of an API (kept: every
    data-plane request of an API asks for the same one)."""
    return f"{api_id}.execute-api.{region}.{_of(region)[1]}"


def resource_arn(region: str, path: str, account: str = "") -> str:
    """The ARN of the resource at REST path ``path`` (``/restapis/abc/stages/dev``); newer
    resources (private domains, portals, routing rules) name their ``account`` too."""
    return f"arn:{partition(region)}:apigateway:{region}:{account}:{path}"


def resource_path(region: str, arn: str, account: str | None = None) -> str:
    """The REST path named by an API Gateway ARN; rejects ARNs of other services or regions.

    Most ARNs have no account (``...:eu-west-1::/restapis/x``); newer resources (private
    domain names, portals, routing rules) carry the owner's (``...:eu-west-1:123456789012:/...``).
    """
    for owner in ("", account):
        if owner is None:
            continue
        prefix = f"arn:{partition(region)}:apigateway:{region}:{owner}:/"
        if arn.startswith(prefix) and len(arn) > len(prefix):
            return arn[len(prefix) - 1 :]
    raise BadRequest(f"Invalid ARN specified in the request: {arn}")


def execute_api_arn(region: str, account: str, api_id: str, path: str = "*") -> str:
    return f"arn:{partition(region)}:execute-api:{region}:{account}:{api_id}/{path}"
