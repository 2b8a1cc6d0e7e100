"""v2 control-plane answers pinned to what hashicorp/terraform-provider-aws's acceptance tests
(internal/service/apigatewayv2/*_test.go, run against real AWS) read back after the same calls."""

import boto3
import pytest

from gwmock import mock_apigateway

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
CONFIG = [{"CertificateArn": CERT, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]


@pytest.fixture
def client():
    with mock_apigateway():
        yield boto3.client("apigatewayv2", region_name="us-east-1")


def _mtls_domain(client):
    client.create_domain_name(DomainName="mtls.example.com", DomainNameConfigurations=CONFIG,
                              MutualTlsAuthentication={"TruststoreUri": "s3://bucket/key"})


# domain_name_test.go, TestAccAPIGatewayV2DomainName_mutualTLSAuthentication: the provider sends only
# the changed member (TruststoreVersion) and reads back the URI kept.
def test_update_domain_name_with_only_a_truststore_version_keeps_the_uri(client):
    _mtls_domain(client)

    response = client.update_domain_name(DomainName="mtls.example.com", DomainNameConfigurations=CONFIG,
                                         MutualTlsAuthentication={"TruststoreVersion": "v2"})

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["MutualTlsAuthentication"] == {"TruststoreUri": "s3://bucket/key", "TruststoreVersion": "v2"}
    got = client.get_domain_name(DomainName="mtls.example.com")
    assert got["MutualTlsAuthentication"] == {"TruststoreUri": "s3://bucket/key", "TruststoreVersion": "v2"}


# Same test, certificate-only updates (TestAccAPIGatewayV2DomainName_updateCertificate's calls).
def test_update_domain_name_without_mutual_tls_keeps_it(client):
    _mtls_domain(client)

    response = client.update_domain_name(DomainName="mtls.example.com", DomainNameConfigurations=CONFIG)

    assert response["MutualTlsAuthentication"] == {"TruststoreUri": "s3://bucket/key"}


# Same test, last step: "To disable mutual TLS ... remove the truststore" (TruststoreUri ""),
# then mutual_tls_authentication.# is 0.
def test_update_domain_name_with_an_empty_truststore_uri_turns_mutual_tls_off(client):
    _mtls_domain(client)

    response = client.update_domain_name(DomainName="mtls.example.com", DomainNameConfigurations=CONFIG,
                                         MutualTlsAuthentication={"TruststoreUri": ""})

    assert "MutualTlsAuthentication" not in response
    assert "MutualTlsAuthentication" not in client.get_domain_name(DomainName="mtls.example.com")


# integration_test.go, TestAccAPIGatewayV2Integration_dataMappingHTTP: integration.go sends removed
# request parameters as "" and removed response status codes as {}; AWS answers only the new ones.
def test_update_integration_merges_parameters_and_removes_emptied_ones(client):
    api_id = client.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    integration_id = client.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
        IntegrationUri="http://www.example.com", PayloadFormatVersion="1.0",
        RequestParameters={"append:header.header1": "$context.requestId", "remove:querystring.qs1": "''"},
        ResponseParameters={"500": {"append:header.header1": "$context.requestId", "overwrite:statuscode": "403"},
                            "404": {"append:header.error": "$stageVariables.environmentId"}},
    )["IntegrationId"]

    response = client.update_integration(
        ApiId=api_id, IntegrationId=integration_id,
        RequestParameters={"remove:querystring.qs1": "", "append:header.header1": "$context.accountId",
                           "overwrite:header.header2": "$stageVariables.environmentId"},
        ResponseParameters={"404": {}},
    )

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    expected_request = {"append:header.header1": "$context.accountId",
                        "overwrite:header.header2": "$stageVariables.environmentId"}
    expected_response = {"500": {"append:header.header1": "$context.requestId", "overwrite:statuscode": "403"}}
    assert response["RequestParameters"] == expected_request
    assert response["ResponseParameters"] == expected_response
    got = client.get_integration(ApiId=api_id, IntegrationId=integration_id)
    assert got["RequestParameters"] == expected_request
    assert got["ResponseParameters"] == expected_response
    assert got["TimeoutInMillis"] == 30000
    assert got["PayloadFormatVersion"] == "1.0"
    assert got["ConnectionType"] == "INTERNET"


# integration_test.go, TestAccAPIGatewayV2Integration_integrationTypeHTTP (WebSocket HTTP integration).
def test_update_websocket_integration_removes_request_parameters_sent_empty(client):
    api_id = client.create_api(Name="w", ProtocolType="WEBSOCKET",
                               RouteSelectionExpression="$request.body.action")["ApiId"]
    integration_id = client.create_integration(
        ApiId=api_id, IntegrationType="HTTP", IntegrationMethod="GET", IntegrationUri="http://www.example.com",
        RequestParameters={"integration.request.querystring.stage": "'value1'"},
    )["IntegrationId"]

    response = client.update_integration(
        ApiId=api_id, IntegrationId=integration_id,
        RequestParameters={"integration.request.querystring.stage": "",
                           "integration.request.header.x-userid": "'value2'",
                           "integration.request.path.op": "'value3'"},
    )

    assert response["RequestParameters"] == {"integration.request.header.x-userid": "'value2'",
                                             "integration.request.path.op": "'value3'"}
    assert response["PassthroughBehavior"] == "WHEN_NO_MATCH"
    assert response["IntegrationResponseSelectionExpression"] == "${integration.response.statuscode}"
    assert response["TimeoutInMillis"] == 29000


# api_test.go, TestAccAPIGatewayV2API_basicHTTP / _basicWebSocket: defaults AWS answers.
def test_api_defaults_match_terraform_basic_checks(client):
    http = client.create_api(Name="h", ProtocolType="HTTP")
    ws = client.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")

    assert http["ApiKeySelectionExpression"] == ws["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert http["RouteSelectionExpression"] == "$request.method $request.path"
    assert http["DisableExecuteApiEndpoint"] is ws["DisableExecuteApiEndpoint"] is False
    assert http["Tags"] == ws["Tags"] == {}
    assert "CorsConfiguration" not in http and "Description" not in http and "Version" not in http


# stage_test.go, TestAccAPIGatewayV2Stage_basicWebSocket / _basicHTTP.
def test_stage_defaults_match_terraform_basic_checks(client):
    http = client.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    ws = client.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]

    http_stage = client.create_stage(ApiId=http, StageName="s")
    ws_stage = client.create_stage(ApiId=ws, StageName="s")

    assert http_stage["DefaultRouteSettings"] == {"DetailedMetricsEnabled": False}
    assert ws_stage["DefaultRouteSettings"] == {"DataTraceEnabled": False, "DetailedMetricsEnabled": False,
                                                "LoggingLevel": "OFF"}
    for stage in (http_stage, ws_stage):
        assert stage["RouteSettings"] == stage["StageVariables"] == stage["Tags"] == {}
        assert "AutoDeploy" not in stage and "DeploymentId" not in stage and "AccessLogSettings" not in stage


def _websocket_api(client):
    return client.create_api(Name="w", ProtocolType="WEBSOCKET",
                             RouteSelectionExpression="$request.body.action")["ApiId"]


# stage.go (update): removing the access_log_settings block sends AccessLogSettings {}; the
# provider then expects access_log_settings.# 0, as after CreateStage without them.
def test_update_stage_with_empty_access_log_settings_turns_them_off(client):
    api_id = _websocket_api(client)
    client.create_stage(ApiId=api_id, StageName="s", AccessLogSettings={
        "DestinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:g", "Format": "$context.requestId"})

    response = client.update_stage(ApiId=api_id, StageName="s", AccessLogSettings={})

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "AccessLogSettings" not in response
    assert "AccessLogSettings" not in client.get_stage(ApiId=api_id, StageName="s")


# stage_test.go, TestAccAPIGatewayV2Stage_routeSettingsWebSocket: the provider deletes the route
# settings it drops (DeleteRouteSettings) and sends the whole new set; AWS reads back the new values.
def test_stage_route_settings_update_as_terraform_sends_it(client):
    api_id = _websocket_api(client)
    for key in ("$connect", "$default", "$disconnect"):
        client.create_route(ApiId=api_id, RouteKey=key)
    client.create_stage(ApiId=api_id, StageName="s", RouteSettings={
        "$connect": {"DataTraceEnabled": True, "DetailedMetricsEnabled": True, "LoggingLevel": "ERROR",
                     "ThrottlingBurstLimit": 2222, "ThrottlingRateLimit": 8888},
        "$default": {"DataTraceEnabled": False, "DetailedMetricsEnabled": False}})

    client.update_stage(ApiId=api_id, StageName="s", RouteSettings={
        "$connect": {"DataTraceEnabled": False, "DetailedMetricsEnabled": False, "LoggingLevel": "INFO",
                     "ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0},
        "$default": {"DataTraceEnabled": False, "DetailedMetricsEnabled": False,
                     "ThrottlingBurstLimit": 1111, "ThrottlingRateLimit": 9999},
        "$disconnect": {"DataTraceEnabled": False, "DetailedMetricsEnabled": False}})
    settings = client.get_stage(ApiId=api_id, StageName="s")["RouteSettings"]

    assert settings["$connect"] == {"DataTraceEnabled": False, "DetailedMetricsEnabled": False, "LoggingLevel": "INFO",
                                    "ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0.0}
    assert settings["$default"]["ThrottlingBurstLimit"] == 1111
    assert settings["$disconnect"]["DetailedMetricsEnabled"] is False
    for key in ("$connect", "$default", "$disconnect"):  # back to basicWebSocket: route_settings.# 0
        client.delete_route_settings(ApiId=api_id, StageName="s", RouteKey=key)
    assert client.get_stage(ApiId=api_id, StageName="s")["RouteSettings"] == {}


# stage_test.go, TestAccAPIGatewayV2Stage_stageVariables: removed variables are sent as "".
def test_stage_variables_sent_empty_are_removed(client):
    api_id = _websocket_api(client)
    client.create_stage(ApiId=api_id, StageName="s", StageVariables={"Var1": "Value1", "Var2": "Value2"})

    response = client.update_stage(ApiId=api_id, StageName="s", StageVariables={"Var1": "", "Var2": ""})

    assert response["StageVariables"] == {}
    assert client.get_stage(ApiId=api_id, StageName="s")["StageVariables"] == {}


# stage_test.go, TestAccAPIGatewayV2Stage_defaultRouteSettingsWebSocket, last step: the computed
# logging_level is sent back (INFO) with the other members at their zero values.
def test_default_route_settings_update_keeps_what_is_sent(client):
    api_id = _websocket_api(client)
    client.create_stage(ApiId=api_id, StageName="s", DefaultRouteSettings={
        "DataTraceEnabled": False, "DetailedMetricsEnabled": True, "LoggingLevel": "INFO",
        "ThrottlingBurstLimit": 1111, "ThrottlingRateLimit": 9999})

    response = client.update_stage(ApiId=api_id, StageName="s", DefaultRouteSettings={
        "DataTraceEnabled": False, "DetailedMetricsEnabled": False, "LoggingLevel": "INFO",
        "ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0})

    assert response["DefaultRouteSettings"] == {"DataTraceEnabled": False, "DetailedMetricsEnabled": False,
                                                "LoggingLevel": "INFO", "ThrottlingBurstLimit": 0,
                                                "ThrottlingRateLimit": 0.0}


# api_test.go, TestAccAPIGatewayV2API_cors: UpdateApi's CorsConfiguration replaces the whole
# configuration (allow_headers.# 0 after an update without them); removing the block calls
# DeleteCorsConfiguration (api.go) and cors_configuration.# is 0.
def test_update_api_cors_replaces_the_configuration_and_delete_removes_it(client):
    api_id = client.create_api(Name="h", ProtocolType="HTTP", CorsConfiguration={
        "AllowHeaders": ["Authorization"], "AllowMethods": ["GET", "put"],
        "AllowOrigins": ["https://www.example.com"]})["ApiId"]

    response = client.update_api(ApiId=api_id, CorsConfiguration={
        "AllowCredentials": True, "AllowMethods": ["*"], "AllowOrigins": ["HTTP://WWW.EXAMPLE.ORG", "https://example.io"],
        "ExposeHeaders": ["X-Api-Id"], "MaxAge": 500})

    assert response["CorsConfiguration"] == {
        "AllowCredentials": True, "AllowMethods": ["*"], "AllowOrigins": ["HTTP://WWW.EXAMPLE.ORG", "https://example.io"],
        "ExposeHeaders": ["X-Api-Id"], "MaxAge": 500}
    client.delete_cors_configuration(ApiId=api_id)
    assert "CorsConfiguration" not in client.get_api(ApiId=api_id)


# authorizer_test.go, TestAccAPIGatewayV2Authorizer_credentials, last step: identity_sources sent
# as an empty set clears them (identity_sources.# 0).
def test_update_authorizer_with_no_identity_sources_clears_them(client):
    api_id = _websocket_api(client)
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")
    authorizer_id = client.create_authorizer(
        ApiId=api_id, Name="a", AuthorizerType="REQUEST", AuthorizerUri=uri,
        IdentitySource=["route.request.header.Auth", "route.request.querystring.Name"])["AuthorizerId"]

    response = client.update_authorizer(ApiId=api_id, AuthorizerId=authorizer_id, IdentitySource=[])

    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response.get("IdentitySource", []) == []
    assert client.get_authorizer(ApiId=api_id, AuthorizerId=authorizer_id).get("IdentitySource", []) == []


# authorizer_test.go, TestAccAPIGatewayV2Authorizer_jwt: jwt_configuration.0.audience.# 1 -> 2.
def test_update_authorizer_jwt_audience(client):
    api_id = client.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    issuer = "https://cognito-idp.us-east-1.amazonaws.com/pool"
    authorizer_id = client.create_authorizer(
        ApiId=api_id, Name="j", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["test"], "Issuer": issuer})["AuthorizerId"]

    response = client.update_authorizer(ApiId=api_id, AuthorizerId=authorizer_id,
                                        JwtConfiguration={"Audience": ["test", "testing"], "Issuer": issuer})

    assert response["JwtConfiguration"] == {"Audience": ["test", "testing"], "Issuer": issuer}
    assert "AuthorizerPayloadFormatVersion" not in response


# route_test.go, TestAccAPIGatewayV2Route_requestParameters: a changed parameter is deleted
# (DeleteRouteRequestParameter) then sent again; dropping all of them only deletes.
def test_route_request_parameters_as_terraform_updates_them(client):
    api_id = _websocket_api(client)
    route_id = client.create_route(ApiId=api_id, RouteKey="$connect", RequestParameters={
        "route.request.header.authorization": {"Required": True}})["RouteId"]

    client.delete_route_request_parameter(ApiId=api_id, RouteId=route_id,
                                          RequestParameterKey="route.request.header.authorization")
    response = client.update_route(ApiId=api_id, RouteId=route_id, RequestParameters={
        "route.request.header.authorization": {"Required": False},
        "route.request.querystring.authToken": {"Required": True}})

    assert response["RequestParameters"] == {"route.request.header.authorization": {"Required": False},
                                             "route.request.querystring.authToken": {"Required": True}}
    for key in response["RequestParameters"]:
        client.delete_route_request_parameter(ApiId=api_id, RouteId=route_id, RequestParameterKey=key)
    assert not client.get_route(ApiId=api_id, RouteId=route_id).get("RequestParameters")


# integration_response_test.go, TestAccAPIGatewayV2IntegrationResponse_allAttributes: an empty
# template is kept (response_templates.% 1, value ""); the update replaces the templates.
def test_integration_response_keeps_an_empty_template(client):
    api_id = _websocket_api(client)
    integration_id = client.create_integration(ApiId=api_id, IntegrationType="MOCK")["IntegrationId"]
    response = client.create_integration_response(
        ApiId=api_id, IntegrationId=integration_id, IntegrationResponseKey="$default",
        ContentHandlingStrategy="CONVERT_TO_TEXT", TemplateSelectionExpression="$request.body.name",
        ResponseTemplates={"application/json": ""})

    assert response["ResponseTemplates"] == {"application/json": ""}
    updated = client.update_integration_response(
        ApiId=api_id, IntegrationId=integration_id, IntegrationResponseId=response["IntegrationResponseId"],
        IntegrationResponseKey="/404/", ContentHandlingStrategy="CONVERT_TO_BINARY",
        TemplateSelectionExpression="$request.body.id",
        ResponseTemplates={"application/json": "#set($number=42)", "application/xml": "#set($percent=$number/100)"})
    assert updated["IntegrationResponseKey"] == "/404/"
    assert updated["ResponseTemplates"] == {"application/json": "#set($number=42)",
                                            "application/xml": "#set($percent=$number/100)"}


# api_mapping_test.go, testAccAPIMapping_key: "$context.domainName" then "$context.apiId" as keys.
def test_api_mapping_key_with_context_variables(client):
    api_id = _websocket_api(client)
    client.create_stage(ApiId=api_id, StageName="s")
    client.create_domain_name(DomainName="m.example.com", DomainNameConfigurations=CONFIG)
    mapping = client.create_api_mapping(DomainName="m.example.com", ApiId=api_id, Stage="s",
                                        ApiMappingKey="$context.domainName")

    updated = client.update_api_mapping(DomainName="m.example.com", ApiMappingId=mapping["ApiMappingId"],
                                        ApiId=api_id, Stage="s", ApiMappingKey="$context.apiId")

    assert mapping["ApiMappingKey"] == "$context.domainName"
    assert updated["ApiMappingKey"] == "$context.apiId"
    got = client.get_api_mapping(DomainName="m.example.com", ApiMappingId=mapping["ApiMappingId"])
    assert got["ApiMappingKey"] == "$context.apiId"
