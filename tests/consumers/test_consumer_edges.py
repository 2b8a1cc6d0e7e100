"""Real consumers behind Lambda proxy integrations, along the paths users hit after the happy path,
and hostile proxy answers.

Covered here and not in the other consumer files: Mangum + FastAPI with percent-encoded unicode path
parameters, ``+`` against ``%20`` in query strings, 204/304 answers without a body, redirects, a
``StreamingResponse``, 5 MB uploads, an empty body with a Content-Type, binary answers with and
without ``binaryMediaTypes`` (REST APIs hand back the base64 text unless a binary media type
matches), three ``Set-Cookie`` lines, and ``api_gateway_base_path`` against the stage segment;
Powertools' resolvers with CORS (preflight, ``multi_value`` headers), request validation (422) and
``compress=True``. Then what a function may answer: status codes as odd strings, header values that
are objects, cookies that are not strings; every one is API Gateway's own error (REST 502, HTTP
APIs 500), never a Python exception or a Python ``repr`` on the wire, and the API serves the next
request.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("mangum")
pytest.importorskip("fastapi")
pytest.importorskip("aws_lambda_powertools")
from aws_lambda_powertools.event_handler import (  # noqa: E402
    APIGatewayHttpResolver,
    APIGatewayRestResolver,
    CORSConfig,
    Response,
)
from fastapi import FastAPI, Request  # noqa: E402
from fastapi import Response as FastAPIResponse  # noqa: E402
from fastapi.responses import RedirectResponse, StreamingResponse  # noqa: E402
from mangum import Mangum  # noqa: E402
from pydantic import BaseModel  # noqa: E402

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
PNG = b"\x89PNG\r\n\x1a\n\x00\xff\xfe"
EVENTS: list[dict[str, Any]] = []


def _rest(client, gwmock, name, handler, binary=None, stage="dev"):
    gwmock.add_lambda(FN + name, handler)
    api = client.create_rest_api(name=name, **({"binaryMediaTypes": binary} if binary else {}))
    proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(FN + name))
    client.create_deployment(restApiId=api["id"], stageName=stage)
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/{stage}"


def _http(client, gwmock, name, handler, version="2.0", stage="$default"):
    gwmock.add_lambda(FN + name, handler)
    api = client.create_api(Name=name, ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + name,
                                            PayloadFormatVersion=version)["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="ANY /{proxy+}", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName=stage, AutoDeploy=True)
    return f"https://{api}.execute-api.{REGION}.amazonaws.com" + ("" if stage == "$default" else f"/{stage}")


# --- Mangum + FastAPI ---------------------------------------------------------------------------


def _fastapi(base_path="/"):
    app = FastAPI()

    @app.get("/items/{item_id}")
    def item(item_id: str, request: Request):
        return {"id": item_id, "path": request.url.path, "query": request.query_params.getlist("q")}

    @app.get("/image")
    def image():
        return FastAPIResponse(content=PNG, media_type="image/png")

    @app.post("/echo")
    async def echo(request: Request):
        body = await request.body()
        return {"length": len(body), "type": request.headers.get("content-type"), "head": body[:4].hex()}

    @app.get("/empty")
    def empty():
        return FastAPIResponse(status_code=204)

    @app.get("/unchanged")
    def unchanged():
        return FastAPIResponse(status_code=304, headers={"ETag": '"v1"'})

    @app.get("/old")
    def old():
        return RedirectResponse("/items/new", status_code=301)

    @app.get("/stream")
    def stream():
        return StreamingResponse(iter([b"one,", b"two,", b"three"]), media_type="text/csv")

    @app.get("/cookies")
    def cookies(response: FastAPIResponse):
        for name in ("a", "b", "c"):
            response.set_cookie(name, name * 2)
        return {}

    mangum = Mangum(app, lifespan="off", api_gateway_base_path=base_path)

    def handler(event, context):
        EVENTS.append(event)
        return mangum(event, context)

    return handler


@pytest.fixture(params=["rest", "rest-binary", "http-2.0", "http-1.0"])
def fastapi_base(request, apigateway, apigatewayv2, gwmock):
    EVENTS.clear()
    kind = request.param
    if kind.startswith("rest"):
        return _rest(apigateway, gwmock, "fa", _fastapi(), binary=["*/*"] if kind == "rest-binary" else None)
    return _http(apigatewayv2, gwmock, "fa", _fastapi(), version=kind[5:])


def test_percent_encoded_unicode_path_parameter(fastapi_base):
    response = requests.get(f"{fastapi_base}/items/caf%C3%A9", timeout=5)
    assert (response.status_code, response.json()["id"]) == (200, "café")


def test_plus_and_percent_20_in_the_query_are_spaces_and_percent_2b_a_plus(fastapi_base):
    response = requests.get(f"{fastapi_base}/items/x?q=a+b&q=c%20d&q=%2B1", timeout=5)
    assert response.json()["query"] == ["a b", "c d", "+1"]


def test_no_content_and_not_modified_have_no_body(fastapi_base):
    empty = requests.get(f"{fastapi_base}/empty", timeout=5)
    assert (empty.status_code, empty.content) == (204, b"")
    unchanged = requests.get(f"{fastapi_base}/unchanged", timeout=5)
    assert (unchanged.status_code, unchanged.headers["etag"], unchanged.content) == (304, '"v1"', b"")


def test_redirect_keeps_its_location(fastapi_base):
    response = requests.get(f"{fastapi_base}/old", allow_redirects=False, timeout=5)
    assert (response.status_code, response.headers["location"]) == (301, "/items/new")


def test_streaming_response_arrives_whole(fastapi_base):
    response = requests.get(f"{fastapi_base}/stream", timeout=5)
    assert (response.status_code, response.headers["content-type"], response.text) == (
        200, "text/csv; charset=utf-8", "one,two,three")


def test_four_megabyte_upload_reaches_the_app(fastapi_base):
    # Lambda takes events up to 6 MB: 4 MB travel base64 (5.3 MB) or as text; 5 MB of binary would not
    # (REST answers 413 "Request Too Long", tests/runtime/test_small_gaps_s22.py)
    body = b"ab" * 2_000_000
    response = requests.post(f"{fastapi_base}/echo", data=body, timeout=20,
                             headers={"Content-Type": "application/octet-stream"})
    assert (response.status_code, response.json()) == (
        200, {"length": 4_000_000, "type": "application/octet-stream", "head": "61626162"})


@pytest.mark.parametrize("binary", [None, ["*/*"]])
def test_five_megabytes_of_binary_are_too_long_for_a_rest_lambda(apigateway, gwmock, binary):
    # base64 (6.7 MB) or escaped as text (\u0001: 30 MB), the event passes Lambda's 6 MB
    base = _rest(apigateway, gwmock, "fa", _fastapi(), binary=binary)
    response = requests.post(f"{base}/echo", data=b"\x01\x02" * 2_500_000, timeout=20,
                             headers={"Content-Type": "application/octet-stream"})
    assert (response.status_code, response.json()) == (413, {"message": "Request Too Long"})


def test_empty_body_with_a_content_type(fastapi_base):
    response = requests.post(f"{fastapi_base}/echo", data=b"", headers={"Content-Type": "application/json"},
                             timeout=5)
    assert response.json() == {"length": 0, "type": "application/json", "head": ""}
    assert EVENTS[-1].get("body") in (None, "")  # 2.0 leaves an empty body out; nothing to decode


def test_three_set_cookie_lines_stay_three(fastapi_base):
    response = requests.get(f"{fastapi_base}/cookies", timeout=5)
    lines = response.raw.headers.getlist("Set-Cookie")
    assert [line.split(";")[0] for line in lines] == ["a=aa", "b=bb", "c=cc"]
    assert response.cookies.get_dict() == {"a": "aa", "b": "bb", "c": "cc"}


def test_binary_answer(fastapi_base, request):
    response = requests.get(f"{fastapi_base}/image", headers={"Accept": "image/png"}, timeout=5, stream=True)
    sent = response.raw.read()
    if request.node.callspec.params["fastapi_base"] == "rest":
        # no binaryMediaTypes: API Gateway passes the function's base64 text through (AWS docs)
        assert sent == base64.b64encode(PNG)
    else:
        assert sent == PNG
    assert response.headers["content-type"] == "image/png"


def test_gzip_answer_of_the_app_reaches_the_client_decoded(apigateway, gwmock):
    app = FastAPI()

    @app.get("/zipped")
    def zipped():
        return FastAPIResponse(content=gzip.compress(b"hello"), media_type="text/plain",
                               headers={"Content-Encoding": "gzip"})

    base = _rest(apigateway, gwmock, "gz", Mangum(app, lifespan="off"), binary=["*/*"])
    response = requests.get(f"{base}/zipped", timeout=5)
    assert (response.status_code, response.text) == (200, "hello")


@pytest.mark.parametrize("kind", ["rest", "http"])
def test_mangum_base_path_strips_the_stage_segment(kind, apigateway, apigatewayv2, gwmock):
    handler = _fastapi(base_path="/dev")
    if kind == "rest":  # REST events' ``path`` has no stage: Mangum would strip nothing there
        base = _rest(apigateway, gwmock, "bp", handler)
    else:  # a named HTTP API stage is in rawPath, which Mangum's base path removes
        base = _http(apigatewayv2, gwmock, "bp", handler, stage="dev")
    response = requests.get(f"{base}/items/7", timeout=5)
    assert (response.status_code, response.json()["path"]) == (200, "/items/7")


def test_http_api_encoded_slash_in_a_segment_is_a_separator(apigatewayv2, gwmock):
    # HTTP APIs decode the path before routing (gwmock.runtime.http.request's docstring)
    base = _http(apigatewayv2, gwmock, "sl", _fastapi())
    response = requests.get(f"{base}/items/a%2Fb", timeout=5)
    assert (response.status_code, EVENTS[-1]["rawPath"], EVENTS[-1]["pathParameters"]) == (
        404, "/items/a/b", {"proxy": "items/a/b"})


# --- Powertools ---------------------------------------------------------------------------------


class Order(BaseModel):
    id: int
    name: str


def _powertools(resolver):
    app = resolver(cors=CORSConfig(allow_origin="https://shop.example", max_age=60), enable_validation=True)

    @app.post("/orders")
    def create(order: Order) -> dict[str, Any]:
        return {"id": order.id}

    @app.get("/multi")
    def multi():
        return Response(status_code=200, content_type="text/plain", body="ok",
                        headers={"X-Tag": ["one", "two"]})

    @app.get("/big", compress=True)
    def big():
        return {"data": "x" * 2000}

    return app.resolve


@pytest.fixture(params=["rest", "http"])
def powertools_base(request, apigateway, apigatewayv2, gwmock):
    if request.param == "rest":
        return _rest(apigateway, gwmock, "pt", _powertools(APIGatewayRestResolver), binary=["*/*"])
    return _http(apigatewayv2, gwmock, "pt", _powertools(APIGatewayHttpResolver))


def test_powertools_preflight_and_cors_headers(powertools_base):
    preflight = requests.options(f"{powertools_base}/orders", timeout=5, headers={
        "Origin": "https://shop.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://shop.example"
    assert preflight.headers["access-control-max-age"] == "60"
    answer = requests.post(f"{powertools_base}/orders", json={"id": 1, "name": "a"}, timeout=5,
                           headers={"Origin": "https://shop.example"})
    assert (answer.status_code, answer.json(), answer.headers["access-control-allow-origin"]) == (
        200, {"id": 1}, "https://shop.example")


def test_powertools_validation_error_is_422(powertools_base):
    response = requests.post(f"{powertools_base}/orders", json={"id": "not a number"}, timeout=5)
    assert response.status_code == 422
    assert {error["loc"][-1] for error in response.json()["detail"]} == {"id", "name"}


def test_powertools_multi_value_headers(powertools_base, request):
    response = requests.get(f"{powertools_base}/multi", timeout=5)
    lines = response.raw.headers.getlist("X-Tag")
    if request.node.callspec.params["powertools_base"] == "rest":
        assert lines == ["one", "two"]  # multiValueHeaders: one line each
    else:
        assert lines == ["one, two"]  # payload 2.0 has one value per name: Powertools joins them
    assert response.text == "ok"


def test_powertools_compress_true(powertools_base):
    response = requests.get(f"{powertools_base}/big", headers={"Accept-Encoding": "gzip"}, timeout=5)
    assert (response.status_code, response.headers["content-encoding"]) == (200, "gzip")
    assert response.json() == {"data": "x" * 2000}


def test_powertools_compress_without_binary_media_types_is_base64_text(apigateway, gwmock):
    base = _rest(apigateway, gwmock, "pt2", _powertools(APIGatewayRestResolver))
    response = requests.get(f"{base}/big", headers={"Accept-Encoding": "gzip"}, timeout=5, stream=True)
    sent = response.raw.read()
    assert gzip.decompress(base64.b64decode(sent)) == json.dumps({"data": "x" * 2000}, separators=(",", ":")).encode()


# --- hostile answers ----------------------------------------------------------------------------

ANSWER: dict[str, Any] = {}


def _answer(event, context):
    return ANSWER["value"]


@pytest.fixture(params=["rest", "http-1.0", "http-2.0"])
def hostile(request, apigateway, apigatewayv2, gwmock):
    kind = request.param
    if kind == "rest":
        base = _rest(apigateway, gwmock, "bad", _answer)
    else:
        base = _http(apigatewayv2, gwmock, "bad", _answer, version=kind[5:])
    return kind, base, (502 if kind == "rest" else 500)


def _call(gwmock, base, value):
    ANSWER["value"] = value
    return gwmock.invoke("GET", f"{base}/x")


def _still_serves(gwmock, base):
    response = _call(gwmock, base, {"statusCode": 201, "body": "fine"})
    assert (response.status, response.body) == (201, b"fine")


@pytest.mark.parametrize("status", [
    "\u00b2",  # a digit to str.isdigit, not to int(): was a ValueError out of gw.invoke
    "9" * 5000,  # more digits than int() converts: was a ValueError out of gw.invoke
    "1" * 40, "-200", " 200", "2_00", 99999, -1, 200.5, True, None, [200], {"code": 200},
], ids=lambda value: repr(value)[:12])
def test_malformed_status_code_is_the_gateways_error(hostile, gwmock, status):
    kind, base, error = hostile
    response = _call(gwmock, base, {"statusCode": status, "body": "x"})
    assert response.status == error
    _still_serves(gwmock, base)


def test_string_status_code_of_a_rest_function(hostile, gwmock):
    kind, base, error = hostile
    response = _call(gwmock, base, {"statusCode": "0201", "body": "x"})
    # REST APIs read a digit string (aws-recorded: test_aws_proxy_response_payload_format_validation)
    assert response.status == (201 if kind == "rest" else error)


@pytest.mark.parametrize("value", [{"x": 1}, [1], [[1]]])
def test_object_in_multi_value_headers_is_malformed(hostile, gwmock, value):
    kind, base, error = hostile
    response = _call(gwmock, base, {"statusCode": 200, "multiValueHeaders": {"X-Bad": [value]}})
    if kind == "http-2.0":  # 2.0 has no multiValueHeaders: the key is not read
        assert (response.status, response.headers.get("x-bad")) == (200, None)
    else:  # was the Python repr "{'x': 1}" as a header value on HTTP APIs' 1.0
        assert response.status == error
    _still_serves(gwmock, base)


@pytest.mark.parametrize("cookies", [[{"a": 1}], [["a=1"]], "a=1", {"a": "1"}, ["a=1\r\nX-Injected: 1"]])
def test_cookies_that_are_not_strings_are_malformed(hostile, gwmock, cookies):
    kind, base, error = hostile
    response = _call(gwmock, base, {"statusCode": 200, "cookies": cookies})
    # only 2.0 reads ``cookies``; 1.0 and REST refuse the unknown key
    assert response.status == error
    assert "X-Injected" not in str(response.headers)
    _still_serves(gwmock, base)


def test_cookies_of_scalars_become_set_cookie_lines(apigatewayv2, gwmock):
    base = _http(apigatewayv2, gwmock, "ck", _answer)
    response = _call(gwmock, base, {"statusCode": 200, "cookies": ["a=1", "b=2"], "headers": {"set-cookie": "c=3"}})
    assert response.status == 200
    assert sorted(v for k, v in response.headers.items() if k.lower() == "set-cookie") == ["a=1", "b=2", "c=3"]


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                     max_leaves=8)
_FIELDS = st.fixed_dictionaries({}, optional={
    "statusCode": st.one_of(st.integers(), st.text(max_size=6), _JSON),
    "headers": st.one_of(st.dictionaries(st.text(max_size=8), _JSON, max_size=3), _JSON),
    "multiValueHeaders": st.one_of(st.dictionaries(st.text(max_size=8), st.lists(_JSON, max_size=3), max_size=3),
                                   _JSON),
    "cookies": st.one_of(st.lists(_JSON, max_size=3), _JSON),
    "body": st.one_of(st.text(max_size=12), _JSON),
    "isBase64Encoded": _JSON,
})


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.one_of(_FIELDS, _JSON))
def test_fuzzed_answers_are_served_or_refused_never_raised(hostile, gwmock, answer):
    kind, base, error = hostile
    response = _call(gwmock, base, answer)
    assert 100 <= response.status <= 599
    for name, value in response.headers.items():
        assert not any(c in f"{name}{value}" for c in "\r\n\x00")
        assert "{'" not in value and "['" not in value  # no Python repr reaches the wire
