"""Powertools for AWS Lambda (3.x) behind HTTP APIs, in depth: ``APIGatewayHttpResolver`` on payload
2.0 (named stages, greedy and encoded path parameters, compression, binary and list headers,
validation, exception handlers, cookies), every v2 event model of its parser validated against what
gwmock sends, and its authorizer helpers used as real Lambda authorizers (simple responses and IAM
policies, payload 2.0 and 1.0). Each app sits behind a Lambda proxy integration and is called with
``requests``; what AWS sends and answers is quoted from the developer guide:
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
"""

from __future__ import annotations

import base64
import gzip
import json

import pytest
import requests

pytest.importorskip("aws_lambda_powertools")
from aws_lambda_powertools.event_handler import (  # noqa: E402
    APIGatewayHttpResolver,
    APIGatewayRestResolver,
    CORSConfig,
    Response,
)
from aws_lambda_powertools.event_handler.exceptions import BadRequestError  # noqa: E402
from aws_lambda_powertools.shared.cookies import Cookie  # noqa: E402
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEventV2  # noqa: E402
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (  # noqa: E402
    APIGatewayAuthorizerEventV2,
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
    APIGatewayAuthorizerResponseV2,
)
from aws_lambda_powertools.utilities.parser import parse  # noqa: E402
from aws_lambda_powertools.utilities.parser.models import (  # noqa: E402
    APIGatewayProxyEventModel,
    APIGatewayProxyEventV2Model,
)
from aws_lambda_powertools.utilities.parser.models.apigwv2 import ApiGatewayAuthorizerRequestV2  # noqa: E402
from pydantic import BaseModel  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
PNG = bytes(range(256))


class Order(BaseModel):
    id: str
    quantity: int


def _api(client, gwmock, name, handler, *, route="$default", stage="$default", payload="2.0", authorizer=None):
    """An HTTP API whose ``route`` proxies to ``handler``; ``authorizer`` (keyword arguments of
    CreateAuthorizer) guards the route. Answers the stage's invoke URL."""
    gwmock.add_lambda(FN + name, handler)
    api = client.create_api(Name=name, ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + name,
                                            PayloadFormatVersion=payload)["IntegrationId"]
    route_args = {}
    if authorizer is not None:
        created = client.create_authorizer(ApiId=api, AuthorizerType="REQUEST", Name="auth", **authorizer)
        route_args = {"AuthorizationType": "CUSTOM", "AuthorizerId": created["AuthorizerId"]}
    client.create_route(ApiId=api, RouteKey=route, Target=f"integrations/{integration}", **route_args)
    client.create_stage(ApiId=api, StageName=stage, AutoDeploy=True)
    base = f"https://{api}.execute-api.{REGION}.amazonaws.com"
    return base if stage == "$default" else f"{base}/{stage}"


def _resolver_app(**options):
    """One resolver app; every event it gets is validated with Powertools' own 2.0 model first."""
    app = APIGatewayHttpResolver(**options)

    @app.get("/files/<path>")
    def file(path):
        event = app.current_event
        return {"path": path, "raw": event.raw_path, "resolved": event.path, "params": event.path_parameters}

    @app.get("/big", compress=True)
    def big():
        return {"text": "x" * 2000}

    @app.get("/image")
    def image():
        return Response(status_code=200, content_type="image/png", body=PNG)

    @app.get("/multi")
    def multi():
        return Response(status_code=200, content_type="text/plain", body="ok",
                        headers={"X-Tags": ["a", "b"], "Cache-Control": "no-store"},
                        cookies=[Cookie(name="a", value="1"), Cookie(name="b", value="2", path="/x")])

    @app.get("/echo")
    def echo():
        event = app.current_event
        return {"cookies": event.cookies, "query": event.query_string_parameters,
                "stageVariables": event.stage_variables, "route": event.route_key}

    @app.post("/upload")
    def upload():
        event = app.current_event
        data = base64.b64decode(event.body) if event.is_base64_encoded else event.body.encode()
        return {"encoded": event.is_base64_encoded, "size": len(data), "head": list(data[:4])}

    @app.get("/bad")
    def bad():
        raise BadRequestError("nope")

    @app.get("/value")
    def value():
        raise ValueError("mine")

    @app.exception_handler(ValueError)
    def handle_value(error):
        return Response(status_code=418, content_type="application/json", body={"handled": str(error)})

    def handler(event, context):
        parse(event=event, model=APIGatewayProxyEventV2Model)
        return app.resolve(event, context)

    return handler


# --- APIGatewayHttpResolver ------------------------------------------------------------------


@pytest.mark.parametrize("stage", ["$default", "dev"])
def test_greedy_encoded_path_parameter_on_default_and_named_stage(apigatewayv2, gwmock, stage):
    # rawPath carries the named stage's segment; Powertools' ``path`` strips "/" + stage itself
    base = _api(apigatewayv2, gwmock, f"pt-greedy-{stage.strip('$')}", _resolver_app(), route="GET /{proxy+}",
                stage=stage)
    response = requests.get(f"{base}/files/report%202026.pdf", timeout=5)
    prefix = "" if stage == "$default" else "/dev"
    assert (response.status_code, response.json()) == (200, {
        "path": "report 2026.pdf", "raw": f"{prefix}/files/report 2026.pdf", "resolved": "/files/report 2026.pdf",
        "params": {"proxy": "files/report 2026.pdf"}})


def test_compress_gzips_and_base64_encodes_the_answer(apigatewayv2, gwmock):
    base = _api(apigatewayv2, gwmock, "pt-gzip", _resolver_app())
    raw = requests.get(f"{base}/big", headers={"Accept-Encoding": "gzip"}, timeout=5, stream=True)
    data = raw.raw.read(decode_content=False)
    assert raw.status_code == 200
    assert raw.headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(data)) == {"text": "x" * 2000}


def test_compress_skipped_without_accept_encoding(apigatewayv2, gwmock):
    base = _api(apigatewayv2, gwmock, "pt-nogzip", _resolver_app())
    response = requests.get(f"{base}/big", headers={"Accept-Encoding": "identity"}, timeout=5)
    assert "content-encoding" not in response.headers
    assert response.json() == {"text": "x" * 2000}


def test_binary_answer_and_binary_upload(apigatewayv2, gwmock):
    base = _api(apigatewayv2, gwmock, "pt-binary", _resolver_app())
    image = requests.get(f"{base}/image", timeout=5)
    assert (image.status_code, image.headers["content-type"], image.content) == (200, "image/png", PNG)
    upload = requests.post(f"{base}/upload", data=PNG, headers={"Content-Type": "application/octet-stream"},
                           timeout=5)
    assert upload.json() == {"encoded": True, "size": 256, "head": [0, 1, 2, 3]}
    text = requests.post(f"{base}/upload", json={"a": 1}, timeout=5)
    assert text.json() == {"encoded": False, "size": 8, "head": list(b'{"a"')}


def test_list_headers_are_comma_joined_and_cookies_are_lines(apigatewayv2, gwmock):
    # 2.0: "Duplicate headers are combined with commas"; each cookie becomes a set-cookie line
    base = _api(apigatewayv2, gwmock, "pt-multi", _resolver_app())
    response = requests.get(f"{base}/multi", timeout=5)
    assert response.headers["x-tags"] == "a, b"
    assert response.headers["cache-control"] == "no-store"
    assert response.raw.headers.getlist("set-cookie") == ["a=1; Secure", "b=2; Path=/x; Secure"]


def test_cookies_query_and_stage_variables_in_the_event(apigatewayv2, gwmock):
    base = _api(apigatewayv2, gwmock, "pt-echo", _resolver_app(), route="GET /echo", stage="live")
    api = base.split("//")[1].split(".")[0]
    apigatewayv2.update_stage(ApiId=api, StageName="live", StageVariables={"table": "orders"})
    response = requests.get(f"{base}/echo?x=1&x=2&y=", headers={"Cookie": "s=1; t=2"}, timeout=5)
    assert response.json() == {"cookies": ["s=1", "t=2"], "query": {"x": "1,2", "y": ""},
                               "stageVariables": {"table": "orders"}, "route": "GET /echo"}


def test_errors_and_exception_handlers(apigatewayv2, gwmock):
    base = _api(apigatewayv2, gwmock, "pt-errors", _resolver_app())
    bad = requests.get(f"{base}/bad", timeout=5)
    assert (bad.status_code, bad.json()) == (400, {"statusCode": 400, "message": "nope"})
    handled = requests.get(f"{base}/value", timeout=5)
    assert (handled.status_code, handled.json()) == (418, {"handled": "mine"})


def test_validation_answers_422(apigatewayv2, gwmock):
    app = APIGatewayHttpResolver(enable_validation=True)

    @app.post("/orders")
    def create(order: Order) -> dict:
        return {"id": order.id, "quantity": order.quantity}

    base = _api(apigatewayv2, gwmock, "pt-validate", lambda event, context: app.resolve(event, context))
    ok = requests.post(f"{base}/orders", json={"id": "o1", "quantity": "3"}, timeout=5)
    assert (ok.status_code, ok.json()) == (200, {"id": "o1", "quantity": 3})
    invalid = requests.post(f"{base}/orders", json={"id": "o1"}, timeout=5)
    assert invalid.status_code == 422
    assert invalid.json()["detail"][0]["loc"] == ["body", "quantity"]


def test_head_request_reaches_the_resolver_without_a_body(apigatewayv2, gwmock):
    app = APIGatewayHttpResolver()

    @app.route("/ping", method=["HEAD", "GET"])
    def ping():
        return Response(status_code=200, content_type="text/plain", body="pong", headers={"X-Seen": "1"})

    base = _api(apigatewayv2, gwmock, "pt-head", lambda event, context: app.resolve(event, context))
    head = requests.head(f"{base}/ping", timeout=5)
    assert (head.status_code, head.headers["x-seen"], head.content) == (200, "1", b"")


# --- payload format 1.0 ----------------------------------------------------------------------


def test_payload_1_0_event_parses_with_the_rest_model(apigatewayv2, gwmock):
    seen = []

    def handler(event, context):
        model = parse(event=event, model=APIGatewayProxyEventModel)
        seen.append(model)
        return {"statusCode": 200, "body": json.dumps({"path": model.path, "resource": model.resource})}

    base = _api(apigatewayv2, gwmock, "pt-v1", handler, route="ANY /items/{id}", stage="dev", payload="1.0")
    response = requests.post(f"{base}/items/7?a=1&a=2", data="hi", headers={"Content-Type": "text/plain"},
                             timeout=5)
    assert response.json() == {"path": "/dev/items/7", "resource": "/items/{id}"}
    event = seen[0]
    assert event.multiValueQueryStringParameters == {"a": ["1", "2"]}
    assert event.queryStringParameters == {"a": "2"}
    assert event.pathParameters == {"id": "7"}
    assert event.requestContext.stage == "dev"


# --- parser models of the v2 event ------------------------------------------------------------


def test_v2_model_with_lambda_authorizer_context(apigatewayv2, gwmock):
    gwmock.add_lambda(FN + "simple-auth", lambda event, context: APIGatewayAuthorizerResponseV2(
        authorize=event["headers"].get("authorization") == "letmein",
        context={"user": "ann", "level": 3, "admin": True}).asdict())
    seen = []

    def handler(event, context):
        seen.append(parse(event=event, model=APIGatewayProxyEventV2Model))
        return {"statusCode": 200, "body": "ok"}

    base = _api(apigatewayv2, gwmock, "pt-lambda-ctx", handler, route="GET /me", authorizer={
        "AuthorizerUri": FN + "simple-auth", "AuthorizerPayloadFormatVersion": "2.0",
        "EnableSimpleResponses": True, "IdentitySource": ["$request.header.Authorization"]})
    assert requests.get(f"{base}/me", headers={"Authorization": "letmein"}, timeout=5).status_code == 200
    assert seen[0].requestContext.authorizer.lambda_value == {"user": "ann", "level": 3, "admin": True}
    denied = requests.get(f"{base}/me", headers={"Authorization": "nope"}, timeout=5)
    assert (denied.status_code, denied.json()) == (403, {"message": "Forbidden"})
    missing = requests.get(f"{base}/me", timeout=5)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert len(seen) == 1


def test_authorizer_event_v2_model_and_data_class(apigatewayv2, gwmock):
    seen = []

    def authorizer(event, context):
        model = parse(event=event, model=ApiGatewayAuthorizerRequestV2)
        data = APIGatewayAuthorizerEventV2(event)
        seen.append((model, data))
        return APIGatewayAuthorizerResponseV2(authorize=True, context={"route": data.route_key}).asdict()

    gwmock.add_lambda(FN + "auth-v2", authorizer)
    base = _api(apigatewayv2, gwmock, "pt-auth-model", lambda event, context: {
        "statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])},
        route="GET /things/{id}", stage="prod", authorizer={
            "AuthorizerUri": FN + "auth-v2", "AuthorizerPayloadFormatVersion": "2.0",
            "EnableSimpleResponses": True, "IdentitySource": ["$request.header.X-Key", "$request.querystring.k"]})
    api = base.split("//")[1].split(".")[0]
    response = requests.get(f"{base}/things/9?k=v", headers={"X-Key": "abc", "Cookie": "c=1"}, timeout=5)
    assert response.json() == {"lambda": {"route": "GET /things/{id}"}}
    model, data = seen[0]
    assert model.type == "REQUEST"
    assert model.routeArn == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/prod/GET/things/9"
    assert model.identitySource == ["abc", "v"]
    assert model.cookies == ["c=1"]
    assert data.path_parameters == {"id": "9"}
    assert data.parsed_arn.api_id == api and data.parsed_arn.stage == "prod"
    assert data.raw_path == "/prod/things/9"


def test_iam_policy_authorizer_payload_1_0_with_powertools_response(apigatewayv2, gwmock):
    def authorizer(event, context):
        request = APIGatewayAuthorizerRequestEvent(event)
        arn = request.parsed_arn
        policy = APIGatewayAuthorizerResponse(principal_id="user-1", region=arn.region,
                                              aws_account_id=arn.aws_account_id, api_id=arn.api_id,
                                              stage=arn.stage, context={"tier": "gold"})
        if request.headers.get("authorization") == "good":
            policy.allow_all_routes()
        else:
            policy.deny_all_routes()
        return policy.asdict()

    gwmock.add_lambda(FN + "auth-v1", authorizer)
    base = _api(apigatewayv2, gwmock, "pt-auth-iam", lambda event, context: {
        "statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])},
        route="GET /x", stage="prod", authorizer={
            "AuthorizerUri": FN + "auth-v1", "AuthorizerPayloadFormatVersion": "1.0",
            "IdentitySource": ["$request.header.Authorization"]})
    allowed = requests.get(f"{base}/x", headers={"Authorization": "good"}, timeout=5)
    assert (allowed.status_code, allowed.json()) == (200, {"lambda": {"tier": "gold"}, "principalId": "user-1"})
    denied = requests.get(f"{base}/x", headers={"Authorization": "bad"}, timeout=5)
    assert (denied.status_code, denied.json()) == (403, {"message": "Forbidden"})


def test_v2_model_with_iam_authorizer(apigatewayv2, gwmock):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    seen = []

    def handler(event, context):
        seen.append(parse(event=event, model=APIGatewayProxyEventV2Model))
        data = APIGatewayProxyEventV2(event)
        return {"statusCode": 200, "body": data.request_context.authorizer.iam.access_key}

    gwmock.add_lambda(FN + "pt-iam", handler)
    api = apigatewayv2.create_api(Name="iam", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + "pt-iam",
                                                  PayloadFormatVersion="2.0")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /iam", Target=f"integrations/{integration}",
                              AuthorizationType="AWS_IAM")
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    url = f"https://{api}.execute-api.{REGION}.amazonaws.com/iam"
    signed = AWSRequest(method="GET", url=url)
    SigV4Auth(Credentials("AKIAIOSFODNN7EXAMPLE", "secret"), "execute-api", REGION).add_auth(signed)
    response = requests.get(url, headers=dict(signed.headers), timeout=5)
    assert (response.status_code, response.text) == (200, "AKIAIOSFODNN7EXAMPLE")
    iam = seen[0].requestContext.authorizer.iam
    assert (iam.accessKey, iam.accountId) == ("AKIAIOSFODNN7EXAMPLE", ACCOUNT)


# --- CORS: Powertools' CORSConfig against the API's CorsConfiguration ---------------------------


def _cors_api(client, gwmock, name, route, calls):
    app = APIGatewayHttpResolver(cors=CORSConfig(allow_origin="https://fn.example", max_age=5))

    @app.get("/orders")
    def orders():
        return {"orders": []}

    def handler(event, context):
        calls.append(event["requestContext"]["http"]["method"])
        return app.resolve(event, context)

    base = _api(client, gwmock, name, handler, route=route)
    api = base.split("//")[1].split(".")[0]
    client.update_api(ApiId=api, CorsConfiguration={"AllowOrigins": ["https://web.example"],
                                                    "AllowMethods": ["GET"], "MaxAge": 300})
    return base


def test_api_cors_answers_the_preflight_of_explicit_routes(apigatewayv2, gwmock):
    # "API Gateway automatically sends a response to preflight OPTIONS requests, even if there
    # isn't an OPTIONS route" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html)
    calls = []
    base = _cors_api(apigatewayv2, gwmock, "pt-cors-explicit", "GET /orders", calls)
    preflight = requests.options(f"{base}/orders", timeout=5, headers={
        "Origin": "https://web.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://web.example"
    assert preflight.headers["access-control-max-age"] == "300"
    assert calls == []
    got = requests.get(f"{base}/orders", headers={"Origin": "https://web.example"}, timeout=5)
    assert (got.json(), got.headers["access-control-allow-origin"]) == ({"orders": []}, "https://web.example")


def test_an_any_proxy_route_takes_the_preflight_and_api_cors_headers_replace_the_functions(apigatewayv2, gwmock):
    # "While using /{proxy+} greedy path with Method as ANY, API gateway will forward all the
    # requests including OPTIONS" (https://repost.aws/questions/QUa05IJrBaSGKwB16CI_IcBw);
    # "API Gateway ignores CORS headers returned from your backend integration" (http-api-cors.html)
    calls = []
    base = _cors_api(apigatewayv2, gwmock, "pt-cors-proxy", "ANY /{proxy+}", calls)
    preflight = requests.options(f"{base}/orders", timeout=5, headers={
        "Origin": "https://web.example", "Access-Control-Request-Method": "GET"})
    assert (preflight.status_code, calls) == (204, ["OPTIONS"])  # Powertools' own preflight answer
    cors = {k: v for k, v in preflight.headers.items() if k.startswith("access-control-")}
    assert cors == {"access-control-allow-origin": "https://web.example"}


# --- payload 1.0: APIGatewayRestResolver on an HTTP API ----------------------------------------


def test_rest_resolver_on_payload_1_0_with_a_named_stage(apigatewayv2, gwmock):
    # 1.0's path keeps the stage segment: Powertools' strip_prefixes removes it
    app = APIGatewayRestResolver(strip_prefixes=["/dev"])

    @app.get("/pets/<pet_id>")
    def pet(pet_id):
        event = app.current_event
        return {"id": pet_id, "q": event.get_multi_value_query_string_values("q"), "path": event.path}

    def handler(event, context):
        parse(event=event, model=APIGatewayProxyEventModel)
        return app.resolve(event, context)

    base = _api(apigatewayv2, gwmock, "pt-rest-v1", handler, route="ANY /{proxy+}", stage="dev", payload="1.0")
    response = requests.get(f"{base}/pets/7?q=a&q=b", timeout=5)
    assert (response.status_code, response.json()) == (200, {"id": "7", "q": ["a", "b"], "path": "/dev/pets/7"})
    missing = requests.get(f"{base}/cats", timeout=5)
    assert (missing.status_code, missing.json()) == (404, {"statusCode": 404, "message": "Not found"})
