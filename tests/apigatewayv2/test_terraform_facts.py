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
