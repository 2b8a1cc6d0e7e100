"""JSONPath in ``$input.path``/``$input.json`` as API Gateway runs it (Jayway JsonPath): slices,
negative indexes, recursive descent, unions and filters; and the bounds hostile paths and bodies
meet (the style of tests/adversarial/test_vtl_attacks.py)."""

from __future__ import annotations

import json
import time

import pytest
import requests

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.vtl import Limits, Scope, TemplateError, json_path, render

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
SAFETY_NET = 10.0
DOCUMENT = {"name": "shop", "limit": 2, "items": [1, 2, 3, 4], "empty": [],
            "arr": [{"k": 1, "n": "a"}, {"k": 2, "n": "b"}, {"k": "1"}, {"k": None, "n": "d"}],
            "o": {"a": 1, "b": {"k": 5}}}


@pytest.fixture
def mapped(apigateway, gwmock):
    """POST / on a Lambda (AWS) integration whose request template is given; the function answers
    the event it got, so the response is what the template made."""
    gwmock.add_lambda(FN + "echo", lambda event, context: event)

    def call(template, body=DOCUMENT):
        api = apigateway.create_rest_api(name="jsonpath")
        api_id, root = api["id"], api["rootResourceId"]
        apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
        apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="AWS",
                                   integrationHttpMethod="POST", uri=URI.format(FN + "echo"),
                                   requestTemplates={"application/json": template})
        apigateway.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
        apigateway.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
        apigateway.create_deployment(restApiId=api_id, stageName="dev")
        url = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/"
        return requests.post(url, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=5)

    return call


@pytest.mark.parametrize(("path", "expected"), [
    ("$.items[0:2]", [1, 2]),
    ("$.items[-1:]", [4]),
    ("$.items[:-1]", [1, 2, 3]),
    ("$.items[2:99]", [3, 4]),
    ("$.items[-2:-1]", [3]),          # Jayway: [from:to] reads each index as written, -2 from the end
    ("$.items[1:-1]", []),            # ... so a negative end after a positive start reads nothing
    ("$.items[-1]", 4),
    ("$.items[0,2,-1]", [1, 3, 4]),
    ("$.arr[1,0].n", ["b", "a"]),
    ("$['name','limit','zz']", {"name": "shop", "limit": 2}),  # a last union of names: one map
    ("$['o','name'].b", [{"k": 5}]),  # elsewhere: each name in turn
    ("$..k", [1, 2, "1", None, 5]),
    ("$..b.k", [5]),
    ("$.o..*", [1, {"k": 5}, 5]),     # a value before its members
    ("$..[0]", [1, {"k": 1, "n": "a"}]),
    ("$.arr[?(@.k == 1)].n", ["a"]),  # {"k": "1"} has no n
    ("$.arr[?(@.k == 1)]", [{"k": 1, "n": "a"}, {"k": "1"}]),  # guess: a number equals its text
    ("$.arr[?(@.k > 1 && @.n)].n", ["b"]),
    ("$.arr[?(@.n == 'd' || @.k == 2)].n", ["b", "d"]),
    ("$.arr[?(!@.n)]", [{"k": "1"}]),
    ("$.arr[?(@.k == null)].n", ["d"]),
    ("$.arr[?(@.k != 1)].n", ["b", "d"]),  # a missing member is unequal to everything
    ("$.arr[?(@.k <= $.limit)].n", ["a", "b"]),
    ("$.arr[?((@.k < 2) && (@.n >= 'a'))].n", ["a"]),
    ("$.items[?(@ > 2)]", [3, 4]),
    ("$..[?(@.k)].k", [1, 2, "1", None, 5]),
    ("$.o[?(@.a == 1)].b", [{"k": 5}]),  # a filter on a map keeps the map
    ("$.empty[*]", []),               # an indefinite path that finds nothing: an empty list
    ("$[*].missing", []),
    ("$.name", "shop"),
])
def test_input_json_reads_jayway_paths(mapped, path, expected):
    response = mapped('{"v": $input.json(' + _literal(path) + ')}')
    assert (response.status_code, response.json()) == (200, {"v": expected})


def _literal(path):
    """``path`` as a VTL string literal (double quotes when it holds a single quote)."""
    return f'"{path}"' if "'" in path else f"'{path}'"


def test_a_path_that_finds_nothing_prints_nothing(mapped):
    # a name missing on the definite part of an indefinite path is nothing (Jayway's PathNotFound)
    response = mapped("{\"v\": \"$input.json('$.missing[*]')\", \"w\": \"$input.path('$.items[-9]')\"}")
    assert (response.status_code, response.json()) == (200, {"v": "", "w": ""})


def test_input_path_results_are_template_values(mapped):
    template = ("#set($s = $input.path('$.items[1:3]'))#set($f = $input.path(\"$.arr[?(@.k == 2)]\"))"
                '{"size": $s.size(), "printed": "$s", "first": $s[0], "n": "$f[0].n"}')
    response = mapped(template)
    assert (response.status_code, response.json()) == (200, {"size": 2, "printed": "[2,3]", "first": 2, "n": "b"})


@pytest.mark.parametrize("path", [
    "$[?(@.a =~ /x/)]", "$[?(@.a in [1])]", "$[?(__import__('os'))]", "$.a[1:2:3]", "$.a[:]", "$.a[99999999999]",
    "$[?(@.a == 1)", "$.a[?()]", "$['a',]", "$..", "$[?(" + "(" * 60 + "@.a" + ")" * 60 + ")]",
    "$[?(" + "!" * 5000 + "@.a)]",
])
def test_what_is_not_supported_stays_an_invalid_path(path):
    out = _run(f"$input.path({_literal(path)})")
    assert isinstance(out, TemplateError)
    assert str(out) == f"Invalid JSONPath: {path}"


def test_an_invalid_path_is_internal_server_error(mapped, gwmock):
    response = mapped("{\"v\": $input.json('$[?(@.a =~ /x/)]')}")
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})


# --- bounds ----------------------------------------------------------------------------------

def _scope(body):
    return Scope(body=body, params={"path": {}, "querystring": {}, "header": {}})


def _run(template, body='{"a": [1]}', limits=None):
    started = time.monotonic()
    try:
        out = render(template, _scope(body), *(limits,) if limits else ())
    except TemplateError as error:
        out = error
    assert time.monotonic() - started < SAFETY_NET
    return out


_WIDE = json.dumps({"a": [{"b": [{"c": i, "d": "x" * 10} for i in range(20)]} for i in range(500)]})


@pytest.mark.parametrize("call", [
    "$input.json('$..c')", "$input.json('$..zz')", "$input.path('$..*')", "$input.json('$..[?(@.c > 5)]')",
    "$input.json('$.a[*].b[*].c')", "$input.json('$.a[0,1,2,3,4,5,6,7,8,9]')",
])
def test_repeated_walks_of_a_large_body_are_charged(call):
    out = _run(f"#foreach($i in [1..1000])#set($d={call})#end ok", _WIDE, Limits(steps=200_000))
    assert isinstance(out, TemplateError) and str(out) == "template exceeded 200000 evaluation steps"


def test_one_walk_of_a_large_body_fits_the_default_budget():
    out = _run("$input.path('$..c').size() $input.path('$.a[?(@.b[0].c == 0)]').size()", _WIDE)
    assert out == "10000 500"


@pytest.mark.parametrize("path", [
    "$.a[" + ",".join(["0"] * 20) + "]",     # one 1 MB string twenty times over
    "$..*",                                   # every level of a deep document holds the big string
])
def test_results_larger_than_the_output_bound_fail_before_their_text_is_made(path):
    deep = {"s": "x" * 1_000_000}
    for _ in range(20):
        deep = {"n": deep}
    body = json.dumps({"a": ["x" * 1_000_000], "deep": deep} if path.startswith("$.a") else deep)
    out = _run(f"$input.json('{path}')", body)
    assert isinstance(out, TemplateError) and str(out) == "string longer than 10485760 characters"
    with pytest.raises(TemplateError, match="string longer than 10485760 characters"):
        json_path(json.loads(body), path)  # refused by the path itself, before any text is made


def test_unions_that_multiply_values_hit_the_step_bound():
    nested = "1"
    for _ in range(40):
        nested = '{"a": ' + nested + ', "b": 1}'
    out = _run('$input.json("$' + "['a','a']" * 40 + '.x")', nested)
    assert isinstance(out, TemplateError) and str(out) == "template exceeded 1000000 evaluation steps"


def test_a_long_filter_over_a_long_array_is_bounded():
    body = json.dumps({"a": [{"k": i} for i in range(10_000)]})
    condition = " || ".join(["@.k == -1"] * 20_000)
    out = _run(f"$input.json('$.a[?({condition})]')", body, Limits(steps=200_000))
    assert isinstance(out, TemplateError) and str(out) == "template exceeded 200000 evaluation steps"


def test_extreme_slice_bounds_read_only_the_array():
    # [from:to] reads the indexes from..to-1 as written (each negative one from the end): -3..2 here,
    # never two billion of them
    assert _run("$input.json('$.a[-2147483648:2147483647]')", '{"a": [1, 2, 3]}') == "[1,2,3,1,2,3]"
    assert _run("$input.json('$.a[-2147483648:]')", '{"a": [1, 2, 3]}') == "[1,2,3]"
    assert _run("$input.json('$.a[:-2147483648]')", '{"a": [1, 2, 3]}') == "[]"


def test_hostile_paths_in_response_parameters_are_bounded(apigateway, gwmock):
    """``integration.response.body.<path>`` is read outside any template: its own budget."""
    big = {"items": [{"v": "y" * 1000} for _ in range(2000)], "id": "z"}
    gwmock.add_lambda(FN + "big", lambda event, context: big)
    api = apigateway.create_rest_api(name="response-parameters")
    api_id, root = api["id"], api["rootResourceId"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS",
                               integrationHttpMethod="POST", uri=URI.format(FN + "big"))
    apigateway.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
                                   responseParameters={"method.response.header.X-Many": False,
                                                       "method.response.header.X-Id": False})
    indexes = ",".join(["0"] * 20_000)
    apigateway.put_integration_response(
        restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200",
        responseParameters={"method.response.header.X-Many": f"integration.response.body.items[{indexes}]",
                            "method.response.header.X-Id": "integration.response.body.id"},
        responseTemplates={"application/json": '{"ok": true}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    started = time.monotonic()
    response = requests.get(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/", timeout=5)
    assert time.monotonic() - started < SAFETY_NET
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert response.headers["X-Id"] == "z"
    assert "X-Many" not in response.headers
