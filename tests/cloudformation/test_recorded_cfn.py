"""CloudFormation-deployed API Gateway resources compared with what real AWS answered.

The recordings are LocalStack's AWS-validated snapshots of stacks CloudFormation deployed
(localstack/localstack, ``tests/aws/services/apigateway/resource_providers/test_apigateway.snapshot.json``
at commit 2cd868583a4ceb294837d07c0a1c99722f166b2c), kept in ``tests/data/aws_recorded/cfn_resources.json``.
Each test deploys a template written here with the resources and properties of the scenario's template
(``tests/aws/templates/*`` in that repository), makes the recording's calls and compares the whole
answer: ids, names and dates are placeholders, the stack id names the recording account and
``stack-name``. Where the recording shows properties the stored template version lacks, the template
here has them: the S3 scenario's binary media types, stage variables and method settings (on the
``Stage``, named ``local``, the ``Deployment`` naming no stage), the usage plan's ``Tags``, the
conditional API's ``BinaryMediaTypes``. Not compared: the recordings' updates in place (gwmock replaces
a stack, so ids change; the updated answers are compared with fresh placeholders).

Other recordings, each scenario's ``source`` in ``cfn_resources.json``: ``Fn::GetAtt`` of every
RestApi attribute, its name given by ``Ref`` (``tests/integration/cloudformation/resource_providers/
apigateway/test_restapi.snapshot.json`` at fd53691064a1d09b966f008812f9cb9102e3f118), a SAM Api with
no name (``tests/aws/services/cloudformation/resource_providers/test_sam.snapshot.json`` at
f97fe9026903b965aa726af0dbce0caeaa2b9f68) and the S3 scenario's earlier template, with no binary media
types (``tests/aws/services/apigateway/resources/test_apigateway.snapshot.json`` at
120bf3a26ff35a4079003da23f79a64e3cff3d64; its other scenarios are those above, answered alike). Not
compared: ``tests/integration/cloudformation/resources/test_apigateway.snapshot.json`` at
ab0c79f4dbc10c2509c9388aa7a1c22eaaf4e82d, the integration scenario recorded in 2022, before AWS
answered ``rootResourceId`` and ``ipAddressType`` and when it still answered empty maps
(``requestParameters: {}``); the 2025 recordings above supersede it.

``cfn_resources.json`` is not made by ``refresh.py`` (its source is not in ``../shared/aws-recorded``).
"""

from __future__ import annotations

import json
from operator import itemgetter
from pathlib import Path
from typing import Any

import pytest
from helpers import assert_matches

from gwmock import TemplateError
from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
_DATA = Path(__file__).resolve().parents[1] / "data" / "aws_recorded" / "cfn_resources.json"
_PREFIX = "tests/aws/services/apigateway/resource_providers/test_apigateway.py::"


def recorded(scenario: str) -> Any:
    """A scenario's recorded steps: a name of the 2cd86858 file, or a full test id (other files)."""
    key = scenario if "::" in scenario else _PREFIX + scenario
    return json.loads(_DATA.read_text())["scenarios"][key]["recorded-content"]


def expected(scenario: str, step: str, stack: Any) -> Any:
    """The recorded answer, its stack id and name made this stack's (as the recording's transformers did)."""
    content = recorded(scenario)[step]
    text = (json.dumps(content).replace("arn:<partition>:cloudformation:<region>:111111111111:stack/",
                                        f"arn:aws:cloudformation:{REGION}:{DEFAULT_ACCOUNT}:stack/")
            .replace("stack/stack-name/", f"stack/{stack.name}/")
            .replace('"stack-name"', json.dumps(stack.name)))
    return json.loads(text)


def parsed(value: Any) -> Any:
    """JSON strings (schemas, mapping templates) parsed, as the recording tool shows them."""
    if isinstance(value, dict):
        return {k: parsed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [parsed(v) for v in value]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def deploy(gwmock: Any, tmp_path: Path, text: str, **parameters: Any) -> Any:
    path = tmp_path / "template.yaml"
    path.write_text(text)
    return gwmock.deploy_template(path, parameters=parameters or None, name="stack-recorded")


# --- test_cfn_deploy_apigateway_integration (templates/apigateway_integration_no_authorizer.yml) ---

INTEGRATION = """
Parameters:
  RestApiName: {Type: String, Default: ApiGatewayRestApi}
Resources:
  ApiGatewayApiKey:
    Type: AWS::ApiGateway::ApiKey
    Properties: {Name: ApiGatewayApiKey421, Value: test123test123test123}
  ApiGatewayUsagePlan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      Quota: {Limit: '5000', Period: MONTH}
      ApiStages: [{ApiId: !Ref ApiGatewayRestApi, Stage: !Ref ApiGWStage}]
      Throttle: {BurstLimit: '500', RateLimit: '1000'}
  ApiGatewayUsagePlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties: {KeyId: !Ref ApiGatewayApiKey, KeyType: API_KEY, UsagePlanId: !Ref ApiGatewayUsagePlan}
  ApiGatewayRestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Ref RestApiName
      EndpointConfiguration: {Types: [EDGE]}
  ProxyResource:
    Type: AWS::ApiGateway::Resource
    Properties:
      ParentId: !GetAtt ApiGatewayRestApi.RootResourceId
      PathPart: testproxy
      RestApiId: !Ref ApiGatewayRestApi
  ProxyMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      AuthorizationType: NONE
      ResourceId: !Ref ProxyResource
      RestApiId: !Ref ApiGatewayRestApi
      HttpMethod: GET
      MethodResponses:
        - StatusCode: 200
          ResponseParameters:
            method.response.header.Access-Control-Allow-Origin: true
            method.response.header.Access-Control-Allow-Headers: true
            method.response.header.Access-Control-Allow-Methods: true
      Integration:
        IntegrationHttpMethod: GET
        Type: HTTP_PROXY
        Uri: http://www.example.com
        IntegrationResponses:
          - StatusCode: 200
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,X-Amz-Date,Authorization,\\
                X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent,X-Amzn-Trace-Id'"
              method.response.header.Access-Control-Allow-Methods: "'OPTIONS,GET,POST'"
  ApiGWDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [ProxyMethod]
    Properties: {Description: foobar, RestApiId: !Ref ApiGatewayRestApi, StageName: local}
  ApiGWStage:
    Type: AWS::ApiGateway::Stage
    DependsOn: [ProxyMethod]
    Properties:
      Description: Test Stage 123
      DeploymentId: !Ref ApiGWDeployment
      RestApiId: !Ref ApiGatewayRestApi
Outputs:
  RestApiId: {Value: !Ref ApiGatewayRestApi}
  ResourceId: {Value: !Ref ProxyResource}
"""


def test_integration_stack_rest_api_and_method(gwmock, apigateway, tmp_path):
    """The API's defaults and CloudFormation's tags; the method with its HTTP_PROXY integration."""
    stack = deploy(gwmock, tmp_path, INTEGRATION)
    scenario = "test_cfn_deploy_apigateway_integration"
    api_id = stack.outputs["RestApiId"]

    bindings: dict[str, Any] = {}
    assert_matches(apigateway.get_rest_api(restApiId=api_id), expected(scenario, "rest_api", stack), bindings=bindings)
    assert bindings["<name:1>"] == "ApiGatewayRestApi"  # the name is the logical id here
    method = apigateway.get_method(restApiId=api_id, resourceId=stack.outputs["ResourceId"], httpMethod="GET")
    assert_matches(method, expected(scenario, "method", stack))


# --- test_api_gateway_with_policy_as_dict (the template in LocalStack's test) -----------------------

POLICY = """
Parameters:
  RestApiName: {Type: String}
Resources:
  MyApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Ref RestApiName
      Policy:
        Version: "2012-10-17"
        Statement:
          - Sid: AllowInvokeAPI
            Action: "*"
            Effect: Allow
            Principal: {AWS: "*"}
            Resource: "*"
Outputs:
  MyApiId: {Value: !Ref MyApi}
"""


def test_policy_given_as_an_object(gwmock, apigateway, tmp_path):
    """A ``Policy`` object is stored as its JSON text, answered escaped as every REST API policy is."""
    stack = deploy(gwmock, tmp_path, POLICY, RestApiName="api-policy")

    api = apigateway.get_rest_api(restApiId=stack.outputs["MyApiId"])
    api["policy"] = json.loads(api["policy"].encode().decode("unicode_escape"))  # as the recording's test did
    assert_matches(api, expected("test_api_gateway_with_policy_as_dict", "rest-api", stack))


# --- test_cfn_deploy_apigateway_models (templates/apigateway_models.json, a CDK synth) --------------

MODELS = """
Resources:
  apiC8550315:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: test-cdk-models-json}
  apiDeployment149F12947655b29bb65dd29c4fa41b0e0ff8358d:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [apivalidatedANY5D963C0D, apivalidatedA453B5EB, jsonmodelCE5E769A, requestvalidatorBE19E57D]
    Properties: {RestApiId: !Ref apiC8550315, Description: Automatically created by the RestApi construct}
  apiDeploymentStagelocal2DF7037D:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref apiC8550315
      DeploymentId: !Ref apiDeployment149F12947655b29bb65dd29c4fa41b0e0ff8358d
      StageName: local
  apivalidatedA453B5EB:
    Type: AWS::ApiGateway::Resource
    Properties: {ParentId: !GetAtt apiC8550315.RootResourceId, PathPart: validated, RestApiId: !Ref apiC8550315}
  apivalidatedANY5D963C0D:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: ANY
      ResourceId: !Ref apivalidatedA453B5EB
      RestApiId: !Ref apiC8550315
      AuthorizationType: NONE
      Integration:
        IntegrationResponses: [{StatusCode: "200"}]
        PassthroughBehavior: NEVER
        RequestTemplates: {application/json: '{ "statusCode": 200 }'}
        Type: MOCK
      MethodResponses: [{StatusCode: "200"}]
      RequestModels: {application/json: !Ref jsonmodelCE5E769A}
      RequestValidatorId: !Ref requestvalidatorBE19E57D
  requestvalidatorBE19E57D:
    Type: AWS::ApiGateway::RequestValidator
    Properties:
      RestApiId: !Ref apiC8550315
      Name: require-valid-body
      ValidateRequestBody: true
      ValidateRequestParameters: false
  jsonmodelCE5E769A:
    Type: AWS::ApiGateway::Model
    Properties:
      RestApiId: !Ref apiC8550315
      ContentType: application/json
      Name: TestModel
      Schema:
        title: TestModel
        $schema: http://json-schema.org/draft-04/schema#
        type: object
        properties:
          string_field: {type: string}
          integer_field: {type: number}
        required: [string_field, integer_field]
Outputs:
  RestApiId: {Value: !Ref apiC8550315}
"""


def test_models_stack(gwmock, apigateway, tmp_path):
    """Resources, the default and the template's models, the validator and the validated method."""
    stack = deploy(gwmock, tmp_path, MODELS)
    scenario = "test_cfn_deploy_apigateway_models"
    api_id = stack.outputs["RestApiId"]
    bindings: dict[str, Any] = {}

    resources = apigateway.get_resources(restApiId=api_id)
    resources["items"].sort(key=itemgetter("path"))
    assert_matches(resources, expected(scenario, "get-resources", stack), bindings=bindings)
    models = apigateway.get_models(restApiId=api_id)
    models["items"] = parsed(sorted(models["items"], key=itemgetter("name")))
    assert_matches(models, expected(scenario, "get-models", stack), bindings=bindings)
    validators = apigateway.get_request_validators(restApiId=api_id)
    assert_matches(validators, expected(scenario, "get-request-validators", stack), bindings=bindings)
    method = apigateway.get_method(restApiId=api_id, resourceId=bindings["<id:2>"], httpMethod="ANY")
    assert_matches(parsed(method), expected(scenario, "get-method-any", stack), bindings=bindings)
    assert bindings["<name:3>"] == "TestModel"


# --- test_cfn_with_apigateway_resources (templates/template35.yaml) ---------------------------------

CELESTE = r"""
Parameters:
  ServiceName: {Type: String, Default: celeste}
  Environment: {Type: String, Default: local}
Resources:
  Gateway:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration: {Types: [REGIONAL]}
      Name: !Join ['-', [!Ref ServiceName, Gateway, !Ref Environment]]
  GatewayV1:
    Type: AWS::ApiGateway::Stage
    Properties: {DeploymentId: !Ref GatewayDeployment, RestApiId: !Ref Gateway, StageName: v0}
  GatewayDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [CreateAccount]
    Properties: {RestApiId: !Ref Gateway}
  DefaultModel:
    Type: AWS::ApiGateway::Model
    Properties: {ContentType: application/json, RestApiId: !Ref Gateway, Schema: {}}
  CreateAccountResource:
    Type: AWS::ApiGateway::Resource
    Properties: {ParentId: !GetAtt Gateway.RootResourceId, PathPart: account, RestApiId: !Ref Gateway}
  CreateAccountRequestModel:
    Type: AWS::ApiGateway::Model
    Properties:
      ContentType: application/json
      RestApiId: !Ref Gateway
      Schema:
        $schema: http://json-schema.org/draft-04/schema#
        title: AccountCreate
        type: object
        properties:
          field: {type: string}
          email: {type: string, format: email}
  CreateAccount:
    Type: AWS::ApiGateway::Method
    Properties:
      ApiKeyRequired: false
      AuthorizationType: NONE
      HttpMethod: POST
      RequestParameters: {method.request.path.account: True}
      Integration:
        ConnectionType: INTERNET
        IntegrationResponses:
          - ResponseTemplates:
              application/json: '{"operation":"celeste_account_create","data":{"key":"UUID","secret":"UUID"}}'
            SelectionPattern: '2\d{2}'
            StatusCode: '202'
          - ResponseTemplates: {application/json: '{"message":"Unknown Error"}'}
            SelectionPattern: '5\d{2}'
            StatusCode: '500'
          - ResponseTemplates: {application/json: '{"message":"Not Found"}'}
            SelectionPattern: 404
            StatusCode: '404'
        PassthroughBehavior: WHEN_NO_TEMPLATES
        RequestTemplates: {application/json: !Ref CreateAccountRequestModel}
        Type: MOCK
        TimeoutInMillis: 29000
      MethodResponses:
        - {ResponseModels: {application/json: !Ref DefaultModel}, StatusCode: '202'}
        - {ResponseModels: {application/json: !Ref DefaultModel}, StatusCode: '500'}
      OperationName: create_account
      ResourceId: !Ref CreateAccountResource
      RestApiId: !Ref Gateway
"""


def test_models_without_names_and_a_mock_method(gwmock, apigateway, tmp_path):
    """Models named by CloudFormation, ``Ref``'d as their names; a number given as a selection pattern."""
    stack = deploy(gwmock, tmp_path, CELESTE.replace("UUID", "123e4567-e89b-12d3-a456-426614174000"))
    scenario = "test_cfn_with_apigateway_resources"
    api_id = next(a["id"] for a in apigateway.get_rest_apis()["items"] if a["name"] == "celeste-Gateway-local")
    resource = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r.get("pathPart") == "account")
    bindings: dict[str, Any] = {}

    models = apigateway.get_models(restApiId=api_id)
    models["items"] = parsed(sorted(models["items"], key=itemgetter("name")))
    assert_matches(models, expected(scenario, "get-models", stack), bindings=bindings)
    method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="POST")
    assert_matches(parsed(method), expected(scenario, "get-method-post", stack), bindings=bindings)
    assert bindings["<name:3>"] == stack.resources["CreateAccountRequestModel"]
    assert bindings["<name:4>"] == stack.resources["DefaultModel"]

    stack.delete()
    assert [a for a in apigateway.get_rest_apis()["items"] if a["name"] == "celeste-Gateway-local"] == []


# --- test_cfn_deploy_apigateway_from_s3_swagger (templates/apigateway_integration_from_s3.yml, files/pets.json) ---

PETS = {
    "swagger": "2.0",
    "info": {"title": "Simple PetStore (Swagger)", "version": "1.0.0"},
    "schemes": ["https"],
    "x-amazon-apigateway-binary-media-types": ["image/jpg", "image/png"],
    "paths": {
        "/pets": {"get": {
            "responses": {"200": {"description": "200 response"}},
            "x-amazon-apigateway-integration": {
                "responses": {"default": {"statusCode": "200"}}, "type": "http", "httpMethod": "GET",
                "uri": "http://petstore-demo-endpoint.execute-api.com/petstore/pets",
                "passthroughBehavior": "when_no_match"}}},
        "/pets/{petId}": {"get": {
            "parameters": [{"name": "petId", "in": "path", "required": True, "type": "string"}],
            "responses": {"200": {"description": "200 response"}},
            "x-amazon-apigateway-integration": {
                "responses": {"default": {"statusCode": "200"}}, "type": "http", "httpMethod": "GET",
                "requestParameters": {"integration.request.path.id": "method.request.path.petId"},
                "uri": "http://petstore-demo-endpoint.execute-api.com/petstore/pets/{id}",
                "passthroughBehavior": "when_no_match"}}},
    },
}

FROM_S3 = """
Parameters:
  S3BodyBucket: {Type: String}
  S3BodyKey: {Type: String}
  S3BodyETag: {Type: String}
Resources:
  ApiGatewayRestApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      BinaryMediaTypes: [image/gif, application/pdf]
      BodyS3Location: {Bucket: !Ref S3BodyBucket, Key: !Ref S3BodyKey, ETag: !Ref S3BodyETag}
      EndpointConfiguration: {Types: [REGIONAL]}
  ApiGWDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: {Description: foobar, RestApiId: !Ref ApiGatewayRestApi}
  ApiGWStage:
    Type: AWS::ApiGateway::Stage
    Properties:
      Description: Test Stage 123
      DeploymentId: !Ref ApiGWDeployment
      RestApiId: !Ref ApiGatewayRestApi
      StageName: local
      TracingEnabled: true
      Variables: {TestCasing: myvar, testCasingTwo: myvar2, testlowcasing: myvar3}
      MethodSettings:
        - {ResourcePath: /*, HttpMethod: '*', LoggingLevel: ERROR, DataTraceEnabled: true, MetricsEnabled: true}
Outputs:
  RestApiId: {Value: !Ref ApiGatewayRestApi}
"""


def test_rest_api_from_an_s3_definition(gwmock, apigateway, tmp_path):
    """The API as the S3 document and the template made it (binary media types of both); the stage's
    settings with AWS's method-setting defaults, its variables as given and CloudFormation's tags."""
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        import boto3

        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="swagger-bucket")
        etag = s3.put_object(Bucket="swagger-bucket", Key="swagger-template-pets.json", Body=json.dumps(PETS))["ETag"]
        stack = deploy(gwmock, tmp_path, FROM_S3, S3BodyBucket="swagger-bucket",
                       S3BodyKey="swagger-template-pets.json", S3BodyETag=etag)
    scenario = "test_cfn_deploy_apigateway_from_s3_swagger"
    api_id = stack.outputs["RestApiId"]
    bindings: dict[str, Any] = {}

    api = apigateway.get_rest_api(restApiId=api_id)
    api["binaryMediaTypes"].sort()  # as the recording's test did
    assert_matches(api, expected(scenario, "rest-api", stack), bindings=bindings)
    assert bindings["<name:1>"] == "Simple PetStore (Swagger)"
    resources = apigateway.get_resources(restApiId=api_id)
    resources["items"].sort(key=itemgetter("path"))
    assert_matches(resources, expected(scenario, "resources", stack), bindings=bindings)
    stage = apigateway.get_stage(restApiId=api_id, stageName="local")
    assert_matches(stage, expected(scenario, "get-stage", stack), bindings=bindings)


# --- test_update_usage_plan (templates/apigateway_usage_plan.yml) -----------------------------------

USAGE_PLAN = """
Parameters:
  QuotaLimit: {Type: Number}
  RestApiName: {Type: String}
  TagValue: {Type: String}
Resources:
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: !Ref RestApiName}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref RestApi, DeploymentId: !Ref ApiDeployment}
  UsagePlan:
    Type: AWS::ApiGateway::UsagePlan
    DependsOn: [Stage]
    Properties:
      ApiStages: [{ApiId: !Ref RestApi, Stage: !Ref Stage}]
      Quota: {Limit: !Ref QuotaLimit, Period: MONTH}
      Tags: [{Key: test, Value: !Ref TagValue}, {Key: test2, Value: hardcoded}]
  MockMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !GetAtt RestApi.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: {Type: MOCK}
  ApiDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [MockMethod]
    Properties: {RestApiId: !Ref RestApi, Description: Automatically created by the RestApi construct}
Outputs:
  UsagePlanId: {Value: !Ref UsagePlan}
  RestApiId: {Value: !GetAtt RestApi.RestApiId}
"""


def test_usage_plan_of_an_unnamed_stage(gwmock, apigateway, tmp_path):
    """The plan's quota and tags (the template's beside CloudFormation's); the stage CloudFormation named."""
    stack = deploy(gwmock, tmp_path, USAGE_PLAN, QuotaLimit="5000", RestApiName="api-plan", TagValue="value1")
    bindings: dict[str, Any] = {}

    plan = apigateway.get_usage_plan(usagePlanId=stack.outputs["UsagePlanId"])
    assert_matches(plan, expected("test_update_usage_plan", "usage-plan", stack), bindings=bindings)
    assert bindings["<api-id:1>"] == stack.outputs["RestApiId"]
    assert bindings["<stage:1>"] == stack.resources["Stage"]
    assert apigateway.get_stage(restApiId=stack.outputs["RestApiId"], stageName=bindings["<stage:1>"])

    # gwmock replaces a stack rather than updating it in place: the plan is made again (a new id), with
    # what the recording's update shows
    updated = deploy(gwmock, tmp_path, USAGE_PLAN, QuotaLimit="7000", RestApiName="api-plan", TagValue="value-updated")
    plan = apigateway.get_usage_plan(usagePlanId=updated.outputs["UsagePlanId"])
    assert_matches(plan, expected("test_update_usage_plan", "updated-usage-plan", updated))


# --- test_update_apigateway_stage (templates/apigateway_update_stage.yml) ---------------------------

UPDATE_STAGE = """
Parameters:
  Description: {Type: String, Default: Original description}
  Method: {Type: String, Default: GET}
  RestApiName: {Type: String}
Resources:
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: !Ref RestApiName}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref RestApi, DeploymentId: !Ref ApiDeployment, StageName: dev}
  MockMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !GetAtt RestApi.RootResourceId
      HttpMethod: !Ref Method
      AuthorizationType: NONE
      Integration: {Type: MOCK}
  ApiDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [MockMethod]
    Properties: {RestApiId: !Ref RestApi, Description: !Ref Description}
Outputs:
  RestApiId: {Value: !GetAtt RestApi.RestApiId}
"""


def test_stage_resource(gwmock, apigateway, tmp_path):
    """A Stage resource: no description of its own, empty method settings, CloudFormation's tags."""
    stack = deploy(gwmock, tmp_path, UPDATE_STAGE, RestApiName="api-stage")

    stage = apigateway.get_stage(restApiId=stack.outputs["RestApiId"], stageName="dev")
    assert_matches(stage, expected("test_update_apigateway_stage", "created-stage", stack))

    updated = deploy(gwmock, tmp_path, UPDATE_STAGE, RestApiName="api-stage", Description="updated-description",
                     Method="POST")
    stage = apigateway.get_stage(restApiId=updated.outputs["RestApiId"], stageName="dev")
    assert_matches(stage, expected("test_update_apigateway_stage", "updated-stage", updated))


# --- test_apigateway_deployment_canary_settings (templates/apigateway_canary_deployment.yml) --------

CANARY = """
Parameters:
  RestApiName: {Type: String}
Resources:
  RestApi:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: !Ref RestApiName}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref RestApi
      DeploymentId: !Ref ApiDeployment
      StageName: prod
      Variables: {lambdaAlias: Prod}
  MockMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref RestApi
      ResourceId: !GetAtt RestApi.RootResourceId
      HttpMethod: POST
      AuthorizationType: NONE
      Integration: {Type: MOCK}
  ApiDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [MockMethod]
    Properties: {RestApiId: !Ref RestApi, Description: basic deployment}
  ApiCanaryDeployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn: [MockMethod, Stage]
    Properties:
      RestApiId: !Ref RestApi
      Description: canary description
      DeploymentCanarySettings:
        PercentTraffic: 50
        StageVariableOverrides: {lambdaAlias: Dev}
      StageName: prod
Outputs:
  RestApiId: {Value: !GetAtt RestApi.RestApiId}
"""


def test_canary_deployment_onto_an_existing_stage(gwmock, apigateway, tmp_path):
    """A Deployment with ``DeploymentCanarySettings`` and the ``StageName`` of an existing stage becomes
    that stage's canary; the stage keeps its deployment, variables and tags."""
    stack = deploy(gwmock, tmp_path, CANARY, RestApiName="api-canary")
    api_id = stack.outputs["RestApiId"]
    bindings: dict[str, Any] = {}

    stages = apigateway.get_stages(restApiId=api_id)
    assert_matches(stages, expected("test_apigateway_deployment_canary_settings", "get-stages", stack),
                   bindings=bindings)
    deployments = apigateway.get_deployments(restApiId=api_id)
    deployments["items"].sort(key=itemgetter("description"))
    assert_matches(deployments, expected("test_apigateway_deployment_canary_settings", "get-deployments", stack),
                   bindings=bindings)
    assert bindings["<deployment-id:1>"] == stack.resources["ApiCanaryDeployment"]


# --- test_cfn_apigateway_rest_api (templates/apigateway.json) ---------------------------------------

CONDITIONAL = {
    "Parameters": {"Create": {"Type": "String", "Default": "False", "AllowedValues": ["True", "False"]},
                   "StageName": {"Type": "String", "Default": "dev"}},
    "Conditions": {"Create": {"Fn::Equals": [{"Ref": "Create"}, "True"]}},
    "Resources": {
        "AGRA16EMH": {"Type": "AWS::ApiGateway::RestApi", "Condition": "Create", "Properties": {
            "Name": {"Fn::Join": ["_", ["DemoApi", {"Ref": "StageName"}]]},
            "BinaryMediaTypes": ["image/jpg", "image/png"]}},
        "AGM1P07R": {"Type": "AWS::ApiGateway::Model", "Condition": "Create", "Properties": {
            "RestApiId": {"Ref": "AGRA16EMH"}, "ContentType": "application/json",
            "Schema": {"$schema": "http://json-schema.org/draft-04/schema#", "title": "PetsModelNoFlatten",
                       "type": "array", "items": {"type": "object", "properties": {
                           "number": {"type": "integer"}, "class": {"type": "string"},
                           "salesPrice": {"type": "number"}}}}}},
    },
}


def demo_apis(client):
    return [api for api in client.get_rest_apis()["items"] if api["name"] == "DemoApi_dev"]


def test_conditional_rest_api(gwmock, apigateway):
    """Made only when its condition holds; with the two default models beside the template's; gone
    with the stack."""
    empty = gwmock.deploy_template(CONDITIONAL, name="stack-recorded")
    assert (empty.resources, demo_apis(apigateway)) == ({}, [])
    empty.delete()

    stack = gwmock.deploy_template(CONDITIONAL, parameters={"Create": "True"}, name="stack-recorded")
    bindings: dict[str, Any] = {}
    (api,) = demo_apis(apigateway)
    assert_matches(api, expected("test_cfn_apigateway_rest_api", "rest-api", stack), bindings=bindings)
    assert bindings["<aws:cloudformation:logical-id:1>"] == "AGRA16EMH"
    assert len(apigateway.get_models(restApiId=api["id"])["items"]) == 3

    stack.delete()
    assert demo_apis(apigateway) == []


# --- test_account (templates/apigateway_account.yml; asserted, not snapshotted) ---------------------

ACCOUNT = """
Resources:
  CloudWatchRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: 2012-10-17
        Statement: [{Effect: Allow, Principal: {Service: [apigateway.amazonaws.com]}, Action: sts:AssumeRole}]
      Path: /
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]
  Account:
    Type: AWS::ApiGateway::Account
    Properties: {CloudWatchRoleArn: !GetAtt CloudWatchRole.Arn}
Outputs:
  RoleArn: {Value: !GetAtt CloudWatchRole.Arn}
  AccountId: {Value: !Ref Account}
"""


def test_account_keeps_its_role_after_the_stack_is_deleted(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, ACCOUNT)
    assert apigateway.get_account()["cloudwatchRoleArn"] == stack.outputs["RoleArn"]

    stack.delete()
    assert apigateway.get_account()["cloudwatchRoleArn"] == stack.outputs["RoleArn"]


# --- SAM: test_cfn_apigateway_swagger_import (TEST_TEMPLATE_1 of resources/test_apigateway.py) -------

SWAGGER_IMPORT = """
Transform: AWS::Serverless-2016-10-31
Parameters:
  ApiName: {Type: String}
  IntegrationUri: {Type: String}
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      Name: !Ref ApiName
      DefinitionBody:
        swagger: 2.0
        info: {version: "1.0", title: Public API}
        basePath: /base
        schemes: [https]
        x-amazon-apigateway-binary-media-types: ["*/*"]
        paths:
          /test:
            post:
              responses: {}
              x-amazon-apigateway-integration: {uri: !Ref IntegrationUri, httpMethod: POST, type: http_proxy}
"""


def test_sam_api_from_a_definition_body(gwmock, apigateway, tmp_path):
    """The SAM Api's REST API: named by ``Name`` over the document's title, its binary media types and
    version from the document, CloudFormation's tags naming the SAM resource's logical id."""
    pytest.importorskip("samtranslator")
    stack = deploy(gwmock, tmp_path, SWAGGER_IMPORT, ApiName="rest-api-import",
                   IntegrationUri="http://example.com/post")

    (api,) = [a for a in apigateway.get_rest_apis()["items"] if a["name"] == "rest-api-import"]
    assert_matches(api, expected("test_cfn_apigateway_swagger_import", "imported-api", stack))


# --- SAM: test_rest_api_serverless_ref_resolving (templates/apigateway_serverless_api_resolving.yml) ---

SERVERLESS = """
Transform: AWS::Serverless-2016-10-31
Parameters:
  AllowedOrigin: {Type: String}
  TestSSMParameter: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /test-stack/testssm/random-value}
  TestSSMParameterLambdaArn: {Type: 'AWS::SSM::Parameter::Value<String>', Default: /test-stack/testssm/lambda-arn}
Resources:
  ApiGatewayApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: local
      OpenApiVersion: '2.0'
      Cors:
        AllowMethods: "'OPTIONS,POST,GET,PUT'"
        AllowHeaders: !Sub "'Content-Type,Authorization,${TestSSMParameter}'"
        AllowCredentials: true
        AllowOrigin: !Sub "'${AllowedOrigin}'"
      Auth:
        Authorizers:
          LambdaTokenAuthorizer:
            FunctionArn: !Ref TestSSMParameterLambdaArn
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        ApiEvent:
          Type: Api
          Properties: {Path: /, Method: get, RestApiId: !Ref ApiGatewayApi}
      Runtime: python3.9
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {'body': 'Hello World!', 'statusCode': 200}
Outputs:
  ApiGatewayApiId: {Value: !Ref ApiGatewayApi}
"""


def test_sam_api_with_cors_and_an_authorizer(gwmock, apigateway, tmp_path):
    """SAM's CORS OPTIONS method (a MOCK), the function's GET (a Lambda proxy, with no authorizer
    since none is the default) and the TOKEN authorizer SAM defines; parameters resolved from SSM are
    given as their values."""
    pytest.importorskip("samtranslator")
    authorizer = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:authorizer"
    stack = deploy(gwmock, tmp_path, SERVERLESS, AllowedOrigin="http://localhost:8000",
                   TestSSMParameter="x-test-header", TestSSMParameterLambdaArn=authorizer)
    scenario = "test_rest_api_serverless_ref_resolving"
    api_id = stack.outputs["ApiGatewayApiId"]
    bindings: dict[str, Any] = {}

    resources = apigateway.get_resources(restApiId=api_id)
    assert_matches(resources, expected(scenario, "get-resources", stack), bindings=bindings)
    authorizers = apigateway.get_authorizers(restApiId=api_id)
    assert_matches(authorizers, expected(scenario, "get-authorizers", stack), bindings=bindings)
    assert bindings["<name:1>"] == "LambdaTokenAuthorizer"
    assert authorizer in bindings["<authorizer-uri:1>"]
    for method in ("GET", "OPTIONS"):
        answer = apigateway.get_method(restApiId=api_id, resourceId=bindings["<id:1>"], httpMethod=method)
        assert_matches(parsed(answer), expected(scenario, f"get-method-{method}", stack), bindings=bindings)


# --- CloudFormation's tags on the other taggable resources (guess, see resources_v1.py) -------------

TAGGABLE = """
Resources:
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties: {Tags: [{Key: team, Value: a}]}
  Certificate:
    Type: AWS::ApiGateway::ClientCertificate
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      RegionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
      EndpointConfiguration: {Types: [REGIONAL]}
  Link:
    Type: AWS::ApiGateway::VpcLink
    Properties:
      Name: link
      TargetArns: [arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/nlb/1]
"""


def test_every_taggable_resource_carries_the_stack_tags(gwmock, apigateway, tmp_path):
    stack = deploy(gwmock, tmp_path, TAGGABLE)

    def stack_tags(logical_id):
        return {"aws:cloudformation:logical-id": logical_id, "aws:cloudformation:stack-id": stack.stack_id,
                "aws:cloudformation:stack-name": stack.name}

    assert apigateway.get_api_key(apiKey=stack.resources["Key"])["tags"] == {**stack_tags("Key"), "team": "a"}
    certificate = apigateway.get_client_certificate(clientCertificateId=stack.resources["Certificate"])
    assert certificate["tags"] == stack_tags("Certificate")
    assert apigateway.get_domain_name(domainName="api.example.com")["tags"] == stack_tags("Domain")
    assert apigateway.get_vpc_link(vpcLinkId=stack.resources["Link"])["tags"] == stack_tags("Link")


# --- test_getattr (test_restapi.py at fd536910, templates/resource_providers/apigateway/restapi.yaml) ---

GETATT = """
Parameters:
  AttributeName: {Type: String}
Resources:
  MyResource:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: my-rest-api-cfn}
Outputs:
  MyRef: {Value: !Ref MyResource}
  MyOutput: {Value: !GetAtt [MyResource, !Ref AttributeName]}
"""
_GETATT = ("tests/integration/cloudformation/resource_providers/apigateway/test_restapi.py"
           "::TestAttributeAccess::test_getattr")


def as_placeholders(value: Any, names: dict[str, str]) -> Any:
    """The recording's literal ids as placeholders, one per distinct id (its transformers were off)."""
    if isinstance(value, dict):
        return {k: as_placeholders(v, names) for k, v in value.items()}
    return names.setdefault(value, f"<id:{len(names) + 1}>")


@pytest.mark.parametrize("attribute", ["RestApiId", "RootResourceId"])
def test_getattr_of_a_rest_api(gwmock, apigateway, tmp_path, attribute):
    """``RestApiId`` is what ``Ref`` answers, ``RootResourceId`` another id: the API's root resource."""
    stack = deploy(gwmock, tmp_path, GETATT, AttributeName=attribute)
    content = recorded(f"{_GETATT}[{attribute}]")
    bindings: dict[str, Any] = {}

    answered = {"stack_outputs": stack.outputs, "physical_resource_id": stack.resources["MyResource"]}
    assert_matches(answered, as_placeholders(content, {}), bindings=bindings)
    assert len(set(bindings.values())) == len(bindings)  # different placeholders, different ids
    api = apigateway.get_rest_api(restApiId=stack.resources["MyResource"])
    assert stack.outputs["MyOutput"] == api["id" if attribute == "RestApiId" else "rootResourceId"]


@pytest.mark.parametrize("attribute", ["ApiKeySourceType", "CloneFrom", "Description", "Name", "Mode"])
def test_getattr_of_a_property_fails_the_stack(gwmock, apigateway, tmp_path, attribute):
    """Properties are not attributes: the stack fails (nothing recorded) and is rolled back."""
    assert recorded(f"{_GETATT}[{attribute}]") == {}

    with pytest.raises(TemplateError) as caught:
        deploy(gwmock, tmp_path, GETATT, AttributeName=attribute)

    expected = f"Requested attribute {attribute} does not exist in schema for AWS::ApiGateway::RestApi"
    assert caught.value.reason == expected
    assert [a for a in apigateway.get_rest_apis()["items"] if a["name"] == "my-rest-api-cfn"] == []


# --- SAM: test_cfn_handle_serverless_api_resource (test_sam.py at f97fe902, templates/sam_api.yml) ---

SAM_API = """
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod}
  Lambda:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        ApiEvent:
          Type: Api
          Properties: {Path: /, Method: get, RestApiId: !Ref Api}
      Runtime: python3.11
      Handler: index.handler
      InlineCode: |
        def handler(event, context):
            return {'body': 'Hello World!', 'statusCode': 200}
Outputs:
  ApiId: {Value: !Ref Api}
"""


def test_sam_api_without_a_name_is_named_after_the_stack(gwmock, apigateway, tmp_path):
    """SAM names the REST API after the stack and gives its document version 1.0."""
    pytest.importorskip("samtranslator")
    stack = deploy(gwmock, tmp_path, SAM_API)
    scenario = ("tests/aws/services/cloudformation/resource_providers/test_sam.py"
                "::test_cfn_handle_serverless_api_resource")
    bindings: dict[str, Any] = {}

    api = apigateway.get_rest_api(restApiId=stack.outputs["ApiId"])
    assert_matches(api, expected(scenario, "get_rest_api", stack), bindings=bindings)
    assert bindings["<name:1>"] == stack.name


# --- test_cfn_deploy_apigateway_from_s3_swagger at 120bf3a2 (the template with no binary media types) ---


def test_rest_api_from_an_s3_definition_without_binary_media_types(gwmock, apigateway, tmp_path):
    """With none in the template nor in the document, the API has no ``binaryMediaTypes`` at all."""
    moto = pytest.importorskip("moto")
    template = FROM_S3.replace("      BinaryMediaTypes: [image/gif, application/pdf]\n", "")
    pets = {k: v for k, v in PETS.items() if k != "x-amazon-apigateway-binary-media-types"}
    assert "BinaryMediaTypes" not in template
    with moto.mock_aws():
        import boto3

        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="swagger-bucket")
        etag = s3.put_object(Bucket="swagger-bucket", Key="pets.json", Body=json.dumps(pets))["ETag"]
        stack = deploy(gwmock, tmp_path, template, S3BodyBucket="swagger-bucket", S3BodyKey="pets.json",
                       S3BodyETag=etag)
    scenario = "tests/aws/services/apigateway/resources/test_apigateway.py::test_cfn_deploy_apigateway_from_s3_swagger"
    bindings: dict[str, Any] = {}

    api = apigateway.get_rest_api(restApiId=stack.outputs["RestApiId"])
    assert_matches(api, expected(scenario, "rest-api", stack), bindings=bindings)
    assert bindings["<name:1>"] == "Simple PetStore (Swagger)"
