"""The Lambda proxy event of a REST API called through a custom domain name.

AWS sends the URL path as the client called it: ``path`` and ``requestContext.path`` keep the
base path (``/v1/items/7`` for base path ``v1``) and leave out the mapped stage, while the
execute-api host gives ``path`` after the stage and ``requestContext.path`` with it. Users'
recorded events show it (aws/serverless-java-container#34: ``"path":"/ping1/ping"`` for base
path ``ping1``; localstack/localstack#12296 lists the four cases; serverless-wsgi's
``API_GATEWAY_BASE_PATH`` exists to strip it). ``Host`` and ``requestContext.domainName`` name
the custom domain, and ``domainPrefix`` is "the first label of the $context.domainName".
"""

from __future__ import annotations

import json

import pytest
import requests

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
DOMAIN = "api.example.com"


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


@pytest.fixture
def api_id(apigateway, gwmock):
    gwmock.add_lambda(FN, _echo)
    api = apigateway.create_rest_api(name="echo", endpointConfiguration={"types": ["REGIONAL"]})
    proxy = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    apigateway.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    apigateway.create_domain_name(domainName=DOMAIN, endpointConfiguration={"types": ["REGIONAL"]},
                                  regionalCertificateArn=f"arn:aws:acm:{REGION}:123456789012:certificate/abc")
    return api["id"]


def _event(url):
    answer = requests.get(url, timeout=5)
    assert answer.status_code == 200
    return answer.json()


def test_base_path_stays_in_path_and_request_context_path(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="prod", basePath="v1")
    event = _event(f"https://{DOMAIN}/v1/items/7")
    assert event["path"] == "/v1/items/7"
    assert event["resource"] == "/{proxy+}"
    assert event["pathParameters"] == {"proxy": "items/7"}
    context = event["requestContext"]
    assert (context["path"], context["stage"], context["resourcePath"]) == ("/v1/items/7", "prod", "/{proxy+}")
    assert (context["domainName"], context["domainPrefix"]) == (DOMAIN, "api")
    assert event["headers"]["Host"] == DOMAIN
    assert event["multiValueHeaders"]["Host"] == [DOMAIN]


def test_empty_base_path_gives_the_path_as_called(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="prod")
    event = _event(f"https://{DOMAIN}/items/7")
    assert (event["path"], event["requestContext"]["path"]) == ("/items/7", "/items/7")


def test_mapping_without_stage_keeps_the_stage_segment_as_called(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, basePath="shop")
    event = _event(f"https://{DOMAIN}/shop/prod/items/7")
    assert (event["path"], event["requestContext"]["path"]) == ("/shop/prod/items/7", "/shop/prod/items/7")
    assert event["pathParameters"] == {"proxy": "items/7"}
    assert event["requestContext"]["stage"] == "prod"


def test_execute_api_host_is_unchanged(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="prod", basePath="v1")
    host = f"{api_id}.execute-api.{REGION}.amazonaws.com"
    event = _event(f"https://{host}/prod/items/7")
    assert (event["path"], event["requestContext"]["path"]) == ("/items/7", "/prod/items/7")
    assert (event["requestContext"]["domainName"], event["requestContext"]["domainPrefix"]) == (host, api_id)
    assert event["headers"]["Host"] == host


def test_a_disabled_default_endpoint_refuses_its_calls_once_deployed(apigateway, api_id):
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api_id, stage="prod", basePath="v1")
    default = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/items/7"
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "True"}])
    assert requests.get(default, timeout=5).status_code == 200  # the stage's deployment predates the change
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    refused = requests.get(default, timeout=5)
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert refused.headers["x-amzn-ErrorType"] == "ForbiddenException"
    assert _event(f"https://{DOMAIN}/v1/items/7")["path"] == "/v1/items/7"  # the custom domain still serves it
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "False"}])
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    assert requests.get(default, timeout=5).status_code == 200
