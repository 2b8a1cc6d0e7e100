"""Server mode, spoken to over real HTTP on loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import boto3
import pytest
from botocore.exceptions import ClientError

from gwmock.server import Server


@pytest.fixture
def server():
    with Server() as running:
        yield running


def _client(server, service="apigateway", key="testing"):
    return boto3.client(service, region_name="eu-west-1", endpoint_url=server.url,
                        aws_access_key_id=key, aws_secret_access_key="x")


def test_boto3_over_http(server):
    client = _client(server)
    api = client.create_rest_api(name="served")
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert client.get_rest_api(restApiId=api["id"])["name"] == "served"
    with pytest.raises(ClientError) as caught:
        client.get_rest_api(restApiId="nope")
    assert caught.value.response["Error"]["Code"] == "NotFoundException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_accounts_and_regions_come_from_the_signature(server):
    mine = _client(server)
    theirs = _client(server, key="222222222222")
    mine.create_rest_api(name="mine")
    assert [a["name"] for a in theirs.get_rest_apis()["items"]] == []
    assert [a["name"] for a in mine.get_rest_apis()["items"]] == ["mine"]
    records = server.backend.dump()["collections"]
    assert any(c[0][:2] == ["123456789012", "eu-west-1"] for c in records)


def _aws_cli():
    return os.environ.get("GWMOCK_AWS_CLI") or shutil.which("aws")


@pytest.mark.skipif(not _aws_cli(), reason="the AWS CLI is not installed")
def test_aws_cli_against_the_server(server):
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "eu-west-1", "AWS_PAGER": ""}
    base = [_aws_cli(), "--endpoint-url", server.url, "--output", "json", "apigateway"]
    created = json.loads(subprocess.run(base + ["create-rest-api", "--name", "cli"], env=env, check=True,
                                        capture_output=True, text=True, timeout=60).stdout)
    listed = json.loads(subprocess.run(base + ["get-rest-apis"], env=env, check=True, capture_output=True,
                                       text=True, timeout=60).stdout)
    assert [a["id"] for a in listed["items"]] == [created["id"]]
    missing = subprocess.run(base + ["get-rest-api", "--rest-api-id", "nope"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert missing.returncode != 0 and "NotFoundException" in missing.stderr


def _deployed(server):
    client = _client(server)
    client_us = boto3.client("apigateway", region_name="us-east-1", endpoint_url=server.url,
                             aws_access_key_id="testing", aws_secret_access_key="x")
    api = client_us.create_rest_api(name="served")
    pets = client_us.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    client_us.put_method(restApiId=api["id"], resourceId=pets, httpMethod="GET", authorizationType="NONE")
    client_us.put_integration(restApiId=api["id"], resourceId=pets, httpMethod="GET", type="MOCK",
                              requestTemplates={"application/json": '{"statusCode": 200}'})
    client_us.put_method_response(restApiId=api["id"], resourceId=pets, httpMethod="GET", statusCode="200")
    client_us.put_integration_response(restApiId=api["id"], resourceId=pets, httpMethod="GET", statusCode="200",
                                       responseTemplates={"application/json": '{"served": true}'})
    client_us.create_deployment(restApiId=api["id"], stageName="dev")
    assert client.get_rest_apis()["items"] == []  # eu-west-1 is another region
    return api["id"]


def test_deployed_api_by_host_header(server):
    import urllib.request

    api_id = _deployed(server)
    request = urllib.request.Request(f"{server.url}/dev/pets",
                                     headers={"Host": f"{api_id}.execute-api.us-east-1.amazonaws.com"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert (response.status, json.loads(response.read())) == (200, {"served": True})


def test_deployed_api_by_user_request_path(server):
    import urllib.request

    api_id = _deployed(server)
    with urllib.request.urlopen(f"{server.url}/restapis/{api_id}/dev/_user_request_/pets?x=1", timeout=10) as r:
        assert json.loads(r.read()) == {"served": True}
