"""Stage access logs under attack (``gwmock/runtime/access_logs.py``, ``gwmock/apigateway/logging_settings.py``):
hostile formats (thousands of variables, oversized, odd names), client input that would break a line
(CR/LF in headers, paths, trace headers and authorizer values), request ids sent by the client, long
paths and user agents, destinations that are malformed or elsewhere, and patch operations on the
settings. No request may fail because of its stage's access log settings, a refused settings change
leaves the stage as it was, and nothing reaches the network.

Defects these tests found (fixed in those modules): a CR or LF in a value (a header, an HTTP API's
decoded path, a trace header, an authorizer's context) was written raw, so one request made two lines;
a format over AWS's documented 3 KB "Access log template size" quota was accepted."""

from __future__ import annotations

import json
import re
import time

import boto3
import pytest
import requests
from helpers import assert_error, error_of, network_guard
from hypothesis import given, settings
from hypothesis import strategies as st

from gwmock.apigateway import logging_settings
from gwmock.errors import BadRequest
from gwmock.runtime import access_logs

REGION = "us-east-1"
ACCOUNT = "123456789012"
GROUP = "api-access"
GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{GROUP}"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fn"
AUTH_FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:auth"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{{}}/invocations"
TOO_LONG = "Access Log format must not be longer than 3072 characters"
NO_REQUEST_ID = "Access Log format must include either $context.requestId or $context.extendedRequestId"
BAD_DESTINATION = ("Invalid destination ARN for access logs: it must be a CloudWatch Logs log group ARN or an "
                   "Amazon Data Firehose delivery stream ARN")
BAD_PATH = ("Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, "
            "/accessLogSettings/format]")

pytestmark = pytest.mark.gwmock(region=REGION)


@pytest.fixture
def network(monkeypatch):
    return network_guard(monkeypatch)


# --- APIs -----------------------------------------------------------------------------------------


def _rest(client, authorizer=False):
    """``GET /pets`` (a MOCK answering ``{"pets": []}``, behind a TOKEN authorizer when asked), deployed to ``dev``."""
    api = client.create_rest_api(name="pets")["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    pets = client.create_resource(restApiId=api, parentId=root, pathPart="pets")["id"]
    auth = {"authorizationType": "NONE"}
    if authorizer:
        auth = {"authorizationType": "CUSTOM", "authorizerId": client.create_authorizer(
            restApiId=api, name="token", type="TOKEN", identitySource="method.request.header.Authorization",
            authorizerUri=URI.format(AUTH_FN))["id"]}
    client.put_method(restApiId=api, resourceId=pets, httpMethod="GET", **auth)
    client.put_integration(restApiId=api, resourceId=pets, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api, resourceId=pets, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api, resourceId=pets, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"pets": []}'})
    client.create_deployment(restApiId=api, stageName="dev")
    return api, f"https://{api}.execute-api.{REGION}.amazonaws.com/dev"


def _patch(client, api, *operations):
    return client.update_stage(restApiId=api, stageName="dev", patchOperations=list(operations))


def _replace(path, value):
    return {"op": "replace", "path": path, "value": value}


def _log(client, api, fmt, destination=GROUP_ARN):
    return _patch(client, api, _replace("/accessLogSettings/destinationArn", destination),
                  _replace("/accessLogSettings/format", fmt))


def _refused(client, api, message, *operations):
    before = client.get_stage(restApiId=api, stageName="dev")
    assert_error(error_of(_patch, client, api, *operations), "BadRequestException", message, 400)
    after = client.get_stage(restApiId=api, stageName="dev")
    assert after == {**before, "ResponseMetadata": after["ResponseMetadata"]}


def _line(gw, method, url, **kwargs):
    """The access log line of one request, after checking it was answered and is one line."""
    answer = gw.invoke(method, url, **kwargs)
    line = gw.requests[-1].access_log
    assert line is not None and "\n" not in line and "\r" not in line, line
    return answer, line


def _http(gw, client, fmt):
    gw.add_lambda(FN, lambda event, context: {"statusCode": 200, "body": "ok"})
    api = client.create_api(Name="items", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    client.create_route(ApiId=api, RouteKey="GET /items/{id}", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                        AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": fmt})
    return api, f"https://{api}.execute-api.{REGION}.amazonaws.com"


def _websocket(gw, client, fmt):
    gw.add_lambda(FN, lambda event, context: {"statusCode": 200})
    api = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                            RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN)["IntegrationId"]
    for key in ("$connect", "$default"):
        client.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True,
                        AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": fmt})
    return f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod"


# --- defects: one request, one line -----------------------------------------------------------------


def test_cr_and_lf_in_a_header_are_escaped_so_a_request_stays_one_line(gwmock, apigateway):
    api, url = _rest(apigateway)
    _log(apigateway, api, "$context.identity.userAgent|$context.requestId")

    answer, line = _line(gwmock, "GET", f"{url}/pets", headers={"User-Agent": 'a\nb\r\nc "d" \\e'})

    assert answer.status == 200
    assert line == f'a\\nb\\r\\nc "d" \\e|{answer.headers["x-amzn-RequestId"]}'


def test_a_forged_trace_header_cannot_add_a_line(gwmock, apigateway):
    api, url = _rest(apigateway)
    _patch(apigateway, api, _replace("/tracingEnabled", "true"))
    _log(apigateway, api, "$context.xrayTraceId $context.requestId")

    answer, line = _line(gwmock, "GET", f"{url}/pets", headers={"X-Amzn-Trace-Id": "Root=1-\n203.0.113.9 fake"})

    assert line == f"1-\\n203.0.113.9 fake {answer.headers['x-amzn-RequestId']}"


def test_an_authorizer_s_context_with_line_breaks_stays_on_the_line(gwmock, apigateway):
    gwmock.add_lambda(AUTH_FN, lambda event, context: {
        "principalId": "user\r\n1", "context": {"note": "x\ny"},
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}})
    api, url = _rest(apigateway, authorizer=True)
    _log(apigateway, api, "$context.authorizer.principalId $context.authorizer.note $context.requestId")

    answer, line = _line(gwmock, "GET", f"{url}/pets", headers={"Authorization": "t"})

    assert answer.status == 200
    assert line == f"user\\r\\n1 x\\ny {answer.headers['x-amzn-RequestId']}"


def test_an_http_api_s_decoded_path_cannot_add_a_line(gwmock, apigatewayv2):
    _, url = _http(gwmock, apigatewayv2, "$context.path|$context.identity.userAgent|$context.requestId")

    response = requests.get(f"{url}/items/a%0Ab%0D", headers={"User-Agent": "agent"}, timeout=5)

    assert response.status_code == 200
    line = gwmock.requests[-1].access_log
    assert line == f"/items/a\\nb\\r|agent|{response.headers['apigw-requestid']}"


def test_an_http_api_header_cannot_add_a_line(gwmock, apigatewayv2):
    _, url = _http(gwmock, apigatewayv2, "$context.identity.userAgent|$context.requestId")

    answer, line = _line(gwmock, "GET", f"{url}/items/1", headers={"User-Agent": "x\ny"})

    assert answer.status == 200 and line == f"x\\ny|{answer.headers['apigw-requestid']}"


def test_a_websocket_client_s_header_cannot_add_a_line(gwmock, apigatewayv2):
    url = _websocket(gwmock, apigatewayv2, "$context.identity.userAgent|$context.eventType|$context.routeKey|"
                                           "$context.requestId")

    conn = gwmock.websocket(url, headers={"User-Agent": "w\r\nFAKE|CONNECT"})
    conn.send('{"action": "a\\nb"}')

    assert [line.rsplit("|", 1)[0] for line in conn.access_logs] == [
        "w\\r\\nFAKE|CONNECT|CONNECT|$connect", "w\\r\\nFAKE|CONNECT|MESSAGE|$default"]
    assert not any("\n" in line or "\r" in line for line in conn.access_logs)


# --- defects: the format's size ---------------------------------------------------------------------


def test_a_rest_format_over_3_kb_is_refused_and_the_stage_kept(gwmock, apigateway):
    api, url = _rest(apigateway)
    _log(apigateway, api, "$context.requestId")
    longest = "$context.requestId " + "x" * (3072 - 19)

    _refused(apigateway, api, TOO_LONG, _replace("/accessLogSettings/format", longest + "x"))
    _refused(apigateway, api, TOO_LONG, _replace("/description", "changed"),
             _replace("/accessLogSettings/format", "$context.requestId " * 2000))

    updated = _patch(apigateway, api, _replace("/accessLogSettings/format", longest))
    assert updated["accessLogSettings"]["format"] == longest
    answer = gwmock.invoke("GET", f"{url}/pets")
    assert gwmock.requests[-1].access_log == f"{answer.headers['x-amzn-RequestId']} " + "x" * 3053


def test_the_size_counts_characters_not_bytes(apigateway):
    # guess: "3 KB" read as 3,072 characters, as API Gateway's other length quotas count characters
    api, _ = _rest(apigateway)
    fmt = "$context.requestId " + "é" * (3072 - 19)

    assert _patch(apigateway, api, _replace("/accessLogSettings/format", fmt))["accessLogSettings"]["format"] == fmt


@pytest.mark.parametrize("protocol", ["HTTP", "WEBSOCKET"])
def test_an_http_or_websocket_format_over_3_kb_is_refused(apigatewayv2, protocol):
    extra = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    api = apigatewayv2.create_api(Name="big", ProtocolType=protocol, **extra)["ApiId"]
    big = {"DestinationArn": GROUP_ARN, "Format": "$context.requestId " * 200}

    assert_error(error_of(apigatewayv2.create_stage, ApiId=api, StageName="dev", AccessLogSettings=big),
                 "BadRequestException", TOO_LONG, 400)
    assert apigatewayv2.get_stages(ApiId=api)["Items"] == []
    apigatewayv2.create_stage(ApiId=api, StageName="dev", Description="one")
    assert_error(error_of(apigatewayv2.update_stage, ApiId=api, StageName="dev", Description="two",
                          AccessLogSettings=big), "BadRequestException", TOO_LONG, 400)
    stage = apigatewayv2.get_stage(ApiId=api, StageName="dev")
    assert stage["Description"] == "one" and "AccessLogSettings" not in stage


# --- attacks that found nothing: formats -----------------------------------------------------------


def test_thousands_of_variables_are_too_long_and_the_most_that_fit_render_quickly(gwmock, apigateway):
    api, url = _rest(apigateway)
    for count in (5000, 204):  # 204: 3,078 characters
        too_long = "$context.status" * count + "$context.requestId"
        _refused(apigateway, api, TOO_LONG, _replace("/accessLogSettings/format", too_long))
    fmt = "$context.stage" * 218 + "$context.requestId"  # 3,070 characters, 219 variables
    _log(apigateway, api, fmt)

    started = time.perf_counter()
    for _ in range(50):
        answer, line = _line(gwmock, "GET", f"{url}/pets")
    assert time.perf_counter() - started < 5  # no hang: 50 requests take a few milliseconds each
    assert line == "dev" * 218 + answer.headers["x-amzn-RequestId"]


def test_odd_variable_names_render_a_dash_or_stay_text(gwmock, apigateway):
    api, url = _rest(apigateway)
    _log(apigateway, api, "$context.__class__|$context.requestOverride|$context.responseOverride.header|"
                          "$context.authorizer.claims.x.y.z|${context.requestId}|$$context.stage|é$context.stageé|"
                          "$context.stage.__dict__|$context.identity.sourceIp.x|$context.\u00e9|$context.requestId|$context.")
    answer, line = _line(gwmock, "GET", f"{url}/pets")

    request_id = answer.headers["x-amzn-RequestId"]
    assert line == f"-|-|-|-|${{context.requestId}}|$dev|édevé|-|-|$context.\u00e9|{request_id}|$context."


@pytest.mark.parametrize(("fmt", "expected"), [
    ('{"ua":"$context.identity.userAgent","id":"$context.requestId"}', '{{"ua":"{ua}","id":"{id}"}}'),
    ("$context.identity.userAgent,$context.requestId", "{ua},{id}"),
    ("<r><ua>$context.identity.userAgent</ua><id>$context.requestId</id></r>", "<r><ua>{ua}</ua><id>{id}</id></r>"),
])
def test_json_csv_and_xml_values_are_written_as_they_are(gwmock, apigateway, fmt, expected):
    api, url = _rest(apigateway)
    _log(apigateway, api, fmt)
    agent = '"},{"forged":"1</ua><id>x</id>,,'

    answer, line = _line(gwmock, "GET", f"{url}/pets", headers={"User-Agent": agent})

    assert line == expected.format(ua=agent, id=answer.headers["x-amzn-RequestId"])


def test_a_request_id_sent_by_the_client_is_not_the_logged_one(gwmock, apigateway):
    api, url = _rest(apigateway)
    _log(apigateway, api, "$context.requestId $context.extendedRequestId")

    answer, line = _line(gwmock, "GET", f"{url}/pets", headers={"x-amzn-RequestId": "forged\nid",
                                                               "x-amz-apigw-id": "forged"})

    assert line == f"{answer.headers['x-amzn-RequestId']} {answer.headers['x-amz-apigw-id']}"
    assert re.fullmatch(r"[0-9a-f-]{36} [A-Za-z0-9+/]{15}=", line), line


def test_very_long_paths_and_user_agents_are_cut_at_the_event_size(gwmock, apigateway):
    api, url = _rest(apigateway)
    _log(apigateway, api, "$context.path " + "$context.identity.userAgent" * 100 + " $context.requestId")
    agent = "\U0001f600" * 20_000  # 80,000 bytes of UTF-8 a copy, cut inside none of them

    answer, line = _line(gwmock, "GET", f"{url}/{'p' * 100_000}", headers={"User-Agent": agent})

    assert answer.status == 403
    assert len(line.encode()) <= access_logs.MAX_LINE and line.startswith(f"/dev/{'p' * 100_000} \U0001f600")
    assert len(line.encode()) > access_logs.MAX_LINE - 4 and line.encode().decode() == line
    assert _line(gwmock, "GET", f"{url}/pets")[0].status == 200  # the mock serves the next request


def test_a_trailing_newline_of_the_format_is_kept_and_the_only_one(gwmock, apigateway):
    api, url = _rest(apigateway)
    _log(apigateway, api, "$context.identity.userAgent $context.requestId\n")

    answer = gwmock.invoke("GET", f"{url}/pets", headers={"User-Agent": "a\nb"})

    assert gwmock.requests[-1].access_log == f"a\\nb {answer.headers['x-amzn-RequestId']}\n"


# --- attacks that found nothing: destinations and patch operations ---------------------------------


@pytest.mark.parametrize("arn", [
    "arn:aws:logs:us-east-1:123456789012:log-group:g\narn:aws:logs:us-east-1:123456789012:log-group:h",
    "arn:aws:logs:us-east-1:123456789012:log-group:g\n",
    "arn:aws:logs:US-EAST-1:123456789012:log-group:g",
    "arn:aws:logs:us-east-1:123456789012:log-group:g/../h?x",
    "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:*",
    "arn:aws:sqs:us-east-1:123456789012:amazon-apigateway-q",
    "arn:aws:kinesis:us-east-1:123456789012:stream/amazon-apigateway-s",
    "arn:aws:lambda:us-east-1:123456789012:function:amazon-apigateway-f",
    "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-" + "a" * 60,
    "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-a/b",
    "arn:aws:logs:us-east-1:1234567890123:log-group:g",
    "arn:aws:logs:us-east-1:123456789012:log-group:g\u0000",
    "arn:aws:logs:us-east-1:123456789012:log-group:gé",
    "arn:" + "aws:" * 300 + "logs",
])
def test_malformed_or_foreign_destinations_are_refused_and_change_nothing(apigateway, arn):
    api, _ = _rest(apigateway)
    _log(apigateway, api, "$context.requestId")

    _refused(apigateway, api, BAD_DESTINATION, _replace("/accessLogSettings/destinationArn", arn))


ELSEWHERE = [
    f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:{GROUP}",
    f"arn:aws:logs:{REGION}:111122223333:log-group:{GROUP}",
    f"arn:aws:logs:zz-nowhere-9:{ACCOUNT}:log-group:{GROUP}:*",
    f"arn:aws-us-gov:logs:us-gov-west-1:{ACCOUNT}:log-group:{GROUP}",
    f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/amazon-apigateway-missing",
    f"arn:aws:firehose:zz-nowhere-9:{ACCOUNT}:deliverystream/amazon-apigateway-x",
]


def test_destinations_elsewhere_or_missing_drop_the_line_without_failing_the_request(network):
    moto = pytest.importorskip("moto")
    from gwmock import mock_apigateway

    with moto.mock_aws(), mock_apigateway(region=REGION) as gw:
        logs = boto3.client("logs", region_name=REGION)
        logs.create_log_group(logGroupName=GROUP)
        client = boto3.client("apigateway", region_name=REGION)
        api, url = _rest(client)
        for arn in ELSEWHERE:
            _log(client, api, "$context.requestId $context.status", destination=arn)

            answer, line = _line(gw, "GET", f"{url}/pets")

            assert answer.status == 200 and line == f"{answer.headers['x-amzn-RequestId']} 200", arn
        assert logs.describe_log_streams(logGroupName=GROUP)["logStreams"] == []
    assert network == []


def test_a_hostile_line_reaches_the_log_group_as_one_event(network):
    moto = pytest.importorskip("moto")
    from gwmock import mock_apigateway

    with moto.mock_aws(), mock_apigateway(region=REGION) as gw:
        logs = boto3.client("logs", region_name=REGION)
        logs.create_log_group(logGroupName=GROUP)
        client = boto3.client("apigateway", region_name=REGION)
        api, url = _rest(client)
        _log(client, api, '{"ua":"$context.identity.userAgent","id":"$context.requestId"}')
        gw.invoke("GET", f"{url}/pets", headers={"User-Agent": 'x"}\n{"forged":"1'})
        gw.invoke("GET", f"{url}/pets", headers={"User-Agent": "\u00e9" * 200_000})

        (stream,) = logs.describe_log_streams(logGroupName=GROUP)["logStreams"]
        events = logs.get_log_events(logGroupName=GROUP, logStreamName=stream["logStreamName"])["events"]
        assert [e["message"] for e in events] == [r.access_log for r in gw.requests]
        assert access_logs.MAX_LINE - 2 < len(events[1]["message"].encode()) <= access_logs.MAX_LINE
    assert network == []


def test_without_a_mock_for_the_destination_nothing_is_sent(gwmock, apigateway, network, monkeypatch):
    sent = []
    monkeypatch.setattr(access_logs, "_call", lambda *args: sent.append(args) or (200, {}))
    api, url = _rest(apigateway)
    _log(apigateway, api, "$context.requestId")

    answer, line = _line(gwmock, "GET", f"{url}/pets")

    assert line == answer.headers["x-amzn-RequestId"] and sent == [] and network == []


@pytest.mark.parametrize(("operation", "message"), [
    ({"op": "remove", "path": "/accessLogSettings/format"},
     "Cannot remove method setting accessLogSettings/format because there is no method setting for this method "),
    ({"op": "remove", "path": "/accessLogSettings/destinationArn"},
     "Cannot remove method setting accessLogSettings/destinationArn because there is no method setting for this "
     "method "),
    ({"op": "replace", "path": "/accessLogSettings", "value": "$context.requestId"}, BAD_PATH),
    ({"op": "add", "path": "/accessLogSettings", "value": "$context.requestId"}, BAD_PATH),
    ({"op": "replace", "path": "/accessLogSettings/Format", "value": "$context.requestId"}, BAD_PATH),
    ({"op": "add", "path": "/accessLogSettings/", "value": "$context.requestId"}, BAD_PATH),
    ({"op": "replace", "path": "/accessLogSettings/format", "value": ""}, "Access Log value must not be empty"),
    ({"op": "add", "path": "/accessLogSettings/destinationArn"}, "Access Log value must not be empty"),
])
@pytest.mark.parametrize("logging", [False, True])
def test_patches_on_missing_or_present_settings_are_refused_as_aws_refuses_them(apigateway, operation, message,
                                                                                 logging):
    # the removals' and paths' wordings: aws-recorded test_stage_access_log_settings_validation
    api, _ = _rest(apigateway)
    if logging:
        _log(apigateway, api, "$context.requestId")

    _refused(apigateway, api, message, operation)


def test_copies_cannot_move_an_unchecked_value_into_the_settings(apigateway):
    api, _ = _rest(apigateway)
    _patch(apigateway, api, _replace("/description", "arn:aws:s3:::bucket"))

    for source, target in [("/description", "/accessLogSettings/destinationArn"),
                           ("/description", "/accessLogSettings/format"),
                           ("/accessLogSettings/format", "/description")]:
        response = error_of(_patch, apigateway, api, {"op": "copy", "from": source, "path": target})
        assert response["Error"]["Code"] == "BadRequestException"
        assert response["Error"]["Message"].startswith(f"Invalid copy operation with path: {target} and from {source}.")
    assert "accessLogSettings" not in apigateway.get_stage(restApiId=api, stageName="dev")


def test_removing_settings_that_are_missing_succeeds_and_changes_nothing_else(gwmock, apigateway):
    api, url = _rest(apigateway)

    updated = _patch(apigateway, api, {"op": "remove", "path": "/accessLogSettings"})

    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200 and "accessLogSettings" not in updated
    assert gwmock.invoke("GET", f"{url}/pets").status == 200 and gwmock.requests[-1].access_log is None


# --- fuzzing ---------------------------------------------------------------------------------------

_PIECES = st.sampled_from(["$context.", "requestId", "extendedRequestId", "identity", ".", "userAgent", "$", "{", "}",
                           "__class__", "é", "\n", "\r", " ", '"', "\\", "status", "authorizer", "x"])
_VARIABLES = st.sampled_from(["$context.requestId", "$context.identity.userAgent", "$context.authorizer.x.y",
                              "$context.status", "$context.__class__", "${context.requestId}"])
_TEXT = st.text(alphabet='a\n\r"\\é\ud800', max_size=8)
_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _TEXT),
                       lambda inner: st.dictionaries(st.sampled_from(["x", "y", "userAgent"]), inner, max_size=3)
                       | st.lists(inner, max_size=3), max_leaves=8)


@settings(max_examples=50, deadline=None)
@given(st.lists(_PIECES | _VARIABLES, max_size=30).map("".join),
       st.fixed_dictionaries({"requestId": _TEXT, "identity": st.fixed_dictionaries({"userAgent": _VALUES})},
                             optional={"status": _VALUES, "authorizer": _VALUES, "__class__": _VALUES}))
def test_rendering_any_format_with_any_values_gives_a_bounded_line(fmt, values):
    line = access_logs.render(fmt, values)

    assert len(line.encode("utf-8", "surrogatepass")) <= access_logs.MAX_LINE
    # a line break comes only from the format's own text
    assert line.count("\n") <= fmt.count("\n") and line.count("\r") <= fmt.count("\r")


@settings(max_examples=50, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_format_check_refuses_only_with_aws_s_answers(fmt):
    try:
        logging_settings.check_access_log_format(fmt)
    except BadRequest as refused:
        assert refused.message in (
            TOO_LONG, NO_REQUEST_ID,
            "Access Log format must be single line, new line character is allowed only at end of the format")
    else:
        body = fmt[:-1] if fmt.endswith("\n") else fmt
        assert "\n" not in body and "\r" not in body and len(fmt) <= 3072
        assert re.search(r"\$context\.(requestId|extendedRequestId)(?![A-Za-z0-9_])", fmt)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="arn:awslogfirehs-0123456789/_.#*é\n ", max_size=90))
def test_the_destination_check_refuses_only_with_aws_s_answers(arn):
    try:
        to_group = logging_settings.check_access_log_destination(arn)
    except BadRequest:
        return
    assert to_group == logging_settings.is_log_group(arn)
    assert "\n" not in arn and " " not in arn and arn.startswith("arn:aws")


@pytest.mark.parametrize("stored", [None, [], "x", {"format": 3, "destinationArn": GROUP_ARN},
                                    {"format": "$context.requestId"}, {"Format": "", "DestinationArn": "a"},
                                    {"format": "$context.requestId", "destinationArn": ""}])
def test_stored_settings_of_any_shape_log_nothing(stored):
    assert access_logs.settings(stored) is None


def test_stored_settings_of_an_unexpected_type_still_log_and_deliver_nothing(monkeypatch):
    sent = []
    monkeypatch.setattr(access_logs, "_call", lambda *args: sent.append(args) or (200, {}))
    line = access_logs.write({"format": "$context.requestId", "destinationArn": {"not": "an arn"}},
                             {"requestId": "r\n"}, "api", "stage", 0)

    assert line == "r\\n" and sent == []


def test_json_values_in_a_line_stay_json_when_nothing_needs_escaping(gwmock, apigateway):
    api, url = _rest(apigateway)
    _log(apigateway, api, '{"id":"$context.requestId","status":$context.status,"len":$context.responseLength}')

    answer, line = _line(gwmock, "GET", f"{url}/pets")

    assert json.loads(line) == {"id": answer.headers["x-amzn-RequestId"], "status": 200, "len": 12}
