"""Control plane for aiobotocore/aioboto3 clients: ``AioEndpoint._send_request``.

The same answer as ``botocore_hook`` (one ``handle_request``), parsed by
aiobotocore's parser, whose ``parse`` is a coroutine in the releases that pair
with botocore 1.34 and after; streaming payloads (GetExport, GetSdk, ExportApi)
come back as aiobotocore's own ``StreamingBody``, as its aiohttp backend gives them.
"""

from __future__ import annotations

import inspect
from typing import Any

from botocore.awsrequest import create_request_object
from botocore.exceptions import NoCredentialsError

from gwmock.intercept import SERVICES, active_mock, original
from gwmock.intercept.botocore_hook import answer, response_parser
from gwmock.intercept.stacks import warn_if_apis


class AioBody:
    """A fully read payload offering aiobotocore's ``StreamingBody`` reading surface."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    async def read(self, amt: int | None = None) -> bytes:
        if amt is None:
            body, self._body = self._body, b""
        else:
            body, self._body = self._body[:amt], self._body[amt:]
        return body

    async def __aenter__(self) -> AioBody:
        return self

    async def __aexit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._body = b""


class _Content:
    """The body as aiohttp's ``StreamReader`` hands it to aiobotocore: ``read(n)`` and ``at_eof()``."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    async def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            chunk, self._body = self._body, b""
        else:
            chunk, self._body = self._body[:n], self._body[n:]
        return chunk

    def at_eof(self) -> bool:
        return not self._body


class _Raw:
    """What aiobotocore's ``StreamingBody`` wraps, for a read payload: aiohttp's ``ClientResponse``
    (``content.read``, releases since 2.x) or its ``StreamReader`` itself (``read``, older ones)."""

    def __init__(self, body: bytes, url: str) -> None:
        self.content = _Content(body)
        self.url = url

    async def read(self, n: int = -1) -> bytes:
        return await self.content.read(n)

    def at_eof(self) -> bool:
        return self.content.at_eof()

    async def __aenter__(self) -> _Raw:
        return self

    async def __aexit__(self, *_: object) -> None:
        self.close()

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        self.content = _Content(b"")

    def release(self) -> None:
        self.close()


def _streaming_body(body: bytes, url: str) -> Any:
    """aiobotocore's own streaming body around ``body`` (``iter_chunks``, ``iter_lines``, ``async for``,
    ``tell``, a ``botocore.response.StreamingBody``), as its aiohttp backend gives payloads; ``AioBody``
    where this aiobotocore's body cannot wrap it."""
    try:
        from aiobotocore.response import StreamingBody  # noqa: PLC0415 - aiobotocore is optional

        return StreamingBody(_Raw(body, url), str(len(body)))
    except Exception:  # noqa: BLE001 - an aiobotocore whose body wants another raw response
        return AioBody(body)


async def _maybe(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def send_request(self: Any, request_dict: Any, operation_model: Any) -> Any:
    service_model = operation_model.service_model  # a Python property: read once
    service = service_model.service_name
    mock = active_mock()
    if mock is None or service not in SERVICES:
        if mock is not None and service == "cloudformation":
            warn_if_apis(operation_model.name, request_dict.get("body"))
        return await original("aiobotocore.endpoint", "AioEndpoint", "_send_request")(
            self, request_dict, operation_model)
    try:
        request = await self.create_request(request_dict, operation_model)
    except NoCredentialsError:
        request = self.prepare_request(create_request_object(request_dict))
    http_response = answer(mock, service, request, request_dict["context"])
    body = http_response._content
    response_dict = {
        "headers": http_response.headers,
        "status_code": http_response.status_code,
        "body": _streaming_body(body, request.url) if http_response.status_code < 300
        and operation_model.has_streaming_output else body,
        "context": {"operation_name": operation_model.name},
    }
    service_id = service_model.service_id.hyphenize()
    customized: dict[str, Any] = {}
    await _maybe(self._event_emitter.emit(
        f"before-parse.{service_id}.{operation_model.name}",
        operation_model=operation_model,
        response_dict=response_dict,
        customized_response_dict=customized,
    ))
    parser = response_parser(self._response_parser_factory, service_model)  # made once per factory
    parsed = await _maybe(parser.parse(response_dict, operation_model.output_shape))
    parsed.update(customized)
    if http_response.status_code >= 300:
        code = parsed.get("Error", {}).get("Code")
        shape = service_model.shape_for_error_code(code) if code else None
        if shape is not None:
            parsed.update(await _maybe(parser.parse(response_dict, shape)))
    if "ResponseMetadata" in parsed:
        parsed["ResponseMetadata"]["RetryAttempts"] = 0
    return http_response, parsed
