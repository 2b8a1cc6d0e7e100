"""Probes of REST gateway responses, binary content handling and payload compression against AWS's
documentation ("Gateway response types", "Binary media types for REST APIs", "Payload compression for
REST APIs": the answer is compressed when the client's highest-priority Accept-Encoding is gzip or
deflate, the API sets minimumCompressionSize, the integration response has no Content-Encoding and the
mapped body is at least that size)."""

from __future__ import annotations

import base64
import gzip
import json
import zlib

import requests

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


def _api(client, gw, *, fn=None, template='{"ok": true}', responses=None, params=None, **api):
    api_id = client.create_rest_api(name="probe", **api)["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart="{item}")["id"]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE",
                      requestParameters=params or {})
    if fn is not None:
        gw.add_lambda(FN + "fn", fn)
        client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "fn"))
    else:
        client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="ANY", statusCode="200")
        client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="ANY", statusCode="200",
                                        responseTemplates={"application/json": template})
    for kind, record in (responses or {}).items():
        client.put_gateway_response(restApiId=api_id, responseType=kind, **record)
    client.create_deployment(restApiId=api_id, stageName="dev")
    return api_id, f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev"


# --- gateway responses --------------------------------------------------------------------------


def test_default_4xx_lends_headers_and_template_to_every_4xx(apigateway, gwmock):
    """CDK's ``addGatewayResponse``/SAM's ``GatewayResponses`` CORS headers, static and mapped."""
    template = '{"error": $context.error.messageString, "raw": "$context.error.message", "type": ' \
               '"$context.error.responseType"}'
    _, base = _api(apigateway, gwmock, responses={"DEFAULT_4XX": {
        "responseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'",
                               "gatewayresponse.header.x-path": "method.request.path.item",
                               "gatewayresponse.header.x-stage": "context.stage"},
        "responseTemplates": {"application/json": template}}})
    answer = requests.get(f"{base}/missing/route", timeout=5)
    assert answer.status_code == 403
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["x-stage"] == "dev"
    assert answer.json() == {"error": "Missing Authentication Token", "raw": "Missing Authentication Token",
                             "type": "MISSING_AUTHENTICATION_TOKEN"}


def test_default_5xx_and_changed_default_4xx_status(apigateway, gwmock):
    _, base = _api(apigateway, gwmock, template="#set($x = $input.json('$').bad.bad", responses={
        "DEFAULT_5XX": {"responseParameters": {"gatewayresponse.header.x-five": "'5'"}},
        "DEFAULT_4XX": {"statusCode": "418"}})
    assert requests.get(f"{base}/missing/route", timeout=5).status_code == 418  # all 4XX take the new status


def test_gateway_response_parameters_from_request(apigateway, gwmock):
    _, base = _api(apigateway, gwmock, params={"method.request.header.x-token": False,
                                               "method.request.querystring.q": False}, responses={
        "MISSING_AUTHENTICATION_TOKEN": {"statusCode": "404",
                                         "responseParameters": {
                                             "gatewayresponse.header.x-echo": "method.request.header.x-token",
                                             "gatewayresponse.header.x-q": "method.request.querystring.q"}}})
    answer = requests.get(f"{base}/a/b/c?q=1", headers={"X-Token": "t"}, timeout=5)
    assert answer.status_code == 404
    assert (answer.headers["x-echo"], answer.headers["x-q"]) == ("t", "1")
    assert answer.json() == {"message": "Missing Authentication Token"}


# --- binary ------------------------------------------------------------------------------------


def _binary_fn(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "isBase64Encoded": True,
            "body": base64.b64encode(b"\x89PNG\x00\xff").decode(), "multiValueHeaders": {}}


def test_lambda_proxy_binary_answer_by_accept(apigateway, gwmock):
    _, base = _api(apigateway, gwmock, fn=_binary_fn, binaryMediaTypes=["image/*"])
    assert requests.get(f"{base}/1", headers={"Accept": "image/png"}, timeout=5).content == b"\x89PNG\x00\xff"
    # the Accept is not binary: the base64 text as the function gave it
    text = requests.get(f"{base}/1", headers={"Accept": "application/json"}, timeout=5).content
    assert base64.b64decode(text) == b"\x89PNG\x00\xff"


def test_lambda_proxy_binary_request_is_base64_encoded(apigateway, gwmock):
    seen = []

    def fn(event, context):
        seen.append(event)
        return {"statusCode": 200, "body": "ok"}

    _, base = _api(apigateway, gwmock, fn=fn, binaryMediaTypes=["*/*"])
    requests.post(f"{base}/1", data=b"\x00\x01\xfe", headers={"Content-Type": "application/octet-stream"}, timeout=5)
    assert seen[-1]["isBase64Encoded"] is True
    assert base64.b64decode(seen[-1]["body"]) == b"\x00\x01\xfe"


def test_head_request_of_a_mock(apigateway, gwmock):
    _, base = _api(apigateway, gwmock)
    answer = requests.head(f"{base}/1", timeout=5)
    assert answer.status_code == 200


# --- compression -------------------------------------------------------------------------------

BIG = {"items": ["x" * 40] * 50}


def _big_fn(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(BIG)}


def test_answer_compressed_when_client_accepts_gzip(apigateway, gwmock):
    _, base = _api(apigateway, gwmock, fn=_big_fn, minimumCompressionSize=1000)
    answer = requests.get(f"{base}/1", headers={"Accept-Encoding": "gzip"}, timeout=5)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert answer.json() == BIG  # the client library decompresses
    raw = gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "gzip"})
    assert json.loads(gzip.decompress(raw.body)) == BIG
    assert raw.headers["Content-Length"] == str(len(raw.body))


def test_deflate_and_priorities(apigateway, gwmock):
    _, base = _api(apigateway, gwmock, fn=_big_fn, minimumCompressionSize=0)
    raw = gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "deflate"})
    assert raw.headers["Content-Encoding"] == "deflate"
    assert json.loads(zlib.decompress(raw.body)) == BIG
    raw = gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "br;q=1, gzip;q=0.5"})
    assert "Content-Encoding" not in raw.headers  # the highest-priority coding is not supported
    raw = gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in raw.headers
    raw = gwmock.invoke("GET", f"{base}/1")  # no header: not compressed
    assert "Content-Encoding" not in raw.headers


def test_no_compression_below_size_without_setting_or_when_encoded(apigateway, gwmock):
    _, base = _api(apigateway, gwmock, fn=_big_fn, minimumCompressionSize=100_000)
    assert "Content-Encoding" not in gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "gzip"}).headers
    _, base = _api(apigateway, gwmock, fn=_big_fn)
    assert "Content-Encoding" not in gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "gzip"}).headers

    def encoded(event, context):
        return {"statusCode": 200, "headers": {"Content-Encoding": "br"}, "body": "x" * 2000}

    _, base = _api(apigateway, gwmock, fn=encoded, minimumCompressionSize=0)
    raw = gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "gzip"})
    assert (raw.headers["Content-Encoding"], raw.body) == ("br", b"x" * 2000)


def test_compression_needs_a_deployment(apigateway, gwmock):
    api_id, base = _api(apigateway, gwmock, fn=_big_fn)
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": "0"}])
    assert "Content-Encoding" not in gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "gzip"}).headers
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert gwmock.invoke("GET", f"{base}/1", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
