"""aws-recorded test_apigateway_s3: S3 path integrations (``ANY`` and fixed-verb mappings).

S3 answers through API Gateway are passed on as S3 wrote them: a missing key is S3's XML
error with a 200 (the default integration response has no selection pattern). The XML is
compared as the recording holds it (parsed into ``{"Error": {...}}``); ``HostId`` and
``RequestId`` are S3's (moto's) values, so they match any value, as their placeholders do.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import assert_matches, recorded

from gwmock import mock_apigateway
from gwmock.dispatch import DEFAULT_ACCOUNT

moto = pytest.importorskip("moto")

REGION = "us-east-1"
BUCKET = "gwmock-paths"
ROLE = f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/apigw-s3"


@pytest.fixture
def gw():
    with moto.mock_aws(), mock_apigateway() as handle:
        boto3.client("s3", region_name=REGION).create_bucket(Bucket=BUCKET)
        yield handle


def _xml(text):
    root = ElementTree.fromstring(text)
    return {root.tag: {child.tag: child.text for child in root}}


def _error_like(actual, expected):
    """S3's own error fields are S3's: only their presence is API Gateway's business."""
    got = dict(actual["Error"])
    for optional in ("HostId", "RequestId"):
        if optional in expected["Error"]:
            got.setdefault(optional, "<s3's>")
    assert_matches({"Error": got}, expected)


def test_s3_any(gw):
    scenario = "test_apigateway_s3_any"
    ag = boto3.client("apigateway", region_name=REGION)
    api = ag.create_rest_api(name="s3-any")
    resource = ag.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{object_path+}")["id"]
    ag.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE",
                  requestParameters={"method.request.path.object_path": True,
                                     "method.request.header.Content-Type": False})
    ag.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="ANY", statusCode="200")
    ag.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", integrationHttpMethod="ANY",
                       type="AWS", uri=f"arn:aws:apigateway:{REGION}:s3:path/{BUCKET}/{{object_path}}",
                       credentials=ROLE,
                       requestParameters={
                           "integration.request.path.object_path": "method.request.path.object_path",
                           "integration.request.header.Content-Type": "method.request.header.Content-Type"})
    ag.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="ANY", statusCode="200")
    ag.create_deployment(restApiId=api["id"], stageName="test")
    url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test/test.json"

    empty = gw.invoke("GET", url)
    assert empty.status == 200
    _error_like(_xml(empty.body), recorded("s3", scenario, "get-object-empty"))
    for n in (1, 2):
        assert gw.invoke("PUT", url, {"Content-Type": "application/json"}, f'{{"put_id": {n}}}').status == 200
        got = gw.invoke("GET", url)
        assert (got.status, got.json()) == (200, recorded("s3", scenario, f"get-object-{n}"))
    assert gw.invoke("DELETE", url).status == 200
    deleted = gw.invoke("GET", url)
    assert deleted.status == 200
    _error_like(_xml(deleted.body), recorded("s3", scenario, "get-object-deleted"))
    with pytest.raises(ClientError) as caught:
        boto3.client("s3", region_name=REGION).get_object(Bucket=BUCKET, Key="test.json")
    expected = recorded("s3", scenario, "get-object-s3")
    assert caught.value.response["Error"]["Code"] == expected["Error"]["Code"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == expected["ResponseMetadata"]["HTTPStatusCode"]


def test_s3_method_mapping(gw):
    scenario = "test_apigateway_s3_method_mapping"
    ag = boto3.client("apigateway", region_name=REGION)
    api = ag.create_rest_api(name="s3-mapping")
    uri = f"arn:aws:apigateway:{REGION}:s3:path/{BUCKET}/test.json"
    for part, verb, extra in (
            ("get", "GET", {}),
            ("put", "PUT", {"requestParameters": {"integration.request.header.Content-Type": "'application/json'"},
                            "requestTemplates": {"application/json": '{"message": "great success!"}'}}),
            ("delete", "DELETE", {})):
        resource = ag.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=part)["id"]
        ag.put_method(restApiId=api["id"], resourceId=resource, httpMethod="GET", authorizationType="NONE")
        ag.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="GET", statusCode="200")
        ag.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="GET", integrationHttpMethod=verb,
                           type="AWS", uri=uri, credentials=ROLE, **extra)
        ag.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="GET", statusCode="200")
    ag.create_deployment(restApiId=api["id"], stageName="test")
    base = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/test"

    assert gw.invoke("GET", f"{base}/put").status == 200
    got = gw.invoke("GET", f"{base}/get")
    assert (got.status, got.json()) == (200, recorded("s3", scenario, "get-object"))
    assert gw.invoke("GET", f"{base}/delete").status == 200
    deleted = gw.invoke("GET", f"{base}/get")
    assert deleted.status == 200
    _error_like(_xml(deleted.body), recorded("s3", scenario, "get-deleted-object"))
