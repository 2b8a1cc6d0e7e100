"""Which host names gwmock keeps inside the process, and the error a blocked request raises.

Guarded: every API Gateway control-plane host and every execute-api host of every
partition, in all their forms: ``apigateway.{region}.amazonaws.com``, FIPS
(``apigateway-fips.``), dual-stack (``.api.aws``, ``.api.amazonwebservices.com.cn``),
China (``.amazonaws.com.cn``), ISO (``c2s.ic.gov``, ``sc2s.sgov.gov``,
``csp.hci.ic.gov``), EU sovereign (``cloud.adc-e.uk``), ``{api}.execute-api.{region}...``,
``{api}-{vpce}.execute-api...`` and ``vpce-...execute-api.{region}.vpce.amazonaws.com``.
Matching is by name only: gwmock never looks a host up.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from gwmock.errors import GwmockError

_PARTITIONS = (
    r"amazonaws\.com|amazonaws\.com\.cn|api\.aws|api\.amazonwebservices\.com\.cn"
    r"|c2s\.ic\.gov|sc2s\.sgov\.gov|csp\.hci\.ic\.gov|cloud\.adc-e\.uk"
)
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
    return GUARDED.search(host.lower().strip("[]")) is not None


def host_of(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def blocked(target: str, how: str) -> NetworkBlocked:
    return NetworkBlocked(
        f"gwmock: refused to connect to {target} while a mock_apigateway is active ({how}). "
        "gwmock answers botocore/boto3, aiobotocore/aioboto3, requests, urllib3, httpx, aiohttp and "
        "urllib.request calls; this client bypasses them, so the request was stopped inside the process."
    )
