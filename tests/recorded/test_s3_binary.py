"""aws-recorded test_apigateway_s3: binary support of an S3 AWS integration, step by step.

Each scenario replays the recorded calls (an ``ANY /{object_path+}`` method on an S3 path
integration, the object's Content-Type and the ``response-content-type`` query string mapped
from method request headers, ``binaryMediaTypes`` added and a second stage deployed half-way)
and compares what API Gateway decides: the control-plane answers whole, the bytes stored in
the bucket (``get-obj-*``: S3's ``Body`` and ``ContentType``; the rest of S3's answer is moto's,
not gwmock's) and the bytes and ETag of each invocation. moto does not honour S3's
``response-content-type``; the test gives the object that Content-Type instead, so the S3 answer
API Gateway converts has the recorded Content-Type. Steps the recording does not snapshot
(the 500 answers) are asserted as the scenario expects them.
"""

from __future__ import annotations

import ast
import base64
import gzip

import boto3
import pytest
from helpers import as_recorded, assert_matches, recorded

from gwmock import mock_apigateway
from gwmock.dispatch import DEFAULT_ACCOUNT

moto = pytest.importorskip("moto")

REGION = "us-east-1"
BUCKET = "gwmock-binary"
RAW = gzip.compress(b"compressed data, should be invalid UTF-8 string", mtime=1676569620)
ENCODED = base64.b64encode(RAW)
TEXT = b"this is a UTF8 text typed object"
BODIES = {"binary-raw": RAW, "binary-encoded": ENCODED, "text": TEXT}
ERROR = {"message": "Internal server error"}


@pytest.fixture
def gw():
    with moto.mock_aws(), mock_apigateway() as handle:
        boto3.client("s3", region_name=REGION).create_bucket(Bucket=BUCKET)
        yield handle


def _expected_bytes(value):
    """The recording writes bytes as their repr, and a streamed body as decoded text."""
    if isinstance(value, str) and value.startswith(("b'", 'b"')):
        return ast.literal_eval(value)
    return value.encode()


class S3Api:
    def __init__(self, gw, scenario, request_handling=None, response_handling=None, deploy=True):
        self.gw, self.scenario = gw, scenario
        self.ag = boto3.client("apigateway", region_name=REGION)
        self.s3 = boto3.client("s3", region_name=REGION)
        api = self.ag.create_rest_api(name="s3-binary")
        self.api_id = api["id"]
        self.resource = self.ag.create_resource(restApiId=self.api_id, parentId=api["rootResourceId"],
                                                pathPart="{object_path+}")["id"]
        self.ag.put_method(restApiId=self.api_id, resourceId=self.resource, httpMethod="ANY",
                           authorizationType="NONE", requestParameters={
                               "method.request.path.object_path": True,
                               "method.request.header.Content-Type": False,
                               "method.request.header.response-content-type": False})
        self.ag.put_method_response(restApiId=self.api_id, resourceId=self.resource, httpMethod="ANY",
                                    statusCode="200", responseParameters={"method.response.header.ETag": False})
        extra = {"contentHandling": request_handling} if request_handling else {}
        put = self.ag.put_integration(
            restApiId=self.api_id, resourceId=self.resource, httpMethod="ANY", integrationHttpMethod="ANY",
            type="AWS", uri=f"arn:aws:apigateway:{REGION}:s3:path/{BUCKET}/{{object_path}}",
            credentials=f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/apigw-s3", requestParameters={
                "integration.request.path.object_path": "method.request.path.object_path",
                "integration.request.header.Content-Type": "method.request.header.Content-Type",
                "integration.request.querystring.response-content-type":
                    "method.request.header.response-content-type"}, **extra)
        self.match("put-integration", put)
        extra = {"contentHandling": response_handling} if response_handling else {}
        self.ag.put_integration_response(restApiId=self.api_id, resourceId=self.resource, httpMethod="ANY",
                                         statusCode="200", responseParameters={
                                             "method.response.header.ETag": "integration.response.header.ETag"},
                                         **extra)
        if deploy:
            self.ag.create_deployment(restApiId=self.api_id, stageName="test")

    def match(self, step, actual):
        assert_matches(as_recorded(actual), recorded("s3", self.scenario, step))

    def binary_media_stage(self):
        self.ag.update_rest_api(restApiId=self.api_id, patchOperations=[
            {"op": "add", "path": "/binaryMediaTypes/image~1png"}])
        self.ag.create_deployment(restApiId=self.api_id, stageName="test2")

    def url(self, stage, key):
        return f"https://{self.api_id}.execute-api.{REGION}.amazonaws.com/{stage}/{key}"

    def put(self, stage, key, content_type, status=200):
        answer = self.gw.invoke("PUT", self.url(stage, key), {"Content-Type": content_type}, BODIES[key])
        assert answer.status == status, answer.text
        if status == 200:
            assert answer.body == b""
        else:
            assert answer.json() == ERROR

    def stored(self, step, key):
        got = self.s3.get_object(Bucket=BUCKET, Key=key)
        expected = recorded("s3", self.scenario, step)
        assert got["Body"].read() == _expected_bytes(expected["Body"])
        assert got["ContentType"] == expected["ContentType"]
        assert got["ETag"] == expected["ETag"]

    def get(self, stage, key, accept, payload_type="binary/octet-stream", step=None, status=200):
        # moto ignores S3's response-content-type: the object's own Content-Type stands in for it
        # (same bytes, same ETag; what API Gateway sees is the S3 answer's Content-Type either way)
        if self.s3.head_object(Bucket=BUCKET, Key=key)["ContentType"] != payload_type:
            self.s3.put_object(Bucket=BUCKET, Key=key, Body=BODIES[key], ContentType=payload_type)
        answer = self.gw.invoke("GET", self.url(stage, key), {"Accept": accept, "response-content-type": payload_type})
        assert answer.status == status, answer.text
        if status != 200:
            assert answer.json() == ERROR
            return
        assert answer.headers.get("ETag")
        if step is not None:
            expected = recorded("s3", self.scenario, step)
            assert {"content": answer.body, "etag": answer.headers["ETag"]} == {
                "content": _expected_bytes(expected["content"]), "etag": expected["etag"]}

    def put_objects(self):
        for key, body in BODIES.items():
            self.s3.put_object(Bucket=BUCKET, Key=key, Body=body)


@pytest.mark.parametrize("handling", [None, "CONVERT_TO_TEXT"])
def test_binary_support_request(gw, handling):
    api = S3Api(gw, f"test_apigw_s3_binary_support_request[{handling}]", request_handling=handling)
    for key in BODIES:
        api.put("test", key, "image/png")
    for key in BODIES:
        api.stored(f"get-obj-no-binary-media-{key}", key)
    api.binary_media_stage()
    for key in BODIES:
        api.put("test2", key, "image/png")
    for key in BODIES:
        api.stored(f"get-obj-binary-type-{key}", key)
    for key in BODIES:
        api.put("test2", key, "text/plain")
    for key in BODIES:
        api.stored(f"get-obj-text-type-{key}", key)


def test_binary_support_request_convert_to_binary(gw):
    api = S3Api(gw, "test_apigw_s3_binary_support_request_convert_to_binary", request_handling="CONVERT_TO_BINARY")
    api.put("test", "binary-encoded", "image/png")
    api.stored("get-obj-no-binary-media-binary-encoded", "binary-encoded")
    api.put("test", "binary-raw", "image/png", status=500)  # not base64
    api.put("test", "text", "text/plain", status=500)
    for key in ("binary-raw", "text"):
        with pytest.raises(api.s3.exceptions.NoSuchKey):
            api.s3.get_object(Bucket=BUCKET, Key=key)
    api.binary_media_stage()
    for key in BODIES:
        api.put("test2", key, "image/png")
    for key in BODIES:
        api.stored(f"get-obj-binary-media-{key}", key)
    api.put("test2", "binary-raw", "text/plain", status=500)
    api.put("test2", "text", "text/plain", status=500)
    api.put("test2", "binary-encoded", "text/plain")
    api.stored("get-obj-text-type-binary-encoded", "binary-encoded")


def test_binary_support_request_convert_to_binary_with_request_template(gw):
    scenario = "test_apigw_s3_binary_support_request_convert_to_binary_with_request_template"
    api = S3Api(gw, scenario, request_handling="CONVERT_TO_BINARY", deploy=False)
    api.ag.update_integration(restApiId=api.api_id, resourceId=api.resource, httpMethod="ANY", patchOperations=[
        {"op": "add", "path": "/requestTemplates/application~1json", "value": '{"data": "$input.body"}'}])
    api.match("get-integration", api.ag.get_integration(restApiId=api.api_id, resourceId=api.resource,
                                                        httpMethod="ANY"))
    api.ag.create_deployment(restApiId=api.api_id, stageName="test")
    api.put("test", "binary-encoded", "image/png")  # no template for image/png: decoded as is
    api.stored("get-obj-encoded", "binary-encoded")
    # the JSON template's output is not base64: it cannot be converted to binary
    api.put("test", "binary-encoded", "application/json", status=500)


def test_binary_support_response_no_content_handling(gw):
    api = S3Api(gw, "test_apigw_s3_binary_support_response_no_content_handling")
    api.put_objects()
    api.get("test", "text", "text/plain", step="text-no-media")
    api.get("test", "binary-raw", "image/png", step="raw-no-media")
    api.get("test", "binary-encoded", "image/png", step="encoded-no-media")
    api.binary_media_stage()
    api.get("test2", "binary-encoded", "image/png", step="encoded-payload-text-accept-binary")
    api.get("test2", "binary-raw", "image/png", status=500)
    api.get("test2", "text", "image/png", status=500)
    for key, name in (("binary-encoded", "encoded"), ("binary-raw", "raw"), ("text", "text")):
        api.get("test2", key, "image/png", "image/png", step=f"{name}-payload-binary-accept-binary")
    for key, name in (("binary-encoded", "encoded"), ("binary-raw", "raw"), ("text", "text")):
        api.get("test2", key, "text/plain", step=f"{name}-payload-text-accept-text")
    for key, name in (("binary-encoded", "encoded"), ("binary-raw", "raw"), ("text", "text")):
        api.get("test2", key, "text/plain", "image/png", step=f"{name}-payload-binary-accept-text")


def test_binary_support_response_convert_to_text(gw):
    api = S3Api(gw, "test_apigw_s3_binary_support_response_convert_to_text", response_handling="CONVERT_TO_TEXT")
    api.put_objects()
    api.get("test", "text", "text/plain", step="text-no-media")
    api.get("test", "binary-raw", "image/png", step="raw-no-media")
    api.get("test", "binary-encoded", "image/png", step="encoded-no-media")
    api.binary_media_stage()
    keys = (("binary-encoded", "encoded"), ("binary-raw", "raw"), ("text", "text"))
    for accept, payload, kind in (("image/png", "binary/octet-stream", "text-accept-binary"),
                                  ("image/png", "image/png", "binary-accept-binary"),
                                  ("text/plain", "binary/octet-stream", "text-accept-text"),
                                  ("text/plain", "image/png", "binary-accept-text")):
        for key, name in keys:
            api.get("test2", key, accept, payload, step=f"{name}-payload-{kind}")


def test_binary_support_response_convert_to_binary(gw):
    api = S3Api(gw, "test_apigw_s3_binary_support_response_convert_to_binary", response_handling="CONVERT_TO_BINARY")
    api.put_objects()
    api.get("test", "binary-encoded", "image/png", step="encoded-no-media")
    api.get("test", "binary-raw", "image/png", status=500)  # not base64
    api.get("test", "text", "text/plain", status=500)
    api.binary_media_stage()
    api.get("test2", "binary-encoded", "image/png", step="encoded-payload-text-accept-binary")
    api.get("test2", "binary-raw", "image/png", status=500)
    api.get("test2", "text", "image/png", status=500)
    for key, name in (("binary-encoded", "encoded"), ("binary-raw", "raw"), ("text", "text")):
        api.get("test2", key, "image/png", "image/png", step=f"{name}-payload-binary-accept-binary")
    api.get("test2", "binary-encoded", "text/plain", step="encoded-payload-text-accept-text")
    api.get("test2", "binary-raw", "text/plain", status=500)
    api.get("test2", "text", "text/plain", status=500)
    for key, name in (("binary-encoded", "encoded"), ("binary-raw", "raw"), ("text", "text")):
        api.get("test2", key, "text/plain", "image/png", step=f"{name}-payload-binary-accept-text")


def test_binary_support_response_convert_to_binary_with_request_template(gw):
    scenario = "test_apigw_s3_binary_support_response_convert_to_binary_with_request_template"
    api = S3Api(gw, scenario, deploy=False)
    template = {"application/json": '{"data": "$input.body"}'}
    api.ag.put_integration_response(restApiId=api.api_id, resourceId=api.resource, httpMethod="ANY",
                                    statusCode="200", contentHandling="CONVERT_TO_TEXT", responseTemplates=template,
                                    responseParameters={
                                        "method.response.header.ETag": "integration.response.header.ETag"})
    api.match("get-integration-response", api.ag.get_integration_response(
        restApiId=api.api_id, resourceId=api.resource, httpMethod="ANY", statusCode="200"))
    api.ag.create_deployment(restApiId=api.api_id, stageName="test")
    api.s3.put_object(Bucket=BUCKET, Key="binary-encoded", Body=ENCODED)
    api.get("test", "binary-encoded", "image/png", step="encoded-text-payload-binary-accept")
    api.ag.update_integration_response(restApiId=api.api_id, resourceId=api.resource, httpMethod="ANY",
                                       statusCode="200", patchOperations=[
                                           {"op": "replace", "path": "/contentHandling", "value": "CONVERT_TO_BINARY"}])
    api.match("get-integration-response-update", api.ag.get_integration_response(
        restApiId=api.api_id, resourceId=api.resource, httpMethod="ANY", statusCode="200"))
