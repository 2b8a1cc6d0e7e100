"""HTTP API data plane: HTTP_PROXY integrations and parameter mapping, against a local server."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

REGION = "us-east-1"


class Backend:
    def __init__(self) -> None:
        self.seen: list[dict] = []
        self.release = threading.Event()
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                backend.seen.append({"method": self.command, "path": self.path,
                                     "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                if self.path.startswith("/slow"):
                    backend.release.wait(5)
                status = int(self.path.split("/status/")[1].split("?")[0]) if "/status/" in self.path else 200
                out = json.dumps({"path": self.path}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("X-Backend", "yes")
                    self.send_header("Access-Control-Allow-Origin", "https://evil.example")
                    self.send_header("Content-Length", str(len(out)))
                    self.end_headers()
                    self.wfile.write(out)
                except OSError:  # the gateway gave up (timeout test)
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def backend():
    server = Backend()
    yield server
    server.stop()


@pytest.fixture
def api(apigatewayv2):
    return apigatewayv2.create_api(Name="proxy", ProtocolType="HTTP")["ApiId"]


def url(api_id: str, path: str) -> str:
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com{path}"


def http_route(client, api_id, key, uri, method="ANY", **extra):
    integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri=uri,
                                            IntegrationMethod=method, PayloadFormatVersion="1.0",
                                            **extra)["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")
    return integration


def test_greedy_route_passes_path_query_and_body(apigatewayv2, backend, api):
    http_route(apigatewayv2, api, "ANY /svc/{proxy+}", f"http://127.0.0.1:{backend.port}/base/{{proxy}}")
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    response = requests.post(url(api, "/svc/a/b?x=1&x=2"), data=b"payload", headers={"X-Custom": "c"}, timeout=5)
    assert response.status_code == 200
    assert response.json() == {"path": "/base/a/b?x=1&x=2"}
    assert response.headers["x-backend"] == "yes"
    seen = backend.seen[-1]
    assert (seen["method"], seen["body"]) == ("POST", b"payload")
    assert seen["headers"]["x-custom"] == "c"
    assert seen["headers"]["host"] == f"127.0.0.1:{backend.port}"
    assert seen["headers"]["x-forwarded-proto"] == "https"
    assert seen["headers"]["x-forwarded-for"] == "127.0.0.1"
    assert seen["headers"]["x-amzn-trace-id"].startswith("Root=1-")


def test_backend_status_and_fixed_method(apigatewayv2, gwmock, backend, api):
    http_route(apigatewayv2, api, "ANY /gone", f"http://127.0.0.1:{backend.port}/status/404", method="PUT")
    apigatewayv2.create_stage(ApiId=api, StageName="dev", AutoDeploy=True)
    response = gwmock.invoke("GET", url(api, "/dev/gone"))
    assert (response.status, response.json()) == (404, {"path": "/status/404"})
    assert backend.seen[-1]["method"] == "PUT"


def test_stage_variables_in_the_uri(apigatewayv2, gwmock, backend, api):
    http_route(apigatewayv2, api, "GET /x", "http://127.0.0.1:${stageVariables.port}/${stageVariables.where}")
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                              StageVariables={"port": str(backend.port), "where": "here"})
    assert gwmock.invoke("GET", url(api, "/x")).json() == {"path": "/here"}


def test_request_parameter_mapping(apigatewayv2, gwmock, backend, api):
    http_route(apigatewayv2, api, "GET /pets/{id}", f"http://127.0.0.1:{backend.port}/", RequestParameters={
        "overwrite:header.x-pet": "$request.path.id",
        "append:header.x-stage": "${stageVariables.env}-${context.stage}",
        "remove:header.x-secret": "''",
        "append:querystring.q": "$request.header.x-query",
        "overwrite:querystring.keep": "static",
        "overwrite:path": "/v2/pets/${request.path.id}",
    })
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True, StageVariables={"env": "test"})
    response = gwmock.invoke("GET", url(api, "/pets/7?q=a&keep=old"), headers={"x-secret": "s", "x-query": "b"})
    assert response.json() == {"path": "/v2/pets/7?q=a&q=b&keep=static"}
    headers = backend.seen[-1]["headers"]
    assert (headers["x-pet"], headers["x-stage"]) == ("7", "test-$default")
    assert "x-secret" not in headers


def test_response_parameter_mapping(apigatewayv2, gwmock, backend, api):
    http_route(apigatewayv2, api, "GET /{proxy+}", f"http://127.0.0.1:{backend.port}/{{proxy}}", ResponseParameters={
        "404": {"overwrite:statuscode": "410", "append:header.x-req": "$context.requestId",
                "overwrite:header.x-backend": "$response.body.path", "remove:header.content-type": "''"},
    })
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    response = gwmock.invoke("GET", url(api, "/status/404"))
    assert response.status == 410
    assert response.headers["x-req"] == response.headers["apigw-requestid"]
    assert response.headers["x-backend"] == "/status/404"
    assert "content-type" not in response.headers
    assert gwmock.invoke("GET", url(api, "/status/200")).headers["x-backend"] == "yes"


def test_response_parameters_apply_to_lambda_integrations(apigatewayv2, gwmock, api):
    gwmock.add_lambda("fn", lambda e, c: {"statusCode": 500, "body": "bad"})
    integration = apigatewayv2.create_integration(
        ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri="arn:aws:lambda:us-east-1:123456789012:function:fn",
        ResponseParameters={"500": {"overwrite:statuscode": "403"}})["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /r", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    response = gwmock.invoke("GET", url(api, "/r"))
    assert (response.status, response.body) == (403, b"bad")


def test_slow_backend_is_a_gateway_timeout(apigatewayv2, gwmock, backend, api):
    http_route(apigatewayv2, api, "GET /slow", f"http://127.0.0.1:{backend.port}/slow", TimeoutInMillis=50)
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    response = gwmock.invoke("GET", url(api, "/slow"))
    backend.release.set()
    assert (response.status, response.json()) == (504, {"message": "Gateway Timeout"})


def test_unreachable_backend_is_an_internal_error(apigatewayv2, gwmock, api):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    http_route(apigatewayv2, api, "GET /down", f"http://127.0.0.1:{port}/")
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    response = gwmock.invoke("GET", url(api, "/down"))
    assert (response.status, response.json()) == (500, {"message": "Internal Server Error"})
