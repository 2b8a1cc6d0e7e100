"""aws-recorded test_apigateway_lambda, compared whole: the Lambda proxy event of an edge-optimized
API (headers included) and every answer of test_aws_proxy_response_payload_format_validation
(status, body and, where recorded, every response header)."""

from __future__ import annotations

import json

import pytest
import requests
from helpers import as_recorded, assert_matches, error_of, recorded

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
ACCOUNT = "111111111111"  # the recording account
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


def _proxy_api(client, path_part, uri, **integration):
    api = client.create_rest_api(name="lambda")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=path_part)["id"]
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE",
                      requestParameters=integration.pop("method_parameters", {}))
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=uri, **integration)
    client.create_deployment(restApiId=api["id"], stageName="test")
    return api["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test"


def _echo_event(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def test_proxy_event_with_request_data_mapping(apigateway, gwmock):
    # the integration's requestParameters are ignored by AWS_PROXY (the recording's point)
    scenario = "test_lambda_aws_proxy_integration_request_data_mapping"
    gwmock.add_lambda(FN + "echo", _echo_event)
    mapping = {"integration.request.header.headerVar": "method.request.header.foobar",
               "integration.request.path.qsVar": "method.request.querystring.testVar",
               "integration.request.path.pathVar": "method.request.path.pathVariable",
               "integration.request.querystring.queryString": "method.request.querystring.testQueryString",
               "integration.request.querystring.testQs": "method.request.querystring.testQueryString",
               "integration.request.querystring.testEmptyQs": "method.request.header.emptyheader"}
    api_id, base = _proxy_api(apigateway, "{pathVariable}", URI.format(FN + "echo"), requestParameters=mapping,
                              method_parameters={value: True for value in mapping.values()})
    assert_matches({"rest_api_id": api_id}, recorded("lambda", scenario, "api_id"))
    response = requests.post(f"{base}/foobar", data=json.dumps({"message": "hello world"}),
                             params={"testQueryString": "foo", "testVar": "bar"},
                             headers={"Content-Type": "application/json", "Accept": "application/json",
                                      "Accept-Encoding": "gzip, deflate", "foobar": "mapped-value",
                                      "user-Agent": "test/integration", "headerVar": "request-value"}, timeout=5)
    assert response.status_code == 200
    event = response.json()
    event["body"] = json.loads(event["body"])
    expected = recorded("lambda", scenario, "http-proxy-invocation-data-mapping")
    # the recording's transformer left X-Forwarded-* of multiValueHeaders as bare strings
    multi = {k: v if isinstance(v, list) else [v] for k, v in expected["content"]["multiValueHeaders"].items()}
    expected = {**expected, "content": {**expected["content"], "multiValueHeaders": multi}}
    # the API belongs to the mock's account, not the recording's
    expected = json.loads(json.dumps(expected).replace(ACCOUNT, DEFAULT_ACCOUNT))
    assert_matches({"content": event, "status_code": response.status_code}, expected)


_FORMATS = {  # the function's answer per step (the recording's scenario), and the status AWS gave
    "invoke-api-no-body": {"statusCode": 200},
    "invoke-api-with-headers": {"statusCode": 200, "headers": {"test-header": "value", "header-bool": True}},
    "invoke-api-with-headers-null": {"statusCode": 200, "headers": None},
    "invoke-api-wrong-format": {"statusCode": 200, "wrongValue": "value"},
    "invoke-api-empty-response": None,
    "invoke-api-b64-encoded-true": {"statusCode": 200, "body": "dGVzdC1kYXRh", "isBase64Encoded": True},
    "invoke-api-b64-encoded-false": {"statusCode": 200, "body": "dGVzdC1kYXRh"},
    "invoke-api-multi-headers-valid": {"statusCode": 200, "multiValueHeaders": {"test-multi": ["value1", "value2"]}},
    "invoke-api-multi-headers-overwrite": {"statusCode": 200, "multiValueHeaders": {"test-multi": ["value-multi"]},
                                           "headers": {"test-multi": "value-solo"}},
    "invoke-api-multi-headers-overwrite-casing": {"statusCode": 200,
                                                  "multiValueHeaders": {"tesT-Multi": ["value-multi"]},
                                                  "headers": {"test-multi": "value-solo"}},
    "invoke-api-multi-headers-invalid": {"statusCode": 200, "multiValueHeaders": {"test-multi-invalid": "value1"}},
    "invoke-api-invalid-status-code": {"statusCode": "test"},
    "invoke-api-status-code-str": {"statusCode": "201"},
    "invoke-api-just-string": "justAString",
    "invoke-api-only-headers": {"headers": {"test-header": "value"}},
}


@pytest.mark.parametrize("step", list(_FORMATS))
def test_proxy_response_payload_format_validation(apigateway, gwmock, step):
    gwmock.add_lambda(FN + "fmt", lambda event, context: _FORMATS[step])
    _, base = _proxy_api(apigateway, "{proxy+}", URI.format(FN + "fmt"))
    response = requests.post(f"{base}/test", headers={"User-Agent": "python/test"}, timeout=5)
    try:
        content = response.json()
    except ValueError:
        content = response.content.decode()
    actual = {"content": content}
    expected = recorded("lambda", "test_aws_proxy_response_payload_format_validation", step)
    if "headers" in expected:
        actual["headers"] = dict(response.headers)
    assert_matches(actual, expected)
    assert response.status_code == (502 if content == {"message": "Internal server error"} else
                                    201 if step == "invoke-api-status-code-str" else 200)


def _return_event(event, context):
    return event


def test_lambda_aws_integration(apigateway, gwmock):
    scenario = "test_lambda_aws_integration"
    gwmock.add_lambda(FN + "echo", _return_event)
    api = apigateway.create_rest_api(name="lambda-aws")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "POST"}
    assert_matches(apigateway.put_method(**ids, authorizationType="NONE"), recorded("lambda", scenario, "put-method"))
    integration = apigateway.put_integration(**ids, type="AWS", integrationHttpMethod="POST",
                                             uri=URI.format(FN + "echo"), credentials=f"arn:aws:iam::{ACCOUNT}:role/r")
    assert_matches(integration, recorded("lambda", scenario, "put-integration"))
    assert_matches(apigateway.put_integration_response(**ids, statusCode="200"),
                   recorded("lambda", scenario, "put-integration-response"))
    assert_matches(apigateway.put_method_response(**ids, statusCode="200"),
                   recorded("lambda", scenario, "put-method-response"))
    apigateway.create_deployment(restApiId=api["id"], stageName="test")
    response = requests.post(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test/",
                             json={"message": "hello world"}, timeout=5)
    assert (response.status_code, response.json()) == (200, recorded("lambda", scenario, "lambda-aws-integration"))


def test_lambda_aws_integration_with_request_template(apigateway, gwmock):
    scenario = "test_lambda_aws_integration_with_request_template"
    gwmock.add_lambda(FN + "echo", _return_event)
    api = apigateway.create_rest_api(name="lambda-aws-template")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    method = apigateway.put_method(**ids, authorizationType="NONE",
                                   requestParameters={"method.request.querystring.param1": False})
    assert_matches(method, recorded("lambda", scenario, "put-method"))
    assert_matches(apigateway.put_method_response(**ids, statusCode="200"),
                   recorded("lambda", scenario, "put-method-response"))
    integration = apigateway.put_integration(
        **ids, type="AWS", integrationHttpMethod="POST", uri=URI.format(FN + "echo"),
        credentials=f"arn:aws:iam::{ACCOUNT}:role/r",
        requestTemplates={"application/json": json.dumps({"param1": "$input.params('param1')"})})
    assert_matches(as_recorded(integration), recorded("lambda", scenario, "put-integration"))
    assert_matches(apigateway.put_integration_response(**ids, statusCode="200", selectionPattern=""),
                   recorded("lambda", scenario, "put-integration-response"))
    apigateway.create_deployment(restApiId=api["id"], stageName="test")
    url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test/?param1=foobar"
    for step in ("lambda-aws-integration-1", "lambda-aws-integration-2"):
        response = requests.get(url, timeout=5)
        assert (response.status_code, response.json()) == (200, recorded("lambda", scenario, step))
    assert_matches(apigateway.delete_integration(**ids), recorded("lambda", scenario, "delete-integration"))
    assert_matches(error_of(apigateway.get_integration, **ids),
                   recorded("lambda", scenario, "get-integration-after-delete"))
