"""Compressed request payloads on REST APIs: API Gateway decodes a body sent with ``Content-Encoding``
(gzip, deflate, identity) before the method runs, and answers 415 for a coding it lacks or a body not so
compressed ("Call an API method with a compressed payload", "Payload compression for REST APIs";
the guesses are listed in ``gwmock/runtime/rest/compression.py``)."""

from __future__ import annotations

import base64
import gzip
import json
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3
import pytest
import requests

from gwmock.server import start

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:"
URI = "arn:aws:apigateway:{}:lambda:path/2015-03-31/functions/{}/invocations"
PET = {"type": "dog", "price": 249.99}  # the documentation's PetStore example
PET_BYTES = json.dumps(PET).encode()
JSON = {"Content-Type": "application/json"}
# a request template that shows what the integration request sees of the method request
SEEN = ('{"json": $input.json(\'$\'), "type": $input.json(\'$.type\'), '
        '"raw": "$util.escapeJavaScript($input.body)", "coding": "$input.params(\'Content-Encoding\')"}')


def _deployed(client, gw, *, kind="AWS", fn=None, template=SEEN, validate=False, responses=None, **api):
    """The URL of stage ``dev`` of an API whose root POST is a Lambda integration (``kind`` AWS: the
    function returns what the request template made; AWS_PROXY: ``fn`` answers the event)."""
    api_id = client.create_rest_api(name="decompress", **api)["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    method = {}
    if validate:
        client.create_model(restApiId=api_id, name="Pet", contentType="application/json", schema=json.dumps({
            "type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}}))
        validator = client.create_request_validator(restApiId=api_id, name="body", validateRequestBody=True)["id"]
        method = {"requestValidatorId": validator, "requestModels": {"application/json": "Pet"}}
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE", **method)
    name = FN + ("echo" if fn is None else "fn")
    gw.add_lambda(name, fn or (lambda event, context: event))
    if kind == "AWS":
        client.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="AWS",
                               integrationHttpMethod="POST", uri=URI.format(REGION, name),
                               requestTemplates={"application/json": template})
        client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
        client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
    else:
        client.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(REGION, name))
    for response_type, record in (responses or {}).items():
        client.put_gateway_response(restApiId=api_id, responseType=response_type, **record)
    client.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/"


def _event_of(event, context):
    """An AWS_PROXY function answering the event it was given."""
    return {"statusCode": 200, "body": json.dumps(event)}


# --- what the integration sees ---------------------------------------------------------------------


@pytest.mark.parametrize("coding, data", [("gzip", gzip.compress(PET_BYTES)), ("deflate", zlib.compress(PET_BYTES)),
                                          ("identity", PET_BYTES), ("GZip", gzip.compress(PET_BYTES))],
                         ids=["gzip", "deflate", "identity", "case"])
def test_mapping_templates_see_the_decoded_body(apigateway, gwmock, coding, data):
    url = _deployed(apigateway, gwmock)
    answer = requests.post(url, data=data, headers={**JSON, "Content-Encoding": coding}, timeout=5)
    assert answer.status_code == 200
    # the method request keeps its header: only the body is decoded
    assert answer.json() == {"json": PET, "type": "dog", "raw": PET_BYTES.decode(), "coding": coding}


def test_the_decoded_body_works_without_any_compression_setting_and_with_one(apigateway, gwmock):
    for setting in ({}, {"minimumCompressionSize": 0}, {"minimumCompressionSize": 10}):
        url = _deployed(apigateway, gwmock, **setting)
        answer = requests.post(url, data=gzip.compress(PET_BYTES), headers={**JSON, "Content-Encoding": "gzip"},
                               timeout=5)
        assert (answer.status_code, answer.json()["json"]) == (200, PET)


def test_several_codings_are_undone_last_first(apigateway, gwmock):
    url = _deployed(apigateway, gwmock)
    data = gzip.compress(zlib.compress(PET_BYTES))  # deflate applied first, then gzip
    answer = requests.post(url, data=data, headers={**JSON, "Content-Encoding": "deflate, identity, gzip"}, timeout=5)
    assert (answer.status_code, answer.json()["json"]) == (200, PET)
    # the same list on two header lines
    answer = gwmock.invoke("POST", url, headers={**JSON, "Content-Encoding": ["deflate", "gzip"]}, body=data)
    assert (answer.status, json.loads(answer.body)["json"]) == (200, PET)
    # in the wrong order the payload is not compressed as the header says
    answer = requests.post(url, data=data, headers={**JSON, "Content-Encoding": "gzip, deflate"}, timeout=5)
    assert answer.status_code == 415


def test_gzip_members_one_after_another_are_one_body(apigateway, gwmock):
    url = _deployed(apigateway, gwmock)
    half = len(PET_BYTES) // 2
    data = gzip.compress(PET_BYTES[:half]) + gzip.compress(PET_BYTES[half:])
    answer = requests.post(url, data=data, headers={**JSON, "Content-Encoding": "gzip"}, timeout=5)
    assert (answer.status_code, answer.json()["raw"]) == (200, PET_BYTES.decode())


def test_lambda_proxy_event_has_the_decoded_body_and_keeps_the_header(apigateway, gwmock):
    """serverless-http#194, seen on AWS: the body arrives decompressed, isBase64Encoded false, and
    ``Content-Encoding: gzip`` is still among the event's headers."""
    url = _deployed(apigateway, gwmock, kind="AWS_PROXY", fn=_event_of)
    answer = requests.post(url, data=gzip.compress(PET_BYTES), headers={**JSON, "Content-Encoding": "gzip"},
                           timeout=5)
    event = answer.json()
    assert answer.status_code == 200
    assert (event["body"], event["isBase64Encoded"]) == (PET_BYTES.decode(), False)
    assert event["headers"]["Content-Encoding"] == "gzip"
    assert event["multiValueHeaders"]["Content-Encoding"] == ["gzip"]


def test_a_binary_media_type_gets_the_decoded_bytes_in_base64(apigateway, gwmock):
    raw = bytes(range(256))
    url = _deployed(apigateway, gwmock, kind="AWS_PROXY", fn=_event_of, binaryMediaTypes=["application/octet-stream"])
    answer = requests.post(url, data=gzip.compress(raw), timeout=5,
                           headers={"Content-Type": "application/octet-stream", "Content-Encoding": "gzip"})
    event = answer.json()
    assert (event["isBase64Encoded"], base64.b64decode(event["body"])) == (True, raw)


def test_request_validation_reads_the_decoded_body(apigateway, gwmock):
    url = _deployed(apigateway, gwmock, validate=True)
    good = requests.post(url, data=gzip.compress(PET_BYTES), headers={**JSON, "Content-Encoding": "gzip"}, timeout=5)
    assert (good.status_code, good.json()["type"]) == (200, "dog")
    bad = requests.post(url, data=gzip.compress(b'{"price": 1}'), headers={**JSON, "Content-Encoding": "gzip"},
                        timeout=5)
    assert (bad.status_code, bad.json()) == (400, {"message": "Invalid request body"})


def test_an_empty_body_is_not_decoded(apigateway, gwmock):
    """aws-recorded test_apigateway_header_remapping_aws[AWS_PROXY]: ``Content-Encoding: deflate``
    without a body is served, and the event keeps the header."""
    url = _deployed(apigateway, gwmock, kind="AWS_PROXY", fn=_event_of)
    answer = requests.post(url, headers={**JSON, "Content-Encoding": "deflate"}, timeout=5)
    event = answer.json()
    assert answer.status_code == 200
    assert (event["body"], event["headers"]["Content-Encoding"]) == (None, "deflate")


def test_below_minimum_compression_size_the_body_arrives_as_sent(apigateway, gwmock):
    """The API reference's minimumCompressionSize: "compression or decompression is not applied on the
    payload if the payload size is smaller than this value"."""
    sent = gzip.compress(PET_BYTES)
    headers = {"Content-Type": "application/octet-stream", "Content-Encoding": "gzip"}
    small = _deployed(apigateway, gwmock, kind="AWS_PROXY", fn=_event_of, binaryMediaTypes=["application/octet-stream"],
                      minimumCompressionSize=len(sent) + 1)
    event = requests.post(small, data=sent, headers=headers, timeout=5).json()
    assert base64.b64decode(event["body"]) == sent
    at_size = _deployed(apigateway, gwmock, kind="AWS_PROXY", fn=_event_of,
                        binaryMediaTypes=["application/octet-stream"], minimumCompressionSize=len(sent))
    event = requests.post(at_size, data=sent, headers=headers, timeout=5).json()
    assert base64.b64decode(event["body"]) == PET_BYTES
    # a coding API Gateway lacks is refused whatever the size (guess)
    answer = requests.post(small, data=sent, headers={**headers, "Content-Encoding": "br"}, timeout=5)
    assert answer.status_code == 415


# --- refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("coding, data", [
    ("br", PET_BYTES), ("compress", PET_BYTES), ("x-gzip", gzip.compress(PET_BYTES)), ("zstd", PET_BYTES),
    ("gzip", PET_BYTES),  # not compressed as the header says
    ("deflate", gzip.compress(PET_BYTES)),
    ("deflate", zlib.compress(PET_BYTES)[2:]),  # raw deflate: not the zlib format
    ("gzip", gzip.compress(PET_BYTES)[:-4]),  # truncated
    ("gzip", gzip.compress(PET_BYTES) + b"tail"),
    ("deflate", zlib.compress(PET_BYTES) + b"\0"),
    ("gzip, gzip, gzip, gzip, gzip", PET_BYTES),  # more codings than API Gateway undoes (guess: a bound)
], ids=["br", "compress", "x-gzip", "zstd", "plain", "gzip-as-deflate", "raw-deflate", "truncated", "gzip-tail",
        "deflate-tail", "five-codings"])
def test_unsupported_coding_or_payload_answers_415(apigateway, gwmock, coding, data):
    url = _deployed(apigateway, gwmock)
    answer = requests.post(url, data=data, headers={**JSON, "Content-Encoding": coding}, timeout=5)
    assert answer.status_code == 415
    assert answer.json() == {"message": "Unsupported Media Type"}
    assert answer.headers["x-amzn-ErrorType"] == "UnsupportedMediaTypeException"


def test_the_refusal_never_reaches_the_function(apigateway, gwmock):
    seen = []
    url = _deployed(apigateway, gwmock, kind="AWS_PROXY", fn=lambda event, context: seen.append(event) or {
        "statusCode": 200, "body": ""})
    answer = requests.post(url, data=b"not gzip", headers={**JSON, "Content-Encoding": "gzip"}, timeout=5)
    assert (answer.status_code, seen) == (415, [])


def test_the_refusal_uses_the_apis_unsupported_media_type_response(apigateway, gwmock):
    url = _deployed(apigateway, gwmock, responses={"UNSUPPORTED_MEDIA_TYPE": {
        "statusCode": "400", "responseParameters": {"gatewayresponse.header.x-stage": "context.stage"},
        "responseTemplates": {"application/json": '{"error": "$context.error.responseType"}'}}})
    answer = requests.post(url, data=PET_BYTES, headers={**JSON, "Content-Encoding": "br"}, timeout=5)
    assert (answer.status_code, answer.json()) == (400, {"error": "UNSUPPORTED_MEDIA_TYPE"})
    assert answer.headers["x-stage"] == "dev"


def test_a_missing_route_is_answered_first(apigateway, gwmock):
    url = _deployed(apigateway, gwmock)
    answer = requests.post(url + "nowhere", data=PET_BYTES, headers={**JSON, "Content-Encoding": "br"}, timeout=5)
    assert (answer.status_code, answer.json()) == (403, {"message": "Missing Authentication Token"})


# --- HTTP_PROXY, TestInvokeMethod, server mode ----------------------------------------------------------


class _Echo(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"data": data.decode(), "headers": {k.lower(): v for k, v in self.headers.items()}})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def backend():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_http_proxy_forwards_the_decoded_body_without_the_coding(apigateway, backend):
    """aws-recorded test_apigateway_header_remapping_http[HTTP_PROXY]: the client's ``Content-Encoding``
    does not reach the backend."""
    api_id = apigateway.create_rest_api(name="proxy")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="HTTP_PROXY",
                               integrationHttpMethod="POST", uri=backend)
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    answer = requests.post(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/", data=gzip.compress(PET_BYTES),
                           headers={**JSON, "Content-Encoding": "gzip"}, timeout=5)
    echoed = answer.json()
    assert answer.status_code == 200
    assert echoed["data"] == PET_BYTES.decode()
    assert echoed["headers"]["content-length"] == str(len(PET_BYTES))
    assert "content-encoding" not in echoed["headers"]


def test_test_invoke_method_passes_its_text_body_as_given(apigateway, gwmock):
    """Guess: the console's test takes a text body and has no front door to decode it."""
    _deployed(apigateway, gwmock)
    api_id = apigateway.get_rest_apis()["items"][0]["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    answer = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="POST",
                                           body=PET_BYTES.decode(), headers={**JSON, "Content-Encoding": "gzip"})
    assert answer["status"] == 200
    assert json.loads(answer["body"]) == {"json": PET, "type": "dog", "raw": PET_BYTES.decode(), "coding": "gzip"}


def test_server_mode_decodes_the_same_way():
    running = start(timeout=2.0)
    try:
        client = boto3.client("apigateway", region_name=REGION, endpoint_url=running.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        url = _deployed(client, running.handle, kind="AWS_PROXY", fn=_event_of)
        api_id = url.split("//")[1].split(".")[0]
        served = f"{running.url}/restapis/{api_id}/dev/_user_request_/"
        answer = requests.post(served, data=gzip.compress(PET_BYTES), headers={**JSON, "Content-Encoding": "gzip"},
                               timeout=5)
        event = answer.json()
        headers = {name.lower(): value for name, value in event["headers"].items()}  # as the server got them
        assert (answer.status_code, event["body"], headers["content-encoding"]) == (200, PET_BYTES.decode(), "gzip")
        refused = requests.post(served, data=PET_BYTES, headers={**JSON, "Content-Encoding": "gzip"}, timeout=5)
        assert (refused.status_code, refused.json()) == (415, {"message": "Unsupported Media Type"})
    finally:
        running.stop()
