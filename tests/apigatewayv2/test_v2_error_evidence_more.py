"""More v2 control-plane refusals in AWS's words, each test naming the public report that quotes
AWS's answer (no v2 recordings exist). A refused call leaves the state as it was."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "123456789012"
LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d"
CLOUD_MAP = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004"
NOT_PRIVATE = ("For VpcLink VPC_LINK, integration uri should be a valid ELB listener ARN or a valid Cloud Map "
               "service ARN.")
NO_CREDENTIALS_FOR_ANY = "allow-credentials is not supported if 'allow-origin' is *"


def _refusal(call, **kwargs):
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    response = caught.value.response
    return response["Error"]["Code"], response["Error"]["Message"], response["ResponseMetadata"]["HTTPStatusCode"]


def _without_metadata(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


@pytest.fixture
def http_api(apigatewayv2):
    return apigatewayv2.create_api(Name="a", ProtocolType="HTTP")["ApiId"]


def _private(api_id, uri, **extra):
    return {"ApiId": api_id, "IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY", "ConnectionType": "VPC_LINK",
            "ConnectionId": "abc123", "IntegrationUri": uri, "PayloadFormatVersion": "1.0", **extra}


# --- private integrations of HTTP APIs ---------------------------------------------------


@pytest.mark.parametrize("uri", [
    # anomalyco/sst#5510: a load balancer's ARN (not its listener's) -> "BadRequestException: For VpcLink
    # VPC_LINK, integration uri should be a valid ELB listener ARN or a valid Cloud Map service ARN."
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188",
    # The same 400 for a placeholder URL, http://example.com, in users' deployment notes (found by code search).
    "http://example.com",
    "https://internal.example.com/{proxy}",
    "arn:aws:lambda:us-east-1:123456789012:function:f",
])
def test_a_private_integration_must_name_a_listener_or_a_cloud_map_service(apigatewayv2, http_api, uri):
    assert _refusal(apigatewayv2.create_integration, **_private(http_api, uri)) == \
        ("BadRequestException", NOT_PRIVATE, 400)
    assert apigatewayv2.get_integrations(ApiId=http_api)["Items"] == []


@pytest.mark.parametrize("uri", [LISTENER, CLOUD_MAP,
                                 "arn:aws-cn:elasticloadbalancing:cn-north-1:123456789012:listener/net/n/1/2"])
def test_listener_and_cloud_map_service_arns_pass(apigatewayv2, http_api, uri):
    created = apigatewayv2.create_integration(**_private(http_api, uri))
    assert (created["ConnectionType"], created["ConnectionId"], created["IntegrationUri"]) == \
        ("VPC_LINK", "abc123", uri)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201


def test_moving_an_integration_onto_a_vpc_link_with_a_url_is_refused_and_keeps_it(apigatewayv2, http_api):
    integration = _without_metadata(apigatewayv2.create_integration(
        ApiId=http_api, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY", IntegrationUri="https://example.com",
        PayloadFormatVersion="1.0"))
    assert _refusal(apigatewayv2.update_integration, ApiId=http_api, IntegrationId=integration["IntegrationId"],
                    ConnectionType="VPC_LINK", ConnectionId="abc123") == ("BadRequestException", NOT_PRIVATE, 400)
    got = apigatewayv2.get_integration(ApiId=http_api, IntegrationId=integration["IntegrationId"])
    assert _without_metadata(got) == integration


def test_a_websocket_private_integration_keeps_its_nlb_url(apigatewayv2):
    # WebSocket APIs use v1 VPC links (an NLB), and address the backend by URL as REST APIs do.
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    created = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="POST",
                                              ConnectionType="VPC_LINK", ConnectionId="v1link",
                                              IntegrationUri="http://nlb.internal.example.com/chat")
    assert created["IntegrationUri"] == "http://nlb.internal.example.com/chat"


# --- CORS -----------------------------------------------------------------------------------


def test_credentials_for_any_origin_are_refused_at_create(apigatewayv2):
    # aws/aws-cdk#9076: "allow-credentials is not supported if 'allow-origin' is * (Service:
    # AmazonApiGatewayV2; Status Code: 400; Error Code: BadRequestException ...)".
    cors = {"AllowCredentials": True, "AllowOrigins": ["*"], "AllowHeaders": ["Authorization"]}
    assert _refusal(apigatewayv2.create_api, Name="a", ProtocolType="HTTP", CorsConfiguration=cors) == \
        ("BadRequestException", NO_CREDENTIALS_FOR_ANY, 400)
    assert apigatewayv2.get_apis()["Items"] == []


def test_credentials_for_any_origin_are_refused_at_update_and_keep_the_api(apigatewayv2):
    api = _without_metadata(apigatewayv2.create_api(
        Name="a", ProtocolType="HTTP", CorsConfiguration={"AllowOrigins": ["*"], "AllowMethods": ["GET"]}))
    assert _refusal(apigatewayv2.update_api, ApiId=api["ApiId"],
                    CorsConfiguration={"AllowOrigins": ["https://a.example.com", "*"], "AllowCredentials": True}) == \
        ("BadRequestException", NO_CREDENTIALS_FOR_ANY, 400)
    assert _without_metadata(apigatewayv2.get_api(ApiId=api["ApiId"])) == api


def test_credentials_for_named_origins_pass(apigatewayv2):
    cors = {"AllowCredentials": True, "AllowOrigins": ["https://a.example.com"]}
    created = apigatewayv2.create_api(Name="a", ProtocolType="HTTP", CorsConfiguration=cors)
    assert created["CorsConfiguration"] == cors
    without = apigatewayv2.update_api(ApiId=created["ApiId"], CorsConfiguration={"AllowOrigins": ["*"],
                                                                                 "AllowCredentials": False})
    assert without["CorsConfiguration"] == {"AllowOrigins": ["*"], "AllowCredentials": False}


# --- children of a missing API ----------------------------------------------------------------


@pytest.mark.parametrize(("operation", "params"), [
    # aws/aws-sam-cli#7030: AWS::ApiGatewayV2::Stage (and ::Integration, ::ApiMapping) on a missing API ->
    # "Invalid API identifier specified 665192190199:bwop0s66op (Service: AmazonApiGatewayV2; Status Code:
    # 404; Error Code: NotFoundException ...)".
    ("create_stage", {"StageName": "dev"}),
    # anomalyco/sst#5059: "CreateIntegration, https response error StatusCode: 404 ... NotFoundException:
    # Invalid API identifier specified 002813928238:4sho9rt8nd".
    ("create_integration", {"IntegrationType": "HTTP_PROXY", "IntegrationMethod": "ANY",
                            "IntegrationUri": "https://example.com", "PayloadFormatVersion": "1.0"}),
    ("create_route", {"RouteKey": "GET /pets"}),
    ("get_stages", {}),
    ("get_integration_responses", {"IntegrationId": "abc1234"}),
    ("get_route_responses", {"RouteId": "abc1234"}),
])
def test_a_child_of_a_missing_api_is_a_404_naming_the_account_and_api(apigatewayv2, operation, params):
    assert _refusal(getattr(apigatewayv2, operation), ApiId="bwop0s66op", **params) == \
        ("NotFoundException", f"Invalid API identifier specified {ACCOUNT}:bwop0s66op", 404)
    assert apigatewayv2.get_apis()["Items"] == []


# --- TLS 1.0 domains: hashicorp/terraform-provider-aws#37869 (CreateDomainName), amplify-education/
# serverless-domain-manager#381 (GetDomainName of a REGIONAL TLS 1.0 domain made with v1)

def test_v2_refuses_a_tls_1_0_domain_and_leaves_none(apigatewayv2):
    config = {"CertificateArn": CERT, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_0"}
    assert _refusal(apigatewayv2.create_domain_name, DomainName="old.example.com",
                    DomainNameConfigurations=[config]) == (
        "BadRequestException", "TLS_1_0 is not supported for APIGatewayV2 domainName.", 400)
    assert apigatewayv2.get_domain_names()["Items"] == []


def test_a_regional_tls_1_0_domain_made_with_v1_is_v1_only(apigateway, apigatewayv2):
    apigateway.create_domain_name(domainName="old.example.com", regionalCertificateArn=CERT,
                          endpointConfiguration={"types": ["REGIONAL"]}, securityPolicy="TLS_1_0")
    assert _refusal(apigatewayv2.get_domain_name, DomainName="old.example.com") == (
        "BadRequestException", "Only REGIONAL domain names with a security policy of TLS 1.2 can be "
                 "managed through the API Gateway V2 API. For TLS 1.0 domain names, please use the API Gateway V1 API "
                 "to upgrade your security policy to TLS 1.2. Currently, only REST APIs can be attached to a domain "
                 "name with a security policy of TLS 1.0.", 400)
    assert apigatewayv2.get_domain_names()["Items"] == []
    apigateway.update_domain_name(domainName="old.example.com",
                                  patchOperations=[{"op": "replace", "path": "/securityPolicy", "value": "TLS_1_2"}])
    config = apigatewayv2.get_domain_name(DomainName="old.example.com")["DomainNameConfigurations"][0]
    assert config["SecurityPolicy"] == "TLS_1_2"


# --- AWS service integrations: aws/aws-cdk#26328 quotes AWS refusing a parameter the subtype does not take

def test_a_subtype_parameter_must_be_spelled_as_the_reference_spells_it(apigatewayv2, http_api):
    machine = "arn:aws:states:us-east-1:123456789012:stateMachine:m"
    common = {"ApiId": http_api, "IntegrationType": "AWS_PROXY", "PayloadFormatVersion": "1.0",
              "IntegrationSubtype": "StepFunctions-StartSyncExecution",
              "CredentialsArn": "arn:aws:iam::123456789012:role/r"}
    assert _refusal(apigatewayv2.create_integration, **common, RequestParameters={"stateMachineArn": machine}) == (
        "BadRequestException",
        "Parameter: stateMachineArn does not fit schema for Operation: StepFunctions-StartSyncExecution.", 400)
    assert apigatewayv2.get_integrations(ApiId=http_api)["Items"] == []
    made = apigatewayv2.create_integration(**common, RequestParameters={
        "StateMachineArn": machine, "Input": "$request.body", "Region": "us-east-1"})
    assert made["RequestParameters"]["StateMachineArn"] == machine
