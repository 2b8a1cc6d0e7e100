"""HTTP_PROXY integrations of HTTP APIs and parameter mapping.

The request is forwarded with urllib3 (the one place the data plane leaves the
process; requests to ``*.execute-api`` hosts are still answered by the mock):

* URI: ``${stageVariables.x}`` is replaced, then ``{name}``/``{name+}`` by the route's
  path parameters (``https://backend/{proxy}`` passes a greedy route's path on), percent-
  encoded again (they are decoded: a ``?``, ``#`` or ``%`` in one stays in the path); the
  request's query string is added to the URI's own (AWS passes query strings to HTTP
  proxy integrations). An URI without path variables is called as is (AWS does not
  append the request path), except on the ``$default`` route: AWS routes guide, "Working
  with the $default route": "When the $default route receives a request, API Gateway sends
  the full request path to the integration. For example, you can create an API with only a
  $default route and integrate it on the ANY method with the
  https://petstore-demo-endpoint.execute-api.com HTTP endpoint. When you send a request to
  https://api-id.execute-api.us-east-2.amazonaws.com/store/checkout, API Gateway sends a
  request to https://petstore-demo-endpoint.execute-api.com/store/checkout." The path goes
  as the client sent it (still percent-encoded), after the URI's own path
  (``https://backend/base`` -> ``/base/store/checkout``: guess), with a named stage's
  segment (``/dev/store/checkout``: what a user reports, re:Post "How to remove /stage/ part
  of URL for API Gateway requests forwarded to an Application Load Balancer?"), and below
  the API mapping on a custom domain (guess, as ``rawPath``). An ``overwrite:path`` mapping
  replaces it.
* ``IntegrationMethod`` ``ANY`` forwards the request's method. Headers go on except
  hop-by-hop ones (with the ``x-forwarded-*`` and ``x-amzn-trace-id`` headers the
  gateway added); ``host`` is the backend's.
* ``TimeoutInMillis`` is the read timeout: a slower backend is a 504
  ``{"message":"Gateway Timeout"}``; a backend that cannot be reached is a 500
  ``{"message":"Internal Server Error"}`` (guesses).
* Private integrations (``ConnectionType: VPC_LINK``) reach a load balancer or Cloud Map service in
  a VPC, which a test stands in for with ``gw.route_vpc_link(target, url)`` (``runtime.backends``):
  the target is the ``IntegrationUri`` (a listener or Cloud Map service ARN; one with a query string
  also as the ARN alone) or else the ``ConnectionId``. The request goes to that base URL as an
  HTTP_PROXY one would, with parameter mapping applied, and with the full request path: AWS's
  "Create private integrations for HTTP APIs": "API Gateway includes the stage portion of the API
  endpoint in the request to your backend resources. For example, a request to the test stage of an
  API includes test/route-path in the request to your private integration", removed by an
  ``overwrite:path`` of ``$request.path``. ``TlsConfig.ServerNameToVerify`` "is also included in the
  TLS handshake to support Server Name Indication (SNI) or virtual hosting" (API reference): with
  an https base URL it is the TLS server name and the name the certificate must show. Guesses: it
  is also the ``Host`` header (else the base URL's host, as urllib3 sends it), an
  ``overwrite:header.host`` mapping winning over both; the base URL's scheme is used whatever
  ``TlsConfig`` says; a link id with ``${stageVariables.x}`` is substituted. No route: the 500 as
  before, the ``gwmock`` logger and ``Response.log`` naming ``gw.route_vpc_link``. A VPC link that
  does not exist or is not AVAILABLE: 500 (the ``gwmock`` logger says which). A WebSocket API's
  private integration (a v1 link, ``IntegrationUri`` the load balancer's URL) is called as its URL
  says, its host as ``Host``, at the base URL given for that host or the link (guess, as REST).

Parameter mapping (AWS's "Transforming API requests and responses"):
``RequestParameters`` (HTTP_PROXY, and Lambda proxy integrations, whose event they change:
``mapped_request``; the API reference: "For HTTP API integrations without a specified
integrationSubtype request parameters are a key-value map specifying how to transform HTTP requests
before sending them to the backend", and users map headers into Lambda events from the console,
aws/aws-cdk#17255, aws/serverless-application-model#2510) ``append|overwrite|remove:header.<name>``,
``...:querystring.<name>``, ``overwrite:path``; ``ResponseParameters`` per status code
``append|overwrite|remove:header.<name>`` and ``overwrite:statuscode``, applied to
every integration type (guess: AWS documents them for all). Values: ``$request.header.``,
``$request.querystring.``, ``$request.body.`` (dotted JSON path), ``$request.path``,
``$request.path.<name>``, ``$context.``, ``$stageVariables.``, ``$response.header.``,
``$response.body.``, ``${...}`` inside a static string, or a static value. A value
that resolves to nothing leaves the parameter alone (guess).
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import urllib3
from urllib3 import HTTPHeaderDict

from gwmock.runtime import backends
from gwmock.runtime.http.request import V2Request, error, respond
from gwmock.runtime.response import Response

_logger = logging.getLogger("gwmock")
_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
                  "transfer-encoding", "upgrade", "content-length", "host"})
_EMBEDDED = re.compile(r"\$\{([^}]+)\}")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_.:-]+)\}")
_PATH_VARIABLE = re.compile(r"\{([A-Za-z0-9._-]+)\+?\}")
_PATH_SAFE = "/:@!$&'()*+,;="  # RFC 3986's pchar and "/", less "%" (unreserved characters are always safe)


def stage_variables_in(text: str, request: V2Request) -> str:
    variables = request.stage_variables
    return _STAGE_VARIABLE.sub(lambda m: variables.get(m.group(1), ""), text)


_NOT_JSON = object()


def _json_path(document: bytes | str, path: str, parsed: dict[int, Any] | None = None) -> str | None:
    """The value at dotted ``path`` of JSON ``document``, as text; None when the document is not JSON
    (or nested past Python's decoder) or the path names nothing. ``parsed`` keeps the document parsed
    for the other mappings of one request, so fifty ``$request.body.*`` mappings of a 10 MB body
    parse it once."""
    node: Any = parsed.get(id(document), None) if parsed is not None else None
    if node is None:
        try:
            node = json.loads(document)
        except (ValueError, RecursionError):
            node = _NOT_JSON
        if parsed is not None:
            parsed[id(document)] = node
    if node is _NOT_JSON:
        return None
    for part in filter(None, path.split(".")):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node if isinstance(node, str) else json.dumps(node)


def _resolve(name: str, request: V2Request, response: Response | None,
             parsed: dict[int, Any] | None = None) -> str | None:
    if name.startswith("request.header."):
        return request.header(name[15:])
    if name.startswith("request.querystring."):
        values = request.query.get(name[20:])
        return ",".join(values) if values else None
    if name == "request.path":
        return request.path
    if name.startswith("request.path."):
        return request.path_params.get(name[13:])
    if name.startswith("request.body."):
        return _json_path(request.body, name[13:], parsed)
    if name.startswith("context."):
        return request.context_variable(name[8:])
    if name.startswith("stageVariables."):
        return request.stage_variables.get(name[15:])
    if response is not None and name.startswith("response.header."):
        return response.headers.get(name[16:].lower())
    if response is not None and name.startswith("response.body."):
        return _json_path(response.body, name[14:], parsed)
    return None


def mapped_value(value: str, request: V2Request, response: Response | None = None,
                 parsed: dict[int, Any] | None = None) -> str | None:
    """A mapping's value; ``parsed``: the bodies already parsed for this request's other mappings."""
    if _EMBEDDED.search(value):
        return _EMBEDDED.sub(lambda m: _resolve(m.group(1), request, response, parsed) or "", value)
    if value.startswith("$"):
        return _resolve(value[1:], request, response, parsed)
    return value


def _apply(op: str, store: dict[str, list[str]], name: str, value: str | None) -> None:
    if op == "remove":
        store.pop(name, None)
    elif value is None:
        return
    elif op == "overwrite":
        store[name] = [value]
    elif op == "append":
        store.setdefault(name, []).append(value)


def _map_request(integration: dict[str, Any], request: V2Request) -> tuple[dict[str, list[str]], dict[str, list[str]],
                                                                            str | None]:
    headers = {k: list(v) for k, v in request.headers.items()}
    query = {k: list(v) for k, v in request.query.items()}
    path = None
    parsed: dict[int, Any] = {}
    for key, value in (integration.get("RequestParameters") or {}).items():
        op, _, target = key.partition(":")
        resolved = mapped_value(str(value), request, None, parsed)
        if target == "path":
            path = resolved if op == "overwrite" and resolved is not None else path
        elif target.startswith("header."):
            _apply(op, headers, target[7:].lower(), resolved)
        elif target.startswith("querystring."):
            _apply(op, query, target[12:], resolved)
    return headers, query, path


def mapped_request(integration: dict[str, Any], request: V2Request) -> V2Request:
    """The request a Lambda proxy integration's event is made of, after its ``RequestParameters``:
    headers and query string parameters mapped (``rawQueryString`` written again from them when a
    query string mapping changed them: guess), ``overwrite:path`` giving ``rawPath`` (and 1.0's
    ``path``: guess). ``request`` itself is left as the client sent it (response mappings and
    CORS read it)."""
    headers, query, path = _map_request(integration, request)
    mapped = request.copy()
    mapped.headers = headers
    if query != request.query:
        mapped.query = query
        mapped.query_string = urlencode([(k, v) for k, values in query.items() for v in values])
    if path is not None:
        mapped.raw_path = mapped.sent_path = path
        mapped.domain_path = None
    return mapped


def map_response(integration: dict[str, Any], request: V2Request, response: Response) -> Response:
    mapping = (integration.get("ResponseParameters") or {}).get(str(response.status))
    if not mapping:
        return response
    headers = HTTPHeaderDict(response.headers)
    status = response.status
    parsed: dict[int, Any] = {}
    for key, value in mapping.items():
        op, _, target = key.partition(":")
        resolved = mapped_value(str(value), request, response, parsed)
        if target == "statuscode" and resolved is not None:
            if len(resolved) == 3 and resolved.isascii() and resolved.isdigit() and 100 <= int(resolved) <= 599:
                status = int(resolved)  # a client's value that is no status code ("²", 5,000 digits) is ignored
        elif target.startswith("header."):
            name = target[7:].lower()
            if op == "remove":
                headers.discard(name)
            elif resolved is not None and op == "overwrite":
                headers[name] = resolved
            elif resolved is not None:
                headers.add(name, resolved)
    return respond(status, headers, response.body)


def target_url(integration: dict[str, Any], request: V2Request, query: dict[str, list[str]],
               path: str | None) -> str:
    """The backend's URL; ``path``: what an ``overwrite:path`` mapping gave, if any."""
    uri = stage_variables_in(integration.get("IntegrationUri", ""), request)
    uri = _PATH_VARIABLE.sub(lambda m: quote(request.path_params.get(m.group(1), ""), safe=_PATH_SAFE), uri)
    parts = urlsplit(uri)
    if path is None and request.route_key == "$default":
        path = parts.path.rstrip("/") + request.sent_path
    pairs = [(k, v) for k, values in query.items() for v in values]
    own = parts.query
    added = urlencode(pairs, doseq=False)
    full_query = "&".join(q for q in (own, added) if q)
    return urlunsplit((parts.scheme, parts.netloc, path if path is not None else parts.path, full_query, ""))


def call_http_proxy(integration: dict[str, Any], request: V2Request, handle: Any = None) -> Response:
    headers, query, path = _map_request(integration, request)
    host, tls_name = None, None
    if integration.get("ConnectionType") == "VPC_LINK":
        routed = _private(integration, request, handle, query, path)
        if isinstance(routed, Response):
            return routed
        url, host, tls_name = routed
    else:
        try:
            url = target_url(integration, request, query, path)
        except ValueError:  # a URI ``urlsplit`` cannot read ("http://[::1"): never sent
            return error(500, "Internal Server Error", request.request_id)
    if backends.refusal(handle, url) is not None:  # never sent: see ``runtime.backends``
        return error(500, "Internal Server Error", request.request_id)
    method = integration.get("IntegrationMethod") or "ANY"
    method = request.method if method == "ANY" else method
    out = HTTPHeaderDict()
    for name, values in headers.items():
        if name not in _HOP:
            for value in values:
                out.add(name, value)
    if host:
        out["host"] = host
    timeout = int(integration.get("TimeoutInMillis") or 30000) / 1000
    tls: dict[str, Any] = {"server_hostname": tls_name, "assert_hostname": tls_name} \
        if tls_name and url.startswith("https:") else {}
    try:
        with urllib3.PoolManager(retries=False, **tls) as pool:
            answer = pool.request(method, url, body=request.body or None, headers=out, redirect=False,
                                  timeout=urllib3.Timeout(connect=timeout, read=timeout), decode_content=False)
    except urllib3.exceptions.NewConnectionError:  # a subclass of ConnectTimeoutError in urllib3 2
        return error(500, "Internal Server Error", request.request_id)
    except (urllib3.exceptions.TimeoutError, TimeoutError):
        return error(504, "Gateway Timeout", request.request_id)
    except (urllib3.exceptions.HTTPError, OSError, ValueError):
        return error(500, "Internal Server Error", request.request_id)
    back = HTTPHeaderDict()
    for name, value in answer.headers.items():
        if name.lower() not in _HOP:
            back.add(name.lower(), value)
    return respond(answer.status, back, answer.data)


def _private(integration: dict[str, Any], request: V2Request, handle: Any, query: dict[str, list[str]],
             path: str | None) -> Response | tuple[str, str | None, str | None]:
    """A private integration's ``(URL, Host header, TLS name)``, or the 500 AWS answers when it cannot
    route. An HTTP API's URI is a listener or Cloud Map service ARN: the request goes to the base URL
    ``gw.route_vpc_link`` gave it (or its VPC link) with the full request path, stage segment
    included, and the query string; ``TlsConfig.ServerNameToVerify`` is the certificate's name, the
    TLS server name and ``Host`` (an ``overwrite:header.host`` mapping wins). A WebSocket API's URI
    is the load balancer's URL (a v1 link): called as an HTTP integration would, its host as ``Host``."""
    link_id = stage_variables_in(str(integration.get("ConnectionId") or ""), request)
    uri = stage_variables_in(str(integration.get("IntegrationUri") or ""), request)
    as_url = uri.startswith(("http://", "https://"))
    try:
        uri_host = urlsplit(uri).hostname if as_url else None
    except ValueError:
        uri_host = None
    candidates = (uri_host, link_id) if as_url else (uri, uri.partition("?")[0], link_id)
    base = backends.private_route(handle, candidates)
    status = None if base is None else backends.vpc_link_status(handle, request.account, request.region, link_id)
    if base is None or status != "AVAILABLE":
        answer = error(500, "Internal Server Error", request.request_id)
        if base is None:
            reason = backends.unrouted("a private integration (VPC_LINK) was answered 500", candidates)
            _logger.warning(reason)
        else:
            reason = backends.unavailable_link(link_id, status)
        answer.log.append(reason)
        return answer
    server = urlsplit(base)
    if as_url:
        try:
            sent = urlsplit(target_url(integration, request, query, path))
            sent_host = sent.hostname
        except ValueError:  # a URI ``urlsplit`` cannot read: never sent
            return error(500, "Internal Server Error", request.request_id)
        url = urlunsplit((server.scheme, server.netloc, sent.path, sent.query, ""))
        return url, _mapped_host(integration, request) or sent.netloc.rpartition("@")[2], sent_host
    pairs = [(k, v) for k, values in query.items() for v in values]
    url = urlunsplit((server.scheme, server.netloc, path if path is not None else request.sent_path,
                      urlencode(pairs), ""))
    tls = integration.get("TlsConfig")
    name = tls.get("ServerNameToVerify") if isinstance(tls, dict) else None
    return url, _mapped_host(integration, request) or name, name


def _mapped_host(integration: dict[str, Any], request: V2Request) -> str | None:
    """What an ``overwrite:header.host`` mapping gives (users set it for VPC links); None without one."""
    for key, value in (integration.get("RequestParameters") or {}).items():
        if key.lower() == "overwrite:header.host":
            return mapped_value(str(value), request)
    return None
