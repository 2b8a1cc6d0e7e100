"""The execution log of a Lambda integration names API Gateway's request to Lambda and Lambda's
answer, as AWS writes them (aws-recorded: test_apigateway_basic test_apigw_test_invoke_method_api:
Endpoint request URI and headers, Sending request to, Received response, Endpoint response
headers), for proxy and non-proxy integrations, and the answer's trace id is the one logged."""

from __future__ import annotations

import re

import boto3

REGION = "eu-west-1"
ARN = f"arn:aws:lambda:{REGION}:123456789012:function:fn"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{ARN}/invocations"
LAMBDA_URL = f"https://lambda.{REGION}.amazonaws.com/2015-03-31/functions/{ARN}/invocations"
STAMP = re.compile(r"^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : ")


def _api(kind: str) -> tuple[str, str]:
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="log")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="POST", type=kind,
                           integrationHttpMethod="POST", uri=URI)
    if kind == "AWS":
        client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode="200")
        client.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode="200")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"


def _endpoint_lines(log: list[str]) -> list[str]:
    lines = [STAMP.sub("", line) for line in log]
    first = next(i for i, line in enumerate(lines) if line.startswith("Endpoint request URI"))
    return lines[first:first + 7]


def test_a_proxy_integration_logs_the_request_to_lambda_and_its_answer(gwmock):
    gwmock.add_lambda(ARN, lambda event, context: {"statusCode": 200, "body": "hi"})
    api_id, url = _api("AWS_PROXY")

    answer = gwmock.invoke("POST", url, body="{}")

    uri, headers, body, sending, received, answer_headers, answer_body = _endpoint_lines(answer.log)
    assert uri == f"Endpoint request URI: {LAMBDA_URL}"
    assert headers.startswith(f"Endpoint request headers: {{x-amzn-lambda-integration-tag={answer.log[0].split()[-1]}, "
                              "Authorization=***")
    assert f"x-amzn-apigateway-api-id={api_id}, Accept=application/json, User-Agent=AmazonAPIGateway_{api_id}, " \
           "X-Amz-Security-Token=" in headers and headers.endswith(" [TRUNCATED]")
    assert body.startswith('Endpoint request body after transformations: {"resource": "/"')
    assert sending == f"Sending request to {LAMBDA_URL}"
    assert re.fullmatch(r"Received response\. Status: 200, Integration latency: \d+ ms", received)
    answered = '{"statusCode": 200, "body": "hi"}'
    assert re.fullmatch(
        r"Endpoint response headers: \{Date=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT, "
        rf"Content-Type=application/json, Content-Length={len(answered)}, Connection=keep-alive, "
        r"x-amzn-RequestId=[0-9a-f-]{36}, x-amzn-Remapped-Content-Length=0, X-Amz-Executed-Version=\$LATEST, "
        rf"X-Amzn-Trace-Id={re.escape(answer.headers['X-Amzn-Trace-Id'])}\}}", answer_headers)
    assert answer_body == f"Endpoint response body before transformations: {answered}"


def test_a_function_error_is_marked_in_lambda_s_answer_headers(gwmock):
    def boom(event, context):
        raise ValueError("no")

    gwmock.add_lambda(ARN, boom)
    _, url = _api("AWS")

    answer = gwmock.invoke("POST", url, body="{}")

    answer_headers = _endpoint_lines(answer.log)[5]
    assert "x-amzn-Remapped-Content-Length=0, X-Amz-Function-Error=Unhandled, X-Amz-Executed-Version" in answer_headers
    assert any(line.startswith("Lambda function error: Traceback") for line in map(STAMP.sub, [""] * 99, answer.log))


def test_a_mapped_answer_starts_with_the_trace_header_and_a_proxy_answer_ends_with_it(gwmock):
    gwmock.add_lambda(ARN, lambda event, context: {"statusCode": 200, "headers": {"A": "1"}, "body": "{}"})
    _, mapped = _api("AWS")
    _, proxied = _api("AWS_PROXY")

    mapped_answer = gwmock.invoke("POST", mapped, body="{}")
    proxied_answer = gwmock.invoke("POST", proxied, body="{}")

    trace = mapped_answer.headers["X-Amzn-Trace-Id"]
    assert STAMP.sub("", mapped_answer.log[-4]) == (
        f"Method response headers: {{X-Amzn-Trace-Id={trace}, Content-Type=application/json}}")
    assert list(proxied_answer.headers)[:3] == ["A", "Content-Type", "X-Amzn-Trace-Id"]


def test_test_invoke_method_answers_carry_a_trace_id_made_for_them(gwmock):
    gwmock.add_lambda(ARN, lambda event, context: {"ok": True})
    api_id, _ = _api("AWS")
    apigateway = boto3.client("apigateway", region_name=REGION)
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]

    tested = apigateway.test_invoke_method(restApiId=api_id, resourceId=root, httpMethod="POST", body="{}")

    trace = tested["headers"]["X-Amzn-Trace-Id"]
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", trace)
    assert f"X-Amzn-Trace-Id={trace}}}" in tested["log"]  # Lambda's answer headers name the same one
    assert "Method request headers: {}" in tested["log"]  # not a request header of the test call
