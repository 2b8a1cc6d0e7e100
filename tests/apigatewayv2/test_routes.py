"""v2 routes and route responses."""

from __future__ import annotations

import json

import pytest
from helpers import assert_error, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pets"
ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc"


@pytest.fixture
def http_api(apigatewayv2):
    return apigatewayv2.create_api(Name="pets", ProtocolType="HTTP")["ApiId"]


@pytest.fixture
def ws_api(apigatewayv2):
    return apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET",
                                   RouteSelectionExpression="$request.body.action")["ApiId"]


def _keys(client, api_id):
    return [r["RouteKey"] for r in client.get_routes(ApiId=api_id)["Items"]]


def _jwt_authorizer(client, api_id):
    return client.create_authorizer(ApiId=api_id, AuthorizerType="JWT", Name="jwt",
                                    IdentitySource=["$request.header.Authorization"],
                                    JwtConfiguration={"Issuer": ISSUER, "Audience": ["app"]})["AuthorizerId"]


def _lambda_authorizer(client, api_id):
    return client.create_authorizer(ApiId=api_id, AuthorizerType="REQUEST", Name="lam", IdentitySource=[],
                                    AuthorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/functions/{LAMBDA}"
                                                  "/invocations",
                                    AuthorizerPayloadFormatVersion="2.0")["AuthorizerId"]


def test_create_route_defaults(apigatewayv2, http_api):
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /pets/{id}")
    assert route["ResponseMetadata"]["HTTPStatusCode"] == 201
    route.pop("ResponseMetadata")
    route_id = route.pop("RouteId")
    assert len(route_id) == 7
    assert route == {"ApiKeyRequired": False, "AuthorizationType": "NONE", "RouteKey": "GET /pets/{id}"}
    assert apigatewayv2.get_route(ApiId=http_api, RouteId=route_id)["RouteKey"] == "GET /pets/{id}"


@pytest.mark.parametrize("key", ["$default", "ANY /{proxy+}", "GET /", "POST /pets/{id}/toys", "PATCH /a.b/{x-y}",
                                 "OPTIONS /pets/{proxy+}"])
def test_valid_http_route_keys(apigatewayv2, http_api, key):
    assert apigatewayv2.create_route(ApiId=http_api, RouteKey=key)["RouteKey"] == key


# AWS's words: a user's CloudFormation template quotes the first ("not formatted properly"),
# serverless/serverless#10423 the second (for "/{exchangeUrlKey}/.../{eventId}.json").
BAD_ROUTE_KEY = ('The provided route key is not formatted properly for HTTP protocol. '
                 'Format should be "<HTTP METHOD> /<RESOURCE PATH>" or "$default"')
BAD_PATH_PARTS = "One or more path parts appear to be invalid"


@pytest.mark.parametrize(("key", "message"), [
    ("GET", BAD_ROUTE_KEY), ("GET pets", BAD_ROUTE_KEY), ("FETCH /pets", BAD_ROUTE_KEY),
    ("get /pets", BAD_ROUTE_KEY), ("$connect", BAD_ROUTE_KEY), ("/pets", BAD_ROUTE_KEY),
    ("GET /pets/", BAD_PATH_PARTS), ("GET /{proxy+}/x", BAD_PATH_PARTS), ("GET //pets", BAD_PATH_PARTS),
    ("GET /pe{ts", BAD_PATH_PARTS), ("DELETE /{exchangeUrlKey}/events/{eventId}.json", BAD_PATH_PARTS),
])
def test_invalid_http_route_keys(apigatewayv2, http_api, key, message):
    response = error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey=key)
    assert_error(response, "BadRequestException", message, 400)
    assert _keys(apigatewayv2, http_api) == []


def test_websocket_route_keys(apigatewayv2, ws_api):
    for key in ("$connect", "$disconnect", "$default", "sendMessage"):
        apigatewayv2.create_route(ApiId=ws_api, RouteKey=key)
    assert _keys(apigatewayv2, ws_api) == ["$connect", "$disconnect", "$default", "sendMessage"]


def test_duplicate_route_key_is_a_conflict(apigatewayv2, http_api):
    apigatewayv2.create_route(ApiId=http_api, RouteKey="ANY /{proxy+}")
    response = error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="ANY /{proxy+}")
    assert_error(response, "ConflictException", "Route with key ANY /{proxy+} already exists for this API", 409)
    assert _keys(apigatewayv2, http_api) == ["ANY /{proxy+}"]


def test_conflicting_path_variables(apigatewayv2, http_api):
    apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /orgs/{orgId}/stages/{stage_id}/questions")
    apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /orgs/{orgId}/stages/{stage_id}")
    apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /orgs/{orgId}/{proxy+}")
    response = error_of(apigatewayv2.create_route, ApiId=http_api,
                        RouteKey="GET /orgs/{orgId}/stages/{stageId}/questions")
    assert_error(response, "ConflictException",
                 'The provided route key "GET /orgs/{orgId}/stages/{stageId}/questions" has a conflicting variable '
                 'on the same hierarchical level as "GET /orgs/{orgId}/stages/{stage_id}/questions"', 409)


def test_route_with_all_members(apigatewayv2, http_api):
    integration = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                                  PayloadFormatVersion="2.0")["IntegrationId"]
    authorizer = _jwt_authorizer(apigatewayv2, http_api)
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /pets", Target=f"integrations/{integration}",
                                      AuthorizationType="JWT", AuthorizerId=authorizer,
                                      AuthorizationScopes=["read"], OperationName="listPets", ApiKeyRequired=False)
    got = apigatewayv2.get_route(ApiId=http_api, RouteId=route["RouteId"])
    assert got["Target"] == f"integrations/{integration}"
    assert (got["AuthorizationType"], got["AuthorizerId"], got["AuthorizationScopes"]) == ("JWT", authorizer, ["read"])
    assert got["OperationName"] == "listPets"


def test_jwt_requires_a_jwt_authorizer(apigatewayv2, http_api):
    message = ("Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT "
               "authorizer.")
    assert_error(error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="GET /a", AuthorizationType="JWT"),
                 "BadRequestException", message, 400)
    lam = _lambda_authorizer(apigatewayv2, http_api)
    assert_error(error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="GET /a", AuthorizationType="JWT",
                          AuthorizerId=lam), "BadRequestException", message, 400)
    assert _keys(apigatewayv2, http_api) == []


def test_custom_requires_a_request_authorizer(apigatewayv2, http_api):
    jwt = _jwt_authorizer(apigatewayv2, http_api)
    response = error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="GET /a", AuthorizationType="CUSTOM",
                        AuthorizerId=jwt)
    assert_error(response, "BadRequestException", "Invalid authorizer ID specified. Setting the authorization type "
                 "to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.", 400)
    lam = _lambda_authorizer(apigatewayv2, http_api)
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /a", AuthorizationType="CUSTOM", AuthorizerId=lam)
    assert route["AuthorizerId"] == lam


def test_scopes_need_jwt(apigatewayv2, http_api):
    response = error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="GET /a", AuthorizationType="AWS_IAM",
                        AuthorizationScopes=["read"])
    assert_error(response, "BadRequestException", "Invalid Route authorization type specified. Authorization Scopes "
                 "are only valid for COGNITO_USER_POOLS and JWT authorization types", 400)


def test_websocket_authorization_only_on_connect(apigatewayv2, ws_api):
    response = error_of(apigatewayv2.create_route, ApiId=ws_api, RouteKey="$default", AuthorizationType="AWS_IAM")
    assert_error(response, "BadRequestException", "Currently, authorization is restricted to the $connect route only",
                 400)
    route = apigatewayv2.create_route(ApiId=ws_api, RouteKey="$connect", AuthorizationType="AWS_IAM")
    assert route["AuthorizationType"] == "AWS_IAM"
    response = error_of(apigatewayv2.create_route, ApiId=ws_api, RouteKey="msg", AuthorizationType="JWT")
    assert_error(response, "BadRequestException", status=400)


def test_target_must_name_an_integration(apigatewayv2, http_api):
    for target in ("integrations/nope", "lambda/x"):
        response = error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="GET /a", Target=target)
        assert_error(response, "BadRequestException", status=400)
    assert _keys(apigatewayv2, http_api) == []


def test_websocket_only_members_refused_on_http(apigatewayv2, http_api):
    response = error_of(apigatewayv2.create_route, ApiId=http_api, RouteKey="GET /a",
                        RequestParameters={"route.request.header.x": {"Required": True}})
    assert_error(response, "BadRequestException", "RequestParameters is supported only for WebSocket APIs", 400)


def test_websocket_request_parameters_and_models(apigatewayv2, ws_api):
    apigatewayv2.create_model(ApiId=ws_api, Name="Msg", Schema=json.dumps({"type": "object",
                                                                           "properties": {"a": {"type": "string"}}}))
    route = apigatewayv2.create_route(ApiId=ws_api, RouteKey="$connect", ModelSelectionExpression="$request.body.t",
                                      RequestModels={"msg": "Msg"},
                                      RequestParameters={"route.request.header.Auth": {"Required": True},
                                                         "route.request.querystring.q": {}},
                                      RouteResponseSelectionExpression="$default")
    assert route["RequestParameters"] == {"route.request.header.Auth": {"Required": True},
                                          "route.request.querystring.q": {"Required": False}}
    assert route["RequestModels"] == {"msg": "Msg"}
    assert route["RouteResponseSelectionExpression"] == "$default"
    bad = error_of(apigatewayv2.create_route, ApiId=ws_api, RouteKey="x", RequestModels={"m": "Missing"})
    assert_error(bad, "BadRequestException", "Invalid model identifier specified: Missing", 400)
    bad = error_of(apigatewayv2.create_route, ApiId=ws_api, RouteKey="y",
                   RequestParameters={"method.request.header.x": {"Required": True}})
    assert_error(bad, "BadRequestException", status=400)
    assert _keys(apigatewayv2, ws_api) == ["$connect"]


def test_delete_route_request_parameter(apigatewayv2, ws_api):
    route = apigatewayv2.create_route(ApiId=ws_api, RouteKey="$connect",
                                      RequestParameters={"route.request.header.A": {"Required": True},
                                                         "route.request.header.B": {"Required": False}})
    response = apigatewayv2.delete_route_request_parameter(ApiId=ws_api, RouteId=route["RouteId"],
                                                           RequestParameterKey="route.request.header.A")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    got = apigatewayv2.get_route(ApiId=ws_api, RouteId=route["RouteId"])
    assert got["RequestParameters"] == {"route.request.header.B": {"Required": False}}
    missing = error_of(apigatewayv2.delete_route_request_parameter, ApiId=ws_api, RouteId=route["RouteId"],
                       RequestParameterKey="route.request.header.A")
    assert_error(missing, "NotFoundException", status=404)


def test_missing_route_and_api(apigatewayv2, http_api):
    response = error_of(apigatewayv2.get_route, ApiId=http_api, RouteId="nope")
    assert_error(response, "NotFoundException", "Invalid Route identifier specified nope", 404)
    assert response["ResourceType"] == "Route"
    assert_error(error_of(apigatewayv2.get_routes, ApiId="nope"), "NotFoundException",
                 "Invalid API identifier specified 123456789012:nope", 404)
    assert_error(error_of(apigatewayv2.delete_route, ApiId=http_api, RouteId="nope"), "NotFoundException", status=404)
    assert_error(error_of(apigatewayv2.update_route, ApiId=http_api, RouteId="nope", RouteKey="GET /x"),
                 "NotFoundException", status=404)


def test_get_routes_pages(apigatewayv2, http_api):
    for i in range(3):
        apigatewayv2.create_route(ApiId=http_api, RouteKey=f"GET /r{i}")
    first = apigatewayv2.get_routes(ApiId=http_api, MaxResults="2")
    second = apigatewayv2.get_routes(ApiId=http_api, MaxResults="2", NextToken=first["NextToken"])
    assert [r["RouteKey"] for r in first["Items"] + second["Items"]] == ["GET /r0", "GET /r1", "GET /r2"]


def test_update_route(apigatewayv2, http_api):
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /a")
    jwt = _jwt_authorizer(apigatewayv2, http_api)
    updated = apigatewayv2.update_route(ApiId=http_api, RouteId=route["RouteId"], RouteKey="GET /b",
                                        AuthorizationType="JWT", AuthorizerId=jwt, AuthorizationScopes=["s"])
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (updated["RouteKey"], updated["AuthorizerId"], updated["AuthorizationScopes"]) == ("GET /b", jwt, ["s"])
    detached = apigatewayv2.update_route(ApiId=http_api, RouteId=route["RouteId"], AuthorizationType="NONE")
    assert "AuthorizerId" not in detached and "AuthorizationScopes" not in detached
    assert detached["RouteKey"] == "GET /b"


def test_update_route_errors_leave_it_unchanged(apigatewayv2, http_api):
    apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /a")
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /b")
    response = error_of(apigatewayv2.update_route, ApiId=http_api, RouteId=route["RouteId"], RouteKey="GET /a",
                        OperationName="x")
    assert_error(response, "ConflictException", "Route with key GET /a already exists for this API", 409)
    got = apigatewayv2.get_route(ApiId=http_api, RouteId=route["RouteId"])
    assert got["RouteKey"] == "GET /b" and "OperationName" not in got
    # updating a route with its own key is fine
    same = apigatewayv2.update_route(ApiId=http_api, RouteId=route["RouteId"], RouteKey="GET /b")
    assert same["RouteKey"] == "GET /b"


def test_managed_route_keeps_its_key(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target=LAMBDA)["ApiId"]
    route = apigatewayv2.get_routes(ApiId=api_id)["Items"][0]
    response = error_of(apigatewayv2.update_route, ApiId=api_id, RouteId=route["RouteId"], RouteKey="GET /x")
    assert_error(response, "BadRequestException", status=400)
    updated = apigatewayv2.update_route(ApiId=api_id, RouteId=route["RouteId"], OperationName="op")
    assert updated["OperationName"] == "op"


def test_delete_route(apigatewayv2, http_api):
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /a")
    response = apigatewayv2.delete_route(ApiId=http_api, RouteId=route["RouteId"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert _keys(apigatewayv2, http_api) == []
    # the key is free again
    apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /a")


# --- route responses -------------------------------------------------------------------


def test_route_response_lifecycle(apigatewayv2, ws_api):
    route_id = apigatewayv2.create_route(ApiId=ws_api, RouteKey="$default")["RouteId"]
    created = apigatewayv2.create_route_response(ApiId=ws_api, RouteId=route_id, RouteResponseKey="$default",
                                                 ResponseParameters={"route.response.header.x": {"Required": True}})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    response_id = created["RouteResponseId"]
    assert created["RouteResponseKey"] == "$default"
    assert created["ResponseParameters"] == {"route.response.header.x": {"Required": True}}
    got = apigatewayv2.get_route_response(ApiId=ws_api, RouteId=route_id, RouteResponseId=response_id)
    assert got["RouteResponseId"] == response_id
    updated = apigatewayv2.update_route_response(ApiId=ws_api, RouteId=route_id, RouteResponseId=response_id,
                                                 ModelSelectionExpression="$request.body.t")
    assert updated["ModelSelectionExpression"] == "$request.body.t" and updated["RouteResponseKey"] == "$default"
    listed = apigatewayv2.get_route_responses(ApiId=ws_api, RouteId=route_id)["Items"]
    assert [r["RouteResponseId"] for r in listed] == [response_id]
    deleted = apigatewayv2.delete_route_response(ApiId=ws_api, RouteId=route_id, RouteResponseId=response_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    missing = error_of(apigatewayv2.get_route_response, ApiId=ws_api, RouteId=route_id, RouteResponseId=response_id)
    assert_error(missing, "NotFoundException", f"Invalid RouteResponse identifier specified {response_id}", 404)
    assert missing["ResourceType"] == "RouteResponse"


def test_route_response_errors(apigatewayv2, ws_api, http_api):
    route_id = apigatewayv2.create_route(ApiId=ws_api, RouteKey="$default")["RouteId"]
    apigatewayv2.create_route_response(ApiId=ws_api, RouteId=route_id, RouteResponseKey="$default")
    duplicate = error_of(apigatewayv2.create_route_response, ApiId=ws_api, RouteId=route_id,
                         RouteResponseKey="$default")
    assert_error(duplicate, "ConflictException", status=409)
    bad_model = error_of(apigatewayv2.create_route_response, ApiId=ws_api, RouteId=route_id, RouteResponseKey="x",
                         ResponseModels={"$default": "Missing"})
    assert_error(bad_model, "BadRequestException", "Invalid model identifier specified: Missing", 400)
    assert len(apigatewayv2.get_route_responses(ApiId=ws_api, RouteId=route_id)["Items"]) == 1
    http_route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /a")["RouteId"]
    refused = error_of(apigatewayv2.create_route_response, ApiId=http_api, RouteId=http_route,
                       RouteResponseKey="$default")
    assert_error(refused, "BadRequestException", "Route responses are supported only for WebSocket APIs", 400)
    missing_route = error_of(apigatewayv2.create_route_response, ApiId=ws_api, RouteId="nope",
                             RouteResponseKey="$default")
    assert_error(missing_route, "NotFoundException", "Invalid Route identifier specified nope", 404)


def test_delete_route_removes_its_responses(apigatewayv2, ws_api):
    route_id = apigatewayv2.create_route(ApiId=ws_api, RouteKey="$default")["RouteId"]
    apigatewayv2.create_route_response(ApiId=ws_api, RouteId=route_id, RouteResponseKey="$default")
    apigatewayv2.delete_route(ApiId=ws_api, RouteId=route_id)
    assert_error(error_of(apigatewayv2.get_route_responses, ApiId=ws_api, RouteId=route_id), "NotFoundException",
                 status=404)


def test_update_route_empty_target_detaches_the_integration(apigatewayv2, http_api):
    """Found by tests/core/test_stateful_v2.py: a targeted integration could never be deleted."""
    integration = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="HTTP_PROXY",
                                                  IntegrationUri="https://example.com", IntegrationMethod="ANY",
                                                  PayloadFormatVersion="1.0")["IntegrationId"]
    route = apigatewayv2.create_route(ApiId=http_api, RouteKey="GET /a", Target=f"integrations/{integration}")
    assert_error(error_of(apigatewayv2.delete_integration, ApiId=http_api, IntegrationId=integration),
                 "ConflictException", status=409)
    updated = apigatewayv2.update_route(ApiId=http_api, RouteId=route["RouteId"], Target="")
    assert "Target" not in updated
    assert "Target" not in apigatewayv2.get_route(ApiId=http_api, RouteId=route["RouteId"])
    apigatewayv2.delete_integration(ApiId=http_api, IntegrationId=integration)
    assert apigatewayv2.get_integrations(ApiId=http_api)["Items"] == []
