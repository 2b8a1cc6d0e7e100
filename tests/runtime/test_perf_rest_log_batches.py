"""The REST execution log's opening and closing lines are written in one batch each: the lines,
their order and their time stamps read as when each was written on its own."""

from __future__ import annotations

import re
from types import SimpleNamespace

import boto3
import requests

from gwmock.runtime.rest.invoke import _Log

REGION = "eu-west-1"
STAMP = r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : "


def _call() -> SimpleNamespace:
    return SimpleNamespace(request_id="rid", http_method="GET", path="/p/7", path_params={"id": "7"},
                           query={"q": ["1", "2"]}, headers={"Accept": ["*/*"]}, body="b")


OPENING = ["Starting execution for request: rid", "HTTP Method: GET, Resource Path: /p/7",
           "Method request path: {id=7}", "Method request query string: {q=1,2}",
           "Method request headers: {Accept=*/*}", "Method request body before transformations: b"]
CLOSING = ["Method response body after transformations: [Binary Data, 3 bytes]",
           "Method response headers: {X-A=1}", "Successfully completed execution", "Method completed with status: 201"]


def _check(lines: list[str], texts: list[str]) -> None:
    assert len(lines) == len(texts)
    for line, text in zip(lines, texts):
        assert re.fullmatch(STAMP + re.escape(text), line), line


def test_opening_and_closing_lines_in_order():
    log = _Log(_call())
    log.succeeded(201, b"abc", {"X-A": "1"})
    lines = log.read()
    assert lines[0] == "Execution log for request rid" and lines[-1] == ""
    _check(lines[1:-1], OPENING + CLOSING)


def test_closing_lines_after_the_log_was_read_are_appended_formatted():
    log = _Log(_call())
    first = log.read()
    log.succeeded(201, b"abc", {"X-A": "1"})
    assert log.read() is first
    _check(first[1:-1], OPENING + CLOSING)
    assert first[-1] == ""


def test_the_logged_response_headers_do_not_follow_later_changes():
    headers = {"X-A": "1"}
    log = _Log(_call())
    log.succeeded(201, "text", headers)
    headers["X-A"] = "changed"
    assert re.fullmatch(STAMP + re.escape("Method response headers: {X-A=1}"), log.read()[-4])


def test_a_mock_request_log_reads_in_aws_order(gwmock):
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="log")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"ok": true}'})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    answer = requests.get(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/?a=b")
    assert answer.status_code == 200
    log = gwmock.requests[-1].log
    rid = log[0].rsplit(" ", 1)[1]
    texts = [line.split(" : ", 1)[1] for line in log[1:-1]]
    assert texts[:2] == [f"Starting execution for request: {rid}", "HTTP Method: GET, Resource Path: /"]
    assert texts[2:4] == ["Method request path: {}", "Method request query string: {a=b}"]
    assert texts[4].startswith("Method request headers: {")
    assert texts[5] == "Method request body before transformations: "
    assert texts[-3:] == ["Method response headers: {Content-Type=application/json}",
                          "Successfully completed execution", "Method completed with status: 200"]
    assert log[-1] == ""
