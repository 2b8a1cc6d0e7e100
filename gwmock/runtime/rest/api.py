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
(non-proxy) answers also carry the request's ``X-Amzn-Trace-Id``.
"""

from __future__ import annotations

import binascii
import time
from collections.abc import Callable, Mapping
from typing import Any

from gwmock.context import Context
from gwmock.runtime.randomness import random_bytes, random_hex, uuid4
from gwmock.runtime.response import Response, http_date, put_lines, without_unsafe_lines
from gwmock.runtime.rest.request import HeaderLists, extended_request_id
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
                  domain: str = "", domain_path: str | None = None) -> Response:
    """Serve a request to the REST API ``api_id`` (its record ``api`` when the caller has it);
    ``domain`` and ``domain_path`` are the custom domain and URL path it was called with."""
    stage, _, rest = path.lstrip("/").partition("/")
    listed = HeaderLists()
    names = listed.names  # lower-case name -> its first spelling
    closing = False
    trace_name = None  # the last spelling of the client's trace header
    for name, value in headers.items():
        low = name.lower()
        if low in _DROPPED:
            # the client's own choice comes back (aws-recorded header_remapping: "Connection: close")
            closing = closing or (low == "connection" and str(value).lower() == "close")
            continue
        if type(value) is list:  # repeated lines of one name, each its own value
            known = listed.get(name)
            texts = [_text(item) for item in value]
            if known is None:
                listed[name] = texts
            else:
                known.extend(texts)
            names.setdefault(low, name)
            continue
        text = value if type(value) is str else _text(value)
        known = listed.get(name)
        if known is None:
            listed[name] = [text]
            if low not in names:
                names[low] = name
            if low == "x-amzn-trace-id":
                trace_name = name
        else:
            known.append(text)
    host = domain or f"{api_id}.execute-api.{ctx.region}.amazonaws.com"
    if api is None:
        api = ctx.store.get(("restapis", api_id)) or {}
    edge = "EDGE" in ((api.get("endpointConfiguration") or {}).get("types") or ["EDGE"])
    if "host" not in names:
        listed["Host"] = [host]
        names["host"] = "Host"
    added = _EDGE if edge else _PLAIN
    if names.keys().isdisjoint(added.lows):  # the client sent none of them: all added at once
        listed.update(zip(added.names, [[value] for value in added.values()]))
        names.update(added.spellings)
    else:
        for name, low, make in added.table:
            if low not in names:
                listed[name] = [make if isinstance(make, str) else make()]
                names[low] = name
    if trace_name is not None:
        listed[trace_name] = [with_parent(listed[trace_name][-1])]
    answer = call_stage(ctx, api_id, stage, method, "/" + rest + (f"?{query}" if query else ""), listed,
                        body.decode("utf-8", "replace"), handle=handle, host=host, body_bytes=body,
                        domain_path=domain_path)
    data = answer.body.encode() if isinstance(answer.body, str) else answer.body
    # the pipeline's lines are checked (a mapped value may hold a line break); the gateway's own,
    # added next, cannot hold one
    out = without_unsafe_lines(answer.wire, answer.log_lines)
    table = getattr(out, "_container", None)
    have = table if type(table) is dict else {name.lower() for name in out}  # lower-case names
    # (lower-case name, name, value): written as ``out[name] = value`` would write them
    lines = [] if "content-type" in have else [("content-type", "Content-Type", "application/json")]
    lines += (("content-length", "Content-Length", str(len(data))),
              ("connection", "Connection", "close" if closing else "keep-alive"), ("date", "Date", http_date()))
    if "x-amzn-requestid" not in have:
        lines.append(("x-amzn-requestid", "x-amzn-RequestId", answer.request_id or uuid4()))
    raw = random_bytes(69)  # one draw for the answer's made-up ids: 11 for apigw-id, 16 for Via, 42 for Cf-Id
    if "x-amz-apigw-id" not in have:  # the event's extendedRequestId when a method ran
        lines.append(("x-amz-apigw-id", "x-amz-apigw-id", extended_request_id(answer.request_id)
                      if answer.request_id else _b64(raw[:11], newline=False).decode()[:15] + "="))
    if edge:  # what CloudFront adds to the answer (guess for the values)
        lines += (("x-cache", "X-Cache", "Miss from cloudfront"),
                  ("via", "Via", f"1.1 {raw[11:27].hex()}.cloudfront.net (CloudFront)"),
                  ("x-amz-cf-pop", "X-Amz-Cf-Pop", "IAD89-C1"),
                  ("x-amz-cf-id", "X-Amz-Cf-Id", _b64(raw[27:], newline=False).translate(_URLSAFE).decode()))
    if type(table) is dict:  # urllib3 2's table: lower-case name -> [name, *values] (``response.put_lines``)
        table.update([(low, [name, value]) for low, name, value in lines])
    else:
        put_lines(out, [(name, value) for _, name, value in lines])
    # the answer's own dict: no copy needed
    return Response.taking(answer.status, out, data, answer.log_lines, answer.error)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def new_trace_id(raw: bytes = b"") -> str:
    """An X-Ray trace header as API Gateway adds it to a request that has none (``raw``: its 12
    random bytes when the caller drew them)."""
    return f"Root=1-{int(time.time()):08x}-{(raw or random_bytes(12)).hex()}"


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


class _Added:
    """What the gateway adds to a request (``_ADDED`` or ``_EDGE_ADDED``), ready to be added in bulk
    when the client sent none of those names."""

    def __init__(self, table: tuple[tuple[str, str, str | Callable[[], str]], ...]) -> None:
        self.table = table
        self.lows = frozenset(low for _, low, _ in table)
        self.names = tuple(name for name, _, _ in table)
        self.spellings = {low: name for name, low, _ in table}  # lower-case name -> the name as added
        self._values = [make if isinstance(make, str) else "" for _, _, make in table]  # "": made per request
        lows = [low for _, low, _ in table]
        self._via = lows.index("via") if "via" in lows else -1
        self._cf_id = lows.index("x-amz-cf-id") if "x-amz-cf-id" in lows else -1
        self._trace = lows.index("x-amzn-trace-id")

    def values(self) -> list[str]:
        """The values, in order, the made-up ids from one random draw: 12 bytes for the trace id,
        16 for ``Via``, 42 for ``X-Amz-Cf-Id``."""
        values = self._values.copy()
        raw = random_bytes(70)
        values[self._trace] = new_trace_id(raw[:12])
        if self._via >= 0:
            values[self._via] = _request_via(raw[12:28])
        if self._cf_id >= 0:
            values[self._cf_id] = _cf_id(raw[28:])
        return values


_PLAIN, _EDGE = _Added(_ADDED), _Added(_EDGE_ADDED)
