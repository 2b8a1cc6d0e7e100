"""HTTP API paths as integrations see them: URL-decoded, as AWS decodes them (``gwmock.runtime.http.request``).

Evidence: honojs/hono#2156 (``/RSC/%40id%2Fassets%2Frsf0.js%23save.txt`` arrives as rawPath
``/RSC/@id/assets/rsf0.js#save.txt``); middleapi/standard-server#93 ("for payload format 1.0 ``path``
and 2.0 ``rawPath`` alike"); live captures of an HTTP API in hotsock/voker
(``vokerhttp/testdata/ingress-paths.json``), pinned one by one below. ``rawQueryString`` stays as sent.
"""

from __future__ import annotations

import json

import pytest
from helpers import RecordingBackend

ACCOUNT = "123456789012"


def echo(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}


@pytest.fixture
def region(apigatewayv2):
    return apigatewayv2.meta.region_name


def make_api(client, region, keys, version="2.0", stage="$default"):
    api_id = client.create_api(Name="paths", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion=version,
        IntegrationUri=f"arn:aws:lambda:{region}:{ACCOUNT}:function:echo")["IntegrationId"]
    for key in keys:
        client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    base = f"https://{api_id}.execute-api.{region}.amazonaws.com"
    return base if stage == "$default" else f"{base}/{stage}"


@pytest.fixture
def calls(gwmock):
    seen = []

    def recording_echo(event, context):
        seen.append(event)
        return echo(event, context)

    gwmock.add_lambda("echo", recording_echo)
    return seen


def test_raw_path_is_decoded_and_raw_query_string_is_not(apigatewayv2, gwmock, region, calls):
    base = make_api(apigatewayv2, region, ["ANY /{proxy+}"])
    answer = gwmock.invoke("POST", f"{base}/RSC/%40id%2Fassets%2Frsf0.js%23save.txt?q=a%20b&r=%2F")
    assert answer.status == 200
    event = answer.json()
    assert event["rawPath"] == "/RSC/@id/assets/rsf0.js#save.txt"
    assert event["requestContext"]["http"]["path"] == "/RSC/@id/assets/rsf0.js#save.txt"
    assert event["rawQueryString"] == "q=a%20b&r=%2F"
    assert event["queryStringParameters"] == {"q": "a b", "r": "/"}
    assert event["pathParameters"] == {"proxy": "RSC/@id/assets/rsf0.js#save.txt"}


# hotsock/voker vokerhttp/testdata/ingress-paths.json: (path sent, rawPath an HTTP API delivered)
LIVE_CAPTURES = [
    ("/capture/plain", "/capture/plain"),
    ("/capture/space%20value", "/capture/space value"),
    ("/capture/question%3Fvalue", "/capture/question"),
    ("/capture/hash%23value", "/capture/hash#value"),
    ("/capture/slash%2Fvalue", "/capture/slash/value"),
    ("/capture/unicode-%CE%BB-%E4%B8%96%E7%95%8C", "/capture/unicode-\u03bb-\u4e16\u754c"),
    ("/capture/literal%252Fvalue", "/capture/literal/value"),
    ("/capture/literal%253Fvalue", "/capture/literal?value"),
    ("/capture/literal%2525value", "/capture/literal%value"),
]


@pytest.mark.parametrize(("sent", "delivered"), LIVE_CAPTURES)
def test_live_captured_paths(apigatewayv2, gwmock, region, calls, sent, delivered):
    base = make_api(apigatewayv2, region, ["$default"])
    answer = gwmock.invoke("GET", f"{base}{sent}?marker=path-probe&value=a%3Fb%25c%23d")
    assert answer.status == 200
    event = answer.json()
    assert (event["rawPath"], event["requestContext"]["http"]["path"]) == (delivered, delivered)
    assert event["rawQueryString"] == "marker=path-probe&value=a%3Fb%25c%23d"


def test_live_captured_refusal_of_a_percent_that_decodes_to_no_escape(apigatewayv2, gwmock, region, calls):
    # ingress-paths.json: "/capture/percent%25done" is "httpAPIRejected" (a 400): decoded once it holds "%do"
    base = make_api(apigatewayv2, region, ["$default"])
    answer = gwmock.invoke("GET", f"{base}/capture/percent%25done")
    assert (answer.status, answer.json()) == (400, {"message": "Bad Request"})
    assert answer.headers["apigw-requestid"]
    assert calls == []


@pytest.mark.parametrize("path", ["/x/%zz", "/x/100%", "/x/%2"])
def test_a_percent_that_starts_no_escape_is_a_bad_request(apigatewayv2, gwmock, region, calls, path):
    base = make_api(apigatewayv2, region, ["$default"])
    answer = gwmock.invoke("GET", f"{base}{path}")
    assert (answer.status, answer.json()) == (400, {"message": "Bad Request"})
    assert calls == []


def test_named_stage_keeps_its_segment_and_path_parameters_are_decoded(apigatewayv2, gwmock, region, calls):
    base = make_api(apigatewayv2, region, ["GET /pets/{id}"], stage="dev")
    event = gwmock.invoke("GET", f"{base}/pets/Chester%20Mall").json()
    assert (event["rawPath"], event["routeKey"]) == ("/dev/pets/Chester Mall", "GET /pets/{id}")
    assert event["pathParameters"] == {"id": "Chester Mall"}


def test_payload_1_path_is_decoded_too(apigatewayv2, gwmock, region, calls):
    base = make_api(apigatewayv2, region, ["ANY /{proxy+}"], version="1.0", stage="dev")
    event = gwmock.invoke("GET", f"{base}/files/a%2Fb%20c?x=%2F").json()
    assert (event["path"], event["requestContext"]["path"]) == ("/dev/files/a/b c", "/dev/files/a/b c")
    assert event["resource"] == "/{proxy+}"
    assert event["pathParameters"] == {"proxy": "files/a/b c"}
    assert event["queryStringParameters"] == {"x": "/"}


def test_routes_match_the_path_decoded_once(apigatewayv2, gwmock, region, calls):
    # StackOverflow "How to encode parameters for AWS API Gateway (HTTP API)?": /a%2Fb/thing does not
    # match /{example}/thing; the parameter is the segment decoded a second time.
    base = make_api(apigatewayv2, region, ["GET /{example}/thing"])
    slash = gwmock.invoke("GET", f"{base}/a%2Fb/thing")
    assert (slash.status, slash.json()) == (404, {"message": "Not Found"})
    event = gwmock.invoke("GET", f"{base}/a%252Fb/thing").json()
    assert event["pathParameters"] == {"example": "a/b"}
    assert event["rawPath"] == "/a/b/thing"
    assert len(calls) == 1


def test_a_decoded_question_mark_ends_the_path_routes_see(apigatewayv2, gwmock, region, calls):
    base = make_api(apigatewayv2, region, ["GET /users/{id}"])
    event = gwmock.invoke("GET", f"{base}/users/me%3Fadmin=true/x?q=1").json()
    assert (event["routeKey"], event["pathParameters"]) == ("GET /users/{id}", {"id": "me"})
    assert (event["rawPath"], event["rawQueryString"]) == ("/users/me", "q=1")
    assert event["queryStringParameters"] == {"q": "1"}


def test_nul_and_bytes_that_are_not_utf8_never_break_a_request(apigatewayv2, gwmock, region, calls):
    # guesses (request's docstring): %00 is kept as a character, a byte that is not UTF-8 is U+FFFD
    base = make_api(apigatewayv2, region, ["GET /x/{id}"])
    nul = gwmock.invoke("GET", f"{base}/x/a%00b").json()
    assert (nul["rawPath"], nul["pathParameters"]) == ("/x/a\x00b", {"id": "a\x00b"})
    latin = gwmock.invoke("GET", f"{base}/x/caf%E9").json()
    assert (latin["rawPath"], latin["pathParameters"]) == ("/x/caf\ufffd", {"id": "caf\ufffd"})
    lines = gwmock.invoke("GET", f"{base}/x/a%0D%0ASet-Cookie:%20s=1").json()
    assert lines["pathParameters"] == {"id": "a\r\nSet-Cookie: s=1"}


def test_custom_domain_paths_are_decoded(apigatewayv2, gwmock, region, calls):
    domain = "api.example.com"
    apigatewayv2.create_domain_name(DomainName=domain, DomainNameConfigurations=[
        {"CertificateArn": f"arn:aws:acm:{region}:{ACCOUNT}:certificate/abc", "EndpointType": "REGIONAL"}])
    for version, key in (("2.0", "two"), ("1.0", "one")):
        base = make_api(apigatewayv2, region, ["ANY /{proxy+}"], version=version)
        api_id = base.split("//")[1].split(".")[0]
        apigatewayv2.create_api_mapping(DomainName=domain, ApiId=api_id, Stage="$default", ApiMappingKey=key)
    two = gwmock.invoke("GET", f"https://{domain}/two/items/a%20b").json()
    assert (two["rawPath"], two["pathParameters"]) == ("/items/a b", {"proxy": "items/a b"})
    one = gwmock.invoke("GET", f"https://{domain}/one/items/a%20b").json()
    assert (one["path"], one["requestContext"]["path"]) == ("/one/items/a b", "/one/items/a b")


# --- HTTP_PROXY: decoded values go back into a URL encoded ------------------------------------------


@pytest.fixture
def backend():
    with RecordingBackend() as server:
        yield server


def test_path_parameters_are_encoded_again_in_an_http_proxy_uri(apigatewayv2, gwmock, region, backend):
    api_id = apigatewayv2.create_api(Name="proxy", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY", PayloadFormatVersion="1.0",
        IntegrationUri=f"http://127.0.0.1:{backend.port}/base/{{proxy}}")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="ANY /p/{proxy+}", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    base = f"https://{api_id}.execute-api.{region}.amazonaws.com"
    # decoded once for routing, the parameter is "a#b?x/c d%\x00": quoted again, none of it is URL syntax
    assert gwmock.invoke("GET", f"{base}/p/a%2523b%253Fx/c%2520d%2525%00?q=1").status == 200
    assert backend.seen == [("GET", "/base/a%23b%3Fx/c%20d%25%00?q=1")]
