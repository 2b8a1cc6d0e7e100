"""v2 answers against the example outputs of the AWS CLI reference (aws apigatewayv2 <command>).

Each test makes the example's call (same inputs; ids, dates and the region differ) and compares the
whole answer with the example's output (aws/aws-cli awscli/examples/apigatewayv2/<command>.rst).
Members botocore's model gained after an example was written (``DisableExecuteApiEndpoint``,
``IpAddressType``) are named where they are added.
"""

from __future__ import annotations

import datetime
import re

import pytest

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:my-function"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/123456789012-1234-1234-1234-12345678"
ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc123"
NEWER_API_MEMBERS = {"DisableExecuteApiEndpoint": False, "IpAddressType": "ipv4"}


def _answer(response, *dates):
    """The response without its metadata, after checking that its dates are dates."""
    assert response["ResponseMetadata"]["HTTPStatusCode"] in (200, 201)
    out = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    for name in dates:
        assert isinstance(out.pop(name), datetime.datetime)
    return out


def _http_api(client, **kwargs):
    return client.create_api(Name="my-api", ProtocolType="HTTP", **kwargs)["ApiId"]


# --- APIs ----------------------------------------------------------------------------------------


def test_get_api_example(apigatewayv2):
    api_id = _http_api(apigatewayv2, Tags={"department": "finance"})

    assert _answer(apigatewayv2.get_api(ApiId=api_id), "CreatedDate") == {
        "ApiEndpoint": f"https://{api_id}.execute-api.us-east-1.amazonaws.com", "ApiId": api_id,
        "ApiKeySelectionExpression": "$request.header.x-api-key", "Name": "my-api", "ProtocolType": "HTTP",
        "RouteSelectionExpression": "$request.method $request.path", "Tags": {"department": "finance"},
        **NEWER_API_MEMBERS}


def test_create_api_websocket_example_keeps_a_quoted_expression_as_given(apigatewayv2):
    # create-api.rst's second example ran in a shell that kept the quotes: AWS stored them.
    api = apigatewayv2.create_api(Name="myWebSocketApi", ProtocolType="WEBSOCKET",
                                  RouteSelectionExpression="'$request.body.action'")
    assert api["RouteSelectionExpression"] == "'$request.body.action'"
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"


def test_import_and_reimport_api_examples(apigatewayv2):
    body = f"""openapi: 3.0.1
info:
    title: My Lambda API
    version: v1.0
paths:
    /hello:
        x-amazon-apigateway-any-method:
            x-amazon-apigateway-integration:
                payloadFormatVersion: 2.0
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{LAMBDA}/invocations
                connectionType: INTERNET
"""
    imported = _answer(apigatewayv2.import_api(Body=body), "CreatedDate")
    api_id = imported["ApiId"]
    expected = {"ApiEndpoint": f"https://{api_id}.execute-api.us-east-1.amazonaws.com", "ApiId": api_id,
                "ApiKeySelectionExpression": "$request.header.x-api-key", "Name": "My Lambda API",
                "ProtocolType": "HTTP", "RouteSelectionExpression": "$request.method $request.path", "Tags": {},
                "Version": "v1.0", **NEWER_API_MEMBERS}

    assert imported == expected
    assert _answer(apigatewayv2.reimport_api(ApiId=api_id, Body=body), "CreatedDate") == expected


def test_get_tags_example(apigatewayv2):
    api_id = _http_api(apigatewayv2, Tags={"owner": "dev-team", "environment": "prod"})
    response = apigatewayv2.get_tags(ResourceArn=f"arn:aws:apigateway:us-east-1::/apis/{api_id}")
    assert _answer(response) == {"Tags": {"owner": "dev-team", "environment": "prod"}}


# --- authorizers ---------------------------------------------------------------------------------


def test_create_get_update_authorizer_examples(apigatewayv2):
    api_id = _http_api(apigatewayv2)
    created = _answer(apigatewayv2.create_authorizer(
        ApiId=api_id, Name="my-jwt-authorizer", AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["123456abc"], "Issuer": ISSUER}))
    authorizer_id = created["AuthorizerId"]
    expected = {"AuthorizerId": authorizer_id, "AuthorizerType": "JWT",
                "IdentitySource": ["$request.header.Authorization"],
                "JwtConfiguration": {"Audience": ["123456abc"], "Issuer": ISSUER}, "Name": "my-jwt-authorizer"}

    assert created == expected
    assert _answer(apigatewayv2.get_authorizer(ApiId=api_id, AuthorizerId=authorizer_id)) == expected
    assert _answer(apigatewayv2.update_authorizer(ApiId=api_id, AuthorizerId=authorizer_id,
                                                  IdentitySource=["$request.header.Authorization"])) == expected


# --- integrations, routes ------------------------------------------------------------------------


def test_create_integration_examples(apigatewayv2):
    ws_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                    RouteSelectionExpression="$request.body.action")["ApiId"]
    mock = _answer(apigatewayv2.create_integration(ApiId=ws_id, PassthroughBehavior="WHEN_NO_MATCH",
                                                   TimeoutInMillis=29000, ConnectionType="INTERNET",
                                                   IntegrationType="MOCK"))
    http = _answer(apigatewayv2.create_integration(ApiId=_http_api(apigatewayv2), IntegrationType="AWS_PROXY",
                                                   IntegrationUri=LAMBDA, PayloadFormatVersion="2.0"))

    assert mock == {"ConnectionType": "INTERNET", "IntegrationId": mock["IntegrationId"],
                    "IntegrationResponseSelectionExpression": "${integration.response.statuscode}",
                    "IntegrationType": "MOCK", "PassthroughBehavior": "WHEN_NO_MATCH",
                    "PayloadFormatVersion": "1.0", "TimeoutInMillis": 29000}
    assert http == {"ConnectionType": "INTERNET", "IntegrationId": http["IntegrationId"],
                    "IntegrationMethod": "POST", "IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA,
                    "PayloadFormatVersion": "2.0", "TimeoutInMillis": 30000}


def test_quick_created_route_and_integration_match_get_routes_and_get_integrations_examples(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="my-http-api", ProtocolType="HTTP", Target=LAMBDA)["ApiId"]

    [integration] = apigatewayv2.get_integrations(ApiId=api_id)["Items"]
    [route] = apigatewayv2.get_routes(ApiId=api_id)["Items"]

    assert integration == {"ApiGatewayManaged": True, "ConnectionType": "INTERNET",
                           "IntegrationId": integration["IntegrationId"], "IntegrationMethod": "POST",
                           "IntegrationType": "AWS_PROXY", "IntegrationUri": LAMBDA, "PayloadFormatVersion": "2.0",
                           "TimeoutInMillis": 30000}
    assert route == {"ApiGatewayManaged": True, "ApiKeyRequired": False, "AuthorizationType": "NONE",
                     "RouteId": route["RouteId"], "RouteKey": "$default",
                     "Target": f"integrations/{integration['IntegrationId']}"}


def test_create_and_update_route_examples(apigatewayv2):
    api_id = _http_api(apigatewayv2)
    integration_id = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                                     PayloadFormatVersion="2.0")["IntegrationId"]
    authorizer_id = apigatewayv2.create_authorizer(
        ApiId=api_id, Name="a", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["123456abc"], "Issuer": ISSUER})["AuthorizerId"]

    created = _answer(apigatewayv2.create_route(ApiId=api_id, RouteKey="POST /signup"))
    route_id = created["RouteId"]
    targeted = _answer(apigatewayv2.update_route(ApiId=api_id, RouteId=route_id,
                                                 Target=f"integrations/{integration_id}"))
    jwt = _answer(apigatewayv2.update_route(ApiId=api_id, RouteId=route_id, AuthorizationType="JWT",
                                            AuthorizerId=authorizer_id,
                                            AuthorizationScopes=["user.id", "user.email"]))

    plain = {"ApiKeyRequired": False, "AuthorizationType": "NONE", "RouteId": route_id, "RouteKey": "POST /signup"}
    assert created == plain
    assert targeted == {**plain, "Target": f"integrations/{integration_id}"}
    assert jwt == {**plain, "AuthorizationScopes": ["user.id", "user.email"], "AuthorizationType": "JWT",
                   "AuthorizerId": authorizer_id, "Target": f"integrations/{integration_id}"}


# --- deployments, stages -------------------------------------------------------------------------


def test_create_and_update_deployment_examples(apigatewayv2):
    api_id = _http_api(apigatewayv2)
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /pets")
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")

    created = _answer(apigatewayv2.create_deployment(ApiId=api_id, StageName="dev"), "CreatedDate")
    deployment_id = created["DeploymentId"]
    updated = _answer(apigatewayv2.update_deployment(
        ApiId=api_id, DeploymentId=deployment_id,
        Description="Manual deployment to fix integration test failures."), "CreatedDate")

    assert created == {"AutoDeployed": False, "DeploymentId": deployment_id, "DeploymentStatus": "DEPLOYED"}
    assert updated == {**created, "Description": "Manual deployment to fix integration test failures."}


def test_quick_create_matches_get_deployments_and_get_stages_examples(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="my-http-api", ProtocolType="HTTP", Target=LAMBDA)["ApiId"]

    [deployment] = apigatewayv2.get_deployments(ApiId=api_id)["Items"]
    [stage] = apigatewayv2.get_stages(ApiId=api_id)["Items"]

    deployment_id = deployment.pop("DeploymentId")
    assert isinstance(deployment.pop("CreatedDate"), datetime.datetime)
    assert deployment == {"AutoDeployed": True, "DeploymentStatus": "DEPLOYED",
                          "Description": "Automatic deployment triggered by changes to the Api configuration"}
    assert isinstance(stage.pop("CreatedDate"), datetime.datetime)
    assert isinstance(stage.pop("LastUpdatedDate"), datetime.datetime)
    assert stage == {"ApiGatewayManaged": True, "AutoDeploy": True,
                     "DefaultRouteSettings": {"DetailedMetricsEnabled": False}, "DeploymentId": deployment_id,
                     "LastDeploymentStatusMessage": f"Successfully deployed stage with deployment ID '{deployment_id}'",
                     "RouteSettings": {}, "StageName": "$default", "StageVariables": {}, "Tags": {}}


def test_get_stage_example(apigatewayv2):
    api_id = _http_api(apigatewayv2)
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /pets")
    apigatewayv2.create_stage(ApiId=api_id, StageName="prod", StageVariables={"function": "my-prod-function"})
    deployment_id = apigatewayv2.create_deployment(ApiId=api_id, StageName="prod")["DeploymentId"]

    assert _answer(apigatewayv2.get_stage(ApiId=api_id, StageName="prod"), "CreatedDate", "LastUpdatedDate") == {
        "DefaultRouteSettings": {"DetailedMetricsEnabled": False}, "DeploymentId": deployment_id,
        "RouteSettings": {}, "StageName": "prod", "StageVariables": {"function": "my-prod-function"}, "Tags": {}}


def test_update_stage_custom_throttling_example(apigatewayv2):
    """update-stage: a route's entry holds the throttling given, no DetailedMetricsEnabled beside it."""
    api_id = _http_api(apigatewayv2)
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /pets")
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    deployment_id = apigatewayv2.create_deployment(ApiId=api_id, StageName="dev")["DeploymentId"]
    updated = apigatewayv2.update_stage(ApiId=api_id, StageName="dev", RouteSettings={
        "GET /pets": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 2000}})
    assert _answer(updated, "CreatedDate", "LastUpdatedDate") == {
        "DefaultRouteSettings": {"DetailedMetricsEnabled": False}, "DeploymentId": deployment_id,
        "RouteSettings": {"GET /pets": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 2000.0}},
        "StageName": "dev", "StageVariables": {}, "Tags": {}}


# --- VPC links -----------------------------------------------------------------------------------


def test_create_update_get_vpc_link_examples(apigatewayv2):
    created = _answer(apigatewayv2.create_vpc_link(Name="MyVpcLink", SubnetIds=["subnet-aaaa", "subnet-bbbb"],
                                                   SecurityGroupIds=["sg1234", "sg5678"]), "CreatedDate")
    link_id = created["VpcLinkId"]
    updated = _answer(apigatewayv2.update_vpc_link(VpcLinkId=link_id, Name="MyUpdatedVpcLink"), "CreatedDate")

    common = {"SecurityGroupIds": ["sg1234", "sg5678"], "SubnetIds": ["subnet-aaaa", "subnet-bbbb"], "Tags": {},
              "VpcLinkId": link_id, "VpcLinkVersion": "V2"}
    assert created == {**common, "Name": "MyVpcLink", "VpcLinkStatus": "PENDING",
                       "VpcLinkStatusMessage": "VPC link is provisioning ENIs"}
    assert updated == {**common, "Name": "MyUpdatedVpcLink", "VpcLinkStatus": "AVAILABLE",
                       "VpcLinkStatusMessage": "VPC link is ready to route traffic"}


# --- API mappings --------------------------------------------------------------------------------


@pytest.fixture
def mapped(apigatewayv2):
    apigatewayv2.create_domain_name(DomainName="regional.example.com",
                                    DomainNameConfigurations=[{"CertificateArn": CERT}])
    api_id = _http_api(apigatewayv2)
    for stage in ("test", "dev"):
        apigatewayv2.create_stage(ApiId=api_id, StageName=stage)
    return api_id


def test_create_api_mapping_example_and_its_ten_character_id(apigatewayv2, mapped):
    mapping = _answer(apigatewayv2.create_api_mapping(DomainName="regional.example.com", ApiMappingKey="myApi",
                                                      ApiId=mapped, Stage="test"))

    assert mapping == {"ApiId": mapped, "ApiMappingId": mapping["ApiMappingId"], "ApiMappingKey": "myApi",
                       "Stage": "test"}
    # The example's id, "0qzs2sy7bh", is ten lowercase letters and digits.
    assert re.fullmatch(r"[a-z0-9]{10}", mapping["ApiMappingId"])


def test_update_get_api_mapping_examples(apigatewayv2, mapped):
    mapping_id = apigatewayv2.create_api_mapping(DomainName="regional.example.com", ApiMappingKey="myApi",
                                                 ApiId=mapped, Stage="test")["ApiMappingId"]

    updated = _answer(apigatewayv2.update_api_mapping(ApiId=mapped, Stage="dev", DomainName="regional.example.com",
                                                      ApiMappingId=mapping_id, ApiMappingKey="dev"))

    expected = {"ApiId": mapped, "ApiMappingId": mapping_id, "ApiMappingKey": "dev", "Stage": "dev"}
    assert updated == expected
    assert _answer(apigatewayv2.get_api_mapping(ApiMappingId=mapping_id, DomainName="regional.example.com")) == expected
    assert apigatewayv2.get_api_mappings(DomainName="regional.example.com")["Items"] == [expected]
