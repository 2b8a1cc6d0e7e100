"""What the REST data plane's header shortcuts must not change: the method request's header index
(``HeaderLists``), the proxy event's header names, the trace header on Lambda answers, requests'
headers read from its own table, and a response that keeps the pipeline's header dict."""

from __future__ import annotations

import json
import re

import boto3
import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from requests.structures import CaseInsensitiveDict
from urllib3 import HTTPHeaderDict

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.intercept.dataplane import plain_headers
from gwmock.runtime.response import Response, header_dict, put_lines, table_headers, without_unsafe_lines
from gwmock.runtime.rest.request import HeaderLists, header

REGION = "eu-west-1"
URI = (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
       f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:fn/invocations")


def _proxy_api(endpoint: str = "EDGE") -> str:
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="hdr", endpointConfiguration={"types": [endpoint]})
    res = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="p")["id"]
    client.put_method(restApiId=api["id"], resourceId=res, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=res, httpMethod="POST", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI)
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/p"


def _scan(headers: dict[str, list[str]], name: str) -> str | None:
    """``header`` as it reads a plain dict: the first name in any case that has a value."""
    return header(dict(headers), name)


def test_the_index_finds_what_a_scan_finds():
    lists = HeaderLists()
    for name, values in (("x-One", ["a"]), ("X-ONE", ["b", "c"]), ("Two", ["d"])):
        lists[name] = values
        lists.names.setdefault(name.lower(), name)
    for name in ("x-one", "X-One", "two", "TWO", "three"):
        assert header(lists, name) == _scan(lists, name)
    assert header(lists, "X-ONE") == "a"


def _events(gwmock, url, headers):
    seen = []

    def fn(event, context):
        seen.append(event)
        return {"statusCode": 200, "body": "ok"}

    gwmock.add_lambda("fn", fn)
    gwmock.invoke("POST", url, headers=headers, body="{}")
    return seen[-1], gwmock.requests[-1]


def test_event_headers_in_order_with_aws_spelling_and_gateway_headers(gwmock):
    event, record = _events(gwmock, _proxy_api(), {"user-agent": "ua", "X-Custom": "1", "aUThorization": "t"})
    names = list(event["headers"])
    assert names[:3] == ["User-Agent", "X-Custom", "Authorization"]
    assert names[3:8] == ["Host", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "X-Amzn-Trace-Id"]
    assert names[8:] == ["CloudFront-Forwarded-Proto", "CloudFront-Is-Desktop-Viewer", "CloudFront-Is-Mobile-Viewer",
                         "CloudFront-Is-SmartTV-Viewer", "CloudFront-Is-Tablet-Viewer", "CloudFront-Viewer-ASN",
                         "CloudFront-Viewer-Country", "Via", "X-Amz-Cf-Id"]
    assert event["multiValueHeaders"]["User-Agent"] == ["ua"]
    assert event["requestContext"]["identity"]["userAgent"] == "ua"
    assert list(event["multiValueHeaders"]) == names
    # the log keeps the names as sent
    line = next(line for line in record.log if "Method request headers:" in line)
    assert "user-agent=ua" in line and "aUThorization=t" in line


def test_the_made_up_request_ids_are_fresh_and_well_formed(gwmock):
    # added in bulk from one random draw: each in its own format, none shared between requests
    url = _proxy_api()
    first, _ = _events(gwmock, url, {})
    second, _ = _events(gwmock, url, {})
    for event in (first, second):
        headers = event["headers"]
        assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", headers["X-Amzn-Trace-Id"])
        assert re.fullmatch(r"2\.0 [0-9a-f]{32}\.cloudfront\.net \(CloudFront\)", headers["Via"])
        assert re.fullmatch(r"[A-Za-z0-9_-]{56}", headers["X-Amz-Cf-Id"])
        assert headers["X-Forwarded-For"] == "127.0.0.1" and headers["CloudFront-Viewer-Country"] == "US"
    for name in ("X-Amzn-Trace-Id", "Via", "X-Amz-Cf-Id"):
        assert first["headers"][name] != second["headers"][name]
    assert first["headers"]["X-Amzn-Trace-Id"][-24:] not in first["headers"]["Via"]


def test_a_regional_api_gets_no_cloudfront_headers_and_client_values_win(gwmock):
    event, _ = _events(gwmock, _proxy_api("REGIONAL"), {"host": "mine", "x-forwarded-for": "1.2.3.4"})
    assert list(event["headers"]) == ["host", "x-forwarded-for", "X-Forwarded-Port", "X-Forwarded-Proto",
                                      "X-Amzn-Trace-Id"]
    assert event["headers"]["host"] == "mine" and event["headers"]["x-forwarded-for"] == "1.2.3.4"


def test_two_spellings_of_a_name_merge_in_the_event(gwmock):
    event, _ = _events(gwmock, _proxy_api("REGIONAL"), {"User-Agent": "a", "user-agent": "b", "X-A": "1", "x-a": "2"})
    assert event["multiValueHeaders"]["User-Agent"] == ["a", "b"] and event["headers"]["User-Agent"] == "b"
    assert event["multiValueHeaders"]["X-A"] == ["1"] and event["multiValueHeaders"]["x-a"] == ["2"]
    assert event["requestContext"]["identity"]["userAgent"] == "a"  # the first spelling's value


def test_the_trace_header_gets_a_parent_and_comes_back_once(gwmock):
    url = _proxy_api("REGIONAL")
    event, _ = _events(gwmock, url, {"x-amzn-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793"})
    sent = event["headers"]["x-amzn-trace-id"]
    assert sent.startswith("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=")
    response = gwmock.invoke("POST", url, headers={"X-Amzn-Trace-Id": "Root=1-1-2;Parent=3"}, body="{}")
    assert response.headers.getlist("X-Amzn-Trace-Id") == ["Root=1-1-2;Parent=3"]
    gwmock.add_lambda("fn", lambda e, c: {"statusCode": 200, "headers": {"x-amzn-trace-id": "own"}, "body": ""})
    response = gwmock.invoke("POST", url, headers={"X-Amzn-Trace-Id": "Root=1-1-2;Parent=3"}, body="{}")
    assert response.headers.getlist("X-Amzn-Trace-Id") == ["own"]


def test_requests_headers_read_from_its_table_equal_dict():
    headers = CaseInsensitiveDict({"A": "1", "b": "2"})
    headers["a"] = "3"  # a later spelling replaces the name
    assert list(plain_headers(headers).items()) == list(dict(headers).items()) == [("a", "3"), ("b", "2")]
    assert plain_headers(None) == {} and plain_headers({"x": "y"}) == {"x": "y"}


def test_requests_reaches_the_function_with_its_headers(gwmock):
    seen = []
    gwmock.add_lambda("fn", lambda e, c: seen.append(e) or {"statusCode": 200, "body": json.dumps(e["headers"])})
    answer = requests.post(_proxy_api("REGIONAL"), data="{}", headers={"X-Mine": "1"})
    assert answer.status_code == 200 and seen[0]["headers"]["X-Mine"] == "1"
    assert "Content-Length" not in seen[0]["headers"] and "Connection" not in seen[0]["headers"]


def test_a_taking_response_keeps_the_headers_it_was_given():
    headers = HTTPHeaderDict({"A": "1"})
    response = Response.taking(201, headers, b"x", [])
    assert response.headers is headers and (response.status, response.body, response.log) == (201, b"x", [])
    assert response == Response(201, {"A": "1"}, b"x")


def test_put_lines_sets_as_setitem_does():
    lines = [("content-type", "text/plain"), ("Content-Length", "3"), ("Via", "v"), ("X-New", "n")]
    expected = HTTPHeaderDict({"Content-Type": "a", "Via": "1"})
    expected.add("Via", "2")
    for name, value in lines:
        expected[name] = value
    got = HTTPHeaderDict({"Content-Type": "a", "Via": "1"})
    got.add("Via", "2")
    put_lines(got, lines)
    assert list(got.items()) == list(expected.items())
    assert got.getlist("via") == ["v"] and got["CONTENT-TYPE"] == "text/plain"


@pytest.mark.parametrize("lines", [
    [("A", "1"), ("B", "2")],
    [("A", "1\r\nEvil: 1"), ("B", "2")],
    [("A\n", "1"), ("B", "2")],
    [(" ", "1"), ("B", "2")],
    [("", "1")],
    [("A", "x\x00"), ("B", "")],
    [("A\x01", "1"), ("\x01", "2")],
    [("A", "1"), ("A", "2\r"), ("C", "3")],
    [(f"H{i}", str(i)) for i in range(6)],  # more names than the one-by-one look takes
    [*((f"H{i}", str(i)) for i in range(6)), ("Z", "bad\n")],
    [*((f"H{i}", str(i)) for i in range(6)), ("\t", "1")],
    [],
])
def test_the_safe_header_check_keeps_or_drops_as_before(lines):
    headers, kept, log, expected = _line_check(lines)
    if len(expected) < len(lines):
        assert kept is not headers
    elif all("\x01" not in name for name, _ in lines):
        assert kept is headers  # nothing to drop: no copy


# the characters that matter (line breaks, NUL, blanks, the shortcut's own separator) and a few others
_TEXT = st.text(alphabet="aZ-_ \t\r\n\x00\x01:é", max_size=6)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_TEXT, st.one_of(_TEXT, st.integers(-5, 5), st.booleans())), max_size=8))
def test_the_safe_header_check_keeps_exactly_the_lines_that_cannot_break_whatever_they_hold(lines):
    _line_check(lines)  # one by one for a few names, joined for more: the same verdicts


def _line_check(lines):
    """``without_unsafe_lines`` of a header dict made of ``lines``, checked against the plain rule (a
    line is dropped, and logged, when its name is blank or its name or value holds CR, LF or NUL);
    (the headers, what it kept, its log, the lines expected)."""
    headers = HTTPHeaderDict()
    for name, value in lines:
        headers.add(name, value)
    log: list[str] = []
    kept = without_unsafe_lines(headers, log)
    expected = [(n, v) for n, v in headers.items()
                if n.strip() and not any(c in n + str(v) for c in "\r\n\x00")]
    assert list(kept.items()) == expected
    assert len(log) == len(list(headers.items())) - len(expected)
    return headers, kept, log, expected


def test_a_header_value_that_is_not_text_takes_the_exact_check():
    headers = HTTPHeaderDict({"A": "1"})
    headers._container["b"] = ["B", 2]  # as some code may store it
    assert without_unsafe_lines(headers, []) is headers


def test_the_client_takes_the_answers_headers_and_the_record_keeps_its_own(gwmock):
    def fn(event, context):
        return {"statusCode": 200, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "ok"}

    gwmock.add_lambda("fn", fn)
    response = requests.post(_proxy_api(), data=b"{}")
    raw = response.raw.headers  # urllib3's response: the answer's own header dict, no copy made
    assert raw.getlist("Set-Cookie") == ["a=1", "b=2"] and response.cookies["b"] == "2"
    raw.add("Set-Cookie", "c=3")
    raw["Content-Type"] = "text/changed"
    kept = gwmock.requests[-1].response_headers
    assert kept.getlist("Set-Cookie") == ["a=1", "b=2"] and kept["Content-Type"] == "application/json"


@pytest.mark.parametrize(("forwarded", "source"), [
    (None, "127.0.0.1"),  # gwmock adds X-Forwarded-For: 127.0.0.1, the in-process caller
    ("203.0.113.9", "203.0.113.9"),
    ("203.0.113.9, 10.0.0.1", "203.0.113.9"),  # the client's own address comes first
    ("2001:DB8::1", "2001:db8::1"),  # in its usual spelling
    ("not-an-address", "127.0.0.1"),
])
def test_the_events_source_ip_is_the_address_resource_policies_see(gwmock, forwarded, source):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    event, _ = _events(gwmock, _proxy_api(), headers)
    assert event["requestContext"]["identity"]["sourceIp"] == source
    assert event["headers"]["X-Forwarded-For"] == (forwarded or "127.0.0.1")  # the header itself as sent


def test_a_function_that_changes_its_event_headers_changes_no_later_request(gwmock):
    # the method request's header lists are shared by requests with the same headers (rest.api's shapes)
    url = _proxy_api()
    seen = []

    def vandal(event, context):
        seen.append((dict(event["headers"]), {k: list(v) for k, v in event["multiValueHeaders"].items()}))
        for values in event["multiValueHeaders"].values():
            values.append("changed")
        event["headers"].clear()
        return {"statusCode": 200, "body": "ok"}

    gwmock.add_lambda("fn", vandal)
    for _ in range(3):
        gwmock.invoke("POST", url, headers={"X-Custom": "1", "Accept": "*/*"}, body="{}")
    for single, multi in seen:
        assert single["X-Custom"] == "1" and multi["X-Custom"] == ["1"] and multi["Accept"] == ["*/*"]
        assert all(len(values) == 1 for values in multi.values())
    assert seen[0][0]["Via"] != seen[1][0]["Via"] != seen[2][0]["Via"]


def test_a_client_trace_without_parent_gets_a_fresh_parent_on_each_request(gwmock):
    url = _proxy_api("REGIONAL")
    sent = {"X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793"}
    parents = {_events(gwmock, url, sent)[0]["headers"]["X-Amzn-Trace-Id"].split("Parent=")[1] for _ in range(3)}
    assert len(parents) == 3 and all(re.fullmatch(r"[0-9a-f]{16}", parent) for parent in parents)


def test_headers_the_gateway_adds_keep_the_clients_own_values_request_after_request(gwmock):
    url = _proxy_api()
    for _ in range(2):
        event, _ = _events(gwmock, url, {"Via": "1.1 mine", "Connection": "close", "Content-Length": "2"})
        headers = event["headers"]
        assert headers["Via"] == "1.1 mine" and "Connection" not in headers and "Content-Length" not in headers
        assert re.fullmatch(r"[A-Za-z0-9_-]{56}", headers["X-Amz-Cf-Id"])
        assert gwmock.requests[-1].response_headers["Connection"] == "close"


def test_shapes_kept_are_bounded(gwmock):
    from gwmock.runtime.rest import api

    url = _proxy_api("REGIONAL")
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": event["headers"]["X-N"]})
    for n in range(api._SHAPES_MAX + 20):
        assert gwmock.invoke("POST", url, headers={"X-N": str(n)}, body="{}").text == str(n)
    assert len(api._SHAPES) <= api._SHAPES_MAX
    several = gwmock.invoke("POST", url, headers={"X-N": ["a", "b"]}, body="{}")  # a list: never kept
    assert several.text == "b"  # the last line, as the event's single-value headers take it


@pytest.mark.parametrize("lines", [[], [("A", "1")], [("Set-Cookie", "a"), ("set-cookie", "b"), ("X", "")],
                                   [("x-One", "1"), ("Two", "2"), ("X-ONE", "3")]])
def test_one_value_each_is_dict_of_the_headers(lines):
    from gwmock.runtime.response import one_value_each

    headers = HTTPHeaderDict()
    for name, value in lines:
        headers.add(name, value)
    assert list(one_value_each(headers).items()) == list(dict(headers).items())
    assert one_value_each({"a": "1"}) == {"a": "1"}


def test_header_values_that_are_equal_but_not_text_keep_their_own_text(gwmock):
    url = _proxy_api("REGIONAL")
    texts = [_events(gwmock, url, {"X-V": value})[0]["headers"]["X-V"] for value in (1, True, 1.0, "1", b"1")]
    assert texts == ["1", "True", "1.0", "1", "1"]


def test_long_urls_and_host_names_are_answered_but_not_kept(gwmock):
    # a server client may send a 32 KB URL or Host: parsed each time, the per-text caches stay small
    import gwmock.runtime as runtime
    from gwmock.runtime import hosts

    url = _proxy_api("REGIONAL")
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200,
                                                    "body": str(len(event["queryStringParameters"]["q"]))})
    before = runtime._target.cache_info().currsize
    long_url = url + "?q=" + "x" * 5000
    assert [gwmock.invoke("POST", long_url, body="{}").text for _ in range(2)] == ["5000", "5000"]
    assert runtime._target.cache_info().currsize == before
    kept = hosts._kept_is_execute_api.cache_info().currsize
    assert hosts.is_execute_api("a" * 300 + ".execute-api.eu-west-1.amazonaws.com")
    assert not hosts.is_execute_api("b" * 300 + ".example.com")
    assert hosts._kept_is_execute_api.cache_info().currsize == kept


@pytest.mark.parametrize("source", [
    {"Content-Type": "a", "content-type": "b", "X-A": "1"},
    [("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("Via", "v")],
    {},
    None,
])
@pytest.mark.parametrize("table_layout", [True, False])  # False: an HTTPHeaderDict of another layout
def test_header_dict_adds_each_line_as_add_does(source, table_layout, monkeypatch):
    from gwmock.runtime import response

    monkeypatch.setattr(response, "_TABLE", table_layout and response._TABLE)
    expected = HTTPHeaderDict()
    for name, value in (source.items() if isinstance(source, dict) else source or []):
        expected.add(name, value)
    got = header_dict(source)
    assert type(got) is HTTPHeaderDict and list(got.items()) == list(expected.items()) and got == expected
    copied = header_dict(got)  # a copy of its own: changing it changes nothing else
    copied.add("Via", "w")
    copied["New"] = "n"
    assert list(got.items()) == list(expected.items())
    assert copied.getlist("via") == [*expected.getlist("via"), "w"] and "new" not in got


@pytest.mark.parametrize("table_layout", [True, False])
def test_table_headers_behave_as_a_header_dict_made_the_usual_way(table_layout, monkeypatch):
    from gwmock.runtime import response

    monkeypatch.setattr(response, "_TABLE", table_layout and response._TABLE)
    made = table_headers({"set-cookie": ["Set-Cookie", "a=1", "b=2"]})
    made.add("X-A", "1")
    made["content-type"] = "text/plain"
    assert made.getlist("SET-COOKIE") == ["a=1", "b=2"] and made["Set-Cookie"] == "a=1, b=2"
    assert list(made.items()) == [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-A", "1"),
                                  ("content-type", "text/plain")]
    assert made.copy() == made and dict(made.copy()) == dict(made)


def test_a_header_name_seen_before_still_has_its_value_checked(gwmock):
    answers = iter([{"X-A": "1"}, {"X-A": "1\r\nEvil: x"}, {"X-A": "nul\x00"}, {"X A": "1"}, {"X-A": 5},
                    {"X-A": True}, {"X-A": None}, {"X-A": {"nested": 1}}, {"X-A": "2"}])

    def fn(event, context):
        return {"statusCode": 200, "headers": next(answers), "body": "ok"}

    gwmock.add_lambda("fn", fn)
    url = _proxy_api()
    got = [gwmock.invoke("POST", url, body="{}") for _ in range(9)]
    assert [answer.status for answer in got] == [200, 502, 502, 502, 200, 200, 200, 502, 200]
    assert [got[i].headers["X-A"] for i in (0, 4, 5, 6, 8)] == ["1", "5", "true", "", "2"]
    assert all("Evil" not in answer.headers for answer in got)
