"""The Lambda proxy integration format 1.0 of REST APIs: the event a function receives
and the response API Gateway accepts back.

* The event (aws-recorded: test_lambda_aws_proxy_integration and its siblings): ``path`` is
  the path after the stage with leading slashes collapsed, ``requestContext.path`` the raw one
  with the stage; empty maps are ``null``; ``identity`` lists every field, ``null`` when unknown.
* The response (test_aws_proxy_response_payload_format_validation): a dict with only
  ``statusCode`` (int or digit string; default 200), ``headers``, ``multiValueHeaders`` (lists),
  ``body`` (string) and ``isBase64Encoded``; anything else is malformed (502 "Internal server
  error"). ``multiValueHeaders`` come first, then ``headers`` are appended to them, each value
  on its own header line (two ``Set-Cookie`` stay two). A ``statusCode`` outside 100-599 or a
  header holding CR/LF is malformed too (guess for the range; AWS answers 502 for -1 and 99999).
  A string ``statusCode`` counts when it is decimal digits int() reads (guess: ``"\u00b2"`` or
  thousands of digits are malformed, 502, not an exception).

Guesses: an empty dict is a valid proxy response (200, empty body); a non-string body is malformed.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from urllib3 import HTTPHeaderDict

from gwmock.runtime.rest.mapping import has_binary_types, is_binary
from gwmock.runtime.rest.request import (
    Call,
    HeaderLists,
    context_of,
    context_parts,
    header,
    headers_of,
    kept_headers,
    remapped,
)


def event(call: Call, integration: dict[str, Any]) -> dict[str, Any]:
    """The Lambda proxy event v1.0 of ``call``. The integration's ``requestParameters`` are not
    applied: AWS ignores them for proxy integrations (aws-recorded: test_lambda_aws_proxy_integration_
    request_data_mapping). Some header names arrive in AWS's spelling (``_CANONICAL``)."""
    del integration  # kept in the signature: the event is the request as the method received it
    return event_of(event_fact(call), call.headers)


def event_fact(call: Call, headers: Any = None) -> tuple[Any, ...]:
    """What ``call``'s proxy event is made from (``event_of``), kept by the execution log to write
    the event when it is read: the function gets copies of its parts, and the parts (the method
    request's headers, query and path parameters, stage variables, which nothing changes once the
    call is made, and a request context of its own) stay as they were sent, so the event needs no
    freezing per request. ``headers``: ``kept_headers(call.headers)`` when the caller has made it
    (the execution log's own: the kept log then writes them once). The request context is kept as
    its parts (``request.context_parts``): plain values, a fraction of the dict's for the log's marshal."""
    body: str | None = call.body
    binary = (call.body_bytes is not None and has_binary_types(call)
              and is_binary(call, header(call.headers, "Content-Type")))
    if binary:
        body = base64.b64encode(call.body_bytes or b"").decode()
    # On a custom domain ``path`` is the URL path as called, base path kept (AWS: users' recorded
    # events, e.g. aws/serverless-java-container#34 "/ping1/ping" for base path ping1).
    event_path = call.domain_path if call.domain_path is not None else (
        "/" + (call.raw_path if call.raw_path is not None else call.path).lstrip("/"))
    lines = call.headers
    shaped = lines.event_headers if type(lines) is HeaderLists else None
    if shaped is not None:
        renamed: dict[str, str] | None = shaped[0]
    else:
        renamed = _renamed(lines.names) if type(lines) is HeaderLists and len(lines.names) == len(lines) else None
    context = context_parts(call)
    if call.authorizer:  # an authorizer's context may nest: the fact keeps its own copy
        context = (*context[:-1], _copied(call.authorizer))
    kept = kept_headers(lines) if headers is None else headers
    return (call.resource_path, event_path, call.http_method, kept, renamed, call.query, call.path_params,
            call.stage_variables, context, body if body else None, binary)


def event_of(fact: tuple[Any, ...], lines: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The proxy event an ``event_fact`` describes, its dicts and lists all new (the function's own
    to change); ``lines``: the call's own header lines, which the fact's headers keep."""
    resource, path, http_method, headers, renamed, query, path_params, stage_variables, context, body, binary = fact
    multi = _multi_value_headers(headers_of(headers) if lines is None else lines, renamed)
    made = lines.kept if type(lines) is HeaderLists and lines.event_headers is not None else None
    if made is not None and renamed is not None:  # the shape's ``headers``, with this call's made values
        single = dict(lines.event_headers[1])  # type: ignore[union-attr]  # a HeaderLists, as ``made`` says
        for name, value in made[1]:
            single[renamed.get(name, name)] = value
    else:
        single = {k: v[-1] for k, v in multi.items() if v}
        if len(single) != len(multi):
            multi = {k: v for k, v in multi.items() if v}
    context = context_of(context)  # new dicts, its identity too
    identity = context["identity"]
    cert = identity.get("clientCert")
    if type(cert) is dict:  # mutual TLS (``mtls``): the function's own copy, its validity too
        identity["clientCert"] = {**cert, "validity": dict(cert.get("validity") or {})}
    if "authorizer" in context:
        context["authorizer"] = _copied(context["authorizer"])
    return {
        "resource": resource,
        "path": path,
        "httpMethod": http_method,
        "headers": single or None,
        "multiValueHeaders": multi or None,
        "queryStringParameters": {k: v[-1] for k, v in query.items() if v} or None,
        "multiValueQueryStringParameters": {k: list(v) for k, v in query.items() if v} or None,
        "pathParameters": dict(path_params) or None,
        "stageVariables": dict(stage_variables) or None,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": binary,
    }


def _multi_value_headers(headers: dict[str, list[str]], renamed: dict[str, str] | None) -> dict[str, list[str]]:
    """The event's ``multiValueHeaders`` before empty ones are dropped: its own lists (copied, so a
    function that changes them changes nothing else), names in AWS's spelling (``_CANONICAL``), two
    spellings of a name merged under the first. ``renamed``: sent name -> AWS's spelling when each
    name came in one spelling (``_renamed``), else None."""
    if renamed is not None:
        if not renamed:
            return {name: list(values) for name, values in headers.items()}
        return {renamed.get(name, name): list(values) for name, values in headers.items()}
    multi: dict[str, list[str]] = {}
    for name, values in headers.items():
        name = _CANONICAL.get(name.lower(), name)
        known = multi.get(name)
        if known is None:
            multi[name] = list(values)
        else:
            known.extend(values)
    return multi


def shape_headers(lines: HeaderLists) -> tuple[dict[str, str], dict[str, str]] | None:
    """What every proxy event of a request with these header lines (``rest.api``'s shape of them,
    made-up values blank) shares: ``_renamed`` of their names and the event's ``headers`` (each
    name's last value) to copy and fill with the values made per request (``HeaderLists.kept``), a
    dict copy where a comprehension over a dozen headers cost some 3% of a Lambda proxy request.
    None when a name came in two spellings (the event merges them: worked out per event)."""
    if len(lines.names) != len(lines) or not all(lines.values()):
        return None
    renamed = _renamed(lines.names)
    return renamed, {renamed.get(name, name): values[-1] for name, values in lines.items()}


def _renamed(names: dict[str, str]) -> dict[str, str]:
    """The sent spellings of ``_CANONICAL``'s names that AWS rewrites (``names``: lower-case name ->
    the one spelling sent, ``HeaderLists.names``); the event's fact keeps this, not the names."""
    return {sent: canonical for low, canonical in _CANONICAL.items()
            if (sent := names.get(low)) is not None and sent != canonical}


def _copied(value: Any) -> Any:
    """``value`` with its dicts and lists copied, at every depth."""
    if type(value) is dict:
        return {k: _copied(v) for k, v in value.items()}
    if type(value) is list:
        return [_copied(v) for v in value]
    return value


# Header names AWS rewrites in the proxy event whatever the client's spelling (the issue's
# evidence: ``aUThorization`` arrives as ``Authorization``; guess: only these two).
_CANONICAL = {"authorization": "Authorization", "user-agent": "User-Agent"}


_PROXY_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}


class MalformedResponse(ValueError):
    """A Lambda proxy response API Gateway refuses (502)."""


def parse_response(payload: Any) -> tuple[int, HTTPHeaderDict, str, bool]:
    """``(status, headers, body, isBase64Encoded)`` of a proxy response, or MalformedResponse; the
    headers as the method response carries them (``request.remapped``: reserved names renamed).

    ``multiValueHeaders`` lines come first, then ``headers`` (less the pairs ``multiValueHeaders``
    already sent: "only the values from multiValueHeaders will appear", AWS's Lambda proxy output
    format); each value is its own header line and a name keeps its first spelling (``tesT-Multi``:
    aws-recorded invoke-api-multi-headers-overwrite-casing). A status outside 100-599 and a header
    name or value that could end the header line (CR, LF, NUL) are malformed: API Gateway never lets
    a function inject headers."""
    if not isinstance(payload, dict) or not payload.keys() <= _PROXY_KEYS:
        raise MalformedResponse("Malformed Lambda proxy response")
    status = _status(payload.get("statusCode", 200))
    single = payload.get("headers") or {}
    multi = payload.get("multiValueHeaders") or {}
    if not isinstance(single, dict) or not isinstance(multi, dict):
        raise MalformedResponse("Malformed Lambda proxy response")
    lines: list[tuple[str, str]] = []
    for name, values in multi.items():
        if not isinstance(values, list) or any(isinstance(v, (dict, list)) for v in values):
            raise MalformedResponse("Malformed Lambda proxy response")
        lines += [(_name(name), _text(value)) for value in values]
    # a pair sent in both maps is sent once, from multiValueHeaders (AWS's Lambda proxy output format)
    both = {(name.lower(), value) for name, value in lines} if lines else None
    for name, value in single.items():
        if type(value) is str and name in _NAMES_SEEN:  # the usual line, checked in this frame
            if "\r" in value or "\n" in value or "\x00" in value:
                raise MalformedResponse("Malformed Lambda proxy response: a header value holds a line break")
        elif isinstance(value, (dict, list)):
            raise MalformedResponse("Malformed Lambda proxy response")
        else:
            name, value = _name(name), _text(value)
        if both is None or (name.lower(), value) not in both:
            lines.append((name, value))
    body = payload.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedResponse("Malformed Lambda proxy response")
    return status, remapped(lines), body or "", bool(payload.get("isBase64Encoded"))


def _status(status: Any) -> int:
    """The answer's status: an int or a string of decimal digits, in 100-599. A string is read only
    when int() can read it within that range (``"\u00b2"`` is a digit to ``isdigit`` but not to int(),
    and int() refuses more than 4,300 digits): anything else is malformed, never a ValueError."""
    if type(status) is int and 100 <= status <= 599:  # the usual answer
        return status
    if isinstance(status, bool) or not isinstance(status, (int, str)):
        raise MalformedResponse("Malformed Lambda proxy response")
    if isinstance(status, str):
        if not status.isdecimal():
            raise MalformedResponse("Malformed Lambda proxy response")
        if len(status.lstrip("0")) > 3:  # past 599 whatever it is; int() not asked to read it
            raise MalformedResponse(f"Malformed Lambda proxy response: statusCode {status[:16]} is not an HTTP status")
    number = int(status)
    if not 100 <= number <= 599:
        raise MalformedResponse(f"Malformed Lambda proxy response: statusCode {number} is not an HTTP status")
    return number


_UNSAFE = re.compile(r"[\r\n\x00]")
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")  # \Z: $ would let a final LF through


# Header names already found to be tokens: a function answers with the same few names each time
_NAMES_SEEN: set[str] = set()
_NAMES_SEEN_MAX = 1024


def _name(name: str) -> str:
    if name in _NAMES_SEEN:
        return name
    if type(name) is not str or not _TOKEN.match(name):
        raise MalformedResponse(f"Malformed Lambda proxy response: header name {name!r}")
    if len(_NAMES_SEEN) < _NAMES_SEEN_MAX and len(name) <= 256:
        _NAMES_SEEN.add(name)
    return name


def _text(value: Any) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = "" if value is None else str(value)
    if _UNSAFE.search(text):
        raise MalformedResponse("Malformed Lambda proxy response: a header value holds a line break")
    return text
