"""v2 Api: create (HTTP, WebSocket, quick create), get, list, update, delete, CORS.

No v2 recordings exist; expected shapes follow AWS's documented examples.
"""

from __future__ import annotations

import datetime

import pytest
from helpers import assert_error, error_of

from gwmock.registry import handler_for

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pets"
WS_SELECTION = "$request.body.action"


def _ids(client):
    return [a["ApiId"] for a in client.get_apis()["Items"]]


def test_create_http_api_defaults(apigatewayv2):
    api = apigatewayv2.create_api(Name="pets", ProtocolType="HTTP")
    api_id = api["ApiId"]
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(api_id) == 10 and api_id.isalnum() and api_id.islower()
    assert isinstance(api.pop("CreatedDate"), datetime.datetime)
    api.pop("ResponseMetadata")
    assert api == {
        "ApiEndpoint": f"https://{api_id}.execute-api.us-east-1.amazonaws.com",
        "ApiId": api_id,
        "ApiKeySelectionExpression": "$request.header.x-api-key",
        "DisableExecuteApiEndpoint": False,
        "IpAddressType": "ipv4",
        "Name": "pets",
        "ProtocolType": "HTTP",
        "RouteSelectionExpression": "$request.method $request.path",
        "Tags": {},
    }


def test_create_websocket_api(apigatewayv2):
    api = apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression=WS_SELECTION,
                                  DisableSchemaValidation=True, Description="d", Version="1")
    assert api["ApiEndpoint"] == f"wss://{api['ApiId']}.execute-api.us-east-1.amazonaws.com"
    assert api["RouteSelectionExpression"] == WS_SELECTION
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert (api["DisableSchemaValidation"], api["Description"], api["Version"]) == (True, "d", "1")
    assert apigatewayv2.get_api(ApiId=api["ApiId"])["ProtocolType"] == "WEBSOCKET"


def test_websocket_requires_route_selection_expression(apigatewayv2):
    response = error_of(apigatewayv2.create_api, Name="chat", ProtocolType="WEBSOCKET")
    assert_error(response, "BadRequestException", "RouteSelectionExpression is required for WEBSOCKET protocol", 400)
    assert _ids(apigatewayv2) == []


def test_http_route_selection_expression_forms(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP",
                                  RouteSelectionExpression="${request.method} ${request.path}")
    assert api["RouteSelectionExpression"] == "$request.method $request.path"
    response = error_of(apigatewayv2.create_api, Name="p", ProtocolType="HTTP",
                        RouteSelectionExpression="$request.body.action")
    assert_error(response, "BadRequestException", status=400)
    assert _ids(apigatewayv2) == [api["ApiId"]]


def test_api_key_selection_expression(apigatewayv2):
    api = apigatewayv2.create_api(Name="c", ProtocolType="WEBSOCKET", RouteSelectionExpression=WS_SELECTION,
                                  ApiKeySelectionExpression="$context.authorizer.usageIdentifierKey")
    assert api["ApiKeySelectionExpression"] == "$context.authorizer.usageIdentifierKey"
    response = error_of(apigatewayv2.create_api, Name="c", ProtocolType="WEBSOCKET",
                        RouteSelectionExpression=WS_SELECTION, ApiKeySelectionExpression="$request.header.other")
    assert_error(response, "BadRequestException", status=400)


def test_create_with_cors_tags_and_options(apigatewayv2):
    cors = {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"], "MaxAge": 60,
            "AllowCredentials": True}
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", CorsConfiguration=cors, Tags={"team": "a"},
                                  DisableExecuteApiEndpoint=True, IpAddressType="dualstack")
    got = apigatewayv2.get_api(ApiId=api["ApiId"])
    assert got["CorsConfiguration"] == cors
    assert got["Tags"] == {"team": "a"}
    assert (got["DisableExecuteApiEndpoint"], got["IpAddressType"]) == (True, "dualstack")


def test_cors_is_http_only(apigatewayv2):
    response = error_of(apigatewayv2.create_api, Name="c", ProtocolType="WEBSOCKET",
                        RouteSelectionExpression=WS_SELECTION, CorsConfiguration={"AllowOrigins": ["*"]})
    assert_error(response, "BadRequestException", "CORS configuration is supported only for HTTP APIs", 400)
    assert _ids(apigatewayv2) == []


def test_invalid_protocol_is_a_validation_error(apigatewayv2):
    response = error_of(apigatewayv2.create_api, Name="c", ProtocolType="REST")
    assert_error(response, "BadRequestException", status=400)
    assert "Member must satisfy enum value set" in response["Error"]["Message"]


def test_quick_create_with_lambda(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target=LAMBDA)
    api_id = api["ApiId"]
    [integration] = apigatewayv2.get_integrations(ApiId=api_id)["Items"]
    integration_id = integration.pop("IntegrationId")
    assert integration == {"ApiGatewayManaged": True, "ConnectionType": "INTERNET", "IntegrationMethod": "POST",
                           "IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA, "PayloadFormatVersion": "2.0",
                           "TimeoutInMillis": 30000}
    [route] = apigatewayv2.get_routes(ApiId=api_id)["Items"]
    route_id = route.pop("RouteId")
    assert len(route_id) == 7
    assert route == {"ApiGatewayManaged": True, "ApiKeyRequired": False, "AuthorizationType": "NONE",
                     "RouteKey": "$default", "Target": f"integrations/{integration_id}"}
    # the $default stage exists (ResetAuthorizersCache needs a stage)
    assert apigatewayv2.reset_authorizers_cache(ApiId=api_id, StageName="$default")[
        "ResponseMetadata"]["HTTPStatusCode"] == 204
    if handler_for("apigatewayv2", "GetStage") is not None:
        stage = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")
        assert stage["AutoDeploy"] is True and stage["ApiGatewayManaged"] is True
        assert stage["DefaultRouteSettings"] == {"DetailedMetricsEnabled": False}
        assert stage["DeploymentId"]  # auto-deployed


def test_route_changes_redeploy_auto_deploy_stages(apigatewayv2):
    if handler_for("apigatewayv2", "GetDeployments") is None:
        pytest.skip("deployments not implemented")
    api_id = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target=LAMBDA)["ApiId"]
    before = len(apigatewayv2.get_deployments(ApiId=api_id)["Items"])
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /pets")
    assert len(apigatewayv2.get_deployments(ApiId=api_id)["Items"]) == before + 1


def test_quick_create_with_url_route_key_and_credentials(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target="https://example.com/{proxy}",
                                  RouteKey="GET /pets", CredentialsArn="arn:aws:iam::123456789012:role/r")
    [integration] = apigatewayv2.get_integrations(ApiId=api["ApiId"])["Items"]
    assert integration["IntegrationType"] == "HTTP_PROXY"
    assert integration["IntegrationMethod"] == "ANY"
    assert integration["PayloadFormatVersion"] == "1.0"
    assert integration["CredentialsArn"] == "arn:aws:iam::123456789012:role/r"
    assert apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]["RouteKey"] == "GET /pets"


@pytest.mark.parametrize("kwargs", [
    {"ProtocolType": "HTTP", "Target": "not-a-target"},
    {"ProtocolType": "HTTP", "Target": LAMBDA, "RouteKey": "GET pets"},
    {"ProtocolType": "WEBSOCKET", "RouteSelectionExpression": WS_SELECTION, "Target": LAMBDA},
])
def test_quick_create_rejects_bad_input(apigatewayv2, kwargs):
    response = error_of(apigatewayv2.create_api, Name="p", **kwargs)
    assert_error(response, "BadRequestException", status=400)
    assert _ids(apigatewayv2) == []


def test_get_missing_api(apigatewayv2):
    response = error_of(apigatewayv2.get_api, ApiId="nope")
    assert_error(response, "NotFoundException", "Invalid API identifier specified 123456789012:nope", 404)
    assert response["ResourceType"] == "Api"


def test_get_apis_pages(apigatewayv2):
    ids = [apigatewayv2.create_api(Name=f"a{i}", ProtocolType="HTTP")["ApiId"] for i in range(3)]
    first = apigatewayv2.get_apis(MaxResults="2")
    assert [a["ApiId"] for a in first["Items"]] == ids[:2]
    second = apigatewayv2.get_apis(MaxResults="2", NextToken=first["NextToken"])
    assert [a["ApiId"] for a in second["Items"]] == ids[2:]
    assert "NextToken" not in second
    assert _ids(apigatewayv2) == ids


def test_update_api(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Tags={"a": "b"})
    updated = apigatewayv2.update_api(ApiId=api["ApiId"], Name="q", Description="new", Version="2",
                                      DisableExecuteApiEndpoint=True, CorsConfiguration={"AllowOrigins": ["*"]})
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (updated["Name"], updated["Description"], updated["Version"]) == ("q", "new", "2")
    assert updated["DisableExecuteApiEndpoint"] is True
    assert updated["CorsConfiguration"] == {"AllowOrigins": ["*"]}
    assert updated["Tags"] == {"a": "b"}
    got = apigatewayv2.get_api(ApiId=api["ApiId"])
    assert got["Name"] == "q" and got["CreatedDate"] == api["CreatedDate"]


def test_update_api_errors_leave_it_unchanged(apigatewayv2):
    ws = apigatewayv2.create_api(Name="c", ProtocolType="WEBSOCKET", RouteSelectionExpression=WS_SELECTION)
    response = error_of(apigatewayv2.update_api, ApiId=ws["ApiId"], Name="x",
                        CorsConfiguration={"AllowOrigins": ["*"]})
    assert_error(response, "BadRequestException", "CORS configuration is supported only for HTTP APIs", 400)
    assert apigatewayv2.get_api(ApiId=ws["ApiId"])["Name"] == "c"
    response = error_of(apigatewayv2.update_api, ApiId="nope", Name="x")
    assert_error(response, "NotFoundException", "Invalid API identifier specified 123456789012:nope", 404)


def test_update_websocket_route_selection(apigatewayv2):
    ws = apigatewayv2.create_api(Name="c", ProtocolType="WEBSOCKET", RouteSelectionExpression=WS_SELECTION)
    updated = apigatewayv2.update_api(ApiId=ws["ApiId"], RouteSelectionExpression="$request.body.type")
    assert updated["RouteSelectionExpression"] == "$request.body.type"


def test_update_quick_created_target_and_route_key(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target=LAMBDA)
    apigatewayv2.update_api(ApiId=api["ApiId"], Target="https://example.com", RouteKey="ANY /{proxy+}")
    [integration] = apigatewayv2.get_integrations(ApiId=api["ApiId"])["Items"]
    assert (integration["IntegrationType"], integration["IntegrationUri"]) == ("HTTP_PROXY", "https://example.com")
    assert apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]["RouteKey"] == "ANY /{proxy+}"


def test_update_route_key_without_quick_create_is_refused(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP")
    response = error_of(apigatewayv2.update_api, ApiId=api["ApiId"], RouteKey="GET /x", Name="changed")
    assert_error(response, "BadRequestException", status=400)
    assert apigatewayv2.get_api(ApiId=api["ApiId"])["Name"] == "p"
    assert apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"] == []


def test_update_target_on_plain_api_quick_creates(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP")
    apigatewayv2.update_api(ApiId=api["ApiId"], Target=LAMBDA)
    assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"]] == ["$default"]


def test_delete_api_removes_children(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target=LAMBDA)
    response = apigatewayv2.delete_api(ApiId=api["ApiId"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert _ids(apigatewayv2) == []
    assert_error(error_of(apigatewayv2.get_routes, ApiId=api["ApiId"]), "NotFoundException", status=404)
    assert_error(error_of(apigatewayv2.delete_api, ApiId=api["ApiId"]), "NotFoundException",
                 f"Invalid API identifier specified 123456789012:{api['ApiId']}", 404)


def test_delete_cors_configuration(apigatewayv2):
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", CorsConfiguration={"AllowOrigins": ["*"]})
    response = apigatewayv2.delete_cors_configuration(ApiId=api["ApiId"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert "CorsConfiguration" not in apigatewayv2.get_api(ApiId=api["ApiId"])
    apigatewayv2.delete_cors_configuration(ApiId=api["ApiId"])  # nothing to delete: still fine
    assert_error(error_of(apigatewayv2.delete_cors_configuration, ApiId="nope"), "NotFoundException", status=404)


def test_delete_api_refused_while_an_api_mapping_names_it(apigatewayv2):
    """Found by tests/core/test_stateful_v2.py: the API went and left its mapping dangling."""
    api = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target=LAMBDA)
    apigatewayv2.create_domain_name(DomainName="pets.example.com", DomainNameConfigurations=[
        {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x", "EndpointType": "REGIONAL"}])
    mapping = apigatewayv2.create_api_mapping(DomainName="pets.example.com", ApiId=api["ApiId"], Stage="$default",
                                              ApiMappingKey="v1")
    response = error_of(apigatewayv2.delete_api, ApiId=api["ApiId"])
    assert_error(response, "BadRequestException", f"Deleting API {api['ApiId']} failed. Please remove all API "
                 "mappings for the API from your custom domain names.", 400)
    assert apigatewayv2.get_api(ApiId=api["ApiId"])["ApiId"] == api["ApiId"]
    assert len(apigatewayv2.get_api_mappings(DomainName="pets.example.com")["Items"]) == 1
    apigatewayv2.delete_api_mapping(DomainName="pets.example.com", ApiMappingId=mapping["ApiMappingId"])
    apigatewayv2.delete_api(ApiId=api["ApiId"])
    assert _ids(apigatewayv2) == []
