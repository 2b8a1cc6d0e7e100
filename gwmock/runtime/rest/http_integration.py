"""HTTP and HTTP_PROXY integrations: the real request, made with urllib3.

The URI gets ``${stageVariables.x}`` and its ``{name}`` placeholders filled from
``integration.request.path.<name>`` (falling back to the method's path parameter of the
same name); ``requestParameters`` map ``integration.request.header|querystring|path.<name>``
from ``method.request.*``, stage variables, ``context.*`` and ``'static'`` values; a
request template's ``$context.requestOverride`` wins over both. The request goes to the
integration's ``httpMethod`` (the method's verb for ``ANY``) with ``timeoutInMillis``.
An execute-api URL of the mock is answered by the mock itself (the interception of
urllib3); a loopback address (the test's own server) or a host the test allowed really
receives the request; any other is refused before it is looked up (``runtime.backends``).

* HTTP (aws-recorded: test_apigateway_http test_http_integration_with_lambda[HTTP],
  test_http_integration_method, test_apigateway_integrations test_apigateway_header_remapping_http):
  the request carries only the mapped headers plus ``Accept: application/json``,
  ``User-Agent: AmazonAPIGateway_<apiId>``, ``X-Amzn-Apigateway-Api-Id``,
  ``X-Amzn-Trace-Id`` and the mapped body's Content-Type; the response is selected by
  its status code against ``selectionPattern`` (default response otherwise: a 400 from the
  backend answers 200 without a pattern, test_http_integration_invoke_status_code_passthrough).
* HTTP_PROXY: the client's headers (hop-by-hop ones dropped), query string and body go
  through, mapped parameters added (querystring values appended, headers replaced); the
  backend's status, headers and body come back, with Connection, Content-Length, Date,
  Server, ... renamed ``x-amzn-Remapped-*``.

* Private integrations (``connectionType: VPC_LINK``, ``connectionId`` a v1 or v2 VPC link id or
  ``${stageVariables.x}``): AWS's "Set up an API Gateway API with private integrations using the AWS
  CLI": "The uri parameter is not used for routing requests to your endpoint, but is used for
  setting the Host header and for certificate validation". The request built from the ``uri`` (path,
  query, mapped headers) goes to the scheme, host and port ``gw.route_vpc_link`` gave the uri's
  host, else the ``integrationTarget`` (a VPC link V2's load balancer), else the link
  (``runtime.backends``), with ``Host`` the uri's host (and port, if it names one: guess), replacing
  a mapped Host (AWS knowledge center, "forward the host header with private integration": "Amazon
  API Gateway overwrites the host value that it receives in the original request to the integration
  endpoint ... depending on the integration request endpoint URL"); an https backend's certificate
  must name the uri's host. The log shows the uri's URL. A link that does not exist (a stage
  variable naming none, TestInvokeMethod without it) or is not AVAILABLE is a 500, log "Execution
  failed due to configuration error: There was an internal error while executing your request"
  (AWS knowledge center, "API Gateway 500 error with VPC link", for a link in the Failed state;
  guess for a missing one). No route: sent to the uri's host as before (refused unless allowed),
  the log and the ``gwmock`` logger naming ``gw.route_vpc_link``.

* ``tlsConfig.insecureSkipVerification`` true and an https URL (AWS's API reference, TlsConfig:
  the certificate need not come from a supported authority, "API Gateway still performs basic
  certificate validation, which includes checking the certificate's expiration date, hostname, and
  presence of a root certificate authority"): the handshake trusts any issuer (a pool of its own,
  ``CERT_NONE``), then, before anything is sent, the peer's certificate (DER, read with
  ``cryptography``) must be within its validity dates and name the host (a private integration's:
  its uri's host): SAN DNS names (``*`` only as a whole leftmost label, one label deep) and IP
  addresses, the subject's CN only when there are none. A failure is the 500 an unverifiable
  backend gets; the log gives AWS's reason (knowledge center "troubleshoot errors with SSL
  certificates": "PKIX path validation failed: java.security.cert.CertPathValidatorException:
  validity check failed" for an expired certificate; "API Gateway 500 error with VPC link": "Host
  name '...' does not match the certificate subject provided by the peer (CN=...)"). False or
  absent: the system's CA store verifies, as before.

Guesses: an unreachable backend answers 500 "Internal server error" (log: "Invalid
endpoint address" for ``.invalid`` hosts, which are never looked up); a timeout 504
INTEGRATION_TIMEOUT "Endpoint request timed out"; bodies that are not UTF-8 (or whose
type is a binary media type) stay bytes. With ``insecureSkipVerification``: "presence of a root
certificate authority" is not checked (a lone self-signed certificate is its own root; the chain
is not walked); the two log reasons are AWS's for verified calls, assumed the same here; a
certificate that cannot be read is "Invalid endpoint address (SSLError)", as a failed handshake;
an IP host never matches a CN, and a CN is read only without SAN DNS or IP entries.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import ssl
import urllib.parse
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import urllib3
from urllib3 import HTTPHeaderDict
from urllib3.connection import HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from gwmock.runtime import backends
from gwmock.runtime.response import header_dict
from gwmock.runtime.rest.gateway_responses import GatewayError, parameter_value
from gwmock.runtime.rest.mapping import config_error, map_response, request_payload, select_response
from gwmock.runtime.rest.request import Call, context, header, method_params, remap_headers

if TYPE_CHECKING:
    from cryptography import x509

_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")
_HOP_BY_HOP = {"host", "connection", "content-length", "transfer-encoding", "expect", "te", "keep-alive",
               "proxy-authenticate", "proxy-authorization", "upgrade", "trailer", "content-encoding", "via"}
# mapped headers that never reach the backend (aws-recorded header_remapping_http full-integration)
_NEVER_SENT = {"connection", "proxy-authenticate", "te", "via", "expect"}
_POOL = urllib3.PoolManager()
_EXPIRED = "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"
_MAX_SUBJECT = 512  # characters of a subject the log shows
logger = logging.getLogger("gwmock")


def run_http(call: Call, integration: dict[str, Any], log: Any) -> tuple[int, str | bytes, Mapping[str, str]]:

    proxy = integration.get("type") == "HTTP_PROXY"
    mapped = mapped_parameters(call, integration)
    if proxy:
        body: bytes = call.body_bytes if call.body_bytes is not None else call.body.encode()
        overrides: Mapping[str, Any] = {}
        headers = {k: v[-1] for k, v in call.headers.items() if v and k.lower() not in _HOP_BY_HOP}
        query = [(k, v) for k, values in call.query.items() for v in values]
    else:
        payload_in, overrides = request_payload(call, integration)
        body = payload_in if isinstance(payload_in, bytes) else payload_in.encode()
        headers = {"Accept": "application/json", "User-Agent": f"AmazonAPIGateway_{call.api_id}"}
        if body:
            content_type = (header(call.headers, "Content-Type") or "application/json").split(";")[0].strip()
            headers["Content-Type"] = content_type
        query = []
    headers["X-Amzn-Apigateway-Api-Id"] = call.api_id
    trace = header(call.headers, "X-Amzn-Trace-Id")
    if trace:
        headers["X-Amzn-Trace-Id"] = trace
    for name, value in {**mapped["header"], **(overrides.get("header") or {})}.items():
        if name.lower() in _NEVER_SENT:
            continue
        headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
        headers[name] = str(value)
    for name, value in {**mapped["querystring"], **(overrides.get("querystring") or {})}.items():
        if not proxy:
            query = [(k, v) for k, v in query if k != name]
        query.append((name, str(value)))
    url = _url(call, integration, {**mapped["path"], **(overrides.get("path") or {})})
    if query:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
    verb = integration.get("httpMethod") or call.http_method
    verb = call.http_method if verb == "ANY" else verb
    shown, tls_name = url, None  # the log shows the URI's URL, also for a private integration (AWS's)
    if integration.get("connectionType") == "VPC_LINK":
        url, tls_name = _private(call, integration, url, headers, log)
    _check_address(url, config_error)
    refused = backends.refusal(call.handle, url)
    if refused is not None:
        log(f"Endpoint request URI: {shown}")
        raise config_error(refused)
    log(f"Endpoint request URI: {shown}")
    log(f"Endpoint request headers: {headers}")
    skip_ca = bool((integration.get("tlsConfig") or {}).get("insecureSkipVerification"))
    status, out_headers, data = _send(verb, url, headers, body, int(integration.get("timeoutInMillis") or 29000),
                                      config_error, tls_name, skip_ca)
    response_type = next((v for k, v in out_headers.items() if k.lower() == "content-type"), None)
    log(f"Endpoint response status: {status}")
    if proxy:  # HTTP_PROXY passes the backend's bytes through untouched
        return status, data, remap_headers(out_headers)
    response = select_response(integration, str(status))
    return map_response(call, response, data, out_headers, response_type)


def mapped_parameters(call: Call, integration: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The integration request's headers, query string and path, from ``requestParameters``
    (shared with AWS service integrations)."""
    out: dict[str, dict[str, str]] = {"header": {}, "querystring": {}, "path": {}}
    params, ctx = method_params(call), context(call)
    for target, source in (integration.get("requestParameters") or {}).items():
        if not target.startswith("integration.request."):
            continue
        where, _, name = target[len("integration.request."):].partition(".")
        where = {"multivaluequerystring": "querystring", "multivalueheader": "header"}.get(where, where)
        value = parameter_value(source, params, ctx, call.stage_variables)
        if value is not None and where in out and name:
            out[where][name] = value
    return out


def _url(call: Call, integration: dict[str, Any], path_values: dict[str, str]) -> str:
    uri = _STAGE_VARIABLE.sub(lambda m: call.stage_variables.get(m.group(1), ""), str(integration.get("uri") or ""))

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        greedy = name.endswith("+")
        name = name.rstrip("+")
        value = path_values.get(name, call.path_params.get(name, match.group(0)))
        return value if greedy or "/" in value else urllib.parse.quote(value, safe="@:+%")

    return re.sub(r"\{([A-Za-z0-9_.-]+\+?)\}", fill, uri)


def _private(call: Call, integration: dict[str, Any], url: str, headers: dict[str, str],
             log: Any) -> tuple[str, str | None]:
    """A private integration's request: the URL to call and the name its TLS certificate must
    show. Sent to the base URL ``gw.route_vpc_link`` gave its URI's host, its ``integrationTarget``
    or its VPC link (in that order), with the URI's host as ``Host`` (replacing a mapped one) and as
    the certificate's name; without a route, to the URI's host as an HTTP integration."""
    link_id = _STAGE_VARIABLE.sub(lambda m: call.stage_variables.get(m.group(1), ""),
                                  str(integration.get("connectionId") or ""))
    try:
        parts = urllib.parse.urlsplit(url)
        uri_host = parts.hostname
    except ValueError:  # an IPv6 literal that does not close: no host to name
        raise config_error("Invalid endpoint address") from None
    candidates = (uri_host, integration.get("integrationTarget"), link_id)
    base = backends.private_route(call.handle, candidates)
    if base is None:
        reason = backends.unrouted("this private integration was sent to its uri's host as an HTTP "
                                   "integration would be", candidates)
        logger.warning(reason)
        log(reason)
        return url, None
    status = backends.vpc_link_status(call.handle, call.account, call.region, link_id)
    if status != "AVAILABLE":
        log(backends.unavailable_link(link_id, status))
        raise config_error("There was an internal error while executing your request")
    for name in [k for k in headers if k.lower() == "host"]:
        del headers[name]
    headers["Host"] = parts.netloc.rpartition("@")[2]
    server = urllib.parse.urlsplit(base)
    logger.debug("gwmock: private integration of %s %s sent to %s", call.http_method, call.resource_path, base)
    return urllib.parse.urlunsplit((server.scheme, server.netloc, parts.path, parts.query, "")), uri_host


def _check_address(url: str, config_error: Any) -> None:
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:  # "http://[::1/x": PutIntegration refuses it now; a restored record may hold one
        raise config_error("Invalid endpoint address") from None
    if not url.startswith(("http://", "https://")) or not host or host.endswith(".invalid"):
        raise config_error("Invalid endpoint address")


def _send(verb: str, url: str, headers: dict[str, str], body: bytes, timeout_ms: int,
          config_error: Any, tls_name: str | None = None, skip_ca: bool = False) -> tuple[int, HTTPHeaderDict, bytes]:
    """The backend's answer; ``tls_name``: the name an https backend's certificate must show (and
    the TLS handshake's server name) when it is not the URL's host (a private integration's);
    ``skip_ca``: ``tlsConfig.insecureSkipVerification`` (any issuer, basic checks only)."""
    if not url.startswith("https:"):
        return _request(_POOL, verb, url, headers, body, timeout_ms, config_error)
    if skip_ca:
        if tls_name is None:
            return _request(_basic_pool(), verb, url, headers, body, timeout_ms, config_error)
        with _basic_manager(server_hostname=tls_name) as pool:
            return _request(pool, verb, url, headers, body, timeout_ms, config_error)
    if tls_name is None:
        return _request(_POOL, verb, url, headers, body, timeout_ms, config_error)
    with urllib3.PoolManager(server_hostname=tls_name, assert_hostname=tls_name) as pool:
        return _request(pool, verb, url, headers, body, timeout_ms, config_error)


class _CertificateRefused(ssl.SSLCertVerificationError):
    """The basic checks failed; ``reason`` is the execution log's."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _BasicCheckConnection(HTTPSConnection):
    """A connection that trusts any issuer but, once the handshake is over and before the request
    is written, checks the peer's certificate as AWS still does with insecureSkipVerification."""

    def connect(self) -> None:
        super().connect()
        sock: Any = self.sock
        der = sock.getpeercert(binary_form=True) if sock is not None else None
        name = (self.server_hostname or self.host).strip("[]").rstrip(".")
        reason = certificate_problem(der, name, datetime.now(timezone.utc))
        if reason is not None:
            self.close()
            raise _CertificateRefused(reason)
        self.is_verified = True  # as far as AWS verifies here: no InsecureRequestWarning


class _BasicCheckPool(HTTPSConnectionPool):
    ConnectionCls = _BasicCheckConnection


def _basic_manager(**kwargs: Any) -> urllib3.PoolManager:
    manager = urllib3.PoolManager(cert_reqs="CERT_NONE", assert_hostname=False, **kwargs)
    manager.pool_classes_by_scheme = {"http": HTTPConnectionPool, "https": _BasicCheckPool}
    return manager


_BASIC: list[urllib3.PoolManager] = []  # made on first use: most processes never need it


def _basic_pool() -> urllib3.PoolManager:
    if not _BASIC:
        _BASIC.append(_basic_manager())
    return _BASIC[0]


def certificate_problem(der: bytes | None, host: str, now: datetime) -> str | None:
    """Why a certificate fails the checks AWS keeps with insecureSkipVerification (validity dates,
    the host's name), or None."""
    from cryptography import x509  # noqa: PLC0415 - loaded by the first call that skips CA verification

    if not der:
        return "Invalid endpoint address (SSLError)"
    try:
        cert = x509.load_der_x509_certificate(der)
        if not _utc(cert, "not_valid_before") <= now <= _utc(cert, "not_valid_after"):
            return _EXPIRED
        if _names(cert, host.lower()):
            return None
        subject = ", ".join(a.rfc4514_string() for a in reversed(list(cert.subject)))
    except ValueError:  # not DER, a malformed extension or name
        return "Invalid endpoint address (SSLError)"
    return (f"Host name '{host}' does not match the certificate subject provided by the peer "
            f"({subject[:_MAX_SUBJECT]})")


def _utc(cert: x509.Certificate, name: str) -> datetime:
    """A validity date, aware (cryptography 42's ``*_utc``; 41's naive UTC otherwise)."""
    aware: datetime | None = getattr(cert, name + "_utc", None)
    return aware if aware is not None else getattr(cert, name).replace(tzinfo=timezone.utc)


def _names(cert: x509.Certificate, host: str) -> bool:
    """Whether ``cert`` names ``host`` (lower case): SAN DNS names and IP addresses, else the CN."""
    from cryptography import x509  # noqa: PLC0415
    from cryptography.x509.oid import NameOID  # noqa: PLC0415

    address = _address(host)
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        dns, ips = san.get_values_for_type(x509.DNSName), san.get_values_for_type(x509.IPAddress)
    except x509.ExtensionNotFound:
        dns, ips = [], []
    if dns or ips:
        if address is not None:
            return address in ips
        return any(_dns_match(pattern, host) for pattern in dns)
    if address is not None:
        return False
    return any(isinstance(a.value, str) and _dns_match(a.value, host)
               for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME))


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _dns_match(pattern: str, host: str) -> bool:
    """RFC 6125's matching: case-insensitive, ``*`` only as the whole leftmost label of a pattern
    with at least two more, standing for exactly one label."""
    pattern = pattern.lower().rstrip(".")
    if not pattern.startswith("*."):
        return pattern == host
    suffix = pattern[1:]
    label, dot, rest = host.partition(".")
    return (suffix.count(".") >= 2 and "*" not in suffix and bool(label) and bool(dot)
            and "." + rest == suffix)


def _request(pool: urllib3.PoolManager, verb: str, url: str, headers: dict[str, str], body: bytes, timeout_ms: int,
             config_error: Any) -> tuple[int, HTTPHeaderDict, bytes]:
    if not any(k.lower() == "accept-encoding" for k in headers):  # API Gateway sends none of its own
        headers = {**headers, "Accept-Encoding": urllib3.util.SKIP_HEADER}
    try:
        response = pool.request(verb, url, body=body or None, headers=headers, redirect=False, retries=False,
                                timeout=urllib3.Timeout(total=timeout_ms / 1000), preload_content=True,
                                decode_content=False)
    except urllib3.exceptions.NewConnectionError as error:  # a ConnectTimeoutError in urllib3's tree
        raise config_error(f"Invalid endpoint address ({type(error).__name__})") from None
    except (urllib3.exceptions.ReadTimeoutError, urllib3.exceptions.ConnectTimeoutError):
        raise GatewayError("INTEGRATION_TIMEOUT", "Endpoint request timed out", 504,
                           reason="Execution failed due to a timeout error") from None
    except urllib3.exceptions.SSLError as error:
        if error.args and isinstance(error.args[0], _CertificateRefused):
            raise config_error(error.args[0].reason) from None
        raise config_error(f"Invalid endpoint address ({type(error).__name__})") from None
    except urllib3.exceptions.HTTPError as error:
        raise config_error(f"Invalid endpoint address ({type(error).__name__})") from None
    return response.status, header_dict(response.headers), response.data  # repeated lines (Set-Cookie) kept
