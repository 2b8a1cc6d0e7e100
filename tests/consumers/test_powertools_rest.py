"""Powertools for AWS Lambda (3.x) in depth behind REST APIs (v1): ``APIGatewayRestResolver`` apps
behind Lambda proxy integrations (``{proxy+}``/ANY and explicit resources), the parser's REST
event models validated against every event gwmock sends, and ``APIGatewayAuthorizerResponse`` as
a real TOKEN/REQUEST authorizer; called with ``requests``.

Evidence for AWS's side: the Lambda proxy input/output format
(https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html),
the authorizer input/output
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html,
https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html)
and binary support
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html).
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Annotated, Any

import pytest
import requests

pytest.importorskip("aws_lambda_powertools")
from aws_lambda_powertools.event_handler import (  # noqa: E402
    APIGatewayRestResolver,
    CORSConfig,
    Response,
    content_types,
)
from aws_lambda_powertools.event_handler.exceptions import NotFoundError, UnauthorizedError  # noqa: E402
from aws_lambda_powertools.event_handler.openapi.params import Query  # noqa: E402
from aws_lambda_powertools.shared.cookies import Cookie  # noqa: E402
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent  # noqa: E402
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (  # noqa: E402
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
    APIGatewayAuthorizerTokenEvent,
    HttpVerb,
)
from aws_lambda_powertools.utilities.parser import parse  # noqa: E402
from aws_lambda_powertools.utilities.parser.models import (  # noqa: E402
    APIGatewayProxyEventModel,
)
from aws_lambda_powertools.utilities.parser.models.apigw import (  # noqa: E402
    ApiGatewayAuthorizerRequest,
    ApiGatewayAuthorizerToken,
)
from pydantic import BaseModel  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


def _handler(app: Any, events: list[dict[str, Any]] | None = None) -> Any:
    """The app's Lambda handler; every event is first validated with Powertools' own model."""
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        parse(event=event, model=APIGatewayProxyEventModel)  # raises if the event is not what AWS sends
        if events is not None:
            events.append(event)
        return app.resolve(event, context)  # type: ignore[no-any-return]
    return handler


def _proxy_api(client: Any, gwmock: Any, handler: Any, *, stage: str = "prod", binary: list[str] | None = None,
               root: bool = False) -> tuple[str, str]:
    """(stage URL, API id) of a REST API whose ``/{proxy+}`` ANY (and root ANY) calls ``handler``."""
    gwmock.add_lambda(FN + "app", handler)
    api = client.create_rest_api(name="powertools", **({"binaryMediaTypes": binary} if binary else {}))
    resources = [client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]]
    if root:
        resources.append(api["rootResourceId"])
    for resource in resources:
        client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "app"))
    client.create_deployment(restApiId=api["id"], stageName=stage)
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/{stage}", api["id"]


# --- the resolver: routes, parameters, the event's accessors ----------------------------------


def test_path_parameters_arrive_as_aws_sends_them(apigateway, gwmock):
    app = APIGatewayRestResolver()

    @app.get("/files/<name>")
    def file(name: str) -> dict[str, Any]:
        return {"name": name, "path": app.current_event.path, "raw": app.current_event.path_parameters}

    @app.get("/v<version>/<a>/<b>")
    def two(version: str, a: str, b: str) -> dict[str, Any]:
        return {"version": version, "a": a, "b": b}

    base, _ = _proxy_api(apigateway, gwmock, _handler(app))
    got = requests.get(f"{base}/files/report-2024.pdf", timeout=5)
    assert got.json() == {"name": "report-2024.pdf", "path": "/files/report-2024.pdf",
                          "raw": {"proxy": "files/report-2024.pdf"}}
    assert requests.get(f"{base}/v2/x/y", timeout=5).json() == {"version": "2", "a": "x", "b": "y"}


def test_current_event_accessors(apigateway, gwmock):
    app = APIGatewayRestResolver()

    @app.get("/whoami")
    def whoami() -> dict[str, Any]:
        event: APIGatewayProxyEvent = app.current_event
        context = event.request_context
        return {"ip": context.identity.source_ip, "stage": context.stage, "path": event.path,
                "resource": event.resource, "context_path": context.path, "method": event.http_method,
                "resource_path": context.resource_path, "api": context.api_id, "account": context.account_id,
                "agent": context.identity.user_agent, "domain": context.domain_name,
                "multi": event.multi_value_query_string_parameters, "query": event.query_string_parameters,
                "header": event.headers.get("x-custom"), "resolved": event.resolved_headers_field.get("x-custom"),
                "base64": event.is_base64_encoded}

    base, api = _proxy_api(apigateway, gwmock, _handler(app))
    got = requests.get(f"{base}/whoami?tag=a&tag=b&one=1", headers={"X-Custom": "yes"}, timeout=5).json()
    assert got == {"ip": "127.0.0.1", "stage": "prod", "path": "/whoami", "resource": "/{proxy+}",
                   "context_path": "/prod/whoami", "method": "GET", "resource_path": "/{proxy+}", "api": api,
                   "account": ACCOUNT, "agent": requests.utils.default_user_agent(),
                   "domain": f"{api}.execute-api.{REGION}.amazonaws.com",
                   "multi": {"tag": ["a", "b"], "one": ["1"]}, "query": {"tag": "b", "one": "1"},
                   "header": "yes", "resolved": ["yes"], "base64": False}


def test_explicit_resources_and_strip_prefixes(apigateway, gwmock):
    # An app mounted under /api on an explicit resource tree: Powertools strips the prefix from ``path``.
    app = APIGatewayRestResolver(strip_prefixes=["/api"])

    @app.get("/orders/<order_id>")
    def order(order_id: str) -> dict[str, Any]:
        return {"order": order_id, "resource": app.current_event.resource,
                "params": app.current_event.path_parameters}

    gwmock.add_lambda(FN + "app", _handler(app))
    api = apigateway.create_rest_api(name="explicit")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    prefix = apigateway.create_resource(restApiId=api, parentId=root, pathPart="api")["id"]
    orders = apigateway.create_resource(restApiId=api, parentId=prefix, pathPart="orders")["id"]
    one = apigateway.create_resource(restApiId=api, parentId=orders, pathPart="{orderId}")["id"]
    apigateway.put_method(restApiId=api, resourceId=one, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api, resourceId=one, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "app"))
    apigateway.create_deployment(restApiId=api, stageName="v1")
    url = f"https://{api}.execute-api.{REGION}.amazonaws.com/v1/api/orders/o-17"
    assert requests.get(url, timeout=5).json() == {"order": "o-17", "resource": "/api/orders/{orderId}",
                                                   "params": {"orderId": "o-17"}}
    # a method the resource does not have: API Gateway's own answer, the function never runs
    refused = requests.post(url, timeout=5)
    assert (refused.status_code, refused.json()) == (403, {"message": "Missing Authentication Token"})
    assert refused.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_root_resource_reaches_the_apps_root_route(apigateway, gwmock):
    app = APIGatewayRestResolver()

    @app.get("/")
    def index() -> dict[str, Any]:
        return {"path": app.current_event.path, "resource": app.current_event.resource,
                "params": app.current_event.path_parameters}

    base, _ = _proxy_api(apigateway, gwmock, _handler(app), root=True)
    assert requests.get(base, timeout=5).json() == {"path": "/", "resource": "/", "params": {}}
    assert requests.get(base + "/", timeout=5).json() == {"path": "/", "resource": "/", "params": {}}


# --- answers: status, headers, cookies, errors -----------------------------------------------


def test_response_headers_multi_values_and_cookies(apigateway, gwmock):
    app = APIGatewayRestResolver()

    @app.get("/multi")
    def multi() -> Response:
        return Response(status_code=203, content_type=content_types.TEXT_PLAIN, body="hello",
                        headers={"X-Tags": ["a", "b"], "X-One": "1"},
                        cookies=[Cookie(name="a", value="1"), Cookie(name="b", value="2", http_only=True)])

    base, _ = _proxy_api(apigateway, gwmock, _handler(app))
    got = requests.get(f"{base}/multi", timeout=5)
    assert (got.status_code, got.text) == (203, "hello")
    assert got.raw.headers.getlist("X-Tags") == ["a", "b"]
    assert got.raw.headers.getlist("X-One") == ["1"]
    assert got.raw.headers.getlist("Content-Type") == ["text/plain"]
    assert got.raw.headers.getlist("Set-Cookie") == ["a=1; Secure", "b=2; HttpOnly; Secure"]


def test_exception_handlers_and_not_found(apigateway, gwmock):
    app = APIGatewayRestResolver()

    class Teapot(Exception):
        pass

    @app.exception_handler(Teapot)
    def teapot(error: Teapot) -> Response:
        return Response(status_code=418, content_type=content_types.APPLICATION_JSON, body='{"teapot": true}')

    @app.get("/brew")
    def brew() -> None:
        raise Teapot

    @app.get("/secret")
    def secret() -> None:
        raise UnauthorizedError("no entry")

    @app.get("/missing")
    def missing() -> None:
        raise NotFoundError("no such thing")

    base, _ = _proxy_api(apigateway, gwmock, _handler(app))
    assert (requests.get(f"{base}/brew", timeout=5).status_code, requests.get(f"{base}/brew", timeout=5).json()) == (
        418, {"teapot": True})
    secret_answer = requests.get(f"{base}/secret", timeout=5)
    assert (secret_answer.status_code, secret_answer.json()) == (401, {"statusCode": 401, "message": "no entry"})
    missing_answer = requests.get(f"{base}/missing", timeout=5)
    assert (missing_answer.status_code, missing_answer.json()) == (404, {"statusCode": 404, "message": "no such thing"})


def test_unhandled_exception_is_a_502_and_kept_for_the_test(apigateway, gwmock):
    app = APIGatewayRestResolver()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("kaboom")

    base, _ = _proxy_api(apigateway, gwmock, _handler(app))
    got = requests.get(f"{base}/boom", timeout=5)
    assert (got.status_code, got.json()) == (502, {"message": "Internal server error"})
    assert got.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    assert isinstance(gwmock.requests[-1].error, RuntimeError)


# --- CORS -------------------------------------------------------------------------------------


def test_cors_preflight_and_answers(apigateway, gwmock):
    # ANY includes OPTIONS on REST APIs: the preflight reaches the function, which answers it.
    cors = CORSConfig(allow_origin="https://app.example.com", extra_origins=["https://admin.example.com"],
                      expose_headers=["X-Total"], max_age=300, allow_credentials=True)
    app = APIGatewayRestResolver(cors=cors)

    @app.get("/items")
    def items() -> Response:
        return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body="[]",
                        headers={"X-Total": "0"})

    @app.put("/items")
    def put_items() -> dict[str, Any]:
        return {}

    base, _ = _proxy_api(apigateway, gwmock, _handler(app))
    preflight = requests.options(f"{base}/items", timeout=5, headers={
        "Origin": "https://admin.example.com", "Access-Control-Request-Method": "PUT"})
    assert preflight.status_code == 204
    assert preflight.text == ""
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://admin.example.com"
    assert preflight.headers["Access-Control-Max-Age"] == "300"
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    assert set(preflight.headers["Access-Control-Allow-Methods"].split(",")) == {"GET", "PUT", "OPTIONS"}
    answer = requests.get(f"{base}/items", headers={"Origin": "https://app.example.com"}, timeout=5)
    assert answer.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert answer.headers["Access-Control-Expose-Headers"] == "X-Total"
    stranger = requests.get(f"{base}/items", headers={"Origin": "https://evil.example.com"}, timeout=5)
    assert "Access-Control-Allow-Origin" not in stranger.headers


# --- compression and binary bodies -------------------------------------------------------------


def _compressing_app() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver()

    @app.get("/big", compress=True)
    def big() -> Response:
        return Response(status_code=200, content_type=content_types.APPLICATION_JSON,
                        body=json.dumps({"data": "x" * 2000}), compress=True)

    @app.get("/logo")
    def logo() -> Response:
        return Response(status_code=200, content_type="image/png", body=_PNG)

    @app.post("/echo")
    def echo() -> Response:
        event = app.current_event
        data = base64.b64decode(event.body or "") if event.is_base64_encoded else (event.body or "").encode()
        return Response(status_code=200, content_type="application/octet-stream", body=data[::-1])

    return app


_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00"


def test_compressed_answer_reaches_the_client_as_gzip(apigateway, gwmock):
    # Powertools gzips and base64-encodes (isBase64Encoded); with "*/*" as a binary media type API
    # Gateway decodes the base64 and sends the gzip bytes, Content-Encoding: gzip intact.
    base, _ = _proxy_api(apigateway, gwmock, _handler(_compressing_app()), binary=["*/*"])
    got = requests.get(f"{base}/big", headers={"Accept-Encoding": "gzip"}, timeout=5, stream=True)
    assert got.status_code == 200
    assert got.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(got.raw.read(decode_content=False))) == {"data": "x" * 2000}


def test_binary_answer_without_binary_media_types_is_the_base64_text(apigateway, gwmock):
    # Without binaryMediaTypes API Gateway passes the body through as text: the client reads base64.
    base, _ = _proxy_api(apigateway, gwmock, _handler(_compressing_app()))
    got = requests.get(f"{base}/logo", headers={"Accept": "image/png"}, timeout=5)
    assert got.status_code == 200
    assert got.content == base64.b64encode(_PNG)


def test_binary_answer_and_body_with_binary_media_types(apigateway, gwmock):
    base, _ = _proxy_api(apigateway, gwmock, _handler(_compressing_app()), binary=["image/png",
                                                                                   "application/octet-stream"])
    logo = requests.get(f"{base}/logo", headers={"Accept": "image/png"}, timeout=5)
    assert (logo.status_code, logo.content, logo.headers["Content-Type"]) == (200, _PNG, "image/png")
    sent = bytes(range(256))
    echoed = requests.post(f"{base}/echo", data=sent, timeout=5, headers={
        "Content-Type": "application/octet-stream", "Accept": "application/octet-stream"})
    assert (echoed.status_code, echoed.content) == (200, sent[::-1])


# --- data validation (OpenAPI) -----------------------------------------------------------------


class Todo(BaseModel):
    title: str
    done: bool = False


def test_enable_validation_answers_422_and_reads_query_and_body(apigateway, gwmock):
    app = APIGatewayRestResolver(enable_validation=True)

    @app.get("/todos")
    def todos(limit: Annotated[int, Query(gt=0, le=50)] = 10, tag: Annotated[list[str] | None, Query()] = None
              ) -> dict[str, Any]:
        return {"limit": limit, "tag": tag}

    @app.post("/todos")
    def create(todo: Todo) -> Todo:
        return todo

    base, _ = _proxy_api(apigateway, gwmock, _handler(app))
    assert requests.get(f"{base}/todos?limit=5&tag=a&tag=b", timeout=5).json() == {"limit": 5, "tag": ["a", "b"]}
    bad = requests.get(f"{base}/todos?limit=500", timeout=5)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "limit"]
    created = requests.post(f"{base}/todos", json={"title": "write tests"}, timeout=5)
    assert (created.status_code, created.json()) == (200, {"title": "write tests", "done": False})
    invalid = requests.post(f"{base}/todos", json={"done": True}, timeout=5)
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "title"]


# --- authorizers built with Powertools -------------------------------------------------------


def _authorized_api(client: Any, gwmock: Any, authorizer: Any, kind: str, *, api_key_source: str = "HEADER",
                    key_required: bool = False, ttl: int = 0) -> tuple[str, str]:
    """(stage URL, API id): ``/{proxy+}`` ANY behind a ``kind`` Lambda authorizer; the function
    answers with the event's ``requestContext.authorizer`` (validated with Powertools' model)."""
    def backend(event: dict[str, Any], context: Any) -> dict[str, Any]:
        parse(event=event, model=APIGatewayProxyEventModel)
        return {"statusCode": 200, "body": json.dumps({
            "authorizer": event["requestContext"]["authorizer"], "path": event["path"],
            "apiKey": event["requestContext"]["identity"].get("apiKey")})}

    gwmock.add_lambda(FN + "backend", backend)
    gwmock.add_lambda(FN + "authorizer", authorizer)
    api = client.create_rest_api(name="authorized", apiKeySource=api_key_source)["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    source = "method.request.header.Authorization" if kind == "TOKEN" else (
        "method.request.header.Authorization,method.request.querystring.tenant")
    auth = client.create_authorizer(restApiId=api, name="pt", type=kind, authorizerUri=URI.format(FN + "authorizer"),
                                    identitySource=source, authorizerResultTtlInSeconds=ttl)["id"]
    proxy = client.create_resource(restApiId=api, parentId=root, pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api, resourceId=proxy, httpMethod="ANY", authorizationType="CUSTOM",
                      authorizerId=auth, apiKeyRequired=key_required)
    client.put_integration(restApiId=api, resourceId=proxy, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(FN + "backend"))
    client.create_deployment(restApiId=api, stageName="prod")
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/prod", api


def test_token_authorizer_allows_per_route_with_context(apigateway, gwmock):
    seen: list[dict[str, Any]] = []

    def authorizer(event: dict[str, Any], context: Any) -> dict[str, Any]:
        parse(event=event, model=ApiGatewayAuthorizerToken)
        seen.append(event)
        token = APIGatewayAuthorizerTokenEvent(event)
        if token.authorization_token != "Bearer good":
            raise Exception("Unauthorized")  # API Gateway's documented way to answer 401
        policy = APIGatewayAuthorizerResponse.from_route_arn(token.method_arn, principal_id="user-1",
                                                             context={"tier": "gold", "level": 3, "admin": False})
        policy.allow_route(HttpVerb.GET.value, "/pets/*")
        policy.deny_route(HttpVerb.GET.value, "/pets/secret")
        return policy.asdict()

    base, api = _authorized_api(apigateway, gwmock, authorizer, "TOKEN")
    good = {"Authorization": "Bearer good"}
    allowed = requests.get(f"{base}/pets/7", headers=good, timeout=5)
    assert allowed.status_code == 200
    context = allowed.json()["authorizer"]
    assert isinstance(context.pop("integrationLatency"), int)  # the authorizer's own milliseconds
    assert context == {"principalId": "user-1", "tier": "gold", "level": "3", "admin": "false"}
    arn = APIGatewayAuthorizerTokenEvent(seen[-1]).parsed_arn
    assert (arn.api_id, arn.stage, arn.http_method, arn.resource, arn.region, arn.aws_account_id) == (
        api, "prod", "GET", "pets/7", REGION, ACCOUNT)
    denied = requests.get(f"{base}/pets/secret", headers=good, timeout=5)
    assert (denied.status_code, denied.json()) == (403, {
        "message": "User is not authorized to access this resource with an explicit deny"})
    other_verb = requests.delete(f"{base}/pets/7", headers=good, timeout=5)
    assert (other_verb.status_code, other_verb.json()) == (403, {
        "message": "User is not authorized to access this resource"})
    unauthorized = requests.get(f"{base}/pets/7", headers={"Authorization": "Bearer bad"}, timeout=5)
    assert (unauthorized.status_code, unauthorized.json()) == (401, {"message": "Unauthorized"})
    missing = requests.get(f"{base}/pets/7", timeout=5)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})


def test_request_authorizer_event_and_deny_all(apigateway, gwmock):
    def authorizer(event: dict[str, Any], context: Any) -> dict[str, Any]:
        parse(event=event, model=ApiGatewayAuthorizerRequest)
        request = APIGatewayAuthorizerRequestEvent(event)
        context_values = {"tenant": request.query_string_parameters["tenant"], "path": request.path,
                          "resource": request.resource, "param": request.path_parameters["proxy"],
                          "method": request.http_method}
        policy = APIGatewayAuthorizerResponse.from_route_arn(request.method_arn, principal_id="tenant",
                                                             context=context_values)
        if request.headers.get("authorization") == "deny":
            policy.deny_all_routes()
        else:
            policy.allow_all_routes()
        return policy.asdict()

    base, _ = _authorized_api(apigateway, gwmock, authorizer, "REQUEST", ttl=300)
    allowed = requests.post(f"{base}/a/b?tenant=acme", headers={"Authorization": "ok"}, timeout=5)
    assert allowed.status_code == 200
    context = allowed.json()["authorizer"]
    assert isinstance(context.pop("integrationLatency"), int)
    assert context == {"principalId": "tenant", "tenant": "acme", "path": "/a/b",
                                            "resource": "/{proxy+}", "param": "a/b", "method": "POST"}
    denied = requests.post(f"{base}/a/b?tenant=acme", headers={"Authorization": "deny"}, timeout=5)
    assert (denied.status_code, denied.json()) == (403, {
        "message": "User is not authorized to access this resource with an explicit deny"})
    # with caching on, a missing identity source is a 401 before the function runs (AWS's
    # "identitySource" docs: required when caching is enabled; the authorizer would raise here)
    missing = requests.post(f"{base}/a/b", headers={"Authorization": "ok"}, timeout=5)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})


def test_usage_identifier_key_from_the_authorizer(apigateway, gwmock):
    def authorizer(event: dict[str, Any], context: Any) -> dict[str, Any]:
        token = APIGatewayAuthorizerTokenEvent(event)
        policy = APIGatewayAuthorizerResponse.from_route_arn(token.method_arn, principal_id="client",
                                                             usage_identifier_key=token.authorization_token)
        policy.allow_all_routes()
        return policy.asdict()

    base, api = _authorized_api(apigateway, gwmock, authorizer, "TOKEN", api_key_source="AUTHORIZER",
                                key_required=True)
    key = apigateway.create_api_key(name="client", enabled=True, value="k" * 30)
    plan = apigateway.create_usage_plan(name="plan", apiStages=[{"apiId": api, "stage": "prod"}])
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    good = requests.get(f"{base}/x", headers={"Authorization": "k" * 30}, timeout=5)
    assert good.status_code == 200
    assert good.json()["apiKey"] == "k" * 30
    unknown = requests.get(f"{base}/x", headers={"Authorization": "z" * 30}, timeout=5)
    assert (unknown.status_code, unknown.json()) == (403, {"message": "Forbidden"})


# --- the parser's models against Cognito, API keys and the console's test calls ------------------


POOL = "us-east-1_Powertools"
POOL_ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL}"


def test_cognito_authorizer_claims_reach_the_model_and_the_resolver(apigateway, gwmock):
    jwt = pytest.importorskip("jwt")
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.algorithms import RSAAlgorithm

    from tests.helpers import cognito_protected_api

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    gwmock.add_jwks(POOL_ISSUER, {"keys": [{**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": "k1",
                                            "use": "sig"}]})
    app = APIGatewayRestResolver()

    @app.get("/me")
    def me() -> dict[str, Any]:
        model = parse(event=app.current_event.raw_event, model=APIGatewayProxyEventModel)
        claims = app.current_event.request_context.authorizer.claims
        return {"sub": claims["sub"], "model_sub": model.requestContext.authorizer.claims["sub"],
                "groups": claims.get("cognito:groups")}

    gwmock.add_lambda(FN + "me", _handler(app))
    url = cognito_protected_api(apigateway, f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{POOL}", FN + "me")
    token = jwt.encode({"iss": POOL_ISSUER, "aud": "client", "sub": "user-42", "token_use": "id",
                        "cognito:groups": ["admin"], "exp": 4_000_000_000}, key, algorithm="RS256",
                       headers={"kid": "k1"})
    got = requests.get(url, headers={"Authorization": token}, timeout=5)
    assert got.status_code == 200
    assert got.json()["sub"] == got.json()["model_sub"] == "user-42"
    refused = requests.get(url, timeout=5)
    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})


def test_api_key_reaches_the_identity(apigateway, gwmock):
    app = APIGatewayRestResolver()

    @app.get("/keyed")
    def keyed() -> dict[str, Any]:
        identity = app.current_event.request_context.identity
        return {"key": identity.api_key, "key_id": identity.api_key_id}

    gwmock.add_lambda(FN + "app", _handler(app))
    api = apigateway.create_rest_api(name="keyed")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    resource = apigateway.create_resource(restApiId=api, parentId=root, pathPart="keyed")["id"]
    apigateway.put_method(restApiId=api, resourceId=resource, httpMethod="GET", authorizationType="NONE",
                          apiKeyRequired=True)
    apigateway.put_integration(restApiId=api, resourceId=resource, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "app"))
    apigateway.create_deployment(restApiId=api, stageName="prod")
    key = apigateway.create_api_key(name="client", enabled=True, value="v" * 24)
    plan = apigateway.create_usage_plan(name="plan", apiStages=[{"apiId": api, "stage": "prod"}])
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    url = f"https://{api}.execute-api.{REGION}.amazonaws.com/prod/keyed"
    got = requests.get(url, headers={"x-api-key": "v" * 24}, timeout=5)
    assert (got.status_code, got.json()) == (200, {"key": "v" * 24, "key_id": key["id"]})
    refused = requests.get(url, timeout=5)
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})


def test_test_invoke_method_event_passes_the_model(apigateway, gwmock):
    # the console's Test button (TestInvokeMethod): Powertools' model accepts its made-up source ip
    # (powertools-lambda-python#1562)
    events: list[dict[str, Any]] = []
    app = APIGatewayRestResolver()

    @app.post("/things/<thing>")
    def thing(thing: str) -> dict[str, Any]:
        identity = app.current_event.request_context.identity
        return {"thing": thing, "body": app.current_event.json_body, "ip": identity.source_ip}

    _, api = _proxy_api(apigateway, gwmock, _handler(app, events))
    proxy = next(r["id"] for r in apigateway.get_resources(restApiId=api)["items"] if r["path"] == "/{proxy+}")
    apigateway.put_method(restApiId=api, resourceId=proxy, httpMethod="POST", authorizationType="NONE")
    apigateway.put_integration(restApiId=api, resourceId=proxy, httpMethod="POST", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "app"))
    answer = apigateway.test_invoke_method(restApiId=api, resourceId=proxy, httpMethod="POST",
                                           pathWithQueryString="/things/t1?x=1", body='{"a": 1}',
                                           headers={"Content-Type": "application/json"})
    assert answer["status"] == 200
    assert json.loads(answer["body"]) == {"thing": "t1", "body": {"a": 1}, "ip": "test-invoke-source-ip"}
    assert events[-1]["requestContext"]["stage"] == "test-invoke-stage"


def test_url_encoded_path_parameters_stay_encoded(apigateway, gwmock):
    # REST APIs pass the path and its parameters percent-encoded as sent
    # (https://github.com/serverless/serverless/issues/5037: "/posts/%40" gives "%40")
    app = APIGatewayRestResolver()

    @app.get("/files/<name>")
    def file(name: str) -> dict[str, Any]:
        return {"name": name, "path": app.current_event.path, "params": app.current_event.path_parameters}

    base, _ = _proxy_api(apigateway, gwmock, _handler(app))
    got = requests.get(f"{base}/files/a%20b%40c", timeout=5)
    assert got.json() == {"name": "a%20b%40c", "path": "/files/a%20b%40c", "params": {"proxy": "files/a%20b%40c"}}
