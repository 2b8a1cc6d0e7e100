"""HTTP semantics between real clients (requests, httpx, aiohttp, urllib) and deployed APIs: request
bodies of every form reach the Lambda event as the client sent them, answers reach the client as
RFC 9110/9112 and each client's own rules make them (no body after 204/304, decompression, redirects,
cookies), and nothing a client sends can make gwmock read without end.

Evidence: RFC 9110 15.3.5/15.4.5 (https://www.rfc-editor.org/rfc/rfc9110#section-15.3.5): a 204 or 304
ends at its header section; RFC 9112 6.3 (https://www.rfc-editor.org/rfc/rfc9112#section-6.3): a client
reads no body after one. API Gateway's payload limit is 10 MB
(https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import io
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import httpx
import pytest
import requests

from gwmock import mock_apigateway

aiohttp = pytest.importorskip("aiohttp")

REGION = "eu-west-1"
ARN = f"arn:aws:lambda:{REGION}:123456789012:function:"


class Api:
    """A deployed API whose Lambda answers with ``answer(event)`` and keeps every event."""

    def __init__(self, base: str, events: list[dict[str, Any]]) -> None:
        self.base, self.events = base, events

    @property
    def event(self) -> dict[str, Any]:
        return self.events[-1]


def _handler(answer: Callable[[dict[str, Any]], dict[str, Any]], events: list[dict[str, Any]]) -> Any:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        events.append(event)
        return answer(event)

    return handler


def _rest(gw: Any, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> Api:
    events: list[dict[str, Any]] = []
    gw.add_lambda("rest", _handler(answer, events))
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="r", binaryMediaTypes=["*/*"])
    proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(
        restApiId=api["id"], resourceId=proxy, httpMethod="ANY", type="AWS_PROXY", integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{ARN}rest/invocations")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return Api(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev", events)


def _http(gw: Any, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> Api:
    events: list[dict[str, Any]] = []
    gw.add_lambda("http", _handler(answer, events))
    api = boto3.client("apigatewayv2", region_name=REGION).create_api(Name="h", ProtocolType="HTTP",
                                                                      Target=f"{ARN}http")
    return Api(f"https://{api['ApiId']}.execute-api.{REGION}.amazonaws.com", events)


def _path(event: dict[str, Any]) -> str:
    return str(event.get("path") or event.get("rawPath"))


def _answer(event: dict[str, Any]) -> dict[str, Any]:
    """What the test Lambda answers, chosen by the path's last segment."""
    last = _path(event).rsplit("/", 1)[-1]
    if last == "gzip":
        body = base64.b64encode(gzip.compress(b"hello gzip")).decode()
        return {"statusCode": 200, "headers": {"Content-Encoding": "gzip", "Content-Type": "application/octet-stream"},
                "isBase64Encoded": True, "body": body}
    if last in ("204", "304"):
        return {"statusCode": int(last), "body": "should not be sent"}
    if last == "redirect":
        status = int((event.get("queryStringParameters") or {})["status"])
        target = "/dev/target" if "path" in event else "/target"
        return {"statusCode": status, "headers": {"Location": target}, "body": ""}
    if last == "cookies":
        cookies = ["a=1; Path=/", "b=2; Path=/"]
        if "path" in event:
            return {"statusCode": 200, "multiValueHeaders": {"Set-Cookie": cookies}, "body": "c"}
        return {"statusCode": 200, "cookies": cookies, "body": "c"}
    if last == "latin":
        return {"statusCode": 200, "headers": {"X-Name": "caf\u00e9"}, "body": "l"}
    return {"statusCode": 200, "body": "ok"}


@pytest.fixture(params=["rest", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    with mock_apigateway(region=REGION) as gw:
        yield (_rest if request.param == "rest" else _http)(gw, _answer)


def _body(event: dict[str, Any]) -> bytes:
    body = event.get("body") or ""
    return base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()


def _header(event: dict[str, Any], name: str) -> str | None:
    return next((value for key, value in event["headers"].items() if key.lower() == name), None)


# --- answers without a body ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [204, 304])
def test_no_body_follows_a_204_or_304_in_any_client(api: Api, status: int) -> None:
    # A real client reads no body after these (RFC 9112 6.3), whatever the Lambda returned.
    answered = requests.get(f"{api.base}/{status}", timeout=5)
    assert (answered.status_code, answered.content) == (status, b"")
    assert (httpx.get(f"{api.base}/{status}").status_code, httpx.get(f"{api.base}/{status}").content) == (status, b"")

    async def scenario() -> tuple[int, bytes]:
        async with aiohttp.ClientSession() as session, session.get(f"{api.base}/{status}") as response:
            return response.status, await response.read()

    assert asyncio.run(scenario()) == (status, b"")


# --- httpx ---------------------------------------------------------------------------------------


def test_httpx_takes_a_header_value_outside_ascii(api: Api) -> None:
    # httpx refused the str value with UnicodeEncodeError: a traceback for an answer AWS sends.
    assert httpx.get(f"{api.base}/latin").headers["x-name"] == "caf\u00e9"
    assert requests.get(f"{api.base}/latin", timeout=5).headers["X-Name"] == "caf\u00e9"


def test_httpx_http2_client_speaks_http2(api: Api) -> None:
    with httpx.Client(http2=True) as client:
        assert client.get(f"{api.base}/x").http_version == "HTTP/2"
    assert httpx.get(f"{api.base}/x").http_version == "HTTP/1.1"


def test_httpx_iterators_reach_the_event(api: Api) -> None:
    httpx.post(f"{api.base}/x", content=iter([b"ab", b"cd"]))
    assert _body(api.event) == b"abcd"

    async def chunks() -> Any:
        yield b"xy"
        yield b"zw"

    async def scenario() -> int:
        async with httpx.AsyncClient() as client:
            return (await client.post(f"{api.base}/x", content=chunks())).status_code

    assert asyncio.run(scenario()) == 200
    assert _body(api.event) == b"xyzw"


# --- aiohttp -------------------------------------------------------------------------------------


def _aiohttp_post(url: str, **kwargs: Any) -> tuple[int, bytes]:
    async def scenario() -> tuple[int, bytes]:
        async with aiohttp.ClientSession() as session, session.post(url, **kwargs) as response:
            return response.status, await response.read()

    return asyncio.run(scenario())


def test_aiohttp_sends_its_default_headers(api: Api) -> None:
    # aiohttp adds Accept, Accept-Encoding and User-Agent to every request; the event lacked them.
    _aiohttp_post(f"{api.base}/x")
    assert _header(api.event, "accept") == "*/*"
    assert _header(api.event, "accept-encoding").startswith("gzip, deflate")
    assert _header(api.event, "user-agent").startswith("Python/")


def test_aiohttp_async_generator_body(api: Api) -> None:
    async def chunks() -> Any:
        yield b"ab"
        yield b"cd"

    async def scenario() -> int:
        async with aiohttp.ClientSession() as session, session.post(f"{api.base}/x", data=chunks()) as response:
            return response.status

    assert asyncio.run(scenario()) == 200  # was a TypeError: 'async_generator' object is not iterable
    assert _body(api.event) == b"abcd"


def test_aiohttp_form_data_bodies(api: Api) -> None:
    assert _aiohttp_post(f"{api.base}/x", data=aiohttp.FormData({"a": "1 2"}))[0] == 200
    assert (_body(api.event), _header(api.event, "content-type")) == (b"a=1+2", "application/x-www-form-urlencoded")
    form = aiohttp.FormData()
    form.add_field("f", b"\x00\x01", filename="x.bin", content_type="application/octet-stream")
    assert _aiohttp_post(f"{api.base}/x", data=form)[0] == 200
    boundary = _header(api.event, "content-type").partition("boundary=")[2]
    assert boundary and _body(api.event).startswith(f"--{boundary}\r\n".encode())
    assert b'filename="x.bin"' in _body(api.event)


def test_aiohttp_text_and_file_bodies_carry_their_content_type(api: Api) -> None:
    _aiohttp_post(f"{api.base}/x", data="h\u00e9llo")
    expected = ("h\u00e9llo".encode(), "text/plain; charset=utf-8")
    assert (_body(api.event), _header(api.event, "content-type")) == expected
    _aiohttp_post(f"{api.base}/x", data=io.BytesIO(b"file body"))
    assert (_body(api.event), _header(api.event, "content-type")) == (b"file body", "application/octet-stream")


def test_aiohttp_decompresses_a_gzip_answer(api: Api) -> None:
    async def scenario(**options: Any) -> tuple[bytes, str]:
        async with aiohttp.ClientSession(**options) as session, session.get(f"{api.base}/gzip") as response:
            return await response.read(), response.headers["Content-Encoding"]

    assert asyncio.run(scenario()) == (b"hello gzip", "gzip")
    raw, coding = asyncio.run(scenario(auto_decompress=False))
    assert (gzip.decompress(raw), coding) == (b"hello gzip", "gzip")


@pytest.mark.parametrize(("status", "method", "body"), [
    (301, "GET", b""), (302, "GET", b""), (303, "GET", b""), (307, "POST", b"payload"), (308, "POST", b"payload"),
])
def test_aiohttp_follows_redirects_as_aiohttp_does(api: Api, status: int, method: str, body: bytes) -> None:
    async def scenario() -> tuple[int, list[int], str]:
        async with aiohttp.ClientSession() as session, session.post(
                f"{api.base}/redirect", params={"status": str(status)}, data=b"payload") as response:
            return response.status, [r.status for r in response.history], str(response.url)

    assert asyncio.run(scenario()) == (200, [status], f"{api.base}/target")
    assert (api.event.get("httpMethod") or api.event["requestContext"]["http"]["method"]) == method
    assert _body(api.event) == body


def test_aiohttp_sends_back_the_cookies_its_jar_took(api: Api) -> None:
    async def scenario() -> list[str]:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{api.base}/cookies") as response:
                await response.read()
            async with session.get(f"{api.base}/x", cookies={"c": "3"}) as response:
                await response.read()
            return sorted(cookie.key for cookie in session.cookie_jar)

    assert asyncio.run(scenario()) == ["a", "b"]
    sent = api.event.get("cookies") or _header(api.event, "cookie").split("; ")
    assert sorted(part.strip() for part in sent) == ["a=1", "b=2", "c=3"]


# --- requests (what already held, pinned) --------------------------------------------------------


def test_requests_generator_and_file_bodies(api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"abc"
        yield b"def"

    assert requests.post(f"{api.base}/x", data=chunks(), timeout=5).status_code == 200
    assert _body(api.event) == b"abcdef"
    requests.post(f"{api.base}/x", data=io.BytesIO(b"file body"), timeout=5)
    assert _body(api.event) == b"file body"
    requests.post(f"{api.base}/x", files={"f": ("a.bin", b"\x00\xff", "application/octet-stream")}, timeout=5)
    assert b"\x00\xff" in _body(api.event)


def test_an_endless_streamed_body_is_read_no_further_than_the_payload_limit() -> None:
    # An endless generator hung the test (every chunk was joined); AWS stops at 10 MB with a 413.
    with mock_apigateway(region=REGION) as gw:
        rest = _rest(gw, _answer)

        def endless() -> Iterator[bytes]:
            while True:
                yield b"a" * 65536

        answered = requests.post(f"{rest.base}/x", data=endless(), timeout=5)
        assert answered.status_code == 413
        assert rest.events == []


def test_streamed_gzip_answer_and_cookie_jars(api: Api) -> None:
    streamed = requests.get(f"{api.base}/gzip", stream=True, timeout=5)
    assert b"".join(streamed.iter_content(3)) == b"hello gzip"
    assert requests.get(f"{api.base}/gzip", stream=True, timeout=5).raw.read(2) == b"\x1f\x8b"
    session = requests.Session()
    session.get(f"{api.base}/cookies", timeout=5)
    assert session.cookies.get_dict() == {"a": "1", "b": "2"}
    with httpx.Client() as client:
        client.get(f"{api.base}/cookies")
        assert dict(client.cookies) == {"a": "1", "b": "2"}
