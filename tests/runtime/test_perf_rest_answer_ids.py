"""The REST answer's made-up ids come from one random draw per answer: each keeps its shape,
the CloudFront lines keep their order, and no two answers (or ids of one answer) share bits."""

from __future__ import annotations

import re

import boto3
import requests

REGION = "eu-west-1"


def _mock_api(endpoint: str) -> str:
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="ids", endpointConfiguration={"types": [endpoint]})
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"ok": true}'})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev"


def test_edge_answer_ids_keep_their_shapes_order_and_differ(gwmock):
    url = _mock_api("EDGE")
    first, second = requests.get(url), requests.get(url)
    for answer in (first, second):
        assert answer.status_code == 200
        names = list(answer.headers)
        assert names[names.index("X-Cache"):names.index("X-Cache") + 4] == [
            "X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id"]
        assert answer.headers["X-Cache"] == "Miss from cloudfront"
        assert answer.headers["X-Amz-Cf-Pop"] == "IAD89-C1"
        assert re.fullmatch(r"1\.1 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)", answer.headers["Via"])
        assert re.fullmatch(r"[A-Za-z0-9_-]{56}", answer.headers["X-Amz-Cf-Id"])
        assert re.fullmatch(r"[A-Za-z0-9+/]{15}=", answer.headers["x-amz-apigw-id"])
    for name in ("Via", "X-Amz-Cf-Id", "x-amz-apigw-id"):
        assert first.headers[name] != second.headers[name]


def test_regional_answers_carry_no_cloudfront_lines(gwmock):
    answer = requests.get(_mock_api("REGIONAL"))
    assert answer.status_code == 200
    assert re.fullmatch(r"[A-Za-z0-9+/]{15}=", answer.headers["x-amz-apigw-id"])
    for name in ("X-Cache", "Via", "X-Amz-Cf-Pop", "X-Amz-Cf-Id"):
        assert name not in answer.headers
