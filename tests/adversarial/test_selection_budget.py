"""Integration responses are selected by regular expressions from the API's configuration, run on text
the caller can shape (a Lambda function's ``errorMessage``). Each match is limited to 0.1 s; a decision
over many patterns shares one budget (``runtime.patterns.Budget``), so sixty catastrophic patterns cost
one request 0.3 s, not 6 s of a worker thread."""

from __future__ import annotations

import time

import pytest
import requests

from gwmock.runtime import patterns

REGION = "us-east-1"


def boom(event, context):
    raise ValueError("a" * 40 + "!")


def test_many_catastrophic_selection_patterns_of_a_rest_method_share_one_budget(apigateway, gwmock):
    gwmock.add_lambda("boom", boom)
    api = apigateway.create_rest_api(name="budget")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    apigateway.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(
        restApiId=api, resourceId=root, httpMethod="GET", type="AWS", integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
            f"arn:aws:lambda:{REGION}:123456789012:function:boom/invocations")
    for i in range(60):
        status = str(400 + i)
        apigateway.put_method_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode=status)
        apigateway.put_integration_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode=status,
                                            selectionPattern=f"^(a|a)*$|x{i}")
    apigateway.put_method_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.create_deployment(restApiId=api, stageName="dev")
    for _ in range(2):
        started = time.perf_counter()
        answer = requests.get(f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/", timeout=30)
        assert time.perf_counter() - started < 1.5
        assert answer.status_code == 200  # no pattern selected in time: the default response


def test_a_spent_budget_times_out_at_once():
    budget = patterns.Budget(0.05)
    with pytest.raises(patterns.PatternTimeout):
        patterns.fullmatch("^(a|a)*$", "a" * 40 + "!", budget=budget)
    started = time.perf_counter()
    with pytest.raises(patterns.PatternTimeout):
        patterns.fullmatch("^(a|aa)*$", "a" * 40 + "!", budget=budget)
    assert time.perf_counter() - started < 0.01
    assert patterns.fullmatch("a+", "aaa", budget=patterns.Budget())  # a fresh one matches as before
