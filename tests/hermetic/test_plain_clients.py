"""Plain HTTP clients: repeated response headers survive, and API Gateway hosts the runtime
does not serve (the control plane, other partitions) fail locally with gwmock's error."""

from __future__ import annotations

import asyncio
import urllib.request

import httpx
import pytest
import requests
import urllib3
from urllib3 import HTTPHeaderDict

from gwmock import mock_apigateway
from gwmock.runtime import Response

URL = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/dev/login"
CONTROL = "https://apigateway.eu-west-1.amazonaws.com/restapis"


@pytest.fixture
def two_cookies(monkeypatch):
    """The runtime answers with two Set-Cookie lines (as a urllib3 HTTPHeaderDict)."""
    from gwmock import runtime

    seen = []

    def call(handle, method, url, headers=None, body=None):
        seen.append((method, url, body))
        answer = HTTPHeaderDict({"Content-Type": "text/plain"})
        answer.add("Set-Cookie", "a=1; Path=/")
        answer.add("Set-Cookie", "b=2; Path=/")
        return Response(200, answer, b"ok")

    monkeypatch.setattr(runtime, "call", call)
    with mock_apigateway():
        yield seen


def _cookies(values):
    return sorted(value.split(";")[0] for value in values)


def test_requests_and_urllib3_keep_both_cookies(two_cookies):
    response = requests.post(URL, data=b"x", timeout=1)
    assert (response.status_code, response.text) == (200, "ok")
    assert response.cookies.get_dict() == {"a": "1", "b": "2"}
    raw = urllib3.request("GET", URL)
    assert _cookies(raw.headers.getlist("Set-Cookie")) == ["a=1", "b=2"]
    assert two_cookies[0] == ("POST", URL, b"x")


def test_httpx_keeps_both_cookies(two_cookies):
    response = httpx.get(URL)
    assert _cookies(response.headers.get_list("set-cookie")) == ["a=1", "b=2"]

    async def scenario():
        async with httpx.AsyncClient() as client:
            return await client.get(URL)

    assert _cookies(asyncio.run(scenario()).headers.get_list("set-cookie")) == ["a=1", "b=2"]


def test_aiohttp_keeps_both_cookies(two_cookies):
    aiohttp = pytest.importorskip("aiohttp")

    async def scenario():
        async with aiohttp.ClientSession() as session:
            async with session.get(URL, params={"q": "1"}) as response:
                return (response.headers.getall("Set-Cookie"), sorted(response.cookies),
                        await response.text(), sorted(c.key for c in session.cookie_jar))

    headers, cookies, text, jar = asyncio.run(scenario())
    assert (_cookies(headers), cookies, text, jar) == (["a=1", "b=2"], ["a", "b"], "ok", ["a", "b"])
    assert two_cookies[0][1] == URL + "?q=1"


def test_urllib_keeps_both_cookies(two_cookies):
    with urllib.request.urlopen(URL, timeout=1) as response:
        assert _cookies(response.headers.get_all("Set-Cookie")) == ["a=1", "b=2"]


@mock_apigateway
def test_aiohttp_raise_for_status():
    aiohttp = pytest.importorskip("aiohttp")

    async def scenario():
        async with aiohttp.ClientSession(raise_for_status=True) as session:
            await session.get("https://abcdef1234.execute-api.eu-west-1.amazonaws.com/dev/x")

    with pytest.raises(aiohttp.ClientResponseError) as error:
        asyncio.run(scenario())
    assert error.value.status == 403


@mock_apigateway
@pytest.mark.parametrize("url", [CONTROL, "https://apigateway.cn-north-1.amazonaws.com.cn/restapis",
                                 "http://abc123defg.execute-api.us-iso-east-1.amazonaws.com/dev/"])
def test_unserved_hosts_fail_locally_in_every_client(url):
    with pytest.raises(requests.ConnectionError, match="gwmock"):
        requests.get(url, timeout=1)
    with pytest.raises(OSError, match="gwmock"):
        urllib3.request("GET", url)
    with pytest.raises(OSError, match="gwmock"):
        httpx.get(url)
    with pytest.raises(OSError, match="gwmock"):
        urllib.request.urlopen(url, timeout=1)
    aiohttp = pytest.importorskip("aiohttp")

    async def scenario():
        async with aiohttp.ClientSession() as session:
            await session.get(url)

    with pytest.raises(OSError, match="gwmock"):
        asyncio.run(scenario())
