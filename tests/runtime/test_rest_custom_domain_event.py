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


def _disable(apigateway, api_id, value):
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": value}])


def test_a_disabled_default_endpoint_reaches_every_stage_when_any_stage_is_updated(apigateway, api_id):
    # "Disabling the default endpoint affects all stages of the API. This setting takes effect when
    # you update any setting on any stage" (AWS: Disable the default endpoint for REST APIs).
    deployment = apigateway.get_stage(restApiId=api_id, stageName="prod")["deploymentId"]
    apigateway.create_stage(restApiId=api_id, stageName="beta", deploymentId=deployment)
    host = f"https://{api_id}.execute-api.{REGION}.amazonaws.com"
    _disable(apigateway, api_id, "True")
    assert [requests.get(f"{host}/{s}/x", timeout=5).status_code for s in ("prod", "beta")] == [200, 200]
    apigateway.update_stage(restApiId=api_id, stageName="beta", patchOperations=[
        {"op": "replace", "path": "/variables/color", "value": "blue"}])
    assert [requests.get(f"{host}/{s}/x", timeout=5).status_code for s in ("prod", "beta")] == [403, 403]
    apigateway.create_stage(restApiId=api_id, stageName="gamma", deploymentId=deployment)
    assert requests.get(f"{host}/gamma/x", timeout=5).status_code == 403
    _disable(apigateway, api_id, "False")
    assert requests.get(f"{host}/prod/x", timeout=5).status_code == 403  # until a stage is updated
    apigateway.update_stage(restApiId=api_id, stageName="gamma", patchOperations=[
        {"op": "replace", "path": "/description", "value": "on again"}])
    assert [requests.get(f"{host}/{s}/x", timeout=5).status_code for s in ("prod", "beta", "gamma")] == [200] * 3


def test_the_applied_setting_stays_out_of_stage_answers(apigateway, api_id):
    bodies = []
    apigateway.meta.events.register("before-parse.api-gateway.*",
                                    lambda response_dict, **_: bodies.append(response_dict["body"]))
    _disable(apigateway, api_id, "True")
    deployment = apigateway.get_stage(restApiId=api_id, stageName="prod")["deploymentId"]
    apigateway.create_stage(restApiId=api_id, stageName="beta", deploymentId=deployment)
    apigateway.get_stages(restApiId=api_id)
    apigateway.update_stage(restApiId=api_id, stageName="beta", patchOperations=[
        {"op": "replace", "path": "/description", "value": "x"}])
    assert len(bodies) == 5 and all(b"stageName" in body for body in bodies[1:])
    assert not [body for body in bodies if b"_endpoint" in body]  # the wire answers, not botocore's parse


def test_a_failed_stage_update_applies_nothing(apigateway, api_id):
    _disable(apigateway, api_id, "True")
    with pytest.raises(apigateway.exceptions.BadRequestException):
        apigateway.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
            {"op": "replace", "path": "/deploymentId", "value": "nope"}])
    assert requests.get(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/x", timeout=5).status_code == 200
