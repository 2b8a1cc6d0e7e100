"""Server mode, spoken to over real HTTP on loopback: boto3, the AWS CLI, deployed APIs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from gwmock.mock import mock_apigateway
from gwmock.server import Server, start

REGION = "us-east-1"


def test_boto3_over_http(client_for):
    client = client_for(region="eu-west-1")
    api = client.create_rest_api(name="served")
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert client.get_rest_api(restApiId=api["id"])["name"] == "served"
    with pytest.raises(ClientError) as caught:
        client.get_rest_api(restApiId="nope")
    assert caught.value.response["Error"]["Code"] == "NotFoundException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_apigatewayv2_over_http(client_for):
    client = client_for("apigatewayv2")
    api = client.create_api(Name="v2", ProtocolType="HTTP")
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert [a["Name"] for a in client.get_apis()["Items"]] == ["v2"]


def test_the_server_records_calls_on_its_handle(server, client_for):
    client_for().get_rest_apis()
    assert [(c[0], c[1], c[3]) for c in server.handle.calls] == [("apigateway", "GetRestApis", 200)]


def test_accounts_and_regions_come_from_the_signature(server, client_for):
    mine = client_for(region="eu-west-1")
    theirs = client_for(key="222222222222", region="eu-west-1")
    mine.create_rest_api(name="mine")
    assert [a["name"] for a in theirs.get_rest_apis()["items"]] == []
    assert [a["name"] for a in mine.get_rest_apis()["items"]] == ["mine"]
    records = server.backend.dump()["collections"]
    assert any(c[0][:2] == ["123456789012", "eu-west-1"] for c in records)


def test_a_blob_payload_passes_the_cross_site_guard(client_for):
    document = {"openapi": "3.0.1", "info": {"title": "imported", "version": "1"}, "paths": {}}
    api = client_for().import_rest_api(body=json.dumps(document).encode())
    assert api["name"] == "imported"


def test_old_server_name_still_works():
    with Server() as running:
        client = boto3.client("apigateway", region_name=REGION, endpoint_url=running.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        assert client.get_rest_apis()["items"] == []


def test_a_started_handle_is_served():
    with mock_apigateway() as gw:
        running = start(gw)
        try:
            assert running.handle is gw
            answer = requests.get(f"{running.url}/restapis", timeout=5)  # unsigned: the server's own answer
            assert answer.status_code == 403
        finally:
            running.stop()


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


def test_deployed_api_by_host_header(server, client_for, deployed_mock_api):
    api_id = deployed_mock_api(client_for())
    assert client_for(region="eu-west-1").get_rest_apis()["items"] == []  # another region
    answer = requests.get(f"{server.url}/dev/pets", headers={"Host": f"{api_id}.execute-api.{REGION}.amazonaws.com"},
                          timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"served": True})


def test_deployed_api_by_user_request_path(server, client_for, deployed_mock_api):
    api_id = deployed_mock_api(client_for())
    answer = requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/pets?x=1", timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"served": True})


def test_deployed_apis_need_no_signature_and_apply_their_own_answers(server, client_for, deployed_mock_api):
    api_id = deployed_mock_api(client_for())
    answer = requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/nothing", timeout=5)
    assert (answer.status_code, answer.json()) == (403, {"message": "Missing Authentication Token"})
    assert answer.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_lambda_functions_live_in_the_server_process(server, client_for):
    server.handle.add_lambda("hello", lambda event, context: {"statusCode": 200, "body": event["path"]})
    client = client_for()
    api = client.create_rest_api(name="lambda")
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="ANY",
                      authorizationType="NONE")
    function = f"arn:aws:lambda:{REGION}:123456789012:function:hello"
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="ANY",
                           type="AWS_PROXY", integrationHttpMethod="POST",
                           uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function}/invocations")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    answer = requests.get(f"{server.url}/restapis/{api['id']}/dev/_user_request_/", timeout=5)
    assert (answer.status_code, answer.text) == (200, "/")


def test_a_template_deployed_into_the_servers_handle_is_live(server):
    method = {"Type": "AWS::ApiGateway::Method", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET",
        "AuthorizationType": "NONE", "MethodResponses": [{"StatusCode": "200"}],
        "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                        "IntegrationResponses": [{"StatusCode": "200",
                                                  "ResponseTemplates": {"application/json": '{"cfn": true}'}}]}}}
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "cfn"}},
        "Get": method,
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "Get",
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "dev"}}},
        "Outputs": {"Id": {"Value": {"Ref": "Api"}}}}
    api_id = server.handle.deploy_template(template).outputs["Id"]
    answer = requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/", timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"cfn": True})


def test_user_request_path_finds_the_api_in_any_region(server, client_for):
    client = client_for(region="eu-west-1")
    api = client.create_rest_api(name="irish")
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                      authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                               statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                    statusCode="200", responseTemplates={"application/json": '{"region": "eu"}'})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    answer = requests.get(f"{server.url}/restapis/{api['id']}/dev/_user_request_/", timeout=30)
    assert (answer.status_code, answer.json()) == (200, {"region": "eu"})


def test_repeated_request_header_lines_reach_the_api_as_separate_values(server, client_for):
    """Two ``X-Tag`` lines are two values in the REST event's ``multiValueHeaders`` (as a urllib3
    client in-process gets them), not one value joined with ", " (values may hold commas)."""
    import http.client
    from urllib.parse import urlsplit

    server.handle.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": json.dumps(
        {"multi": event["multiValueHeaders"]["x-tag"], "single": event["headers"]["x-tag"]})})
    client = client_for()
    api = client.create_rest_api(name="echo")
    client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                      authorizationType="NONE")
    function = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
    client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                           type="AWS_PROXY", integrationHttpMethod="POST",
                           uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{function}/invocations")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=5)
    try:
        connection.putrequest("GET", f"/restapis/{api['id']}/dev/_user_request_/")
        connection.putheader("X-Tag", "a, b")
        connection.putheader("X-Tag", "c")
        connection.endheaders()
        answer = connection.getresponse()
        assert answer.status == 200
        assert json.loads(answer.read()) == {"multi": ["a, b", "c"], "single": "c"}
    finally:
        connection.close()


def test_control_plane_calls_are_answered_while_a_worker_holds_the_state(server, client_for):
    # small control-plane calls are answered on the event loop when the state's lock is free; while
    # a worker thread holds it (a unit of work), they wait on a worker thread instead, never stalling
    # the loop, and are answered once it is released
    import threading
    import time

    client = client_for()
    client.create_rest_api(name="first")
    backend = server.handle.backend
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        backend.run(lambda: (held.set(), release.wait(5)))

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    assert backend.run_if_free(lambda: "ran") is None  # another thread's unit of work: not now
    answered = []
    caller = threading.Thread(target=lambda: answered.append(client.get_rest_apis()["items"]))
    caller.start()
    time.sleep(0.2)
    # the loop is free meanwhile: a request that needs no state (unsigned: refused) is answered at once
    started = time.monotonic()
    assert requests.get(f"{server.url}/restapis", timeout=5).status_code == 403
    assert time.monotonic() - started < 1 and answered == []
    release.set()
    holder.join(5)
    caller.join(5)
    assert [api["name"] for api in answered[0]] == ["first"]
    assert backend.run_if_free(lambda: "ran") == "ran"
