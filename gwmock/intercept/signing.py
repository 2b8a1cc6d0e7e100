"""Requests for the two services are never signed with a secret while a mock is active.

``botocore.signers.RequestSigner.sign`` (and aiobotocore's async override) is patched
on the class: for ``apigateway``, ``apigatewayv2`` and ``apigatewaymanagementapi``
(execute-api hosts only) clients it writes an
``Authorization`` header that names only the access key id (which the mock needs to
pick the fake account) and no signature. The secret key is never read, and
credentials that are not loaded yet (assume-role, SSO, IMDS, container: refreshable
providers) are never resolved, so no STS/SSO/metadata call is made for them; their
requests use the mock's ``account=`` or the default account. Every other service is
signed by botocore as usual.
"""

from __future__ import annotations

import sys
import time
from typing import Any

# apigatewaymanagementapi talks to execute-api hosts only, which the mock answers too
SIGNED_SERVICE_IDS = frozenset({"api-gateway", "apigatewayv2", "apigatewaymanagementapi"})
ACCESS_KEY = "gwmock_access_key"  # the key of ``mark``'s access key id in the request's context


def mocked_service(signer: Any) -> bool:
    if sys.modules["gwmock.intercept"].active_mock() is None:  # loaded: it installed this patch
        return False
    service_id = getattr(signer, "_service_id", None)
    if service_id is None:
        return False
    mocked = _MOCKED.get(service_id)
    if mocked is None:  # botocore's ServiceId, a str: its hyphenated form looked up once per name
        mocked = _MOCKED[service_id] = service_id.hyphenize() in SIGNED_SERVICE_IDS
    return mocked


_MOCKED: dict[str, bool] = {}


def access_key_id(credentials: Any) -> str | None:
    """The access key id of credentials already in memory; never triggers a refresh."""
    if credentials is None:
        return None
    if hasattr(credentials, "_refresh_using") or hasattr(credentials, "_refresh"):
        # refreshable (possibly deferred): reading it could run a provider
        return None
    key = getattr(credentials, "access_key", None)
    return key if isinstance(key, str) else None


def mark(signer: Any, request: Any, region_name: str | None) -> None:
    key = access_key_id(getattr(signer, "_credentials", None))
    if key is None:
        return
    day = _today()
    region = region_name or getattr(signer, "_region_name", None) or "us-east-1"
    name = getattr(signer, "_signing_name", None) or "apigateway"
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={key}/{day}/{region}/{name}/aws4_request, "
        "SignedHeaders=host, Signature=gwmock-unsigned"
    )
    # also kept in the call's context, where the control-plane hook reads it back without
    # parsing the header again (botocore's header table costs a key object per lookup)
    context = getattr(request, "context", None)
    if isinstance(context, dict):
        context[ACCESS_KEY] = key


_last_day: tuple[int, str] = (-1, "")


def _today() -> str:
    """The UTC date of the credential scope (``20261206``), formatted once per second."""
    global _last_day  # noqa: PLW0603 - a one-entry cache; a race only formats twice
    now = int(time.time())
    if _last_day[0] != now:
        _last_day = (now, time.strftime("%Y%m%d", time.gmtime(now)))
    return _last_day[1]


def sign(self: Any, operation_name: str, request: Any, region_name: str | None = None,
         signing_type: str = "standard", *args: Any, **kwargs: Any) -> Any:
    if mocked_service(self):
        return mark(self, request, region_name)
    return sys.modules["gwmock.intercept"].original("botocore.signers", "RequestSigner", "sign")(
        self, operation_name, request, region_name, signing_type, *args, **kwargs
    )


async def aio_sign(self: Any, operation_name: str, request: Any, region_name: str | None = None,
                   signing_type: str = "standard", *args: Any, **kwargs: Any) -> Any:
    if mocked_service(self):
        return mark(self, request, region_name)
    return await sys.modules["gwmock.intercept"].original("aiobotocore.signers", "AioRequestSigner", "sign")(
        self, operation_name, request, region_name, signing_type, *args, **kwargs
    )
