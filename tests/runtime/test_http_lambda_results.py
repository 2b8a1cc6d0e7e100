"""What the Lambda call's shortcuts must not change: a plain answer copied instead of sent through
JSON gives what the round trip gives (same values, types and key order, a copy, the same text),
anything else still takes the round trip (conversions and ``Runtime.MarshalError`` alike), and a
context made without drawing its log stream name reads as it did."""

from __future__ import annotations

import enum
import json
import math
import re
import time
from collections import OrderedDict

import pytest

from gwmock.runtime import lambdas
from gwmock.runtime.lambdas import LambdaContext

ARN = "arn:aws:lambda:eu-west-1:123456789012:function:f"


def _answer(value, timeout=None):
    return lambdas.call(lambda event, context: value, LambdaContext(ARN, "f"), {}, timeout=timeout)


def _same(a, b):
    """Equal, with the same types and key order all the way down (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


class _Color(enum.IntEnum):
    RED = 1


PLAIN = [
    {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": '{"ok": true}'},
    {"z": 1, "a": [1, 2.5, None, True, False, "x"], "m": {"b": {}, "a": []}},
    "text", 0, -7, 2**63 - 1, -(2**63) + 1, 1.5, -0.0, 1e300, float("inf"), float("-inf"), float("nan"),
    None, True, False, [], {}, "\ud800 lone surrogate", "é ü 中", [[[[[]]]]],
]
CONVERTED = [
    (1, 2), {"t": (1, [2, (3,)])}, {1: "a", "2": "b"}, {True: 1, None: 2, 1.5: 3}, {1: "a", "1": "b"},
    OrderedDict(b=1, a=2), _Color.RED, {"c": _Color.RED}, 2**63, -(2**63), 10**100,
    {"deep": json.loads("[" * 40 + "]" * 40)},
]


@pytest.mark.parametrize("value", PLAIN + CONVERTED, ids=repr)
@pytest.mark.parametrize("timeout", [None, 5.0])
def test_an_answer_is_what_the_json_round_trip_gives(value, timeout):
    result = _answer(value, timeout)
    text = json.dumps(value)

    assert (result.error, result.exception, result.timed_out) == (False, None, False)
    assert _same(result.payload, json.loads(text))
    assert result.text == text
    assert result.text is result.text  # made once


def test_a_plain_answer_is_a_copy_the_function_cannot_change_later():
    headers = {"a": "1"}
    answer = {"statusCode": 200, "headers": headers, "cookies": ["c=1"]}
    result = _answer(answer)
    headers["a"] = "2"
    answer["cookies"].append("d=2")

    assert result.payload == {"statusCode": 200, "headers": {"a": "1"}, "cookies": ["c=1"]}
    assert result.text == '{"statusCode": 200, "headers": {"a": "1"}, "cookies": ["c=1"]}'


def _cycle():
    value: dict = {}
    value["self"] = value
    return value


def _deep(n):
    value: list = []
    for _ in range(n):
        value = [value]
    return value


@pytest.mark.parametrize(("value", "message"), [
    ({"when": object()}, "Unable to marshal response: Object of type object is not JSON serializable"),
    ({"s": {1, 2}}, "Unable to marshal response: Object of type set is not JSON serializable"),
    (_cycle(), "Unable to marshal response: Circular reference detected"),
    (_deep(1_000_000), "Unable to marshal response: maximum nesting depth exceeded"),
    ({("a", 1): 1}, "Unable to marshal response: keys must be str, int, float, bool or None, not tuple"),
])
def test_what_json_refuses_is_still_a_marshal_error(value, message):
    result = _answer(value)

    assert (result.error, result.text, result.timed_out) == (True, None, False)
    assert result.payload == {"errorMessage": message, "errorType": "Runtime.MarshalError",
                              "requestId": result.payload["requestId"], "stackTrace": []}


def test_a_function_error_and_a_timeout_have_no_text():
    def fails(event, context):
        raise RuntimeError("boom")

    failed = lambdas.call(fails, LambdaContext(ARN, "f"), {})
    late = lambdas.call(lambda event, context: time.sleep(0.2), LambdaContext(ARN, "f"), {}, timeout=0.01)

    assert (failed.error, failed.text, failed.payload["errorMessage"]) == (True, None, "boom")
    assert (late.error, late.timed_out, late.text) == (True, True, None)


def test_the_context_reads_as_before_its_log_stream_name_drawn_on_first_read():
    context = LambdaContext(ARN, "f", timeout_ms=5000)
    day = time.strftime("%Y/%m/%d")

    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", context.aws_request_id)
    assert re.fullmatch(re.escape(day) + r"/\[\$LATEST\][0-9a-f]{32}", context.log_stream_name)
    assert context.log_stream_name == context.log_stream_name  # drawn once
    assert LambdaContext(ARN, "f").log_stream_name != context.log_stream_name
    assert (context.function_name, context.function_version, context.invoked_function_arn, context.log_group_name,
            context.memory_limit_in_mb, context.identity, context.client_context) == (
        "f", "$LATEST", ARN, "/aws/lambda/f", 128, None, None)
    assert 4000 < context.get_remaining_time_in_millis() <= 5000
    context.log_stream_name = "mine"  # a handler may still set it
    assert context.log_stream_name == "mine"


def test_a_context_given_a_request_id_uses_it():
    assert LambdaContext(ARN, "f", request_id="abc").aws_request_id == "abc"
