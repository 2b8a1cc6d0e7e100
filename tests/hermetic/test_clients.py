"""Every HTTP client x every proxy setting: API Gateway traffic never leaves the process.

Each test runs with DNS forbidden (``no_dns``) and a fake proxy listening on
127.0.0.1 that must see no connection. ``mode`` is ``none`` (no proxy), ``env``
(``HTTP_PROXY``/``HTTPS_PROXY`` point at the fake proxy) or ``explicit`` (the proxy
is given to the client). The data plane is called over ``http://`` and ``https://``:
with a proxy, plain HTTP is where clients send the absolute URL to the proxy.
"""

from __future__ import annotations

import asyncio
import http.client
import importlib.util
import json
import urllib.error
import urllib.request

import boto3
import pytest
import requests
import urllib3
from botocore.config import Config
from botocore.exceptions import ClientError

from gwmock import mock_apigateway
from gwmock.intercept.hosts import NetworkBlocked

REGION = "eu-west-1"
MODES = ["none", "env", "explicit"]
SCHEMES = ["https", "http"]


@pytest.fixture(params=MODES)
def mode(request, proxy, monkeypatch, no_proxy_env):
    if request.param == "env":
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            monkeypatch.setenv(name, proxy.url)
    return request.param


@pytest.fixture
def gw():
    with mock_apigateway(region=REGION) as handle:
        yield handle


def _explicit(mode, proxy):
    return proxy.url if mode == "explicit" else None


def _deploy(scheme):
    client = boto3.client("apigateway")
    api = client.create_rest_api(name="pets")
    pets = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    client.put_method(restApiId=api["id"], resourceId=pets, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=pets, httpMethod="POST", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=pets, httpMethod="POST", statusCode="200")
    client.put_integration_response(
        restApiId=api["id"], resourceId=pets, httpMethod="POST", statusCode="200",
        responseTemplates={"application/json": '{"got": "$context.httpMethod $context.resourcePath"}'})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"{scheme}://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets"


BODY = json.dumps({"name": "rex"}).encode()
HEADERS = {"Content-Type": "application/json"}
EXPECTED = {"got": "POST /pets"}


# --- control plane ---------------------------------------------------------------------------------


def test_botocore_control_plane(gw, mode, proxy):
    config = Config(proxies={"http": proxy.url, "https": proxy.url}) if mode == "explicit" else None
    client = boto3.client("apigateway", config=config)
    assert client.create_rest_api(name="a")["name"] == "a"
    with pytest.raises(ClientError) as error:
        client.get_rest_api(restApiId="missing")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert gw.calls[-1].error_code == "NotFoundException" or gw.calls[-1].status == 404


def test_aiobotocore_control_plane(gw, mode, proxy):
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session

    async def scenario():
        config = AioConfig(proxies={"http": proxy.url, "https": proxy.url}) if mode == "explicit" else None
        async with get_session().create_client("apigatewayv2", region_name=REGION, config=config) as client:
            created = await client.create_api(Name="http", ProtocolType="HTTP")
            listed = await client.get_apis()
            with pytest.raises(ClientError) as error:
                await client.get_api(ApiId="missing")
            return created, listed, error.value.response

    created, listed, error = asyncio.run(scenario())
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert [api["ApiId"] for api in listed["Items"]] == [created["ApiId"]]
    assert error["Error"]["Code"] == "NotFoundException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert [call.operation for call in gw.calls] == ["CreateApi", "GetApis", "GetApi"]


# aioboto3 pins aiobotocore, and so botocore, to an older release than the newest gwmock is tested
# with: it is installed (and this test collected) in the oldest-botocore CI run, not in the main one.
if importlib.util.find_spec("aioboto3") is not None:

    def test_aioboto3_control_plane(gw, mode, proxy):
        import aioboto3
        from aiobotocore.config import AioConfig

        async def scenario():
            config = AioConfig(proxies={"http": proxy.url, "https": proxy.url}) if mode == "explicit" else None
            async with aioboto3.Session().client("apigateway", region_name=REGION, config=config) as client:
                api = await client.create_rest_api(name="aio")
                return api, await client.get_rest_api(restApiId=api["id"])

        api, fetched = asyncio.run(scenario())
        assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
        assert fetched["name"] == "aio"
        # the same state as the sync clients
        assert boto3.client("apigateway").get_rest_api(restApiId=api["id"])["name"] == "aio"


# --- data plane ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_requests(gw, mode, proxy, scheme):
    url = _deploy(scheme)
    proxies = {"http": proxy.url, "https": proxy.url} if mode == "explicit" else None
    response = requests.post(url, data=BODY, headers=HEADERS, proxies=proxies, timeout=2)
    assert (response.status_code, response.json()) == (200, EXPECTED)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_urllib3(gw, mode, proxy, scheme):
    url = _deploy(scheme)
    manager = urllib3.ProxyManager(proxy.url) if mode == "explicit" else urllib3.PoolManager()
    response = manager.request("POST", url, body=BODY, headers=HEADERS, timeout=2)
    assert (response.status, json.loads(response.data)) == (200, EXPECTED)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_httpx_sync(gw, mode, proxy, scheme):
    httpx = pytest.importorskip("httpx")
    url = _deploy(scheme)
    with httpx.Client(proxy=_explicit(mode, proxy), timeout=2) as client:
        response = client.post(url, content=BODY, headers=HEADERS)
    assert (response.status_code, response.json()) == (200, EXPECTED)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_httpx_async(gw, mode, proxy, scheme):
    httpx = pytest.importorskip("httpx")
    url = _deploy(scheme)

    async def scenario():
        async with httpx.AsyncClient(proxy=_explicit(mode, proxy), timeout=2) as client:
            return await client.post(url, content=BODY, headers=HEADERS)

    response = asyncio.run(scenario())
    assert (response.status_code, response.json()) == (200, EXPECTED)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_aiohttp(gw, mode, proxy, scheme):
    aiohttp = pytest.importorskip("aiohttp")
    url = _deploy(scheme)

    async def scenario():
        async with aiohttp.ClientSession(trust_env=mode == "env") as session:
            async with session.post(url, data=BODY, headers=HEADERS, proxy=_explicit(mode, proxy)) as response:
                return response.status, await response.json(), response.headers["Content-Type"]

    assert asyncio.run(scenario()) == (200, EXPECTED, "application/json")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_urllib_request(gw, mode, proxy, scheme):
    url = _deploy(scheme)
    handlers = [urllib.request.ProxyHandler({"http": proxy.url, "https": proxy.url})] if mode == "explicit" else []
    opener = urllib.request.build_opener(*handlers)
    with opener.open(urllib.request.Request(url, data=BODY, headers=HEADERS, method="POST"), timeout=2) as response:
        assert (response.status, json.loads(response.read())) == (200, EXPECTED)
    with pytest.raises(urllib.error.HTTPError) as error:
        opener.open(url.replace("/pets", "/cats"), timeout=2)
    assert error.value.code == 403


@pytest.mark.parametrize("scheme", SCHEMES)
def test_http_client_fails_locally(gw, mode, proxy, scheme):
    """Raw http.client cannot be answered: it fails at once, naming gwmock, and connects nowhere."""
    url = _deploy(scheme)
    host = url.split("/")[2]
    if mode == "none":
        connection = (http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection)(host, timeout=2)
        target = "/dev/pets"
    else:
        connection = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=2)
        if scheme == "https":
            with pytest.raises(NetworkBlocked, match="gwmock"):
                connection.set_tunnel(host, 443)
            return
        target = url
    with pytest.raises(NetworkBlocked, match="gwmock"):
        connection.request("POST", target, body=BODY, headers=HEADERS)
    connection.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_botocore_data_plane(gw, mode, proxy, scheme):
    """apigatewaymanagementapi with an execute-api endpoint_url reaches the runtime (a 410 for an
    unknown connection is the runtime's answer, not the network's)."""
    v2 = boto3.client("apigatewayv2")
    api = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    v2.create_stage(ApiId=api["ApiId"], StageName="prod")
    config = Config(proxies={"http": proxy.url, "https": proxy.url}) if mode == "explicit" else None
    client = boto3.client("apigatewaymanagementapi", config=config,
                          endpoint_url=f"{scheme}://{api['ApiId']}.execute-api.{REGION}.amazonaws.com/prod")
    with pytest.raises(ClientError) as error:
        client.get_connection(ConnectionId="bm9uZQ=")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] in (403, 404, 410)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_aiobotocore_data_plane(gw, mode, proxy, scheme):
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session

    v2 = boto3.client("apigatewayv2")
    api = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    v2.create_stage(ApiId=api["ApiId"], StageName="prod")

    async def scenario():
        config = AioConfig(proxies={"http": proxy.url, "https": proxy.url}) if mode == "explicit" else None
        async with get_session().create_client(
            "apigatewaymanagementapi", region_name=REGION, config=config,
            endpoint_url=f"{scheme}://{api['ApiId']}.execute-api.{REGION}.amazonaws.com/prod",
        ) as client:
            with pytest.raises(ClientError) as error:
                await client.get_connection(ConnectionId="bm9uZQ=")
            return error.value.response

    response = asyncio.run(scenario())
    assert response["ResponseMetadata"]["HTTPStatusCode"] in (403, 404, 410)
