"""The one place that touches botocore's send path.

``botocore.endpoint.Endpoint._send_request`` is patched on the class, so every
client is covered, including clients created before the mock started or before
gwmock was imported. It runs before botocore's ``before-send`` event, which is
where other mocks (moto's ``mock_aws``) answer, so gwmock wins for its two
services while leaving every other service's requests untouched. For those two
services the request is still built and signed by botocore (a client without
credentials gets an unsigned request instead of ``NoCredentialsError``), then
answered in-process without botocore's retry loop: a fake never needs a retry.
The tail of ``_do_get_response`` (turn the response into a dict, parse it with
botocore's own parser, add modeled error fields) is repeated here so users get
exactly what botocore gives. ``tests/core/test_intercept.py`` pins this contract.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSResponse, create_request_object
from botocore.endpoint import Endpoint, convert_to_response_dict
from botocore.exceptions import NoCredentialsError

from gwmock.dispatch import account_from_access_key, handle_request

SERVICES = frozenset({"apigateway", "apigatewayv2"})

_original: Callable[..., Any] | None = None
_lock = threading.Lock()
_active: Callable[[], Any] | None = None  # returns the innermost active mock, or None


class _Raw:
    """Just enough of urllib3's response for botocore to read a body."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *_: Any, **__: Any) -> Any:
        yield self._body

    def read(self, *_: Any) -> bytes:
        body, self._body = self._body, b""
        return body


def _access_key(headers: Any) -> str | None:
    auth = headers.get("Authorization")
    if not auth:
        return None
    if isinstance(auth, bytes):
        auth = auth.decode()
    start = auth.find("Credential=")
    if start < 0:
        return None
    return auth[start + 11 :].split("/", 1)[0]  # type: ignore[no-any-return]


def _send_request(self: Endpoint, request_dict: Any, operation_model: Any) -> Any:
    service = operation_model.service_model.service_name
    mock = _active() if _active is not None else None
    if mock is None or service not in SERVICES:
        return _original(self, request_dict, operation_model)  # type: ignore[misc]
    try:
        request = self.create_request(request_dict, operation_model)
    except NoCredentialsError:
        request = self.prepare_request(create_request_object(request_dict))
    context = request_dict["context"]
    url = urlsplit(request.url)
    body = request.body or b""
    if not isinstance(body, bytes):
        body = body.encode() if isinstance(body, str) else body.read()
    region = context.get("client_region") or mock.region
    headers = request.headers
    status, out_headers, out_body = handle_request(
        mock.backend,
        service,
        request.method,
        url.path,
        url.query,
        headers,
        body,
        account_from_access_key(_access_key(headers)) if mock.account is None else mock.account,
        region,
        mock.calls,
    )
    http_response = AWSResponse(request.url, status, out_headers, _Raw(out_body))
    http_response._content = out_body
    response_dict = convert_to_response_dict(http_response, operation_model)
    service_id = operation_model.service_model.service_id.hyphenize()
    customized: dict[str, Any] = {}
    self._event_emitter.emit(
        f"before-parse.{service_id}.{operation_model.name}",
        operation_model=operation_model,
        response_dict=response_dict,
        customized_response_dict=customized,
    )
    parser = self._response_parser_factory.create_parser(operation_model.service_model.resolved_protocol)
    parsed = parser.parse(response_dict, operation_model.output_shape)
    parsed.update(customized)
    if status >= 300:
        self._add_modeled_error_fields(response_dict, parsed, operation_model, parser)
    if "ResponseMetadata" in parsed:
        parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return http_response, parsed


def install(active: Callable[[], Any]) -> None:
    """Patch botocore (idempotent); ``active`` tells which mock answers now."""
    global _original, _active
    with _lock:
        _active = active
        if _original is None:
            _original = Endpoint._send_request
            Endpoint._send_request = _send_request


def uninstall() -> None:
    global _original
    with _lock:
        if _original is not None:
            Endpoint._send_request = _original
            _original = None


def installed() -> bool:
    return Endpoint._send_request is _send_request
