"""``gwmock serve`` in a subprocess, driven as users of other languages drive it: the real AWS CLI,
raw HTTP (``http.client``, sockets, ``requests``) and the ``websockets`` client. One server for the module."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import boto3
import pytest
import requests
from helpers import aws_cli, deployed_mock_api, served_gwmock
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

REGION = "us-east-1"


needs_cli = pytest.mark.skipif(not aws_cli(), reason="the AWS CLI is not installed")


@pytest.fixture(scope="module")
def served():
    """(url, process) of ``python -m gwmock serve --port 0``; its stderr must hold no traceback at the end."""
    yield from served_gwmock()


@pytest.fixture(scope="module")
def url(served):
    return served[0]


def _client(url, service="apigateway", region=REGION):
    return boto3.client(service, region_name=region, endpoint_url=url, aws_access_key_id="testing",
                        aws_secret_access_key="testing")


def aws(url, *args, region=REGION, check=True, endpoint=None):
    """The AWS CLI against the server: (exit code, stdout, stderr)."""
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": region, "AWS_PAGER": "", "AWS_CONFIG_FILE": os.devnull,
           "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    done = subprocess.run([aws_cli(), "--endpoint-url", endpoint or url, *args], env=env, capture_output=True,
                          text=True, timeout=60)
    if check:
        assert done.returncode == 0, done.stderr
    return done.returncode, done.stdout, done.stderr


@pytest.fixture(scope="module")
def rest_api(url):
    """A deployed REST API with GET /pets (MOCK) answering {"ok": true}: its id."""
    deployed = deployed_mock_api(_client(url), '{"ok": true}', method="GET", path_part="pets")
    return urlsplit(deployed).hostname.split(".")[0]


def _raw(url, data, wait=3.0):
    """Send raw bytes, read until the server closes: the answer's bytes."""
    address = urlsplit(url)
    with socket.create_connection((address.hostname, address.port), timeout=wait) as sock:
        sock.sendall(data)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


def _head(answer):
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    names = [line.split(":", 1)[0].lower() for line in lines[1:]]
    return int(lines[0].split(" ", 2)[1]), names, body


# --- control plane through the AWS CLI ------------------------------------------------------------


@needs_cli
def test_cli_builds_deploys_and_test_invokes_a_rest_api(url):
    _, out, _ = aws(url, "apigateway", "create-rest-api", "--name", "cli-built", "--query", "[id,rootResourceId]",
                    "--output", "text")
    api, root = out.split()
    aws(url, "apigateway", "put-method", "--rest-api-id", api, "--resource-id", root, "--http-method", "GET",
        "--authorization-type", "NONE")
    aws(url, "apigateway", "put-integration", "--rest-api-id", api, "--resource-id", root, "--http-method", "GET",
        "--type", "MOCK", "--request-templates", '{"application/json": "{\\"statusCode\\": 200}"}')
    aws(url, "apigateway", "put-method-response", "--rest-api-id", api, "--resource-id", root, "--http-method",
        "GET", "--status-code", "200")
    aws(url, "apigateway", "put-integration-response", "--rest-api-id", api, "--resource-id", root,
        "--http-method", "GET", "--status-code", "200",
        "--response-templates", '{"application/json": "{\\"cli\\": 1}"}')
    _, out, _ = aws(url, "apigateway", "test-invoke-method", "--rest-api-id", api, "--resource-id", root,
                    "--http-method", "GET", "--query", "[status,body]", "--output", "json")
    assert json.loads(out) == [200, '{"cli": 1}']
    aws(url, "apigateway", "create-deployment", "--rest-api-id", api, "--stage-name", "dev")
    answer = requests.get(f"{url}/restapis/{api}/dev/_user_request_/", timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"cli": 1})


@needs_cli
def test_cli_exports_imports_and_pages(url, rest_api, tmp_path):
    exported = tmp_path / "out.json"
    _, out, _ = aws(url, "apigateway", "get-export", "--rest-api-id", rest_api, "--stage-name", "dev",
                    "--export-type", "oas30", "--parameters", "extensions=apigateway", str(exported))
    assert json.loads(out)["contentDisposition"].startswith('attachment; filename="oas30_')
    document = json.loads(exported.read_text())
    assert "x-amazon-apigateway-integration" in document["paths"]["/pets"]["get"]
    as_yaml = tmp_path / "out.yaml"
    aws(url, "apigateway", "get-export", "--rest-api-id", rest_api, "--stage-name", "dev", "--export-type",
        "swagger", "--accepts", "application/yaml", str(as_yaml))
    assert as_yaml.read_text().startswith("swagger: '2.0'")

    document["info"]["title"] = "reimported"
    exported.write_text(json.dumps(document))
    _, out, _ = aws(url, "apigateway", "import-rest-api", "--body", f"fileb://{exported}", "--query", "name",
                    "--output", "text")
    assert out.strip() == "reimported"
    http_api = tmp_path / "http.json"
    http_api.write_text(json.dumps({"openapi": "3.0.1", "info": {"title": "v2-imported", "version": "1"},
                                    "paths": {"/items": {"get": {"responses": {"default": {"description": "x"}}}}}}))
    _, out, _ = aws(url, "apigatewayv2", "import-api", "--body", f"file://{http_api}", "--query", "Name",
                    "--output", "text")
    assert out.strip() == "v2-imported"

    for n in range(3):
        _client(url).create_api_key(name=f"page-{n}")
    _, out, _ = aws(url, "apigateway", "get-api-keys", "--page-size", "1", "--max-items", "2", "--output", "json")
    first = json.loads(out)
    assert [key["name"] for key in first["items"]] == ["page-2", "page-1"] and first["NextToken"]
    _, out, _ = aws(url, "apigateway", "get-api-keys", "--page-size", "1", "--starting-token", first["NextToken"],
                    "--query", "items[].name", "--output", "text")
    assert out.split() == ["page-0"]


@needs_cli
def test_cli_errors_exit_non_zero_with_aws_message(url):
    code, _, err = aws(url, "apigateway", "get-rest-api", "--rest-api-id", "nope", check=False)
    assert code == 255  # AWS CLI v1 (v2 exits 254 for a service error)
    assert "An error occurred (NotFoundException) when calling the GetRestApi operation: " \
           "Invalid API identifier specified 123456789012:nope" in err
    code, _, err = aws(url, "apigatewayv2", "get-api", "--api-id", "nope", check=False)
    assert code == 255 and "(NotFoundException) when calling the GetApi operation" in err


# --- data plane over raw HTTP ---------------------------------------------------------------------


def test_every_answer_carries_one_date_header(url, rest_api):
    """uvicorn writes Date; a deployed API's answer held its own too: two Date lines (RFC 9110 allows one)."""
    host = f"Host: {rest_api}.execute-api.{REGION}.amazonaws.com\r\n"
    for request in (f"GET /dev/pets HTTP/1.1\r\n{host}Connection: close\r\n\r\n",
                    f"GET /dev/nothing HTTP/1.1\r\n{host}Connection: close\r\n\r\n",
                    "GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"):
        status, names, _ = _head(_raw(url, request.encode()))
        assert status in (200, 403) and names.count("date") == 1, (request, names)


def test_absolute_form_targets_use_their_authority_as_host(url, rest_api):
    """RFC 9112 3.2.2: a server must accept ``GET http://host/path``; the target's host wins over Host, so
    a client with the server as its HTTP proxy reaches deployed APIs, and a foreign name is refused."""
    answer = requests.get(f"http://{rest_api}.execute-api.{REGION}.amazonaws.com/dev/pets", timeout=5,
                          proxies={"http": url})
    assert (answer.status_code, answer.json()) == (200, {"ok": True})
    status, _, body = _head(_raw(url, b"GET http://evil.example/restapis HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      b"Connection: close\r\n\r\n"))
    assert status == 403 and b"Host 'evil.example' is not a loopback or AWS name" in body


def test_user_request_path_serves_http_apis_of_any_region_and_their_default_stage(url, rest_api):
    client = _client(url, "apigatewayv2", region="eu-west-1")
    api = client.create_api(Name="irish-http", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api, IntegrationType="HTTP_PROXY", IntegrationMethod="GET", PayloadFormatVersion="1.0",
        IntegrationUri=f"{url}/restapis/{rest_api}/dev/_user_request_/pets")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="GET /pets", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    for stage in ("$default", "%24default"):  # the $default stage is the root of the API's URL
        answer = requests.get(f"{url}/restapis/{api}/{stage}/_user_request_/pets", timeout=5)
        assert (answer.status_code, answer.json()) == (200, {"ok": True})


def test_binary_chunked_and_capped_bodies(url, rest_api):
    target = f"{url}/restapis/{rest_api}/dev/_user_request_/pets"
    chunked = requests.post(target, data=iter([b"\x00\xff", b"\xfe"]), timeout=5)  # no POST method: AWS's 403
    assert (chunked.status_code, chunked.headers["x-amzn-ErrorType"]) == (403, "MissingAuthenticationTokenException")
    over = requests.post(target, data=b"x" * (10 * 1024 * 1024 + 1), timeout=10)
    assert (over.status_code, over.json()) == (413, {"message": "Request Too Long"})
    assert requests.get(target, timeout=5).status_code == 200  # still serving


def test_requests_h11_refuses_get_an_aws_shaped_400(url, rest_api):
    host = f"Host: {rest_api}.execute-api.{REGION}.amazonaws.com\r\n".encode()
    for request in (b"POST /dev/pets HTTP/1.1\r\n" + host + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
                    b"GET /dev/p\xffts HTTP/1.1\r\n" + host + b"\r\n",
                    b"GET /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.2\r\n\r\n"):
        answer = _raw(url, request)
        status, names, body = _head(answer)
        assert status == 400 and "x-amzn-errortype" in names and names.count("date") == 1, answer
        assert json.loads(body) == {"message": "Bad Request: invalid HTTP request"}


def test_fifty_keep_alive_clients_at_once(url, rest_api):
    host = {"Host": f"{rest_api}.execute-api.{REGION}.amazonaws.com"}

    def client(_):
        with requests.Session() as session:
            return [session.get(f"{url}/dev/pets", headers=host, timeout=10).status_code for _ in range(10)]

    with ThreadPoolExecutor(50) as pool:
        statuses = [status for answers in pool.map(client, range(50)) for status in answers]
    assert statuses == [200] * 500


# --- WebSocket API end to end ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def websocket_api(url):
    """A WebSocket API in eu-west-1, stage prod, MOCK integrations only: ``whoami`` answers the
    connection id, ``$default`` the route key. Its id."""
    client = _client(url, "apigatewayv2", region="eu-west-1")
    api = client.create_api(Name="mock-ws", ProtocolType="WEBSOCKET",
                            RouteSelectionExpression="$request.body.action")["ApiId"]
    answers = {"$connect": None, "whoami": '{"id": "$context.connectionId"}',
               "$default": '{"got": "$context.routeKey"}'}
    for key, template in answers.items():
        integration = client.create_integration(ApiId=api, IntegrationType="MOCK",
                                                RequestTemplates={"$default": '{"statusCode": 200}'},
                                                TemplateSelectionExpression="\\$default")["IntegrationId"]
        extra = {"RouteResponseSelectionExpression": "$default"} if template else {}
        route = client.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}", **extra)
        if template:
            client.create_integration_response(ApiId=api, IntegrationId=integration, IntegrationResponseKey="$default",
                                               ResponseTemplates={"$default": template},
                                               TemplateSelectionExpression="\\$default")
            client.create_route_response(ApiId=api, RouteId=route["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
    return api


@needs_cli
def test_websocket_with_mock_routes_and_the_cli_management_api(url, websocket_api):
    with connect(f"ws://{urlsplit(url).netloc}/_ws/{websocket_api}/prod", open_timeout=5) as ws:
        ws.send(json.dumps({"action": "whoami"}))
        connection = json.loads(ws.recv(timeout=5))["id"]
        ws.send("no action")
        assert json.loads(ws.recv(timeout=5)) == {"got": "$default"}
        # the endpoint AWS documents is the stage's URL; the CLI adds /@connections/{id}
        for endpoint in (f"{url}/_ws/{websocket_api}/prod", f"{url}/restapis/{websocket_api}/prod/_user_request_"):
            aws(url, "apigatewaymanagementapi", "post-to-connection", "--connection-id", connection,
                "--data", "from the CLI", endpoint=endpoint, region="eu-west-1")
            assert ws.recv(timeout=5) == "from the CLI"
        _, out, _ = aws(url, "apigatewaymanagementapi", "get-connection", "--connection-id", connection,
                        "--query", "Identity.SourceIp", "--output", "text", endpoint=f"{url}/_ws/{websocket_api}/prod",
                        region="eu-west-1")
        assert out.strip() == "127.0.0.1"
    code, _, err = aws(url, "apigatewaymanagementapi", "post-to-connection", "--connection-id", connection,
                       "--data", "late", endpoint=f"{url}/_ws/{websocket_api}/prod", region="eu-west-1", check=False)
    assert code == 255 and "(GoneException)" in err


def test_a_text_frame_that_is_not_utf8_closes_with_1007_and_no_traceback(url, websocket_api):
    address = urlsplit(url)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        sock.sendall(f"GET /_ws/{websocket_api}/prod HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
        handshake = b""
        while b"\r\n\r\n" not in handshake:
            handshake += sock.recv(4096)
        assert handshake.startswith(b"HTTP/1.1 101 ")
        sock.sendall(bytes([0x81, 0x82]) + b"\x00\x00\x00\x00" + b"\xff\xfe")  # masked text frame, bad UTF-8
        closing = sock.recv(4096)
    assert closing[:1] == b"\x88" and int.from_bytes(closing[2:4], "big") == 1007
    with connect(f"ws://{address.netloc}/_ws/{websocket_api}/prod", open_timeout=5) as ws:  # others are served
        ws.send(json.dumps({"action": "whoami"}))
        assert "id" in json.loads(ws.recv(timeout=5))
        ws.close()
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=1)
    time.sleep(0.1)  # the module fixture then checks the server's stderr for tracebacks


def test_connect_and_asterisk_targets_get_an_aws_shaped_400_and_no_traceback(url, rest_api):
    # an HTTPS client using the server as its proxy sends CONNECT host:443: no tunnel is opened
    host = f"{rest_api}.execute-api.{REGION}.amazonaws.com"
    for request in (f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode(),
                    b"OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"):
        status, names, body = _head(_raw(url, request))
        assert status == 400 and "x-amzn-errortype" in names, body
        assert "opens no CONNECT tunnel" in json.loads(body)["message"]
