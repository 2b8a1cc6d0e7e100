"""Regular expressions an API's configuration holds, run on text a caller sends: a model's
``pattern``, a TOKEN authorizer's ``identityValidationExpression``, an integration response's
``selectionPattern``. Python's ``re`` backtracks for minutes on ``^(a+)+$`` against a run of ``a``
and a ``!`` (holding the interpreter: a server stops answering everyone). Each runs bounded in time
(``gwmock.runtime.patterns``) and answers AWS's answer for a failed match; a body nested too deeply
to validate is refused, never waved through."""

from __future__ import annotations

import json
import time

import pytest
import requests

from gwmock.runtime import patterns
from gwmock.runtime.vtl import Scope, TemplateError, render

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
EVIL = "^(a+)+$"
ATTACK = "a" * 40 + "!"
NESTED = "^(a|a)*$"  # backtracks in `regex` too, so only its time limit stops it
NESTED_ATTACK = "a" * 40 + "b"


def _validated_api(apigateway, schema):
    api = apigateway.create_rest_api(name="validated")
    root = api["rootResourceId"]
    apigateway.create_model(restApiId=api["id"], name="M", contentType="application/json", schema=json.dumps(schema))
    validator = apigateway.create_request_validator(restApiId=api["id"], name="body", validateRequestBody=True)
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="POST", authorizationType="NONE",
                          requestValidatorId=validator["id"], requestModels={"application/json": "M"})
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="POST", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode="200",
                                        responseTemplates={"application/json": '{"passed": true}'})
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"


def _post(url, body):
    started = time.monotonic()
    answer = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert time.monotonic() - started < 5
    return answer


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"x": {"type": "string", "pattern": EVIL}}},
    {"type": "object", "properties": {"x": {"type": "string", "pattern": NESTED}}},
    {"type": "object", "patternProperties": {NESTED: {"type": "string"}}},
    {"type": "object", "patternProperties": {NESTED: {}}, "additionalProperties": False},
], ids=["pattern", "pattern-backtracking-in-regex-too", "patternProperties", "additionalProperties"])
def test_hostile_model_patterns_refuse_the_body_in_bounded_time(apigateway, gwmock, schema):
    url = _validated_api(apigateway, schema)
    for attack in (ATTACK, NESTED_ATTACK):
        body = json.dumps({"x": attack, attack: 1})
        answer = _post(url, body)
        assert (answer.status_code, answer.json()) == (400, {"message": "Invalid request body"})
    fine = _post(url, json.dumps({"x": "aaa", "aaa": "b"}))
    assert fine.json() == {"passed": True} or "additionalProperties" in schema


def test_pattern_keywords_keep_jsonschemas_answers(apigateway, gwmock):
    url = _validated_api(apigateway, {"type": "object", "properties": {"x": {"type": "string", "pattern": "^[a-z]+$"}},
                                      "patternProperties": {"^n_": {"type": "number"}}, "additionalProperties": False})
    assert _post(url, json.dumps({"x": "abc", "n_1": 2})).json() == {"passed": True}
    for body in ({"x": "ABC"}, {"n_1": "two"}, {"other": 1}):
        assert _post(url, json.dumps(body)).status_code == 400
    log = "\n".join(gwmock.requests[-1].log)
    assert "'other' does not match any of the regexes: '^n_'" in log


@pytest.mark.parametrize("depth", [150, 600, 2_000, 100_000])
def test_deeply_nested_bodies_are_refused_never_waved_through(apigateway, gwmock, depth):
    recursive = {"type": "object", "required": ["x"], "properties": {"x": {"type": "string"}},
                 "additionalProperties": {"$ref": "#/definitions/n"},
                 "definitions": {"n": {"type": ["array", "object"], "items": {"$ref": "#/definitions/n"},
                                       "additionalProperties": {"$ref": "#/definitions/n"}}}}
    url = _validated_api(apigateway, recursive)
    assert _post(url, '{"x": "a", "y": [[[]]]}').json() == {"passed": True}
    answer = _post(url, '{"x": "a", "y": ' + "[" * depth + "]" * depth + "}")
    assert (answer.status_code, answer.json()) == (400, {"message": "Invalid request body"})


def _token_api(apigateway, gwmock, **authorizer):
    gwmock.add_lambda(FN + "auth", lambda event, context: {"principalId": "u", "policyDocument": {
        "Version": "2012-10-17", "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow",
                                                 "Resource": event["methodArn"]}]}})
    api = apigateway.create_rest_api(name="guarded")
    auth = apigateway.create_authorizer(restApiId=api["id"], name="t", type="TOKEN",
                                        authorizerUri=URI.format(FN + "auth"),
                                        identitySource="method.request.header.Authorization", **authorizer)
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="CUSTOM",
                          authorizerId=auth["id"])
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"], auth["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"


def test_a_hostile_identity_validation_expression_refuses_in_bounded_time(apigateway, gwmock):
    api_id, auth_id, url = _token_api(apigateway, gwmock, identityValidationExpression=NESTED)
    for token in (ATTACK, NESTED_ATTACK):
        started = time.monotonic()
        answer = requests.get(url, headers={"Authorization": token}, timeout=30)
        assert time.monotonic() - started < 5
        assert (answer.status_code, answer.json()) == (401, {"message": "Unauthorized"})
    assert requests.get(url, headers={"Authorization": "aaaa"}, timeout=30).status_code == 200
    tested = apigateway.test_invoke_authorizer(restApiId=api_id, authorizerId=auth_id,
                                               headers={"Authorization": NESTED_ATTACK})
    assert tested["clientStatus"] == 401


def test_a_hostile_selection_pattern_selects_nothing_in_bounded_time(apigateway, gwmock):
    gwmock.add_lambda(FN + "fails", lambda event, context: (_ for _ in ()).throw(ValueError(NESTED_ATTACK)))
    api = apigateway.create_rest_api(name="selected")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="AWS",
                               integrationHttpMethod="POST", uri=URI.format(FN + "fails"))
    for status, pattern in (("200", None), ("500", NESTED)):
        apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode=status)
        apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET",
                                            statusCode=status, **({"selectionPattern": pattern} if pattern else {}))
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    started = time.monotonic()
    answer = requests.get(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/", timeout=30)
    assert time.monotonic() - started < 5
    assert answer.status_code == 200  # the default response: the pattern ran out of time, so it matched nothing


def test_the_shared_matcher_reports_time_and_bad_patterns():
    with pytest.raises(patterns.PatternTimeout):
        patterns.fullmatch(NESTED, NESTED_ATTACK * 3)
    with pytest.raises(patterns.BadPattern):
        patterns.search("(unclosed", "x")
    with pytest.raises(patterns.BadPattern):
        patterns.search("a" * (patterns.MAX_PATTERN + 1), "a")
    assert patterns.fullmatch("a.b", "a\nb", dotall=True) and not patterns.fullmatch("a.b", "a\nb")
    assert patterns.search("b+", "abbc") and not patterns.search("^b", "abbc")


@pytest.mark.parametrize("pattern", ["((a{1000}){1000}){1000}", "((a{1,2}){1000}){1000}", "(.{1000}){1000}",
                                     "a{1000000}", "((a|b){1000}){1000}"])
def test_exact_counts_that_nest_into_millions_are_bad_patterns_at_once(pattern):
    """``regex.compile`` writes exact counts out (the first ran 9 s into a MemoryError; the others took
    0.4-3.7 s each): past ``MAX_EXPANSION`` atoms such a pattern never matches, as one that does not compile."""
    started = time.monotonic()
    with pytest.raises(patterns.BadPattern, match="counted repetitions"):
        patterns.search(pattern, "a")
    assert time.monotonic() - started < 0.5


@pytest.mark.parametrize(("pattern", "text"), [("^a{20000}$", "a" * 20000), ("^.{1,1000000}$", "x" * 10),
                                               ("^[a-z]{1,65535}$", "abc"), ("^(?:[]{]{3}){2}$", "]{]{]{"),
                                               (r"^\{1000}$", "{1000}")])
def test_counts_regex_compiles_quickly_still_match(pattern, text):
    assert patterns.search(pattern, text)


@pytest.mark.parametrize("call", ['$s.matches("^(a|a)*$")', '$s.replaceAll("^(a|a)*$", "x")',
                                  '$s.replaceFirst("^(a|a)*$", "x")', '$s.split("^(a|a)*$")'])
def test_template_string_methods_share_the_time_limit(call):
    # a mapping template's Java regex methods run through the same bounded matcher (not `re`)
    started = time.monotonic()
    with pytest.raises(TemplateError, match="regular expression took too long"):
        render(f'#set($s = "{NESTED_ATTACK * 3}"){call}', Scope(body="", params={}))
    assert time.monotonic() - started < 2


def test_template_patterns_are_refused_as_configured_ones_are():
    too_long = "a" * (patterns.MAX_PATTERN + 1)
    with pytest.raises(TemplateError, match="invalid regular expression: regular expression too long"):
        render(f'#set($s = "a")$s.matches("{too_long}")', Scope(body="", params={}))
    with pytest.raises(TemplateError, match="invalid regular expression"):
        render('#set($s = "a")$s.matches("(unclosed")', Scope(body="", params={}))
