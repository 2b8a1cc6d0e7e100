"""v2 control-plane errors whose wording, status and code come from AWS answers users recorded
(each test names its source). Every refusal leaves the API as it was."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")


def _refusal(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    response = caught.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def _items(client, api_id, what):
    return getattr(client, f"get_{what}")(ApiId=api_id)["Items"]


# --- route keys --------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", ["HTTP", "WEBSOCKET"])
def test_an_empty_route_key_is_required(apigatewayv2, protocol):
    # goldstack/goldstack#42: "BadRequestException: Route key is required".
    extra = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    api_id = apigatewayv2.create_api(Name="a", ProtocolType=protocol, **extra)["ApiId"]
    assert _refusal(apigatewayv2.create_route, ApiId=api_id, RouteKey="") == \
        ("BadRequestException", "Route key is required", 400)
    assert _items(apigatewayv2, api_id, "routes") == []


def test_updating_a_route_key_to_empty_is_refused_and_keeps_the_route(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="a", ProtocolType="HTTP")["ApiId"]
    route = apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /pets")
    route.pop("ResponseMetadata")
    assert _refusal(apigatewayv2.update_route, ApiId=api_id, RouteId=route["RouteId"], RouteKey="") == \
        ("BadRequestException", "Route key is required", 400)
    got = apigatewayv2.get_route(ApiId=api_id, RouteId=route["RouteId"])
    got.pop("ResponseMetadata")
    assert got == route


@pytest.mark.parametrize("key", ["$getauthorized", "$", "$Connect", "$request"])
def test_a_websocket_route_key_starting_with_a_dollar_must_be_predefined(apigatewayv2, key):
    # serverless/serverless#9530: route ``$getauthorized`` -> "The provided route key is not formatted
    # properly (Service: AmazonApiGatewayV2; Status Code: 400; Error Code: BadRequestException ...)".
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    assert _refusal(apigatewayv2.create_route, ApiId=api_id, RouteKey=key) == \
        ("BadRequestException", "The provided route key is not formatted properly", 400)
    assert _items(apigatewayv2, api_id, "routes") == []


def test_the_predefined_and_custom_websocket_route_keys_pass(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    for key in ("$connect", "$disconnect", "$default", "getauthorized", "send$message"):
        apigatewayv2.create_route(ApiId=api_id, RouteKey=key)
    assert sorted(r["RouteKey"] for r in _items(apigatewayv2, api_id, "routes")) == \
        ["$connect", "$default", "$disconnect", "getauthorized", "send$message"]


def test_updating_a_websocket_route_to_an_unknown_dollar_key_is_refused(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    route_id = apigatewayv2.create_route(ApiId=api_id, RouteKey="send")["RouteId"]
    assert _refusal(apigatewayv2.update_route, ApiId=api_id, RouteId=route_id, RouteKey="$send") == \
        ("BadRequestException", "The provided route key is not formatted properly", 400)
    assert apigatewayv2.get_route(ApiId=api_id, RouteId=route_id)["RouteKey"] == "send"


# --- JWT issuers -------------------------------------------------------------------------


@pytest.mark.parametrize("issuer", ["accounts.google.com", "dev-123.us.auth0.com/", "https://", "not a url",
                                    "ftp://issuer.example.com", "https://bad host.example.com"])
def test_a_jwt_issuer_must_be_a_url(apigatewayv2, issuer):
    # anomalyco/guide#726: an issuer without https:// -> "Invalid issuer: Issuer is not a valid URL for
    # JWT Authorizer (Service: AmazonApiGatewayV2; Status Code: 400; Error Code: BadRequestException ...)".
    api_id = apigatewayv2.create_api(Name="a", ProtocolType="HTTP")["ApiId"]
    assert _refusal(apigatewayv2.create_authorizer, ApiId=api_id, Name="jwt", AuthorizerType="JWT",
                    IdentitySource=["$request.header.Authorization"],
                    JwtConfiguration={"Issuer": issuer, "Audience": ["app"]}) == \
        ("BadRequestException", "Invalid issuer: Issuer is not a valid URL for JWT Authorizer", 400)
    assert _items(apigatewayv2, api_id, "authorizers") == []


def test_updating_a_jwt_issuer_to_a_non_url_is_refused_and_keeps_the_authorizer(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="a", ProtocolType="HTTP")["ApiId"]
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api_id, Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": "https://issuer.example.com/", "Audience": ["app"]})
    authorizer.pop("ResponseMetadata")
    assert _refusal(apigatewayv2.update_authorizer, ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"],
                    JwtConfiguration={"Issuer": "issuer.example.com"}) == \
        ("BadRequestException", "Invalid issuer: Issuer is not a valid URL for JWT Authorizer", 400)
    got = apigatewayv2.get_authorizer(ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"])
    got.pop("ResponseMetadata")
    assert got == authorizer


@pytest.mark.parametrize("issuer", ["https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc",
                                    "https://dev-123.us.auth0.com/", "https://securetoken.google.com/project-1",
                                    "https://accounts.google.com"])
def test_issuer_urls_pass(apigatewayv2, issuer):
    api_id = apigatewayv2.create_api(Name="a", ProtocolType="HTTP")["ApiId"]
    created = apigatewayv2.create_authorizer(ApiId=api_id, Name="jwt", AuthorizerType="JWT",
                                             IdentitySource=["$request.header.Authorization"],
                                             JwtConfiguration={"Issuer": issuer, "Audience": ["app"]})
    assert created["JwtConfiguration"] == {"Issuer": issuer, "Audience": ["app"]}
