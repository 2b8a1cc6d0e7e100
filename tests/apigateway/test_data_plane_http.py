"""HTTP and HTTP_PROXY integrations of deployed REST APIs, against a local echo server."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from helpers import assert_matches, recorded

REGION = "us-east-1"


class _Echo(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length).decode() if length else ""
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = data
        args = {k: ",".join(v) for k, v in urllib.parse.parse_qs(parts.query).items()}
        status = int(parts.path.rsplit("/", 1)[-1]) if parts.path.startswith("/status/") else 200
        if parts.path in ("/bin", "/b64"):
            raw = b"\x00\x01\xff" if parts.path == "/bin" else b"AAH/"
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if parts.path == "/bin" else "text/plain")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)
            return
        if parts.path == "/cookies":
            self.send_response(200)
            self.send_header("Set-Cookie", "a=1; Path=/")
            self.send_header("Set-Cookie", "b=2; Path=/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if parts.path == "/slow":
            threading.Event().wait(0.5)
        body = json.dumps({"method": self.command, "path": parts.path, "args": args, "data": parsed,
                           "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Backend", "echo")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (the timeout test)
            pass

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _http_api(client, kind, uri, verb="POST", path_part="test", responses=("200",), method=None, **integration):
    api = client.create_rest_api(name="http-api")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=path_part)["id"]
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod=verb, authorizationType="NONE",
                      **(method or {}))
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod=verb, type=kind,
                           integrationHttpMethod=integration.pop("integrationHttpMethod", "POST"), uri=uri,
                           **integration)
    if kind == "HTTP":
        for status in responses:
            client.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod=verb, statusCode=status)
            client.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod=verb,
                                            statusCode=status)
    return api["id"], resource


def _deploy(client, api_id, **options):
    client.create_deployment(restApiId=api_id, stageName="dev", **options)
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev"


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_http_integration_request(apigateway, backend, kind):
    api_id, _ = _http_api(apigateway, kind, backend + "/")
    assert_matches({"rest_api_id": api_id}, recorded("http", f"test_http_integration_with_lambda[{kind}]", "api_id"))
    base = _deploy(apigateway, api_id)
    response = requests.post(f"{base}/test", json={"message": "hello world"},
                             headers={"User-Agent": "test/integration", "Accept": "application/xml"}, timeout=5)
    expected = recorded("http", f"test_http_integration_with_lambda[{kind}]", "http-invocation-lambda-url")
    assert response.status_code == expected["status_code"] == 200
    echoed = response.json()
    assert (echoed["method"], echoed["path"], echoed["args"], echoed["data"]) == (
        "POST", "/", {}, expected["content"]["data"])
    for name in ("accept", "content-type", "user-agent", "x-amzn-apigateway-api-id"):
        want = expected["content"]["headers"][name].replace("<rest_api_id:1>", api_id)
        assert echoed["headers"][name] == want
    if kind == "HTTP_PROXY":
        assert response.headers["x-amzn-Remapped-Content-Length"] == str(len(response.content))
        assert response.headers["X-Backend"] == "echo"


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_http_integration_method_is_the_integrations(apigateway, backend, kind):
    for verb in ("POST", "PUT", "GET"):
        api_id, _ = _http_api(apigateway, kind, backend + "/", verb=verb)
        assert_matches({"rest_api_id": api_id}, recorded("http", f"test_http_integration_method[{kind}]", "api_id"))
        base = _deploy(apigateway, api_id)
        response = requests.request(verb, f"{base}/test", json={"message": "hello world"}, timeout=5)
        step = f"http-invocation-lambda-url-{verb.lower()}"
        assert response.json()["method"] == recorded("http", f"test_http_integration_method[{kind}]", step)["method"]


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_status_code_passthrough(apigateway, backend, kind):
    api_id, _ = _http_api(apigateway, kind, backend + "/status/{code}", verb="GET", path_part="{code}",
                          method={"requestParameters": {"method.request.path.code": True}},
                          requestParameters={"integration.request.path.code": "method.request.path.code"})
    base = _deploy(apigateway, api_id)
    scenario = f"test_http_integration_invoke_status_code_passthrough[{kind}]"
    assert requests.get(f"{base}/200", timeout=5).status_code == recorded("http", scenario, "matching-response")[
        "status_code"]
    assert requests.get(f"{base}/400", timeout=5).status_code == recorded("http", scenario, "non-matching-response")[
        "status_code"]


def test_http_selection_pattern_and_response_mapping(apigateway, backend):
    api_id, resource = _http_api(apigateway, "HTTP", backend + "/status/{code}", verb="GET", path_part="{code}",
                                 method={"requestParameters": {"method.request.path.code": True}},
                                 requestParameters={"integration.request.path.code": "method.request.path.code"})
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="404",
                                   responseParameters={"method.response.header.X-From": False})
    apigateway.put_integration_response(
        restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="404", selectionPattern="4\\d{2}",
        responseParameters={"method.response.header.X-From": "integration.response.header.X-Backend"},
        responseTemplates={"application/json": '{"seen": "$input.path(\'$.path\')"}'})
    base = _deploy(apigateway, api_id)
    response = requests.get(f"{base}/404", timeout=5)
    assert (response.status_code, response.json()) == (404, {"seen": "/status/404"})
    assert response.headers["X-From"] == "echo"


def test_proxy_request_data_mappings(apigateway, backend):
    api_id, _ = _http_api(apigateway, "HTTP_PROXY", backend + "/${stageVariables.prefix}", path_part="{pathVariable}",
                          method={"requestParameters": {"method.request.header.foobar": False,
                                                        "method.request.querystring.testQs": False}},
                          requestParameters={
                              "integration.request.header.headerVar": "method.request.header.foobar",
                              "integration.request.querystring.testVar": "'bar'",
                              "integration.request.querystring.queryString": "method.request.querystring.testQs",
                          })
    assert_matches({"rest_api_id": api_id},
                   recorded("http", "test_http_proxy_integration_request_data_mappings", "api_id"))
    base = _deploy(apigateway, api_id, variables={"prefix": "prefixed"})
    response = requests.post(f"{base}/x?testQs=foo&testVar=foobar", json={"message": "hello world"},
                             headers={"foobar": "mapped-value", "User-Agent": "test/integration"}, timeout=5)
    echoed = response.json()
    expected = recorded("http", "test_http_proxy_integration_request_data_mappings", "http-proxy-invocation")
    assert echoed["headers"]["headervar"] == expected["content"]["headers"]["headervar"]
    assert echoed["headers"]["foobar"] == "mapped-value"
    assert echoed["args"]["testVar"] == "foobar,bar"
    assert echoed["args"]["queryString"] == "foo"
    assert echoed["path"] == "/prefixed"


def test_http_request_templates_and_overrides(apigateway, backend):
    template = ('#set($context.requestOverride.header.XOverride = "yes")'
                '#set($context.requestOverride.querystring.q = "over")'
                'Action=SendMessage&MessageBody=$input.body')
    api_id, _ = _http_api(apigateway, "HTTP", backend + "/", requestTemplates={"application/json": template})
    base = _deploy(apigateway, api_id)
    echoed = requests.post(f"{base}/test", data="some raw data", headers={"Content-Type": "application/json"},
                           timeout=5).json()
    assert echoed["data"] == "Action=SendMessage&MessageBody=some raw data"
    assert echoed["headers"]["xoverride"] == "yes"
    assert echoed["args"] == {"q": "over"}


@pytest.mark.parametrize(("body", "key"), [("{}", "empty-body"), ('{"some": "value"}', "json-body"),
                                           ("some raw data", "str-body")])
def test_input_body_url_encoding(apigateway, backend, body, key):
    template = "EncodedBody=$util.urlEncode($input.body)&EncodedBodyAccess=$util.urlEncode($input.path('$').body)"
    api_id, _ = _http_api(apigateway, "HTTP", backend + "/", requestTemplates={"application/json": template})
    base = _deploy(apigateway, api_id)
    echoed = requests.post(f"{base}/test", data=body, headers={"Content-Type": "application/json"}, timeout=5).json()
    expected = recorded("common", "test_input_body_formatting", "response-url-encode")[key]
    assert repr(echoed["data"].encode()) == expected


def test_integration_calling_another_api_of_the_mock(apigateway, gwmock):
    target = apigateway.create_rest_api(name="target")
    root = target["rootResourceId"]
    apigateway.put_method(restApiId=target["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=target["id"], resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=target["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=target["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": '{"from": "target"}'})
    target_url = _deploy(apigateway, target["id"]) + "/"
    api_id, _ = _http_api(apigateway, "HTTP_PROXY", target_url, verb="GET", integrationHttpMethod="GET")
    response = requests.get(f"{_deploy(apigateway, api_id)}/test", timeout=5)
    assert (response.status_code, response.json()) == (200, {"from": "target"})


def test_unreachable_backend_and_timeout(apigateway, backend):
    api_id, _ = _http_api(apigateway, "HTTP_PROXY", "http://127.0.0.1:9/", verb="GET")
    response = requests.get(f"{_deploy(apigateway, api_id)}/test", timeout=5)
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})
    api_id, _ = _http_api(apigateway, "HTTP_PROXY", backend + "/slow", verb="GET", timeoutInMillis=50)
    response = requests.get(f"{_deploy(apigateway, api_id)}/test", timeout=5)
    assert (response.status_code, response.json()) == (504, {"message": "Endpoint request timed out"})


# --- binary payloads ------------------------------------------------------------------------


def _binary(apigateway, api_id):
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/image~1png"}])


def test_proxy_passes_binary_both_ways(apigateway, backend):
    api_id, _ = _http_api(apigateway, "HTTP_PROXY", backend + "/bin", verb="GET", integrationHttpMethod="GET")
    _binary(apigateway, api_id)
    response = requests.get(f"{_deploy(apigateway, api_id)}/test", timeout=5)
    assert response.content == b"\x00\x01\xff"
    assert response.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize(("path", "handling", "expected"), [
    ("/bin", "CONVERT_TO_TEXT", b"AAH/"),
    ("/b64", "CONVERT_TO_BINARY", b"\x00\x01\xff"),
])
def test_integration_response_content_handling(apigateway, backend, path, handling, expected):
    api_id, resource = _http_api(apigateway, "HTTP", backend + path, verb="GET", responses=(),
                                 integrationHttpMethod="GET")
    apigateway.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                                        contentHandling=handling)
    _binary(apigateway, api_id)
    response = requests.get(f"{_deploy(apigateway, api_id)}/test", timeout=5)
    assert (response.status_code, response.content) == (200, expected)


def test_request_content_handling_convert_to_text(apigateway, backend):
    api_id, _ = _http_api(apigateway, "HTTP", backend + "/", contentHandling="CONVERT_TO_TEXT",
                          requestTemplates={"image/png": '{"b64": "$input.body"}'})
    _binary(apigateway, api_id)
    base = _deploy(apigateway, api_id)
    echoed = requests.post(f"{base}/test", data=b"\x00\x01\xff", headers={"Content-Type": "image/png"},
                           timeout=5).json()
    assert echoed["data"] == {"b64": "AAH/"}


def test_http_proxy_keeps_each_set_cookie_line(apigateway, backend):
    api_id, _ = _http_api(apigateway, "HTTP_PROXY", f"{backend}/cookies", verb="GET", integrationHttpMethod="GET")
    response = requests.get(_deploy(apigateway, api_id) + "/test", timeout=5)
    assert response.status_code == 200
    assert response.raw.headers.getlist("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/"]
    assert response.cookies.get_dict() == {"a": "1", "b": "2"}
