"""The shortcuts of a REST Lambda proxy request (issue 12) give the event the plain path gives.

* The event's ``headers`` come from a template worked out once per header shape
  (``proxy.shape_headers``, kept on ``HeaderLists.event_headers``) and filled with the values made
  per request (trace id, ``Parent``, CloudFront's ``Via`` and ``X-Amz-Cf-Id``): they must equal
  the last value of each ``multiValueHeaders`` line, in AWS's spelling, and differ per request.
* The execution log keeps the request context as its parts (``request.context_parts``), not the
  dict: the event the log writes must be the one the function got, whatever the function did to it.
"""

from __future__ import annotations

import json
import re

import boto3
import pytest

REGION = "eu-west-1"
ARN = f"arn:aws:lambda:{REGION}:123456789012:function:fn"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{ARN}/invocations"
_EVENT_LINE = re.compile(r"^.* : Endpoint request body after transformations: (.*)$")


def _api() -> str:
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="perf")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="POST", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI)
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"


def _logged_event(log: list[str]) -> dict:
    return json.loads(next(m[1] for line in log if (m := _EVENT_LINE.match(line))))


@pytest.mark.parametrize("headers", [
    {},
    {"aUThorization": "token", "user-agent": "ua/1", "X-Custom": "a"},
    {"x-amzn-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793", "Accept": "*/*"},
])
def test_event_headers_are_each_lines_last_value_made_per_request(gwmock, headers):
    seen: list[dict] = []

    def handler(event, context):
        seen.append(json.loads(json.dumps(event)))
        event["headers"]["Via"] = "changed by the function"  # its own copy: the next event is unchanged
        event["requestContext"]["identity"]["sourceIp"] = "changed"
        return {"statusCode": 200, "body": "{}"}

    gwmock.add_lambda(ARN, handler)
    url = _api()
    answers = [gwmock.invoke("POST", url, body="{}", headers=headers) for _ in range(3)]

    for event, answer in zip(seen, answers):
        assert event["headers"] == {name: values[-1] for name, values in event["multiValueHeaders"].items()}
        assert list(event["headers"]) == list(event["multiValueHeaders"])
        assert _logged_event(answer.log) == event  # the log's event is the function's, as it got it
        assert event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
        assert event["headers"]["Via"].endswith(".cloudfront.net (CloudFront)")
    if "aUThorization" in headers:
        assert seen[0]["headers"]["Authorization"] == "token" and seen[0]["headers"]["User-Agent"] == "ua/1"
        assert "aUThorization" not in seen[0]["headers"]
    for name in ("X-Amz-Cf-Id", "Via"):  # made per request, not kept with the shape
        assert len({event["headers"][name] for event in seen}) == 3
    trace = next(name for name in seen[0]["headers"] if name.lower() == "x-amzn-trace-id")
    assert len({event["headers"][trace] for event in seen}) == 3 or "Parent=" in seen[0]["headers"][trace]
    if headers.get("x-amzn-trace-id"):
        assert seen[0]["headers"][trace].startswith("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=")


def test_request_context_of_parts_is_the_context(gwmock):
    """``request_context`` (access logs, ``$context``) and the event's ``requestContext`` agree."""
    from gwmock.runtime.rest import request

    seen: list[dict] = []
    gwmock.add_lambda(ARN, lambda event, context: seen.append(event) or {"statusCode": 200, "body": ""})
    url = _api()
    answer = gwmock.invoke("POST", url, body="{}", headers={"X-Forwarded-For": "10.1.2.3"})

    context = seen[0]["requestContext"]
    assert context["identity"]["sourceIp"] == "10.1.2.3"
    assert list(context["identity"]) == [
        "accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType",
        "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId", "sourceIp", "user", "userAgent", "userArn"]
    assert request.request_context  # the dict's other callers (access logs, $context) build it from the parts too
    assert context["requestId"] == answer.headers["x-amzn-RequestId"]
    assert context["extendedRequestId"] == answer.headers["x-amz-apigw-id"]
    assert _logged_event(answer.log)["requestContext"] == context
