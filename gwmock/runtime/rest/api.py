"""REST API (v1) invocations: ``/{stage}/path`` served by ``stage.call_stage``.

The request's headers reach the API as AWS forwards them: ``Host`` and the
``X-Forwarded-For``/``-Port``/``-Proto`` and ``X-Amzn-Trace-Id`` headers added,
a client's trace header without ``Parent`` gets one, ``Connection`` and ``Content-Length`` are
dropped (aws-recorded: test_apigateway_lambda
test_lambda_aws_proxy_integration_request_data_mapping shows a POST without them; the
CloudFront headers of edge-optimized APIs, ``CloudFront-*``, ``Via`` and ``X-Amz-Cf-Id``, are
added with made-up values). Leading slashes before the stage are ignored
(test_lambda_aws_proxy_integration, "prepended-slash-to-stage"). Every answer has a
``Content-Type`` (``application/json`` when the pipeline set none), ``Content-Length``,
``Connection: keep-alive``, ``Date``, ``x-amzn-RequestId`` and ``x-amz-apigw-id``, and on an
edge-optimized API CloudFront's ``Via``, ``X-Cache``, ``X-Amz-Cf-Pop`` and ``X-Amz-Cf-Id``
(test_aws_proxy_response_payload_format_validation, test_invocation_trace_id); Lambda and HTTP
(non-proxy) answers also carry the request's ``X-Amzn-Trace-Id``. An API deployed with
``minimumCompressionSize`` compresses answers (``compression``); a request body sent with
``Content-Encoding`` is decoded once the method is found (``stage``, ``compression``). A body over
10 MB never reaches a stage: the front door answers it (``_too_long``).
"""

from __future__ import annotations

import binascii
import marshal
from collections.abc import Callable, Mapping
from typing import Any

from gwmock.arns import execute_api_host
from gwmock.context import Context
from gwmock.runtime.randomness import random_bytes, random_hex, uuid4
from gwmock.runtime.response import Response, http_date, put_lines, without_unsafe_lines
from gwmock.runtime.rest import compression
from gwmock.runtime.rest.invoke import MAX_PAYLOAD
from gwmock.runtime.rest.proxy import shape_headers
from gwmock.runtime.rest.request import HeaderLists, extended_request_id, new_trace_id
from gwmock.runtime.rest.stage import call_stage

# base64 written by binascii itself (``base64``'s functions are Python frames around it)
_b64 = binascii.b2a_base64
_URLSAFE = bytes.maketrans(b"+/", b"-_")

# Request headers API Gateway does not pass on to the method request (templates' $input.params,
# Lambda proxy events, HTTP proxies): aws-recorded test_apigateway_integrations
# test_apigateway_header_remapping_* (the client sends them all; the integration sees none).
_DROPPED = {"connection", "content-length", "content-md5", "expect", "max-forwards", "proxy-authenticate",
            "server", "te", "trailer", "transfer-encoding", "upgrade", "www-authenticate"}


def call_rest_api(ctx: Context, handle: Any, api_id: str, method: str, path: str, query: str,
                  headers: Mapping[str, str | list[str]], body: bytes, api: dict[str, Any] | None = None, *,
                  domain: str = "", domain_path: str | None = None, client_cert: Any = None,
                  routing_rule: str = "") -> Response:
    """Serve a request to the REST API ``api_id`` (its record ``api`` when the caller has it);
    ``domain`` and ``domain_path`` are the custom domain and URL path it was called with;
    ``client_cert`` the facts of the certificate a mutual TLS domain admitted (``mtls.ClientCert``),
    which the method request's identity carries (``request.real_identity``); ``routing_rule`` the id
    of the custom domain's routing rule that matched (access logs' ``customDomain.routingRuleIdMatched``)."""
    stage, _, rest = path.lstrip("/").partition("/")
    host = domain or execute_api_host(api_id, ctx.region)
    if api is None:
        api = ctx.store.get(("restapis", api_id)) or {}
    edge = "EDGE" in ((api.get("endpointConfiguration") or {}).get("types") or ["EDGE"])
    if len(body) > MAX_PAYLOAD:
        return _too_long(edge)
    listed, closing = method_request_headers(headers, host, edge, client_cert)
    answer = call_stage(ctx, api_id, stage, method, "/" + rest + (f"?{query}" if query else ""), listed,
                        body.decode("utf-8", "replace"), handle=handle, host=host, body_bytes=body,
                        domain_path=domain_path, routing_rule=routing_rule)
    data = answer.body.encode() if isinstance(answer.body, str) else answer.body
    # the pipeline's lines are checked (a mapped value may hold a line break); the gateway's own,
    # added next, cannot hold one
    out = without_unsafe_lines(answer.wire, answer.log_lines)
    table = getattr(out, "_container", None)
    have = table if type(table) is dict else {name.lower() for name in out}  # lower-case names
    # lower-case name -> [name, value]: urllib3 2's table entries (``response.put_lines``)
    added = {} if "content-type" in have else {"content-type": ["Content-Type", "application/json"]}
    if answer.minimum_compression is not None and len(data) >= answer.minimum_compression \
            and "content-encoding" not in have:
        coding = compression.chosen(headers)
        if coding is not None:
            data = compression.compress(data, coding)
            added["content-encoding"] = ["Content-Encoding", coding]
    added["content-length"] = ["Content-Length", str(len(data))]
    added["connection"] = ["Connection", "close" if closing else "keep-alive"]
    added["date"] = ["Date", http_date()]
    if "x-amzn-requestid" not in have:
        added["x-amzn-requestid"] = ["x-amzn-RequestId", answer.request_id or uuid4()]
    raw = random_bytes(69)  # one draw for the answer's made-up ids: 11 for apigw-id, 16 for Via, 42 for Cf-Id
    if "x-amz-apigw-id" not in have:  # the event's extendedRequestId when a method ran
        added["x-amz-apigw-id"] = ["x-amz-apigw-id", extended_request_id(answer.request_id)
                                   if answer.request_id else _b64(raw[:11], newline=False).decode()[:15] + "="]
    if edge:  # what CloudFront adds to the answer (guess for the values)
        added["x-cache"] = ["X-Cache", "Miss from cloudfront"]
        added["via"] = ["Via", f"1.1 {raw[11:27].hex()}.cloudfront.net (CloudFront)"]
        added["x-amz-cf-pop"] = ["X-Amz-Cf-Pop", "IAD89-C1"]
        added["x-amz-cf-id"] = ["X-Amz-Cf-Id", _b64(raw[27:], newline=False).translate(_URLSAFE).decode()]
    if type(table) is dict:
        table.update(added)
    else:
        put_lines(out, added.values())  # type: ignore[arg-type]  # [name, value] pairs
    # the answer's own dict: no copy needed
    return Response.taking(answer.status, out, data, answer.log_lines, answer.error)


# What the front door answers a request past API Gateway's 10 MB payload, before any stage sees it: no
# gateway response, execution or access log, nor API Gateway's headers (a capture of an edge-optimized
# API's answer, https://github.com/koki-develop/lgtm-generator/issues/10; guess: a regional API's front
# door answers the same without CloudFront's headers)
_TOO_LONG = f"HTTP content length exceeded {MAX_PAYLOAD} bytes.".encode()


def _too_long(edge: bool) -> Response:
    headers = [("Content-Type", "text; charset=utf-8"), ("Content-Length", str(len(_TOO_LONG))),
               ("Connection", "close"), ("Date", http_date())]
    if edge:
        raw = random_bytes(58)
        headers += [("X-Cache", "Error from cloudfront"),
                    ("Via", f"1.1 {raw[:16].hex()}.cloudfront.net (CloudFront)"), ("X-Amz-Cf-Pop", "IAD89-C1"),
                    ("X-Amz-Cf-Id", _b64(raw[16:], newline=False).translate(_URLSAFE).decode())]
    return Response(413, headers, _TOO_LONG)


class _Shape:
    """What the gateway makes of one set of client headers (``_shaped``): the method request's
    header lines with the made-up values left blank, which of them are made per request, and
    whether the client asked to close the connection. Its lists and ``names`` are shared by every
    request of that shape: nothing changes a method request's headers once made (``HeaderLists``),
    and events copy them (``proxy``)."""

    __slots__ = ("closing", "event_headers", "fills", "frozen", "lines")

    def __init__(self, lines: HeaderLists, closing: bool, fills: tuple[tuple[str, int], ...]) -> None:
        self.lines, self.closing, self.fills = lines, closing, fills
        self.frozen = marshal.dumps(dict(lines))  # how execution logs keep them (``kept_headers``)
        self.event_headers = shape_headers(lines)  # what a Lambda proxy event makes of them


# What a ``_Shape`` makes per request, by name: the trace id the gateway adds, ``Parent`` added to the
# client's own trace header, CloudFront's ``Via`` and ``X-Amz-Cf-Id``
_TRACE, _PARENT, _VIA, _CF_ID = range(4)
_SHAPES: dict[tuple[Any, ...], _Shape] = {}
_SHAPES_MAX = 128  # a client sends a few header sets (Content-Length varies with the body); bounded


def method_request_headers(headers: Mapping[str, str | list[str]], host: str,
                           edge: bool, client_cert: Any = None) -> tuple[HeaderLists, bool]:
    """The method request's header lines (the client's, less ``_DROPPED``, with what the gateway
    adds) and whether the client asked to close the connection. A client sends the same headers on
    most requests: their shape is worked out once (``_shaped``) and copied."""
    try:
        key = (host, edge, *headers.items())
        shape = _SHAPES.get(key)
    except TypeError:  # a name sent on several lines (a list): not kept
        key, shape = None, None
    if shape is None:
        shape = _shaped(headers, host, edge)
        # only text values are kept: 1 == True == 1.0 as keys, but each has its own text
        if key is not None and all(type(value) is str for value in headers.values()):
            if len(_SHAPES) >= _SHAPES_MAX:
                _SHAPES.clear()
            _SHAPES[key] = shape
    lines = HeaderLists.__new__(HeaderLists)
    dict.update(lines, shape.lines)
    lines.names = shape.lines.names
    lines.client_cert = client_cert  # a mutual TLS domain's admitted certificate (``request.real_identity``)
    made: list[tuple[str, str]] = []
    if shape.fills:
        raw = random_bytes(70)  # one draw: 12 bytes for the trace id, 16 for Via, 42 for X-Amz-Cf-Id
        for name, kind in shape.fills:
            if kind == _TRACE:
                value = new_trace_id(raw[:12])
            elif kind == _PARENT:
                value = with_parent(shape.lines[name][-1])
            elif kind == _VIA:
                value = _request_via(raw[12:28])
            else:
                value = _cf_id(raw[28:])
            lines[name] = [value]
            made.append((name, value))
    lines.kept = (shape.frozen, tuple(made))
    lines.event_headers = shape.event_headers
    return lines, shape.closing


def _shaped(headers: Mapping[str, str | list[str]], host: str, edge: bool) -> _Shape:
    listed = HeaderLists()
    names = listed.names  # lower-case name -> its first spelling
    closing = False
    fills: list[tuple[str, int]] = []
    trace_name = None  # the last spelling of the client's trace header
    for name, value in headers.items():
        low = name.lower()
        if low in _DROPPED:
            # the client's own choice comes back (aws-recorded header_remapping: "Connection: close")
            closing = closing or (low == "connection" and str(value).lower() == "close")
            continue
        several = type(value) is list  # repeated lines of one name, each its own value
        texts = [_text(item) for item in value] if several else [_text(value)]
        known = listed.get(name)
        if known is None:
            listed[name] = texts
        else:
            known.extend(texts)
        names.setdefault(low, name)
        if low == "x-amzn-trace-id" and not several:
            trace_name = name
    if "host" not in names:
        listed["Host"] = [host]
        names["host"] = "Host"
    for name, low, make in _EDGE_ADDED if edge else _ADDED:
        if low not in names:
            listed[name] = [make if isinstance(make, str) else ""]
            names[low] = name
            if not isinstance(make, str):
                fills.append((name, _FILLS[make]))
    if trace_name is not None:
        fills.append((trace_name, _PARENT))
    return _Shape(listed, closing, tuple(fills))


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def with_parent(trace: str) -> str:
    """A client's trace header with a ``Parent`` segment (AWS generates one when the client's
    has only ``Root``: aws-recorded test_invocation_trace_id)."""
    parts = [p.strip() for p in trace.split(";") if p.strip()]
    if not any(p.startswith("Root=") for p in parts) or any(p.startswith("Parent=") for p in parts):
        return trace
    at = next(i for i, p in enumerate(parts) if p.startswith("Root=")) + 1
    return ";".join([*parts[:at], f"Parent={random_hex(8)}", *parts[at:]])


def _request_via(raw: bytes = b"") -> str:
    return f"2.0 {(raw or random_bytes(16)).hex()}.cloudfront.net (CloudFront)"


def _cf_id(raw: bytes = b"") -> str:
    return _b64(raw or random_bytes(42), newline=False).translate(_URLSAFE).decode()


# What API Gateway adds to a request after ``Host``, in this order, unless the client sent the
# name in any spelling: (name, lower-case name, value or what makes it). An edge-optimized API
# also gets what the CloudFront distribution in front of it adds (guess for the values).
_ADDED: tuple[tuple[str, str, str | Callable[[], str]], ...] = (
    ("X-Forwarded-For", "x-forwarded-for", "127.0.0.1"), ("X-Forwarded-Port", "x-forwarded-port", "443"),
    ("X-Forwarded-Proto", "x-forwarded-proto", "https"), ("X-Amzn-Trace-Id", "x-amzn-trace-id", new_trace_id))
_EDGE_ADDED = _ADDED + (
    ("CloudFront-Forwarded-Proto", "cloudfront-forwarded-proto", "https"),
    ("CloudFront-Is-Desktop-Viewer", "cloudfront-is-desktop-viewer", "true"),
    ("CloudFront-Is-Mobile-Viewer", "cloudfront-is-mobile-viewer", "false"),
    ("CloudFront-Is-SmartTV-Viewer", "cloudfront-is-smarttv-viewer", "false"),
    ("CloudFront-Is-Tablet-Viewer", "cloudfront-is-tablet-viewer", "false"),
    ("CloudFront-Viewer-ASN", "cloudfront-viewer-asn", "16509"),
    ("CloudFront-Viewer-Country", "cloudfront-viewer-country", "US"),
    ("Via", "via", _request_via), ("X-Amz-Cf-Id", "x-amz-cf-id", _cf_id))

# which made-up value each of ``_ADDED``'s makers stands for in a ``_Shape``
_FILLS: dict[Callable[[], str], int] = {new_trace_id: _TRACE, _request_via: _VIA, _cf_id: _CF_ID}
