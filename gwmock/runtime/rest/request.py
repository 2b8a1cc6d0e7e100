"""The method request of a REST API call and what templates and integrations see of it.

``Call`` is one request already matched to its resource and method; ``context(call)`` is
``$context`` (and, through ``request_context``, the proxy event's ``requestContext``);
``method_params(call)`` the ``method.request.*`` values.

The identity of a real call lists every field AWS lists, ``null`` when unknown, with
``sourceIp`` the first ``X-Forwarded-For`` address the client sent, else 127.0.0.1 (guess: the
caller is local; the header lets a test pose as another address, as resource policies see it);
TestInvokeMethod keeps the console's ``test-invoke-*`` values (aws-recorded: test_apigateway_api
test_invoke_test_method). A call that a custom domain with mutual TLS admitted has ``clientCert``
last (``gwmock.runtime.mtls``; ``HeaderLists.client_cert`` brings it from ``rest.api``).
``$context.authorizer`` holds the authorizer's ``principalId`` and context (values as
strings, guess from the proxy events AWS documents) or a Cognito token's ``claims``.
"""

from __future__ import annotations

import binascii
import functools
import ipaddress
import marshal
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from hashlib import blake2b
from types import MappingProxyType
from typing import Any

from urllib3 import HTTPHeaderDict

from gwmock.arns import execute_api_host
from gwmock.runtime.randomness import random_bytes, uuid4
from gwmock.runtime.response import (
    KEEPS_TABLE,
    HeaderSource,
    Lines,
    header_dict,
    header_lines,
    one_value_each,
    table_headers,
)
from gwmock.runtime.vtl.values import ContextMap, OpaqueMap


@dataclass(slots=True)
class Call:
    """A method request, already matched to its resource and method (slots: it is made per request)."""

    api_id: str
    account: str
    region: str
    stage: str
    http_method: str
    resource_path: str  # the resource's template: /pets/{petId}
    resource_id: str
    path: str  # the path called: /pets/123
    method: dict[str, Any]  # the Method record, with methodIntegration
    path_params: dict[str, str] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, list[str]] = field(default_factory=dict)
    body: str = ""
    stage_variables: dict[str, str] = field(default_factory=dict)
    is_canary: bool = False
    request_id: str = field(default_factory=uuid4)
    # the deployed stage (absent for TestInvokeMethod)
    handle: Any = None  # the mock's handle: its ``lambdas``
    snapshot: dict[str, Any] = field(default_factory=dict)  # the deployment's (or live) API parts
    deployment_id: str = ""
    raw_path: str | None = None  # the path after the stage as called (``//x`` kept)
    host: str = ""
    # a custom domain's URL path as called, base path kept: the event's ``path`` and
    # ``requestContext.path`` (None on the execute-api host)
    domain_path: str | None = None
    body_bytes: bytes | None = None
    identity: dict[str, Any] | None = None  # None: TestInvokeMethod's identity
    authorizer: dict[str, Any] = field(default_factory=dict)
    usage_key: str | None = None  # a Lambda authorizer's usageIdentifierKey
    store: Any = None  # gwmock.context.Store of the API's account and region (API keys, usage)
    check_access: bool = False  # run throttling, authorizers and API keys (not for TestInvokeMethod)
    method_settings: dict[str, Any] = field(default_factory=dict)  # the live stage's methodSettings
    started: float = field(default_factory=time.time)
    error: BaseException | None = None  # what user code (Lambda, authorizer) raised, for the test author
    # what templates set in ``$context.requestOverride`` / ``responseOverride`` (shared by the
    # request and response templates of the call): made when a template first renders
    # (``template_overrides``); until then, nothing was set (``NO_OVERRIDES``)
    overrides: dict[str, dict[str, Any]] | None = None
    trace_id: str | None = None  # the trace header answers carry, read (or made) on first need (``invoke``)
    # a stage with access logging: the gateway failure the call was answered with (``invoke`` keeps
    # it, ``stage`` logs it); None for a stage without access logging
    access: list[Any] | None = None


def new_trace_id(raw: bytes = b"") -> str:
    """An X-Ray trace header as API Gateway adds it to a request that has none (``raw``: its 12
    random bytes when the caller drew them)."""
    return f"Root=1-{int(time.time()):08x}-{(raw or random_bytes(12)).hex()}"


def template_overrides(call: Call) -> dict[str, dict[str, Any]]:
    """The call's override dicts for a template to set, made on first need: most requests render
    no template."""
    if call.overrides is None:
        # AWS's maps: no ``status`` until a template sets it, each printing as empty text
        # (aws-recorded test_sqs_amz_json_protocol: ``responseOverride`` lists ``header`` alone)
        call.overrides = {
            "requestOverride": OpaqueMap(header=OpaqueMap(), querystring=OpaqueMap(), path=OpaqueMap()),
            "responseOverride": OpaqueMap(header=OpaqueMap())}
    return call.overrides


# What a call without a rendered template has set: nothing (read only, to the innermost map).
_NOTHING: Mapping[str, Any] = MappingProxyType({})
NO_OVERRIDES: Mapping[str, Mapping[str, Any]] = MappingProxyType({
    "requestOverride": MappingProxyType({"header": _NOTHING, "querystring": _NOTHING, "path": _NOTHING}),
    "responseOverride": MappingProxyType({"header": _NOTHING}),
})


class Answer:
    """A method response: ``wire`` holds every header line (repeated ``Set-Cookie`` kept),
    ``headers`` the same headers one value per name (repeated lines joined by ", ").
    ``minimum_compression``: the deployed API's ``minimumCompressionSize`` (set by ``stage`` on the
    answers of APIs that have one; the class's None otherwise, no work per answer)."""

    minimum_compression: int | None = None

    def __init__(self, status: int, body: str | bytes, headers: HeaderSource, log: list[str] | Lines, latency: int,
                 error: BaseException | None = None, request_id: str | None = None) -> None:
        self.status, self.body, self.latency, self.error = status, body, latency, error
        self.request_id = request_id  # None when no method was invoked (no route, no stage)
        self.log_lines = log  # the execution log as kept (``Lines``: formatted when first read)
        # a header dict the pipeline built for this answer is taken as is (no copy); others are converted
        self.wire = headers if isinstance(headers, HTTPHeaderDict) else header_dict(headers)

    @property
    def log(self) -> list[str]:
        """The execution log lines (the same list on every read)."""
        log = self.log_lines
        return log if type(log) is list else log.read()  # type: ignore[union-attr]

    @property
    def headers(self) -> dict[str, str]:
        return one_value_each(self.wire)

    @property
    def multi_value_headers(self) -> dict[str, list[str]]:
        return {name: self.wire.getlist(name) for name in self.wire}


def match_path(template: str, path: str) -> dict[str, str] | None:
    """Path parameters of ``path`` under resource path ``template``; None when it does not match.

    ``{proxy+}`` takes the rest of the path as called (inner ``//`` kept, the trailing
    ``/`` dropped: aws-recorded test_lambda_aws_proxy_integration)."""
    want = [s for s in template.split("/") if s]
    trimmed = path.lstrip("/")
    trimmed = trimmed[:-1] if trimmed.endswith("/") else trimmed
    got = trimmed.split("/") if trimmed else []
    params: dict[str, str] = {}
    for i, part in enumerate(want):
        if part.startswith("{") and part.endswith("+}"):
            rest = "/".join(got[i:])
            if i >= len(got) or not rest:
                return None
            params[part[1:-2]] = rest
            return params
        if i >= len(got) or not got[i]:
            return None
        if part.startswith("{") and part.endswith("}"):
            params[part[1:-1]] = got[i]
        elif part != got[i]:
            return None
    return params if len(want) == len(got) else None


class HeaderLists(dict[str, list[str]]):
    """A method request's header lines by name as sent, each name with at least one value, and
    ``names``: lower-case name -> the first name sent in that spelling. Built once per request
    (``rest.api``) and never changed afterwards, so ``header`` finds a name without a scan."""

    __slots__ = ("client_cert", "event_headers", "kept", "names")

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        # the facts of the client certificate a mutual TLS domain admitted (``mtls.ClientCert``), set by
        # ``rest.api`` on every request's lines: the identity reads it (``real_identity``)
        self.client_cert: Any = None
        # how the execution log keeps these lines (``kept_headers``): the marshal bytes of their
        # shape, shared by every request with the same headers, and the values made for this one
        self.kept: tuple[bytes, tuple[tuple[str, str], ...]] | None = None
        # what a Lambda proxy event makes of these lines' shape (``proxy.shape_headers``), shared by
        # every request of that shape and never changed; None: worked out per event
        self.event_headers: tuple[dict[str, str], dict[str, str]] | None = None


def kept_headers(headers: dict[str, list[str]]) -> Any:
    """The method request's headers as a log keeps them: ``HeaderLists.kept`` when they have it (one
    bytes object and a few values, where the lines themselves are some sixty objects for the kept
    log's marshal to write on every request), else a plain copy. ``headers_of`` reads either."""
    kept = headers.kept if type(headers) is HeaderLists else None
    return kept if kept is not None else dict(headers)


def headers_of(kept: Any) -> dict[str, list[str]]:
    """The header lines ``kept_headers`` kept, as a new dict of new lists."""
    if type(kept) is not tuple:
        return {name: list(values) for name, values in kept.items()}
    lines: dict[str, list[str]] = marshal.loads(kept[0])
    for name, value in kept[1]:
        lines[name] = [value]
    return lines


def header(headers: dict[str, list[str]], name: str) -> str | None:
    """The last value of the first header named ``name`` (any case) that has one."""
    wanted = name.lower()
    if type(headers) is HeaderLists:  # every name has a value: the first spelling is the one
        found = headers.names.get(wanted)
        return None if found is None else headers[found][-1]
    for key, values in headers.items():
        if values and key.lower() == wanted:
            return values[-1]
    return None


def method_params(call: Call) -> dict[str, dict[str, str]]:
    return {
        "path": dict(call.path_params),
        "querystring": {k: v[-1] for k, v in call.query.items() if v},
        "header": {k: v[-1] for k, v in call.headers.items() if v},
    }


def identity(call: Call) -> dict[str, Any]:
    if call.identity is not None:
        return call.identity
    return {"sourceIp": "test-invoke-source-ip", "userAgent": header(call.headers, "User-Agent") or "",
            "accountId": call.account, "caller": "", "user": "", "apiKey": "test-invoke-api-key"}


def real_identity(headers: dict[str, list[str]]) -> dict[str, Any]:
    """The identity of a call to a deployed stage, before any authorization; ``clientCert`` last, for
    a call a mutual TLS domain admitted (as AWS's proxy event example lists it)."""
    out = {"accessKey": None, "accountId": None, "caller": None, "cognitoAuthenticationProvider": None,
           "cognitoAuthenticationType": None, "cognitoIdentityId": None, "cognitoIdentityPoolId": None,
           "principalOrgId": None, "sourceIp": source_ip(headers), "user": None,
           "userAgent": header(headers, "User-Agent"), "userArn": None}
    cert = headers.client_cert if type(headers) is HeaderLists else None
    if cert is not None:
        out["clientCert"] = cert.event()
    return out


def forwarded_for(headers: dict[str, list[str]]) -> str | None:
    """The first entry of the first ``X-Forwarded-For`` line, as sent (None without one)."""
    if type(headers) is HeaderLists:
        name = headers.names.get("x-forwarded-for")
        values = headers[name] if name is not None else None
    else:
        values = next((v for k, v in headers.items() if v and k.lower() == "x-forwarded-for"), None)
    return values[0].split(",", 1)[0].strip() if values else None


def source_ip(headers: dict[str, list[str]]) -> str:
    """``identity.sourceIp``: the caller's address, which a test poses as with ``X-Forwarded-For``
    (its first entry, when that is an IP address), else the in-process caller's, 127.0.0.1. On AWS
    it is the connection's; resource policies read the same address (``resource_policy``)."""
    return ip_address(forwarded_for(headers) or "") or "127.0.0.1"


@functools.lru_cache(maxsize=1024)
def ip_address(text: str) -> str | None:
    """``text`` as an IP address in its usual spelling, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def request_context(call: Call) -> dict[str, Any]:
    """The proxy event's ``requestContext``; an identity's ``clientCert`` is copied (events copy the
    identity one level deep, and the function's event is its own)."""
    return context_of(context_parts(call))


def context_parts(call: Call) -> tuple[Any, ...]:
    """What ``request_context`` is made of (``context_of``), as plain values: a proxy event's fact
    keeps these (``proxy.event_fact``), about half the objects of the dict for the execution log's
    marshal to write on every request (no keys, nor what is derived from the others). The identity is
    the call's own dict: nothing changes it in place (an authorizer sets a new one), and ``context_of``
    copies it."""
    return (call.account, call.api_id, call.deployment_id, call.host, call.region, call.http_method, identity(call),
            call.domain_path if call.domain_path is not None else
            f"/{call.stage}{call.raw_path if call.raw_path is not None else call.path}",
            call.request_id, call.started, call.resource_id, call.resource_path, call.stage,
            call.authorizer or None)


def context_of(parts: tuple[Any, ...]) -> dict[str, Any]:
    """The ``requestContext`` ``context_parts`` describe, its dicts new (an authorizer's copied one level)."""
    (account, api_id, deployment_id, host, region, http_method, ident, path, request_id, started, resource_id,
     resource_path, stage, authorizer) = parts
    if "clientCert" in ident:
        ident = {**ident, "clientCert": _copied_cert(ident["clientCert"])}
    else:
        ident = dict(ident)
    out: dict[str, Any] = {
        "accountId": account,
        "apiId": api_id,
        "deploymentId": deployment_id,
        "domainName": host or execute_api_host(api_id, region),
        # "the first label of the $context.domainName" (a custom domain's, a VPC endpoint's too)
        "domainPrefix": host.partition(".")[0] if host else api_id,
        "extendedRequestId": extended_request_id(request_id),
        "httpMethod": http_method,
        "identity": ident,
        "path": path,
        "protocol": "HTTP/1.1",
        "requestId": request_id,
        "requestTime": _request_time(int(started)),
        "requestTimeEpoch": int(started * 1000),
        "resourceId": resource_id,
        "resourcePath": resource_path,
        "stage": stage,
    }
    if authorizer:
        out["authorizer"] = dict(authorizer)
    return out


def _copied_cert(cert: Any) -> Any:
    """A ``clientCert`` dict and its ``validity`` copied (anything else as it is)."""
    if type(cert) is not dict:
        return cert
    out = dict(cert)
    if type(out.get("validity")) is dict:
        out["validity"] = dict(out["validity"])
    return out


def extended_request_id(request_id: str) -> str:
    """``$context.extendedRequestId``: AWS sends the answer's ``x-amz-apigw-id`` value (15 base64
    characters and ``=``, AWS Knowledge Center "collect API Gateway extended request IDs"), so
    both are derived from the request id and agree (the last one made is kept: a request asks for
    it twice, for its event or ``$context`` and for its answer)."""
    global _last_extended  # noqa: PLW0603 - a one-entry cache; a race only derives twice
    last = _last_extended
    if last[0] == request_id:
        return last[1]
    extended = binascii.b2a_base64(blake2b(request_id.encode(), digest_size=11).digest())[:15].decode() + "="
    _last_extended = (request_id, extended)
    return extended


_last_extended: tuple[str, str] = ("", "")


_last_time: tuple[int, str] = (-1, "")


def _request_time(second: int) -> str:
    """``requestTime`` (``04/Dec/2026:18:00:00 +0000``), formatted once per second."""
    global _last_time  # noqa: PLW0603 - a one-entry cache; a race only formats twice
    if _last_time[0] != second:
        _last_time = (second, datetime.fromtimestamp(second, timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000"))
    return _last_time[1]


def context(call: Call) -> dict[str, Any]:
    """``$context`` (``vtl.ContextMap``): ``identity`` and the overrides print as empty text, and
    ``isCanaryRequest`` (and ``authorizer`` when none ran) are read but not listed, as AWS's."""
    out = request_context(call)
    if call.identity is None:  # TestInvokeMethod
        out.update(domainName="testPrefix.testDomainName", domainPrefix="testPrefix",
                   extendedRequestId=call.request_id, path=f"/{call.stage}{call.path}")
    identity = out.get("identity")
    if type(identity) is dict:
        out["identity"] = OpaqueMap(identity)
    hidden: dict[str, Any] = {"isCanaryRequest": call.is_canary}
    if call.authorizer:
        out["authorizer"] = dict(call.authorizer)
    else:
        hidden["authorizer"] = {}
    return ContextMap(out, hidden)


# Integration response headers API Gateway renames to ``x-amzn-Remapped-<name>``
# (aws-recorded: test_apigateway_integrations test_apigateway_header_remapping_*).
REMAPPED = {"authorization", "connection", "content-length", "content-md5", "date", "expect", "host",
            "max-forwards", "proxy-authenticate", "server", "trailer", "upgrade", "user-agent",
            "www-authenticate", "x-amzn-requestid"}


def remap_headers(headers: HeaderSource) -> HTTPHeaderDict:
    """The integration's headers as the method response carries them (repeated lines kept)."""
    return remapped(header_lines(headers if isinstance(headers, HTTPHeaderDict) else header_dict(headers)))


def remapped(lines: Iterable[tuple[str, str]]) -> HTTPHeaderDict:
    """Header lines as the method response carries them: ``Transfer-Encoding`` dropped, reserved
    names renamed (``REMAPPED``), each line added as ``HTTPHeaderDict.add`` adds it (``header_dict``).
    With urllib3 2's table (``response.table_headers``) it is written here in one pass, each name's
    spelling and key looked up once per process (``_out_name``): a Lambda proxy answers every request
    with the same few names."""
    if not KEEPS_TABLE:
        return header_dict([("x-amzn-Remapped-" + name if low in REMAPPED else name, value)
                            for name, value in lines if (low := name.lower()) != "transfer-encoding"])
    table: dict[str, list[str]] = {}
    for name, value in lines:
        out = _OUT_NAMES.get(name) or _out_name(name)
        if out is _DROP:
            continue
        entry = table.get(out[1])
        if entry is None:
            table[out[1]] = [out[0], value]
        else:
            entry.append(value)
    return table_headers(table)


_DROP = ("", "")
_OUT_NAMES: dict[str, tuple[str, str]] = {}  # sent name -> (name sent on, its table key); bounded
_OUT_NAMES_MAX = 1024


def _out_name(name: str) -> tuple[str, str]:
    """``name`` as the method response carries it and that name's table key (lower case); ``_DROP``
    for ``Transfer-Encoding``."""
    low = name.lower()
    if low == "transfer-encoding":
        out = _DROP
    else:
        sent = "x-amzn-Remapped-" + name if low in REMAPPED else name
        out = (sent, sent.lower())
    if len(_OUT_NAMES) < _OUT_NAMES_MAX and len(name) <= 256:
        _OUT_NAMES[name] = out
    return out


def java_map(values: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}={v}" for k, v in values.items()) + "}"
