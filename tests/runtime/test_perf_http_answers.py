"""What the shortcuts in converting a 2.0 Lambda answer must not change: header values that are
plain text skip ``_scalar`` and bodies that are plain text skip ``_body``, header lines are
written straight to urllib3's table, and the gateway's own headers are written the same way."""

from __future__ import annotations

import enum
import json

import pytest

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "eu-west-1"
ARN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:answer"


@pytest.fixture
def v2(gwmock):
    import boto3

    return boto3.client("apigatewayv2", region_name=REGION)


@pytest.fixture
def call(gwmock, v2):
    """Deploy ``POST /pets`` (payload 2.0) answered by ``answer``; returns ``call(answer)``."""
    api_id = v2.create_api(Name="answers", ProtocolType="HTTP")["ApiId"]
    integration = v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=ARN,
                                        PayloadFormatVersion="2.0")["IntegrationId"]
    v2.create_route(ApiId=api_id, RouteKey="POST /pets", Target=f"integrations/{integration}")
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    url = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/pets"

    def run(answer):
        gwmock.add_lambda("answer", lambda event, context: answer)
        return gwmock.invoke("POST", url, body="{}")

    return run


class _Status(enum.IntEnum):
    CREATED = 201


def _lines(response):
    return [(name, value) for name, value in response.headers.items()
            if name not in ("date", "apigw-requestid")]


def test_header_values_of_every_scalar_type_read_as_before(call):
    answer = call({"statusCode": 200, "headers": {"X-Int": 7, "X-True": True, "X-False": False, "X-None": None,
                                                 "X-Float": 1.5, "X-Text": "t"}, "body": "b"})
    assert _lines(answer) == [("x-int", "7"), ("x-true", "true"), ("x-false", "false"), ("x-none", ""),
                              ("x-float", "1.5"), ("x-text", "t"), ("content-type", "text/plain; charset=utf-8"),
                              ("content-length", "1"), ("connection", "keep-alive")]


def test_names_differing_in_case_keep_the_first_place_and_the_last_value(call):
    answer = call({"statusCode": 200, "headers": {"X-A": "1", "Content-Type": "text/html", "x-a": "2"}})
    assert _lines(answer)[:2] == [("x-a", "2"), ("content-type", "text/html")]


@pytest.mark.parametrize("value", ["a\r\nx-evil: 1", "a\nb", "a\x00b"])
def test_a_text_value_with_a_line_break_is_still_a_500(call, value):
    answer = call({"statusCode": 200, "headers": {"X-A": value}})
    assert (answer.status, answer.json()) == (500, {"message": "Internal Server Error"})
    assert "x-a" not in answer.headers


@pytest.mark.parametrize("headers", [{"X-A": ["1"]}, {"X-A": {"b": 1}}, {"bad name": "1"}, ["X-A"]])
def test_malformed_headers_are_still_a_500(call, headers):
    assert call({"statusCode": 200, "headers": headers}).status == 500


def test_a_function_may_set_the_request_id_and_the_gateway_keeps_it(call):
    answer = call({"statusCode": 200, "headers": {"Apigw-Requestid": "mine", "Connection": "close",
                                                 "Content-Length": "99"}, "body": "abc"})
    assert answer.headers["apigw-requestid"] == "mine"
    assert (answer.headers["connection"], answer.headers["content-length"]) == ("keep-alive", "3")
    assert answer.headers.getlist("apigw-requestid") == ["mine"]


@pytest.mark.parametrize(("status", "code"), [(_Status.CREATED, 201), (200, 200), (599, 599)])
def test_statuses_that_pass(call, status, code):
    assert call({"statusCode": status}).status == code


@pytest.mark.parametrize("status", [True, 99, 600, "200", 200.0, None])
def test_statuses_that_do_not_pass(call, status):
    assert call({"statusCode": status}).status == 500


@pytest.mark.parametrize(("answer", "body"), [
    ({"statusCode": 200, "body": "aGk=", "isBase64Encoded": True}, b"hi"),
    ({"statusCode": 200, "body": "aGk=", "isBase64Encoded": "true"}, b"aGk="),
    ({"statusCode": 200, "body": "aGk=", "isBase64Encoded": 1}, b"aGk="),
    ({"statusCode": 200, "body": "\u00e9"}, "\u00e9".encode()),
    ({"statusCode": 200, "body": None}, b""),
    ({"statusCode": 200}, b""),
])
def test_bodies(call, answer, body):
    assert call(answer).body == body


@pytest.mark.parametrize("answer", [{"statusCode": 200, "body": 5}, {"statusCode": 200, "body": b"x"},
                                    {"statusCode": 200, "body": "!!", "isBase64Encoded": True}])
def test_bodies_that_do_not_pass(call, answer):
    assert call(answer).status == 500


@pytest.mark.parametrize(("cookies", "lines"), [
    (["a=1", "b=2"], ["a=1", "b=2"]), ([], []), (None, []), ("", []), ({}, []), ([7, True], ["7", "true"]),
])
def test_cookies(call, cookies, lines):
    answer = call({"statusCode": 200, "cookies": cookies})
    assert answer.headers.getlist("set-cookie") == lines


@pytest.mark.parametrize("cookies", ["a=1", {"a": 1}, ["a\nb"]])
def test_cookies_that_do_not_pass(call, cookies):
    assert call({"statusCode": 200, "cookies": cookies}).status == 500


def test_a_body_only_answer_is_unchanged(call):
    answer = call({"ok": True})
    assert (answer.status, answer.body, answer.headers["content-type"]) == (200, b'{"ok": true}', "application/json")
    assert json.loads(call("text").body) == "text"


def test_a_function_registered_under_its_arn_or_its_name_answers(gwmock, call):
    gwmock.add_lambda(ARN, lambda event, context: {"statusCode": 202})
    answer = call({"statusCode": 201})  # registered by name now, and the ARN entry wins
    assert answer.status == 202
