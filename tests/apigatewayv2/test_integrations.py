"""v2 integrations and integration responses."""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pets"
PROXY_ONLY = ("Currently, an API with a protocol type of HTTP may only be associated with proxy integrations "
              "(AWS_PROXY, HTTP_PROXY)")


@pytest.fixture
def http_api(apigatewayv2):
    return apigatewayv2.create_api(Name="pets", ProtocolType="HTTP")["ApiId"]


@pytest.fixture
def ws_api(apigatewayv2):
    return apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET",
                                   RouteSelectionExpression="$request.body.action")["ApiId"]


def _ids(client, api_id):
    return [i["IntegrationId"] for i in client.get_integrations(ApiId=api_id)["Items"]]


def _strip(response):
    response = dict(response)
    response.pop("ResponseMetadata", None)
    response.pop("IntegrationId")
    return response


def test_http_lambda_proxy_defaults(apigatewayv2, http_api):
    created = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                              PayloadFormatVersion="2.0")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(created["IntegrationId"]) == 7
    assert _strip(created) == {"ConnectionType": "INTERNET", "IntegrationMethod": "POST",
                               "IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA,
                               "PayloadFormatVersion": "2.0", "TimeoutInMillis": 30000}
    got = apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])
    assert _strip(got) == _strip(created)


def test_http_proxy_integration(apigatewayv2, http_api):
    created = apigatewayv2.create_integration(
        ApiId=http_api, IntegrationType="HTTP_PROXY", IntegrationUri="https://example.com/{proxy}",
        IntegrationMethod="GET", TimeoutInMillis=5000, Description="d", PayloadFormatVersion="1.0",
        RequestParameters={"append:header.x-a": "$request.header.b", "overwrite:path": "/x",
                           "remove:querystring.q": "''"},
        ResponseParameters={"404": {"overwrite:statuscode": "410", "append:header.x": "y"}})
    assert _strip(created) == {
        "ConnectionType": "INTERNET", "Description": "d", "IntegrationMethod": "GET", "IntegrationType": "HTTP_PROXY",
        "IntegrationUri": "https://example.com/{proxy}", "PayloadFormatVersion": "1.0", "TimeoutInMillis": 5000,
        "RequestParameters": {"append:header.x-a": "$request.header.b", "overwrite:path": "/x",
                              "remove:querystring.q": "''"},
        "ResponseParameters": {"404": {"overwrite:statuscode": "410", "append:header.x": "y"}},
    }


def test_http_vpc_link_integration(apigatewayv2, http_api):
    created = apigatewayv2.create_integration(
        ApiId=http_api, IntegrationType="HTTP_PROXY", ConnectionType="VPC_LINK", ConnectionId="abc123",
        IntegrationMethod="ANY", IntegrationUri="arn:aws:elasticloadbalancing:us-east-1:1:listener/app/x/y/z",
        TlsConfig={"ServerNameToVerify": "example.com"}, PayloadFormatVersion="1.0")
    assert (created["ConnectionType"], created["ConnectionId"]) == ("VPC_LINK", "abc123")
    assert created["TlsConfig"] == {"ServerNameToVerify": "example.com"}
    response = error_of(apigatewayv2.create_integration, ApiId=http_api, IntegrationType="HTTP_PROXY",
                        ConnectionType="VPC_LINK", IntegrationMethod="ANY", IntegrationUri="arn:x",
                        PayloadFormatVersion="1.0")
    assert_error(response, "BadRequestException", status=400)


def test_http_subtype_integration(apigatewayv2, http_api):
    created = apigatewayv2.create_integration(
        ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationSubtype="SQS-SendMessage",
        CredentialsArn="arn:aws:iam::123456789012:role/r", PayloadFormatVersion="1.0",
        RequestParameters={"QueueUrl": "$request.header.queue", "MessageBody": "$request.body"})
    assert created["IntegrationSubtype"] == "SQS-SendMessage"
    assert "IntegrationMethod" not in created


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"IntegrationType": "AWS", "IntegrationUri": LAMBDA}, PROXY_ONLY),
    ({"IntegrationType": "MOCK"}, PROXY_ONLY),
    ({"IntegrationType": "HTTP", "IntegrationUri": "https://x", "IntegrationMethod": "GET"}, PROXY_ONLY),
    ({"IntegrationType": "AWS_PROXY"}, None),
    ({"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x"}, None),
    ({"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x", "IntegrationMethod": "GET",
      "PayloadFormatVersion": "2.0"}, None),
    ({"IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA, "PayloadFormatVersion": "3.0"}, None),
    ({"IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA, "RequestTemplates": {"a": "b"}}, None),
    ({"IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA, "PassthroughBehavior": "NEVER"}, None),
    ({"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x", "IntegrationMethod": "GET",
      "RequestParameters": {"integration.request.header.x": "a"}}, None),
    ({"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x", "IntegrationMethod": "GET",
      "ResponseParameters": {"100": {"overwrite:statuscode": "200"}}}, None),
    ({"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x", "IntegrationMethod": "GET",
      "ResponseParameters": {"500": {"overwrite:body": "x"}}}, None),
])
def test_http_rules(apigatewayv2, http_api, kwargs, message):
    kwargs = {"PayloadFormatVersion": "1.0", **kwargs}  # required on HTTP APIs; each case breaks another rule
    response = error_of(apigatewayv2.create_integration, ApiId=http_api, **kwargs)
    assert_error(response, "BadRequestException", message, 400)
    assert _ids(apigatewayv2, http_api) == []


def test_http_payload_format_version_is_required(apigatewayv2, http_api):
    # AWS's words, quoted in a user's CloudFormation template; the API reference: "Required for HTTP APIs".
    for kwargs in ({"IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA},
                   {"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x", "IntegrationMethod": "GET"}):
        response = error_of(apigatewayv2.create_integration, ApiId=http_api, **kwargs)
        assert_error(response, "BadRequestException", "PayloadFormatVersion is a required parameter for integration",
                     400)
    assert _ids(apigatewayv2, http_api) == []
    # aws/aws-cli#6363: a non-proxy type without one is refused for its type first.
    assert_error(error_of(apigatewayv2.create_integration, ApiId=http_api, IntegrationType="AWS",
                          IntegrationUri=LAMBDA), "BadRequestException", PROXY_ONLY, 400)


def test_websocket_payload_format_version_defaults_to_1_0(apigatewayv2, ws_api):
    # hashicorp/terraform-provider-aws integration_test.go (basicWebSocket, lambdaWebSocket): "1.0".
    created = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA)
    assert (created["PayloadFormatVersion"], created["TimeoutInMillis"]) == ("1.0", 29000)


def test_timeout_bounds(apigatewayv2, http_api, ws_api):
    created = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                              TimeoutInMillis=30000, PayloadFormatVersion="2.0")
    assert created["TimeoutInMillis"] == 30000
    response = error_of(apigatewayv2.create_integration, ApiId=ws_api, IntegrationType="MOCK",
                        TimeoutInMillis=29001)
    assert_error(response, "BadRequestException", status=400)
    assert _ids(apigatewayv2, ws_api) == []
    assert apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="MOCK",
                                           TimeoutInMillis=29000)["TimeoutInMillis"] == 29000


def test_websocket_mock_defaults(apigatewayv2, ws_api):
    created = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="MOCK",
                                              RequestTemplates={"application/json": '{"statusCode":200}'},
                                              TemplateSelectionExpression="\\$default")
    assert _strip(created) == {
        "ConnectionType": "INTERNET",
        "IntegrationResponseSelectionExpression": "${integration.response.statuscode}",
        "IntegrationType": "MOCK",
        "PassthroughBehavior": "WHEN_NO_MATCH",
        "PayloadFormatVersion": "1.0",
        "RequestTemplates": {"application/json": '{"statusCode":200}'},
        "TemplateSelectionExpression": "\\$default",
        "TimeoutInMillis": 29000,
    }


def test_websocket_types(apigatewayv2, ws_api):
    aws = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="AWS", IntegrationMethod="POST",
                                          IntegrationUri=LAMBDA, ContentHandlingStrategy="CONVERT_TO_TEXT",
                                          RequestParameters={"integration.request.header.x": "route.request.body.a"})
    assert aws["PassthroughBehavior"] == "WHEN_NO_MATCH"
    assert aws["ContentHandlingStrategy"] == "CONVERT_TO_TEXT"
    proxy = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA)
    assert "IntegrationResponseSelectionExpression" not in proxy and "PassthroughBehavior" not in proxy
    http = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="HTTP", IntegrationUri="https://x",
                                           IntegrationMethod="GET")
    assert http["IntegrationType"] == "HTTP"


@pytest.mark.parametrize("kwargs", [
    {"IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA, "PayloadFormatVersion": "2.0"},
    {"IntegrationType": "HTTP"},
    {"IntegrationType": "HTTP", "IntegrationUri": "https://x"},
    {"IntegrationType": "MOCK", "TlsConfig": {"ServerNameToVerify": "x"}},
    {"IntegrationType": "MOCK", "ResponseParameters": {"200": {"append:header.a": "b"}}},
    {"IntegrationType": "MOCK", "RequestParameters": {"append:header.a": "b"}},
])
def test_websocket_rules(apigatewayv2, ws_api, kwargs):
    assert_error(error_of(apigatewayv2.create_integration, ApiId=ws_api, **kwargs), "BadRequestException", status=400)
    assert _ids(apigatewayv2, ws_api) == []


def test_missing_integration_and_api(apigatewayv2, http_api):
    response = error_of(apigatewayv2.get_integration, ApiId=http_api, IntegrationId="nope")
    assert_error(response, "NotFoundException", "Invalid Integration identifier specified nope", 404)
    assert response["ResourceType"] == "Integration"
    assert_error(error_of(apigatewayv2.create_integration, ApiId="nope", IntegrationType="MOCK"),
                 "NotFoundException", "Invalid API identifier specified 123456789012:nope", 404)
    assert_error(error_of(apigatewayv2.delete_integration, ApiId=http_api, IntegrationId="nope"),
                 "NotFoundException", status=404)


def test_get_integrations_pages(apigatewayv2, http_api):
    ids = [apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                           PayloadFormatVersion="2.0")["IntegrationId"] for _ in range(3)]
    first = apigatewayv2.get_integrations(ApiId=http_api, MaxResults="1")
    assert [i["IntegrationId"] for i in first["Items"]] == ids[:1]
    rest = apigatewayv2.get_integrations(ApiId=http_api, NextToken=first["NextToken"])
    assert [i["IntegrationId"] for i in rest["Items"]] == ids[1:]


def test_update_integration(apigatewayv2, http_api):
    created = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                              PayloadFormatVersion="1.0")
    updated = apigatewayv2.update_integration(ApiId=http_api, IntegrationId=created["IntegrationId"],
                                              PayloadFormatVersion="2.0", TimeoutInMillis=1000, Description="x")
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert (updated["PayloadFormatVersion"], updated["TimeoutInMillis"], updated["Description"]) == ("2.0", 1000, "x")
    assert updated["IntegrationUri"] == LAMBDA
    response = error_of(apigatewayv2.update_integration, ApiId=http_api, IntegrationId=created["IntegrationId"],
                        IntegrationType="MOCK", Description="y")
    assert_error(response, "BadRequestException", PROXY_ONLY, 400)
    got = apigatewayv2.get_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])
    assert (got["IntegrationType"], got["Description"]) == ("AWS_PROXY", "x")


def test_delete_integration(apigatewayv2, http_api):
    created = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                              PayloadFormatVersion="2.0")
    response = apigatewayv2.delete_integration(ApiId=http_api, IntegrationId=created["IntegrationId"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert _ids(apigatewayv2, http_api) == []


def test_delete_integration_used_by_routes_is_refused(apigatewayv2, http_api):
    integration_id = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY",
                                                     IntegrationUri=LAMBDA, PayloadFormatVersion="2.0")["IntegrationId"]
    routes = [apigatewayv2.create_route(ApiId=http_api, RouteKey=key, Target=f"integrations/{integration_id}")
              ["RouteId"] for key in ("GET /a", "GET /b")]
    response = error_of(apigatewayv2.delete_integration, ApiId=http_api, IntegrationId=integration_id)
    assert_error(response, "ConflictException", "Cannot delete Integration because it is referenced by the following "
                 f"Routes with Ids: [{', '.join(routes)}]", 409)
    assert _ids(apigatewayv2, http_api) == [integration_id]


def test_managed_integration_cannot_be_deleted(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="p", ProtocolType="HTTP", Target=LAMBDA)["ApiId"]
    [integration_id] = _ids(apigatewayv2, api_id)
    assert_error(error_of(apigatewayv2.delete_integration, ApiId=api_id, IntegrationId=integration_id),
                 "BadRequestException", status=400)
    updated = apigatewayv2.update_integration(ApiId=api_id, IntegrationId=integration_id, TimeoutInMillis=100)
    assert updated["TimeoutInMillis"] == 100 and updated["ApiGatewayManaged"] is True


# --- integration responses -------------------------------------------------------------


def test_integration_response_lifecycle(apigatewayv2, ws_api):
    integration_id = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="MOCK")["IntegrationId"]
    created = apigatewayv2.create_integration_response(
        ApiId=ws_api, IntegrationId=integration_id, IntegrationResponseKey="/200/",
        ResponseTemplates={"application/json": "{}"}, TemplateSelectionExpression="\\$default",
        ContentHandlingStrategy="CONVERT_TO_TEXT")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    response_id = created["IntegrationResponseId"]
    created.pop("ResponseMetadata")
    assert created == {"ContentHandlingStrategy": "CONVERT_TO_TEXT", "IntegrationResponseId": response_id,
                       "IntegrationResponseKey": "/200/", "ResponseTemplates": {"application/json": "{}"},
                       "TemplateSelectionExpression": "\\$default"}
    got = apigatewayv2.get_integration_response(ApiId=ws_api, IntegrationId=integration_id,
                                                IntegrationResponseId=response_id)
    assert got["IntegrationResponseKey"] == "/200/"
    updated = apigatewayv2.update_integration_response(ApiId=ws_api, IntegrationId=integration_id,
                                                       IntegrationResponseId=response_id,
                                                       IntegrationResponseKey="$default")
    assert updated["IntegrationResponseKey"] == "$default"
    listed = apigatewayv2.get_integration_responses(ApiId=ws_api, IntegrationId=integration_id)["Items"]
    assert [r["IntegrationResponseId"] for r in listed] == [response_id]
    deleted = apigatewayv2.delete_integration_response(ApiId=ws_api, IntegrationId=integration_id,
                                                       IntegrationResponseId=response_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    missing = error_of(apigatewayv2.get_integration_response, ApiId=ws_api, IntegrationId=integration_id,
                       IntegrationResponseId=response_id)
    assert_error(missing, "NotFoundException", f"Invalid IntegrationResponse identifier specified {response_id}", 404)
    assert missing["ResourceType"] == "IntegrationResponse"


def test_integration_response_errors(apigatewayv2, ws_api, http_api):
    integration_id = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="MOCK")["IntegrationId"]
    apigatewayv2.create_integration_response(ApiId=ws_api, IntegrationId=integration_id,
                                             IntegrationResponseKey="$default")
    assert_error(error_of(apigatewayv2.create_integration_response, ApiId=ws_api, IntegrationId=integration_id,
                          IntegrationResponseKey="$default"), "ConflictException", status=409)
    assert_error(error_of(apigatewayv2.create_integration_response, ApiId=ws_api, IntegrationId=integration_id,
                          IntegrationResponseKey="200"), "BadRequestException", status=400)
    assert len(apigatewayv2.get_integration_responses(ApiId=ws_api, IntegrationId=integration_id)["Items"]) == 1
    http_integration = apigatewayv2.create_integration(ApiId=http_api, IntegrationType="AWS_PROXY",
                                                       IntegrationUri=LAMBDA,
                                                       PayloadFormatVersion="2.0")["IntegrationId"]
    refused = error_of(apigatewayv2.create_integration_response, ApiId=http_api, IntegrationId=http_integration,
                       IntegrationResponseKey="$default")
    assert_error(refused, "BadRequestException", "Integration responses are supported only for WebSocket APIs", 400)
    assert_error(error_of(apigatewayv2.create_integration_response, ApiId=ws_api, IntegrationId="nope",
                          IntegrationResponseKey="$default"), "NotFoundException",
                 "Invalid Integration identifier specified nope", 404)


def test_delete_integration_removes_its_responses(apigatewayv2, ws_api):
    integration_id = apigatewayv2.create_integration(ApiId=ws_api, IntegrationType="MOCK")["IntegrationId"]
    apigatewayv2.create_integration_response(ApiId=ws_api, IntegrationId=integration_id,
                                             IntegrationResponseKey="$default")
    apigatewayv2.delete_integration(ApiId=ws_api, IntegrationId=integration_id)
    assert_error(error_of(apigatewayv2.get_integration_responses, ApiId=ws_api, IntegrationId=integration_id),
                 "NotFoundException", status=404)
