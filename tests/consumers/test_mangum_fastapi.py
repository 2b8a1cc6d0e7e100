"""A FastAPI app behind Mangum, behind a Lambda proxy integration of a REST API (payload 1.0) and
of an HTTP API (payload 2.0), called with ``requests``.

Mangum turns the proxy event into an ASGI request and the app's answer back into a proxy
response: path and query parameters, a JSON body, headers, ``response.set_cookie`` twice (two
``Set-Cookie`` lines: ``multiValueHeaders`` on REST APIs, ``cookies`` on HTTP APIs) and the
cookies the client's jar sends back.
"""

from __future__ import annotations

import pytest
import requests

pytest.importorskip("mangum")
pytest.importorskip("fastapi")
from fastapi import FastAPI, Request  # noqa: E402
from fastapi import Response as FastAPIResponse  # noqa: E402
from mangum import Mangum  # noqa: E402
from pydantic import BaseModel  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


class Item(BaseModel):
    name: str
    price: float


def _handler():
    app = FastAPI()

    @app.get("/items/{item_id}")
    def read_item(item_id: int, request: Request, q: str | None = None):
        return {"item_id": item_id, "q": q, "agent": request.headers.get("user-agent")}

    @app.post("/items", status_code=201)
    def create_item(item: Item):
        return {"created": item.name, "price": item.price}

    @app.post("/login")
    def login(response: FastAPIResponse):
        response.set_cookie("session", "abc", path="/")
        response.set_cookie("theme", "dark", path="/")
        return {"ok": True}

    @app.get("/whoami")
    def whoami(request: Request):
        return {"cookies": dict(request.cookies)}

    return Mangum(app, lifespan="off")


def _rest_api(client, gwmock):
    gwmock.add_lambda(FN + "fastapi", _handler())
    api = client.create_rest_api(name="fastapi")
    proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(FN + "fastapi"))
    client.create_deployment(restApiId=api["id"], stageName="prod")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/prod"


def _http_api(client, gwmock):
    gwmock.add_lambda(FN + "fastapi", _handler())
    api = client.create_api(Name="fastapi", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + "fastapi",
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="ANY /{proxy+}", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    return f"https://{api}.execute-api.{REGION}.amazonaws.com"


@pytest.fixture(params=["rest", "http"])
def base(request, apigateway, apigatewayv2, gwmock):
    return _rest_api(apigateway, gwmock) if request.param == "rest" else _http_api(apigatewayv2, gwmock)


def test_path_query_and_headers(base):
    response = requests.get(f"{base}/items/42?q=blue", headers={"User-Agent": "consumer/2"}, timeout=5)
    assert response.status_code == 200
    assert response.json() == {"item_id": 42, "q": "blue", "agent": "consumer/2"}
    assert response.headers["Content-Type"] == "application/json"


def test_json_body_and_validation_errors(base):
    created = requests.post(f"{base}/items", json={"name": "pen", "price": 1.5}, timeout=5)
    assert (created.status_code, created.json()) == (201, {"created": "pen", "price": 1.5})
    invalid = requests.post(f"{base}/items", json={"name": "pen"}, timeout=5)
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "price"]


def test_set_cookie_twice_fills_the_jar_and_comes_back(base):
    session = requests.Session()
    login = session.post(f"{base}/login", timeout=5)
    assert (login.status_code, login.json()) == (200, {"ok": True})
    lines = login.raw.headers.getlist("Set-Cookie")
    assert [line.split(";")[0] for line in lines] == ["session=abc", "theme=dark"]
    assert dict(session.cookies) == {"session": "abc", "theme": "dark"}
    assert session.get(f"{base}/whoami", timeout=5).json() == {"cookies": {"session": "abc", "theme": "dark"}}


def test_unknown_route_is_the_apps_404(base):
    response = requests.get(f"{base}/nowhere", timeout=5)
    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})
