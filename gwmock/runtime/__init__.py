"""The data plane: calling deployed APIs at ``https://{api}.execute-api.{region}.amazonaws.com``.

Contract: ``call(handle, method, url, headers, body) -> Response``. The URL's host
names the API and region; a REST API (v1) is served by ``rest.api.call_rest_api``
(``/{stage}/path``), an HTTP or WebSocket API (v2) by ``http.api.call_http_api``
(``/{stage}/path``, or ``/path`` on the ``$default`` stage). Both read the
control plane's records through a ``Context`` of the handle's backend, and reach
user code (Lambda functions as Python callables) through ``handle.lambdas``.

Requests arrive here from ``gw.invoke(...)`` or, while a mock is active, from any
HTTP client built on urllib3 (requests, botocore, urllib3 itself): see
``gwmock.intercept``.

Accounts: an API id is global to its region on AWS, so its execute-api host serves it whatever
account created it (a client whose access key id is 12 digits works in that account). The mock's
forced account, else the default one, is looked in first (a REST API found costs one look-up, an
HTTP or WebSocket API two, as before); only when neither holds the id does ``hosts.api_owner`` ask
the backend which accounts hold it (``Backend.holders``: the memory backend's index of collections
by account, SQLite's walk of its accounts), and the API is served as its owner's: its usage plans and
keys, its resource policy's account, ``requestContext.accountId``. Guess: where two accounts hold one
id (only a restored snapshot can make that), the forced or default account wins, then the account whose
APIs were stored first; AWS never has two. A custom domain is found in any account likewise
(``hosts``), and serves its own account's mappings.

A custom domain name of the mock's state is served too (``is_data_plane_host``):
its API mapping (base path) names the API and stage, or its routing rules do when its
routing mode uses them (``routing_rules``: matched on the path and the request's headers;
nothing matched is the same 403 as an unmapped path). ``/{stage}/@connections/{id}``
of a WebSocket API is its management API (``websocket.management``). A custom domain with mutual TLS
(``mutualTlsAuthentication`` naming a truststore) first checks the client's certificate (``mtls``: from
``gw.invoke(..., client_cert=pem)`` or the ``cert_file`` of a urllib3 pool, read only then); a refused
one is a 403 before anything else, an admitted one's facts reach the events (``identity.clientCert``,
``authentication.clientCert``). The execute-api host is never checked.

Private REST APIs (endpoint type PRIVATE) answer through a VPC endpoint only (AWS "Invoke a
private API"; Knowledge Center "Why do I get an HTTP 403 Forbidden error when connecting to my API
Gateway APIs from a VPC?"): at the endpoint's own DNS names
(``vpce-{id}-{dns}[-{zone}].execute-api.{region}.vpce.amazonaws.com``, the API named by an
``x-apigw-api-id`` header or a ``Host: {api}.execute-api.{region}.amazonaws.com`` header), and at the
Route 53 alias ``{api}-{vpce-id}.execute-api...`` of an endpoint in the API's ``vpcEndpointIds``
(also given as the ``Host`` of a ``gw.invoke`` to the public URL). Everything else answers 403
``{"message":"Forbidden"}``: a private API at its public host (the test is outside any VPC), an
edge-optimized, regional, HTTP or WebSocket API through an endpoint's DNS name, an endpoint name
without a known API. A private call carries what API Gateway adds (users' events):
``x-amzn-vpce-id``, ``x-amzn-vpce-config: 1``, ``x-amzn-cipher-suite``, ``x-amzn-tls-version``
(replacing a client's), ``aws:SourceVpce`` and ``identity.vpceId`` (``rest.resource_policy``), and
``$context.domainName`` is the ``Host`` sent ("the same as the incoming Host header").

Guesses: ``x-apigw-api-id`` wins over ``Host`` when both name an API; an endpoint reaches its own
region's APIs only; an alias of an endpoint the API is not associated with answers 403 (the name then
falls to execute-api's public wildcard, which does not know it); the alias of a public API is still
served as before (the resource policy sees the endpoint), as gwmock's tests of policies rely on;
the cipher and TLS values are the ones users' events show; the VPC id (``x-amzn-vpc-id``,
``identity.vpcId``) is unknown to gwmock and left out (null). A private custom domain name called
through an endpoint (``Host: private.example.com``) is not served (403).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from gwmock.context import Context
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime import diagnostics
from gwmock.runtime.caches import forget, register_cache
from gwmock.runtime.hosts import (
    HOST,
    api_owner,
    endpoint_of,
    find_domain,
    is_data_plane_host,
    is_execute_api,
    map_custom_domain,
    named_api,
)
from gwmock.runtime.response import Response

__all__ = ["HOST", "Response", "call", "forget", "is_data_plane_host", "is_execute_api", "register_cache"]


def call(handle: Any, method: str, url: str, headers: Mapping[str, str | list[str]] | None = None,
         body: bytes | str | None = None, *, client_cert: str | bytes | None = None,
         cert_file: Any = None) -> Response:
    """Serve one request to a deployed API from the mock's state, and record it on the handle; a
    header given as a list is that many header lines. ``client_cert`` (PEM) or ``cert_file`` (the path
    of the client's PEM file) is the certificate the client presents, read only by a custom domain
    with mutual TLS (``mtls``)."""
    data = body.encode() if isinstance(body, str) else (body or b"")
    response = _serve(handle, method, url, headers or {}, data, client_cert, cert_file)
    if response.body and (response.status in _NO_CONTENT or method.upper() == "HEAD"):
        # no body follows an answer to HEAD, whatever the integration gave (RFC 9110 9.3.2: Mangum and
        # Powertools answer HEAD as GET); its headers, Content-Length included, stay. Nor a 1xx, 204 or
        # 304 (RFC 9110 15.3.5, 15.4.5; RFC 9112 6.3: a client reads none from the connection)
        response.body = b""
    diagnostics.record(handle, method, url, headers or {}, data, response)
    return response


_NO_CONTENT = frozenset({*range(100, 200), 204, 304})  # statuses that end at their header section


def _serve(handle: Any, method: str, url: str, headers: Mapping[str, str | list[str]], data: bytes,
           client_cert: str | bytes | None = None, cert_file: Any = None) -> Response:
    host, raw_path, query, named = (_target if len(url) <= _KEPT_URL else _parse_target)(url)
    path = raw_path
    domain = ""  # a custom domain's name: the events' Host, domainName and path keep it
    vpce: str | None = None  # the VPC endpoint the request came in through (the URL's host names it)
    mutual_tls: dict[str, Any] | None = None  # a custom domain's mutual TLS settings
    rule_id = ""  # the custom domain's routing rule that sent the request here (access logs)
    if named is not None:
        account, (api_id, region, vpce) = handle.account or DEFAULT_ACCOUNT, named
        if vpce is not None and _header(headers, "host") is None:
            # an HTTP client sends the URL's host (http.client adds it after urllib3's hook): a private
            # API's resource policy reads the VPC endpoint from it (``aws:SourceVpce``)
            headers = {**headers, "Host": host}
        if not api_id:  # a VPC endpoint's own DNS name: a header names the API
            api_id = named_api(_text(_header(headers, "x-apigw-api-id")), _host_name(headers), region)
    else:
        mapped = map_custom_domain(handle, host, path, headers)
        if mapped is None:
            if find_domain(handle, host) is None:
                raise ValueError(f"not an execute-api URL: {url}")
            return _not_found()
        account, region, api_id, domain = mapped.account, mapped.region, mapped.api_id, host
        mutual_tls, rule_id = mapped.mutual_tls, mapped.rule_id
        # The mapping's (or rule's) stage stands in for the path's stage segment (a ``$default``
        # stage has none).
        path = mapped.path if mapped.stage in (None, "$default") else f"/{mapped.stage}{mapped.path}"
    ctx = Context("execute-api", "Invoke", account, region, handle.backend)
    # No unit of work around the call: integrations run user code and may call the mock
    # again from other threads (a local HTTP backend); the few writes (usage) are single puts.
    rest_api = ctx.store.get(("restapis", api_id)) if api_id else None
    api: dict[str, Any] | None = None
    if rest_api is None and api_id:
        api = ctx.store.get(("v2", "apis", api_id))
        if api is None and named is not None:  # an API id is its region's: another account may own it
            owner = api_owner(handle, region, api_id, account)
            if owner is not None:
                ctx = Context("execute-api", "Invoke", owner, region, handle.backend)
                rest_api = ctx.store.get(("restapis", api_id))
                api = None if rest_api is not None else ctx.store.get(("v2", "apis", api_id))
    domain_path = raw_path if domain else None
    cert: Any = None  # the facts of an admitted client certificate (``mtls.ClientCert``)
    if mutual_tls is not None:  # the TLS handshake comes before anything HTTP
        cert = _admit(handle, mutual_tls, region, client_cert, cert_file, rest_api is not None, method, url)
        if isinstance(cert, Response):
            return cert
    if rest_api is not None and not domain and (vpce is not None or _is_private(rest_api)):
        admitted = _through_endpoint(rest_api, host, vpce, headers)
        if admitted is None:
            return _forbidden()
        headers, domain = admitted
    if rest_api is not None:
        return (_call_rest_api or _load_rest())(
            ctx, handle, api_id, method.upper(), path, query, headers, data, rest_api,
            domain=domain, domain_path=domain_path, client_cert=cert, routing_rule=rule_id)
    if api is not None and vpce is not None and endpoint_of(host) is not None:
        return _forbidden()  # a VPC endpoint serves private REST APIs only
    if api is not None and api.get("ProtocolType") == "WEBSOCKET":
        stage, marker, connection_id = _management_path(path)
        if marker == "@connections":
            from gwmock.runtime.websocket import management  # noqa: PLC0415

            return management.serve(handle, ctx, api, stage, method.upper(), connection_id, query, headers,
                                    data)
    if api is not None:
        return (_call_http_api or _load_http())(ctx, handle, api_id, method.upper(), path, query, headers,
                                                data, api, domain=domain, domain_path=domain_path,
                                                client_cert=cert)
    # AWS has no such host; the nearest HTTP answer is API Gateway's 403 for unknown routes.
    return _forbidden()


# --- private APIs -----------------------------------------------------------------------------

# What API Gateway adds to a request that came through a VPC endpoint, replacing any the client sent
# (events of private APIs that users quote; the cipher and TLS values are the ones seen there)
_ENDPOINT_HEADERS = ("x-amzn-cipher-suite", "x-amzn-tls-version", "x-amzn-vpc-id", "x-amzn-vpce-config",
                     "x-amzn-vpce-id")
_CIPHER, _TLS = "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2"


def _is_private(api: dict[str, Any]) -> bool:
    return "PRIVATE" in ((api.get("endpointConfiguration") or {}).get("types") or ())


def _through_endpoint(api: dict[str, Any], host: str, vpce: str | None, headers: Mapping[str, str | list[str]],
                      ) -> tuple[Mapping[str, str | list[str]], str] | None:
    """The headers a private API's call carries on and the ``Host`` it was called with (the events'
    ``domainName``); None where AWS answers 403 Forbidden: a private API called without a VPC
    endpoint, through the alias of an endpoint it is not associated with, or another API called
    through an endpoint's own DNS name. An alias of a public API keeps gwmock's former answer
    (served, the policy seeing the endpoint)."""
    sent = _host_name(headers)
    if vpce is None:  # the public host: gw.invoke may name the alias in the Host header instead
        found = HOST.match(sent)
        vpce = found["vpce"] if found is not None and found["api"] == api.get("id") else None
        if vpce is None:
            return None
    alias = endpoint_of(host) is None and endpoint_of(sent) is None
    if not _is_private(api):
        return (headers, "") if alias else None
    if alias and vpce not in ((api.get("endpointConfiguration") or {}).get("vpcEndpointIds") or ()):
        return None  # no Route 53 alias: the name reaches the public endpoint (guess)
    out = {name: value for name, value in headers.items() if name.lower() not in _ENDPOINT_HEADERS}
    out.update({"x-amzn-cipher-suite": _CIPHER, "x-amzn-tls-version": _TLS, "x-amzn-vpce-config": "1",
                "x-amzn-vpce-id": vpce})
    return out, sent or host


def _header(headers: Mapping[str, str | list[str]], name: str) -> str | list[str] | None:
    """The value of the header ``name`` (lower case) as the client sent it, None when it sent none."""
    return next((value for key, value in headers.items() if key.lower() == name), None)


def _text(value: Any) -> str:
    """A header's last value as text ("" for none)."""
    if isinstance(value, list):
        value = value[-1] if value else ""
    return value.decode("latin-1") if isinstance(value, bytes) else "" if value is None else str(value)


def _host_name(headers: Mapping[str, str | list[str]]) -> str:
    """The ``Host`` header's name, in lower case and without a port ("" for none)."""
    name = _text(_header(headers, "host")).strip().lower()
    head, colon, port = name.rpartition(":")
    return head if colon and port.isdigit() and not name.endswith("]") else name


def _forbidden() -> Response:
    return Response(403, {"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"},
                    b'{"message":"Forbidden"}')


def _parse_target(url: str) -> tuple[str, str, str, tuple[str, str, str | None] | None]:
    """(lower-case host, path or "/", query, (API id, region, VPC endpoint or None) of an execute-api
    host, with no API id for a VPC endpoint's own DNS name; None for another host)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    found = HOST.match(host)
    if found is not None:
        return host, path, parts.query, (found["api"], found["region"], found["vpce"])
    endpoint = endpoint_of(host)
    return host, path, parts.query, None if endpoint is None else ("", endpoint[1], endpoint[0])


# ``_parse_target`` kept per URL text (a test calls the same few URLs again and again); a longer URL
# (a server client's, up to its 32 KB head) is parsed each time, so the cache stays small
_target = functools.lru_cache(maxsize=1024)(_parse_target)
_KEPT_URL = 2048


_call_rest_api: Callable[..., Response] | None = None  # rest.api.call_rest_api once loaded


def _load_rest() -> Callable[..., Response]:
    """The REST data plane, imported on the first call to a REST API and kept (an import
    statement in a function costs a look-up in the import system on every call)."""
    global _call_rest_api  # noqa: PLW0603 - set once; a race only imports twice
    from gwmock.runtime.rest.api import call_rest_api  # noqa: PLC0415 - loaded on first call

    _call_rest_api = call_rest_api
    return call_rest_api


_call_http_api: Callable[..., Response] | None = None  # http.api.call_http_api once loaded


def _load_http() -> Callable[..., Response]:
    """The HTTP API data plane, imported on the first call to an HTTP API and kept."""
    global _call_http_api  # noqa: PLW0603 - set once; a race only imports twice
    from gwmock.runtime.http.api import call_http_api  # noqa: PLC0415 - loaded on first call

    _call_http_api = call_http_api
    return call_http_api


def _management_path(path: str) -> tuple[str, str, str]:
    """(stage, "@connections", connection id) of ``/{stage}/@connections/{id}``."""
    segments = path.split("/")
    if len(segments) != 4 or segments[0]:
        return "", "", ""
    return unquote(segments[1]), unquote(segments[2]), unquote(segments[3])


def _admit(handle: Any, settings: dict[str, Any], region: str, client_cert: str | bytes | None, cert_file: Any,
           rest: bool, method: str, url: str) -> Any:
    """``mtls.admit``, its module (and cryptography) loaded on the first domain with mutual TLS."""
    from gwmock.runtime import mtls  # noqa: PLC0415 - only domains with mutual TLS need it

    return mtls.admit(handle, settings, region, client_cert, cert_file, rest, method.upper(), url)


def _not_found() -> Response:
    """A custom domain without a mapping or routing rule for the request: 403 (AWS's routing rules
    examples, example 3: "rejects the call and sends the caller a 403 Forbidden status code"; the
    body is a guess, API Gateway's answer to unknown paths)."""
    return _forbidden()
