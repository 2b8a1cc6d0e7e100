"""Powertools for AWS Lambda behind gwmock: the event handler resolvers and the parser's event
models, each behind a Lambda proxy integration, called with ``requests``.

What gwmock must get right for them: the proxy events (Powertools' pydantic models validate every
field they declare), the route the resolver picks from ``path``/``resource`` and ``rawPath``, and
the answers: repeated ``Set-Cookie`` lines (``multiValueHeaders`` on REST APIs, ``cookies`` on HTTP
APIs) reach the client's cookie jar one by one, and the jar's cookies come back to the function.
"""

from __future__ import annotations

import json

import pytest
import requests

pytest.importorskip("aws_lambda_powertools")
from aws_lambda_powertools.event_handler import (  # noqa: E402
    APIGatewayHttpResolver,
    APIGatewayRestResolver,
    Response,
)
from aws_lambda_powertools.shared.cookies import Cookie  # noqa: E402
from aws_lambda_powertools.utilities.parser import parse  # noqa: E402
from aws_lambda_powertools.utilities.parser.models import (  # noqa: E402
    APIGatewayProxyEventModel,
    APIGatewayProxyEventV2Model,
)

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


def _app(resolver, model):
    """One small app for both resolvers; every event is validated with Powertools' own model."""
    app = resolver()

    @app.get("/pets/<pet_id>")
    def get_pet(pet_id):
        event = app.current_event
        query = event.query_string_parameters or {}
        return {"id": pet_id, "q": query.get("q"), "agent": event.headers.get("user-agent")}

    @app.post("/login")
    def login():
        user = app.current_event.json_body["user"]
        return Response(status_code=201, content_type="application/json", body=json.dumps({"user": user}),
                        cookies=[Cookie(name="session", value=user), Cookie(name="theme", value="dark")])

    @app.get("/whoami")
    def whoami():
        if isinstance(app, APIGatewayHttpResolver):  # payload 2.0 moves the Cookie header to ``cookies``
            return {"cookies": sorted(app.current_event.cookies or [])}
        return {"cookie": app.current_event.headers.get("cookie")}

    def handler(event, context):
        parse(event=event, model=model)  # raises if gwmock's event is not what AWS sends
        return app.resolve(event, context)

    return handler


def _rest_api(client, gwmock):
    gwmock.add_lambda(FN + "rest-app", _app(APIGatewayRestResolver, APIGatewayProxyEventModel))
    api = client.create_rest_api(name="powertools")
    proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(FN + "rest-app"))
    client.create_deployment(restApiId=api["id"], stageName="prod")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/prod"


def _http_api(client, gwmock):
    gwmock.add_lambda(FN + "http-app", _app(APIGatewayHttpResolver, APIGatewayProxyEventV2Model))
    api = client.create_api(Name="powertools", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + "http-app",
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="$default", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    return f"https://{api}.execute-api.{REGION}.amazonaws.com"


def test_rest_resolver_routes_and_reads_the_event(apigateway, gwmock):
    base = _rest_api(apigateway, gwmock)
    response = requests.get(f"{base}/pets/7?q=dogs", headers={"User-Agent": "consumer/1"}, timeout=5)
    assert response.status_code == 200
    assert response.json() == {"id": "7", "q": "dogs", "agent": "consumer/1"}
    missing = requests.get(f"{base}/nothing", timeout=5)
    assert missing.status_code == 404  # Powertools' own not-found answer, passed through


def test_http_resolver_routes_and_reads_the_event(apigatewayv2, gwmock):
    base = _http_api(apigatewayv2, gwmock)
    response = requests.get(f"{base}/pets/7?q=dogs", headers={"User-Agent": "consumer/1"}, timeout=5)
    assert response.status_code == 200
    assert response.json() == {"id": "7", "q": "dogs", "agent": "consumer/1"}


@pytest.mark.parametrize("stage", ["dev", "$default"])
def test_http_resolver_behind_a_custom_domain_mapping(apigatewayv2, gwmock, stage):
    # Powertools strips "/" + stage from every 2.0 rawPath that is not on $default, custom domains
    # included (AWS keeps the stage's segment there: CodeGenieApp/serverless-express#465).
    gwmock.add_lambda(FN + "http-app", _app(APIGatewayHttpResolver, APIGatewayProxyEventV2Model))
    api = apigatewayv2.create_api(Name="powertools", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
                                                  IntegrationUri=FN + "http-app")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="$default", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api, StageName=stage, AutoDeploy=True)
    apigatewayv2.create_domain_name(DomainName="pets.example.com", DomainNameConfigurations=[
        {"CertificateArn": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/abc", "EndpointType": "REGIONAL"}])
    apigatewayv2.create_api_mapping(DomainName="pets.example.com", ApiId=api, Stage=stage, ApiMappingKey="v2")
    response = requests.get("https://pets.example.com/v2/pets/5?q=cats", timeout=5)
    assert (response.status_code, response.json()) == (200, {"id": "5", "q": "cats", "agent": response.request.headers[
        "User-Agent"]})


def test_rest_cookies_both_ways(apigateway, gwmock):
    base = _rest_api(apigateway, gwmock)
    session = requests.Session()
    login = session.post(f"{base}/login", json={"user": "ann"}, timeout=5)
    assert (login.status_code, login.json()) == (201, {"user": "ann"})
    assert login.raw.headers.getlist("Set-Cookie") == ["session=ann; Secure", "theme=dark; Secure"]
    # the jar keeps Secure cookies for https URLs, and sends both back
    assert dict(session.cookies) == {"session": "ann", "theme": "dark"}
    echoed = session.get(f"{base}/whoami", timeout=5).json()["cookie"]
    assert sorted(echoed.split("; ")) == ["session=ann", "theme=dark"]


def test_http_cookies_both_ways(apigatewayv2, gwmock):
    base = _http_api(apigatewayv2, gwmock)
    session = requests.Session()
    login = session.post(f"{base}/login", json={"user": "bob"}, timeout=5)
    assert (login.status_code, login.json()) == (201, {"user": "bob"})
    assert login.raw.headers.getlist("set-cookie") == ["session=bob; Secure", "theme=dark; Secure"]
    assert dict(session.cookies) == {"session": "bob", "theme": "dark"}
    assert session.get(f"{base}/whoami", timeout=5).json() == {"cookies": ["session=bob", "theme=dark"]}
