"""HTTP_PROXY integrations on the ``$default`` route forward the full request path
(``gwmock.runtime.http.integration``).

AWS routes guide, "Working with the $default route": "When the $default route receives a request, API
Gateway sends the full request path to the integration. ... When you send a request to
https://api-id.execute-api.us-east-2.amazonaws.com/store/checkout, API Gateway sends a request to
https://petstore-demo-endpoint.execute-api.com/store/checkout." The backend is a local 127.0.0.1 server.
"""

from __future__ import annotations

import pytest
from helpers import RecordingBackend


@pytest.fixture
def backend():
    with RecordingBackend() as server:
        yield server


def proxy_api(client, uri, key="$default", stage="$default", **extra):
    api_id = client.create_api(Name="proxy", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                            IntegrationUri=uri, PayloadFormatVersion="1.0", **extra)["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    return f"https://{api_id}.execute-api.{client.meta.region_name}.amazonaws.com"


def test_default_route_sends_the_full_request_path(apigatewayv2, gwmock, backend):
    base = proxy_api(apigatewayv2, f"http://127.0.0.1:{backend.port}")
    answer = gwmock.invoke("POST", base + "/store/checkout?a=1&b=2", body="x")
    assert (answer.status, answer.body) == (200, b"ok")
    assert gwmock.invoke("GET", base + "/").status == 200
    assert backend.seen == [("POST", "/store/checkout?a=1&b=2"), ("GET", "/")]


def test_default_route_path_follows_the_uris_own_path(apigatewayv2, gwmock, backend):
    base = proxy_api(apigatewayv2, f"http://127.0.0.1:{backend.port}/base/")
    assert gwmock.invoke("GET", base + "/store/checkout").status == 200
    assert backend.seen == [("GET", "/base/store/checkout")]


def test_default_route_of_a_named_stage_sends_the_stage_segment(apigatewayv2, gwmock, backend):
    base = proxy_api(apigatewayv2, f"http://127.0.0.1:{backend.port}", stage="dev")
    assert gwmock.invoke("DELETE", base + "/dev/store/checkout").status == 200
    assert backend.seen == [("DELETE", "/dev/store/checkout")]


def test_default_route_sends_the_path_as_the_client_encoded_it(apigatewayv2, gwmock, backend):
    base = proxy_api(apigatewayv2, f"http://127.0.0.1:{backend.port}")
    assert gwmock.invoke("GET", base + "/files/a%2Fb%20c%3F%00?q=%2F").status == 200
    assert backend.seen == [("GET", "/files/a%2Fb%20c%3F%00?q=%2F")]


def test_an_overwritten_path_replaces_the_request_path(apigatewayv2, gwmock, backend):
    base = proxy_api(apigatewayv2, f"http://127.0.0.1:{backend.port}",
                     RequestParameters={"overwrite:path": "/fixed"})
    assert gwmock.invoke("GET", base + "/store/checkout").status == 200
    assert backend.seen == [("GET", "/fixed")]


def test_other_routes_still_call_the_uri_as_it_is(apigatewayv2, gwmock, backend):
    base = proxy_api(apigatewayv2, f"http://127.0.0.1:{backend.port}/only", key="ANY /store/{item}")
    assert gwmock.invoke("GET", base + "/store/checkout").status == 200
    assert backend.seen == [("GET", "/only")]


def test_an_aws_service_integration_no_mock_serves_is_answered_500_and_the_service_named(apigatewayv2, gwmock, caplog):
    region = apigatewayv2.meta.region_name
    api_id = apigatewayv2.create_api(Name="sqs", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationSubtype="SQS-SendMessage", PayloadFormatVersion="1.0",
        CredentialsArn="arn:aws:iam::123456789012:role/sqs",
        RequestParameters={"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                           "MessageBody": "$request.body"})["IntegrationId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="POST /q", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    answer = gwmock.invoke("POST", f"https://{api_id}.execute-api.{region}.amazonaws.com/q", body="hi")
    assert (answer.status, answer.json()) == (500, {"message": "Internal Server Error"})
    assert "No mock served the AWS service request POST https://sqs.us-east-1.amazonaws.com/" in caplog.text
