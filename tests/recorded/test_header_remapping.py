"""aws-recorded test_apigateway_integrations test_apigateway_header_remapping_http / _aws.

A regional REST API with one GET method per case, every HTTP header the scenario knows declared
as a method request parameter and a method response header; the client sends all of them. The
backend is an echo server that answers as httpbin did in the recording (``/post``: the request's
headers and data as JSON, httpbin's response headers), or a Lambda function that returns its event
(the recording's ``lambda_aws_proxy`` handler). Each step compares what the backend received, the
body and the client's response headers with the recording, placeholders normalised. Header names
the backend saw are compared without case (httpbin title-cases them); ``Content-Length`` values
follow from our echo's body, so they are checked against the body actually sent.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
import requests
from helpers import as_recorded, assert_matches, recorded

REGION = "us-east-1"
FN = "arn:aws:lambda:us-east-1:123456789012:function:echo-event"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
HEADERS = ["Accept", "Accept-Charset", "Accept-Encoding", "Age", "Authorization", "Connection", "Content-Encoding",
           "Content-Length", "Content-MD5", "Content-Type", "Date", "Expect", "Host", "Max-Forwards", "Pragma",
           "Proxy-Authenticate", "Range", "Referer", "Server", "TE", "Transfer-Encoding", "Trailer", "Upgrade",
           "User-Agent", "Via", "Warn", "WWW-Authenticate"]
REQUEST_PARAMETERS = {
    "integration.request.header.Accept": "'text/html'",
    "integration.request.header.Accept-Charset": "'UTF-16'",
    "integration.request.header.Accept-Encoding": "'zstd'",
    "integration.request.header.Age": "'request_params_age'",
    "integration.request.header.Authorization": "'request_params_authorization'",
    "integration.request.header.Content-Encoding": "'compress'",
    "integration.request.header.Content-Length": "'0'",
    "integration.request.header.Content-MD5": "'request_params_Content-MD5'",
    "integration.request.header.Content-Type": "'application/json'",
    "integration.request.header.Date": "'request_params_Date'",
    "integration.request.header.Expect": "'200-ok'",
    "integration.request.header.Host": "method.request.header.Host",
    "integration.request.header.Max-Forwards": "'2'",
    "integration.request.header.Pragma": "'no-cache'",
    "integration.request.header.Range": "'bytes=0-499'",
    "integration.request.header.Referer": "'https://example.com/page'",
    "integration.request.header.Server": "'https://example.com/page'",
    "integration.request.header.Trailer": "'user-agent'",
    "integration.request.header.Transfer-Encoding": "'deflate'",
    "integration.request.header.Upgrade": "'HTTP/2.0'",
    "integration.request.header.User-Agent": "'Override-Agent'",
    "integration.request.header.Warn": "'110 anderson/1.3.37 \"Response is stale\"'",
    "integration.request.header.WWW-Authenticate": "'Basic YWxhZGRpbjpvcGVuc2VzYW1l'",
    "integration.request.header.Connection": "'keep-alive'",
    "integration.request.header.Proxy-Authenticate": "'Basic realm=\"Access to the internal site\"'",
    "integration.request.header.TE": "'gzip'",
    "integration.request.header.Via": "'othersite.net'",
}
CLIENT_HEADERS = {
    "Accept": "application/json", "Accept-Charset": "UTF-8", "Accept-Encoding": "br", "Age": "request_Age",
    "Authorization": "Unauthorized", "Connection": "close", "Content-Encoding": "deflate",
    "Content-MD5": "request_Content-MD5", "Content-Type": "application/json", "Date": "request_Date",
    "Expect": "100-continue", "Max-Forwards": "2", "Pragma": "cache", "Proxy-Authenticate": "Basic",
    "Range": "bytes=500-999", "Referer": "https://example.com/", "Server": "https://example.com/", "TE": "deflate",
    "Trailer": "Expires", "Transfer-Encoding": "chunked", "Upgrade": "HTTP/2.0", "User-Agent": "localStack/0.0",
    "Via": "p.example.net", "Warn": "299 localStack/0.0", "WWW-Authenticate": "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
}


class _Httpbin(BaseHTTPRequestHandler):
    """Answers ``POST /post`` as httpbin does: headers and data echoed, httpbin's own headers."""

    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        return "gunicorn/19.9.0"

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length).decode() if length else ""
        # httpbin.org sits behind a load balancer that consumes the X-Forwarded-* headers
        headers = {name: value for name, value in self.headers.items()
                   if name.lower() != "connection" and not name.lower().startswith("x-forwarded-")}
        body = json.dumps({"data": data, "headers": headers}).encode()
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Credentials", "true")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "keep-alive")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture(scope="module")
def httpbin():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Httpbin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/post"
    server.shutdown()
    server.server_close()


def _echo_event(event, context):
    return {"statusCode": 200, "body": json.dumps(event), "isBase64Encoded": False}


def _api(kind, uri, special):
    ag = boto3.client("apigateway", region_name=REGION)
    api = ag.create_rest_api(name="header-remapping", endpointConfiguration={"types": ["REGIONAL"]})
    api_id, root = api["id"], api["rootResourceId"]
    parameters = dict(REQUEST_PARAMETERS)
    resources = {part: ag.create_resource(restApiId=api_id, parentId=root, pathPart=part)["id"]
                 for part in ("no-param", "full", *special)}
    for resource in resources.values():
        ag.put_method(restApiId=api_id, resourceId=resource, httpMethod="GET", authorizationType="NONE",
                      requestParameters={f"method.request.header.{h}": False for h in HEADERS})
        ag.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                               responseParameters={f"method.response.header.{h}": True for h in HEADERS})
    common = {"httpMethod": "GET", "type": kind, "uri": uri, "integrationHttpMethod": "POST", "restApiId": api_id}
    ag.put_integration(resourceId=resources["no-param"], **common)
    ag.put_integration_response(restApiId=api_id, resourceId=resources["no-param"], httpMethod="GET", statusCode="200")
    special_parameters = {part: {target: parameters.pop(target, "''")} for part, target in special.items()}
    template = "{" + ",".join(f'"{h}": "$input.params(\'{h}\')"' for h in HEADERS) + "}"
    ag.put_integration(resourceId=resources["full"], requestParameters=parameters,
                       requestTemplates={"application/json": template}, **common)
    ag.put_integration_response(restApiId=api_id, resourceId=resources["full"], httpMethod="GET", statusCode="200",
                                responseParameters={f"method.response.header.{h}": f"'response_param_{h}'"
                                                    for h in HEADERS})
    for part, mapping in special_parameters.items():
        ag.put_integration(resourceId=resources[part], requestParameters=mapping, **common)
        ag.put_integration_response(restApiId=api_id, resourceId=resources[part], httpMethod="GET", statusCode="200")
    ag.create_deployment(restApiId=api_id, stageName="test")
    return api_id, f"https://{api_id}.execute-api.{REGION}.amazonaws.com/test"


def _invoke(base, path, status):
    response = requests.get(f"{base}/{path}", headers=CLIENT_HEADERS, timeout=5)
    assert response.status_code == status, response.text
    assert int(response.headers["Content-Length"]) == len(response.content)
    return response


def _without_case(headers):
    return None if headers is None else {k.lower(): v for k, v in headers.items()}


def _unbound(value, counter):
    """Placeholders without a number (``<Date>``) stand for any value each time they appear."""
    if isinstance(value, dict):
        return {k: _unbound(v, counter) for k, v in value.items()}
    if isinstance(value, str) and re.fullmatch(r"<[A-Za-z-]+>", value):
        counter.append(1)
        return f"{value[:-1]}:u{len(counter)}>"
    return value


def _compare(scenario, step, actual):
    expected = _unbound(recorded("integrations", scenario, step), [])
    if "headers" in expected:
        expected = {**expected, "headers": _without_case(expected["headers"])}
        actual = {**actual, "headers": _without_case(actual["headers"])}
    for name in ("Content-Length", "x-amzn-Remapped-Content-Length"):  # our echo's sizes, checked on their own
        if name in expected["response-headers"] and name in actual["response-headers"]:
            actual["response-headers"][name] = expected["response-headers"][name]
    if "headers" in expected and expected["headers"] and "content-length" in expected["headers"]:
        actual["headers"]["content-length"] = expected["headers"]["content-length"]
    assert_matches(as_recorded(actual), expected)


SPECIAL_HTTP = {"content-length": "integration.request.header.Content-Length",
                "transfer-encoding": "integration.request.header.Transfer-Encoding"}
SPECIAL_AWS = {**SPECIAL_HTTP, "authorization": "integration.request.header.Authorization",
               "connection": "integration.request.header.Connection",
               "expect": "integration.request.header.Expect",
               "proxy-authenticate": "integration.request.header.Proxy-Authenticate",
               "te": "integration.request.header.TE"}


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_header_remapping_http(gwmock, httpbin, kind):
    scenario = f"test_apigateway_header_remapping_http[{kind}]"
    api_id, base = _api(kind, httpbin, SPECIAL_HTTP)
    assert_matches(api_id, recorded("integrations", scenario, "apigw-id"))
    for step, path in (("no-param-integration", "no-param"), ("full-integration", "full")):
        response = _invoke(base, path, 200)
        echoed = response.json()
        _compare(scenario, step, {"headers": echoed.get("headers"), "body": echoed["data"],
                                  "response-headers": dict(response.headers)})
    for step in SPECIAL_HTTP:
        response = _invoke(base, step, 500)
        _compare(scenario, step, {"response-headers": dict(response.headers), "body": response.text})


@pytest.mark.parametrize("kind", ["AWS", "AWS_PROXY"])
def test_header_remapping_aws(gwmock, kind):
    scenario = f"test_apigateway_header_remapping_aws[{kind}]"
    gwmock.add_lambda(FN, _echo_event)
    api_id, base = _api(kind, URI, SPECIAL_AWS)
    assert_matches(api_id, recorded("integrations", scenario, "apigw-id"))
    for step, path in (("no-param-integration", "no-param"), ("full-integration", "full")):
        response = _invoke(base, path, 200)
        answer = response.json()
        _compare(scenario, step, {"headers": answer.get("headers"), "body": answer["body"],
                                  "response-headers": dict(response.headers)})
    for step in SPECIAL_AWS:
        response = _invoke(base, step, 500)
        _compare(scenario, step, {"response-headers": dict(response.headers), "body": response.text})
