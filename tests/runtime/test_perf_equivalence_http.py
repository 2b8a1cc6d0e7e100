"""What the HTTP API data plane's shortcuts must not change: a deployment compiled once (and a
new one served as soon as it exists), stage variables read per request, the live configuration
of a deployment without snapshot, remembered header names and content types, the per-second
``requestTime`` text, ids, and header lines checked once."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
import requests

from gwmock.context import Context
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.http import lambdas as http_lambdas

REGION = "eu-west-1"


def _arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:{name}"


def _url(api_id: str, path: str) -> str:
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com{path}"


def _echo(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(event)}


@pytest.fixture
def v2(gwmock):
    import boto3

    return boto3.client("apigatewayv2", region_name=REGION)


def _api(v2, key="POST /pets", fn="echo", version="2.0", **extra):
    api_id = v2.create_api(Name="perf", ProtocolType="HTTP")["ApiId"]
    integration = v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=extra.pop(
        "uri", _arn(fn)), PayloadFormatVersion=version, **extra)["IntegrationId"]
    route = v2.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")["RouteId"]
    return api_id, integration, route


def test_a_manual_stage_serves_its_deployment_until_the_next_one(gwmock, v2):
    gwmock.add_lambda("echo", _echo)
    gwmock.add_lambda("other", lambda event, context: {"statusCode": 201, "body": "other"})
    api_id, integration, _ = _api(v2)
    first = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    v2.create_stage(ApiId=api_id, StageName="dev", DeploymentId=first)
    for _ in range(3):  # served from the compiled deployment, again and again
        assert gwmock.invoke("POST", _url(api_id, "/dev/pets"), body="{}").json()["version"] == "2.0"
    v2.update_integration(ApiId=api_id, IntegrationId=integration, IntegrationUri=_arn("other"),
                          PayloadFormatVersion="1.0")
    assert gwmock.invoke("POST", _url(api_id, "/dev/pets"), body="{}").json()["version"] == "2.0"
    second = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    v2.update_stage(ApiId=api_id, StageName="dev", DeploymentId=second)
    answer = gwmock.invoke("POST", _url(api_id, "/dev/pets"), body="{}")
    assert (answer.status, answer.body, answer.headers["content-type"]) == (201, b"other", "application/json")
    v2.update_stage(ApiId=api_id, StageName="dev", DeploymentId=first)
    assert gwmock.invoke("POST", _url(api_id, "/dev/pets"), body="{}").json()["version"] == "2.0"


def test_stage_variables_are_read_per_request_not_per_deployment(gwmock, v2):
    gwmock.add_lambda("fn-a", lambda event, context: {"statusCode": 200, "body": "a:" + event["stageVariables"]["f"]})
    gwmock.add_lambda("fn-b", lambda event, context: {"statusCode": 200, "body": "b:" + event["stageVariables"]["f"]})
    api_id, _, _ = _api(v2, uri=_arn("fn-${stageVariables.f}"))
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, StageVariables={"f": "a"})
    assert gwmock.invoke("POST", _url(api_id, "/pets")).text == "a:a"
    v2.update_stage(ApiId=api_id, StageName="$default", StageVariables={"f": "b"})
    assert gwmock.invoke("POST", _url(api_id, "/pets")).text == "b:b"


def test_a_deployment_without_snapshot_serves_the_live_configuration(gwmock, v2):
    gwmock.add_lambda("echo", _echo)
    api_id, integration, route = _api(v2)
    deployment = v2.create_deployment(ApiId=api_id)["DeploymentId"]
    v2.create_stage(ApiId=api_id, StageName="dev", DeploymentId=deployment)
    store = Context("execute-api", "Invoke", DEFAULT_ACCOUNT, REGION, gwmock.backend).store
    assert store.delete(("v2", "apis", api_id, "deployments", deployment, "snapshot"))  # as before snapshots
    assert gwmock.invoke("POST", _url(api_id, "/dev/pets"), body="{}").json()["routeKey"] == "POST /pets"
    v2.update_route(ApiId=api_id, RouteId=route, RouteKey="POST /cats")  # live: no deployment needed
    assert gwmock.invoke("POST", _url(api_id, "/dev/pets")).status == 404
    assert gwmock.invoke("POST", _url(api_id, "/dev/cats"), body="{}").json()["routeKey"] == "POST /cats"
    v2.update_integration(ApiId=api_id, IntegrationId=integration, PayloadFormatVersion="1.0")
    assert gwmock.invoke("POST", _url(api_id, "/dev/cats"), body="{}").json()["version"] == "1.0"


def test_many_routes_pick_the_same_route_as_a_scan(gwmock, v2):
    gwmock.add_lambda("echo", _echo)
    api_id = v2.create_api(Name="big", ProtocolType="HTTP")["ApiId"]
    target = "integrations/" + v2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                                     IntegrationUri=_arn("echo"),
                                                     PayloadFormatVersion="2.0")["IntegrationId"]
    for i in range(200):
        v2.create_route(ApiId=api_id, RouteKey=f"GET /x{i:03}/{{id}}", Target=target)
    for key in ("GET /x150/special", "ANY /x150/{id}/{proxy+}", "ANY /x199/{id}", "$default"):
        v2.create_route(ApiId=api_id, RouteKey=key, Target=target)
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    cases = {("GET", "/x150/special"): ("GET /x150/special", None),
             ("GET", "/x150/7"): ("GET /x150/{id}", {"id": "7"}),
             ("POST", "/x150/7"): ("$default", None),
             ("POST", "/x199/7"): ("ANY /x199/{id}", {"id": "7"}),
             ("GET", "/x150/7/a/b"): ("ANY /x150/{id}/{proxy+}", {"id": "7", "proxy": "a/b"}),
             ("GET", "/x000/a%20b"): ("GET /x000/{id}", {"id": "a b"})}
    for _ in range(2):
        for (method, path), (key, params) in cases.items():
            event = gwmock.invoke(method, _url(api_id, path)).json()
            assert (event["routeKey"], event.get("pathParameters")) == (key, params)


def test_header_names_are_checked_and_lowercased_however_often_they_come(gwmock, v2):
    names = [f"X-Name-{i}" for i in range(600)]  # more than the table of known names holds

    def many(event, context):
        return {"statusCode": 200, "headers": {name: "v" for name in names[:300]} | {"Content-TYPE": "text/x"}}

    gwmock.add_lambda("echo", many)
    api_id, _, _ = _api(v2)
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    for _ in range(2):
        answer = gwmock.invoke("POST", _url(api_id, "/pets"))
        assert answer.status == 200 and answer.headers["x-name-299"] == "v"
        assert [n for n, _ in answer.headers.items()][:2] == ["x-name-0", "x-name-1"]
        assert answer.headers.getlist("content-type") == ["text/x"]
    names[:300] = names[300:]
    assert gwmock.invoke("POST", _url(api_id, "/pets")).headers["x-name-599"] == "v"
    assert len(http_lambdas._NAMES) <= 512
    names[0] = "X Bad"
    for _ in range(2):  # a bad name is refused every time, never remembered
        answer = gwmock.invoke("POST", _url(api_id, "/pets"))
        assert (answer.status, answer.json()) == (500, {"message": "Internal Server Error"})


def test_content_types_decide_text_or_base64_the_same_every_time(gwmock, v2):
    gwmock.add_lambda("echo", _echo)
    api_id, _, _ = _api(v2)
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    cases = [("application/json", b'{"a": 1}', '{"a": 1}', False), ("application/json", b"\xff", "/w==", True),
             ("image/png", b"abc", "YWJj", True), ("TEXT/Plain; charset=x", b"abc", "abc", False),
             ("application/x-www-form-urlencoded", b"a=1", "YT0x", True)]
    for _ in range(2):
        for content_type, body, sent, encoded in cases:
            event = gwmock.invoke("POST", _url(api_id, "/pets"), headers={"Content-Type": content_type},
                                  body=body).json()
            assert (event["body"], event["isBase64Encoded"]) == (sent, encoded)
    for i in range(300):  # types a client invents empty the table rather than growing it
        gwmock.invoke("POST", _url(api_id, "/pets"), headers={"Content-Type": f"text/x{i}"}, body=b"x")
    assert len(http_lambdas._TEXT_TYPES) <= 256


def test_request_time_ids_and_trace_ids_keep_their_formats(gwmock, v2):
    gwmock.add_lambda("echo", _echo)
    api_id, _, _ = _api(v2)
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    seen = set()
    for _ in range(200):
        answer = gwmock.invoke("POST", _url(api_id, "/pets"))
        context = answer.json()["requestContext"]
        moment = datetime.fromtimestamp(context["timeEpoch"] / 1000, tz=timezone.utc)
        assert context["time"] == moment.strftime("%d/%b/%Y:%H:%M:%S +0000")
        request_id = answer.headers["apigw-requestid"]
        assert context["requestId"] == request_id and re.fullmatch(r"[A-Za-z0-9]{15}=", request_id)
        trace = answer.json()["headers"]["x-amzn-trace-id"]
        assert re.fullmatch(rf"Root=1-{context['timeEpoch'] // 1000:08x}-[0-9a-f]{{24}}", trace)
        seen.add(request_id)
    assert len(seen) == 200


def test_a_cors_origin_with_a_line_break_is_dropped_after_a_lambda_answer(gwmock, v2):
    gwmock.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": "ok"})
    api_id, _, _ = _api(v2)
    v2.update_api(ApiId=api_id, CorsConfiguration={"AllowOrigins": ["https://*"]})
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    answer = gwmock.invoke("POST", _url(api_id, "/pets"), headers={"Origin": "https://a\r\nx-evil: 1"})
    assert (answer.status, answer.body) == (200, b"ok")
    assert "access-control-allow-origin" not in answer.headers and "x-evil" not in answer.headers
    assert any("Dropped response header" in line for line in answer.log)
    fine = gwmock.invoke("POST", _url(api_id, "/pets"), headers={"Origin": "https://a"})
    assert fine.headers["access-control-allow-origin"] == "https://a"


def test_the_answer_is_the_functions_json_not_the_object_it_kept(gwmock, v2):
    kept = {"statusCode": 200, "headers": {"x-n": "1"}, "body": "first"}

    def keeps(event, context):
        kept["headers"]["x-n"] = str(int(kept["headers"]["x-n"]) + 1)
        return kept

    gwmock.add_lambda("echo", keeps)
    api_id, _, _ = _api(v2)
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    first = gwmock.invoke("POST", _url(api_id, "/pets"))
    second = requests.post(_url(api_id, "/pets"), timeout=5)
    assert (first.headers["x-n"], second.headers["x-n"]) == ("2", "3")
    assert (first.body, second.content) == (b"first", b"first")


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_error_answers_are_the_same_bytes_each_time(gwmock, v2, version):
    api_id, _, _ = _api(v2, fn="missing", version=version)
    v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    for _ in range(2):
        answer = gwmock.invoke("POST", _url(api_id, "/pets"))
        assert (answer.status, answer.body) == (500, b'{"message":"Internal Server Error"}')
        assert gwmock.invoke("GET", _url(api_id, "/nothing")).body == b'{"message":"Not Found"}'
