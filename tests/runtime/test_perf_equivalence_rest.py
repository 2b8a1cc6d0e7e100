"""What the REST data plane's shortcuts must not change: the execution log formatted on first read,
the proxy event logged as sent, random ids, cookies through requests, the per-thread Lambda worker."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid

import boto3
import pytest
import requests

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime import lambdas
from gwmock.runtime.randomness import random_bytes, random_hex, uuid4

REGION = "eu-west-1"
URI = (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
       f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:fn/invocations")
STAMP = re.compile(r"^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4} : ")


def _proxy_api(timeout_ms: int | None = None) -> str:
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="perf")
    res = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{id}")["id"]
    client.put_method(restApiId=api["id"], resourceId=res, httpMethod="POST", authorizationType="NONE")
    extra = {"timeoutInMillis": timeout_ms} if timeout_ms else {}
    client.put_integration(restApiId=api["id"], resourceId=res, httpMethod="POST", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI, **extra)
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev"


def test_a_function_changing_its_event_does_not_change_the_logged_event(gwmock):
    seen = []

    def mutate(event, context):
        seen.append(json.dumps(event))
        event["headers"]["X-Added"] = "later"
        event["multiValueHeaders"]["X-Custom"].append("later")
        event["requestContext"]["identity"]["sourceIp"] = "10.0.0.1"
        event["queryStringParameters"].clear()
        event["body"] = {"parsed": True}
        return {"statusCode": 200, "body": "ok"}

    gwmock.add_lambda("fn", mutate)
    url = _proxy_api()
    answer = requests.post(f"{url}/7?q=1", data="{}", headers={"X-Custom": "a"})
    assert (answer.status_code, answer.text) == (200, "ok")
    line = next(line for line in gwmock.requests[-1].log if "Endpoint request body after transformations" in line)
    assert line.split("Endpoint request body after transformations: ", 1)[1] == seen[0]
    logged = json.loads(seen[0])
    assert logged["multiValueHeaders"]["X-Custom"] == ["a"]
    assert logged["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    assert logged["queryStringParameters"] == {"q": "1"} and logged["pathParameters"] == {"id": "7"}


def test_the_log_reads_the_same_everywhere_and_in_aws_order(gwmock):
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 201, "headers": {"A": "1"}, "body": "x"})
    url = _proxy_api()
    response = gwmock.invoke("POST", f"{url}/5", headers={"Accept": "*/*"}, body="{}")
    record = gwmock.requests[-1]
    assert record.log == tuple(response.log)
    assert response.log is response.log  # formatted once, the same list afterwards
    request_id = response.headers["x-amzn-RequestId"]
    assert response.log[0] == f"Execution log for request {request_id}"
    assert response.log[-1] == ""
    body = [STAMP.sub("", line) for line in response.log[1:-1]]
    assert all(STAMP.match(line) for line in response.log[1:-1])
    assert body[:6] == [f"Starting execution for request: {request_id}", "HTTP Method: POST, Resource Path: /5",
                        "Method request path: {id=5}", "Method request query string: {}",
                        body[4], "Method request body before transformations: {}"]
    assert body[4].startswith("Method request headers: {Accept=*/*, Host=") and "X-Amzn-Trace-Id=Root=1-" in body[4]
    assert body[-5:-3] == ["Endpoint response body before transformations: "
                           '{"statusCode": 201, "headers": {"A": "1"}, "body": "x"}',
                           "Method response body after transformations: x"]
    # the gateway's own headers (Date, x-amzn-RequestId, ...) are added later and are not in it
    assert body[-3] == ("Method response headers: {A=1, Content-Type=application/json, X-Amzn-Trace-Id="
                        f"{response.headers['X-Amzn-Trace-Id']}}}")
    assert body[-2:] == ["Successfully completed execution", "Method completed with status: 201"]


def test_appending_to_a_read_log_keeps_the_line(gwmock):
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200})
    response = gwmock.invoke("POST", f"{_proxy_api()}/1", body="{}")
    response.log.append("mine")
    assert response.log[-1] == "mine"


def test_a_5xx_formats_the_log_for_the_warning(gwmock, caplog):
    def boom(event, context):
        raise ValueError("no")

    gwmock.add_lambda("fn", boom)
    with caplog.at_level("WARNING", logger="gwmock"):
        answer = requests.post(f"{_proxy_api()}/1", data="{}")
    assert answer.status_code == 502
    assert "customer function error: no" in caplog.text
    assert any("Lambda function error" in line for line in gwmock.requests[-1].log)


def test_cookies_reach_the_requests_session_and_plain_answers_have_none(gwmock):
    gwmock.add_lambda("fn", lambda event, context: {
        "statusCode": 200, "multiValueHeaders": {"Set-Cookie": ["a=1; Path=/", "b=2; Path=/"]}, "body": ""})
    url = _proxy_api()
    with requests.Session() as session:
        answer = session.post(f"{url}/1", data="{}")
        assert answer.raw.headers.getlist("Set-Cookie") == ["a=1; Path=/", "b=2; Path=/"]
        assert session.cookies.get_dict() == {"a": "1", "b": "2"}
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": "x"})
    plain = requests.post(f"{url}/1", data="{}")
    assert plain.cookies.get_dict() == {} and plain.raw._original_response is None
    assert plain.raw.headers is not gwmock.requests[-1].response_headers  # the client has its own copy
    assert dict(plain.raw.headers) == dict(gwmock.requests[-1].response_headers)


def test_random_ids_keep_their_formats():
    ids = {uuid4() for _ in range(2000)}
    assert len(ids) == 2000
    for text in list(ids)[:200]:
        parsed = uuid.UUID(text)
        assert (str(parsed), parsed.version, parsed.variant) == (text, 4, uuid.RFC_4122)
    assert re.fullmatch(r"[0-9a-f]{24}", random_hex(12)) and len(random_bytes(42)) == 42
    assert random_hex(0) == "" and random_bytes(0) == b""


def test_ids_do_not_touch_the_random_module():
    import random

    random.seed(7)
    expected = [random.random() for _ in range(3)]
    random.seed(7)
    uuid4()
    random_hex(8)
    assert [random.random() for _ in range(3)] == expected


def test_each_thread_gets_a_worker_and_ended_threads_give_theirs_back():
    context = lambdas.LambdaContext("arn", "f")
    names = []

    def calls():
        for _ in range(3):
            names.append(lambdas.call(lambda e, c: threading.current_thread().name, context, {}, timeout=5).payload)

    def workers():
        return sum(1 for thread in threading.enumerate() if thread.name == "gwmock-lambda")

    before = workers()
    for _ in range(3):
        threads = [threading.Thread(target=calls) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert set(names) == {"gwmock-lambda"} and len(names) == 36
    assert workers() - before <= 4  # reused across rounds: at most one per concurrent caller


def test_a_timed_out_worker_is_not_handed_another_job():
    context = lambdas.LambdaContext("arn", "f")
    release = threading.Event()
    slow = lambdas.call(lambda e, c: release.wait(2), context, {}, timeout=0.05)
    assert slow.timed_out
    started = time.monotonic()
    quick = lambdas.call(lambda e, c: {"ok": 1}, context, {}, timeout=1)
    assert quick.payload == {"ok": 1} and time.monotonic() - started < 0.5
    release.set()


@pytest.mark.parametrize("header", ["X-Bad", "Content-Type"])
def test_a_mapped_header_with_a_line_break_is_still_dropped_and_logged(gwmock, header):
    client = boto3.client("apigateway", region_name=REGION)
    api = client.create_rest_api(name="crlf")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE",
                      requestParameters={"method.request.querystring.v": False})
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    template = f"#set($context.responseOverride.header.{header} = $input.params('v')){{}}"
    client.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": template})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/?v=a%0D%0AEvil:%201"
    response = gwmock.invoke("GET", url)
    assert response.status == 200 and "Evil" not in response.headers
    # the dropped line is gone; a dropped Content-Type leaves the answer without one, so it gets
    # the gateway's default, as every REST answer has a Content-Type
    assert response.headers.getlist(header) == (["application/json"] if header == "Content-Type" else [])
    assert any(f"Dropped response header '{header}'" in line for line in response.log)


def test_the_logged_answer_is_what_the_function_returned_even_if_it_changes_it_later(gwmock):
    kept = {"statusCode": 200, "headers": {"N": "1"}, "body": "first"}

    def same_dict_every_time(event, context):
        return kept

    gwmock.add_lambda("fn", same_dict_every_time)
    url = _proxy_api()
    gwmock.invoke("POST", f"{url}/1", body="{}")
    kept["headers"]["N"], kept["body"] = "2", "second"  # the function's own object, changed after the answer
    gwmock.invoke("POST", f"{url}/1", body="{}")

    def logged(record):
        line = next(line for line in record.log if "Endpoint response body before transformations" in line)
        return json.loads(line.split("transformations: ", 1)[1])

    assert logged(gwmock.requests[-2]) == {"statusCode": 200, "headers": {"N": "1"}, "body": "first"}
    assert logged(gwmock.requests[-1]) == {"statusCode": 200, "headers": {"N": "2"}, "body": "second"}


def test_repeated_query_values_are_logged_joined_and_the_log_keeps_no_containers(gwmock):
    import gc

    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200})
    gwmock.invoke("POST", f"{_proxy_api()}/1?a=1&a=2&b=", headers={"X-R": "x"}, body="{}")
    record = gwmock.requests[-1]

    # before the log is read, the record keeps it as bytes: nothing the garbage collector follows,
    # so a kept record is one tracked object (itself), not a dozen that bring full collections sooner
    kept = object.__getattribute__(record, "_log")
    assert type(kept) is tuple and type(kept[0]) is int and type(kept[1]) is bytes
    gc.collect()
    gc.collect()
    tracked = [ref for name in type(record).__slots__ for ref in [object.__getattribute__(record, name)]
               if gc.is_tracked(ref)]
    assert tracked == []
    body = [STAMP.sub("", line) for line in record.log]
    assert "Method request query string: {a=1,2, b=}" in body
    assert any(line.startswith("Method request headers: {") and "X-R=x" in line for line in body)


def _vandalised_event(gwmock, binary: bool = False):
    """A proxy API behind a TOKEN authorizer with a context, whose function keeps a copy of the event it
    got and then changes every part of it, during the call and after; returns (url, copies, events)."""
    client = boto3.client("apigateway", region_name=REGION)
    auth_uri = URI.replace("function:fn", "function:auth")
    gwmock.add_lambda("auth", lambda event, context: {
        "principalId": "user-1", "context": {"role": "admin", "n": 1},
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}})
    copies: list[str] = []
    events: list[dict] = []

    def vandal(event, context):
        copies.append(json.dumps(event))
        events.append(event)
        _vandalise(event)
        return {"statusCode": 200, "body": "ok"}

    gwmock.add_lambda("fn", vandal)
    binary_types = {"binaryMediaTypes": ["application/octet-stream"]} if binary else {}
    api = client.create_rest_api(name="vandal", **binary_types)
    res = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{id}")["id"]
    auth = client.create_authorizer(restApiId=api["id"], name="a", type="TOKEN", authorizerUri=auth_uri,
                                    identitySource="method.request.header.Authorization")["id"]
    client.put_method(restApiId=api["id"], resourceId=res, httpMethod="POST", authorizationType="CUSTOM",
                      authorizerId=auth)
    client.put_integration(restApiId=api["id"], resourceId=res, httpMethod="POST", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI)
    client.create_deployment(restApiId=api["id"], stageName="dev", variables={"v": "1"})
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev", copies, events


def _vandalise(value):
    if isinstance(value, dict):
        for key in list(value):
            _vandalise(value[key])
            value[key] = "changed" if not isinstance(value[key], (dict, list)) else value[key]
        value["added"] = "later"
    elif isinstance(value, list):
        for item in value:
            _vandalise(item)
        value.append("later")


@pytest.mark.parametrize("spellings", [1, 2])  # names sent in one spelling each, or in two
@pytest.mark.parametrize("binary", [False, True])
def test_the_logged_event_is_the_one_sent_whatever_the_function_does_to_it(gwmock, binary, spellings):
    url, copies, events = _vandalised_event(gwmock, binary)
    headers = {"authorization": "t", "X-Custom": "a", "user-agent": "ua/1",
               "Content-Type": "application/octet-stream" if binary else "application/json"}
    if spellings == 2:
        headers.update({"x-custom": "b", "User-Agent": "ua/2"})
    for i in range(3):  # the same headers: their shape is kept, and must not carry one request's changes
        response = gwmock.invoke("POST", f"{url}/{i}?q=1&q=2&r=", headers=headers, body=b"\x00\xff" if binary else "{}")
        assert response.status == 200
        sent = json.loads(copies[i])
        assert sent["pathParameters"] == {"id": str(i)} and sent["stageVariables"] == {"v": "1"}
        assert sent["multiValueHeaders"]["X-Custom"] == ["a"] and sent["headers"]["Authorization"] == "t"
        if spellings == 2:
            assert sent["multiValueHeaders"]["x-custom"] == ["b"]
            assert sent["multiValueHeaders"]["User-Agent"] == ["ua/1", "ua/2"]
            assert sent["headers"]["User-Agent"] == "ua/2"
        else:
            assert sent["multiValueHeaders"]["User-Agent"] == ["ua/1"] and "user-agent" not in sent["headers"]
        assert sent["multiValueQueryStringParameters"] == {"q": ["1", "2"], "r": [""]}
        assert sent["requestContext"]["authorizer"]["role"] == "admin"
        assert sent["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
        assert sent["isBase64Encoded"] is binary
        _vandalise(events[i])  # changed again, after the request
        prefix = "Endpoint request body after transformations: "
        live = next(line for line in response.log if prefix in line)  # the log read from its facts
        kept = next(line for line in gwmock.requests[-1].log if prefix in line)  # the record's copy
        assert live.split(prefix, 1)[1] == kept.split(prefix, 1)[1] == copies[i]
        # the method request's headers: the shape shared by the three requests, with this one's values
        lines = [next(line for line in log if "Method request headers: " in line)
                 for log in (response.log, gwmock.requests[-1].log)]
        assert lines[0] == lines[1]
        for name in ("Via", "X-Amz-Cf-Id", "X-Amzn-Trace-Id"):
            assert f"{name}={sent['headers'][name]}" in lines[0]
        assert "X-Custom=a" in lines[0] and "changed" not in lines[0] and "later" not in lines[0]


def test_a_stage_call_has_every_field_set_as_the_dataclass_would(gwmock, monkeypatch):
    import dataclasses

    from gwmock.runtime.rest import stage
    from gwmock.runtime.rest.request import Call

    seen = []
    real = stage.invoke
    monkeypatch.setattr(stage, "invoke", lambda call: seen.append(call) or real(call))
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": "ok"})
    url = _proxy_api()
    for _ in range(2):
        assert gwmock.invoke("POST", f"{url}/7?q=1", body="{}").status == 200
    call = seen[0]
    unset = [f.name for f in dataclasses.fields(Call) if not hasattr(call, f.name)]
    assert unset == []
    defaults = (call.authorizer, call.usage_key, call.error, call.overrides, call.check_access)
    assert defaults == ({}, None, None, None, True)
    assert call.path_params == {"id": "7"} and call.query == {"q": ["1"]} and call.path == "/7"
    assert uuid.UUID(call.request_id).version == 4 and abs(call.started - time.time()) < 60
    assert seen[0].authorizer is not seen[1].authorizer and seen[0].request_id != seen[1].request_id
