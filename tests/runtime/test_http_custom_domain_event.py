"""The Lambda events of an HTTP API called through a custom domain name's API mapping.

AWS ("Create AWS Lambda proxy integrations for HTTP APIs", payload format differences): "If you
use an API mapping to connect your stage to a custom domain name, rawPath won't provide the API
mapping value. Use format 1.0 and path to access the API mapping for your custom domain name."
So 2.0's ``rawPath`` and ``requestContext.http.path`` are the path below the mapping, after a
named stage's segment though the URL has none (a user's capture of AWS's events,
CodeGenieApp/serverless-express#465: "rawPath: /{stageName}/foo" for
"https://{customDomain}/{ApiMappingKey}/foo"), 1.0's ``path`` and ``requestContext.path`` the URL
path as called. ``Host``/``domainName`` name the custom domain; ``domainPrefix`` is its first label.
"""

from __future__ import annotations

import json

import pytest
import requests

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
DOMAIN = "api.example.com"


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


@pytest.fixture
def mapped(apigatewayv2, gwmock):
    gwmock.add_lambda(FN, _echo)
    apigatewayv2.create_domain_name(DomainName=DOMAIN, DomainNameConfigurations=[
        {"CertificateArn": f"arn:aws:acm:{REGION}:123456789012:certificate/abc", "EndpointType": "REGIONAL"}])

    def api(version, stage, key):
        api_id = apigatewayv2.create_api(Name="echo", ProtocolType="HTTP")["ApiId"]
        integration = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                                      PayloadFormatVersion=version)["IntegrationId"]
        apigatewayv2.create_route(ApiId=api_id, RouteKey="ANY /{proxy+}", Target=f"integrations/{integration}")
        apigatewayv2.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
        apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage=stage, ApiMappingKey=key)
        return api_id

    return api


def _event(url):
    answer = requests.get(url, timeout=5)
    assert answer.status_code == 200
    return answer.json()


@pytest.mark.parametrize("stage", ["dev", "$default"])
def test_payload_2_raw_path_leaves_the_mapping_key_out(mapped, stage):
    mapped("2.0", stage, "v1")
    event = _event(f"https://{DOMAIN}/v1/items/7?a=1")
    raw_path = "/items/7" if stage == "$default" else f"/{stage}/items/7"
    assert (event["rawPath"], event["rawQueryString"]) == (raw_path, "a=1")
    context = event["requestContext"]
    assert (context["http"]["path"], context["stage"]) == (raw_path, stage)
    assert (context["domainName"], context["domainPrefix"]) == (DOMAIN, "api")
    assert event["headers"]["host"] == DOMAIN
    assert event["pathParameters"] == {"proxy": "items/7"}


@pytest.mark.parametrize("stage", ["dev", "$default"])
def test_payload_1_path_keeps_the_mapping_key(mapped, stage):
    mapped("1.0", stage, "v1")
    event = _event(f"https://{DOMAIN}/v1/items/7")
    assert (event["path"], event["requestContext"]["path"]) == ("/v1/items/7", "/v1/items/7")
    assert (event["requestContext"]["domainName"], event["requestContext"]["domainPrefix"]) == (DOMAIN, "api")
    assert event["headers"]["host"] == DOMAIN
    assert event["pathParameters"] == {"proxy": "items/7"}


def test_execute_api_host_keeps_the_stage_segment(mapped):
    api_id = mapped("2.0", "dev", "v1")
    host = f"{api_id}.execute-api.{REGION}.amazonaws.com"
    event = _event(f"https://{host}/dev/items/7")
    assert (event["rawPath"], event["requestContext"]["http"]["path"]) == ("/dev/items/7", "/dev/items/7")
    assert (event["requestContext"]["domainName"], event["requestContext"]["domainPrefix"]) == (host, api_id)
    assert event["headers"]["host"] == host
