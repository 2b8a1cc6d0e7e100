"""aiobotocore as a real consumer, in depth: what an async client gets must equal what botocore
(sync) gets for the same calls, control plane and data plane (the ``@connections`` API).

Streaming bodies are compared with aiobotocore's own ``AioStreamingBodyBase`` surface
(``read``, ``iter_chunks``, ``iter_lines``, ``readlines``, ``async for``, ``tell``, ``aclose``):
https://github.com/aio-libs/aiobotocore/blob/main/aiobotocore/response.py
"""

from __future__ import annotations

import asyncio
import datetime
import json
import sys
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, NoCredentialsError

from gwmock import mock_apigateway

aiobotocore_session = pytest.importorskip("aiobotocore.session")
aiobotocore_response = pytest.importorskip("aiobotocore.response")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "websocket"))
from ws_helpers import REGION as WS_REGION  # noqa: E402
from ws_helpers import deploy, echo  # noqa: E402

REGION = "eu-west-1"
CREDENTIAL_VARIABLES = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE")


def aio_client(service: str, **kwargs: Any) -> Any:
    return aiobotocore_session.get_session().create_client(service, region_name=kwargs.pop("region", REGION),
                                                           **kwargs)


async def outcome(call: Any, **kwargs: Any) -> dict[str, Any]:
    """The parsed result or the error response of an aio call."""
    try:
        return await call(**kwargs)  # type: ignore[no-any-return]
    except ClientError as error:
        return error.response  # type: ignore[return-value]


def sync_outcome(call: Any, **kwargs: Any) -> dict[str, Any]:
    try:
        return call(**kwargs)  # type: ignore[no-any-return]
    except ClientError as error:
        return error.response  # type: ignore[return-value]


def comparable(response: dict[str, Any]) -> dict[str, Any]:
    """Everything but the request id (different per call) and the headers holding it."""
    out = {key: value for key, value in response.items() if key != "ResponseMetadata"}
    meta = response.get("ResponseMetadata", {})
    headers = {key: value for key, value in meta.get("HTTPHeaders", {}).items()
               if key not in ("x-amzn-requestid", "apigw-requestid", "date")}
    out["ResponseMetadata"] = {"HTTPStatusCode": meta.get("HTTPStatusCode"), "HTTPHeaders": headers,
                               "RetryAttempts": meta.get("RetryAttempts")}
    return out


# ---- 1. a realistic deployment script, async versus sync, in two separate mocks -----------------------

class Ids:
    """Each created id, named by creation order, so two mocks' answers compare field by field."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def add(self, value: str) -> str:
        self.names.setdefault(value, f"<id:{len(self.names)}>")
        return value

    def normalize(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self.normalize(item) for key, item in value.items()
                    if key not in ("ResponseMetadata",)}
        if isinstance(value, list):
            return [self.normalize(item) for item in value]
        if isinstance(value, datetime.datetime):
            return "<date>"
        if isinstance(value, str):
            for raw, name in sorted(self.names.items(), key=lambda item: -len(item[0])):
                value = value.replace(raw, name)
        return value


async def deployment_script(v1: Any, v2: Any, ids: Ids) -> list[Any]:
    """Builds, deploys and reads back a REST, an HTTP and a WebSocket API; ``v1``/``v2`` return awaitables."""
    read: list[Any] = []
    api = ids.add((await v1("create_rest_api", name="pets", description="d", tags={"team": "a"}))["id"])
    root = ids.add((await v1("get_resources", restApiId=api))["items"][0]["id"])
    pets = ids.add((await v1("create_resource", restApiId=api, parentId=root, pathPart="pets"))["id"])
    await v1("put_method", restApiId=api, resourceId=pets, httpMethod="GET", authorizationType="NONE",
             requestParameters={"method.request.querystring.limit": False})
    await v1("put_integration", restApiId=api, resourceId=pets, httpMethod="GET", type="MOCK",
             requestTemplates={"application/json": '{"statusCode": 200}'})
    await v1("put_method_response", restApiId=api, resourceId=pets, httpMethod="GET", statusCode="200")
    await v1("put_integration_response", restApiId=api, resourceId=pets, httpMethod="GET", statusCode="200",
             responseTemplates={"application/json": '{"ok": true}'})
    deployment = ids.add((await v1("create_deployment", restApiId=api, stageName="dev",
                                   variables={"v": "1"}))["id"])
    read.append(await v1("get_rest_api", restApiId=api))
    read.append(await v1("get_resources", restApiId=api, embed=["methods"]))
    read.append(await v1("get_method", restApiId=api, resourceId=pets, httpMethod="GET"))
    read.append(await v1("get_deployment", restApiId=api, deploymentId=deployment))
    read.append(await v1("get_stage", restApiId=api, stageName="dev"))
    read.append(await v1("update_stage", restApiId=api, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/variables/v", "value": "2"}]))

    http = ids.add((await v2("create_api", Name="http", ProtocolType="HTTP"))["ApiId"])
    integration = ids.add((await v2("create_integration", ApiId=http, IntegrationType="HTTP_PROXY",
                                    IntegrationMethod="GET", IntegrationUri="https://example.com",
                                    PayloadFormatVersion="1.0"))["IntegrationId"])
    route = ids.add((await v2("create_route", ApiId=http, RouteKey="GET /pets",
                              Target=f"integrations/{integration}"))["RouteId"])
    await v2("create_stage", ApiId=http, StageName="$default", AutoDeploy=True)
    read.append(await v2("get_api", ApiId=http))
    read.append(await v2("get_route", ApiId=http, RouteId=route))
    read.append(await v2("get_stage", ApiId=http, StageName="$default"))
    ids.add(read[-1]["DeploymentId"])  # made by AutoDeploy

    ws = ids.add((await v2("create_api", Name="ws", ProtocolType="WEBSOCKET",
                           RouteSelectionExpression="$request.body.action"))["ApiId"])
    mock = ids.add((await v2("create_integration", ApiId=ws, IntegrationType="MOCK"))["IntegrationId"])
    ids.add((await v2("create_route", ApiId=ws, RouteKey="$default", Target=f"integrations/{mock}"))["RouteId"])
    ids.add((await v2("create_deployment", ApiId=ws))["DeploymentId"])
    await v2("create_stage", ApiId=ws, StageName="prod")
    read.append(await v2("get_apis"))
    read.append(await v2("get_routes", ApiId=ws))
    return read


def run_async_script() -> tuple[list[Any], Ids]:
    async def scenario() -> tuple[list[Any], Ids]:
        ids = Ids()
        async with aio_client("apigateway") as v1, aio_client("apigatewayv2") as v2:
            read = await deployment_script(lambda op, **kw: getattr(v1, op)(**kw),
                                           lambda op, **kw: getattr(v2, op)(**kw), ids)
        return read, ids

    with mock_apigateway(region=REGION):
        return asyncio.run(scenario())


def run_sync_script() -> tuple[list[Any], Ids]:
    def awaitable(client: Any) -> Any:
        async def call(op: str, **kwargs: Any) -> Any:
            return getattr(client, op)(**kwargs)
        return call

    with mock_apigateway(region=REGION):
        ids = Ids()
        v1, v2 = boto3.client("apigateway", region_name=REGION), boto3.client("apigatewayv2", region_name=REGION)
        return asyncio.run(deployment_script(awaitable(v1), awaitable(v2), ids)), ids


def test_async_deployment_script_reads_back_what_the_sync_one_does():
    aio_read, aio_ids = run_async_script()
    sync_read, sync_ids = run_sync_script()
    assert len(aio_ids.names) == len(sync_ids.names)
    assert [r["ResponseMetadata"]["HTTPStatusCode"] for r in aio_read] == \
           [r["ResponseMetadata"]["HTTPStatusCode"] for r in sync_read]
    for got, expected in zip(aio_ids.normalize(aio_read), sync_ids.normalize(sync_read), strict=True):
        assert got == expected
    stage = aio_ids.normalize(aio_read[5])
    assert stage["variables"] == {"v": "2"} and stage["deploymentId"] == "<id:3>"


# ---- 2. async paginators ----------------------------------------------------------------------------

@pytest.fixture
def seven_keys_and_apis():
    with mock_apigateway(region=REGION) as gw:
        client = boto3.client("apigateway", region_name=REGION)
        for index in range(7):
            client.create_api_key(name=f"key{index}")
            client.create_rest_api(name=f"api{index}")
        v2 = boto3.client("apigatewayv2", region_name=REGION)
        for index in range(5):
            v2.create_api(Name=f"h{index}", ProtocolType="HTTP")
        yield gw


@pytest.mark.parametrize("service,operation,key", [
    ("apigateway", "get_api_keys", "items"),
    ("apigateway", "get_rest_apis", "items"),
])
def test_async_paginators_page_like_botocore(seven_keys_and_apis, service, operation, key):
    sync = boto3.client(service, region_name=REGION).get_paginator(operation)
    configs = [{"PageSize": 2}, {"PageSize": 3, "MaxItems": 5}, {"MaxItems": 4}]

    async def scenario():
        async with aio_client(service) as client:
            paginator = client.get_paginator(operation)
            pages = []
            for config in configs:  # an async comprehension inside a sync one needs Python 3.11
                pages.append([page[key] async for page in paginator.paginate(PaginationConfig=config)])
            first = await paginator.paginate(PaginationConfig={"PageSize": 2, "MaxItems": 3}).build_full_result()
            rest = await paginator.paginate(PaginationConfig={"PageSize": 2,
                                                              "StartingToken": first["NextToken"]}
                                            ).build_full_result()
            names = [name async for name in paginator.paginate(PaginationConfig={"PageSize": 2}).search(
                f"{key}[].name")]
            return pages, first, rest, names

    pages, first, rest, names = asyncio.run(scenario())
    assert pages == [[page[key] for page in sync.paginate(PaginationConfig=config)] for config in configs]
    assert [len(items) for items in pages[0]] == [2, 2, 2, 1]
    assert [len(items) for items in pages[1]] == [3, 2]
    sync_first = sync.paginate(PaginationConfig={"PageSize": 2, "MaxItems": 3}).build_full_result()
    assert first == sync_first and len(first[key]) == 3
    assert [item["id"] for item in first[key] + rest[key]] == \
           [item["id"] for item in sync.paginate().build_full_result()[key]]
    assert sorted(names) == [f"{'key' if 'keys' in operation else 'api'}{index}" for index in range(7)]


def test_async_v2_listing_pages_with_max_results(seven_keys_and_apis):
    async def scenario():
        async with aio_client("apigatewayv2") as client:
            first = await client.get_apis(MaxResults="2")
            second = await client.get_apis(MaxResults="2", NextToken=first["NextToken"])
            return first, second

    first, second = asyncio.run(scenario())
    sync = boto3.client("apigatewayv2", region_name=REGION)
    sync_first = sync.get_apis(MaxResults="2")
    assert [a["Name"] for a in first["Items"]] == [a["Name"] for a in sync_first["Items"]]
    assert len(second["Items"]) == 2
    assert {a["ApiId"] for a in first["Items"]}.isdisjoint(a["ApiId"] for a in second["Items"])


# ---- 3. modeled errors ------------------------------------------------------------------------------

@mock_apigateway(region=REGION)
def test_modeled_errors_are_the_clients_exception_classes_with_sync_fields():
    sync = boto3.client("apigateway", region_name=REGION)
    api = sync.create_rest_api(name="errors")["id"]
    root = sync.get_resources(restApiId=api)["items"][0]["id"]
    sync.create_resource(restApiId=api, parentId=root, pathPart="pets")
    calls = [
        ("get_rest_api", {"restApiId": "nope"}, "NotFoundException", 404),
        ("create_resource", {"restApiId": api, "parentId": root, "pathPart": "pets"}, "ConflictException", 409),
        ("create_rest_api", {"name": "x", "endpointConfiguration": {"types": ["NOPE"]}}, "ValidationException", 400),
        ("get_stage", {"restApiId": api, "stageName": "none"}, "NotFoundException", 404),
        # streaming outputs: an error's body is read whole and parsed, as botocore does
        ("get_export", {"restApiId": api, "stageName": "none", "exportType": "oas30"}, "NotFoundException", 404),
        ("get_sdk", {"restApiId": api, "stageName": "none", "sdkType": "javascript"}, "NotFoundException", 404),
    ]

    async def scenario():
        caught = []
        async with aio_client("apigateway") as client:
            for operation, params, code, _ in calls:
                with pytest.raises(getattr(client.exceptions, code, ClientError)) as error:
                    await getattr(client, operation)(**params)
                caught.append(error.value.response)
        return caught

    for response, (operation, params, code, status) in zip(asyncio.run(scenario()), calls, strict=True):
        expected = sync_outcome(getattr(sync, operation), **params)
        assert response["Error"]["Code"] == code and response["ResponseMetadata"]["HTTPStatusCode"] == status
        assert comparable(response) == comparable(expected)
    assert len(sync.get_resources(restApiId=api)["items"]) == 2


def test_the_call_log_records_aio_calls_as_sync_ones():
    with mock_apigateway(region=REGION) as gw:
        sync = boto3.client("apigateway", region_name=REGION)
        sync.create_rest_api(name="logged", tags={"a": "b"}, binaryMediaTypes=["image/png"])
        sync_error = sync_outcome(sync.get_rest_api, restApiId="missing")
        expected = [(call.service, call.operation, dict(call.params), call.status, call.error_code)
                    for call in gw.calls]

    async def scenario():
        with mock_apigateway(region=REGION) as gw:
            async with aio_client("apigateway") as client:
                await client.create_rest_api(name="logged", tags={"a": "b"}, binaryMediaTypes=["image/png"])
                error = await outcome(client.get_rest_api, restApiId="missing")
            return [(c.service, c.operation, dict(c.params), c.status, c.error_code) for c in gw.calls], error

    got, error = asyncio.run(scenario())
    assert got == expected and got[-1][-2:] == (404, "NotFoundException")
    assert comparable(error) == comparable(sync_error)


# ---- 4. streaming bodies ----------------------------------------------------------------------------

@pytest.fixture
def exported():
    """A deployed REST API and an HTTP API, with what the sync client reads from their exports."""
    with mock_apigateway(region=REGION) as gw:
        sync = boto3.client("apigateway", region_name=REGION)
        api = sync.create_rest_api(name="stream", description="x" * 3000)["id"]
        root = sync.get_resources(restApiId=api)["items"][0]["id"]
        sync.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        sync.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
        sync.create_deployment(restApiId=api, stageName="dev")
        export = sync.get_export(restApiId=api, stageName="dev", exportType="oas30",
                                 accepts="application/json", parameters={"extensions": "integrations"})
        gw.expected = export["body"].read()
        gw.api = api
        yield gw


async def export_body(client: Any, api: str) -> Any:
    export = await client.get_export(restApiId=api, stageName="dev", exportType="oas30",
                                     accepts="application/json", parameters={"extensions": "integrations"})
    return export["body"]


def test_streaming_export_reads_whole_in_parts_and_in_async_with(exported):
    async def scenario():
        async with aio_client("apigateway") as client:
            body = await export_body(client, exported.api)
            async with body:
                whole = await body.read()
            body = await export_body(client, exported.api)
            parts = [await body.read(100), await body.read(100), await body.read()]
            sdk = await client.get_sdk(restApiId=exported.api, stageName="dev", sdkType="javascript")
            sdk_bytes = await sdk["body"].read()
            template = await client.get_model_template(restApiId=exported.api, modelName="Empty")
            return whole, parts, sdk, sdk_bytes, template

    whole, parts, sdk, sdk_bytes, template = asyncio.run(scenario())
    assert whole == exported.expected and json.loads(whole)["info"]["description"] == "x" * 3000
    assert [len(part) for part in parts[:2]] == [100, 100] and b"".join(parts) == exported.expected
    sync = boto3.client("apigateway", region_name=REGION)
    sync_sdk = sync.get_sdk(restApiId=exported.api, stageName="dev", sdkType="javascript")
    assert sdk_bytes == sync_sdk["body"].read() and sdk_bytes[:2] == b"PK"
    assert sdk["contentType"] == sync_sdk["contentType"]
    assert template["value"] == sync.get_model_template(restApiId=exported.api, modelName="Empty")["value"]


def test_streaming_export_offers_aiobotocores_iteration_surface(exported):
    async def scenario():
        async with aio_client("apigateway") as client:
            body = await export_body(client, exported.api)
            chunks = [chunk async for chunk in body.iter_chunks(500)]
            body = await export_body(client, exported.api)
            lines = [line async for line in body.iter_lines()]
            body = await export_body(client, exported.api)
            listed = await body.readlines()
            body = await export_body(client, exported.api)
            iterated = [chunk async for chunk in body]
            told = body.tell()
            await body.aclose()
            return chunks, lines, listed, iterated, told

    chunks, lines, listed, iterated, told = asyncio.run(scenario())
    assert b"".join(chunks) == exported.expected and all(len(chunk) <= 500 for chunk in chunks)
    assert lines == listed == exported.expected.splitlines()
    assert b"".join(iterated) == exported.expected and told == len(exported.expected)


def test_streaming_body_is_aiobotocores_streaming_body_class(exported):
    async def scenario():
        async with aio_client("apigateway") as client:
            return await export_body(client, exported.api)

    body = asyncio.run(scenario())
    # the class aiobotocore's aiohttp backend answers with: ``StreamingBody`` in every release (an
    # ``AioStreamingBodyBase`` and a botocore ``StreamingBody`` in 3.x, a wrapt proxy before)
    assert isinstance(body, aiobotocore_response.StreamingBody)
    if hasattr(aiobotocore_response, "AioStreamingBodyBase"):
        assert isinstance(body, aiobotocore_response.AioStreamingBodyBase)


@mock_apigateway(region=REGION)
def test_v2_export_api_streams_like_sync():
    sync = boto3.client("apigatewayv2", region_name=REGION)
    api = sync.create_api(Name="http", ProtocolType="HTTP", Target="https://example.com")["ApiId"]
    params = {"ApiId": api, "OutputType": "JSON", "Specification": "OAS30", "StageName": "$default"}

    async def scenario():
        async with aio_client("apigatewayv2") as client:
            answer = await client.export_api(**params)
            async with answer["body"] as body:
                return await body.read()

    data = asyncio.run(scenario())
    assert data == sync.export_api(**params)["body"].read()
    assert json.loads(data)["openapi"].startswith("3.0")


# ---- 5. concurrency ---------------------------------------------------------------------------------

@mock_apigateway(region=REGION)
def test_a_hundred_concurrent_calls_keep_state_consistent():
    sync = boto3.client("apigateway", region_name=REGION)
    api = sync.create_rest_api(name="busy")["id"]
    root = sync.get_resources(restApiId=api)["items"][0]["id"]

    async def scenario():
        async with aio_client("apigateway") as client:
            created = await asyncio.gather(*(client.create_rest_api(name=f"api{i}") for i in range(100)))
            same_path = await asyncio.gather(*(outcome(client.create_resource, restApiId=api, parentId=root,
                                                       pathPart="pets") for _ in range(100)))
            return created, same_path

    created, same_path = asyncio.run(scenario())
    assert len({answer["id"] for answer in created}) == 100
    assert sorted(answer["name"] for answer in created) == sorted(f"api{i}" for i in range(100))
    assert len(sync.get_rest_apis(limit=500)["items"]) == 101
    codes = [answer.get("Error", {}).get("Code") for answer in same_path]
    assert codes.count(None) == 1 and codes.count("ConflictException") == 99
    assert len(sync.get_resources(restApiId=api)["items"]) == 2


# ---- 6. lifecycle: clients made before the mock, used after it; decorator, async with, fixture --------

def test_client_made_before_the_mock_is_answered_then_fails_locally_after_it(monkeypatch, no_dns):
    for name in CREDENTIAL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/config")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    async def scenario():
        async with aio_client("apigateway") as client:
            with mock_apigateway(region=REGION):
                api = await client.create_rest_api(name="early")
                fetched = await client.get_rest_api(restApiId=api["id"])
            with pytest.raises(NoCredentialsError):
                await client.get_rest_api(restApiId=api["id"])
            return api, fetched

    api, fetched = asyncio.run(scenario())
    assert fetched["name"] == "early" and fetched["id"] == api["id"]
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert no_dns == []


@pytest.mark.asyncio
@mock_apigateway(region=REGION)
async def test_decorated_coroutine_is_inside_the_mock():
    async with aio_client("apigateway") as client:
        api = await client.create_rest_api(name="decorated")
    assert boto3.client("apigateway", region_name=REGION).get_rest_api(restApiId=api["id"])["name"] == "decorated"


@pytest.mark.asyncio
async def test_async_with_mock_yields_the_handle_and_records_calls():
    async with mock_apigateway(region=REGION) as gw:
        async with aio_client("apigateway") as client:
            api = await client.create_rest_api(name="entered")
            with pytest.raises(client.exceptions.NotFoundException):
                await client.get_rest_api(restApiId="missing")
        assert [call.operation for call in gw.calls][-2:] == ["CreateRestApi", "GetRestApi"]
        assert gw.snapshot() is not None
    async with mock_apigateway(region=REGION):
        async with aio_client("apigateway") as client:
            assert (await client.get_rest_apis())["items"] == []
    assert api["name"] == "entered"


@pytest.mark.asyncio
async def test_fixtures_in_an_async_test(gwmock, apigateway):
    async with aio_client("apigateway", region=apigateway.meta.region_name) as client:
        api = await client.create_rest_api(name="fixture")
    assert apigateway.get_rest_api(restApiId=api["id"])["name"] == "fixture"
    assert [call.operation for call in gwmock.calls] == ["CreateRestApi", "GetRestApi"]


@mock_apigateway(region=REGION)
def test_two_event_loops_share_the_mocks_state():
    async def create():
        async with aio_client("apigateway") as client:
            return (await client.create_rest_api(name="loop1"))["id"]

    async def read(api_id):
        async with aio_client("apigateway") as client:
            return await client.get_rest_api(restApiId=api_id)

    api_id = asyncio.run(create())
    assert asyncio.run(read(api_id))["name"] == "loop1"


# ---- 7. the @connections management API (aiohttp underneath) ------------------------------------------

def httpx_backend() -> Any:
    pytest.importorskip("httpx")
    # aiobotocore's httpx backend came after the releases that pair with botocore 1.34 (CI's oldest run)
    HttpxSession = pytest.importorskip("aiobotocore.httpxsession").HttpxSession  # noqa: N806
    from aiobotocore.config import AioConfig  # noqa: PLC0415

    return AioConfig(http_session_cls=HttpxSession)


@pytest.mark.parametrize("backend", [
    "aiohttp",
    pytest.param("httpx", marks=[pytest.mark.filterwarnings("ignore::DeprecationWarning")]),
])
def test_management_api_answers_aio_exactly_as_sync(gwmock, backend):
    config = httpx_backend() if backend == "httpx" else None
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    sync = boto3.client("apigatewaymanagementapi", region_name=WS_REGION, endpoint_url=endpoint)
    calls = [
        ("get_connection", {"ConnectionId": conn.connection_id}),
        ("post_to_connection", {"ConnectionId": conn.connection_id, "Data": b"one"}),
        ("post_to_connection", {"ConnectionId": conn.connection_id, "Data": b"x" * (128 * 1024 + 1)}),
        ("post_to_connection", {"ConnectionId": "bm9wZQ==", "Data": b"x"}),
        ("get_connection", {"ConnectionId": "bm9wZQ=="}),
        ("delete_connection", {"ConnectionId": "bm9wZQ=="}),
    ]

    async def scenario():
        answers = []
        async with aio_client("apigatewaymanagementapi", region=WS_REGION, endpoint_url=endpoint,
                              config=config) as client:
            for operation, params in calls:  # each aio call, then the same sync call, on the same state
                answers.append((await outcome(getattr(client, operation), **params),
                                sync_outcome(getattr(sync, operation), **params)))
            await client.delete_connection(ConnectionId=conn.connection_id)
            with pytest.raises(client.exceptions.GoneException) as gone:
                await client.post_to_connection(ConnectionId=conn.connection_id, Data=b"late")
            return answers, gone.value.response

    answers, gone = asyncio.run(scenario())
    for answer, expected in answers:
        assert comparable(answer) == comparable(expected)
    assert [a["ResponseMetadata"]["HTTPStatusCode"] for a, _ in answers] == [200, 200, 413, 410, 410, 410]
    assert gone["Error"]["Code"] == "GoneException" and gone["ResponseMetadata"]["HTTPStatusCode"] == 410
    assert conn.received == ["one", "one"] and conn.closed


def test_management_api_from_two_event_loops_and_a_hundred_concurrent_posts(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)

    async def post_many(first: int) -> list[int]:
        async with aio_client("apigatewaymanagementapi", region=WS_REGION, endpoint_url=endpoint) as client:
            answers = await asyncio.gather(*(client.post_to_connection(ConnectionId=conn.connection_id,
                                                                        Data=str(first + i).encode())
                                             for i in range(50)))
        return [answer["ResponseMetadata"]["HTTPStatusCode"] for answer in answers]

    assert asyncio.run(post_many(0)) + asyncio.run(post_many(50)) == [200] * 100
    assert sorted(conn.received, key=int) == [str(i) for i in range(100)]
