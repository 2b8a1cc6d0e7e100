"""A request header sent on several lines (urllib3's ``HTTPHeaderDict``) reaches Lambda events
as AWS builds them: REST and HTTP payload 1.0 list each line in ``multiValueHeaders`` and give the
last in ``headers``; payload 2.0 "Duplicate headers are combined with commas" ("Create AWS Lambda
proxy integrations for HTTP APIs"). They were folded into one "a, b" value before the gateway saw
them."""

from __future__ import annotations

import json

import pytest
import urllib3

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
LINES = urllib3.HTTPHeaderDict([("X-Multi", "a"), ("X-Multi", "b"), ("X-One", "c")])


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _get(url):
    answer = urllib3.request("GET", url, headers=LINES)
    assert answer.status == 200
    return answer.json()


def test_rest_event_lists_each_line(apigateway, gwmock):
    gwmock.add_lambda(FN, _echo)
    api = apigateway.create_rest_api(name="echo")
    proxy = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    apigateway.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    event = _get(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/prod/x")
    assert (event["multiValueHeaders"]["X-Multi"], event["headers"]["X-Multi"]) == (["a", "b"], "b")
    assert (event["multiValueHeaders"]["X-One"], event["headers"]["X-One"]) == (["c"], "c")
    # the record of the request keeps one value a name, as requests' own headers do
    assert gwmock.requests[-1].headers["X-Multi"] == "a, b"


@pytest.mark.parametrize(("version", "multi", "single"), [("1.0", ["a", "b"], "b"), ("2.0", None, "a,b")])
def test_http_event_by_payload_version(apigatewayv2, gwmock, version, multi, single):
    gwmock.add_lambda(FN, _echo)
    api = apigatewayv2.create_api(Name="echo", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                                  PayloadFormatVersion=version)["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="ANY /{proxy+}", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    event = _get(f"https://{api}.execute-api.{REGION}.amazonaws.com/x")
    assert (event.get("multiValueHeaders") or {}).get("x-multi") == multi
    assert event["headers"]["x-multi"] == single
    assert event["headers"]["x-one"] == "c"
