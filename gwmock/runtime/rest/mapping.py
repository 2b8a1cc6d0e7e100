"""Integration request and response mapping of REST APIs: templates, content handling,
response selection and response parameters (shared by MOCK, Lambda, HTTP and AWS integrations).
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Mapping
from typing import Any

from gwmock.runtime import patterns
from gwmock.runtime.caches import Derived
from gwmock.runtime.rest.gateway_responses import GatewayError, parameter_value
from gwmock.runtime.rest.request import NO_OVERRIDES, REMAPPED, Call, context, header, method_params, template_overrides
from gwmock.runtime.vtl import Scope, TemplateError, render

INTERNAL_ERROR = "Internal server error"


def config_error(reason: str, status: int = 500) -> GatewayError:
    kind = "API_CONFIGURATION_ERROR" if status == 500 else "DEFAULT_5XX"
    return GatewayError(kind, INTERNAL_ERROR, status, reason=reason, config=True)


_MAX_TEMPLATE = 300 * 1024  # vtl.limits: longer templates are refused by the parser


def _constant(template: Any) -> bool:
    """A template that renders as itself: without ``$`` or ``#`` VTL has nothing to do in it
    (backslashes escape only those two), so it needs no scope and no parse."""
    return isinstance(template, str) and "$" not in template and "#" not in template and len(template) <= _MAX_TEMPLATE


def _render(template: str, call: Call, body: str) -> str:
    """A template's output (a ``_constant`` one is its own)."""
    if _constant(template):
        return template
    return render(template, _scope(call, body))


def _scope(call: Call, body: str) -> Scope:
    return Scope(body=body, params=method_params(call), context=context(call),
                 stage_variables=call.stage_variables, overrides=template_overrides(call))


def map_request(call: Call, integration: dict[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """The integration request body as text and the template's ``$context.requestOverride``."""
    payload, overrides = request_payload(call, integration)
    return (payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload), overrides


def request_template_key(templates: Mapping[str, str], content_type: str | None) -> str | None:
    """The request template for the request's Content-Type (``application/json`` when it sent none),
    by its key in ``requestTemplates``; None when none is for that type."""
    wanted = (content_type or "application/json").split(";")[0].strip().lower()
    return next((k for k in templates if k.lower() == wanted), None)


def request_payload(call: Call, integration: dict[str, Any]) -> tuple[str | bytes, Mapping[str, Any]]:
    """The integration request body (bytes when it is binary) and ``$context.requestOverride``.

    Content handling (AWS's "Content type conversions" table): the payload is binary when the
    request's Content-Type is one of ``binaryMediaTypes``. Passthrough keeps binary bytes and
    reads text as UTF-8 (invalid bytes become U+FFFD: aws-recorded test_apigw_s3_binary_support_
    request[None] get-obj-text-type-binary-raw); CONVERT_TO_TEXT base64-encodes binary;
    CONVERT_TO_BINARY base64-decodes text (not base64: 500). A template applies to the text, and
    with CONVERT_TO_BINARY its output is decoded in turn (so a JSON template output fails: 500,
    test_apigw_s3_binary_support_request_convert_to_binary_with_request_template)."""
    templates = integration.get("requestTemplates") or {}
    template_key = request_template_key(templates, header(call.headers, "Content-Type"))
    handling = integration.get("contentHandling")
    raw = call.body_bytes if call.body_bytes is not None else call.body.encode()
    binary = is_binary(call, header(call.headers, "Content-Type"), accept=False)
    if binary and handling == "CONVERT_TO_TEXT":
        text = base64.b64encode(raw).decode()
    elif binary:
        text = raw.decode("utf-8", "replace")
    else:
        text = raw.decode("utf-8", "replace") if call.body_bytes is not None else call.body
    template = templates.get(template_key) if template_key is not None else None
    if template_key is None:
        passthrough = integration.get("passthroughBehavior", "WHEN_NO_MATCH")
        if passthrough == "NEVER" or (passthrough == "WHEN_NO_TEMPLATES" and templates):
            raise GatewayError("UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type", 415,
                               reason="Unsupported Media Type", config=True)
    if template:
        try:
            # An empty request is mapped as "{}" (aws-recorded: test_apigateway_sqs
            # test_sqs_aws_integration, the message body of the call without payload).
            text = _render(template, call, text or "{}")
        except TemplateError as error:
            raise config_error(f"Unable to transform request: {error}") from None
    elif binary and handling != "CONVERT_TO_TEXT":
        return raw, _request_override(call)  # binary passthrough (or already binary)
    if handling == "CONVERT_TO_BINARY":
        return _base64_decoded(text, "request"), _request_override(call)
    return text, _request_override(call)


def _request_override(call: Call) -> Mapping[str, Any]:
    """``$context.requestOverride`` as the request template left it (read only when none rendered)."""
    return (call.overrides or NO_OVERRIDES)["requestOverride"]


def _base64_decoded(text: str | bytes, where: str) -> bytes:
    try:
        return base64.b64decode(text.strip() if isinstance(text, str) else text.strip(), validate=True)
    except ValueError:
        raise config_error(f"Unable to base64 decode the {where} body") from None


def _mock_answers(integration: dict[str, Any]) -> dict[tuple[str | None, str | None], Any] | None:
    """A table of a MOCK integration's answers by the request's Content-Type and Accept headers,
    when nothing else can change them: no content handling, and request and response templates that
    render as themselves (no ``$`` or ``#``: no request value, no ``$context`` override) with no
    response parameters. None otherwise. Made once per deployed integration (``Derived``)."""
    requests = (integration.get("requestTemplates") or {}).values()
    if integration.get("contentHandling") or not all(map(_constant, requests)):
        return None
    for response in (integration.get("integrationResponses") or {}).values():
        if response.get("contentHandling") or response.get("responseParameters"):
            return None
        if not all(map(_constant, (response.get("responseTemplates") or {}).values())):
            return None
    return {}


_MOCK_ANSWERS: Derived[dict[tuple[str | None, str | None], Any] | None] = Derived(_mock_answers)
_MOCK_ANSWERS_MAX = 64  # (Content-Type, Accept) pairs a table keeps; emptied when full


def mock_answer(call: Call, integration: dict[str, Any]) -> tuple[int, str | bytes, dict[str, str]]:
    """A MOCK integration's method response: the status its request template asks for, mapped by
    the integration response it selects. Where templates and content types alone decide it
    (``_mock_answers``) and the API has no binary media types, a request with the same Content-Type
    and Accept as an earlier one gets that answer again, provided a request template applied (the
    passthrough of a body could ask for another status); an error is never kept."""
    answers = None if has_binary_types(call) else _MOCK_ANSWERS(integration)
    if answers is None:
        return _mock_answer(call, integration)
    key = (header(call.headers, "Content-Type"), header(call.headers, "Accept"))
    known = answers.get(key)
    if known is None:
        known = _mock_answer(call, integration)
        if request_template_key(integration.get("requestTemplates") or {}, key[0]) is not None:
            if len(answers) >= _MOCK_ANSWERS_MAX:
                answers.clear()
            answers[key] = known
    status, body, headers = known
    return status, body, dict(headers)  # the caller's own


def _mock_answer(call: Call, integration: dict[str, Any]) -> tuple[int, str | bytes, dict[str, str]]:
    status = mock_status(map_request(call, integration)[0])
    return map_response(call, select_response(integration, str(status)), "", {})


def mock_status(body: str) -> int:
    """The status a MOCK integration's request body asks for; a short body (the same template
    output on every request, as a rule) is read once."""
    return _short_mock_status(body) if len(body) <= 256 else _mock_status(body)


@functools.lru_cache(maxsize=256)
def _short_mock_status(body: str) -> int:
    return _mock_status(body)


def _mock_status(body: str) -> int:
    if not body.strip():
        return 200
    try:
        document = json.loads(body)
    except ValueError:  # a number past int()'s 4,300 digits lands here too
        loose = re.match(r"^\s*\{.*?\bstatusCode['\"]?\s*:\s*['\"]?(\d+)", body, re.DOTALL)
        if loose is not None and len(loose.group(1)) <= _STATUS_DIGITS:
            return int(loose.group(1))  # AWS reads unquoted keys too (test_integration_mock_with_path_param)
        raise _unparsable() from None
    if not isinstance(document, dict) or "statusCode" not in document:
        return 200
    status = document["statusCode"]
    text = str(status) if isinstance(status, (int, str)) and not isinstance(status, bool) else ""
    # ``isdecimal``: what int() reads ("\u00b2" is a digit to ``isdigit``, not to int()); at most
    # ``_STATUS_DIGITS`` of them, never a ValueError past int()'s 4,300
    if not text.isdecimal() or len(text) > _STATUS_DIGITS:
        raise _unparsable()
    return int(text)


def _unparsable() -> Exception:
    return config_error("Unable to parse statusCode. It should be an integer that is defined in the request template.")


_STATUS_DIGITS = 1000  # longer is no HTTP status whatever its digits (leading zeros included)


def select_response(integration: dict[str, Any], subject: str | None, lambda_error: bool = False) -> dict[str, Any]:
    responses = integration.get("integrationResponses") or {}
    default: dict[str, Any] | None = None
    budget = patterns.Budget()  # the patterns share one time budget: many catastrophic ones cost BUDGET
    for response in responses.values():
        pattern = response.get("selectionPattern")
        if not pattern:
            default = default or response
        elif subject is not None and _selected(pattern, subject, budget):
            return dict(response)
    if default is None:
        shown = "200" if lambda_error else subject
        raise config_error("No match for output mapping and no default output mapping configured. "
                           f"Endpoint Response Status Code: {shown}")
    return default


def _selected(pattern: str, subject: str, budget: patterns.Budget | None = None) -> bool:
    """Whether ``selectionPattern`` matches the whole subject (``runtime.patterns``: bounded in time).
    A pattern that runs out of time or does not compile selects nothing (guess: API Gateway checks
    the pattern when it is put, and answers no such case)."""
    try:
        return patterns.fullmatch(pattern, subject, dotall=True, budget=budget)
    except (patterns.PatternTimeout, patterns.BadPattern):
        return False


def map_response(call: Call, response: dict[str, Any], body: str | bytes,
                 integration_headers: Mapping[str, str], payload_type: str | None = None) -> tuple[
                     int, str | bytes, dict[str, str]]:
    """Apply the selected integration response to the integration's body and headers.

    ``payload_type`` is the integration response's Content-Type: with the request's Accept it
    decides the content conversion (``convert_response``) before the template, if any, renders."""
    templates = response.get("responseTemplates") or {}
    accept = (header(call.headers, "Accept") or "").split(",")[0].split(";")[0].strip().lower()
    content_type = next((k for k in templates if k.lower() == accept), None)
    if content_type is None:
        content_type = "application/json" if "application/json" in templates or not templates else next(iter(templates))
    template = templates.get(content_type)
    body = convert_response(call, response.get("contentHandling"), body, payload_type)
    out: str | bytes = body
    if template:
        text = body if isinstance(body, str) else body.decode("utf-8", "replace")
        try:
            out = _render(template, call, text)
        except TemplateError as error:
            raise config_error(f"Unable to transform response: {error}") from None
    elif not templates and integration_headers:
        content_type = next((v for k, v in integration_headers.items() if k.lower() == "content-type"),
                            content_type)
    headers = _response_headers(call, response.get("responseParameters") or {}, body, integration_headers)
    if not has_header(headers, "Content-Type"):
        headers["Content-Type"] = content_type
    status = int(response.get("statusCode", 200))
    override = (call.overrides or NO_OVERRIDES)["responseOverride"]
    if str(override.get("status", "")).isdigit():
        status = int(override["status"])
    for name, value in (override.get("header") or {}).items():
        headers[name] = str(value)
    return status, out, headers


def convert_response(call: Call, handling: str | None, body: str | bytes, payload_type: str | None) -> str | bytes:
    """The integration response body after content handling (AWS's conversion table; aws-recorded:
    test_apigateway_s3 test_apigw_s3_binary_support_response_*).

    The payload is binary when its Content-Type is one of ``binaryMediaTypes``; the client wants
    binary when its first Accept type is. Text answers (CONVERT_TO_TEXT, or passthrough to a text
    Accept) are UTF-8 text, invalid bytes read as U+FFFD, or base64 of a binary payload; binary
    answers (CONVERT_TO_BINARY, or passthrough to a binary Accept) are a binary payload's bytes or
    the base64-decoded text (500 when it is not base64)."""
    data = body if isinstance(body, bytes) else body.encode()
    payload_binary = payload_type is not None and is_binary(call, payload_type, accept=False)
    accept = (header(call.headers, "Accept") or "").split(",")[0]
    wants_binary = handling == "CONVERT_TO_BINARY" or (
        handling != "CONVERT_TO_TEXT" and bool(accept) and is_binary(call, accept, accept=False))
    if not wants_binary:
        if payload_binary:
            return base64.b64encode(data).decode()
        return body if isinstance(body, str) else data.decode("utf-8", "replace")
    if payload_binary:
        return data
    try:
        return base64.b64decode(data.strip(), validate=True)
    except ValueError:
        raise config_error("Unable to base64 decode the body") from None


def _response_headers(call: Call, parameters: dict[str, str], body: str | bytes,
                      integration_headers: Mapping[str, str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    if not parameters:
        return headers
    params, ctx = method_params(call), context(call)
    for target, source in parameters.items():
        if not target.startswith("method.response.header.") or source is None:
            continue
        name = target[len("method.response.header."):]
        value: str | None
        if source == "integration.response.body":
            value = body if isinstance(body, str) else body.decode("utf-8", "replace")
        elif source.startswith("integration.response.header."):
            wanted = source[len("integration.response.header."):].lower()
            value = next((v for k, v in integration_headers.items() if k.lower() == wanted), None)
        elif source.startswith("integration.response.body."):
            from gwmock.runtime.vtl import TemplateError, json_path  # noqa: PLC0415

            try:
                found = json_path(json.loads(body), "$." + source[len("integration.response.body."):])
            except (ValueError, RecursionError, TemplateError):  # not JSON, not a path, or past a bound
                found = None
            value = None if found is None else found if isinstance(found, str) else json.dumps(found)
        else:
            value = parameter_value(source, params, ctx, call.stage_variables)
        if value is not None and name.lower() != "transfer-encoding":
            # headers API Gateway reserves are renamed, as for integration headers (aws-recorded:
            # test_apigateway_header_remapping_aws full-integration: Content-Length, Date, Host, ...)
            headers[f"x-amzn-Remapped-{name}" if name.lower() in REMAPPED else name] = value
    return headers


def has_header(headers: Mapping[str, str], name: str) -> bool:
    return any(k.lower() == name.lower() for k in headers)


def has_binary_types(call: Call) -> bool:
    """Whether the API lists any binaryMediaTypes (without them nothing is binary)."""
    return bool((call.snapshot.get("api") or {}).get("binaryMediaTypes"))


def is_binary(call: Call, content_type: str | None, accept: bool = True) -> bool:
    """Whether ``content_type`` (or the request's Accept) is one of the API's binaryMediaTypes."""
    types = (call.snapshot.get("api") or {}).get("binaryMediaTypes") or []
    if not types:
        return False
    candidates = [content_type or ""] + ([(header(call.headers, "Accept") or "").split(",")[0]] if accept else [])
    for candidate in candidates:
        candidate = candidate.split(";")[0].strip().lower()
        if not candidate:
            continue
        for pattern in types:
            pattern = pattern.replace("~1", "/").lower()
            if pattern == "*/*" or pattern == candidate or (
                    pattern.endswith("/*") and candidate.startswith(pattern[:-1])):
                return True
    return False
