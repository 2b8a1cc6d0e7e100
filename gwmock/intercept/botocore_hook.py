"""Control plane for botocore clients: ``Endpoint._send_request`` answered in-process.

For ``apigateway`` and ``apigatewayv2`` the request is built by botocore (signing is
replaced, see ``signing``), answered by ``gwmock.dispatch.handle_request`` without
botocore's retry loop (a fake never needs a retry), and parsed by botocore's own
parser, repeating the tail of ``_do_get_response`` so users get exactly what botocore
gives, modeled error fields included. Works from botocore 1.34 (``protocol``) to
releases with ``resolved_protocol``.
"""

from __future__ import annotations

from typing import Any

from botocore.awsrequest import AWSResponse, create_request_object
from botocore.endpoint import convert_to_response_dict
from botocore.exceptions import NoCredentialsError

from gwmock import intercept as _intercept
from gwmock.dispatch import account_from_access_key, handle_request
from gwmock.intercept import SERVICES, original
from gwmock.intercept.signing import ACCESS_KEY
from gwmock.intercept.stacks import warn_if_apis


class Raw:
    """Just enough of urllib3's response for botocore to read a body."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, *_: Any, **__: Any) -> Any:
        yield self._body

    def read(self, *_: Any) -> bytes:
        body, self._body = self._body, b""
        return body


def access_key(headers: Any) -> str | None:
    try:
        auth = headers["Authorization"]  # botocore's header table: ``get`` is a Python wrapper around this
    except KeyError:
        return None
    if not auth:
        return None
    if isinstance(auth, bytes):
        auth = auth.decode()
    start = auth.find("Credential=")
    if start < 0:
        return None
    return auth[start + 11 :].split("/", 1)[0]  # type: ignore[no-any-return]


def path_and_query(url: str) -> tuple[str, str]:
    """botocore's URLs are absolute and well formed: split by hand, at a fraction of urlsplit's cost."""
    start = url.find("/", url.find("://") + 3)
    path, _, query = (url[start:] if start >= 0 else "/").partition("?")
    return path, query


def protocol(service_model: Any) -> str:
    return getattr(service_model, "resolved_protocol", None) or service_model.protocol  # type: ignore[no-any-return]


_PARSERS_MAX = 64
_parsers: dict[tuple[int, str], tuple[Any, dict[str, Any], Any]] = {}


def response_parser(factory: Any, service_model: Any) -> Any:
    """The parser ``factory.create_parser`` gives for the service's protocol, made once per
    factory (botocore makes one per response, at about the cost of gwmock's answer to a
    small call; a parser keeps no state between responses). Made again when
    ``set_parser_defaults`` has changed the factory's defaults since; a factory without
    botocore's ``_defaults`` table gets a new parser each time, as in botocore."""
    key = (id(factory), service_model.service_name)
    entry = _parsers.get(key)
    defaults = getattr(factory, "_defaults", None)
    if entry is None or entry[0] is not factory or entry[1] != defaults:
        parser = factory.create_parser(protocol(service_model))
        if not isinstance(defaults, dict):
            return parser
        if len(_parsers) >= _PARSERS_MAX:  # one entry per session's factory: bounded all the same
            _parsers.clear()
        entry = _parsers[key] = (factory, dict(defaults), parser)
    return entry[2]


def answer(mock: Any, service: str, request: Any, context: Any) -> AWSResponse:
    """The mock's HTTP answer to a prepared botocore request."""
    path, query = path_and_query(request.url)
    body = request.body or b""
    if not isinstance(body, bytes):
        body = body.encode() if isinstance(body, str) else body.read()
    headers = request.headers
    account = mock.account
    if account is None:
        key = context.get(ACCESS_KEY)  # written by ``signing.mark``; the header otherwise
        account = account_from_access_key(key if key is not None else access_key(headers))
    status, out_headers, out_body = handle_request(
        mock.backend, service, request.method, path, query, headers, body, account,
        context.get("client_region") or mock.region, mock.calls, mock,
    )
    http_response = AWSResponse(request.url, status, out_headers, Raw(out_body))
    http_response._content = out_body
    return http_response


def send_request(self: Any, request_dict: Any, operation_model: Any) -> Any:
    service_model = operation_model.service_model  # a Python property: read once
    service = service_model.service_name
    active = _intercept._active
    mock = active() if active is not None else None
    if mock is None or service not in SERVICES:
        if mock is not None and service == "cloudformation":
            warn_if_apis(operation_model.name, request_dict.get("body"))
        return original("botocore.endpoint", "Endpoint", "_send_request")(self, request_dict, operation_model)
    try:
        request = self.create_request(request_dict, operation_model)
    except NoCredentialsError:
        request = self.prepare_request(create_request_object(request_dict))
    http_response = answer(mock, service, request, request_dict["context"])
    response_dict = convert_to_response_dict(http_response, operation_model)
    customized: dict[str, Any] = {}
    self._event_emitter.emit(
        f"before-parse.{service_model.service_id.hyphenize()}.{operation_model.name}",
        operation_model=operation_model,
        response_dict=response_dict,
        customized_response_dict=customized,
    )
    parser = response_parser(self._response_parser_factory, service_model)
    parsed = parser.parse(response_dict, operation_model.output_shape)
    if customized:
        parsed.update(customized)
    if http_response.status_code >= 300:
        add_modeled_error_fields(response_dict, parsed, operation_model, parser)
    if "ResponseMetadata" in parsed:
        parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return http_response, parsed


def add_modeled_error_fields(response_dict: Any, parsed: Any, operation_model: Any, parser: Any) -> None:
    """botocore's ``_add_modeled_error_fields``, which 1.34 lacks on ``Endpoint``."""
    code = parsed.get("Error", {}).get("Code")
    shape = operation_model.service_model.shape_for_error_code(code) if code else None
    if shape is not None:
        parsed.update(parser.parse(response_dict, shape))
