"""Lambda functions as Python callables: finding them, calling them, the proxy formats.

Functions are registered with ``gw.add_lambda(name_or_arn, fn)`` and called as
``fn(event, context)``. An integration or authorizer URI
(``arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations``)
names the function by ARN, possibly with ``${stageVariables.x}`` and a qualifier; it is
found under the full ARN, then ``name:qualifier``, then the bare name.

* The context object has ``function_name``, ``function_version``, ``aws_request_id``,
  ``invoked_function_arn``, ``memory_limit_in_mb``, ``log_group_name``,
  ``log_stream_name`` and ``get_remaining_time_in_millis()``.
* An exception raised by the handler is a Lambda function error, answered as the
  Python runtime writes it: ``{"errorMessage", "errorType", "requestId", "stackTrace"}``
  (aws-recorded: test_apigateway_lambda test_lambda_selection_patterns). The exception
  is kept in ``LambdaResult.exception`` for the pipeline's log; the test sees the answer.
* The proxy event v1.0 (aws-recorded: test_lambda_aws_proxy_integration and its
  siblings): ``path`` is the path after the stage with leading slashes collapsed,
  ``requestContext.path`` the raw one with the stage; empty maps are ``null``;
  ``identity`` lists every field, ``null`` when unknown.
* The proxy response (test_aws_proxy_response_payload_format_validation): a dict with
  only ``statusCode`` (int or digit string; default 200), ``headers``,
  ``multiValueHeaders`` (lists), ``body`` (string) and ``isBase64Encoded``; anything else
  is malformed (502 "Internal server error"). ``multiValueHeaders`` come first, then
  ``headers`` are appended to them, joined with ", " under the casing of ``headers``.

Guesses: an empty dict is a valid proxy response (200, empty body); a non-string body is
malformed; the function's memory is 128 MB and its time limit 3 s; request/auth payloads
that are not JSON reach the function as strings.
"""

from __future__ import annotations

import json
import re
import time
import traceback
import uuid
from dataclasses import dataclass
from typing import Any

_URI = re.compile(r"^arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path/[0-9-]+/functions/(?P<arn>.+)/invocations$")
_FUNCTION_ARN = re.compile(r"^arn:(?P<partition>[a-z-]+):lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
                           r"function:(?P<name>[^:]+)(?::(?P<qualifier>[^:]+))?$")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")


class LambdaContext:
    """The ``context`` argument a Python Lambda handler receives (the fields tests use)."""

    def __init__(self, arn: str, name: str, version: str = "$LATEST", memory: int = 128,
                 timeout_ms: int = 3000) -> None:
        self.function_name = name
        self.function_version = version
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = memory
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{name}"
        self.log_stream_name = time.strftime("%Y/%m/%d") + "/[$LATEST]" + uuid.uuid4().hex
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + timeout_ms / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(int((self._deadline - time.monotonic()) * 1000), 0)


@dataclass
class LambdaResult:
    payload: Any  # what the function returned, or the error document
    error: bool
    exception: BaseException | None = None


def function_arn(uri: str, stage_variables: dict[str, str]) -> str | None:
    """The function ARN an integration/authorizer URI names (stage variables substituted)."""
    uri = _STAGE_VARIABLE.sub(lambda m: stage_variables.get(m.group(1), ""), uri or "")
    found = _URI.match(uri)
    if found is not None:
        return found["arn"]
    return uri if _FUNCTION_ARN.match(uri) else None


def find(handle: Any, arn: str) -> tuple[Any, LambdaContext] | None:
    """The registered callable for ``arn`` and the context to call it with."""
    lambdas: dict[str, Any] = getattr(handle, "lambdas", None) or {}
    parsed = _FUNCTION_ARN.match(arn)
    if parsed is None:
        fn = lambdas.get(arn)
        return None if fn is None else (fn, LambdaContext(arn, arn))
    name, qualifier = parsed["name"], parsed["qualifier"]
    unqualified = arn.rsplit(":", 1)[0] if qualifier else arn
    for key in (arn, unqualified, f"{name}:{qualifier}" if qualifier else None, name):
        if key is not None and key in lambdas:
            return lambdas[key], LambdaContext(arn, name, qualifier or "$LATEST")
    return None


def call(fn: Any, context: LambdaContext, event: Any) -> LambdaResult:
    """Call a handler; an exception it raises becomes the Lambda error document."""
    try:
        result = fn(event, context)
    except Exception as error:  # the function's own failure: a Lambda function error
        frames = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
        document = {"errorMessage": str(error), "errorType": type(error).__name__,
                    "requestId": context.aws_request_id, "stackTrace": frames}
        return LambdaResult(document, True, error)
    # what Lambda hands back is JSON: round-trip it as the service would
    try:
        return LambdaResult(json.loads(json.dumps(result)), False)
    except (TypeError, ValueError) as error:
        document = {"errorMessage": f"Unable to marshal response: {error}", "errorType": "Runtime.MarshalError",
                    "requestId": context.aws_request_id, "stackTrace": []}
        return LambdaResult(document, True, error)


def proxy_event(*, resource: str, path: str, http_method: str, headers: dict[str, list[str]],
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


def parse_proxy_response(payload: Any) -> tuple[int, dict[str, str], str, bool]:
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
