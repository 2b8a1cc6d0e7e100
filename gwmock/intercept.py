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
exactly what botocore gives.

The data plane has a second, separate hook: ``urllib3.connectionpool.HTTPConnectionPool.urlopen``
answers requests to ``*.execute-api.<region>.amazonaws.com`` from the mock's
deployed APIs, so code under test can call them with requests, urllib3 or any
client built on them. Requests to every other host pass through. Both hooks are
installed by the first mock started and removed by the last one stopped;
``tests/core/test_mock.py`` and ``tests/core/test_data_plane.py`` pin them.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable
from typing import Any

from botocore.awsrequest import AWSResponse, create_request_object
from botocore.endpoint import Endpoint, convert_to_response_dict
from botocore.exceptions import NoCredentialsError

from gwmock.dispatch import account_from_access_key, handle_request

SERVICES = frozenset({"apigateway", "apigatewayv2"})

_original: Callable[..., Any] | None = None
_original_urlopen: Callable[..., Any] | None = None
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


def _path_and_query(url: str) -> tuple[str, str]:
    """botocore's URLs are absolute and well formed: split by hand, at a fraction of urlsplit's cost."""
    start = url.find("/", url.find("://") + 3)
    path, _, query = (url[start:] if start >= 0 else "/").partition("?")
    return path, query


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
    path, query = _path_and_query(request.url)
    body = request.body or b""
    if not isinstance(body, bytes):
        body = body.encode() if isinstance(body, str) else body.read()
    region = context.get("client_region") or mock.region
    headers = request.headers
    status, out_headers, out_body = handle_request(
        mock.backend,
        service,
        request.method,
        path,
        query,
        headers,
        body,
        account_from_access_key(_access_key(headers)) if mock.account is None else mock.account,
        region,
        mock.calls,
        mock,
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


def _urlopen(self: Any, method: str, url: str, body: Any = None, headers: Any = None, *args: Any,
             **kwargs: Any) -> Any:
    mock = _active() if _active is not None else None
    host = getattr(self, "host", None)
    from gwmock import runtime  # noqa: PLC0415 - the data plane loads on its first call

    if mock is None or not runtime.is_execute_api(host):
        return _original_urlopen(self, method, url, body, headers, *args, **kwargs)  # type: ignore[misc]
    if url.startswith(("http://", "https://")):  # a proxied request carries the absolute URL
        full = url
    else:
        port = "" if self.port in (None, 80, 443) else f":{self.port}"
        full = f"{self.scheme}://{host}{port}{url}"
    if hasattr(body, "read"):
        body = body.read()
    elif body is not None and not isinstance(body, (bytes, str)):
        body = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in body)
    answer = runtime.call(mock, method, full, dict(headers or {}), body)
    from urllib3.response import HTTPResponse  # noqa: PLC0415

    return HTTPResponse(
        body=io.BytesIO(answer.body), headers=answer.headers, status=answer.status,
        preload_content=kwargs.get("preload_content", True), decode_content=False,
        request_method=method, request_url=full, enforce_content_length=False,
    )


EXECUTE_API_URL = r"https?://[a-z0-9-]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com"


def let_moto_pass_execute_api() -> None:
    """moto's ``mock_aws`` answers every ``requests`` call itself (through ``responses``),
    execute-api URLs included, before they reach urllib3; when moto is loaded, add those
    URLs to its pass-through list so that gwmock's data plane answers them."""
    config = sys.modules.get("moto.core.config")
    if config is None:
        return
    core = config.default_user_config.setdefault("core", {})
    urls = core.setdefault("passthrough", {}).setdefault("urls", [])
    if EXECUTE_API_URL not in urls:
        urls.append(EXECUTE_API_URL)


def install(active: Callable[[], Any]) -> None:
    """Patch botocore and urllib3 (idempotent); ``active`` tells which mock answers now."""
    global _original, _original_urlopen, _active
    with _lock:
        _active = active
        if _original is None:
            _original = Endpoint._send_request
            Endpoint._send_request = _send_request
        if _original_urlopen is None:
            from urllib3.connectionpool import HTTPConnectionPool  # noqa: PLC0415

            _original_urlopen = HTTPConnectionPool.urlopen
            HTTPConnectionPool.urlopen = _urlopen  # type: ignore[method-assign]


def uninstall() -> None:
    global _original, _original_urlopen
    with _lock:
        if _original is not None:
            Endpoint._send_request = _original
            _original = None
        if _original_urlopen is not None:
            from urllib3.connectionpool import HTTPConnectionPool  # noqa: PLC0415

            HTTPConnectionPool.urlopen = _original_urlopen  # type: ignore[method-assign]
            _original_urlopen = None


def installed() -> bool:
    return Endpoint._send_request is _send_request
