"""aws-recorded scenarios without a test of their own elsewhere: documentation parts of a missing
API and a REST API with binary media types (test_apigateway_api), TestInvokeMethod on a Lambda
(AWS) integration (test_apigateway_basic), a CDK-shaped CloudFormation stack
(test_apigateway_lambda_cfn), an SQS integration speaking the JSON protocol (test_apigateway_sqs)
and SSM's query protocol behind an AWS integration (test_apigateway_ssm).

These steps are read from the project's copy of the recordings (tests/data/aws_recorded)."""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest
import requests
from helpers import assert_matches, error_of, recorded

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
ACCOUNT = "111111111111"  # the recording account
_STAMP = re.compile(r"^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : ")
_HTTP_DATE = re.compile(r"Date=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT")


def _client(service: str) -> Any:
    return boto3.client(service, region_name=REGION)


# --- test_apigateway_api ------------------------------------------------------------------------


@pytest.mark.gwmock(account=ACCOUNT)
def test_doc_parts_crud_no_api(apigateway):
    """Creating and listing documentation parts of an API that does not exist: 404, nothing made."""
    scenario = "test_doc_parts_crud_no_api"
    create = error_of(apigateway.create_documentation_part, restApiId="test-fake-rest-id",
                      location={"type": "API"}, properties=json.dumps({"description": "Sample API description"}))
    assert_matches(create, recorded("api", scenario, "wrong-rest-api-id-create-doc-part"))
    listing = error_of(apigateway.get_documentation_parts, restApiId="test-fake-rest-id")
    assert_matches(listing, recorded("api", scenario, "wrong-rest-api-id-get-doc-parts"))
    assert apigateway.get_rest_apis()["items"] == []


@pytest.mark.gwmock(account=ACCOUNT)
def test_create_rest_api_with_binary_media_types(apigateway):
    scenario = "test_create_rest_api_with_binary_media_types"
    created = apigateway.create_rest_api(name="binary-api", binaryMediaTypes=["image/png"])
    assert_matches(created, recorded("api", scenario, "create-with-binary-media"))
    assert apigateway.get_rest_api(restApiId=created["id"])["binaryMediaTypes"] == ["image/png"]


# --- test_apigateway_basic ----------------------------------------------------------------------

FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:test-invoke-fn"


def _echo_body(event, context):
    text = json.dumps(event, separators=(",", ":"))
    return {"statusCode": 200, "body": json.dumps(f"response from localstack lambda: {text}"),
            "isBase64Encoded": False, "headers": {}}


_BODY_LINE = re.compile(r"^(.* : (?:Endpoint response body before|Method response body after) transformations: )(.*)$")


def _asrecorded(response: dict[str, Any], n: int) -> dict[str, Any]:
    """A TestInvokeMethod answer as the recording keeps it: body parsed, log split into lines
    with the timestamps, the request id and the Date header written as the recording writes them.

    The recorded function ran on Node.js, whose runtime writes its answer as compact JSON; a
    gwmock function is Python, whose runtime writes ``json.dumps``'s spacing: the log's copies of
    the answer are compared compacted."""
    out = dict(response)
    out["body"] = json.loads(response["body"])
    lines = response["log"].split("\n")
    request_id = lines[0].rsplit(" ", 1)[-1]
    kept = {}
    for i, line in enumerate(lines):
        line = _HTTP_DATE.sub("Date=Day, dd MMM yyyy hh:mm:ss GMT", _STAMP.sub("DDD MMM dd hh:mm:ss UTC yyyy : ", line))
        body = _BODY_LINE.match(line)
        if body:
            line = body.group(1) + json.dumps(json.loads(body.group(2)), separators=(",", ":"))
        kept[f"line{i:02d}"] = line.replace(request_id, f"<request-id-{n}>")
    out["log"] = kept
    return out


@pytest.mark.gwmock(account=ACCOUNT)
def test_apigw_test_invoke_method_api(apigateway, gwmock):
    """TestInvokeMethod of GET /foo behind a Lambda (AWS, non-proxy) integration: the function's
    JSON answer is the body, the log names the endpoint request and response."""
    scenario = "test_apigw_test_invoke_method_api"
    gwmock.add_lambda(FN, _echo_body)
    api = apigateway.create_rest_api(name="test-invoke-api")
    api_id = api["id"]
    foo = apigateway.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="foo")["id"]
    apigateway.put_method(restApiId=api_id, resourceId=foo, httpMethod="GET", authorizationType="NONE")
    apigateway.put_method_response(restApiId=api_id, resourceId=foo, httpMethod="GET", statusCode="200")
    apigateway.put_integration(restApiId=api_id, resourceId=foo, httpMethod="GET", type="AWS",
                               integrationHttpMethod="POST",
                               uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations")
    apigateway.put_integration_response(restApiId=api_id, resourceId=foo, httpMethod="GET", statusCode="200")

    plain = apigateway.test_invoke_method(restApiId=api_id, resourceId=foo, httpMethod="GET")
    with_body = apigateway.test_invoke_method(restApiId=api_id, resourceId=foo, httpMethod="GET",
                                              pathWithQueryString="/foo?queryTest=value",
                                              body=json.dumps({"test": "val123"}),
                                              headers={"content-type": "application/json"})
    for n, (answer, step) in enumerate(((plain, "test_invoke_method_response"),
                                        (with_body, "test_invoke_method_response_with_body")), start=1):
        expected = recorded("basic", scenario, step)
        expected = json.loads(json.dumps(expected).replace("<partition>", "aws").replace("<region>", REGION)
                              .replace("<function-name>", "test-invoke-fn").replace("<rest-api-id>", api_id))
        expected["latency"] = "<total-latency>"  # an integer; "<latency>" is the log's integration latency
        assert isinstance(answer["latency"], int)
        # the answer's length as the function's runtime wrote it (compact on Node.js: see _as_recorded)
        expected["log"]["line12"] = re.sub(r"Content-Length=\d+", f"Content-Length=<content-length-{n}>",
                                           expected["log"]["line12"])
        assert_matches(_asrecorded(answer, n), expected)
        assert f"Content-Length={len(answer['body'].encode())}," in answer["log"]


# --- test_apigateway_lambda_cfn -----------------------------------------------------------------

_HELLO = """import json
def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"message": "Hello World!"})}
"""
_ROLE_POLICY = {"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                               "Principal": {"Service": "lambda.amazonaws.com"}}], "Version": "2012-10-17"}
_API = {"Ref": "restapi7F9E0D3A"}
_FN_ARN = {"Fn::GetAtt": ["backend8CBF8D4C", "Arn"]}


def _join(*parts: Any) -> dict[str, Any]:
    return {"Fn::Join": ["", list(parts)]}


def _permission(stage: Any) -> dict[str, Any]:
    return {"Type": "AWS::Lambda::Permission", "Properties": {
        "Action": "lambda:InvokeFunction", "FunctionName": _FN_ARN, "Principal": "apigateway.amazonaws.com",
        "SourceArn": _join("arn:", {"Ref": "AWS::Partition"}, ":execute-api:", {"Ref": "AWS::Region"}, ":",
                           {"Ref": "AWS::AccountId"}, ":", _API, "/", stage, "/GET/v1")}}


def _gateway_response(kind: str) -> dict[str, Any]:
    return {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": {
        "ResponseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
        "ResponseType": kind, "RestApiId": _API}}


# What ``cdk synth`` writes for the scenario's stack "ApiGatewayStack": a RestApi "rest-api" (with
# the CloudWatch role CDK adds), a Python function "backend" behind GET /v1 (a Lambda proxy), two
# gateway responses, and the outputs ApiId and the RestApi's endpoint URL.
CDK_STACK: dict[str, Any] = {
    "Resources": {
        "restapi7F9E0D3A": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "rest-api"}},
        "restapiCloudWatchRole1E4E0E5B": {
            "Type": "AWS::IAM::Role", "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain",
            "Properties": {"AssumeRolePolicyDocument": {**_ROLE_POLICY, "Statement": [
                {**_ROLE_POLICY["Statement"][0], "Principal": {"Service": "apigateway.amazonaws.com"}}]},
                "ManagedPolicyArns": [_join("arn:", {"Ref": "AWS::Partition"},
                                            ":iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")]}},
        "restapiAccount2B7A1F3C": {
            "Type": "AWS::ApiGateway::Account", "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain",
            "DependsOn": ["restapi7F9E0D3A"],
            "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["restapiCloudWatchRole1E4E0E5B", "Arn"]}}},
        "restapiDeployment5C3D0A0Ea1b2c3d4e5f60718293a4b5c6d7e8f90": {
            "Type": "AWS::ApiGateway::Deployment",
            "DependsOn": ["restapidefault4xxresponse6C8B5A4D", "restapidefault5xxresponse9E1F2A3B",
                          "restapiv1GET3B8E5C7D", "restapiv1C2D1E0F9"],
            "Properties": {"Description": "Automatically created by the RestApi construct", "RestApiId": _API}},
        "restapiDeploymentStageprod4F1E6A2B": {
            "Type": "AWS::ApiGateway::Stage", "DependsOn": ["restapiAccount2B7A1F3C"],
            "Properties": {"DeploymentId": {"Ref": "restapiDeployment5C3D0A0Ea1b2c3d4e5f60718293a4b5c6d7e8f90"},
                           "RestApiId": _API, "StageName": "prod"}},
        "restapiv1C2D1E0F9": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "ParentId": {"Fn::GetAtt": ["restapi7F9E0D3A", "RootResourceId"]}, "PathPart": "v1",
            "RestApiId": _API}},
        "restapiv1GETApiPermissionApiGatewayStackrestapiGETv1": _permission(
            {"Ref": "restapiDeploymentStageprod4F1E6A2B"}),
        "restapiv1GETApiPermissionTestApiGatewayStackrestapiGETv1": _permission("test-invoke-stage"),
        "restapiv1GET3B8E5C7D": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "AuthorizationType": "NONE", "HttpMethod": "GET", "ResourceId": {"Ref": "restapiv1C2D1E0F9"},
            "RestApiId": _API,
            "Integration": {"IntegrationHttpMethod": "POST", "Type": "AWS_PROXY", "Uri": _join(
                "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
                ":lambda:path/2015-03-31/functions/", _FN_ARN, "/invocations")}}},
        "restapidefault4xxresponse6C8B5A4D": _gateway_response("DEFAULT_4XX"),
        "restapidefault5xxresponse9E1F2A3B": _gateway_response("DEFAULT_5XX"),
        "backendServiceRole77A15F3A": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": _ROLE_POLICY,
            "ManagedPolicyArns": [_join("arn:", {"Ref": "AWS::Partition"},
                                        ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")]}},
        "backend8CBF8D4C": {
            "Type": "AWS::Lambda::Function", "DependsOn": ["backendServiceRole77A15F3A"],
            "Properties": {"Code": {"ZipFile": _HELLO}, "Handler": "index.handler", "Runtime": "python3.10",
                           "Role": {"Fn::GetAtt": ["backendServiceRole77A15F3A", "Arn"]}}},
    },
    "Outputs": {
        "restapiEndpointC67DEFEA": {"Value": _join(
            "https://", _API, ".execute-api.", {"Ref": "AWS::Region"}, ".", {"Ref": "AWS::URLSuffix"}, "/",
            {"Ref": "restapiDeploymentStageprod4F1E6A2B"}, "/")},
        "ApiId": {"Value": _API},
    },
}


def test_scenario_validate_infra(apigateway, gwmock):
    """The CDK stack's outputs name the API and its prod endpoint; every resource, the gateway
    responses included, has a physical id; the API answers as deployed."""
    stack = gwmock.deploy_template(CDK_STACK, name="ApiGatewayStack")
    api_id = stack.outputs["ApiId"]
    assert apigateway.get_rest_api(restApiId=api_id)["id"] == api_id
    expected = recorded("lambda_cfn", "test_scenario_validate_infra", "resources")
    assert_matches(stack.outputs, json.loads(json.dumps(expected).replace("<region>", REGION)))
    responses = [k for k, v in CDK_STACK["Resources"].items() if v["Type"] == "AWS::ApiGateway::GatewayResponse"]
    assert all(stack.resources[k] for k in responses)
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
        response = apigateway.get_gateway_response(restApiId=api_id, responseType=kind)
        assert response["responseParameters"] == {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}
        assert response["defaultResponse"] is False
    answer = requests.get(stack.outputs["restapiEndpointC67DEFEA"] + "v1", timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"message": "Hello World!"})
    missing = requests.get(stack.outputs["restapiEndpointC67DEFEA"] + "nope", timeout=5)
    assert missing.status_code == 403
    assert missing.headers["Access-Control-Allow-Origin"] == "*"


# --- test_apigateway_sqs ------------------------------------------------------------------------


@pytest.fixture
def aws(gwmock):
    """moto's mock_aws beside gwmock: the AWS integration's service request is answered by moto."""
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        yield gwmock


def _as_ours(expected: Any) -> Any:
    """Recorded values name the recording account; moto's and gwmock's is the default one."""
    return json.loads(json.dumps(expected).replace(ACCOUNT, DEFAULT_ACCOUNT))


def _each_key(name: str, value: str = '$context.{name}.get($key)') -> str:
    """VTL writing ``"name": {"key": "value", ...}`` for each key of ``$context.<name>``, as JSON
    escaped inside the JSON string of the SQS message body."""
    pair = '\\"$key\\": \\"' + value.format(name=name) + '\\"'
    return (f'\\"{name}\\": {{#foreach($key in $context.{name}.keySet()){pair}'
            '#if($foreach.hasNext),#end#end}')


def test_sqs_amz_json_protocol(aws, apigateway):
    """An SQS path integration that sends SendMessage in the JSON protocol (mapped Content-Type
    and X-Amz-Target): the message body lists ``$context`` by its keys, then identity, overrides
    and authorizer."""
    sqs = _client("sqs")
    queue_url = sqs.create_queue(QueueName="queue-json")["QueueUrl"]
    api = apigateway.create_rest_api(name="sqs-json", description="Test Integration with SQS")
    api_id = api["id"]
    resource = apigateway.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="sqs")["id"]
    apigateway.put_method(restApiId=api_id, resourceId=resource, httpMethod="POST", authorizationType="NONE")
    context = ('\\"context\\": {#foreach($key in $context.keySet())\\"$key\\": \\"$context.get($key)\\"'
               '#if($foreach.hasNext),#end#end}')
    authorizer = _each_key("authorizer", "$util.escapeJavaScript($context.{name}.get($key))")
    body = "{" + ",".join([context, _each_key("identity"), _each_key("requestOverride"),
                           _each_key("responseOverride"), authorizer.replace('\\"authorizer\\"',
                                                                             '\\"authorizer_keys\\"')]) + "}"
    template = f'{{\n    "QueueUrl": "{queue_url}",\n    "MessageBody": "{body}"\n}}\n'
    apigateway.put_integration(
        restApiId=api_id, resourceId=resource, httpMethod="POST", type="AWS", integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:sqs:path/{DEFAULT_ACCOUNT}/queue-json",
        credentials=f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/apigw-sqs",
        requestParameters={"integration.request.header.Content-Type": "'application/x-amz-json-1.0'",
                           "integration.request.header.X-Amz-Target": "'AmazonSQS.SendMessage'"},
        requestTemplates={"application/json": template}, passthroughBehavior="NEVER")
    for status in ("200", "400"):
        apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode=status,
                                       responseModels={"application/json": "Empty"})
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="200",
                                        responseTemplates={"application/json": '{"message": "great success!"}'})
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="400",
                                        responseTemplates={"application/json": '{"message": "failure :("}'},
                                        selectionPattern="400")
    apigateway.create_deployment(restApiId=api_id, stageName="testing")

    answer = requests.post(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/testing/sqs",
                           headers={"User-Agent": "python/requests/tests"}, timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"message": "great success!"})
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    for message in messages:
        message["Body"] = json.loads(message["Body"])
        epoch = message["Body"]["context"]["requestTimeEpoch"]
        assert epoch.isdigit()
        message["Body"]["context"]["requestTimeEpoch"] = "request-time-epoch"  # as the recording writes it
    assert_matches(messages, _as_ours(recorded("sqs", "test_sqs_amz_json_protocol", "sqs-messages")))


# --- test_apigateway_ssm ------------------------------------------------------------------------


def _ssm_api(apigateway, name: str, accept: str | None) -> str:
    """GET /ssm behind ``ssm:action/GetParameter`` for parameter ``name``, its ``Accept`` mapped
    to ``accept`` (API Gateway's own is ``application/json``); deployed to ``test``."""
    api = apigateway.create_rest_api(name="aws ssm parameter api")
    api_id = api["id"]
    resource = apigateway.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="ssm")["id"]
    apigateway.put_method(restApiId=api_id, resourceId=resource, httpMethod="GET", authorizationType="NONE")
    mapped = {"integration.request.querystring.Name": f"'{name}'"}
    if accept is not None:
        mapped["integration.request.header.Accept"] = f"'{accept}'"
    apigateway.put_integration(restApiId=api_id, resourceId=resource, httpMethod="GET", type="AWS",
                               integrationHttpMethod="POST", uri=f"arn:aws:apigateway:{REGION}:ssm:action/GetParameter",
                               credentials=f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/apigw-ssm",
                               passthroughBehavior="WHEN_NO_TEMPLATES", requestParameters=mapped)
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                                   responseModels={"application/json": "Empty"})
    apigateway.create_deployment(restApiId=api_id, stageName="test")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/test/ssm"


def _without_metadata(response: dict[str, Any]) -> dict[str, Any]:
    """The ``<Action>Response`` without ``ResponseMetadata``, whose request id must be there (the
    recording keeps only the HTTP headers it emptied)."""
    out = dict(response)
    assert out.pop("ResponseMetadata")["RequestId"]
    return out


def test_get_parameter_query_protocol(aws, apigateway):
    """SSM reached through the query protocol answers XML unless JSON is accepted: mapping
    ``Accept: */*`` (what the recording's client sent) gives the XML (set members only, as text),
    API Gateway's own ``application/json`` the JSON (every member, typed, null when unset)."""
    scenario = "test_get_parameter_query_protocol"
    xmltodict = pytest.importorskip("xmltodict")  # moto's own dependency
    _client("ssm").put_parameter(Name="param-query", Description="test", Value="123", Type="String")

    xml = requests.get(_ssm_api(apigateway, "param-query", "*/*"), timeout=5)
    assert xml.status_code == 200
    document = xmltodict.parse(xml.content)
    assert list(document) == ["GetParameterResponse"]
    expected = _as_ours(recorded("ssm", scenario, "get-parameter-query-default"))
    expected.pop("ResponseMetadata")
    assert_matches(_without_metadata(document["GetParameterResponse"]), expected)
    stamp = document["GetParameterResponse"]["GetParameterResult"]["Parameter"]["LastModifiedDate"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z", stamp)  # (guess) ISO 8601

    answer = requests.get(_ssm_api(apigateway, "param-query", None), timeout=5)
    assert answer.status_code == 200
    document = answer.json()
    assert list(document) == ["GetParameterResponse"]
    expected = _as_ours(recorded("ssm", scenario, "get-parameter-query-json"))
    expected.pop("ResponseMetadata")
    assert_matches(_without_metadata(document["GetParameterResponse"]), expected)


def test_ssm_query_protocol_error_is_xml_unless_json_is_accepted(aws, apigateway):
    """A missing parameter: the query protocol's ``ErrorResponse`` in XML (guess: its members as
    in SQS's XML errors), selected by status like the JSON form."""
    xmltodict = pytest.importorskip("xmltodict")  # moto's own dependency
    url = _ssm_api(apigateway, "no-such-parameter", "application/xml")
    api_id = url.split("//")[1].split(".")[0]
    resource = next(r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/ssm")
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="400")
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="400",
                                        selectionPattern="4\\d{2}")
    apigateway.create_deployment(restApiId=api_id, stageName="test")
    answer = requests.get(url, timeout=5)
    assert answer.status_code == 400
    document = xmltodict.parse(answer.content)["ErrorResponse"]
    assert document["@xmlns"] == "http://ssm.amazonaws.com/doc/2014-11-06/"
    assert document["Error"]["Type"] == "Sender"
    assert document["Error"]["Code"] == "ParameterNotFound"
    assert document["RequestId"]
