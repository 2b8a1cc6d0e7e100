"""A FastAPI app behind Mangum 0.22 behind an HTTP API, in depth: payload 2.0 and 1.0, the
``$default`` stage and a named stage (whose segment AWS keeps in ``rawPath``/``path``: Mangum's
``api_gateway_base_path`` strips it), explicit routes and ``ANY /{proxy+}``, repeated query keys,
cookies, binary answers, HEAD, redirects and errors, called with ``requests``.

Mangum reads 2.0's ``requestContext.http.path``/``rawQueryString``/``cookies`` and 1.0's ``path``/
``multiValueQueryStringParameters``/``multiValueHeaders``; it answers 1.0 with both ``headers`` and
``multiValueHeaders`` (AWS merges them:
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
"""

from __future__ import annotations

import pytest
import requests

pytest.importorskip("mangum")
pytest.importorskip("fastapi")
from fastapi import FastAPI, HTTPException, Query, Request  # noqa: E402
from fastapi import Response as FastAPIResponse  # noqa: E402
from fastapi.responses import PlainTextResponse, RedirectResponse  # noqa: E402
from mangum import Mangum  # noqa: E402

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:"
PNG = bytes(range(256)) * 4


def _app(base_path="/"):
    app = FastAPI()
    tags = Query(default=[])

    @app.get("/items/{item_id}")
    def item(item_id: str, request: Request, tag: list[str] = tags):
        return {"id": item_id, "tag": tag, "path": request.url.path, "host": request.headers.get("host")}

    @app.get("/image")
    def image():
        return FastAPIResponse(content=PNG, media_type="image/png")

    @app.get("/old")
    def old():
        return RedirectResponse("/items/new", status_code=301)

    @app.get("/teapot")
    def teapot():
        raise HTTPException(status_code=418, detail="short and stout", headers={"X-Reason": "tea"})

    @app.get("/crash")
    def crash():
        raise RuntimeError("boom")

    @app.api_route("/ping", methods=["GET", "HEAD"])
    def ping():
        return PlainTextResponse("pong", headers={"X-Ping": "1"})

    @app.get("/cookies")
    def cookies(request: Request, response: FastAPIResponse):
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        response.headers["X-Single"] = "one"
        return {"got": dict(request.cookies)}

    return Mangum(app, lifespan="off", api_gateway_base_path=base_path)


def _deploy(client, gwmock, name, *, stage="$default", payload="2.0", route="ANY /{proxy+}", base_path="/"):
    gwmock.add_lambda(FN + name, _app(base_path))
    api = client.create_api(Name=name, ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + name,
                                            PayloadFormatVersion=payload)["IntegrationId"]
    client.create_route(ApiId=api, RouteKey=route, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName=stage, AutoDeploy=True)
    host = f"{api}.execute-api.{client.meta.region_name}.amazonaws.com"
    return host, f"https://{host}" if stage == "$default" else f"https://{host}/{stage}"


SETUPS = [  # (stage, payload, route, Mangum's api_gateway_base_path)
    ("$default", "2.0", "ANY /{proxy+}", "/"),
    ("$default", "2.0", "$default", "/"),
    ("$default", "1.0", "ANY /{proxy+}", "/"),
    ("dev", "2.0", "ANY /{proxy+}", "/dev"),
    ("dev", "1.0", "$default", "/dev"),
]


@pytest.fixture(params=SETUPS, ids=["-".join(s[:3]) for s in SETUPS])
def deployed(request, apigatewayv2, gwmock):
    stage, payload, route, base_path = request.param
    return _deploy(apigatewayv2, gwmock, "mangum", stage=stage, payload=payload, route=route, base_path=base_path)


def test_path_repeated_query_and_host(deployed):
    host, base = deployed
    response = requests.get(f"{base}/items/a%20b?tag=x&tag=y%2Cz", timeout=5)
    assert (response.status_code, response.json()) == (200, {
        "id": "a b", "tag": ["x", "y,z"], "path": "/items/a b", "host": host})
    assert response.headers["content-type"] == "application/json"


def test_binary_answer(deployed):
    _, base = deployed
    image = requests.get(f"{base}/image", timeout=5)
    assert (image.status_code, image.headers["content-type"], image.content) == (200, "image/png", PNG)
    assert image.headers["content-length"] == str(len(PNG))


def test_redirect_is_passed_through(deployed):
    _, base = deployed
    response = requests.get(f"{base}/old", allow_redirects=False, timeout=5)
    assert (response.status_code, response.headers["location"], response.content) == (301, "/items/new", b"")


def test_http_exception_status_detail_and_header(deployed):
    _, base = deployed
    response = requests.get(f"{base}/teapot", timeout=5)
    assert (response.status_code, response.json(), response.headers["x-reason"]) == (
        418, {"detail": "short and stout"}, "tea")


def test_unhandled_exception_is_starlettes_own_500(deployed):
    # Starlette's ServerErrorMiddleware answers, Mangum returns that answer: the function succeeds
    _, base = deployed
    response = requests.get(f"{base}/crash", timeout=5)
    assert (response.status_code, response.headers["content-type"], response.text) == (
        500, "text/plain; charset=utf-8", "Internal Server Error")


def test_head_has_the_headers_and_no_body(deployed):
    _, base = deployed
    head = requests.head(f"{base}/ping", timeout=5)
    assert (head.status_code, head.headers["x-ping"], head.content) == (200, "1", b"")
    assert head.headers["content-type"] == "text/plain; charset=utf-8"


def test_cookies_both_ways_and_single_headers_once(deployed):
    _, base = deployed
    session = requests.Session()
    first = session.get(f"{base}/cookies", timeout=5)
    assert first.json() == {"got": {}}
    assert [line.split(";")[0] for line in first.raw.headers.getlist("set-cookie")] == ["a=1", "b=2"]
    assert first.raw.headers.getlist("x-single") == ["one"]
    second = session.get(f"{base}/cookies", timeout=5)
    assert second.json() == {"got": {"a": "1", "b": "2"}}


def test_named_stage_without_base_path_reaches_the_app_with_the_stage_segment(apigatewayv2, gwmock):
    # AWS keeps the stage's segment in rawPath; an app not told (api_gateway_base_path) sees it
    _, base = _deploy(apigatewayv2, gwmock, "mangum-raw", stage="dev")
    response = requests.get(f"{base}/items/1", timeout=5)
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
