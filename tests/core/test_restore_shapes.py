"""A restored snapshot cannot make later calls fail: ``gw.restore()`` checks every record of a
collection gwmock knows (``gwmock/state/shapes.py``) and refuses a snapshot with a record that lacks
a member gwmock reads, holds a member of the wrong JSON type, or names itself other than its key,
naming the collection, the key and the member, and leaving the state as it was (on every backend,
through ``gw.restore``, ``mock_apigateway(load=...)`` and the server's ``POST /_gwmock/restore``).

A snapshot of an account holding every kind of record of both services restores unchanged, and a
fuzz that drops members and changes their types either is refused or leaves every List/Get
operation answering without a 5xx.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from helpers import call_or_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.errors import SnapshotError
from gwmock.state import shapes

REGION = "us-east-1"
ACCOUNT = "123456789012"
FORMAT = "gwmock-state/1"
LAMBDA = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn"
LAMBDA_URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{LAMBDA}/invocations"
CERT = f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/abc"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/r"
KEY_VALUE = "a" * 30
COLORS = {"AccentColor": "#000000", "BackgroundColor": "#ffffff", "ErrorValidationColor": "#ff0000",
          "HeaderColor": "#000000", "NavigationColor": "#000000", "TextColor": "#000000"}


def function(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Both the authorizers' function (allow everything) and the integrations' (200 ``ok``)."""
    if event.get("type") in ("TOKEN", "REQUEST"):
        return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}}
    return {"statusCode": 200, "body": "ok"}


# --- an account holding every kind of record -------------------------------------------------------


def build_rest(gw: Any, v1: Any) -> dict[str, str]:
    """A REST API with every child kind, a private API with a private domain name, keys and plans."""
    cert = v1.generate_client_certificate(description="c", tags={"t": "1"})["clientCertificateId"]
    link = v1.create_vpc_link(name="link", description="d", tags={"t": "1"}, targetArns=[
        f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/net/nlb/1"])["id"]
    api = v1.create_rest_api(name="rich", description="d", version="1", binaryMediaTypes=["image/png"],
                             minimumCompressionSize=100, tags={"t": "1"}, endpointConfiguration={"types": ["REGIONAL"]},
                             policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
    a, root = api["id"], api["rootResourceId"]
    pets = v1.create_resource(restApiId=a, parentId=root, pathPart="pets")["id"]
    pet = v1.create_resource(restApiId=a, parentId=pets, pathPart="{id}")["id"]
    proxy = v1.create_resource(restApiId=a, parentId=root, pathPart="{proxy+}")["id"]
    v1.create_model(restApiId=a, name="Pet", contentType="application/json", schema=json.dumps({"type": "object"}))
    validator = v1.create_request_validator(restApiId=a, name="v", validateRequestBody=True)["id"]
    token = v1.create_authorizer(restApiId=a, name="tok", type="TOKEN", authorizerUri=LAMBDA_URI,
                                 identitySource="method.request.header.Authorization",
                                 identityValidationExpression=".*", authorizerResultTtlInSeconds=0)["id"]
    v1.create_authorizer(restApiId=a, name="cog", type="COGNITO_USER_POOLS", identitySource="method.request.header.A",
                         providerARNs=[f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_abc"])
    v1.put_method(restApiId=a, resourceId=pets, httpMethod="POST", authorizationType="CUSTOM", authorizerId=token,
                  apiKeyRequired=True, operationName="addPet", requestValidatorId=validator,
                  requestParameters={"method.request.querystring.q": False}, requestModels={"application/json": "Pet"})
    v1.put_method_response(restApiId=a, resourceId=pets, httpMethod="POST", statusCode="200",
                           responseParameters={"method.response.header.X": False},
                           responseModels={"application/json": "Empty"})
    v1.put_integration(restApiId=a, resourceId=pets, httpMethod="POST", type="MOCK", passthroughBehavior="NEVER",
                       requestTemplates={"application/json": '{"statusCode": 200}'}, cacheNamespace="ns",
                       requestParameters={"integration.request.header.x": "'v'"}, contentHandling="CONVERT_TO_TEXT",
                       cacheKeyParameters=["method.request.querystring.q"])
    v1.put_integration_response(restApiId=a, resourceId=pets, httpMethod="POST", statusCode="200", selectionPattern="",
                                responseTemplates={"application/json": "{}"},
                                responseParameters={"method.response.header.X": "'x'"})
    v1.put_method(restApiId=a, resourceId=pet, httpMethod="GET", authorizationType="AWS_IAM",
                  requestParameters={"method.request.path.id": True})
    v1.put_integration(restApiId=a, resourceId=pet, httpMethod="GET", type="HTTP", integrationHttpMethod="GET",
                       uri="https://example.com/{id}", connectionType="VPC_LINK", connectionId=link,
                       timeoutInMillis=5000, tlsConfig={"insecureSkipVerification": True},
                       requestParameters={"integration.request.path.id": "method.request.path.id"})
    v1.put_method(restApiId=a, resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    v1.put_integration(restApiId=a, resourceId=proxy, httpMethod="ANY", type="AWS_PROXY", integrationHttpMethod="POST",
                       uri=LAMBDA_URI, credentials=ROLE)
    v1.put_gateway_response(restApiId=a, responseType="DEFAULT_4XX", statusCode="400",
                            responseParameters={"gatewayresponse.header.X": "'x'"},
                            responseTemplates={"application/json": '{"m": $context.error.messageString}'})
    v1.create_documentation_part(restApiId=a, location={"type": "METHOD", "path": "/pets", "method": "POST"},
                                 properties='{"description": "add"}')
    v1.create_documentation_version(restApiId=a, documentationVersion="1", description="d")
    dev = v1.create_deployment(restApiId=a, stageName="dev", description="first", variables={"v": "1"},
                               cacheClusterEnabled=True, cacheClusterSize="0.5", tracingEnabled=True)["id"]
    canary = v1.create_deployment(restApiId=a, description="second")["id"]
    v1.create_stage(restApiId=a, stageName="prod", deploymentId=dev, variables={"a": "b"}, documentationVersion="1",
                    tags={"t": "1"}, canarySettings={"percentTraffic": 10.0, "deploymentId": canary,
                                                     "stageVariableOverrides": {"a": "c"}, "useStageCache": False})
    v1.update_stage(restApiId=a, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "50"},
        {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": "60"},
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/clientCertificateId", "value": cert},
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "20"}])
    v1.update_rest_api(restApiId=a, patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": "10"}])
    v1.update_authorizer(restApiId=a, authorizerId=token, patchOperations=[
        {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "0"}])
    v1.update_integration(restApiId=a, resourceId=pet, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/timeoutInMillis", "value": "6000"}])
    key = v1.create_api_key(name="k", description="d", enabled=True, value=KEY_VALUE, customerId="c", tags={"t": "1"},
                            stageKeys=[{"restApiId": a, "stageName": "dev"}])["id"]
    v1.import_api_keys(body=b"name,key,description,enabled\nimported,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,d,true\n",
                       format="csv")
    stages = [{"apiId": a, "stage": "dev", "throttle": {"/pets/POST": {"burstLimit": 5, "rateLimit": 5.0}}}]
    plan = v1.create_usage_plan(name="p", description="d", tags={"t": "1"}, apiStages=stages,
                                throttle={"burstLimit": 10, "rateLimit": 10.0},
                                quota={"limit": 1000, "offset": 0, "period": "DAY"})["id"]
    v1.update_usage_plan(usagePlanId=plan, patchOperations=[
        {"op": "replace", "path": "/quota/limit", "value": "900"},
        {"op": "replace", "path": "/throttle/burstLimit", "value": "20"}])
    v1.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    v1.update_usage(usagePlanId=plan, keyId=key, patchOperations=[{"op": "replace", "path": "/remaining",
                                                                    "value": "800"}])
    v1.create_domain_name(domainName="edge.example.com", certificateArn=CERT, certificateName="c", tags={"t": "1"},
                          endpointConfiguration={"types": ["EDGE"]}, securityPolicy="TLS_1_0")
    v1.create_domain_name(domainName="rest.example.com", regionalCertificateArn=CERT,
                          endpointConfiguration={"types": ["REGIONAL"]},
                          routingMode="ROUTING_RULE_THEN_BASE_PATH_MAPPING")
    v1.create_base_path_mapping(domainName="rest.example.com", restApiId=a, stage="dev", basePath="v1")
    v1.create_base_path_mapping(domainName="edge.example.com", restApiId=a, stage="dev")
    private = v1.create_rest_api(name="private",
                                 endpointConfiguration={"types": ["PRIVATE"], "vpcEndpointIds": ["vpce-1"]},
                                 policy=json.dumps({"Version": "2012-10-17", "Statement": [
                                     {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                                      "Resource": "execute-api:/*"}]}))
    v1.put_method(restApiId=private["id"], resourceId=private["rootResourceId"], httpMethod="GET",
                  authorizationType="NONE")
    v1.put_integration(restApiId=private["id"], resourceId=private["rootResourceId"], httpMethod="GET", type="MOCK")
    v1.create_deployment(restApiId=private["id"], stageName="dev")
    domain = v1.create_domain_name(domainName="private.example.com", certificateArn=CERT, securityPolicy="TLS_1_2",
                                   endpointConfiguration={"types": ["PRIVATE"]},
                                   policy=json.dumps({"Version": "2012-10-17", "Statement": []}))
    v1.create_base_path_mapping(domainName="private.example.com", domainNameId=domain["domainNameId"],
                                restApiId=private["id"], stage="dev", basePath="p")
    v1.create_domain_name_access_association(domainNameArn=domain["domainNameArn"], accessAssociationSource="vpce-1",
                                             accessAssociationSourceType="VPCE", tags={"t": "1"})
    v1.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}])
    answer = gw.invoke("POST", f"https://{a}.execute-api.{REGION}.amazonaws.com/dev/pets", body="{}",
                       headers={"x-api-key": KEY_VALUE, "Authorization": "allow", "content-type": "application/json"})
    assert answer.status == 200  # a counted call: the usage record
    return {"rest": a, "plan": plan}


def build_v2(gw: Any, v2: Any, rest: dict[str, str]) -> dict[str, str]:
    """HTTP and WebSocket APIs with every child kind, domain names with mappings and routing rules, portals."""
    http = v2.create_api(Name="http", ProtocolType="HTTP", Description="d", Version="1", Tags={"t": "1"},
                         DisableSchemaValidation=True, CorsConfiguration={
                             "AllowOrigins": ["https://x.example"], "AllowMethods": ["GET"], "AllowHeaders": ["a"],
                             "ExposeHeaders": ["b"], "MaxAge": 10, "AllowCredentials": True})["ApiId"]
    jwt = v2.create_authorizer(ApiId=http, AuthorizerType="JWT", Name="jwt", IdentitySource=["$request.header.A"],
                               JwtConfiguration={"Audience": ["me"], "Issuer": "https://issuer.example.com"})
    lam = v2.create_authorizer(ApiId=http, AuthorizerType="REQUEST", Name="lam", AuthorizerUri=LAMBDA_URI,
                               IdentitySource=["$request.header.B"], AuthorizerPayloadFormatVersion="2.0",
                               EnableSimpleResponses=True, AuthorizerResultTtlInSeconds=0)["AuthorizerId"]
    proxy = v2.create_integration(ApiId=http, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA, TimeoutInMillis=1000,
                                  PayloadFormatVersion="2.0", RequestParameters={"overwrite:header.x": "y"},
                                  ResponseParameters={"200": {"overwrite:header.z": "w"}})["IntegrationId"]
    link = v2.create_vpc_link(Name="v2link", SubnetIds=["subnet-1"], SecurityGroupIds=["sg-1"], Tags={"t": "1"})
    private = v2.create_integration(ApiId=http, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                    IntegrationUri=f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:listener/app/a/1/2",
                                    ConnectionType="VPC_LINK", ConnectionId=link["VpcLinkId"],
                                    PayloadFormatVersion="1.0",
                                    TlsConfig={"ServerNameToVerify": "x.example.com"})["IntegrationId"]
    sqs = v2.create_integration(ApiId=http, IntegrationType="AWS_PROXY", IntegrationSubtype="SQS-SendMessage",
                                PayloadFormatVersion="1.0", CredentialsArn=ROLE, RequestParameters={
                                    "QueueUrl": "https://sqs.example/q", "MessageBody": "$request.body"})
    sqs = sqs["IntegrationId"]
    v2.create_route(ApiId=http, RouteKey="GET /things", AuthorizationType="JWT", AuthorizerId=jwt["AuthorizerId"],
                    AuthorizationScopes=["read"], Target=f"integrations/{proxy}", OperationName="things")
    v2.create_route(ApiId=http, RouteKey="POST /things", AuthorizationType="CUSTOM", AuthorizerId=lam,
                    Target=f"integrations/{private}")
    v2.create_route(ApiId=http, RouteKey="PUT /q", AuthorizationType="AWS_IAM", Target=f"integrations/{sqs}")
    v2.create_route(ApiId=http, RouteKey="$default", Target=f"integrations/{proxy}")
    deployment = v2.create_deployment(ApiId=http, Description="d")["DeploymentId"]
    v2.create_stage(ApiId=http, StageName="prod", DeploymentId=deployment, StageVariables={"a": "b"}, Tags={"t": "1"},
                    AccessLogSettings={"DestinationArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g",
                                       "Format": "$context.requestId"},
                    DefaultRouteSettings={"ThrottlingBurstLimit": 5, "ThrottlingRateLimit": 5.0},
                    RouteSettings={"GET /things": {"ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 1.0}})
    v2.create_stage(ApiId=http, StageName="$default", AutoDeploy=True)
    ws = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    v2.create_model(ApiId=ws, Name="Msg", ContentType="application/json", Schema=json.dumps({"type": "object"}))
    mock = v2.create_integration(ApiId=ws, IntegrationType="MOCK", TemplateSelectionExpression="\\$default",
                                 RequestTemplates={"$default": '{"statusCode": 200}'})["IntegrationId"]
    v2.create_integration_response(ApiId=ws, IntegrationId=mock, IntegrationResponseKey="$default",
                                   ResponseTemplates={"$default": "{}"}, TemplateSelectionExpression="\\$default")
    authorizer = v2.create_authorizer(ApiId=ws, AuthorizerType="REQUEST", Name="wa", AuthorizerUri=LAMBDA_URI,
                                      IdentitySource=["route.request.header.Auth"])["AuthorizerId"]
    v2.create_route(ApiId=ws, RouteKey="$connect", Target=f"integrations/{mock}", AuthorizationType="CUSTOM",
                    AuthorizerId=authorizer, RequestParameters={"route.request.header.Auth": {"Required": True}})
    send = v2.create_route(ApiId=ws, RouteKey="send", Target=f"integrations/{mock}", RequestModels={"m": "Msg"},
                           RouteResponseSelectionExpression="$default", ModelSelectionExpression="$request.body.t")
    v2.create_route_response(ApiId=ws, RouteId=send["RouteId"], RouteResponseKey="$default", ResponseModels={
        "$default": "Msg"}, ModelSelectionExpression="$default", ResponseParameters={"a": {"Required": False}})
    v2.create_stage(ApiId=ws, StageName="live", DeploymentId=v2.create_deployment(ApiId=ws)["DeploymentId"])
    v2.create_api(Name="quick", ProtocolType="HTTP", Target="https://example.com/quick", RouteKey="ANY /q")
    v2.create_domain_name(DomainName="h2.example.com", Tags={"t": "1"}, DomainNameConfigurations=[
        {"CertificateArn": CERT, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}])
    v2.create_api_mapping(DomainName="h2.example.com", ApiId=http, Stage="prod", ApiMappingKey="things")
    v2.create_domain_name(DomainName="rules.example.com", RoutingMode="ROUTING_RULE_ONLY",
                          DomainNameConfigurations=[{"CertificateArn": CERT, "EndpointType": "REGIONAL"}])
    v2.create_routing_rule(DomainName="rules.example.com", Priority=1, Actions=[
        {"InvokeApi": {"ApiId": rest["rest"], "Stage": "dev", "StripBasePath": True}}], Conditions=[
        {"MatchHeaders": {"AnyOf": [{"Header": "x-v", "ValueGlob": "beta*"}]}}, {"MatchBasePaths": {"AnyOf": ["b"]}}])
    product = v2.create_portal_product(DisplayName="prod", Description="d", Tags={"t": "1"})
    v2.put_portal_product_sharing_policy(PortalProductId=product["PortalProductId"],
                                         PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
    v2.create_product_page(PortalProductId=product["PortalProductId"], DisplayContent={"Title": "t", "Body": "b"})
    v2.create_product_rest_endpoint_page(PortalProductId=product["PortalProductId"], RestEndpointIdentifier={
        "IdentifierParts": {"RestApiId": rest["rest"], "Stage": "dev", "Method": "POST", "Path": "/pets"}})
    v2.create_portal(PortalContent={"DisplayName": "portal", "Theme": {"CustomColors": COLORS}}, Tags={"t": "1"},
                     Authorization={"None": {}}, EndpointConfiguration={"None": {}},
                     IncludedPortalProductArns=[product["PortalProductArn"]])
    return {"http": http, "ws": ws}


def build_rich(gw: Any) -> dict[str, str]:
    gw.add_lambda(LAMBDA, function)
    rest = build_rest(gw, boto3.client("apigateway", region_name=REGION))
    made = build_v2(gw, boto3.client("apigatewayv2", region_name=REGION), rest)
    link = {"Type": "AWS::ApiGateway::VpcLink", "Properties": {"Name": "stacked", "TargetArns": [
        f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/net/s/1"]}}
    gw.deploy_template({"Resources": {"Link": link}, "Outputs": {"Link": {"Value": {"Ref": "Link"},
                                                                           "Export": {"Name": "link"}}}},
                       name="stacked")
    return {**rest, **made}


@pytest.fixture(scope="module")
def rich() -> tuple[dict[str, Any], dict[str, str]]:
    """The snapshot of an account holding every kind of record, and the ids of its APIs."""
    with mock_apigateway() as gw:
        ids = build_rich(gw)
        return gw.snapshot(), ids


def fresh(document: dict[str, Any]) -> dict[str, Any]:
    """A copy sharing nothing (a snapshot shares records: a deployment's with its API's collections)."""
    return json.loads(json.dumps(document))  # type: ignore[no-any-return]


# --- every List/Get operation on what a snapshot holds ------------------------------------------------


def records(document: dict[str, Any], pattern: str) -> dict[tuple[str, ...], Any]:
    """``{key below account and region: record}`` of the records whose key matches ``pattern``."""
    parts = pattern.split("/")
    out = {}
    for ckey, items in document["collections"]:
        below = ckey[2:]
        if ckey[:2] != [ACCOUNT, REGION] or len(below) != len(parts) - 1:
            continue
        if all(p in ("*", k) for p, k in zip(parts, below)):
            for rid, record in items:
                if parts[-1] in ("*", rid):
                    out[(*below, rid)] = record
    return out


def _methods(record: Any) -> dict[str, Any]:
    methods = record.get("resourceMethods") if isinstance(record, dict) else None
    return methods if isinstance(methods, dict) else {}


def _codes(record: Any, member: str) -> list[str]:
    found = record.get(member) if isinstance(record, dict) else None
    return list(found) if isinstance(found, dict) else []


def rest_calls(document: dict[str, Any], v1: Any) -> list[tuple[Any, dict[str, Any]]]:
    calls: list[tuple[Any, dict[str, Any]]] = [
        (v1.get_account, {}), (v1.get_rest_apis, {}), (v1.get_api_keys, {"includeValues": True}),
        (v1.get_usage_plans, {}), (v1.get_domain_names, {}), (v1.get_domain_name_access_associations, {}),
        (v1.get_client_certificates, {}), (v1.get_vpc_links, {})]
    arn = f"arn:aws:apigateway:{REGION}::"
    for (_, a) in records(document, "restapis/*"):
        calls += [(fn, {"restApiId": a}) for fn in (
            v1.get_rest_api, v1.get_resources, v1.get_deployments, v1.get_stages, v1.get_authorizers, v1.get_models,
            v1.get_request_validators, v1.get_gateway_responses, v1.get_documentation_parts,
            v1.get_documentation_versions)]
        calls += [(v1.get_tags, {"resourceArn": f"{arn}/restapis/{a}"}),
                  (v1.get_resources, {"restApiId": a, "embed": ["methods"]})]
    for (_, a, _, r), record in records(document, "restapis/*/resources/*").items():
        calls.append((v1.get_resource, {"restApiId": a, "resourceId": r, "embed": ["methods"]}))
        for verb, method in _methods(record).items():
            where = {"restApiId": a, "resourceId": r, "httpMethod": verb}
            calls += [(v1.get_method, where), (v1.get_integration, where)]
            calls += [(v1.get_method_response, {**where, "statusCode": c}) for c in _codes(method, "methodResponses")]
            integration = method.get("methodIntegration") if isinstance(method, dict) else None
            calls += [(v1.get_integration_response, {**where, "statusCode": c})
                      for c in _codes(integration, "integrationResponses")]
    children = {"deployments": (v1.get_deployment, "deploymentId", {"embed": ["apisummary"]}),
                "authorizers": (v1.get_authorizer, "authorizerId", {}),
                "models": (v1.get_model, "modelName", {"flatten": True}),
                "requestvalidators": (v1.get_request_validator, "requestValidatorId", {}),
                "gatewayresponses": (v1.get_gateway_response, "responseType", {}),
                "documentationparts": (v1.get_documentation_part, "documentationPartId", {}),
                "documentationversions": (v1.get_documentation_version, "documentationVersion", {})}
    for name, (fn, member, extra) in children.items():
        calls += [(fn, {"restApiId": a, member: x, **extra})
                  for (_, a, _, x) in records(document, f"restapis/*/{name}/*")]
    for (_, a, _, x) in records(document, "restapis/*/models/*"):
        calls.append((v1.get_model_template, {"restApiId": a, "modelName": x}))
    for (_, a, _, s) in records(document, "restapis/*/stages/*"):
        calls += [(v1.get_stage, {"restApiId": a, "stageName": s}),
                  (v1.get_tags, {"resourceArn": f"{arn}/restapis/{a}/stages/{s}"}),
                  (v1.get_export, {"restApiId": a, "stageName": s, "exportType": "oas30",
                                   "parameters": {"extensions": "integrations,authorizers,apigateway"}}),
                  (v1.get_export, {"restApiId": a, "stageName": s, "exportType": "swagger",
                                   "parameters": {"extensions": "postman"}}),
                  (v1.get_sdk, {"restApiId": a, "stageName": s, "sdkType": "javascript"})]
    return calls + account_calls(document, v1)


def account_calls(document: dict[str, Any], v1: Any) -> list[tuple[Any, dict[str, Any]]]:
    """Keys, plans and their usage, domain names and mappings, certificates and links."""
    arn = f"arn:aws:apigateway:{REGION}::"
    today = datetime.datetime.now(datetime.timezone.utc).date()
    window = {"startDate": str(today - datetime.timedelta(days=3)), "endDate": str(today + datetime.timedelta(days=1))}
    calls: list[tuple[Any, dict[str, Any]]] = []
    for (_, k) in records(document, "apikeys/*"):
        calls += [(v1.get_api_key, {"apiKey": k, "includeValue": True}),
                  (v1.get_tags, {"resourceArn": f"{arn}/apikeys/{k}"})]
    for (_, p) in records(document, "usageplans/*"):
        calls += [(v1.get_usage_plan, {"usagePlanId": p}), (v1.get_usage_plan_keys, {"usagePlanId": p}),
                  (v1.get_usage, {"usagePlanId": p, **window}), (v1.get_tags, {"resourceArn": f"{arn}/usageplans/{p}"})]
    calls += [(v1.get_usage_plan_key, {"usagePlanId": p, "keyId": k}) for (_, p, _, k) in
              records(document, "usageplans/*/keys/*")]
    calls += [(v1.get_usage, {"usagePlanId": p, "keyId": k, **window}) for (_, p, k) in records(document, "usage/*/*")]
    for (_, key) in records(document, "domainnames/*"):
        name, _, domain_id = key.partition("+")
        which = {"domainName": name, **({"domainNameId": domain_id} if domain_id else {})}
        calls += [(v1.get_domain_name, which), (v1.get_base_path_mappings, which)]
        if not domain_id:
            calls.append((v1.get_tags, {"resourceArn": f"{arn}/domainnames/{name}"}))
    for (_, key, _, base) in records(document, "domainnames/*/basepathmappings/*"):
        name, _, domain_id = key.partition("+")
        calls.append((v1.get_base_path_mapping, {"domainName": name, "basePath": base,
                                                 **({"domainNameId": domain_id} if domain_id else {})}))
    calls += [(v1.get_client_certificate, {"clientCertificateId": c})
              for (_, c) in records(document, "clientcertificates/*")]
    calls += [(v1.get_vpc_link, {"vpcLinkId": x}) for (_, x) in records(document, "vpclinks/*")]
    return calls


def v2_calls(document: dict[str, Any], v2: Any) -> list[tuple[Any, dict[str, Any]]]:
    arn = f"arn:aws:apigateway:{REGION}::"
    calls: list[tuple[Any, dict[str, Any]]] = [(v2.get_apis, {}), (v2.get_domain_names, {}), (v2.get_vpc_links, {}),
                                               (v2.list_portals, {}), (v2.list_portal_products, {})]
    for (_, _, a) in records(document, "v2/apis/*"):
        calls += [(fn, {"ApiId": a}) for fn in (v2.get_api, v2.get_routes, v2.get_integrations, v2.get_stages,
                                                v2.get_deployments, v2.get_authorizers, v2.get_models)]
        calls += [(v2.get_tags, {"ResourceArn": f"{arn}/apis/{a}"}),
                  (v2.export_api, {"ApiId": a, "OutputType": "JSON", "Specification": "OAS30",
                                   "IncludeExtensions": True})]
    children = {"routes": (v2.get_route, "RouteId"), "integrations": (v2.get_integration, "IntegrationId"),
                "stages": (v2.get_stage, "StageName"), "deployments": (v2.get_deployment, "DeploymentId"),
                "authorizers": (v2.get_authorizer, "AuthorizerId"), "models": (v2.get_model, "ModelId")}
    for name, (fn, member) in children.items():
        calls += [(fn, {"ApiId": a, member: x}) for (_, _, a, _, x) in records(document, f"v2/apis/*/{name}/*")]
    for (_, _, a, _, x) in records(document, "v2/apis/*/routes/*"):
        calls.append((v2.get_route_responses, {"ApiId": a, "RouteId": x}))
    for (_, _, a, _, x) in records(document, "v2/apis/*/integrations/*"):
        calls.append((v2.get_integration_responses, {"ApiId": a, "IntegrationId": x}))
    for (_, _, a, _, x) in records(document, "v2/apis/*/models/*"):
        calls.append((v2.get_model_template, {"ApiId": a, "ModelId": x}))
    for (_, _, a, _, x) in records(document, "v2/apis/*/stages/*"):
        calls.append((v2.export_api, {"ApiId": a, "OutputType": "YAML", "Specification": "OAS30", "StageName": x}))
    calls += [(v2.get_route_response, {"ApiId": a, "RouteId": r, "RouteResponseId": x})
              for (_, _, a, _, r, _, x) in records(document, "v2/apis/*/routes/*/routeresponses/*")]
    calls += [(v2.get_integration_response, {"ApiId": a, "IntegrationId": i, "IntegrationResponseId": x})
              for (_, _, a, _, i, _, x) in records(document, "v2/apis/*/integrations/*/integrationresponses/*")]
    return calls + v2_account_calls(document, v2)


def v2_account_calls(document: dict[str, Any], v2: Any) -> list[tuple[Any, dict[str, Any]]]:
    """v2's views of domain names and mappings, routing rules, VPC links and portals."""
    arn = f"arn:aws:apigateway:{REGION}::"
    calls: list[tuple[Any, dict[str, Any]]] = []
    for (_, key) in records(document, "domainnames/*"):
        if "+" not in key:
            calls += [(v2.get_domain_name, {"DomainName": key}), (v2.get_api_mappings, {"DomainName": key}),
                      (v2.list_routing_rules, {"DomainName": key}),
                      (v2.get_tags, {"ResourceArn": f"{arn}/domainnames/{key}"})]
    for (_, key, _, _), record in records(document, "domainnames/*/basepathmappings/*").items():
        if "+" not in key and isinstance(record, dict) and isinstance(record.get("apiMappingId"), str):
            calls.append((v2.get_api_mapping, {"DomainName": key, "ApiMappingId": record["apiMappingId"]}))
    calls += [(v2.get_routing_rule, {"DomainName": key.partition("+")[0], "RoutingRuleId": x})
              for (_, _, key, _, x) in records(document, "v2/domainnames/*/routingrules/*")]
    for (_, _, x) in records(document, "v2/vpclinks/*"):
        calls += [(v2.get_vpc_link, {"VpcLinkId": x}), (v2.get_tags, {"ResourceArn": f"{arn}/vpclinks/{x}"})]
    calls += [(v2.get_portal, {"PortalId": x}) for (_, _, x) in records(document, "v2/portals/*")]
    for (_, _, x) in records(document, "v2/portalproducts/*"):
        calls += [(fn, {"PortalProductId": x}) for fn in (
            v2.get_portal_product, v2.get_portal_product_sharing_policy, v2.list_product_pages,
            v2.list_product_rest_endpoint_pages)]
    calls += [(v2.get_product_page, {"PortalProductId": p, "ProductPageId": x})
              for (_, _, p, _, x) in records(document, "v2/portalproducts/*/productpages/*")]
    calls += [(v2.get_product_rest_endpoint_page, {"PortalProductId": p, "ProductRestEndpointPageId": x,
                                                   "IncludeRawDisplayContent": "true"})
              for (_, _, p, _, x) in records(document, "v2/portalproducts/*/productrestendpointpages/*")]
    return calls


def list_and_get(document: dict[str, Any]) -> int:
    """Call every List/Get operation on the resources ``document`` holds; a 5xx, or boto3 failing to
    parse an answer, fails the test. Returns how many calls were made."""
    calls = rest_calls(document, boto3.client("apigateway", region_name=REGION))
    calls += v2_calls(document, boto3.client("apigatewayv2", region_name=REGION))
    for fn, params in calls:
        call_or_error(fn, **params)
    return len(calls)


# --- the round trip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["memory", "sqlite"])
def test_a_rich_account_restores_unchanged_and_serves(rich, state, tmp_path):
    document, ids = rich
    url = None if state == "memory" else f"sqlite:///{tmp_path}/state.db"
    with mock_apigateway(state=url, load=fresh(document)) as gw:
        gw.add_lambda(LAMBDA, function)
        assert gw.snapshot() == document
        assert list_and_get(document) > 200
        rest = f"https://{ids['rest']}.execute-api.{REGION}.amazonaws.com/dev/pets"
        answer = gw.invoke("POST", rest, body="{}", headers={"x-api-key": KEY_VALUE, "Authorization": "allow",
                                                             "content-type": "application/json"})
        assert (answer.status, answer.body) == (200, b"{}")
        answer = gw.invoke("GET", f"https://{ids['http']}.execute-api.{REGION}.amazonaws.com/x")
        assert (answer.status, answer.body) == (200, b"ok")
        connection = gw.websocket(f"wss://{ids['ws']}.execute-api.{REGION}.amazonaws.com/live",
                                  headers={"Auth": "allow"})
        connection.send('{"action": "send", "t": "m"}')  # $request.body.t selects the model "m" (validated)
        assert connection.received == ["{}"]


def test_the_rich_account_holds_every_kind(rich):
    document, _ = rich
    missing = [pattern for pattern in shapes.KINDS if not records(document, pattern)]
    assert missing == []


# --- what is refused, and how -----------------------------------------------------------------------------


def state_kept(gw: Any, document: dict[str, Any]) -> str:
    """Restore ``document``, which must be refused, leaving the state as it was; the message."""
    before = fresh(gw.snapshot())
    with pytest.raises(SnapshotError) as caught:
        gw.restore(document)
    assert gw.snapshot() == before
    assert isinstance(caught.value, ValueError)
    return str(caught.value)


def test_the_reported_snapshot_is_refused_and_later_calls_answer(gwmock, apigateway):
    api = apigateway.create_rest_api(name="kept")["id"]
    message = state_kept(gwmock, {"format": FORMAT, "collections": [
        [[ACCOUNT, REGION, "restapis"], [["abc", {}]]]]})
    assert message == (f"snapshot collections[0] ({ACCOUNT}/{REGION}/restapis) record 'abc' (RestApi): "
                       "member 'id' is missing")
    assert apigateway.get_stages(restApiId=api)["item"] == []
    with pytest.raises(ClientError) as caught:
        apigateway.get_stages(restApiId="abc")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def located(document: dict[str, Any], pattern: str) -> tuple[int, int, list[str], str, dict[str, Any]]:
    """(collection index, item index, collection key, record key, record) of the first record of ``pattern``."""
    parts = pattern.split("/")
    for i, (ckey, items) in enumerate(document["collections"]):
        below = ckey[2:]
        if len(below) == len(parts) - 1 and all(p in ("*", k) for p, k in zip(parts, below)):
            for j, (rid, record) in enumerate(items):
                if parts[-1] in ("*", rid):
                    return i, j, ckey, rid, record
    raise AssertionError(f"no record of {pattern}")


def prefix(document: dict[str, Any], pattern: str) -> str:
    i, _, ckey, rid, _ = located(document, pattern)
    struct = shapes.KINDS[pattern][0]
    label = ("apigatewayv2 " + struct[3:] if struct.startswith("v2.") else struct).replace(" _", " ").lstrip("_")
    return f"snapshot collections[{i}] ({'/'.join(ckey)}) record {rid!r} ({label}): member "


def required_of(pattern: str) -> str | None:
    spec = shapes.STRUCTS[shapes.KINDS[pattern][0]]
    return next((member for member, text in spec.items() if text.endswith("!")), None)


WITH_REQUIRED = [p for p in shapes.KINDS if required_of(p)]
WITH_IDS = [p for p in shapes.KINDS if shapes.KINDS[p][1]]


@pytest.fixture
def restored(gwmock, rich):
    """The rich account's document, to spoil; this test's mock holds its REST APIs (a state that a
    refused restore must leave as it was, small enough to compare for every kind)."""
    document, _ = rich
    gwmock.restore({"format": FORMAT, "collections": [
        [ckey, items] for ckey, items in document["collections"] if ckey[2:] == ["restapis"]]})
    return document


@pytest.mark.parametrize("pattern", WITH_REQUIRED)
def test_a_missing_required_member_is_refused_by_name(gwmock, restored, pattern):
    member = required_of(pattern)
    document = fresh(restored)
    i, j, _, _, record = located(document, pattern)
    del record[member]
    assert state_kept(gwmock, document) == prefix(restored, pattern) + f"'{member}' is missing"


OTHER_TYPE = {"str": (5, "must be a string, not a whole number"), "bool": ("yes", "must be a boolean, not a string"),
              "int": ("5", "must be a whole number, not a string"), "num": ([], "must be a number, not a list"),
              "date": ("2024-01-01", "must be a number, not a string"), "obj": ([], "must be an object, not a list")}


def typed_member(pattern: str, record: dict[str, Any]) -> tuple[str, Any, str]:
    """A member of ``record``, a value of another JSON type for it, and the complaint it gets."""
    spec = shapes.STRUCTS[shapes.KINDS[pattern][0]]
    for member, text in spec.items():
        if member in record:
            kind = text.rstrip("!?")
            if kind in OTHER_TYPE:
                return (member, *OTHER_TYPE[kind])
            if kind.startswith("["):
                return member, {}, "must be a list, not an object"
            return member, "x", "must be an object, not a string"
    raise AssertionError(f"no typed member in {record}")


@pytest.mark.parametrize("pattern", list(shapes.KINDS))
def test_a_member_of_another_type_is_refused_by_name(gwmock, restored, pattern):
    document = fresh(restored)
    record = located(document, pattern)[4]
    member, value, complaint = typed_member(pattern, record)
    record[member] = value
    assert state_kept(gwmock, document) == prefix(restored, pattern) + f"'{member}' {complaint}"


@pytest.mark.parametrize("pattern", WITH_IDS)
def test_an_identifier_other_than_the_key_is_refused_by_name(gwmock, restored, pattern):
    document = fresh(restored)
    _, _, _, rid, record = located(document, pattern)
    member = shapes.KINDS[pattern][1][0]
    record[member] = "other"
    expected = f"'{member}' is 'other', not the record's key {rid!r}"
    assert state_kept(gwmock, document) == prefix(restored, pattern) + expected


def resource_with_methods(document: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    for key, record in records(document, "restapis/*/resources/*").items():
        if "POST" in _methods(record):
            return "/".join(key), record
    raise AssertionError("no resource with a POST method")


@pytest.mark.parametrize(("change", "complaint"), [
    (lambda m: m["methodIntegration"].pop("type"), "resourceMethods[POST].methodIntegration.type' is missing"),
    (lambda m: m["methodResponses"]["200"].update(statusCode=200),
     "resourceMethods[POST].methodResponses[200].statusCode' must be a string, not a whole number"),
    (lambda m: m["methodIntegration"].update(cacheKeyParameters=["a", None]),
     "resourceMethods[POST].methodIntegration.cacheKeyParameters[1]' must be a string, not null"),
    (lambda m: m["requestParameters"].update(q="yes"),
     "resourceMethods[POST].requestParameters[q]' must be a boolean, not a string"),
    (lambda m: m.pop("httpMethod"), "resourceMethods[POST].httpMethod' is missing"),
], ids=["integration-type", "status-code", "list-item", "map-value", "http-method"])
def test_a_method_is_checked_as_stored_inside_its_resource(gwmock, restored, change, complaint):
    document = fresh(restored)
    key, _ = resource_with_methods(document)
    record = records(document, "restapis/*/resources/*")[tuple(key.split("/"))]
    change(record["resourceMethods"]["POST"])
    assert state_kept(gwmock, document).endswith(f"(Resource): member '{complaint}")


def test_a_resource_with_a_parent_needs_its_path_part(gwmock, restored):
    document = fresh(restored)
    _, record = resource_with_methods(document)
    del record["pathPart"]
    assert state_kept(gwmock, document).endswith(
        "(Resource): member 'pathPart' is missing (a record with 'parentId' has one)")


def test_a_deployment_is_checked_down_to_what_its_stages_serve(gwmock, restored):
    document = fresh(restored)
    deployment = next(r for r in records(document, "restapis/*/deployments/*").values() if r["_snapshot"]["resources"])
    resource = next(iter(deployment["_snapshot"]["resources"].values()))
    del resource["path"]
    assert state_kept(gwmock, document).endswith(
        f"(Deployment): member '_snapshot.resources[{resource['id']}].path' is missing")


@pytest.mark.parametrize(("value", "complaint"), [
    (-1, "must be a date: seconds from 1970 to the end of 9999 (at most 253402300799), not -1"),
    (253402300800, "must be a date: seconds from 1970 to the end of 9999 (at most 253402300799), not 253402300800"),
    (1e18, "must be a date: seconds from 1970 to the end of 9999 (at most 253402300799), not 1e+18"),
    (math.nan, "must be a date: seconds from 1970 to the end of 9999 (at most 253402300799), not nan"),
    (math.inf, "must be a date: seconds from 1970 to the end of 9999 (at most 253402300799), not inf"),
    (True, "must be a number, not a boolean"),
    (None, "must be a number, not null"),
], ids=["before-1970", "year-10000", "1e18", "nan", "inf", "bool", "null"])
def test_a_date_botocore_cannot_parse_is_refused(gwmock, restored, value, complaint):
    document = fresh(restored)
    next(iter(records(document, "restapis/*").values()))["createdDate"] = value
    assert state_kept(gwmock, document).endswith(f"(RestApi): member 'createdDate' {complaint}")


def test_a_date_as_a_fraction_of_a_second_is_kept(gwmock, restored):
    document = fresh(restored)
    next(iter(records(document, "restapis/*").values()))["createdDate"] = 1700000000.5
    gwmock.restore(document)
    apis = boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"]
    assert datetime.datetime(2023, 11, 14, 22, 13, 20, 500000, tzinfo=datetime.timezone.utc) in [
        api["createdDate"] for api in apis]


@pytest.mark.parametrize(("pattern", "member", "value", "complaint"), [
    ("restapis/*", "minimumCompressionSize", 1.5, "'minimumCompressionSize' must be a whole number, not a number"),
    ("restapis/*", "minimumCompressionSize", True, "'minimumCompressionSize' must be a whole number, not a boolean"),
    ("usageplans/*", "throttle", {"rateLimit": math.inf}, "'throttle.rateLimit' must be a finite number"),
    ("usageplans/*", "apiStages", [{"apiId": "x"}], "'apiStages[0].stage' is missing"),
    ("restapis/*", "tags", {"t": 1}, "'tags[t]' must be a string, not a whole number"),
    ("restapis/*", "tags", {1: "t"}, "'tags[1]' must have a string as its key"),
    ("v2/apis/*", "CorsConfiguration", None, "'CorsConfiguration' must be an object, not null"),
    ("restapis/*/stages/*", "methodSettings", {"*/*": {"throttlingBurstLimit": "5"}},
     "'methodSettings[*/*].throttlingBurstLimit' must be a whole number, not a string"),
    ("v2/domainnames/*/routingrules/*", "Priority", 1.0, "'Priority' must be a whole number, not a number"),
], ids=["fraction-for-int", "bool-for-int", "infinite", "nested-required", "map-value", "map-key", "null-object",
        "map-of-structs", "float-priority"])
def test_nested_and_numeric_members_are_checked(gwmock, restored, pattern, member, value, complaint):
    document = fresh(restored)
    located(document, pattern)[4][member] = value
    assert state_kept(gwmock, document) == prefix(restored, pattern) + complaint


@pytest.mark.parametrize(("pattern", "change", "complaint"), [
    ("restapis/*/models/*", lambda r: r.update(schema="{not json"),
     "'schema' must be the JSON text of an object (a JSON schema)"),
    ("restapis/*/models/*", lambda r: r.update(schema="[1]"),
     "'schema' must be the JSON text of an object (a JSON schema)"),
    ("restapis/*/models/*", lambda r: r.update(schema="[" * 200 + "]" * 200),
     "'schema' must be the JSON text of an object (a JSON schema)"),
    ("v2/apis/*/models/*", lambda r: r.update(Schema=""),
     "'Schema' must be the JSON text of an object (a JSON schema)"),
    ("restapis/*/gatewayresponses/*", lambda r: r.update(statusCode="4xx"),
     "'statusCode' must be an HTTP status code ([1-5]\\d\\d), not '4xx'"),
    ("restapis/*/documentationparts/*", lambda r: r["location"].update(type="api"),
     "'location.type' must be one of API, AUTHORIZER, MODEL, RESOURCE, METHOD, PATH_PARAMETER, QUERY_PARAMETER, "
     "REQUEST_HEADER, REQUEST_BODY, RESPONSE, RESPONSE_HEADER, RESPONSE_BODY; not 'api'"),
    ("domainnameaccessassociations/*", lambda r: r.update(domainNameAccessAssociationArn="arn:aws:apigateway:x"),
     "'domainNameAccessAssociationArn' must end in ':/domainnameaccessassociations/"),
], ids=["schema-not-json", "schema-a-list", "schema-too-deep", "v2-schema-empty", "status-code", "location-type",
        "association-arn"])
def test_strings_gwmock_reads_as_more_than_text_are_checked(gwmock, restored, pattern, change, complaint):
    """Found by sweeping every string member with "" and "}x": GetModel and GetModelTemplate parsed the
    schema (500 JSONDecodeError), a gateway response's status became int() on the data plane,
    ImportDocumentationParts looked the location type up, DeleteDomainName split the ARN for the key."""
    document = fresh(restored)
    change(located(document, pattern)[4])
    message = state_kept(gwmock, document)
    assert message.startswith(prefix(restored, pattern) + complaint), message


def test_the_root_resource_has_the_path_slash(gwmock, restored):
    document = fresh(restored)
    root = next(r for r in records(document, "restapis/*/resources/*").values() if "parentId" not in r)
    root["path"] = "/x"
    assert state_kept(gwmock, document).endswith(
        "(Resource): member 'path' must be '/' in a record without 'parentId'")


def test_a_private_domain_name_is_keyed_by_its_name_and_id(gwmock, restored):
    document = fresh(restored)
    key, record = next((k, r) for k, r in records(document, "domainnames/*").items() if "domainNameId" in r)
    record["domainNameId"] = "other"
    message = state_kept(gwmock, document)
    assert message.endswith(f"member 'domainName' is 'private.example.com+other', not the record's key {key[-1]!r}")


def test_the_null_cors_of_an_http_deployment_is_kept(gwmock, restored):
    cors = [r["CorsConfiguration"] for r in records(restored, "v2/apis/*/deployments/*/snapshot").values()]
    assert None in cors  # gwmock writes it for an API without CORS
    gwmock.restore(fresh(restored))
    assert gwmock.snapshot() == restored


def test_unknown_collections_members_and_keys_are_kept(gwmock, restored):
    document = fresh(restored)
    next(iter(records(document, "restapis/*").values()))["gwmockLater"] = {"anything": [1, None]}
    document["collections"] += [
        [["a"], [["x", {"v": 1}]]],
        [[ACCOUNT, REGION, "moto_things"], [["t", {"id": 5}]]],
        [[ACCOUNT, REGION, "restapis", "nope", "unknowns"], [["u", {}]]],
        [[ACCOUNT, REGION, "restapis", "nope"], [["marker", {"created": "not a boolean"}]]],
    ]
    gwmock.restore(document)
    assert gwmock.snapshot() == document
    list_and_get(document)


def test_the_first_bad_record_is_named_even_after_many_good_ones(gwmock):
    good = [[f"api{n}", {"id": f"api{n}", "name": "n", "endpointConfiguration": {"types": ["EDGE"],
                                                                                 "ipAddressType": "ipv4"}}]
            for n in range(2000)]
    bad = good + [["last", {"id": "last", "name": 7, "endpointConfiguration": {"types": [], "ipAddressType": "ipv4"}}]]
    message = state_kept(gwmock, {"format": FORMAT, "collections": [[[ACCOUNT, REGION, "restapis"], bad]]})
    assert message == (f"snapshot collections[0] ({ACCOUNT}/{REGION}/restapis) record 'last' (RestApi): "
                       "member 'name' must be a string, not a whole number")
    gwmock.restore({"format": FORMAT, "collections": [[[ACCOUNT, REGION, "restapis"], good]]})
    assert len(boto3.client("apigateway", region_name=REGION).get_rest_apis(limit=500)["items"]) == 500


def test_hostile_names_are_cut_short_in_the_message(gwmock):
    long = "k" * 100_000
    document = {"format": FORMAT, "collections": [[[ACCOUNT, REGION, "restapis"], [[long, {
        "id": "x", "name": "n", "endpointConfiguration": {"types": ["EDGE"], "ipAddressType": "ipv4"},
        "tags": {long: 1}}]]]]}
    message = state_kept(gwmock, document)
    assert len(message) < 400
    assert "must be a string, not a whole number" in message


def test_sqlite_state_is_kept_when_a_restore_is_refused(tmp_path, rich):
    document, _ = rich
    with mock_apigateway(state=f"sqlite:///{tmp_path}/s.db") as gw:
        gw.restore(fresh(document))
        bad = fresh(document)
        located(bad, "v2/apis/*/routes/*")[4].pop("RouteKey")
        assert "(apigatewayv2 Route): member 'RouteKey' is missing" in state_kept(gw, bad)


def test_load_refuses_a_bad_snapshot_before_the_mock_starts(rich):
    document = fresh(rich[0])
    located(document, "restapis/*/stages/*")[4].pop("deploymentId")
    with pytest.raises(SnapshotError, match=re.escape("(Stage): member 'deploymentId' is missing")), \
            mock_apigateway(load=document):
        pass


def test_the_server_answers_400_naming_the_member_and_keeps_its_state():
    import http.client

    from gwmock.server import start

    running = start(timeout=1.0)
    try:
        client = boto3.client("apigateway", region_name=REGION, endpoint_url=running.url, aws_access_key_id="testing",
                              aws_secret_access_key="x")
        client.create_rest_api(name="kept")
        before = running.backend.dump()
        body = json.dumps({"format": FORMAT, "collections": [[[ACCOUNT, REGION, "restapis", "abc", "stages"], [
            ["dev", {"stageName": "dev", "cacheClusterEnabled": False, "methodSettings": {}}]]]]}).encode()
        conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=10)
        conn.request("POST", "/_gwmock/restore", body=body, headers={"Content-Type": "application/json"})
        answer = conn.getresponse()
        status, payload = answer.status, json.loads(answer.read())
        conn.close()
        where = f"{ACCOUNT}/{REGION}/restapis/abc/stages"
        assert (status, payload) == (400, {"message": f"snapshot collections[0] ({where}) record 'dev' (Stage): "
                                                      "member 'deploymentId' is missing"})
        assert running.backend.dump() == before
    finally:
        running.stop()


# --- the table against botocore's model ------------------------------------------------------------------

# Members gwmock keeps that the output shapes lack (see the module docstring of gwmock/state/shapes.py).
OWN_MEMBERS = {("Deployment", "_snapshot"), ("DocumentationVersion", "parts"), ("BasePathMapping", "apiMappingId"),
               ("v2.ProductRestEndpointPage", "Overrides"), ("Model", "_order"), ("Stage", "_endpointDisabled")}
# Structs named otherwise than their shape: the output shape each mirrors.
SHAPE_OF = {"DomainEndpointConfiguration": "EndpointConfiguration", "v2.Portal": "GetPortalResponse",
            "v2.PortalProduct": "GetPortalProductResponse", "v2.ProductPage": "GetProductPageResponse",
            "v2.ProductRestEndpointPage": "GetProductRestEndpointPageResponse",
            "v2.SharingPolicy": "GetPortalProductSharingPolicyResponse"}
TYPE_OF = {"string": "str", "boolean": "bool", "integer": "int", "long": "int", "double": "num", "float": "num",
           "timestamp": "date"}


def model_spec(shape: Any, prefix: str) -> str:
    kind = shape.type_name
    if kind in TYPE_OF:
        return TYPE_OF[kind]
    if kind == "list":
        return f"[{model_spec(shape.member, prefix)}]"
    if kind == "map":
        return "{" + model_spec(shape.value, prefix) + "}"
    return "struct"


def spec_kind(text: str) -> str:
    """A spec with struct names as ``struct``, strings of a form as ``str``, without ``!`` and ``?``."""
    text = re.sub(r"\([A-Z_|]+\)|status|schema", "str", text.rstrip("!?"))
    scalars = {*TYPE_OF.values(), "obj"}
    return re.sub(r"[A-Za-z_][A-Za-z0-9_.]*", lambda m: m.group(0) if m.group(0) in scalars else "struct", text)


def test_every_member_of_the_table_is_the_models_with_its_type():
    session = botocore.session.get_session()
    models = {"": session.get_service_model("apigateway"), "v2.": session.get_service_model("apigatewayv2")}
    # an older botocore (the oldest supported, 1.34) lacks the members and shapes added since: only a
    # model that has the newest of them (routing rules) must hold every member of the table
    current = "RoutingRule" in models["v2."].shape_names
    checked = 0
    for name, spec in shapes.STRUCTS.items():
        prefix = "v2." if name.startswith("v2.") else ""
        shape_name = SHAPE_OF.get(name, name[len(prefix):])
        if shape_name.startswith("_"):
            continue  # gwmock's own records
        if not current and shape_name not in models[prefix].shape_names:
            continue
        shape = models[prefix].shape_for(shape_name)
        for member, text in spec.items():
            if (name, member) in OWN_MEMBERS or (not current and member not in shape.members):
                continue
            assert member in shape.members, f"{name}.{member} is not in botocore's {shape_name}"
            expected = model_spec(shape.members[member], prefix)
            assert spec_kind(text) == expected or (spec_kind(text) == "obj" and expected == "struct"), (name, member)
            checked += 1
    assert checked > (300 if current else 200)


def test_every_member_a_key_is_made_of_is_required_or_optional_by_design():
    for pattern, (struct, ids) in shapes.KINDS.items():
        spec = shapes.STRUCTS[struct]
        assert ids == () or spec[ids[0]].endswith("!"), pattern  # the key's first part always exists
        assert all(member in spec for member in ids), pattern


def test_every_struct_the_table_names_is_defined():
    names = set(shapes.STRUCTS)
    assert {struct for struct, _ in shapes.KINDS.values()} <= names
    for spec in shapes.STRUCTS.values():
        for text in spec.values():
            for word in re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", text):
                assert word in names or word in ("str", "bool", "int", "num", "date", "obj", "status", "schema") \
                    or re.fullmatch(r"[A-Z_]+", word), word


# --- fuzz: drop a member, change a type --------------------------------------------------------------------


def paths_of(value: Any, path: tuple[Any, ...] = (), depth: int = 0) -> list[tuple[Any, ...]]:
    """Every member, item and entry below ``value`` (up to five levels down)."""
    if depth == 5:
        return []
    found: list[tuple[Any, ...]] = []
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        found.append(path + (key,))
        found += paths_of(child, path + (key,), depth + 1)
    return found


@pytest.fixture(scope="module")
def targets(rich) -> list[tuple[int, int, tuple[Any, ...]]]:
    document, _ = rich
    found = []
    for i, (_, items) in enumerate(document["collections"]):
        for j, (_, record) in enumerate(items):
            found += [(i, j, path) for path in paths_of(record)]  # unnamed validators included
    return found


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2, 2**40), st.floats(), st.text(max_size=3),
                   st.just({}), st.just([]), st.just(["x"]), st.just({"x": "y"}))


def other_type(value: Any) -> Any:
    """Values of a JSON type other than ``value``'s (an int and a float are both numbers)."""
    kind = float if type(value) is int else type(value)
    return VALUES.filter(lambda v: (float if type(v) is int else type(v)) is not kind)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_a_mutated_snapshot_is_refused_or_every_list_and_get_answers(gwmock, rich, targets, data):
    document, _ = rich
    gwmock.restore(fresh(document))
    mutated = fresh(document)
    i, j, path = data.draw(st.sampled_from(targets), label="target")
    parent = mutated["collections"][i][1][j][1]
    for step in path[:-1]:
        parent = parent[step]
    if data.draw(st.booleans(), label="drop"):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(other_type(parent[path[-1]]), label="value")
    try:
        gwmock.restore(mutated)
    except SnapshotError:
        assert gwmock.snapshot() == document
        return
    list_and_get(mutated)
