"""The Lambda proxy integration format 1.0 of REST APIs: the event a function receives
and the response API Gateway accepts back.

* The event (aws-recorded: test_lambda_aws_proxy_integration and its siblings): ``path`` is
  the path after the stage with leading slashes collapsed, ``requestContext.path`` the raw one
  with the stage; empty maps are ``null``; ``identity`` lists every field, ``null`` when unknown.
* The response (test_aws_proxy_response_payload_format_validation): a dict with only
  ``statusCode`` (int or digit string; default 200), ``headers``, ``multiValueHeaders`` (lists),
  ``body`` (string) and ``isBase64Encoded``; anything else is malformed (502 "Internal server
  error"). ``multiValueHeaders`` come first, then ``headers`` are appended to them.

Guesses: an empty dict is a valid proxy response (200, empty body); a non-string body is malformed.
"""

from __future__ import annotations

import base64
from typing import Any

from gwmock.runtime.rest.gateway_responses import parameter_value
from gwmock.runtime.rest.mapping import is_binary
from gwmock.runtime.rest.request import Call, context, header, method_params, request_context


def event(call: Call, integration: dict[str, Any]) -> dict[str, Any]:
    """The Lambda proxy event v1.0 of ``call`` (integration request parameters applied)."""
    headers = {k: list(v) for k, v in call.headers.items()}
    query = {k: list(v) for k, v in call.query.items()}
    params = method_params(call)
    ctx = context(call)
    for target, source in (integration.get("requestParameters") or {}).items():
        value = parameter_value(source, params, ctx, call.stage_variables)
        where, _, name = target[len("integration.request."):].partition(".")
        if value is None or not name:
            continue
        if where == "header":
            headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
            headers[name] = [value]
        elif where == "querystring":
            query[name] = [value]
    body: str | None = call.body
    binary = call.body_bytes is not None and is_binary(call, header(call.headers, "Content-Type"))
    if binary:
        body = base64.b64encode(call.body_bytes or b"").decode()
    event_path = "/" + (call.raw_path if call.raw_path is not None else call.path).lstrip("/")
    return _event(resource=call.resource_path, path=event_path, http_method=call.http_method,
                               headers=headers, query=query, path_params=call.path_params,
                               stage_variables=call.stage_variables, request_context=request_context(call),
                               body=body, is_base64=binary)


def _event(*, resource: str, path: str, http_method: str, headers: dict[str, list[str]],
                query: dict[str, list[str]], path_params: dict[str, str], stage_variables: dict[str, str],
                request_context: dict[str, Any], body: str | None, is_base64: bool) -> dict[str, Any]:
    return {
        "resource": resource,
        "path": path,
        "httpMethod": http_method,
        "headers": {k: v[-1] for k, v in headers.items() if v} or None,
        "multiValueHeaders": {k: list(v) for k, v in headers.items() if v} or None,
        "queryStringParameters": {k: v[-1] for k, v in query.items() if v} or None,
        "multiValueQueryStringParameters": {k: list(v) for k, v in query.items() if v} or None,
        "pathParameters": dict(path_params) or None,
        "stageVariables": dict(stage_variables) or None,
        "requestContext": request_context,
        "body": body if body else None,
        "isBase64Encoded": is_base64,
    }


_PROXY_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}


class MalformedResponse(ValueError):
    """A Lambda proxy response API Gateway refuses (502)."""


def parse_response(payload: Any) -> tuple[int, dict[str, str], str, bool]:
    """``(status, headers, body, isBase64Encoded)`` of a proxy response, or MalformedResponse."""
    if not isinstance(payload, dict) or set(payload) - _PROXY_KEYS:
        raise MalformedResponse("Malformed Lambda proxy response")
    status: Any = payload.get("statusCode", 200)
    if isinstance(status, bool) or not (isinstance(status, int) or (isinstance(status, str) and status.isdigit())):
        raise MalformedResponse("Malformed Lambda proxy response")
    single = payload.get("headers") or {}
    multi = payload.get("multiValueHeaders") or {}
    if not isinstance(single, dict) or not isinstance(multi, dict):
        raise MalformedResponse("Malformed Lambda proxy response")
    merged: dict[str, tuple[str, list[str]]] = {}
    for name, values in multi.items():
        if not isinstance(values, list):
            raise MalformedResponse("Malformed Lambda proxy response")
        entry = merged.setdefault(name.lower(), (name, []))
        merged[name.lower()] = (name, entry[1] + [_text(v) for v in values])
    for name, value in single.items():
        if isinstance(value, (dict, list)):
            raise MalformedResponse("Malformed Lambda proxy response")
        entry = merged.get(name.lower(), (name, []))
        merged[name.lower()] = (name, entry[1] + [_text(value)])
    headers = {name: ", ".join(values) for name, values in merged.values()}
    body = payload.get("body")
    if body is not None and not isinstance(body, str):
        raise MalformedResponse("Malformed Lambda proxy response")
    return int(status), headers, body or "", bool(payload.get("isBase64Encoded"))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
