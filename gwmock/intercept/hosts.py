"""Which host names gwmock keeps inside the process, and the error a blocked request raises.

Guarded: every API Gateway control-plane host and every execute-api host of every
partition, in all their forms: ``apigateway.{region}.amazonaws.com``, FIPS
(``apigateway-fips.``), dual-stack (``.api.aws``, ``.api.amazonwebservices.com.cn``, ...),
China (``.amazonaws.com.cn``), ISO (``c2s.ic.gov``, ``sc2s.sgov.gov``, ``csp.hci.ic.gov``,
``cloud.adc-e.uk`` and their dual-stack suffixes), EU sovereign (``amazonaws.eu``),
``{api}.execute-api.{region}...``, ``{api}-{vpce}.execute-api...`` and
``vpce-...execute-api.{region}.vpce.amazonaws.com``. The partitions' DNS suffixes are this
module's list plus every one botocore's ``partitions.json`` names, so a partition a newer
botocore knows is guarded too. A name is compared as the socket layer would resolve it:
Unicode names (fullwidth letters and dots, ``。``, soft hyphens, zero-width characters) are
first converted by IDNA, as ``socket.getaddrinfo`` does. Matching is by name only: gwmock never
looks a host up.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlsplit

from gwmock.errors import GwmockError

_SUFFIXES = (  # botocore 1.43's partitions (dnsSuffix, dualStackDnsSuffix), for releases that lack some
    "amazonaws.com", "amazonaws.com.cn", "api.aws", "api.amazonwebservices.com.cn", "amazonaws.eu",
    "api.amazonwebservices.eu", "c2s.ic.gov", "api.aws.ic.gov", "sc2s.sgov.gov", "api.aws.scloud",
    "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk", "csp.hci.ic.gov", "api.aws.hci.ic.gov",
)


def _botocore_suffixes() -> set[str]:
    """The DNS suffixes of the partitions the installed botocore knows (its small partitions.json)."""
    try:
        import botocore  # noqa: PLC0415 - a runtime dependency, read once at import

        path = os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")
        with open(path, encoding="utf-8") as handle:
            partitions = json.load(handle).get("partitions") or []
    except (OSError, ValueError, ImportError, AttributeError):
        return set()
    out = set()
    for partition in partitions:
        outputs = partition.get("outputs") if isinstance(partition, dict) else None
        for key in ("dnsSuffix", "dualStackDnsSuffix"):
            suffix = outputs.get(key) if isinstance(outputs, dict) else None
            if isinstance(suffix, str) and re.fullmatch(r"[a-z0-9.-]+", suffix):
                out.add(suffix)
    return out


_PARTITIONS = "|".join(re.escape(s) for s in sorted(set(_SUFFIXES) | _botocore_suffixes(), key=len, reverse=True))
GUARDED = re.compile(
    rf"(?:^|\.)(?:apigateway|execute-api)(?:-fips)?\.(?:[a-z0-9-]+\.)*(?:{_PARTITIONS})\.?$"
)


class NetworkBlocked(ConnectionRefusedError, GwmockError):
    """Raised instead of connecting to an API Gateway host while a mock is active."""


def is_guarded(host: str | bytes | None) -> bool:
    """True for an API Gateway or execute-api host name of any partition."""
    if not host:
        return False
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return GUARDED.search(resolved_name(host)) is not None


def resolved_name(host: str) -> str:
    """``host`` as the resolver would be asked for it: lower case, without surrounding white space
    or IPv6 brackets, and a Unicode name converted by IDNA as ``socket.getaddrinfo`` converts it
    (one that IDNA refuses cannot be resolved at all, and is kept as it is)."""
    host = host.strip().lower().strip("[]")  # glibc asks DNS for a padded name as it is
    name, colon, port = host.rpartition(":")
    if colon and port.isdigit() and "." in name and ":" not in name:  # "host:443" handed on as a name
        host = name
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            pass
    return host


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def blocked(target: str, how: str) -> NetworkBlocked:
    return NetworkBlocked(
        f"gwmock: refused to connect to {target} while a mock_apigateway is active ({how}). "
        "gwmock answers botocore/boto3, aiobotocore/aioboto3, requests, urllib3, httpx, aiohttp and "
        "urllib.request calls; this client bypasses them, so the request was stopped inside the process. "
        "A WebSocket API is connected to with gw.websocket(url)."
    )


def websocket_refused(url: str, client: str) -> NetworkBlocked:
    """A WebSocket handshake through an HTTP client's hook: gwmock answers HTTP only there."""
    return NetworkBlocked(
        f"gwmock: cannot open the WebSocket {url} through {client} while a mock_apigateway is active; "
        "connect with gw.websocket(url), gwmock's WebSocket client, instead."
    )
