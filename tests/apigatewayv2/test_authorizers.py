"""v2 authorizers (JWT and REQUEST) and ResetAuthorizersCache."""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:auth"
URI = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{LAMBDA}/invocations"
ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"


@pytest.fixture
def http_api(apigatewayv2):
    return apigatewayv2.create_api(Name="pets", ProtocolType="HTTP")["ApiId"]


@pytest.fixture
def ws_api(apigatewayv2):
    return apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET",
                                   RouteSelectionExpression="$request.body.action")["ApiId"]


def _jwt(client, api_id, **extra):
    return client.create_authorizer(ApiId=api_id, AuthorizerType="JWT", Name="jwt",
                                    IdentitySource=["$request.header.Authorization"],
                                    JwtConfiguration={"Issuer": ISSUER, "Audience": ["app"]}, **extra)


def _ids(client, api_id):
    return [a["AuthorizerId"] for a in client.get_authorizers(ApiId=api_id)["Items"]]


def test_create_jwt_authorizer(apigatewayv2, http_api):
    created = _jwt(apigatewayv2, http_api)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    authorizer_id = created["AuthorizerId"]
    assert len(authorizer_id) == 6
    created.pop("ResponseMetadata")
    assert created == {"AuthorizerId": authorizer_id, "AuthorizerType": "JWT", "Name": "jwt",
                       "IdentitySource": ["$request.header.Authorization"],
                       "JwtConfiguration": {"Issuer": ISSUER, "Audience": ["app"]}}
    got = apigatewayv2.get_authorizer(ApiId=http_api, AuthorizerId=authorizer_id)
    got.pop("ResponseMetadata")
    assert got == created


def test_create_lambda_authorizer_for_http(apigatewayv2, http_api):
    created = apigatewayv2.create_authorizer(
        ApiId=http_api, AuthorizerType="REQUEST", Name="lam", AuthorizerUri=URI,
        IdentitySource=["$request.header.Authorization", "$context.routeKey"],
        AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True, AuthorizerResultTtlInSeconds=300,
        AuthorizerCredentialsArn="arn:aws:iam::123456789012:role/r")
    assert (created["AuthorizerPayloadFormatVersion"], created["EnableSimpleResponses"],
            created["AuthorizerResultTtlInSeconds"]) == ("2.0", True, 300)
    assert created["AuthorizerUri"] == URI


def test_create_lambda_authorizer_for_websocket(apigatewayv2, ws_api):
    created = apigatewayv2.create_authorizer(ApiId=ws_api, AuthorizerType="REQUEST", Name="lam", AuthorizerUri=URI,
                                             IdentitySource=["route.request.header.Auth",
                                                             "route.request.querystring.token"])
    assert created["IdentitySource"] == ["route.request.header.Auth", "route.request.querystring.token"]


@pytest.mark.parametrize("kwargs", [
    {"AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"]},
    {"AuthorizerType": "JWT", "IdentitySource": ["$request.header.A", "$request.header.B"],
     "JwtConfiguration": {"Issuer": ISSUER}},
    {"AuthorizerType": "JWT", "IdentitySource": ["Authorization"], "JwtConfiguration": {"Issuer": ISSUER}},
    {"AuthorizerType": "REQUEST", "IdentitySource": [], "AuthorizerPayloadFormatVersion": "2.0"},
    {"AuthorizerType": "REQUEST", "IdentitySource": [], "AuthorizerUri": URI},
    {"AuthorizerType": "REQUEST", "IdentitySource": [], "AuthorizerUri": URI, "AuthorizerPayloadFormatVersion": "3.0"},
    {"AuthorizerType": "REQUEST", "IdentitySource": [], "AuthorizerUri": URI, "AuthorizerPayloadFormatVersion": "1.0",
     "EnableSimpleResponses": True},
    {"AuthorizerType": "REQUEST", "IdentitySource": ["route.request.header.a"], "AuthorizerUri": URI,
     "AuthorizerPayloadFormatVersion": "1.0"},
])
def test_http_rules(apigatewayv2, http_api, kwargs):
    response = error_of(apigatewayv2.create_authorizer, ApiId=http_api, Name="a", **kwargs)
    assert_error(response, "BadRequestException", status=400)
    assert _ids(apigatewayv2, http_api) == []


def test_payload_format_version_is_required_for_http_request_authorizers(apigatewayv2, http_api):
    # AWS's words: hashicorp/terraform-provider-aws#15181 (BadRequestException).
    response = error_of(apigatewayv2.create_authorizer, ApiId=http_api, Name="a", AuthorizerType="REQUEST",
                        IdentitySource=["$request.header.Auth"], AuthorizerUri=URI)
    assert_error(response, "BadRequestException",
                 "AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer", 400)
    assert _ids(apigatewayv2, http_api) == []


def test_caching_needs_an_identity_source(apigatewayv2, http_api):
    # AWS's words: hashicorp/terraform-provider-aws#32629 (TTL 300, no identity sources).
    response = error_of(apigatewayv2.create_authorizer, ApiId=http_api, Name="a", AuthorizerType="REQUEST",
                        IdentitySource=[], AuthorizerUri=URI, AuthorizerPayloadFormatVersion="2.0",
                        AuthorizerResultTtlInSeconds=300)
    assert_error(response, "BadRequestException",
                 "Identity source must be set if authorizer caching is enabled (TTL is greater than 0)", 400)
    assert _ids(apigatewayv2, http_api) == []
    created = apigatewayv2.create_authorizer(ApiId=http_api, Name="a", AuthorizerType="REQUEST", IdentitySource=[],
                                             AuthorizerUri=URI, AuthorizerPayloadFormatVersion="2.0",
                                             AuthorizerResultTtlInSeconds=0)
    assert created["AuthorizerResultTtlInSeconds"] == 0
    response = error_of(apigatewayv2.update_authorizer, ApiId=http_api, AuthorizerId=created["AuthorizerId"],
                        AuthorizerResultTtlInSeconds=60)
    assert_error(response, "BadRequestException",
                 "Identity source must be set if authorizer caching is enabled (TTL is greater than 0)", 400)


def test_no_default_ttl(apigatewayv2, http_api):
    # AWS sets no TTL itself: Terraform's authorizer.go sends 300 explicitly ("Default in the AWS Console").
    created = apigatewayv2.create_authorizer(ApiId=http_api, Name="a", AuthorizerType="REQUEST",
                                             IdentitySource=["$request.header.Auth"], AuthorizerUri=URI,
                                             AuthorizerPayloadFormatVersion="2.0")
    assert "AuthorizerResultTtlInSeconds" not in created


def test_ttl_upper_bound(apigatewayv2, http_api):
    response = error_of(apigatewayv2.create_authorizer, ApiId=http_api, Name="a", AuthorizerType="REQUEST",
                        IdentitySource=[], AuthorizerUri=URI, AuthorizerPayloadFormatVersion="2.0",
                        AuthorizerResultTtlInSeconds=3601)
    assert_error(response, "BadRequestException", status=400)
    assert "less than or equal to 3600" in response["Error"]["Message"]


def test_websocket_rules(apigatewayv2, ws_api):
    response = error_of(_jwt, apigatewayv2, ws_api)
    assert_error(response, "BadRequestException", "JWT authorizers are supported only for HTTP APIs", 400)
    response = error_of(apigatewayv2.create_authorizer, ApiId=ws_api, Name="a", AuthorizerType="REQUEST",
                        AuthorizerUri=URI, IdentitySource=["$request.header.Auth"])
    assert_error(response, "BadRequestException", status=400)
    assert _ids(apigatewayv2, ws_api) == []


def test_missing_authorizer_and_api(apigatewayv2, http_api):
    response = error_of(apigatewayv2.get_authorizer, ApiId=http_api, AuthorizerId="nope")
    assert_error(response, "NotFoundException", "Invalid Authorizer identifier specified nope", 404)
    assert response["ResourceType"] == "Authorizer"
    assert_error(error_of(apigatewayv2.get_authorizers, ApiId="nope"), "NotFoundException",
                 "Invalid API identifier specified 123456789012:nope", 404)
    assert_error(error_of(apigatewayv2.delete_authorizer, ApiId=http_api, AuthorizerId="nope"),
                 "NotFoundException", status=404)


def test_get_authorizers_pages(apigatewayv2, http_api):
    ids = [_jwt(apigatewayv2, http_api)["AuthorizerId"] for _ in range(3)]
    first = apigatewayv2.get_authorizers(ApiId=http_api, MaxResults="2")
    rest = apigatewayv2.get_authorizers(ApiId=http_api, MaxResults="2", NextToken=first["NextToken"])
    assert [a["AuthorizerId"] for a in first["Items"] + rest["Items"]] == ids


def test_update_authorizer(apigatewayv2, http_api):
    authorizer_id = _jwt(apigatewayv2, http_api)["AuthorizerId"]
    updated = apigatewayv2.update_authorizer(ApiId=http_api, AuthorizerId=authorizer_id, Name="renamed",
                                             JwtConfiguration={"Audience": ["a", "b"]})
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["Name"] == "renamed"
    assert updated["JwtConfiguration"] == {"Issuer": ISSUER, "Audience": ["a", "b"]}
    response = error_of(apigatewayv2.update_authorizer, ApiId=http_api, AuthorizerId=authorizer_id, Name="x",
                        IdentitySource=["nope"])
    assert_error(response, "BadRequestException", status=400)
    assert apigatewayv2.get_authorizer(ApiId=http_api, AuthorizerId=authorizer_id)["Name"] == "renamed"


def test_delete_authorizer(apigatewayv2, http_api):
    authorizer_id = _jwt(apigatewayv2, http_api)["AuthorizerId"]
    response = apigatewayv2.delete_authorizer(ApiId=http_api, AuthorizerId=authorizer_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert _ids(apigatewayv2, http_api) == []


def test_delete_authorizer_used_by_a_route_is_refused(apigatewayv2, http_api):
    authorizer_id = _jwt(apigatewayv2, http_api)["AuthorizerId"]
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="POST /pdf/generate", AuthorizationType="JWT",
                                      AuthorizerId=authorizer_id)
    response = error_of(apigatewayv2.delete_authorizer, ApiId=http_api, AuthorizerId=authorizer_id)
    assert_error(response, "ConflictException",
                 "Cannot delete authorizer 'jwt', is referenced in route: POST /pdf/generate", 409)
    assert _ids(apigatewayv2, http_api) == [authorizer_id]
    apigatewayv2.update_route(ApiId=http_api, RouteId=route["RouteId"], AuthorizationType="NONE")
    apigatewayv2.delete_authorizer(ApiId=http_api, AuthorizerId=authorizer_id)
    assert _ids(apigatewayv2, http_api) == []


def test_reset_authorizers_cache(apigatewayv2, http_api):
    api_id = apigatewayv2.create_api(Name="q", ProtocolType="HTTP",
                                     Target="arn:aws:lambda:us-east-1:123456789012:function:f")["ApiId"]
    response = apigatewayv2.reset_authorizers_cache(ApiId=api_id, StageName="$default")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    missing = error_of(apigatewayv2.reset_authorizers_cache, ApiId=http_api, StageName="dev")
    assert_error(missing, "NotFoundException", status=404)
    assert missing["ResourceType"] == "Stage"
    assert_error(error_of(apigatewayv2.reset_authorizers_cache, ApiId="nope", StageName="dev"),
                 "NotFoundException", "Invalid API identifier specified 123456789012:nope", 404)
