"""Every difference docs/migrating-from-moto.md lists, pinned: the same boto3 call under moto's
``mock_aws`` and under gwmock, asserting moto's answer as the guide documents it and gwmock's as
AWS's (from ``../shared/aws-recorded`` where a recording exists, else botocore's model).

If one of the moto assertions fails, moto changed: update the guide's table and this test.
Rows without a recording are marked "no recording" in the guide; gwmock's answer there is
the module docstring's choice (``gwmock/apigateway*/``), and this test pins it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from helpers import assert_matches, recorded
from moto import mock_aws

from gwmock import mock_apigateway

REGION = "us-east-1"
Answer = dict[str, Any]


def _answer(call: Callable[[], Any]) -> Answer:
    """A response, or ``{"error": (status, code, message)}`` for a ClientError."""
    try:
        return call()  # type: ignore[no-any-return]
    except ClientError as error:
        return {"error": (error.response["ResponseMetadata"]["HTTPStatusCode"],
                          error.response["Error"]["Code"], error.response["Error"]["Message"])}


def _both(scenario: Callable[[Any, Any], Any]) -> tuple[Any, Any]:
    """Run ``scenario(apigateway, apigatewayv2)`` under moto, then under gwmock (a fresh session
    each time: boto3's default session would keep the credentials it resolved first)."""
    results = []
    for mock in (mock_aws, mock_apigateway):
        with mock():
            session = boto3.Session()
            results.append(scenario(session.client("apigateway", region_name=REGION),
                                    session.client("apigatewayv2", region_name=REGION)))
    return results[0], results[1]


def _status(response: Answer) -> int:
    return response["ResponseMetadata"]["HTTPStatusCode"]  # type: ignore[no-any-return]


def _api(v1: Any) -> tuple[str, str]:
    api = v1.create_rest_api(name="pets")
    return api["id"], api["rootResourceId"]


def _mock_method(v1: Any, api: str, resource: str) -> None:
    v1.put_method(restApiId=api, resourceId=resource, httpMethod="GET", authorizationType="NONE")
    v1.put_method_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200")
    v1.put_integration(restApiId=api, resourceId=resource, httpMethod="GET", type="MOCK",
                       requestTemplates={"application/json": '{"statusCode": 200}'})
    v1.put_integration_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200",
                                responseTemplates={"application/json": '{"hello": "world"}'})


# --- status codes ---------------------------------------------------------------------------

def test_create_rest_api_answers_201_with_ipaddresstype_and_no_version() -> None:
    moto, gw = _both(lambda v1, v2: v1.create_rest_api(name="pets"))
    assert _status(moto) == 200
    assert moto["endpointConfiguration"] == {"types": ["EDGE"]}
    assert moto["version"] == "V1" and moto["binaryMediaTypes"] == []  # AWS returns neither unless set
    assert_matches(gw, recorded("api", "test_create_rest_api_verify_defaults", "create-with-edge-default"))


def test_v2_status_codes_come_from_the_model() -> None:
    def scenario(v1: Any, v2: Any) -> list[int]:
        api = v2.create_api(Name="h", ProtocolType="HTTP")
        route = v2.create_route(ApiId=api["ApiId"], RouteKey="GET /pets")
        deleted = v2.delete_route(ApiId=api["ApiId"], RouteId=route["RouteId"])
        return [_status(api), _status(route), _status(deleted), _status(v2.delete_api(ApiId=api["ApiId"]))]

    moto, gw = _both(scenario)
    assert moto == [200, 200, 200, 200]
    assert gw == [201, 201, 204, 204]  # botocore: CreateApi/CreateRoute 201, DeleteRoute/DeleteApi 204


def test_delete_rest_api_and_resource_answer_202() -> None:
    def scenario(v1: Any, v2: Any) -> list[int]:
        api, root = _api(v1)
        child = v1.create_resource(restApiId=api, parentId=root, pathPart="pets")["id"]
        deleted = v1.delete_resource(restApiId=api, resourceId=child)
        return [_status(deleted), _status(v1.delete_rest_api(restApiId=api))]

    moto, gw = _both(scenario)
    assert moto == [202, 200]
    assert gw == [recorded("api", "test_delete_resource", "delete-resource")["ResponseMetadata"]["HTTPStatusCode"],
                  recorded("api", "test_list_and_delete_apis", "delete-rest-api")["ResponseMetadata"]["HTTPStatusCode"]]


# --- defaults and extra fields --------------------------------------------------------------

def test_integration_defaults() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api, root = _api(v1)
        v1.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        return v1.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="HTTP",
                                  integrationHttpMethod="POST", uri="https://example.com")

    moto, gw = _both(scenario)
    defaults = {"passthroughBehavior", "timeoutInMillis", "cacheNamespace", "connectionType"}
    assert not defaults & set(moto)
    aws = recorded("integrations", "test_put_integration_responses", "put-integration-get")
    assert defaults <= set(aws)
    assert {key: gw[key] for key in ("passthroughBehavior", "timeoutInMillis", "connectionType")} == {
        "passthroughBehavior": "WHEN_NO_MATCH", "timeoutInMillis": 29000, "connectionType": "INTERNET"}
    assert gw["cacheNamespace"] == gw["cacheNamespace"].strip() != ""


def test_default_models_empty_and_error() -> None:
    moto, gw = _both(lambda v1, v2: v1.get_models(restApiId=_api(v1)[0])["items"])
    assert moto == []
    aws = recorded("api", "test_model_lifecycle", "get-models")["items"]
    assert {"This is a default empty schema model", "This is a default error schema model"} <= {
        m.get("description") for m in aws}
    assert sorted(m["name"] for m in gw) == ["Empty", "Error"]


def test_stage_fields() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api, root = _api(v1)
        _mock_method(v1, api, root)
        v1.create_deployment(restApiId=api, stageName="s1")
        return v1.get_stages(restApiId=api)

    moto, gw = _both(scenario)
    assert moto["item"][0]["description"] == "" and moto["item"][0]["variables"] == {}
    assert "cacheClusterStatus" not in moto["item"][0] and "tracingEnabled" not in moto["item"][0]
    assert_matches(gw, recorded("common", "test_create_delete_deployments[True]", "get-stages"))


def test_request_validator_defaults() -> None:
    moto, gw = _both(lambda v1, v2: v1.create_request_validator(restApiId=_api(v1)[0], name="v"))
    assert "validateRequestParameters" not in moto
    assert gw["validateRequestBody"] is False and gw["validateRequestParameters"] is False
    aws = recorded("api", "test_request_validator_lifecycle", "create-request-validator")
    assert aws["validateRequestParameters"] is False and _status(gw) == _status(aws) == 201


def test_v2_auto_deploy_stage_is_deployed() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api = v2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
        v2.create_route(ApiId=api, RouteKey="GET /pets")
        return v2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)

    moto, gw = _both(scenario)
    assert "DeploymentId" not in moto
    assert gw["LastDeploymentStatusMessage"] == f"Successfully deployed stage with deployment ID '{gw['DeploymentId']}'"


def test_v2_api_ip_address_type() -> None:
    moto, gw = _both(lambda v1, v2: v2.create_api(Name="h", ProtocolType="HTTP"))
    assert "IpAddressType" not in moto
    assert gw["IpAddressType"] == "ipv4"  # botocore: CreateApiResponse.IpAddressType; AWS's default is ipv4


# --- error wording --------------------------------------------------------------------------

def test_missing_rest_api_wording() -> None:
    moto, gw = _both(lambda v1, v2: _answer(lambda: v1.update_rest_api(restApiId="api_id", patchOperations=[])))
    assert moto["error"] == (404, "NotFoundException", "Invalid Rest API Id specified")
    aws = recorded("api", "test_update_rest_api_invalid_api_id", "not-found-update-rest-api")
    assert gw["error"] == (404, "NotFoundException", aws["Error"]["Message"].replace("111111111111", "123456789012"))


def test_missing_resource_wording() -> None:
    moto, gw = _both(lambda v1, v2: _answer(lambda: v1.get_resource(restApiId=_api(v1)[0], resourceId="nope12")))
    assert moto["error"] == (404, "NotFoundException", "Invalid resource identifier specified")
    aws = recorded("api", "test_update_resource_behaviour", "nonexistent-resource")["Error"]
    assert gw["error"] == (404, aws["Code"], aws["Message"])


def test_missing_model_wording() -> None:
    moto, gw = _both(lambda v1, v2: _answer(lambda: v1.get_model(restApiId=_api(v1)[0], modelName="MySchema")))
    assert moto["error"] == (404, "NotFoundException", "Invalid Model Name specified")
    aws = recorded("api", "test_model_validation", "get-model-wrong-id")["Error"]
    assert gw["error"] == (404, aws["Code"], aws["Message"])


def test_missing_request_validator_is_404() -> None:
    moto, gw = _both(lambda v1, v2: _answer(
        lambda: v1.get_request_validator(restApiId=_api(v1)[0], requestValidatorId="nope12")))
    assert moto["error"] == (400, "BadRequestException", "Invalid Request Validator Id specified")
    aws = recorded("api", "test_invalid_get_request_validator", "get-request-validators-invalid-validator-id")["Error"]
    assert gw["error"] == (404, aws["Code"], aws["Message"])


def test_v2_missing_api_wording() -> None:
    moto, gw = _both(lambda v1, v2: _answer(lambda: v2.get_api(ApiId="nope12")))
    assert moto["error"] == (404, "NotFoundException", "Invalid API identifier specified nope12")
    assert gw["error"] == (404, "NotFoundException", "Invalid API identifier specified 123456789012:nope12")


def test_v2_missing_domain_name_wording() -> None:
    moto, gw = _both(lambda v1, v2: _answer(lambda: v2.get_domain_name(DomainName="none.example.com")))
    assert moto["error"] == (404, "NotFoundException",
                             "The domain name resource specified in the request was not found.")
    assert gw["error"] == (404, "NotFoundException", "Invalid domain name identifier specified")


# --- validation moto skips ------------------------------------------------------------------

def test_duplicate_resource_is_409() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api, root = _api(v1)
        v1.create_resource(restApiId=api, parentId=root, pathPart="pets")
        return _answer(lambda: v1.create_resource(restApiId=api, parentId=root, pathPart="pets"))

    moto, gw = _both(scenario)
    assert _status(moto) == 201 and moto["path"] == "/pets"
    aws = recorded("api", "test_update_resource_behaviour", "existing-future-sibling-path")["Error"]
    assert gw["error"] == (409, aws["Code"], aws["Message"])


def test_duplicate_model_is_409() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api = _api(v1)[0]
        for _ in range(2):
            result = _answer(lambda: v1.create_model(restApiId=api, name="Pet", contentType="application/json",
                                                     schema='{"type": "object"}'))
        return result

    moto, gw = _both(scenario)
    assert _status(moto) == 201
    aws = recorded("api", "test_model_validation", "create-model-already-exists")["Error"]
    assert gw["error"] == (409, aws["Code"], aws["Message"])


def test_integration_type_enum() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api, root = _api(v1)
        v1.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        return _answer(lambda: v1.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="HTTPS_PROXY"))

    moto, gw = _both(scenario)
    assert _status(moto) == 201 and moto["type"] == "HTTPS_PROXY"
    aws = recorded("api", "test_put_integration_wrong_type", "put-integration-wrong-type")["Error"]
    assert gw["error"] == (400, aws["Code"], aws["Message"])


def test_bad_patch_path() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api = _api(v1)[0]
        return _answer(lambda: v1.update_rest_api(restApiId=api, patchOperations=[
            {"op": "replace", "path": "/binaryMediaTypes", "value": "image/png"}]))

    moto, gw = _both(scenario)
    assert _status(moto) == 200  # accepted, nothing changed
    aws = recorded("api", "test_update_rest_api_behaviour", "update-rest-api-replace-base-path")["Error"]
    assert gw["error"] == (400, aws["Code"], aws["Message"])


def test_v2_duplicate_route_and_missing_delete() -> None:
    def scenario(v1: Any, v2: Any) -> list[Any]:
        api = v2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
        v2.create_route(ApiId=api, RouteKey="GET /pets")
        return [_answer(lambda: v2.create_route(ApiId=api, RouteKey="GET /pets")),
                _answer(lambda: v2.delete_api(ApiId="nope12"))]

    moto, gw = _both(scenario)
    assert _status(moto[0]) == 200 and _status(moto[1]) == 200
    assert gw[0]["error"] == (409, "ConflictException", "Route with key GET /pets already exists for this API")
    assert gw[1]["error"] == (404, "NotFoundException", "Invalid API identifier specified 123456789012:nope12")


def test_duplicate_method_and_v2_stage_are_409() -> None:
    def scenario(v1: Any, v2: Any) -> list[Any]:
        api, root = _api(v1)
        v1.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        method = _answer(lambda: v1.put_method(restApiId=api, resourceId=root, httpMethod="GET",
                                               authorizationType="NONE"))
        http = v2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
        v2.create_stage(ApiId=http, StageName="dev")
        return [method, _answer(lambda: v2.create_stage(ApiId=http, StageName="dev"))]

    moto, gw = _both(scenario)
    assert _status(moto[0]) == 201 and _status(moto[1]) == 200  # both overwrite silently
    assert gw[0]["error"] == (409, "ConflictException", "Method already exists for this resource")
    assert gw[1]["error"] == (409, "ConflictException", "Stage already exists")


# --- pagination and tags --------------------------------------------------------------------

def test_limit_pages() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        _api(v1), _api(v1)
        return v1.get_rest_apis(limit=1)

    moto, gw = _both(scenario)
    assert len(moto["items"]) == 2 and "position" not in moto
    assert len(gw["items"]) == 1 and gw["position"]


def test_tags_of_a_rest_api() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api = v1.create_rest_api(name="pets", tags={"a": "1"})["id"]
        arn = f"arn:aws:apigateway:{REGION}::/restapis/{api}"
        tagged = _answer(lambda: v1.tag_resource(resourceArn=arn, tags={"b": "2"}))
        try:
            return tagged, _answer(lambda: v1.get_tags(resourceArn=arn))
        except NotImplementedError as error:  # moto 5.2.1 has no GetTags
            return tagged, error

    moto, gw = _both(scenario)
    assert moto[0]["error"] == (404, "NotFoundException", "Invalid Rest API Id specified")
    # moto 5.2.1 raises NotImplementedError, 5.2.5 answers 404: neither gives the tags
    assert isinstance(moto[1], NotImplementedError) or moto[1]["error"][0] == 404
    assert _status(gw[0]) == 204 and gw[1]["tags"] == {"a": "1", "b": "2"}  # botocore: TagResource answers 204


# --- behaviours moto lacks, CloudFormation, lifecycle ---------------------------------------

def test_deployed_api_is_callable() -> None:
    def scenario(v1: Any, v2: Any) -> tuple[int, str]:
        api, root = _api(v1)
        _mock_method(v1, api, root)
        v1.create_deployment(restApiId=api, stageName="dev")
        response = requests.get(f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/", timeout=5)
        return response.status_code, response.text

    moto, gw = _both(scenario)
    # moto 5.2.1 answers "Not yet implemented"; 5.2.6, after some other tests in the process, S3's
    # NoSuchBucket: a 404 either way, never the API's answer
    assert moto[0] == 404 and "hello" not in moto[1]
    assert gw[0] == 200 and json.loads(gw[1]) == {"hello": "world"}


def test_moto_cloudformation_stack_is_invisible_to_gwmock() -> None:
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "cfn-api"}}}}
    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(StackName="s", TemplateBody=json.dumps(template))
        v1 = boto3.client("apigateway", region_name=REGION)
        assert [api["name"] for api in v1.get_rest_apis()["items"]] == ["cfn-api"]  # moto's backend
        with mock_apigateway() as gw:
            assert v1.get_rest_apis()["items"] == []
            stack = gw.deploy_template(template)
            assert [api["id"] for api in v1.get_rest_apis()["items"]] == [stack.resources["Api"]]


@pytest.mark.parametrize("decorator", [mock_aws, mock_apigateway], ids=["moto", "gwmock"])
def test_setup_method_classes_share_one_mock_with_the_test(decorator: Any) -> None:
    @decorator
    class Suite:
        def setup_method(self, method: Any) -> None:
            self.client = boto3.client("apigateway", region_name=REGION)
            self.api = self.client.create_rest_api(name="from-setup")["id"]

        def test_sees_setup(self) -> list[str]:
            return [api["id"] for api in self.client.get_rest_apis()["items"]]

    seen = []
    for _ in range(2):  # as pytest runs two tests: each with its own setup and fresh state
        suite = Suite()
        suite.setup_method(Suite.test_sees_setup)
        seen.append(suite.test_sees_setup() == [suite.api])
        teardown = getattr(suite, "teardown_method", None)  # moto adds none; gwmock's stops the mock
        if teardown is not None:
            teardown(Suite.test_sees_setup)
    assert seen == [True, True]


# --- credentials and regions ----------------------------------------------------------------

def test_credentials_and_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "111111111111")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")

    def scenario(v1: Any, v2: Any) -> Any:
        import os  # noqa: PLC0415 - read inside each mock

        return os.environ["AWS_ACCESS_KEY_ID"], _answer(lambda: v1.get_rest_api(restApiId="nope12"))

    moto, gw = _both(scenario)
    assert moto[0] == "FOOBARKEY"  # moto replaces configured credentials; its account is 123456789012
    assert gw[0] == "111111111111"  # gwmock keeps them (and never signs with them): the key is the account
    assert gw[1]["error"][2] == "Invalid API identifier specified 111111111111:nope12"


def test_private_api_without_policy_cannot_be_deployed() -> None:
    def scenario(v1: Any, v2: Any) -> Any:
        api = v1.create_rest_api(name="p", endpointConfiguration={"types": ["PRIVATE"]})
        v1.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE")
        v1.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
        return _answer(lambda: v1.create_deployment(restApiId=api["id"], stageName="dev"))
    moto, gw = _both(scenario)
    assert _status(moto) == 201
    assert gw["error"] == (400, "BadRequestException", "Private REST API doesn't have a resource policy attached to it")


def test_v2_refusals_moto_accepts() -> None:
    def scenario(v1: Any, v2: Any) -> list[Any]:
        http = v2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
        return [
            _answer(lambda: v2.create_api(Name="c", ProtocolType="HTTP",
                                          CorsConfiguration={"AllowOrigins": ["*"], "AllowCredentials": True})),
            _answer(lambda: v2.create_integration(
                ApiId=http, IntegrationType="AWS_PROXY", IntegrationSubtype="StepFunctions-StartSyncExecution",
                PayloadFormatVersion="1.0", CredentialsArn="arn:aws:iam::123456789012:role/r",
                RequestParameters={"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:s",
                                   "stateMachineArn": "x"})),
            _answer(lambda: v2.create_integration(
                ApiId=http, IntegrationType="HTTP_PROXY", IntegrationMethod="GET", ConnectionType="VPC_LINK",
                ConnectionId="abc123", IntegrationUri="http://example.com", PayloadFormatVersion="1.0")),
            _answer(lambda: v2.create_domain_name(DomainName="a.example.com", DomainNameConfigurations=[{
                "CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/c", "EndpointType": "REGIONAL",
                "SecurityPolicy": "TLS_1_0"}])),
        ]
    moto, gw = _both(scenario)
    assert [_status(answer) for answer in moto] == [200, 200, 200, 200]
    assert [answer["error"] for answer in gw] == [
        (400, "BadRequestException", "allow-credentials is not supported if 'allow-origin' is *"),
        (400, "BadRequestException",
         "Parameter: stateMachineArn does not fit schema for Operation: StepFunctions-StartSyncExecution."),
        (400, "BadRequestException", "For VpcLink VPC_LINK, integration uri should be a valid ELB listener ARN "
                                     "or a valid Cloud Map service ARN."),
        (400, "BadRequestException", "TLS_1_0 is not supported for APIGatewayV2 domainName."),
    ]
