"""Fixtures for server mode: a real uvicorn server on 127.0.0.1 per test (starting one costs a few ms)."""

from __future__ import annotations

import boto3
import pytest

from gwmock.server import start


@pytest.fixture
def server():
    running = start(timeout=2.0)
    yield running
    running.stop()


@pytest.fixture
def client_for(server):
    def make(service="apigateway", key="testing", region="us-east-1", secret="x"):
        return boto3.client(service, region_name=region, endpoint_url=server.url,
                            aws_access_key_id=key, aws_secret_access_key=secret)

    return make


@pytest.fixture
def deployed_mock_api():
    def deployed_mock_api(client, options_method=False):
        """A REST API in us-east-1 with GET /pets (MOCK) and, optionally, a MOCK OPTIONS for CORS."""
        api = client.create_rest_api(name="served")
        pets = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
        verbs = ["GET", "OPTIONS"] if options_method else ["GET"]
        for verb in verbs:
            client.put_method(restApiId=api["id"], resourceId=pets, httpMethod=verb, authorizationType="NONE")
            client.put_integration(restApiId=api["id"], resourceId=pets, httpMethod=verb, type="MOCK",
                                   requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(restApiId=api["id"], resourceId=pets, httpMethod="GET", statusCode="200")
        client.put_integration_response(restApiId=api["id"], resourceId=pets, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": '{"served": true}'})
        if options_method:
            allow = {"method.response.header.Access-Control-Allow-Origin": True,
                     "method.response.header.Access-Control-Allow-Methods": True}
            client.put_method_response(restApiId=api["id"], resourceId=pets, httpMethod="OPTIONS", statusCode="200",
                                       responseParameters=allow)
            client.put_integration_response(
                restApiId=api["id"], resourceId=pets, httpMethod="OPTIONS", statusCode="200",
                responseParameters={"method.response.header.Access-Control-Allow-Origin": "'https://app.example.com'",
                                    "method.response.header.Access-Control-Allow-Methods": "'GET,OPTIONS'"},
                responseTemplates={"application/json": ""})
        client.create_deployment(restApiId=api["id"], stageName="dev")
        return api["id"]

    return deployed_mock_api
