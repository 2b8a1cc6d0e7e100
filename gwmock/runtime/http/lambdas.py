"""Lambda functions behind HTTP APIs: finding them, the events they get, what they answer.

Functions are Python callables registered with ``gw.add_lambda(name_or_arn, fn)``;
an integration or authorizer URI (a function ARN, or the
``arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations``
form) is looked up by full ARN, ARN without qualifier, then bare function name. A
function that is not registered, raises, or returns something that is not JSON
serializable answers 500 ``{"message":"Internal Server Error"}`` (AWS: missing
function or permission, function error).

Events follow "Working with AWS Lambda proxy integrations for HTTP APIs":

* 2.0: ``version, routeKey, rawPath, rawQueryString, cookies, headers,
  queryStringParameters, requestContext, body, pathParameters, isBase64Encoded,
  stageVariables``; empty ``cookies``/``queryStringParameters``/``pathParameters``/
  ``stageVariables``/``body`` are left out (as AWS sends them); the cookie header
  moves to ``cookies`` (guess: AWS drops it from ``headers``); repeated headers and
  query parameters are comma-joined.
* 1.0: the REST-like event, with ``multiValueHeaders`` and
  ``multiValueQueryStringParameters`` (``null`` when empty), ``resource`` the route's
  path, ``requestContext.resourceId``/``routeKey`` the route key (guess: AWS's example
  shows ``null``, deployed APIs send the key).
* ``rawPath``/``path``/``requestContext.http.path`` include the stage segment of a
  named stage (as AWS sends them) and are URL-decoded, 1.0's ``path`` and
  ``requestContext.path`` as 2.0's ``rawPath`` (``request``'s docstring); ``rawQueryString``
  stays as sent; ``sourceIp`` is the first ``X-Forwarded-For`` or 127.0.0.1 (guess).
* A request a custom domain with mutual TLS admitted carries the client certificate's facts
  (``gwmock.runtime.mtls``): 2.0's ``requestContext.authentication.clientCert``, 1.0's
  ``requestContext.identity.clientCert``, Lambda authorizers' events too (AWS's payload examples).
* Bodies are sent as text when the content type is text-like (``text/*``, JSON, XML,
  JavaScript) or absent and the body is UTF-8, else base64 with ``isBase64Encoded``
  (guess; AWS documents no list for HTTP APIs; form posts arrive base64 as on AWS).

Responses: 2.0 takes a dict with ``statusCode`` as the response (``headers``,
``cookies`` -> one ``set-cookie`` each, ``body``, ``isBase64Encoded``); anything else
(a dict without statusCode, a string, a list, ``None``) is a 200 ``application/json``
whose body is the function's JSON payload (so a returned string keeps its quotes:
guess). 1.0 must be a dict of ``statusCode`` (int), ``headers``, ``multiValueHeaders``,
``body`` (string), ``isBase64Encoded``; other keys or types are a 500 (guess: as REST
APIs); ``headers`` and ``multiValueHeaders`` are merged, a pair given in both once (AWS docs).
Header names or values that could end a header line (CR, LF, NUL) are a 500: a function
never adds header lines; an object or array as a header value (1.0's ``multiValueHeaders`` too) or
as a 2.0 cookie is a 500 as well (guess, as REST APIs' 502), never its Python text on the wire.
A custom response without content type gets ``text/plain; charset=utf-8`` in 2.0 (guess, what
users report) and ``application/json`` in 1.0 (guess).
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Callable
from typing import Any

from urllib3 import HTTPHeaderDict

from gwmock.runtime import lambdas as runtime_lambdas
from gwmock.runtime.http.request import JSON, V2Request, respond
from gwmock.runtime.response import Response, table_headers

_FUNCTION_ARN = re.compile(r"arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)"
                           r"(?::([A-Za-z0-9$_-]+))?")
_TEXT = re.compile(r"^(text/.*|application/(.*[+/])?(json|xml|javascript)|.*\+(json|xml))(;.*)?$", re.I)
_V1_KEYS = {"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}


class LambdaFailure(Exception):
    """The function could not be found, failed or answered what Lambda cannot return: the caller
    answers 500. ``cause`` is the user code's own exception, when there is one."""

    def __init__(self, message: str, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


class LambdaTimeout(Exception):
    """The function ran longer than the integration's timeout (it is left running on its thread)."""


def find_function(lambdas: dict[str, Callable[..., Any]], uri: str) -> tuple[str, str, Callable[..., Any]]:
    """(function ARN, function name, the registered function) of an integration URI."""
    if not uri or not isinstance(uri, str):
        raise LambdaFailure(f"not a Lambda function URI: {uri}")
    arn, name, candidates = _candidates(uri)
    for candidate in candidates:
        if candidate in lambdas:
            return arn, name, lambdas[candidate]
    raise LambdaFailure(f"no Lambda function registered for {arn}")


@functools.lru_cache(maxsize=512)
def _candidates(uri: str) -> tuple[str, str, tuple[str, ...]]:
    """(function ARN, name, the keys it may be registered under, most specific first), parsed
    once per URI text: the same few URIs come with every request."""
    found = _FUNCTION_ARN.search(uri)
    if found is None:
        raise LambdaFailure(f"not a Lambda function URI: {uri}")
    arn, name, qualifier = found.group(0), found.group(3), found.group(4)
    unqualified = arn if qualifier is None else arn.rsplit(":", 1)[0]
    return arn, name, (arn, unqualified, f"{name}:{qualifier}" if qualifier else name, name)


def invoke(lambdas: dict[str, Callable[..., Any]], uri: str, event: dict[str, Any], request_id: str,
           timeout_ms: int = 30000) -> str:
    """Call the function as Lambda would (``gwmock.runtime.lambdas.call``: it never raises) and
    return its JSON payload; a function error is ``LambdaFailure``, overrunning ``timeout_ms``
    ``LambdaTimeout``."""
    text = invoke_for_answer(lambdas, uri, event, request_id, timeout_ms).text
    assert text is not None  # an answer, not an error
    return text


def invoke_for_answer(lambdas: dict[str, Callable[..., Any]], uri: str, event: dict[str, Any], request_id: str,
                      timeout_ms: int = 30000) -> runtime_lambdas.LambdaResult:
    """``invoke``, answering the function's result: its payload as Lambda's runtime parsed it
    (what ``json.loads`` of the text gives) and its ``text``, made only if read."""
    arn, name, function = find_function(lambdas, uri)
    settings = getattr(function, "context_settings", None)  # a template's function: its memory and timeout
    memory, countdown = (128, timeout_ms) if settings is None else settings
    context = runtime_lambdas.LambdaContext(arn, name, memory=memory, timeout_ms=countdown, request_id=request_id)
    result = runtime_lambdas.call(function, context, event, timeout=max(timeout_ms, 1) / 1000)
    if result.timed_out:
        raise LambdaTimeout(name)
    result = runtime_lambdas.within_limit(result)  # Lambda's 6 MB: a function error
    if result.error:
        message = result.payload.get("errorMessage") if isinstance(result.payload, dict) else None
        raise LambdaFailure(str(message or "function error"), result.exception)
    return result


# --- events ---------------------------------------------------------------------------------


def body_of(request: V2Request) -> tuple[str | None, bool]:
    """The event's body and ``isBase64Encoded``."""
    body = request.body
    if not body:
        return None, False
    values = request.headers.get("content-type")  # request.header(), without its call
    if not values or _is_text(",".join(values)):
        try:
            return body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(body).decode(), True


_TEXT_TYPES: dict[str, bool] = {}


def _is_text(content_type: str) -> bool:
    """Whether a body of this content type travels as text; remembered for the few types a test
    sends (bounded: a client inventing types empties the table rather than growing it)."""
    known = _TEXT_TYPES.get(content_type)
    if known is None:
        known = _TEXT.match(content_type) is not None
        if len(_TEXT_TYPES) >= 256:
            _TEXT_TYPES.clear()
        _TEXT_TYPES[content_type] = known
    return known


def _cookies(request: V2Request) -> list[str]:
    out: list[str] = []
    for value in request.headers.get("cookie", []):
        out.extend(part.strip() for part in value.split(";") if part.strip())
    return out


def event_v2(request: V2Request, *, for_authorizer: bool = False) -> dict[str, Any]:
    raw = request.headers
    headers: dict[str, str] = {}
    for name, values in raw.items():  # a loop, not a comprehension: one code object less per request
        if name != "cookie":
            headers[name] = values[0] if len(values) == 1 else ",".join(values)
    forwarded = headers.get("x-forwarded-for")
    context: dict[str, Any] = {
        "accountId": request.account, "apiId": request.api_id, "domainName": request.domain_name,
        "domainPrefix": request.domain_prefix,
        "http": {"method": request.method, "path": request.raw_path, "protocol": "HTTP/1.1",
                 "sourceIp": forwarded.split(",")[0].strip() if forwarded else "127.0.0.1",
                 "userAgent": headers.get("user-agent") or ""},
        "requestId": request.request_id, "routeKey": request.route_key, "stage": request.stage_name,
        "time": request.time_text, "timeEpoch": request.epoch_ms,
    }
    if request.authorizer and not for_authorizer:
        context["authorizer"] = request.authorizer
    if request.client_cert is not None:  # a mutual TLS domain admitted it
        context["authentication"] = {"clientCert": request.client_cert.event()}
    event: dict[str, Any] = {"version": "2.0", "routeKey": request.route_key, "rawPath": request.raw_path,
                             "rawQueryString": request.query_string}
    if "cookie" in raw:
        cookies = _cookies(request)
        if cookies:
            event["cookies"] = cookies
    event["headers"] = headers
    if request.query:
        event["queryStringParameters"] = {k: ",".join(v) for k, v in request.query.items()}
    event["requestContext"] = context
    if not for_authorizer:
        body, encoded = body_of(request)
        if body is not None:
            event["body"] = body
    if request.path_params:
        event["pathParameters"] = dict(request.path_params)
    if not for_authorizer:
        event["isBase64Encoded"] = encoded
    variables = request.stage.get("StageVariables")
    if variables:
        event["stageVariables"] = dict(variables)
    return event


def event_v1(request: V2Request, *, for_authorizer: bool = False) -> dict[str, Any]:
    body, encoded = body_of(request)
    # "use format 1.0 and path to access the API mapping for your custom domain name"
    path = request.raw_path if request.domain_path is None else request.domain_path
    authorizer: dict[str, Any] = {"claims": None, "scopes": None}
    if request.authorizer and "jwt" in request.authorizer:
        authorizer = {"claims": request.authorizer["jwt"]["claims"], "scopes": request.authorizer["jwt"]["scopes"]}
    elif request.authorizer and "lambda" in request.authorizer:
        authorizer = dict(request.authorizer["lambda"] or {})
    iam = (request.authorizer or {}).get("iam") or {}
    identity = {
        "accessKey": iam.get("accessKey"), "accountId": iam.get("accountId"), "caller": iam.get("callerId"),
        "cognitoAuthenticationProvider": None, "cognitoAuthenticationType": None, "cognitoIdentityId": None,
        "cognitoIdentityPoolId": None, "principalOrgId": None, "sourceIp": request.source_ip,
        "user": iam.get("userId"), "userAgent": request.user_agent, "userArn": iam.get("userArn"),
    }
    if request.client_cert is not None:  # a mutual TLS domain admitted it
        identity["clientCert"] = request.client_cert.event()
    context: dict[str, Any] = {
        "accountId": request.account, "apiId": request.api_id, "authorizer": authorizer,
        "domainName": request.domain_name, "domainPrefix": request.domain_prefix,
        "extendedRequestId": request.request_id, "httpMethod": request.method, "identity": identity,
        "path": path, "protocol": "HTTP/1.1", "requestId": request.request_id,
        "requestTime": request.time_text, "requestTimeEpoch": request.epoch_ms,
        "resourceId": request.route_key, "resourcePath": request.route_path, "routeKey": request.route_key,
        "stage": request.stage_name,
    }
    if for_authorizer:
        del context["authorizer"]
    return {
        "version": "1.0", "resource": request.route_path, "path": path, "httpMethod": request.method,
        "headers": {name: values[-1] for name, values in request.headers.items()},
        "multiValueHeaders": {name: list(values) for name, values in request.headers.items()},
        "queryStringParameters": {k: v[-1] for k, v in request.query.items()} or None,
        "multiValueQueryStringParameters": {k: list(v) for k, v in request.query.items()} or None,
        "requestContext": context,
        "pathParameters": dict(request.path_params) or None,
        "stageVariables": request.stage_variables or None,
        "body": body, "isBase64Encoded": encoded,
    }


# --- responses ------------------------------------------------------------------------------


class MalformedResponse(Exception):
    pass


def _status(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
        raise MalformedResponse(f"statusCode {value!r}")
    return value


def _body(value: Any, encoded: Any) -> bytes:
    if value is None:
        return b""
    if not isinstance(value, str):
        raise MalformedResponse("body must be a string")
    if encoded is True:
        try:
            return base64.b64decode(value, validate=True)
        except ValueError as caught:
            raise MalformedResponse("body is not base64") from caught
    return value.encode()


def _headers(value: Any) -> HTTPHeaderDict:
    """The function's ``headers``, names lowercased, in urllib3 2's table layout (lower-case name ->
    ``[name, value]``, what ``out[name] = value`` writes: the name is already lower-case), made by
    ``response.table_headers``."""
    if value is None:
        return table_headers({})
    if not isinstance(value, dict):
        raise MalformedResponse("headers must be an object")
    table: dict[str, list[str]] = {}
    for name, item in value.items():
        if type(item) is str and "\r" not in item and "\n" not in item and "\x00" not in item:
            text = item  # the usual value: what _scalar would answer, without the call
        elif isinstance(item, (dict, list)):
            raise MalformedResponse("header values must be scalars")
        else:
            text = _scalar(item)
        low = _name(name)
        table[low] = [low, text]
    return table_headers(table)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = "" if value is None else str(value)
    if "\r" in text or "\n" in text or "\x00" in text:  # a function must never be able to add header lines
        raise MalformedResponse("a header value holds a line break")
    return text


_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")  # \Z: $ would let a final LF through
_NAMES: dict[str, str] = {}


def _name(name: Any) -> str:
    """A valid header name, lowercased; valid names are remembered (bounded), the checks run once."""
    known = _NAMES.get(name) if isinstance(name, str) else None
    if known is not None:
        return known
    if not isinstance(name, str) or not _TOKEN.match(name):
        raise MalformedResponse(f"header name {name!r}")
    if len(_NAMES) >= 512:
        _NAMES.clear()
    known = _NAMES[name] = name.lower()
    return known


def response_v2(answer: runtime_lambdas.LambdaResult) -> Response:
    """The answer of a 2.0 function (``answer``: a successful call)."""
    if type(answer) is runtime_lambdas.NotJsonResult:  # a function served over HTTP answered text
        raise MalformedResponse("the function's answer is not JSON")
    result = answer.payload
    if not isinstance(result, dict) or "statusCode" not in result:
        return respond(200, HTTPHeaderDict({"content-type": JSON}), str(answer.text).encode())
    status = result["statusCode"]
    if type(status) is not int or not 100 <= status <= 599:
        status = _status(status)  # an int subclass passes; anything else raises
    headers = _headers(result.get("headers"))
    cookies = result.get("cookies")
    if cookies:
        if not isinstance(cookies, list):
            raise MalformedResponse("cookies must be a list")
        for cookie in cookies:
            if isinstance(cookie, (dict, list)):  # a Python repr must never become a header line
                raise MalformedResponse("cookies must be strings")
            headers.add("set-cookie", _scalar(cookie))
    body = result.get("body")
    if type(body) is str and result.get("isBase64Encoded") is not True:
        body = body.encode()  # the usual body: what _body answers, without the call
    else:
        body = _body(body, result.get("isBase64Encoded"))
    if "content-type" not in headers:
        headers["content-type"] = "text/plain; charset=utf-8"
    return Response.taking(status, headers, body, [])


def response_v1(answer: runtime_lambdas.LambdaResult) -> Response:
    """The answer of a 1.0 function (``answer``: a successful call)."""
    result = answer.payload
    if not isinstance(result, dict) or "statusCode" not in result or set(result) - _V1_KEYS:
        raise MalformedResponse("not a 1.0 response")
    status = _status(result["statusCode"])
    single = _headers(result.get("headers"))
    multi = result.get("multiValueHeaders") or {}
    if not isinstance(multi, dict) or any(not isinstance(v, list) for v in multi.values()):
        raise MalformedResponse("multiValueHeaders must map names to lists")
    # AWS merges both into one list per name; a pair given in both appears once ("Working with
    # AWS Lambda proxy integrations for HTTP APIs", payload format 1.0)
    headers = HTTPHeaderDict()
    for name, values in multi.items():
        for value in values:
            if isinstance(value, (dict, list)):  # as in ``headers`` and REST APIs: malformed
                raise MalformedResponse("header values must be scalars")
            headers.add(_name(name), _scalar(value))
    for name, value in single.items():
        if value not in headers.getlist(name):
            headers.add(name, value)
    body = _body(result.get("body"), result.get("isBase64Encoded"))
    if "content-type" not in headers:
        headers["content-type"] = JSON
    return respond(status, headers, body)
