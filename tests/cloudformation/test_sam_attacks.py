"""Adversarial SAM and CloudFormation deployments: what users of SAM, CDK and plain CloudFormation write
every day, deployed, inspected with boto3 against what the translated template declares, and called."""

from __future__ import annotations

import base64
import json
import textwrap
import time

import pytest
import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from gwmock.cloudformation import TemplateError

HANDLER = textwrap.dedent("""
    import json
    def handler(event, context):
        return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                "body": json.dumps({"path": event.get("path") or event.get("rawPath"),
                                    "qs": event.get("queryStringParameters"),
                                    "ctx": (event.get("requestContext") or {}).get("authorizer"),
                                    "stage": (event.get("requestContext") or {}).get("stage"),
                                    "vars": event.get("stageVariables")})}
    def auth(event, context):
        token = event.get("authorizationToken") or (event.get("headers") or {}).get("Authorization")
        effect = "Allow" if token == "letmein" else "Deny"
        return {"principalId": "u1", "context": {"who": "u1"}, "policyDocument": {"Version": "2012-10-17",
                "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
""")


def deploy(gwmock, tmp_path, body, more="", **kwargs):
    """Write ``body`` (YAML under a SAM header with a python fn folder) and deploy it."""
    (tmp_path / "fn").mkdir(exist_ok=True)
    (tmp_path / "fn" / "app.py").write_text(HANDLER)
    header = "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: {Runtime: python3.12, CodeUri: fn}\n"
    (tmp_path / "template.yaml").write_text(header + textwrap.dedent(body) + more)
    return gwmock.deploy_template(tmp_path / "template.yaml", **kwargs)


def url(api_id, stage, path=""):
    stage_part = "" if stage == "$default" else f"/{stage}"
    return f"https://{api_id}.execute-api.us-east-1.amazonaws.com{stage_part}{path}"


FN = """
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}
"""


def test_implicit_rest_api_prod_stage_and_output_sub_url(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: Api, Properties: {Path: /hello, Method: get}}
        Outputs:
          Url:
            Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"
        """)
    api_id = stack.resources["ServerlessRestApi"]
    assert stack.outputs["Url"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/Prod/"
    assert sorted(s["stageName"] for s in apigateway.get_stages(restApiId=api_id)["item"]) == ["Prod", "Stage"]
    response = requests.get(stack.outputs["Url"] + "hello?x=1")
    assert response.status_code == 200
    assert response.json()["path"] == "/hello"
    assert response.json()["qs"] == {"x": "1"}
    assert response.json()["stage"] == "Prod"


@pytest.mark.parametrize("cors", ["\"'*'\"", "{AllowOrigin: \"'https://a.example'\", AllowMethods: \"'GET,POST'\","
                                           " AllowHeaders: \"'X-Custom'\", MaxAge: \"'600'\"}"])
def test_cors_creates_options_methods_that_answer_preflight(gwmock, apigateway, tmp_path, cors):
    stack = deploy(gwmock, tmp_path, f"""
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties: {{StageName: dev, Cors: {cors}}}
        """, FN)
    api_id = stack.resources["Api"]
    resources = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    assert sorted(resources["/items"]["resourceMethods"]) == ["GET", "OPTIONS"]
    options = apigateway.get_method(restApiId=api_id, resourceId=resources["/items"]["id"], httpMethod="OPTIONS")
    assert options["authorizationType"] == "NONE"
    assert options["methodIntegration"]["type"] == "MOCK"
    preflight = requests.options(url(api_id, "dev", "/items"), headers={
        "Origin": "https://a.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    expected_origin = "*" if cors.startswith('"') else "https://a.example"
    assert preflight.headers["Access-Control-Allow-Origin"] == expected_origin
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    if not cors.startswith('"'):
        assert preflight.headers["Access-Control-Allow-Headers"] == "X-Custom"
        assert preflight.headers["Access-Control-Max-Age"] == "600"


def test_cognito_authorizer_and_api_key_required(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Auth:
                DefaultAuthorizer: Cognito
                ApiKeyRequired: true
                Authorizers:
                  Cognito:
                    UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc
        """, FN)
    api_id = stack.resources["Api"]
    authorizers = apigateway.get_authorizers(restApiId=api_id)["items"]
    assert [(a["name"], a["type"], a["providerARNs"], a["identitySource"]) for a in authorizers] == [
        ("Cognito", "COGNITO_USER_POOLS", ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"],
         "method.request.header.Authorization")]
    resources = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    method = apigateway.get_method(restApiId=api_id, resourceId=resources["/items"]["id"], httpMethod="GET")
    assert (method["authorizationType"], method["authorizerId"], method["apiKeyRequired"]) == (
        "COGNITO_USER_POOLS", authorizers[0]["id"], True)
    assert requests.get(url(api_id, "dev", "/items")).status_code in (401, 403)


@pytest.mark.parametrize(("reauthorize", "missing_status"), [
    # identity sources are checked before the Lambda runs only when caching is on (the authorizer's
    # identitySource reference); with ReauthorizeEvery: 0 the Lambda sees the request and denies it
    ("300", 401), ("0", 403)])
def test_lambda_request_authorizer(gwmock, apigateway, tmp_path, reauthorize, missing_status):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Auth:
                DefaultAuthorizer: Req
                Authorizers:
                  Req:
                    FunctionArn: !GetAtt AuthFn.Arn
                    FunctionPayloadType: REQUEST
                    Identity: {Headers: [Authorization], ReauthorizeEvery: REAUTH}
          AuthFn:
            Type: AWS::Serverless::Function
            Properties: {Handler: app.auth}
        """.replace("REAUTH", reauthorize), FN)
    api_id = stack.resources["Api"]
    authorizers = apigateway.get_authorizers(restApiId=api_id)["items"]
    assert [(a["name"], a["type"], a["identitySource"], a.get("authorizerResultTtlInSeconds")) for a in authorizers] \
        == [("Req", "REQUEST", "method.request.header.Authorization", int(reauthorize))]
    assert requests.get(url(api_id, "dev", "/items")).status_code == missing_status
    assert requests.get(url(api_id, "dev", "/items"), headers={"Authorization": "no"}).status_code == 403
    allowed = requests.get(url(api_id, "dev", "/items"), headers={"Authorization": "letmein"})
    assert allowed.status_code == 200
    assert allowed.json()["ctx"]["who"] == "u1"


def test_stage_variables_method_settings_cache_binary_and_endpoint(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Variables: {colour: blue}
              CacheClusterEnabled: true
              CacheClusterSize: "0.5"
              BinaryMediaTypes: ["image~1png"]
              EndpointConfiguration: REGIONAL
              TracingEnabled: true
              MethodSettings:
                - {HttpMethod: "*", ResourcePath: "/*", MetricsEnabled: true, ThrottlingBurstLimit: 7}
        """, FN)
    api_id = stack.resources["Api"]
    api = apigateway.get_rest_api(restApiId=api_id)
    assert api["binaryMediaTypes"] == ["image/png"]
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]
    stage = apigateway.get_stage(restApiId=api_id, stageName="dev")
    assert stage["variables"] == {"colour": "blue"}
    assert (stage["cacheClusterEnabled"], stage["cacheClusterSize"], stage["tracingEnabled"]) == (True, "0.5", True)
    assert stage["methodSettings"]["*/*"]["metricsEnabled"] is True
    assert stage["methodSettings"]["*/*"]["throttlingBurstLimit"] == 7
    assert requests.get(url(api_id, "dev", "/items")).json()["vars"] == {"colour": "blue"}


def test_gateway_responses(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              GatewayResponses:
                MISSING_AUTHENTICATION_TOKEN:
                  StatusCode: 404
                  ResponseParameters:
                    Headers: {Access-Control-Allow-Origin: "'*'"}
                  ResponseTemplates:
                    application/json: '{"message": "nothing here"}'
        """, FN)
    api_id = stack.resources["Api"]
    response = apigateway.get_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert response["statusCode"] == "404"
    assert response["responseParameters"] == {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}
    missing = requests.get(url(api_id, "dev", "/nowhere"))
    assert missing.status_code == 404
    assert missing.json() == {"message": "nothing here"}
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


def test_usage_plan_shared_and_resource_policy(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Auth:
                ApiKeyRequired: true
                UsagePlan: {CreateUsagePlan: SHARED, Throttle: {RateLimit: 5, BurstLimit: 10}}
                ResourcePolicy:
                  IpRangeBlacklist: ["10.0.0.0/8"]
        """, FN)
    api_id = stack.resources["Api"]
    plans = apigateway.get_usage_plans()["items"]
    assert [(p["apiStages"], p["throttle"]) for p in plans] == [
        ([{"apiId": api_id, "stage": "dev"}], {"rateLimit": 5.0, "burstLimit": 10})]
    assert "ServerlessUsagePlan" in stack.resources
    policy = apigateway.get_rest_api(restApiId=api_id)["policy"]
    assert "10.0.0.0/8" in policy.replace("\\/", "/")


def test_request_parameters_on_an_api_event(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties: {StageName: dev}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get:
                  Type: Api
                  Properties:
                    RestApiId: !Ref Api
                    Path: /items
                    Method: get
                    RequestParameters:
                      - method.request.querystring.q: {Required: true, Caching: false}
                      - method.request.header.X-Id
        """)
    api_id = stack.resources["Api"]
    resources = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    method = apigateway.get_method(restApiId=api_id, resourceId=resources["/items"]["id"], httpMethod="GET")
    assert method["requestParameters"] == {"method.request.querystring.q": True, "method.request.header.X-Id": False}
    assert requests.get(url(api_id, "dev", "/items?q=1")).status_code == 200


def test_http_api_cors_stage_variables_route_settings_and_lambda_authorizer(gwmock, apigatewayv2, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              FailOnWarnings: true
              StageVariables: {colour: red}
              RouteSettings:
                "GET /items": {ThrottlingBurstLimit: 3}
              CorsConfiguration:
                AllowOrigins: ["https://a.example"]
                AllowMethods: [GET]
                MaxAge: 60
              Auth:
                DefaultAuthorizer: LambdaAuth
                Authorizers:
                  LambdaAuth:
                    FunctionArn: !GetAtt AuthFn.Arn
                    AuthorizerPayloadFormatVersion: "2.0"
                    EnableSimpleResponses: true
                    Identity: {Headers: [Authorization]}
          AuthFn:
            Type: AWS::Serverless::Function
            Properties: {Handler: app.auth}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: HttpApi, Properties: {ApiId: !Ref HttpApi, Path: /items, Method: get}}
        """)
    api_id = stack.resources["HttpApi"]
    api = apigatewayv2.get_api(ApiId=api_id)
    assert api["CorsConfiguration"]["AllowOrigins"] == ["https://a.example"]
    assert api["CorsConfiguration"]["MaxAge"] == 60
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")
    assert stage["StageVariables"] == {"colour": "red"}
    assert stage["RouteSettings"]["GET /items"]["ThrottlingBurstLimit"] == 3
    authorizers = apigatewayv2.get_authorizers(ApiId=api_id)["Items"]
    assert [(a["Name"], a["AuthorizerType"], a["AuthorizerPayloadFormatVersion"], a["EnableSimpleResponses"])
            for a in authorizers] == [("LambdaAuth", "REQUEST", "2.0", True)]
    routes = apigatewayv2.get_routes(ApiId=api_id)["Items"]
    assert [(r["RouteKey"], r["AuthorizationType"]) for r in routes] == [("GET /items", "CUSTOM")]
    assert requests.get(url(api_id, "$default", "/items")).status_code == 401
    preflight = requests.options(url(api_id, "$default", "/items"), headers={
        "Origin": "https://a.example", "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://a.example"


def test_implicit_http_api_default_stage(gwmock, apigatewayv2, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: HttpApi, Properties: {Path: "/items/{id}", Method: get}}
        Outputs:
          Url: {Value: !Sub "https://${ServerlessHttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/"}
        """)
    api_id = stack.resources["ServerlessHttpApi"]
    assert stack.outputs["Url"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/"
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")
    assert stage["AutoDeploy"] is True
    response = requests.get(stack.outputs["Url"] + "items/7")
    assert response.status_code == 200
    assert response.json()["path"] == "/items/7"


def test_open_api_version_3_drops_the_stage_stage(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Globals:
          Api: {OpenApiVersion: "3.0.1"}
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: Api, Properties: {Path: /hello, Method: get}}
        """.replace("Globals:\n  Api", "  Api", 1) if False else """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: Api, Properties: {Path: /hello, Method: get}}
        """)
    assert "ServerlessRestApi" in stack.resources


SAM = "AWS::Serverless-2016-10-31"
SAM_FAILED = f"Transform {SAM} failed with: "
ONE_ERROR = "Invalid Serverless Application Specification document. Number of errors found: 1. "
NOT_OBJECTS = "All 'Resources' must be Objects. If you're using YAML, this may be an indentation issue."


def sam(resources):
    return {"Transform": SAM, "Resources": resources}


@pytest.mark.parametrize("kind", ["AWS::Foo::Bar", "AWS::Lamda::Function", "AWS::S3Bucket", "AWS::S3::Bucket::Extra",
                                  "AWS::Lambda::Function-1", "AWS::ApiGatewayV2::Nope", "AWS::Serverless::Function"])
def test_unknown_resource_types_are_refused_before_anything_is_made(gwmock, kind):
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
                              "X": {"Type": kind, "Properties": {}}}}
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(template)
    assert str(caught.value) == f"Template format error: Unrecognized resource types: [{kind}]"
    assert gwmock.snapshot() == before


@pytest.mark.parametrize("kind", ["AWS::Lambda::Permission", "AWS::CloudFormation::CustomResource", "Custom::Seed",
                                  "Alexa::ASK::Skill", "MyOrg::Service::Thing"])
def test_types_of_known_namespaces_and_other_organisations_are_kept(gwmock, kind):
    stack = gwmock.deploy_template({"Resources": {"X": {"Type": kind, "Properties": {}}}})
    assert stack.not_created == ["X"]


def test_every_namespace_cfn_lint_knows_is_known():
    schema = pytest.importorskip("cfnlint.schema")
    from gwmock.cloudformation.schema import AWS_SERVICES

    known = {kind.split("::")[1] for kind in schema.PROVIDER_SCHEMA_MANAGER.get_resource_types("us-east-1")
             if kind.startswith("AWS::")}
    # A newer cfn-lint (a fresh install resolves the newest) may know a service added since the list
    # was taken: a few are tolerated, so CI holds; more means the list needs refreshing from cfn-lint.
    assert len(known - AWS_SERVICES) <= 5, sorted(known - AWS_SERVICES)
    assert len(known & AWS_SERVICES) >= 250


@pytest.mark.parametrize(("template", "message"), [
    (sam({"Fn": {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": "a.b", "Runtime": "python3.12", "InlineCode": "x",
        "Events": {"E": {"Type": "Api", "Properties": {"Path": "/x"}}}}}}),
     SAM_FAILED + ONE_ERROR + "Resource with id [Fn] is invalid. Event with id [E] is invalid. Property 'Method' is "
                  "required."),
    ({"Resources": {"A": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}, "DependsOn": "B"},
                    "B": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "b"}, "DependsOn": "A"}}},
     "Circular dependency between resources: [A, B]"),
    ({"Resources": []}, "Template format error: At least one Resources member must be defined."),
    (sam({"Api": {"Type": "AWS::Serverless::Api"}}),
     SAM_FAILED + ONE_ERROR + "Resource with id [Api] is invalid. Missing required property 'StageName'."),
    (sam({"Api": {"Type": "AWS::Serverless::HttpApi", "Properties": {"Auth": {"DefaultAuthorizer": "Nope"}}}}),
     SAM_FAILED + ONE_ERROR + "Resource with id [Api] is invalid. Unable to set DefaultAuthorizer because "
                              "'Nope' was not defined in 'Authorizers'."),
    # the translator's own structure checks: a TemplateError, not the translator's exception or a TypeError
    (sam("nope"), SAM_FAILED + ONE_ERROR + "Structure of the SAM template is invalid. 'Resources' section is required"),
    (sam({"Api": "nope"}), SAM_FAILED + ONE_ERROR + "Structure of the SAM template is invalid. " + NOT_OBJECTS),
    (sam({"Api": ["nope"]}), SAM_FAILED + ONE_ERROR + "Structure of the SAM template is invalid. " + NOT_OBJECTS),
])
def test_invalid_templates_fail_in_cloudformation_wording(gwmock, template, message):
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(template)
    assert str(caught.value) == message
    assert gwmock.snapshot() == before


OPENAPI = """openapi: 3.0.1
info: {title: included, version: '1'}
paths:
  /ping:
    get:
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: '200', responseTemplates: {application/json: '{"pong": true}'}}}
"""


def include_api(location):
    return f"""
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              DefinitionBody:
                Fn::Transform:
                  Name: AWS::Include
                  Parameters: {{Location: "{location}"}}
        """


def test_definition_body_from_an_aws_include_local_asset(gwmock, apigateway, tmp_path):
    (tmp_path / "api.yaml").write_text(OPENAPI)
    stack = deploy(gwmock, tmp_path, include_api("api.yaml"))
    api_id = stack.resources["Api"]
    assert sorted(r["path"] for r in apigateway.get_resources(restApiId=api_id)["items"]) == ["/", "/ping"]
    assert requests.get(url(api_id, "dev", "/ping")).json() == {"pong": True}


@pytest.mark.parametrize(("location", "reason"), [
    ("s3://my-bucket/api.yaml", "AWS::Include Location s3://my-bucket/api.yaml: gwmock reads s3://my-bucket/api.yaml "
                                "from moto only, and moto's mock_aws is not active"),
    ("https://my-bucket.s3.amazonaws.com/api.yaml", "must be an Amazon S3 URI (s3://bucket/key)"),
    ("../outside.yaml", "AWS::Include Location"),
    ("missing.yaml", "AWS::Include Location 'missing.yaml' is not a file beside the template"),
])
def test_aws_include_of_a_remote_or_missing_location_fails_locally(gwmock, tmp_path, location, reason):
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        deploy(gwmock, tmp_path, include_api(location))
    assert reason in str(caught.value)
    assert (caught.value.logical_id, caught.value.prop) == ("Api", "DefinitionBody")
    assert gwmock.snapshot() == before


# SAM's Api reference: "Setting this property to any valid value will also remove the stage Stage"
# (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html)
@pytest.mark.parametrize(("version", "stages"), [(None, ["Prod", "Stage"]), ("'3.0'", ["Prod"]),
                                                  ("'2.0'", ["Prod"])])
def test_open_api_version_decides_the_extra_stage_stage(gwmock, apigateway, tmp_path, version, stages):
    globals_ = f"  Api: {{OpenApiVersion: {version}}}\n" if version else ""
    (tmp_path / "fn").mkdir()
    (tmp_path / "fn" / "app.py").write_text(HANDLER)
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: {Runtime: python3.12, CodeUri: fn}\n"
        + globals_ + textwrap.dedent("""
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: Api, Properties: {Path: /hello, Method: get}}
        """))
    stack = gwmock.deploy_template(tmp_path / "template.yaml")
    api_id = stack.resources["ServerlessRestApi"]
    assert sorted(s["stageName"] for s in apigateway.get_stages(restApiId=api_id)["item"]) == stages
    assert requests.get(url(api_id, "Prod", "/hello")).status_code == 200


def test_per_event_auth_override_and_access_log_settings(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              AccessLogSetting:
                DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:api
                Format: $context.requestId
              Auth:
                DefaultAuthorizer: Tok
                AddDefaultAuthorizerToCorsPreflight: false
                Authorizers:
                  Tok: {FunctionArn: !GetAtt AuthFn.Arn}
              Cors: "'*'"
          AuthFn:
            Type: AWS::Serverless::Function
            Properties: {Handler: app.auth}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Open:
                  Type: Api
                  Properties: {RestApiId: !Ref Api, Path: /open, Method: get, Auth: {Authorizer: NONE}}
                Closed: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /closed, Method: get}}
        """)
    api_id = stack.resources["Api"]
    resources = {r["path"]: r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"]}

    def auth(path, verb):
        method = apigateway.get_method(restApiId=api_id, resourceId=resources[path], httpMethod=verb)
        return method["authorizationType"]

    assert (auth("/open", "GET"), auth("/closed", "GET"), auth("/closed", "OPTIONS")) == ("NONE", "CUSTOM", "NONE")
    assert apigateway.get_stage(restApiId=api_id, stageName="dev")["accessLogSettings"] == {
        "destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:api", "format": "$context.requestId"}
    assert requests.get(url(api_id, "dev", "/open")).status_code == 200
    assert requests.get(url(api_id, "dev", "/closed")).status_code == 401
    assert requests.get(url(api_id, "dev", "/closed"), headers={"Authorization": "letmein"}).status_code == 200
    assert requests.options(url(api_id, "dev", "/closed")).status_code == 200


def test_custom_domains_of_a_rest_api_and_an_http_api(gwmock, apigateway, apigatewayv2, tmp_path):
    cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    stack = deploy(gwmock, tmp_path, f"""
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Domain: {{DomainName: api.example.com, CertificateArn: {cert}, BasePath: [v1],
                        EndpointConfiguration: REGIONAL}}
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              Domain: {{DomainName: http.example.com, CertificateArn: {cert}, BasePath: [v2]}}
          HttpFn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {{Type: HttpApi, Properties: {{ApiId: !Ref HttpApi, Path: /items, Method: get}}}}
        """, FN)
    domain = apigateway.get_domain_name(domainName="api.example.com")
    assert (domain["regionalCertificateArn"], domain["endpointConfiguration"]["types"]) == (cert, ["REGIONAL"])
    mappings = apigateway.get_base_path_mappings(domainName="api.example.com")["items"]
    assert mappings == [{"basePath": "v1", "restApiId": stack.resources["Api"], "stage": "dev"}]
    v2_mappings = apigatewayv2.get_api_mappings(DomainName="http.example.com")["Items"]
    assert [(m["ApiMappingKey"], m["ApiId"], m["Stage"]) for m in v2_mappings] == [
        ("v2", stack.resources["HttpApi"], "$default")]
    assert requests.get("https://api.example.com/v1/items").status_code == 200
    assert requests.get("https://http.example.com/v2/items").status_code == 200


def test_http_api_definition_body_and_disable_execute_api_endpoint(gwmock, apigatewayv2, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              StageName: live
              DisableExecuteApiEndpoint: true
              DefinitionBody:
                openapi: "3.0.1"
                info: {title: defined, version: "1"}
                paths:
                  /items:
                    get:
                      x-amazon-apigateway-integration:
                        type: aws_proxy
                        httpMethod: POST
                        payloadFormatVersion: "2.0"
                        uri: !Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/\
                          ${Fn.Arn}/invocations"
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Handler: app.handler}
        """)
    api_id = stack.resources["HttpApi"]
    api = apigatewayv2.get_api(ApiId=api_id)
    assert (api["Name"], api["DisableExecuteApiEndpoint"]) == ("defined", True)
    assert [r["RouteKey"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]] == ["GET /items"]
    assert [s["StageName"] for s in apigatewayv2.get_stages(ApiId=api_id)["Items"]] == ["live"]
    assert requests.get(url(api_id, "live", "/items")).status_code == 403


@pytest.mark.parametrize(("given", "expected"), [(["image~1png", "*~1*"], ["image/png", "*/*"]),
                                                 (["image/png"], ["image/png"]),
                                                 (["image~1png", "image/png"], ["image/png"])])
def test_plain_cloudformation_binary_media_types_unescape_slashes(gwmock, apigateway, given, expected):
    # the RestApi reference: "Slashes must be escaped with ~1" (AWS::ApiGateway::RestApi BinaryMediaTypes);
    # SAM passes its ~1 form through: https://github.com/aws/serverless-application-model/pull/1043
    stack = gwmock.deploy_template({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "bin", "BinaryMediaTypes": given}}}})
    assert apigateway.get_rest_api(restApiId=stack.resources["Api"])["binaryMediaTypes"] == expected


def test_shared_usage_plan_spans_two_apis_and_parameters_name_the_stage(gwmock, apigateway, tmp_path):
    api = """
  Api{n}:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      Variables: {{who: !Ref Stage}}
      Name: api-{n}
      Description: the {n}
      MinimumCompressionSize: 1024
      Tags: {{team: core}}
      Auth: {{ApiKeyRequired: true, UsagePlan: {{CreateUsagePlan: SHARED}}}}"""
    stack = deploy(gwmock, tmp_path, "Parameters:\n  Stage: {Type: String, Default: beta}\nResources:"
                   + api.format(n=1) + api.format(n=2) + """
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        A: {Type: Api, Properties: {RestApiId: !Ref Api1, Path: /a, Method: get}}
        B: {Type: Api, Properties: {RestApiId: !Ref Api2, Path: /b, Method: get}}
Outputs:
  Root: {Value: !GetAtt Api1.RootResourceId}
  Stage: {Value: !Ref Api1Stage}
""", parameters={"Stage": "gamma"})
    ids = stack.resources["Api1"], stack.resources["Api2"]
    plans = apigateway.get_usage_plans()["items"]
    assert len(plans) == 1
    assert sorted((s["apiId"], s["stage"]) for s in plans[0]["apiStages"]) == sorted((i, "gamma") for i in ids)
    api1 = apigateway.get_rest_api(restApiId=ids[0])
    assert (api1["name"], api1["description"], api1["minimumCompressionSize"]) == ("api-1", "the 1", 1024)
    stage = apigateway.get_stage(restApiId=ids[0], stageName="gamma")
    # SAM's Api Tags tag the stage ("the tags to be added to this API Gateway stage"), not the API
    assert (stage["variables"], stage["tags"]["team"], "team" in api1["tags"]) == ({"who": "gamma"}, "core", False)
    assert stack.outputs == {"Root": api1["rootResourceId"], "Stage": "gamma"}
    key = apigateway.create_api_key(name="k", enabled=True)
    apigateway.create_usage_plan_key(usagePlanId=plans[0]["id"], keyId=key["id"], keyType="API_KEY")
    for api_id, path in zip(ids, ("/a", "/b"), strict=True):
        assert requests.get(url(api_id, "gamma", path)).status_code == 403
        answer = requests.get(url(api_id, "gamma", path), headers={"x-api-key": key["value"]})
        assert (answer.status_code, answer.json()["vars"]) == (200, {"who": "gamma"})


def test_request_model_validation_and_greedy_any_route(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Models:
                Item:
                  type: object
                  required: [name]
                  properties: {name: {type: string}}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Post:
                  Type: Api
                  Properties:
                    RestApiId: !Ref Api
                    Path: /items
                    Method: post
                    RequestModel: {Model: Item, Required: true, ValidateBody: true}
                Any: {Type: Api, Properties: {RestApiId: !Ref Api, Path: "/{proxy+}", Method: any}}
        """)
    api_id = stack.resources["Api"]
    resources = {r["path"]: r for r in apigateway.get_resources(restApiId=api_id)["items"]}
    method = apigateway.get_method(restApiId=api_id, resourceId=resources["/items"]["id"], httpMethod="POST")
    # SAM's translator writes the model's name in lower case into the definition it imports
    assert method["requestModels"] == {"application/json": "item"}
    validator = apigateway.get_request_validator(restApiId=api_id, requestValidatorId=method["requestValidatorId"])
    assert (validator["validateRequestBody"], validator["validateRequestParameters"]) == (True, False)
    assert list(resources["/{proxy+}"]["resourceMethods"]) == ["ANY"]
    bad = requests.post(url(api_id, "dev", "/items"), json={"colour": "red"})
    assert (bad.status_code, bad.json()) == (400, {"message": "Invalid request body"})
    assert requests.post(url(api_id, "dev", "/items"), json={"name": "a"}).status_code == 200
    deep = requests.delete(url(api_id, "dev", "/a/b/c"))
    assert (deep.status_code, deep.json()["path"]) == (200, "/a/b/c")


def test_http_api_iam_authorizer_route_settings_access_logs_and_tags(gwmock, apigatewayv2, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              Tags: {team: core}
              DefaultRouteSettings: {ThrottlingBurstLimit: 9, ThrottlingRateLimit: 4}
              AccessLogSettings:
                {DestinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:h", Format: $context.requestId}
              Auth: {EnableIamAuthorizer: true}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Iam:
                  Type: HttpApi
                  Properties: {ApiId: !Ref HttpApi, Path: /iam, Method: get, Auth: {Authorizer: AWS_IAM}}
                Open: {Type: HttpApi, Properties: {ApiId: !Ref HttpApi, Path: /open, Method: get}}
        """)
    api_id = stack.resources["HttpApi"]
    routes = {r["RouteKey"]: r["AuthorizationType"] for r in apigatewayv2.get_routes(ApiId=api_id)["Items"]}
    assert routes == {"GET /iam": "AWS_IAM", "GET /open": "NONE"}
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")
    defaults = stage["DefaultRouteSettings"]
    assert (defaults["ThrottlingBurstLimit"], defaults["ThrottlingRateLimit"]) == (9, 4.0)
    assert stage["AccessLogSettings"]["Format"] == "$context.requestId"
    assert apigatewayv2.get_api(ApiId=api_id)["Tags"]["team"] == "core"
    assert requests.get(url(api_id, "$default", "/open")).status_code == 200
    assert requests.get(url(api_id, "$default", "/iam")).status_code == 403


def test_gw_invoke_reaches_the_handler_of_an_implicit_api(gwmock, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: Api, Properties: {Path: "/users/{id}", Method: get}}
        """)
    response = gwmock.invoke("GET", url(stack.resources["ServerlessRestApi"], "Prod", "/users/42?x=y"))
    event = json.loads(response.body)
    assert (response.status, event["path"], event["qs"]) == (200, "/users/42", {"x": "y"})


def test_template_properties_win_over_an_imported_body(gwmock, apigateway):
    # AWS's RestApi resource provider replaces name, description, policy, apiKeySource and
    # minimumCompressionSize after the import (aws-cloudformation-resource-providers-apigateway,
    # RestApi UpdateHandler.getAttributesToReplace)
    body = {"openapi": "3.0.1", "info": {"title": "doc", "version": "1"}, "paths": {},
            "x-amazon-apigateway-api-key-source": "HEADER", "x-amazon-apigateway-minimum-compression-size": 10}
    stack = gwmock.deploy_template({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Body": body, "Description": "mine", "ApiKeySourceType": "AUTHORIZER", "MinimumCompressionSize": 2048}}}})
    api = apigateway.get_rest_api(restApiId=stack.resources["Api"])
    assert (api["name"], api["description"], api["apiKeySource"], api["minimumCompressionSize"]) == (
        "doc", "mine", "AUTHORIZER", 2048)


def test_auto_publish_alias_integration_reaches_the_handler(gwmock, tmp_path):
    # AutoPublishAlias makes SAM point the integration at the alias ARN (function:name:live)
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              AutoPublishAlias: live
              Events:
                Get: {Type: Api, Properties: {Path: /a, Method: get}}
                Http: {Type: HttpApi, Properties: {Path: /h, Method: get, PayloadFormatVersion: "1.0"}}
        """)
    rest = requests.get(url(stack.resources["ServerlessRestApi"], "Prod", "/a"))
    assert (rest.status_code, rest.json()["path"]) == (200, "/a")
    http = requests.get(url(stack.resources["ServerlessHttpApi"], "$default", "/h"))
    # payload format 1.0: the REST-shaped event, with "path"
    assert (http.status_code, http.json()["path"]) == (200, "/h")


def test_cors_preflight_needs_the_default_authorizer_unless_told_otherwise(gwmock, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Cors: "'*'"
              Auth:
                DefaultAuthorizer: Tok
                Authorizers:
                  Tok: {FunctionArn: !GetAtt AuthFn.Arn}
          AuthFn:
            Type: AWS::Serverless::Function
            Properties: {Handler: app.auth}
        """, FN)
    items = url(stack.resources["Api"], "dev", "/items")
    assert requests.options(items).status_code == 401
    allowed = requests.options(items, headers={"Authorization": "letmein"})
    assert (allowed.status_code, allowed.headers["Access-Control-Allow-Origin"]) == (200, "*")


@pytest.mark.parametrize(("policy", "status"), [
    ("IpRangeWhitelist: ['203.0.113.0/24']", 403),
    ("IpRangeBlacklist: ['203.0.113.0/24']", 200),
    ("CustomStatements: [{Effect: Deny, Principal: '*', Action: 'execute-api:Invoke', "
     "Resource: 'execute-api:/*/GET/items'}, {Effect: Allow, Principal: '*', Action: 'execute-api:Invoke', "
     "Resource: 'execute-api:/*'}]", 403),
])
def test_resource_policy_is_enforced_when_called(gwmock, apigateway, tmp_path, policy, status):
    stack = deploy(gwmock, tmp_path, f"""
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Auth:
                ResourcePolicy: {{{policy}}}
        """, FN)
    api_id = stack.resources["Api"]
    # GetRestApi answers the policy with its quotes and slashes escaped, as AWS does
    policy = apigateway.get_rest_api(restApiId=api_id)["policy"].replace('\\"', '"').replace("\\/", "/")
    resources = [s["Resource"] for s in json.loads(policy)["Statement"]]
    assert resources
    assert all(r.startswith(f"arn:aws:execute-api:us-east-1:123456789012:{api_id}/") for r in resources)
    answer = requests.get(url(api_id, "dev", "/items"))
    assert answer.status_code == status


@pytest.mark.parametrize("depends_on", ["A", ["A"], ["B", "A"]])
def test_circular_depends_on_including_itself(gwmock, depends_on):
    resources = {"A": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}, "DependsOn": depends_on},
                 "B": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "b"}}}
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template({"Resources": resources})
    assert str(caught.value) == "Circular dependency between resources: [A]"
    assert gwmock.snapshot() == before


@pytest.mark.parametrize("depends_on", [1, {"Ref": "B"}, [["B"]], [None]])
def test_depends_on_that_is_not_names_is_a_format_error(gwmock, depends_on):
    resources = {"A": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}, "DependsOn": depends_on},
                 "B": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "b"}}}
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template({"Resources": resources})
    assert "Template format error" in str(caught.value)
    assert caught.value.logical_id == "A"


@pytest.mark.parametrize("uri", ["s3://bucket/api.yaml", "{Bucket: bucket, Key: api.yaml}"])
@pytest.mark.parametrize("kind", ["AWS::Serverless::Api", "AWS::Serverless::HttpApi"])
def test_an_s3_definition_uri_fails_locally_without_moto(gwmock, tmp_path, uri, kind):
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        deploy(gwmock, tmp_path, f"""
            Resources:
              Api:
                Type: {kind}
                Properties: {{StageName: dev, DefinitionUri: {uri}}}
            """)
    assert "moto's mock_aws is not active" in str(caught.value)
    assert caught.value.logical_id == "Api"
    assert gwmock.snapshot() == before


# CloudFormation names the section: "... in the Outputs block of the template"
# (https://github.com/awslabs/aws-api-gateway-developer-portal/issues/216)
@pytest.mark.parametrize("value", ['!Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"',
                                   "!Ref ServerlessRestApi", '!Join ["", [!Ref ServerlessRestApi]]'])
def test_outputs_naming_an_implicit_api_that_no_event_creates(gwmock, tmp_path, value):
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        deploy(gwmock, tmp_path, f"""
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {{Handler: app.handler}}
            Outputs:
              Url: {{Value: {value}}}
            """)
    assert gwmock.snapshot() == before
    assert (caught.value.logical_id, caught.value.prop) == ("Url", "Value")
    assert str(caught.value).endswith("Template format error: Unresolved resource dependencies [ServerlessRestApi] "
                                      "in the Outputs block of the template")


def test_a_function_whose_code_is_only_in_s3_deploys_and_answers_502_when_called(gwmock, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              CodeUri: {Bucket: bucket, Key: code.zip}
              Events:
                Get: {Type: Api, Properties: {Path: /a, Method: get}}
        """)
    answer = requests.get(url(stack.resources["ServerlessRestApi"], "Prod", "/a"))
    assert (answer.status_code, answer.json()) == (502, {"message": "Internal server error"})


def test_cors_with_credentials_and_http_api_cors_on_the_actual_response(gwmock, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              Cors: {AllowOrigin: "'https://a.example'", AllowCredentials: true}
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              CorsConfiguration: {AllowOrigins: ["https://a.example"], AllowCredentials: true, ExposeHeaders: [x-id]}
          HttpFn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: HttpApi, Properties: {ApiId: !Ref HttpApi, Path: /items, Method: get}}
        """, FN)
    preflight = requests.options(url(stack.resources["Api"], "dev", "/items"), headers={
        "Origin": "https://a.example", "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    actual = requests.get(url(stack.resources["HttpApi"], "$default", "/items"),
                          headers={"Origin": "https://a.example"})
    assert actual.status_code == 200
    assert (actual.headers["Access-Control-Allow-Origin"], actual.headers["Access-Control-Allow-Credentials"],
            actual.headers["Access-Control-Expose-Headers"]) == ("https://a.example", "true", "x-id")


def test_method_settings_for_one_method_disable_execute_api_endpoint_and_always_deploy(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Api:
            Type: AWS::Serverless::Api
            Properties:
              StageName: dev
              AlwaysDeploy: true
              DisableExecuteApiEndpoint: true
              MethodSettings:
                - {HttpMethod: GET, ResourcePath: /items, CachingEnabled: true, CacheTtlInSeconds: 60}
        """, FN)
    api_id = stack.resources["Api"]
    settings = apigateway.get_stage(restApiId=api_id, stageName="dev")["methodSettings"]
    assert (settings["~1items/GET"]["cachingEnabled"], settings["~1items/GET"]["cacheTtlInSeconds"]) == (True, 60)
    assert apigateway.get_rest_api(restApiId=api_id)["disableExecuteApiEndpoint"] is True
    answer = requests.get(url(api_id, "dev", "/items"))
    assert (answer.status_code, answer.json()) == (403, {"message": "Forbidden"})


def test_root_any_method_event(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, """
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Root: {Type: Api, Properties: {Path: /, Method: any}}
        """)
    api_id = stack.resources["ServerlessRestApi"]
    root = [r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/"][0]
    assert list(root["resourceMethods"]) == ["ANY"]
    answer = requests.patch(url(api_id, "Prod", "/"))
    assert (answer.status_code, answer.json()["path"]) == (200, "/")


@pytest.mark.parametrize("stage", ["dev!", "a b"])
def test_a_stage_name_api_gateway_refuses_fails_the_stack_with_its_message(gwmock, tmp_path, stage):
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        deploy(gwmock, tmp_path, f"""
            Resources:
              Api:
                Type: AWS::Serverless::Api
                Properties: {{StageName: "{stage}"}}
            """, FN)
    assert caught.value.aws_code == "BadRequestException"
    assert caught.value.aws_message == "Stage name only allows a-zA-Z0-9_"
    assert gwmock.snapshot() == before


def test_a_translator_crash_is_an_internal_transform_failure(gwmock):
    # the translator raises StopIteration on an empty RequestParameters item; CloudFormation answers
    # "Internal transform failure" (https://github.com/aws/serverless-application-model/issues/10)
    function = {"Type": "AWS::Serverless::Function", "Properties": {
        "Handler": "index.h", "Runtime": "python3.12", "InlineCode": "def h(e, c):\n    return {}\n",
        "Events": {"A": {"Type": "Api", "Properties": {"Path": "/a", "Method": "get", "RequestParameters": [{}]}}}}}
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(sam({"Fn": function}))
    assert str(caught.value).startswith(SAM_FAILED + "Internal transform failure (StopIteration")
    assert gwmock.snapshot() == before


def _rest_api_with(**resources):
    return {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}}, **resources}}


def _method(integration_responses):
    return {"Type": "AWS::ApiGateway::Method", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET",
        "Integration": {"Type": "MOCK", "IntegrationResponses": integration_responses}}}


def _deployment(method_settings):
    return {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "M", "Properties": {
        "RestApiId": {"Ref": "Api"}, "StageName": "dev", "StageDescription": {"MethodSettings": method_settings}}}


# found by mutating a working template: each was a Python TypeError/AttributeError before
@pytest.mark.parametrize(("template", "message"), [
    (_rest_api_with(M=_method(1)),
     "M.Integration: Properties validation failed: #/Integration/IntegrationResponses: expected type: JSONArray, "
     "found: Integer"),
    (_rest_api_with(M=_method([]), D=_deployment(True)),
     "D.StageDescription: Properties validation failed: #/StageDescription/MethodSettings: expected type: "
     "JSONArray, found: Boolean"),
    (_rest_api_with(P={"Type": "AWS::ApiGateway::UsagePlan", "Properties": {"ApiStages": 1}}),
     "P.ApiStages: Properties validation failed: #/ApiStages: expected type: JSONArray, found: Integer"),
    ({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "a", "Tags": [{"Key": ["k"], "Value": "v"}]}}}},
     "Api.Tags: #/Tags/0/Key: expected type: String, found: JSONArray"),
    ({**_rest_api_with(), "Outputs": "x"}, "Outputs: Template format error: Outputs must be an object"),
    ({**_rest_api_with(), "Outputs": 1}, "Outputs: Template format error: Outputs must be an object"),
    ({**_rest_api_with(), "Conditions": 1}, "Conditions: Template format error: Conditions must be an object"),
])
def test_mistyped_nested_properties_and_sections_fail_as_template_errors(gwmock, template, message):
    before = gwmock.snapshot()
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(template)
    assert str(caught.value) == message
    assert gwmock.snapshot() == before


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jwt(key, **claims) -> str:
    signing_input = f"{_b64(json.dumps({'alg': 'RS256', 'kid': 'k1'}).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}"


def test_http_api_jwt_authorizer_with_scopes_passes_claims_to_the_handler(gwmock, apigatewayv2, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    gwmock.add_jwks("https://issuer.example.com", {"keys": [{
        "kty": "RSA", "kid": "k1", "use": "sig", "n": _b64(numbers.n.to_bytes(256, "big")),
        "e": _b64(numbers.e.to_bytes(3, "big"))}]})
    stack = deploy(gwmock, tmp_path, """
        Resources:
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              Auth:
                DefaultAuthorizer: Jwt
                Authorizers:
                  Jwt:
                    JwtConfiguration: {issuer: "https://issuer.example.com", audience: [app]}
                    IdentitySource: $request.header.Authorization
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get:
                  Type: HttpApi
                  Properties: {ApiId: !Ref HttpApi, Path: /me, Method: get, Auth: {AuthorizationScopes: [read]}}
        """)
    api_id = stack.resources["HttpApi"]
    route = apigatewayv2.get_routes(ApiId=api_id)["Items"][0]
    assert (route["AuthorizationType"], route["AuthorizationScopes"]) == ("JWT", ["read"])
    base = {"iss": "https://issuer.example.com", "aud": "app", "sub": "u1", "exp": int(time.time()) + 600}
    me = url(api_id, "$default", "/me")
    assert requests.get(me, headers={"Authorization": f"Bearer {_jwt(key, **base, scope='write')}"}).status_code == 403
    allowed = requests.get(me, headers={"Authorization": f"Bearer {_jwt(key, **base, scope='read write')}"})
    assert allowed.status_code == 200
    assert allowed.json()["ctx"]["jwt"]["claims"]["sub"] == "u1"
    assert allowed.json()["ctx"]["jwt"]["scopes"] == ["read", "write"]


def test_http_api_lambda_authorizer_with_simple_responses(gwmock, tmp_path):
    (tmp_path / "auth").mkdir()
    (tmp_path / "auth" / "simple.py").write_text(
        "def auth(event, context):\n"
        "    ok = (event.get('headers') or {}).get('authorization') == 'letmein'\n"
        "    return {'isAuthorized': ok, 'context': {'who': 'u1'}}\n")
    stack = deploy(gwmock, tmp_path, """
        Resources:
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              Auth:
                DefaultAuthorizer: Simple
                Authorizers:
                  Simple:
                    FunctionArn: !GetAtt AuthFn.Arn
                    AuthorizerPayloadFormatVersion: "2.0"
                    EnableSimpleResponses: true
                    Identity: {Headers: [Authorization]}
          AuthFn:
            Type: AWS::Serverless::Function
            Properties: {Handler: simple.auth, CodeUri: auth}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Events:
                Get: {Type: HttpApi, Properties: {ApiId: !Ref HttpApi, Path: /me, Method: get}}
        """)
    me = url(stack.resources["HttpApi"], "$default", "/me")
    assert requests.get(me).status_code == 401
    assert requests.get(me, headers={"Authorization": "nope"}).status_code == 403
    allowed = requests.get(me, headers={"Authorization": "letmein"})
    assert (allowed.status_code, allowed.json()["ctx"]["lambda"]) == (200, {"who": "u1"})
