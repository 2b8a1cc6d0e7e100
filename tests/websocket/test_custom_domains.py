"""Custom domain names on the data plane: API mappings route requests (runtime.call) and
``is_data_plane_host`` recognises the names of the mock's state."""

from __future__ import annotations

from ws_helpers import REGION, deploy

from gwmock.runtime import is_data_plane_host

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"


def _domain(apigatewayv2, name="api.example.com"):
    apigatewayv2.create_domain_name(DomainName=name, DomainNameConfigurations=[
        {"CertificateArn": CERT, "EndpointType": "REGIONAL"}])


def test_is_data_plane_host(gwmock, apigatewayv2):
    assert is_data_plane_host(gwmock, f"abc123.execute-api.{REGION}.amazonaws.com")
    assert not is_data_plane_host(gwmock, "api.example.com")
    _domain(apigatewayv2)
    _domain(apigatewayv2, "*.wild.example.com")
    assert is_data_plane_host(gwmock, "api.example.com") and is_data_plane_host(gwmock, "API.example.com.")
    assert is_data_plane_host(gwmock, "eu.wild.example.com")
    assert not any(is_data_plane_host(gwmock, host) for host in ("localhost", "127.0.0.1", "", "example.com"))
    apigatewayv2.delete_domain_name(DomainName="api.example.com")
    assert not is_data_plane_host(gwmock, "api.example.com")


def test_a_domain_in_another_region(gwmock, apigatewayv2):
    import boto3

    boto3.client("apigatewayv2", region_name="eu-west-1").create_domain_name(
        DomainName="eu.example.com", DomainNameConfigurations=[{"CertificateArn": CERT}])
    assert is_data_plane_host(gwmock, "eu.example.com")


def test_http_api_through_its_mapping(gwmock, apigatewayv2):
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": event["rawPath"]})
    api = apigatewayv2.create_api(Name="h", ProtocolType="HTTP",
                                  Target=f"arn:aws:lambda:{REGION}:123456789012:function:fn")["ApiId"]
    _domain(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api, Stage="$default", ApiMappingKey="v1")
    answer = gwmock.invoke("GET", "https://api.example.com/v1/pets")
    assert (answer.status, answer.text) == (200, "/pets")
    assert gwmock.invoke("GET", "https://api.example.com/v2/pets").status == 403


def test_rest_api_through_its_mapping(gwmock, apigateway):
    api = apigateway.create_rest_api(name="r")
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                   statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                        statusCode="200", responseTemplates={"application/json": '{"ok": true}'})
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    apigateway.create_domain_name(domainName="rest.example.com", regionalCertificateArn=CERT,
                                  endpointConfiguration={"types": ["REGIONAL"]})
    apigateway.create_base_path_mapping(domainName="rest.example.com", restApiId=api["id"], stage="dev")
    answer = gwmock.invoke("GET", "https://rest.example.com/")
    assert (answer.status, answer.json()) == (200, {"ok": True})


def test_websocket_connect_through_the_domain(gwmock, apigatewayv2):
    events = []
    api, _, _ = deploy(gwmock, lambda event, context: events.append(event) or {"statusCode": 200})
    _domain(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api, Stage="prod")
    conn = gwmock.websocket("wss://api.example.com")
    conn.send("x")
    assert [e["requestContext"]["domainName"] for e in events] == ["api.example.com"] * 2
    assert {e["requestContext"]["stage"] for e in events} == {"prod"}


def test_a_disabled_default_endpoint_still_serves_custom_domains(gwmock, apigatewayv2):
    # "Disable the default endpoint for HTTP APIs": clients should reach the API only through its
    # custom domain names; with automatic deployments the change needs no redeployment.
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": "ok"})
    api = apigatewayv2.create_api(Name="h", ProtocolType="HTTP",
                                  Target=f"arn:aws:lambda:{REGION}:123456789012:function:fn")["ApiId"]
    _domain(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api, Stage="$default")
    default = f"https://{api}.execute-api.{REGION}.amazonaws.com/pets"
    apigatewayv2.update_api(ApiId=api, DisableExecuteApiEndpoint=True)
    refused = gwmock.invoke("GET", default)
    assert (refused.status, refused.json()) == (403, {"message": "Forbidden"})
    assert (gwmock.invoke("GET", "https://api.example.com/pets").text) == "ok"
    apigatewayv2.update_api(ApiId=api, DisableExecuteApiEndpoint=False)
    assert gwmock.invoke("GET", default).status == 200


def test_without_automatic_deployments_the_setting_waits_for_a_deployment(gwmock, apigatewayv2):
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": "ok"})
    api = apigatewayv2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri=f"arn:aws:lambda:{REGION}:123456789012:function:fn")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api, StageName="dev")
    apigatewayv2.create_deployment(ApiId=api, StageName="dev")
    default = f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/pets"
    apigatewayv2.update_api(ApiId=api, DisableExecuteApiEndpoint=True)
    assert gwmock.invoke("GET", default).status == 200  # "you must deploy your API for the change to take effect"
    apigatewayv2.create_deployment(ApiId=api, StageName="dev")
    assert gwmock.invoke("GET", default).status == 403
    assert gwmock.invoke("GET", f"https://{api}.execute-api.{REGION}.amazonaws.com/nostage/pets").status == 403


def test_websocket_default_endpoint_disabled(gwmock, apigatewayv2):
    import pytest

    from gwmock.runtime.websocket.connections import Rejected

    api, wss, _ = deploy(gwmock, lambda event, context: {"statusCode": 200})
    _domain(apigatewayv2)
    apigatewayv2.create_api_mapping(DomainName="api.example.com", ApiId=api, Stage="prod")
    gwmock.websocket(wss).close()
    apigatewayv2.update_api(ApiId=api, DisableExecuteApiEndpoint=True)  # the stage deploys automatically
    with pytest.raises(Rejected) as refused:
        gwmock.websocket(wss)
    assert refused.value.status == 403
    gwmock.websocket("wss://api.example.com").close()
