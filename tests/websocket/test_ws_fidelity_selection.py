"""Route selection expressions as AWS documents them, gwmock's guesses where it does not, and hostile input.

AWS: "WebSocket selection expressions" and the route-selection table of "Create routes for WebSocket
APIs" (the payload below is that page's). Guesses are listed in gwmock/runtime/websocket/selection.py.
"""

from __future__ import annotations

import json

import boto3
import pytest
from ws_helpers import REGION, fn_arn

from gwmock.runtime.websocket import selection

AWS_PAYLOAD = {"service": "chat", "action": "join", "data": {"room": "room1234"}}
KEYS = ("join", "chat/join", "join-", "action", "room1234", "5", "2.50", "1e3", "true", "false", "-x",
        "[a, 1, [true, null]]", "{a={b=c}, d=1}", "y", "v", "x-${request.body.other}", "x-join")


def _connect(gwmock, expression, keys=KEYS):
    """A deployed API whose every route (and $default) answers its own route key to the client."""
    client = boto3.client("apigatewayv2", region_name=REGION)
    api = client.create_api(Name="sel", ProtocolType="WEBSOCKET", RouteSelectionExpression=expression)["ApiId"]
    gwmock.add_lambda("sel", lambda event, context: {"statusCode": 200,
                                                     "body": event["requestContext"]["routeKey"]})
    target = "integrations/" + client.create_integration(ApiId=api, IntegrationType="AWS_PROXY",
                                                         IntegrationUri=fn_arn("sel"))["IntegrationId"]
    for key in (*keys, "$connect", "$default"):
        route = client.create_route(ApiId=api, RouteKey=key, Target=target, RouteResponseSelectionExpression="$default")
        client.create_route_response(ApiId=api, RouteId=route["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
    return gwmock.websocket(f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod")


@pytest.mark.parametrize(("expression", "selected"), [
    ("$request.body.action", "join"),                                   # an unwrapped variable
    ("${request.body.action}", "join"),                                 # a wrapped variable
    ("${request.body.service}/${request.body.action}", "chat/join"),    # multiple variables, static values
    ("${request.body.action}-${request.body.invalidPath}", "join-"),    # a path not found resolves as ""
    ("action", "action"),                                               # a static value
    ("$request.body.data.room", "room1234"),                            # a JSONPath into an object
    (" $request.body.action\n", "join"),                                # guess: surrounding blanks ignored
])
def test_the_documented_table(gwmock, expression, selected):
    conn = _connect(gwmock, expression)
    assert conn.send(json.dumps(AWS_PAYLOAD)) == [selected]


def test_an_escaped_dollar_is_literal():
    assert selection.evaluate("\\$default", AWS_PAYLOAD, 100) == "$default"
    assert selection.evaluate("\\${request.body.action}", AWS_PAYLOAD, 100) == "${request.body.action}"


@pytest.mark.parametrize(("body", "selected"), [
    ('{"action": 5}', "5"),                                  # guess: a number is its text
    ('{"action": 2.50}', "2.50"),                            # ... as the message wrote it
    ('{"action": 1e3}', "1e3"),
    ('{"action": true}', "true"),                            # guess: JSON's spelling, not Python's
    ('{"action": false}', "false"),
    ('{"action": ["a", 1, [true, null]]}', "[a, 1, [true, null]]"),  # AWS: "[item1, item2]"
    ('{"action": {"a": {"b": "c"}, "d": 1}}', "{a={b=c}, d=1}"),     # guess: Java's map form
    ('{"action": null}', "$default"),                        # guess: null resolves as "" (no route "")
    ('{"action": "$connect"}', "$default"),                  # never a predefined route
    ('{"action": "join"', "$default"),                       # not JSON
    ('["join"]', "$default"),                                # JSON, but no such path
])
def test_values_are_stringified(gwmock, body, selected):
    conn = _connect(gwmock, "$request.body.action")
    assert conn.send(body) == [selected]


def test_null_is_empty_text_among_literals(gwmock):
    conn = _connect(gwmock, "${request.body.action}-x")
    assert conn.send('{"action": null}') == ["-x"]


def test_a_message_that_is_not_json_goes_to_default_even_for_a_static_expression(gwmock):
    conn = _connect(gwmock, "action")
    assert conn.send("action") == ["$default"]
    assert conn.send('"action"') == ["action"]  # a JSON string is JSON
    assert conn.send('{"x": NaN}') == ["$default"]  # not JSON (Java's parsers refuse it), though Python's reads it
    assert conn.send('[Infinity]') == ["$default"]


@pytest.mark.parametrize(("expression", "body", "selected"), [
    ("$request.body.list[1]", {"list": ["x", "y"]}, "y"),
    ("$request.body.list[-1]", {"list": ["x", "y"]}, "y"),
    ("${request.body['a b']}", {"a b": "v"}, "v"),
    ('${request.body["a b"]}', {"a b": "v"}, "v"),
    ("$request.body.list[2]", {"list": ["x", "y"]}, "$default"),
    ("$request.body.list[*]", {"list": ["y"]}, "$default"),       # limitation: wildcards resolve as ""
    ("$request.body..action", {"action": "y"}, "$default"),       # limitation: no recursive descent
])
def test_paths(gwmock, expression, body, selected):
    conn = _connect(gwmock, expression)
    assert conn.send(json.dumps(body)) == [selected]


def test_evaluation_occurs_only_once(gwmock):
    conn = _connect(gwmock, "x-${request.body.action}")
    assert conn.send(json.dumps({"action": "${request.body.other}", "other": "join"})) == ["x-${request.body.other}"]


@pytest.mark.parametrize(("expression", "value"), [
    ("${request.header.x}y", "y"),                       # other variables resolve as ""
    ("$default", ""),                                    # unescaped: a variable, hence the escape
    ("cost$", "cost$"),                                  # a $ that starts no variable is literal
    ("$/", "$/"),
    ("${request.body.action", "${request.body.action"),  # never closed: literal
    ("${request.body.__class__}", ""),                   # JSON keys only, never Python attributes
    ("${__import__('os').system('exit 1')}", ""),        # never evaluated as code
    ("${request.body.data[99999999999999999999]}", ""),  # an index too long to be one
    pytest.param("${request.body.data[" + "9" * 5000 + "]}", "", id="index-past-int-digit-limit"),
    ("$request.body.action/$request.body.service", "join/chat"),  # unbraced variables end at "/"
    ("\\", "\\"),
    ("", ""),
])
def test_the_grammar_on_odd_expressions(expression, value):
    assert selection.evaluate(expression, AWS_PAYLOAD, 1000) == value


def test_stringifying_stops_past_the_longest_route_key():
    big = list(range(50_000))
    assert selection.evaluate("${request.body}", big, 10) is None
    assert selection.evaluate("${request.body}" * 10_000, {"a": "b"}, 50) is None
    assert selection.evaluate("${request.body}", [[1, 2], {"a": None}], 100) == "[[1, 2], {a=null}]"
    assert selection._text(list(range(1_000_000)), 10) is None  # the work stops there too


def test_a_deeply_nested_message_selects_default(gwmock):
    conn = _connect(gwmock, "$request.body.action")
    deep = "[" * 30_000
    assert conn.send([deep, deep, deep, deep]) == ["$default"]  # 120,000 bytes in four frames
    assert selection.evaluate("${request.body}", _nested(50_000), 10**6).startswith("[[[")


def _nested(depth):
    node: list = []
    for _ in range(depth):
        node = [node]
    return node
