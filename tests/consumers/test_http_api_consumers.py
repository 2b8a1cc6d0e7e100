"""Consumers of HTTP API (payload 2.0) events behind gwmock, called with real HTTP clients: a
FastAPI app behind Mangum (form posts, binary bodies both ways, repeated query parameters, headers
and cookies) and Powertools' ``APIGatewayHttpResolver`` (path parameters, its own CORS answers
and its errors). ``test_mangum_fastapi.py`` and ``test_powertools.py`` cover JSON bodies, path and
query basics and ``Set-Cookie`` on both API kinds; this file adds what only payload 2.0 carries.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
import requests

pytest.importorskip("mangum")
pytest.importorskip("fastapi")
pytest.importorskip("aws_lambda_powertools")
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, CORSConfig  # noqa: E402
from aws_lambda_powertools.event_handler import Response as PowertoolsResponse  # noqa: E402
from aws_lambda_powertools.event_handler.exceptions import NotFoundError  # noqa: E402
from aws_lambda_powertools.utilities.parser import parse  # noqa: E402
from aws_lambda_powertools.utilities.parser.models import APIGatewayProxyEventV2Model  # noqa: E402
from fastapi import FastAPI, Query, Request  # noqa: E402
from fastapi import Response as FastAPIResponse  # noqa: E402
from mangum import Mangum  # noqa: E402

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:"
PNG = bytes(range(256))


def _deploy(client, gwmock, name, handler, route="$default", cors=None):
    gwmock.add_lambda(FN + name, handler)
    api = client.create_api(Name=name, ProtocolType="HTTP", **({"CorsConfiguration": cors} if cors else {}))["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + name,
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey=route, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    return f"https://{api}.execute-api.{REGION}.amazonaws.com"


# --- Mangum + FastAPI ---------------------------------------------------------------------------


def _fastapi():
    app = FastAPI()

    tags = Query(default=[])

    @app.get("/search")
    def search(tag: list[str] = tags, page: int = 1):
        return {"tag": tag, "page": page}

    @app.post("/form")
    async def form(request: Request):  # read by hand: FastAPI's Form() needs python-multipart
        fields = parse_qs((await request.body()).decode())
        return {"type": request.headers["content-type"], "fields": fields}

    @app.post("/upload")
    async def upload(request: Request):
        data = await request.body()
        return FastAPIResponse(content=data[::-1], media_type="application/octet-stream")

    @app.get("/image")
    def image():
        return FastAPIResponse(content=PNG, media_type="image/png")

    @app.get("/headers")
    def headers(request: Request):
        return {"accept": request.headers.getlist("accept"), "x-many": request.headers.get("x-many"),
                "cookies": dict(request.cookies), "client": request.client.host if request.client else None}

    return Mangum(app, lifespan="off")


@pytest.fixture
def fastapi_base(apigatewayv2, gwmock):
    return _deploy(apigatewayv2, gwmock, "fastapi2", _fastapi())


def test_fastapi_repeated_query_parameters_reach_the_list(fastapi_base):
    # 2.0 joins repeated parameters with commas in queryStringParameters; Mangum reads rawQueryString
    response = requests.get(f"{fastapi_base}/search", params=[("tag", "a"), ("tag", "b,c"), ("page", "2")],
                            timeout=5)
    assert (response.status_code, response.json()) == (200, {"tag": ["a", "b,c"], "page": 2})


def test_fastapi_form_post(fastapi_base):
    response = requests.post(f"{fastapi_base}/form", data={"name": "Zoë & co", "color": "red"}, timeout=5)
    # a form post arrives base64-encoded (isBase64Encoded), Mangum decodes it
    assert (response.status_code, response.json()) == (200, {"type": "application/x-www-form-urlencoded",
                                                             "fields": {"name": ["Zoë & co"], "color": ["red"]}})


def test_fastapi_binary_bodies_both_ways(fastapi_base):
    sent = requests.post(f"{fastapi_base}/upload", data=PNG, headers={"Content-Type": "application/octet-stream"},
                         timeout=5)
    assert (sent.status_code, sent.headers["content-type"], sent.content) == (
        200, "application/octet-stream", PNG[::-1])
    image = requests.get(f"{fastapi_base}/image", timeout=5)
    assert (image.status_code, image.headers["content-type"], image.content) == (200, "image/png", PNG)


def test_fastapi_repeated_headers_and_cookies(fastapi_base):
    response = requests.get(f"{fastapi_base}/headers", timeout=5,
                            headers={"Accept": "text/html", "X-Many": "1", "Cookie": "a=1; b=2",
                                     "X-Forwarded-For": "203.0.113.9"})
    assert response.json() == {"accept": ["text/html"], "x-many": "1", "cookies": {"a": "1", "b": "2"},
                               "client": "203.0.113.9"}


# --- Powertools APIGatewayHttpResolver ---------------------------------------------------------


def _powertools(cors=None):
    app = APIGatewayHttpResolver(cors=cors)

    @app.get("/orders/<order_id>/items/<item>")
    def item(order_id, item):
        return {"order": order_id, "item": item, "q": app.current_event.get_query_string_value("q")}

    @app.post("/orders")
    def create():
        return PowertoolsResponse(status_code=201, content_type="application/json",
                                  body={"created": app.current_event.json_body["id"]})

    @app.get("/missing")
    def missing():
        raise NotFoundError("no such order")

    @app.get("/crash")
    def crash():
        raise RuntimeError("boom")

    def handler(event, context):
        parse(event=event, model=APIGatewayProxyEventV2Model)
        return app.resolve(event, context)

    return handler


def test_powertools_path_parameters_and_errors(apigatewayv2, gwmock):
    base = _deploy(apigatewayv2, gwmock, "pt-routes", _powertools())
    item = requests.get(f"{base}/orders/o%201/items/7?q=x", timeout=5)
    assert (item.status_code, item.json()) == (200, {"order": "o 1", "item": "7", "q": "x"})
    created = requests.post(f"{base}/orders", json={"id": "o2"}, timeout=5)
    assert (created.status_code, created.json()) == (201, {"created": "o2"})
    missing = requests.get(f"{base}/missing", timeout=5)
    assert (missing.status_code, missing.json()) == (404, {"statusCode": 404, "message": "no such order"})
    unknown = requests.get(f"{base}/nowhere", timeout=5)
    assert (unknown.status_code, unknown.json()) == (404, {"statusCode": 404, "message": "Not found"})


def test_powertools_unhandled_error_is_the_gateways_500(apigatewayv2, gwmock):
    base = _deploy(apigatewayv2, gwmock, "pt-crash", _powertools())
    response = requests.get(f"{base}/crash", timeout=5)
    assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})
    assert isinstance(gwmock.requests[-1].error, RuntimeError)


def test_powertools_answers_its_own_preflight_without_an_api_cors_configuration(apigatewayv2, gwmock):
    # no CorsConfiguration: the preflight reaches the $default route and Powertools answers it
    base = _deploy(apigatewayv2, gwmock, "pt-cors", _powertools(CORSConfig(allow_origin="https://app.example.com",
                                                                           max_age=60)))
    preflight = requests.options(f"{base}/orders", timeout=5, headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://app.example.com"
    assert preflight.headers["access-control-max-age"] == "60"
    created = requests.post(f"{base}/orders", json={"id": "o3"}, headers={"Origin": "https://app.example.com"},
                            timeout=5)
    assert created.headers["access-control-allow-origin"] == "https://app.example.com"


def test_an_api_cors_configuration_replaces_the_functions_cors_headers(apigatewayv2, gwmock):
    # "If you configure CORS for an API, API Gateway ignores CORS headers returned from your backend"
    base = _deploy(apigatewayv2, gwmock, "pt-api-cors", _powertools(CORSConfig(allow_origin="https://fn.example")),
                   route="ANY /orders", cors={"AllowOrigins": ["https://*"], "AllowMethods": ["POST"]})
    created = requests.post(f"{base}/orders", json={"id": "o4"}, headers={"Origin": "https://web.example"},
                            timeout=5)
    assert created.status_code == 201
    assert created.headers["access-control-allow-origin"] == "https://web.example"
    assert "access-control-allow-headers" not in created.headers
