"""Gateway responses: how every failure of the REST API pipeline is answered.

A stage of the pipeline raises ``GatewayError(kind, message)``; ``render`` turns it
into the API's gateway response of that type, read from the deployment snapshot
(``gatewayresponses``) with the control plane's rules (``gwmock.apigateway.gateway_responses``):
a response put for the type wins, else DEFAULT_4XX/DEFAULT_5XX lend their status code,
parameters and templates, else the type's default (status code, no parameters, the
template ``{"message":$context.error.messageString}``).

The body is the template for ``application/json`` (else the first one) with its variables
substituted, not run as VTL (``substitution``): ``$context.*`` including ``error.message``,
``error.messageString`` (the message as a JSON string, ``null`` when there is none), ``error.responseType``
and ``error.validationErrorString``; ``$stageVariables.*``; method request parameters. Response parameters
``gatewayresponse.header.X`` take ``'static'`` values, ``method.request.*``,
``stageVariables.*`` and ``context.*``. The answer carries ``x-amzn-ErrorType``.

Messages and error types (AWS's public behaviour): missing route "Missing Authentication
Token" (MissingAuthenticationTokenException), 401 "Unauthorized", explicit Deny "User is
not authorized to access this resource with an explicit deny", no Allow "User is not
authorized to access this resource" (AccessDeniedException), bad API key "Forbidden",
quota "Limit Exceeded", throttled "Too Many Requests", integration failures 500/502
"Internal server error", timeout 504 "Endpoint request timed out".

A failure AWS answers with a body of its own (``GatewayError.body``: a non-proxy Lambda payload
Lambda refuses) keeps that body unless the API customised the response type or its DEFAULT_4XX/5XX.

A response parameter whose header name no HTTP header can have (``a:b``, a space: what an OpenAPI
import may store, PutGatewayResponse refuses it) is not sent (guess: AWS refuses it up front).

Guesses: authorizer failures answer 500 ``{"message":null}``; DEFAULT_4XX/5XX types
without a status code keep the status the pipeline chose.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gwmock.apigateway.gateway_responses import DEFAULT_STATUS, DEFAULT_TEMPLATES
from gwmock.runtime.rest.substitution import TooLarge
from gwmock.runtime.rest.substitution import render as substitute

ERROR_TYPES = {
    "ACCESS_DENIED": "AccessDeniedException",
    "API_CONFIGURATION_ERROR": "InternalServerErrorException",
    "AUTHORIZER_CONFIGURATION_ERROR": "AuthorizerConfigurationException",
    "AUTHORIZER_FAILURE": "AuthorizerFailureException",
    "BAD_REQUEST_BODY": "BadRequestException",
    "BAD_REQUEST_PARAMETERS": "BadRequestException",
    "DEFAULT_4XX": "BadRequestException",
    "DEFAULT_5XX": "InternalServerErrorException",
    "EXPIRED_TOKEN": "ExpiredTokenException",
    "INTEGRATION_FAILURE": "InternalServerErrorException",
    "INTEGRATION_TIMEOUT": "InternalServerErrorException",
    "INVALID_API_KEY": "ForbiddenException",
    "INVALID_SIGNATURE": "InvalidSignatureException",
    "MISSING_AUTHENTICATION_TOKEN": "MissingAuthenticationTokenException",
    "QUOTA_EXCEEDED": "LimitExceededException",
    # a capture of "Request Too Long" (a Lambda's 6 MB request): https://github.com/koki-develop/lgtm-generator/issues/10
    "REQUEST_TOO_LARGE": "BadRequestException",
    "RESOURCE_NOT_FOUND": "ResourceNotFoundException",
    "THROTTLED": "TooManyRequestsException",
    "UNAUTHORIZED": "UnauthorizedException",
    "UNSUPPORTED_MEDIA_TYPE": "UnsupportedMediaTypeException",
    "WAF_FILTERED": "WafFilteredException",
}


_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110's token
_HEADER_PREFIX = "gatewayresponse.header."


class GatewayError(Exception):
    """A failure answered through the API's gateway response of type ``kind``."""

    def __init__(self, kind: str, message: str | None, status: int | None = None, *,
                 reason: str | None = None, config: bool = False, validation: str = "",
                 error_type: str | None = None, body: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status if status is not None else int(DEFAULT_STATUS[kind] or 500)
        self.reason = reason or (message or "")
        self.config = config  # logged as "Execution failed due to configuration error"
        self.validation = validation
        self.error_type = error_type or ERROR_TYPES.get(kind, "InternalServerErrorException")
        self.body = body  # AWS's own body, when the API has not customised the response


def effective(responses: dict[str, Any], kind: str) -> dict[str, Any]:
    """The gateway response of ``kind`` given the responses put (``{type: record}``)."""
    if kind in responses:
        return dict(responses[kind])
    record: dict[str, Any] = {"responseType": kind, "statusCode": DEFAULT_STATUS[kind],
                              "responseParameters": {}, "responseTemplates": dict(DEFAULT_TEMPLATES)}
    status = DEFAULT_STATUS[kind]
    parent = None if status is None else ("DEFAULT_5XX" if status.startswith("5") else "DEFAULT_4XX")
    inherited = responses.get(parent) if parent else None
    if inherited is not None:
        record["responseParameters"] = dict(inherited.get("responseParameters") or {})
        record["responseTemplates"] = dict(inherited.get("responseTemplates") or {})
        if inherited.get("statusCode"):
            record["statusCode"] = inherited["statusCode"]
    return record


def render(error: GatewayError, responses: dict[str, Any], context: dict[str, Any],
           params: dict[str, dict[str, str]], stage_variables: dict[str, str]) -> tuple[int, str, dict[str, str]]:
    """``(status, body, headers)`` of the gateway response for ``error``."""
    response = effective(responses, error.kind)
    status = int(response["statusCode"]) if response.get("statusCode") else error.status
    context = {**context, "error": {
        "message": error.message if error.message is not None else "",
        "messageString": json.dumps(error.message) if error.message is not None else "null",
        "responseType": error.kind,
        "validationErrorString": error.validation,
    }}
    templates = response.get("responseTemplates") or {}
    template = templates.get("application/json", next(iter(templates.values()), None))
    body = ""
    if error.body is not None and not _customised(responses, error.kind):
        body = error.body
    elif template:
        try:
            body = substitute(template, context, params, stage_variables)
        except TooLarge:
            body = json.dumps({"message": error.message}, separators=(",", ":"))
    headers = {"x-amzn-ErrorType": error.error_type}
    for target, source in (response.get("responseParameters") or {}).items():
        name = target[len(_HEADER_PREFIX):]
        if target.startswith(_HEADER_PREFIX) and _HEADER_NAME.fullmatch(name):
            value = parameter_value(source, params, context, stage_variables)
            if value is not None:
                headers[name] = value
    return status, body, headers


def _customised(responses: dict[str, Any], kind: str) -> bool:
    status = DEFAULT_STATUS[kind]
    parent = None if status is None else ("DEFAULT_5XX" if status.startswith("5") else "DEFAULT_4XX")
    return kind in responses or (parent is not None and parent in responses)


def parameter_value(source: str | None, params: dict[str, dict[str, str]], context: dict[str, Any],
                    stage_variables: dict[str, str]) -> str | None:
    """The value of a mapping expression: ``'static'``, ``method.request.<where>.<name>``,
    ``stageVariables.<name>`` or ``context.<path>``; None when it has none."""
    if source is None:
        return None
    if len(source) >= 2 and source.startswith("'") and source.endswith("'"):
        return source[1:-1]
    if source.startswith("method.request."):
        where, _, name = source[len("method.request."):].partition(".")
        where = {"multivaluequerystring": "querystring", "multivalueheader": "header"}.get(where, where)
        values = params.get(where, {})
        if where == "header":
            return next((v for k, v in values.items() if k.lower() == name.lower()), None)
        return values.get(name)
    if source.startswith("stageVariables."):
        return stage_variables.get(source[len("stageVariables."):])
    if source.startswith("context."):
        value: Any = context
        for part in source[len("context."):].split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is None or isinstance(value, (dict, list)):
            return None
        return str(value).lower() if isinstance(value, bool) else str(value)
    return None
