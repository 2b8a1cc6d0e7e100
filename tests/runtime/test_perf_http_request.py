"""What the request side's shortcuts must not change: the domain name made once per request (the
Host header API Gateway adds and the event's ``domainName``) and literal route look-ups with the
path split inline (root, trailing and doubled slashes)."""

from __future__ import annotations

import pytest

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "eu-west-1"
ARN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:echo"


@pytest.fixture
def api(gwmock):
    import boto3

    v2 = boto3.client("apigatewayv2", region_name=REGION)
    gwmock.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": "", "headers": {
        "x-route": event["routeKey"], "x-domain": event["requestContext"]["domainName"],
        "x-host": event["headers"].get("host", "")}})
    api_id = v2.create_api(Name="request", ProtocolType="HTTP")["ApiId"]
    integration = v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=ARN,
                                        PayloadFormatVersion="2.0")["IntegrationId"]
    for key in ("GET /", "GET /pets", "GET /pets/dogs", "$default"):
        v2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def _url(api_id, path):
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com{path}"


@pytest.mark.parametrize(("path", "route"), [
    ("/", "GET /"), ("", "GET /"), ("/pets", "GET /pets"), ("/pets/", "GET /pets"), ("/pets/dogs", "GET /pets/dogs"),
    ("/pets/dogs/", "GET /pets/dogs"), ("//pets", "GET /pets"), ("/pets//dogs", "$default"), ("/cats", "$default"),
])
def test_literal_routes_are_looked_up_as_before(gwmock, api, path, route):
    assert gwmock.invoke("GET", _url(api, path)).headers["x-route"] == route


def test_the_domain_name_is_the_apis_and_a_given_host_header_is_kept(gwmock, api):
    domain = f"{api}.execute-api.{REGION}.amazonaws.com"
    answer = gwmock.invoke("GET", _url(api, "/pets"))
    assert (answer.headers["x-domain"], answer.headers["x-host"]) == (domain, domain)
    answer = gwmock.invoke("GET", _url(api, "/pets"), headers={"Host": "example.com"})
    assert (answer.headers["x-domain"], answer.headers["x-host"]) == (domain, "example.com")
