"""Lambda functions served over HTTP by Lambda's Invoke API (``gw.add_lambda(name, url)``): the request
the Runtime Interface Emulator and ``sam local start-lambda`` take, the answers Lambda gives, and how
each pipeline answers a function error or a failed invocation (gwmock/runtime/remote_functions.py
holds the evidence and the guesses these tests pin)."""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests
from helpers import network_guard

from gwmock.errors import GwmockError
from gwmock.runtime.lambdas import Answered, FunctionError, LambdaContext
from gwmock.runtime.remote_functions import MAX_RESPONSE, RIE_PATH, TOO_LARGE, InvocationFailed, RemoteFunction

REGION = "us-east-1"
ACCOUNT = "123456789012"
INTERNAL = {"message": "Internal server error"}
HANDLED = {"errorMessage": "Not found: 42", "errorType": "NotFoundError", "stackTrace": ["at handler (index.js:3:9)"]}
EXITED = {"errorType": "Runtime.ExitError",
          "errorMessage": "RequestId: r1 Error: Runtime exited with error: exit status 1"}


def _arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def _uri(name: str) -> str:
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{_arn(name)}/invocations"


# --- a server speaking Lambda's Invoke API -------------------------------------------------------


class Emulator:
    """A local Invoke API whose function's name (the path's ``functions/{name}``) says how it answers;
    ``seen`` holds each request's ``(path, lower-case headers, event)``."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict[str, str], Any]] = []
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                event = json.loads(body)
                owner.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}, event))
                name = self.path.split("/functions/", 1)[-1].rsplit("/invocations", 1)[0]
                try:
                    getattr(owner, "answer_" + name.replace("-", "_"), owner.answer_unknown)(self, event)
                except (BrokenPipeError, ConnectionResetError):  # gwmock stopped reading: Lambda's limit
                    self.close_connection = True

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True).start()

    def invoke_url(self, name: str) -> str:
        return f"{self.url}/2015-03-31/functions/{name}/invocations"

    @staticmethod
    def send(handler: Any, status: int, body: bytes | str | Any, headers: dict[str, str] | None = None) -> None:
        data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
        handler.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    # what each function answers
    def answer_function(self, handler: Any, event: Any) -> None:  # RIE's fixed name: a proxy echo
        self.send(handler, 200, {"statusCode": 200, "headers": {"X-Runtime": "node"}, "body": json.dumps(event)})

    def answer_echo(self, handler: Any, event: Any) -> None:  # the event back, as a compact runtime writes it
        self.send(handler, 200, json.dumps(event, separators=(",", ":")))

    def answer_handled(self, handler: Any, event: Any) -> None:
        self.send(handler, 200, HANDLED, {"X-Amz-Function-Error": "Handled"})

    def answer_exited(self, handler: Any, event: Any) -> None:  # RIE: the runtime exited
        self.send(handler, 502, EXITED)

    def answer_broken(self, handler: Any, event: Any) -> None:
        self.send(handler, 500, "internal failure", {"Content-Type": "text/plain"})

    def answer_unknown(self, handler: Any, event: Any) -> None:  # sam local start-lambda's answer
        self.send(handler, 404, {"Type": "User", "Message": "Function not found"},
                  {"x-amzn-errortype": "ResourceNotFound"})

    def answer_slow(self, handler: Any, event: Any) -> None:
        self.release.wait(5)
        self.send(handler, 200, {"statusCode": 200, "body": "late"})

    def answer_text(self, handler: Any, event: Any) -> None:
        self.send(handler, 200, "hello, not json", {"Content-Type": "text/plain"})

    def answer_huge(self, handler: Any, event: Any) -> None:
        self.send(handler, 200, b'"' + b"a" * 7_000_000 + b'"')

    def answer_huge_unsized(self, handler: Any, event: Any) -> None:  # no length: read until the server closes
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        for _ in range(110):
            handler.wfile.write(b"a" * 65536)

    def answer_at_limit(self, handler: Any, event: Any) -> None:
        self.send(handler, 200, b'"' + b"a" * (MAX_RESPONSE - 2) + b'"')

    def answer_deep(self, handler: Any, event: Any) -> None:
        self.send(handler, 200, b"[" * 100_000)

    def answer_nested(self, handler: Any, event: Any) -> None:  # JSON, deeper than gwmock carries
        self.send(handler, 200, "[" * 300 + "]" * 300)

    def answer_latin1(self, handler: Any, event: Any) -> None:
        self.send(handler, 200, b'{"name": "caf\xe9"}')

    def answer_headers(self, handler: Any, event: Any) -> None:  # more header lines than a client reads
        handler.send_response(200)
        for n in range(150):
            handler.send_header(f"X-H{n}", "v")
        handler.send_header("Content-Length", "2")
        handler.end_headers()
        handler.wfile.write(b"{}")

    def answer_allow(self, handler: Any, event: Any) -> None:  # a TOKEN authorizer
        allowed = event.get("authorizationToken") == "good"
        self.send(handler, 200, {"principalId": "user-1", "context": {"tier": "gold"}, "policyDocument": {
            "Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Resource": event["methodArn"],
                                                    "Effect": "Allow" if allowed else "Deny"}]}})

    def answer_unauthorized(self, handler: Any, event: Any) -> None:
        self.send(handler, 200, {"errorMessage": "Unauthorized", "errorType": "Error"},
                  {"X-Amz-Function-Error": "Unhandled"})

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def emulator():
    server = Emulator()
    yield server
    server.close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- REST APIs -----------------------------------------------------------------------------------


def rest_api(client: Any, function: str, kind: str = "AWS_PROXY", pattern: str | None = None,
             timeout: int | None = None) -> str:
    """A REST API whose POST /items calls ``function``; non-proxy: 200 by default, 404 for ``pattern``."""
    api = client.create_rest_api(name="remote")
    api_id = api["id"]
    resource = client.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="items")["id"]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="POST", type=kind,
                           integrationHttpMethod="POST", uri=_uri(function),
                           **({"timeoutInMillis": timeout} if timeout else {}))
    if kind == "AWS":
        for status in ("200", "404", "413"):
            client.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode=status)
        client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="200")
        if pattern:
            client.put_integration_response(
                restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="404", selectionPattern=pattern,
                responseTemplates={"application/json": '{"missing": "$input.path(\'$.errorMessage\')"}'})
    client.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/items"


def test_a_rest_proxy_integration_invokes_the_emulator_at_its_fixed_path(apigateway, gwmock, emulator):
    gwmock.add_lambda("fn", emulator.url)
    url = rest_api(apigateway, "fn")

    response = requests.post(url + "?q=1", json={"pet": "cat"}, headers={"X-Client": "c1"})

    assert (response.status_code, response.headers["X-Runtime"]) == (200, "node")
    event = response.json()
    assert (event["path"], event["queryStringParameters"], json.loads(event["body"])) == (
        "/items", {"q": "1"}, {"pet": "cat"})
    ((path, headers, sent),) = emulator.seen
    assert path == RIE_PATH
    assert sent == event  # the event as JSON, nothing else: the remote runtime makes its own context
    assert (headers["content-type"], headers["x-amz-invocation-type"], headers["x-amz-log-type"]) == (
        "application/json", "RequestResponse", "None")
    lambda_request_id = headers["x-amzn-requestid"]  # the one the execution log's answer headers name
    assert f"x-amzn-RequestId={lambda_request_id}" in "\n".join(gwmock.requests[-1].log)


def test_a_non_proxy_integration_maps_the_answer_as_the_runtime_wrote_it(apigateway, gwmock, emulator):
    gwmock.add_lambda(_arn("echo"), emulator.invoke_url("echo"))
    url = rest_api(apigateway, "echo", kind="AWS")

    response = requests.post(url, json={"pet": "cat", "n": [1, 2]})

    assert (response.status_code, response.text) == (200, '{"pet":"cat","n":[1,2]}')  # the text as sent
    assert emulator.seen[0][0] == "/2015-03-31/functions/echo/invocations"  # a URL ending in /invocations: as given


def test_a_base_path_gives_each_function_its_own_invoke_url(apigateway, gwmock, emulator):
    gwmock.add_lambda("echo", emulator.url + "/lambda/")
    url = rest_api(apigateway, "echo", kind="AWS")

    assert requests.post(url, json={"a": 1}).json() == {"a": 1}
    assert emulator.seen[0][0] == "/lambda/2015-03-31/functions/echo/invocations"


def test_a_handled_function_error_reaches_selection_patterns_as_lambda_wrote_it(apigateway, gwmock, emulator):
    gwmock.add_lambda("handled", emulator.invoke_url("handled"))
    url = rest_api(apigateway, "handled", kind="AWS", pattern="Not found: .*")

    response = requests.post(url, json={})

    assert (response.status_code, response.json()) == (404, {"missing": "Not found: 42"})
    record = gwmock.requests[-1]
    assert isinstance(record.error, FunctionError) and record.error.document == HANDLED
    log = "\n".join(record.log)
    assert f"Endpoint response body before transformations: {json.dumps(HANDLED)}" in log
    assert "X-Amz-Function-Error=Unhandled" in log and "Lambda function error: " in log


def test_a_function_error_behind_a_proxy_integration_is_a_502(apigateway, gwmock, emulator):
    gwmock.add_lambda("handled", emulator.invoke_url("handled"))
    url = rest_api(apigateway, "handled")

    response = requests.post(url, json={})

    assert (response.status_code, response.json()) == (502, INTERNAL)
    assert "due to customer function error: Not found: 42" in "\n".join(gwmock.requests[-1].log)


def test_an_exited_runtime_is_the_function_error_lambda_reports(apigateway, gwmock, emulator):
    gwmock.add_lambda("exited", emulator.invoke_url("exited"))
    proxied = rest_api(apigateway, "exited")
    mapped = rest_api(apigateway, "exited", kind="AWS", pattern="RequestId: .* Runtime exited.*")

    assert (requests.post(proxied).status_code, requests.post(mapped).status_code) == (502, 404)
    assert gwmock.requests[-1].error.document == EXITED


@pytest.mark.parametrize("kind", ["AWS_PROXY", "AWS"])
@pytest.mark.parametrize("function", ["broken", "unknown"])
def test_a_server_failure_is_a_failed_invocation_500(apigateway, gwmock, emulator, caplog, kind, function):
    gwmock.add_lambda(function, emulator.invoke_url(function))
    url = rest_api(apigateway, function, kind=kind, pattern=".*")

    with caplog.at_level(logging.WARNING, logger="gwmock"):
        response = requests.post(url, json={})

    assert (response.status_code, response.json()) == (500, INTERNAL)  # no selection pattern sees it
    assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    status = 500 if function == "broken" else 404
    assert any(f"Lambda invocation failed with status: {status}. Lambda request id: " in line
               for line in gwmock.requests[-1].log)
    assert any(f"Lambda invocation failed with status: {status}" in r.getMessage() for r in caplog.records)


def test_a_refused_connection_is_a_failed_invocation(apigateway, apigatewayv2, gwmock):
    gwmock.add_lambda("gone", f"http://127.0.0.1:{_closed_port()}")
    url = rest_api(apigateway, "gone")

    response = requests.post(url, json={})

    assert (response.status_code, response.json()) == (500, INTERNAL)
    reason = next(line for line in gwmock.requests[-1].log if "Lambda invocation failed" in line)
    assert "Lambda invocation failed: no answer from http://127.0.0.1:" in reason and "refused" in reason
    answer = gwmock.invoke("GET", http_api(apigatewayv2, "gone") + "/items")
    assert (answer.status, json.loads(answer.body)) == (500, {"message": "Internal Server Error"})
    assert any("no answer from" in line for line in gwmock.requests[-1].log)


def test_an_answer_past_the_integration_timeout_is_a_504_at_once(apigateway, gwmock, emulator):
    gwmock.add_lambda("slow", emulator.invoke_url("slow"))
    url = rest_api(apigateway, "slow", timeout=50)

    response = requests.post(url, json={})

    assert (response.status_code, response.json()) == (504, {"message": "Endpoint request timed out"})
    assert not emulator.release.is_set()  # answered while the function was still running


def test_text_that_is_no_json_is_a_malformed_proxy_answer(apigateway, gwmock, emulator):
    gwmock.add_lambda("text", emulator.invoke_url("text"))
    proxied = rest_api(apigateway, "text")
    mapped = rest_api(apigateway, "text", kind="AWS")

    assert (requests.post(proxied).status_code, requests.post(proxied).json()) == (502, INTERNAL)
    # a non-proxy integration needs no JSON: the text passes as Lambda passes it on (guess)
    assert requests.post(mapped).text == "hello, not json"


@pytest.mark.parametrize("function", ["huge", "huge-unsized"])
def test_an_answer_over_lambda_s_limit_is_lambda_s_size_error(apigateway, gwmock, emulator, function):
    gwmock.add_lambda(function, emulator.invoke_url(function))
    proxied = rest_api(apigateway, function)
    mapped = rest_api(apigateway, function, kind="AWS", pattern="Response payload size exceeded.*")

    assert (requests.post(proxied).status_code, requests.post(mapped).status_code) == (502, 404)
    assert gwmock.requests[-1].error.document == TOO_LARGE
    assert TOO_LARGE == {"errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
                         "errorType": "Function.ResponseSizeTooLarge"}


def test_an_answer_at_lambda_s_limit_is_read_whole(emulator):
    answered = RemoteFunction(emulator.invoke_url("at-limit"))({}, LambdaContext(_arn("f"), "f"))

    assert isinstance(answered, Answered) and len(answered.text) == MAX_RESPONSE
    assert answered.payload == "a" * (MAX_RESPONSE - 2)


# --- HTTP APIs -----------------------------------------------------------------------------------


def http_api(client: Any, function: str, version: str = "2.0", authorizer: str | None = None) -> str:
    api_id = client.create_api(Name="remote", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=_arn(function),
                                            PayloadFormatVersion=version)["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey="ANY /items", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com"


def test_an_http_api_sends_the_2_0_event_and_answers_the_function_s_response(apigatewayv2, gwmock, emulator):
    gwmock.add_lambda("fn", emulator.url)
    base = http_api(apigatewayv2, "fn")

    answer = gwmock.invoke("POST", base + "/items?a=1", headers={"content-type": "application/json"}, body='{"x":1}')

    assert (answer.status, answer.headers["x-runtime"]) == (200, "node")
    event = json.loads(answer.body)
    assert (event["version"], event["rawPath"], event["rawQueryString"], event["body"]) == (
        "2.0", "/items", "a=1", '{"x":1}')


@pytest.mark.parametrize(("function", "version"), [("handled", "2.0"), ("broken", "2.0"), ("text", "1.0"),
                                                   ("text", "2.0")])
def test_an_http_api_answers_500_for_what_no_function_answered(apigatewayv2, gwmock, emulator, function, version):
    gwmock.add_lambda(function, emulator.invoke_url(function))
    base = http_api(apigatewayv2, function, version)

    answer = gwmock.invoke("GET", base + "/items")

    assert (answer.status, json.loads(answer.body)) == (500, {"message": "Internal Server Error"})


# --- Lambda authorizers --------------------------------------------------------------------------


def authorized_api(client: Any, function: str) -> str:
    api = client.create_rest_api(name="guarded")
    api_id, root = api["id"], api["rootResourceId"]
    authorizer = client.create_authorizer(restApiId=api_id, name="remote", type="TOKEN", authorizerUri=_uri(function),
                                          identitySource="method.request.header.Authorization")["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="CUSTOM",
                      authorizerId=authorizer)
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"tier": "$context.authorizer.tier"}'})
    client.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/"


def test_a_remote_lambda_authorizer_decides_the_call(apigateway, gwmock, emulator):
    gwmock.add_lambda("allow", emulator.invoke_url("allow"))
    url = authorized_api(apigateway, "allow")

    allowed = requests.get(url, headers={"Authorization": "good"})
    denied = requests.get(url, headers={"Authorization": "bad"})

    assert (allowed.status_code, allowed.json()) == (200, {"tier": "gold"})
    assert denied.status_code == 403
    assert emulator.seen[0][2]["type"] == "TOKEN" and emulator.seen[0][2]["authorizationToken"] == "good"


def test_a_remote_authorizer_s_unauthorized_error_is_a_401(apigateway, gwmock, emulator):
    gwmock.add_lambda("unauthorized", emulator.invoke_url("unauthorized"))

    response = requests.get(authorized_api(apigateway, "unauthorized"), headers={"Authorization": "x"})

    assert (response.status_code, response.json()) == (401, {"message": "Unauthorized"})


def test_a_remote_authorizer_that_cannot_be_invoked_is_a_500(apigateway, gwmock, emulator):
    gwmock.add_lambda("broken", emulator.invoke_url("broken"))

    response = requests.get(authorized_api(apigateway, "broken"), headers={"Authorization": "x"})

    assert response.status_code == 500


# --- where a remote function may be ---------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "127.0.0.1:9000", "ftp://127.0.0.1",
                                 "http://", "http://user:pw@127.0.0.1:9000", "http://127.0.0.1:9000/?Qualifier=1",
                                 "http://127.0.0.1:9000/#x", "http://127.0.0.1:9000?", "http://127.0.0.1:99999",
                                 "http://127.0.0.1:port", "http://127.0.0.1:9000\r\nX-Evil: 1", "http://127.0.0.1 /",
                                 "http://[::1", "http://" + "a" * 3000])
def test_a_url_gwmock_cannot_call_is_refused_when_registered(gwmock, url):
    with pytest.raises(GwmockError, match="add_lambda"):
        gwmock.add_lambda("fn", url)
    assert gwmock.lambdas == {}


@pytest.mark.parametrize("url", [None, 42, b"http://127.0.0.1:9000"])
def test_a_remote_function_takes_only_text(url):
    with pytest.raises(GwmockError, match="add_lambda takes a callable or the URL"):
        RemoteFunction(url)


def test_a_remote_function_shows_its_url_and_where_each_function_is_invoked():
    assert repr(RemoteFunction("http://127.0.0.1:9000")) == "RemoteFunction('http://127.0.0.1:9000')"
    assert RemoteFunction("http://127.0.0.1:9000/").invocation_url("fn") == "http://127.0.0.1:9000" + RIE_PATH
    sam = "http://127.0.0.1:3001/2015-03-31/functions/HelloFunction/invocations"
    assert RemoteFunction(sam).invocation_url("other") == sam
    base = RemoteFunction("HTTPS://[::1]:8443/fns/")
    assert base.invocation_url("fn") == "https://[::1]:8443/fns/2015-03-31/functions/fn/invocations"
    # a name from an integration URI is data: it stays one path segment
    assert base.invocation_url("../x?y#z") == "https://[::1]:8443/fns/2015-03-31/functions/..%2Fx%3Fy%23z/invocations"


def test_a_host_neither_loopback_nor_allowed_is_never_called(apigateway, gwmock, monkeypatch):
    seen = network_guard(monkeypatch)
    gwmock.add_lambda("far", "http://lambda.example.com:9000")
    gwmock.add_lambda("metadata", "http://169.254.169.254/latest")
    url, metadata = rest_api(apigateway, "far"), rest_api(apigateway, "metadata")

    assert (requests.post(url).status_code, requests.post(metadata).status_code) == (500, 500)
    assert seen == []
    assert any("lambda.example.com is none of them, so nothing was sent" in line
               for line in gwmock.requests[-2].log)
    gwmock.allow_http_backend("lambda.example.com")
    assert requests.post(url).status_code == 500  # allowed: tried, and the guard refused the lookup
    assert seen == [("lookup", "lambda.example.com")]


def test_an_api_of_the_mock_is_no_lambda_endpoint(apigateway, gwmock):
    gwmock.add_lambda("loop", f"https://abc123.execute-api.{REGION}.amazonaws.com/dev")

    assert requests.post(rest_api(apigateway, "loop")).status_code == 500
    assert any("is an API of this mock, not Lambda's Invoke API" in line for line in gwmock.requests[-1].log)


# --- hostile answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(("function", "payload"), [("deep", "[" * 100_000), ("nested", "[" * 300 + "]" * 300),
                                                   ("latin1", {"name": "caf\ufffd"})])
def test_odd_bodies_are_read_within_bounds(emulator, function, payload):
    answered = RemoteFunction(emulator.invoke_url(function))({}, None)

    assert answered.payload == payload and answered.is_json is (function == "latin1")


def test_json_nested_too_deep_reaches_the_pipeline_as_text(apigateway, gwmock, emulator):
    gwmock.add_lambda("nested", emulator.invoke_url("nested"))

    response = requests.post(rest_api(apigateway, "nested", kind="AWS"))

    assert (response.status_code, response.text) == (200, "[" * 300 + "]" * 300)  # the text as sent


def test_an_answer_with_too_many_header_lines_is_a_failed_invocation(emulator):
    with pytest.raises(InvocationFailed, match="no answer from .*got more than 100 headers"):
        RemoteFunction(emulator.invoke_url("headers"))({}, None)


def test_a_direct_call_of_a_failed_invocation_raises_it(emulator):
    failed = r"Lambda invocation failed with status: 500\. \(http://.*'internal failure'"
    with pytest.raises(InvocationFailed, match=failed):
        RemoteFunction(emulator.invoke_url("broken"))({}, None)


# --- templates -------------------------------------------------------------------------------------


def test_a_node_function_of_a_template_is_served_by_the_url_registered_under_its_logical_id(gwmock, emulator):
    uri = {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations"}
    template = {"Resources": {
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": "nodey", "Runtime": "nodejs20.x", "Handler": "index.handler", "Role": "r",
            "Code": {"ZipFile": "exports.handler = async (event) => ({statusCode: 200, body: 'hi'})"}}},
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "fn-api"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "GET", "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "Get",
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "t"}}},
        "Outputs": {"Url": {"Value": {"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/t/"}}}}
    gwmock.add_lambda("Fn", emulator.url)

    url = gwmock.deploy_template(template).outputs["Url"]
    response = requests.get(url)

    assert response.status_code == 200 and response.json()["httpMethod"] == "GET"  # the event, echoed
    assert emulator.seen[0][0] == RIE_PATH
