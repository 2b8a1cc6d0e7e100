"""Server mode's own endpoints (``gwmock/server/admin.py``): reset, inspection, snapshot and restore
over real HTTP, and the guards no browser page, foreign host or unsigned caller gets past."""

from __future__ import annotations

import base64
import datetime
import json
import shutil
import subprocess

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from helpers import exchange, raw_request

from gwmock import __version__
from gwmock.mock import mock_apigateway
from gwmock.server import admin, start

REGION = "us-east-1"
KEYS = {"AKIDEXAMPLE": "s3cret"}


raw = raw_request


def api_names(client):
    return [api["name"] for api in client.get_rest_apis()["items"]]


def lambda_api(client, function="fn"):
    """A REST API whose every method and path runs Lambda proxy function ``function``, deployed to ``dev``."""
    api = client.create_rest_api(name="lambda")
    proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]
    arn = f"arn:aws:lambda:{REGION}:123456789012:function:{function}"
    client.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST",
                           uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"]


def echo(event, context):
    body = event["body"]
    return {"statusCode": 200, "body": body or "", "isBase64Encoded": event["isBase64Encoded"],
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}}


def signed(server, method, path, body=b"", service="gwmock", key="AKIDEXAMPLE", secret="s3cret", headers=None):
    """Headers of a request signed by botocore's SigV4 for ``service``."""
    request = AWSRequest(method=method, url=f"{server.url}{path}", data=body, headers=headers or {})
    signer = SigV4Auth(Credentials(key, secret), service, REGION)
    request.context["timestamp"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    signer._modify_request_before_signing(request)
    string_to_sign = signer.string_to_sign(request, signer.canonical_request(request))
    signer._inject_signature_to_request(request, signer.signature(string_to_sign, request))
    return dict(request.headers.items())


@pytest.fixture
def verifying():
    running = start(timeout=1.0, credentials=KEYS)
    yield running
    running.stop()


# --- reset ----------------------------------------------------------------------------------------


def test_reset_forgets_every_account_and_the_history_but_keeps_lambda_functions(server, client_for):
    server.handle.add_lambda("fn", echo)
    api_id = lambda_api(client_for())
    client_for(key="222222222222", region="eu-west-1").create_rest_api(name="theirs")
    requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/x", timeout=5)

    answer = requests.post(f"{server.url}/_gwmock/reset", timeout=5)

    assert (answer.status_code, answer.json()) == (200, {"reset": True})
    assert answer.headers["Content-Type"] == "application/json"
    assert server.backend.dump()["collections"] == []
    assert (list(server.handle.requests), list(server.handle.calls)) == ([], [])
    assert "fn" in server.handle.lambdas
    assert api_names(client_for()) == []


def test_moto_reset_answers_as_moto_server_does(server, client_for):
    client_for().create_rest_api(name="gone")
    answer = requests.post(f"{server.url}/moto-api/reset", timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"status": "ok"})
    assert api_names(client_for()) == []


def test_reset_is_a_post_only(server, client_for):
    client_for().create_rest_api(name="kept")
    for path in ("/_gwmock/reset", "/moto-api/reset"):
        status, headers, body = raw(server, "GET", path)
        assert (status, headers["allow"], headers["x-amzn-errortype"]) == (405, "POST", "MethodNotAllowedException")
        assert body == {"message": f"gwmock: {path} answers POST, not GET"}
    assert api_names(client_for()) == ["kept"]


# --- inspection -----------------------------------------------------------------------------------


def test_requests_show_what_a_failing_lambda_raised(server, client_for):
    def boom(event, context):
        raise ValueError("bad input: " + event["path"])

    server.handle.add_lambda("fn", boom)
    api_id = lambda_api(client_for())
    assert requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/pets?x=1", timeout=5).status_code == 502

    answer = requests.get(f"{server.url}/_gwmock/requests", timeout=5)

    assert answer.status_code == 200
    listing = answer.json()
    assert {k: listing[k] for k in ("count", "limit", "omitted", "dropped")} == \
        {"count": 1, "limit": 100, "omitted": 0, "dropped": 0}
    entry = listing["requests"][0]
    assert (entry["method"], entry["url"], entry["status"]) == \
        ("GET", f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/pets?x=1", 502)
    assert entry["error"] == "ValueError('bad input: /pets')"
    assert entry["traceback"].endswith("ValueError: bad input: /pets\n")
    assert entry["response_body"] == {"text": '{"message":"Internal server error"}', "size": 35, "truncated": False}
    assert any("Lambda execution failed" in line for line in entry["log"])
    assert entry["log"] == list(server.handle.requests[-1].log)
    assert entry["access_log"] is None and entry["truncated"] is False
    assert entry["headers"]["user-agent"].startswith("python-requests/")


def test_requests_keep_repeated_response_headers_and_encode_binary_bodies(server, client_for):
    server.handle.add_lambda("fn", echo)
    api_id = lambda_api(client_for())
    client_for().update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "add", "path": "/binaryMediaTypes/application~1octet-stream"}])
    client_for().create_deployment(restApiId=api_id, stageName="dev")
    data = bytes(range(256))
    requests.post(f"{server.url}/restapis/{api_id}/dev/_user_request_/bin", data=data,
                  headers={"Content-Type": "application/octet-stream"}, timeout=5)

    entry = requests.get(f"{server.url}/_gwmock/requests", timeout=5).json()["requests"][-1]

    assert entry["body"] == {"base64": base64.b64encode(data).decode(), "size": 256, "truncated": False}
    assert entry["response_headers"]["Set-Cookie"] == ["a=1", "b=2"]


def test_big_bodies_are_cut_at_64_kb_without_splitting_a_character(server, client_for):
    server.handle.add_lambda("fn", echo)
    api_id = lambda_api(client_for())
    text = "a" + "\u00e9" * 40_000  # 80,001 bytes: the cut falls inside a two-byte character
    requests.post(f"{server.url}/restapis/{api_id}/dev/_user_request_/big", data=text.encode(),
                  headers={"Content-Type": "text/plain; charset=utf-8"}, timeout=5)

    entry = requests.get(f"{server.url}/_gwmock/requests?limit=1", timeout=5).json()["requests"][0]

    assert entry["body"] == {"text": text[:32_768], "size": 80_001, "truncated": True}
    assert entry["response_body"]["truncated"] is True and entry["truncated"] is True


def test_the_access_log_line_is_shown(server, client_for):
    server.handle.add_lambda("fn", echo)
    client = client_for()
    api_id = lambda_api(client)
    client.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": f"arn:aws:logs:{REGION}:123456789012:log-group:access"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.status $context.requestId"}])
    answer = requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/x", timeout=5)

    entry = requests.get(f"{server.url}/_gwmock/requests", timeout=5).json()["requests"][-1]

    assert entry["access_log"] == f"200 {answer.headers['x-amzn-RequestId']}"


def test_limit_gives_the_newest_last(server, client_for):
    server.handle.add_lambda("fn", echo)
    api_id = lambda_api(client_for())
    for name in ("one", "two", "three"):
        requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/{name}", timeout=5)

    listing = requests.get(f"{server.url}/_gwmock/requests?limit=2", timeout=5).json()

    assert [entry["url"].rsplit("/", 1)[1] for entry in listing["requests"]] == ["two", "three"]
    assert (listing["count"], listing["limit"]) == (2, 2)


def test_calls_are_listed_with_blob_parameters_encoded(server, client_for):
    client = client_for()
    document = {"openapi": "3.0.1", "info": {"title": "imported", "version": "1"}, "paths": {}}
    client.import_rest_api(body=json.dumps(document).encode())
    with pytest.raises(ClientError):
        client.import_rest_api(body=b"\xff\xfe not a document")

    listing = requests.get(f"{server.url}/_gwmock/calls", timeout=5).json()

    imported, refused = listing["calls"]
    assert imported == {"service": "apigateway", "operation": "ImportRestApi", "status": 201, "error_code": None,
                        "params": {"body": {"text": json.dumps(document), "size": len(json.dumps(document)),
                                            "truncated": False}},
                        "truncated": False}
    assert refused["params"]["body"] == {"base64": base64.b64encode(b"\xff\xfe not a document").decode(),
                                         "size": 17, "truncated": False}
    assert (refused["status"], refused["error_code"]) == (400, "BadRequestException")
    assert [c["operation"] for c in requests.get(f"{server.url}/_gwmock/calls?limit=1", timeout=5).json()["calls"]] \
        == ["ImportRestApi"]


def test_an_exception_whose_repr_fails_is_shown_by_its_type(server, client_for):
    class Sneaky(Exception):
        def __repr__(self):
            raise RuntimeError("no")

    def boom(event, context):
        raise Sneaky()

    server.handle.add_lambda("fn", boom)
    api_id = lambda_api(client_for())
    requests.get(f"{server.url}/restapis/{api_id}/dev/_user_request_/x", timeout=5)

    entry = requests.get(f"{server.url}/_gwmock/requests", timeout=5).json()["requests"][-1]

    assert entry["error"] == "<Sneaky>" and entry["status"] == 502


def test_an_answer_past_its_size_leaves_out_the_oldest_entries(server, client_for, monkeypatch):
    server.handle.add_lambda("fn", echo)
    api_id = lambda_api(client_for())
    for index in range(5):
        requests.post(f"{server.url}/restapis/{api_id}/dev/_user_request_/{index}", data=b"x" * 10_000,
                      headers={"Content-Type": "text/plain"}, timeout=5)
    one = len(json.dumps(requests.get(f"{server.url}/_gwmock/requests?limit=1", timeout=5).json()["requests"][0],
                         separators=(",", ":")))
    monkeypatch.setattr(admin, "MAX_ANSWER", int(2.5 * one))

    listing = requests.get(f"{server.url}/_gwmock/requests", timeout=5).json()

    assert [entry["url"][-1] for entry in listing["requests"]] == ["3", "4"]
    assert (listing["count"], listing["omitted"]) == (2, 3)


# --- snapshot and restore -------------------------------------------------------------------------


def test_a_snapshot_restores_a_deployed_api(server, client_for, deployed_mock_api):
    api_id = deployed_mock_api(client_for())
    snapshot = requests.get(f"{server.url}/_gwmock/snapshot", timeout=5)
    assert snapshot.status_code == 200 and snapshot.json() == server.handle.snapshot()
    requests.post(f"{server.url}/_gwmock/reset", timeout=5)
    pets = f"{server.url}/restapis/{api_id}/dev/_user_request_/pets"
    assert requests.get(pets, timeout=5).status_code == 403

    answer = requests.post(f"{server.url}/_gwmock/restore", data=snapshot.content,
                           headers={"Content-Type": "application/json"}, timeout=5)

    assert (answer.status_code, answer.json()) == (200, {"restored": True})
    assert (requests.get(pets, timeout=5).status_code, requests.get(pets, timeout=5).json()) == (200, {"served": True})


@pytest.mark.parametrize(("body", "message"), [
    (b"", "gwmock: POST /_gwmock/restore takes the JSON document GET /_gwmock/snapshot answers"),
    (b'"/etc/passwd"', "a snapshot is the object GET /_gwmock/snapshot answers, not a string"),
    (b"[]", "a snapshot is the object GET /_gwmock/snapshot answers, not an array"),
    (b'{"format": "x"}', "not a gwmock snapshot: 'format' is 'x', expected 'gwmock-state/1'"),
    (b'{"format": "gwmock-state/1", "collections": [[["a"], [["id", "not an object"]]]]}',
     "snapshot collections[0] item 0 must be an [id, record] pair: a string and an object"),
    (b"{not json", None),
    (b"[" * 100_000 + b"]" * 100_000, None),
    (b"\xff\xfe", None),
], ids=["empty", "a-path", "array", "format", "record", "syntax", "deep", "not-utf8"])
def test_a_bad_restore_document_is_400_and_changes_nothing(server, client_for, body, message):
    client_for().create_rest_api(name="kept")
    status, headers, answer = raw(server, "POST", "/_gwmock/restore", {"Content-Type": "application/json"}, body)
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    if message is not None:
        assert answer == {"message": message}
    else:
        assert answer["message"].startswith("gwmock: the snapshot is not JSON gwmock reads: ")
    assert api_names(client_for()) == ["kept"]


def test_a_restore_body_over_the_servers_cap_is_413():
    with start(timeout=1.0, max_body=1000) as running:
        status, _, body = raw(running, "POST", "/_gwmock/restore", {"Content-Type": "application/json"},
                              b'{"format": "gwmock-state/1", "collections": []' + b" " * 2000 + b"}")
        assert (status, body) == (413, {"message": "Request Too Long"})


def test_a_slow_restore_body_times_out():
    with start(timeout=0.3) as running:
        answer, took = exchange(running, b"POST /_gwmock/restore HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                         b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"for", 3.0)
        assert answer.startswith(b"HTTP/1.1 408 ") and took < 2.5


# --- health, unknown paths, methods ---------------------------------------------------------------


def test_health(server):
    answer = requests.get(f"{server.url}/_gwmock/health", timeout=5)
    assert (answer.status_code, answer.json()) == (200, {"status": "running", "version": __version__})
    assert (answer.headers["Cache-Control"], answer.headers["X-Content-Type-Options"]) == ("no-store", "nosniff")


def test_head_is_answered_where_get_is(server):
    status, headers, body = raw(server, "HEAD", "/_gwmock/health")
    assert (status, body, headers["content-type"]) == (200, None, "application/json")


@pytest.mark.parametrize("path", [
    "/_gwmock", "/_gwmock/", "/_gwmock/nope", "/_gwmock/reset/", "/_gwmock//reset", "/_gwmock/../restapis",
    "/_gwmock/%2e%2e/restapis", "/_gwmock/reset%00", "/_gwmockreset", "/moto-api/data.json",
])
def test_unknown_paths_are_404_and_reach_nothing_else(server, client_for, path):
    client_for().create_rest_api(name="kept")
    status, headers, body = raw(server, "POST", path, {"Content-Type": "application/json"}, b"{}")
    assert (status, headers["x-amzn-errortype"]) == (404, "NotFoundException")
    assert body["message"].startswith(f"gwmock: no endpoint {path!r}; the endpoints are POST /_gwmock/reset, ")
    assert api_names(client_for()) == ["kept"]


@pytest.mark.parametrize("path", ["/%5Fgwmock/reset", "/%5fgwmock/reset", "/_GWMOCK/reset", "/moto-api%2Freset"])
def test_encoded_or_other_spellings_are_the_control_plane_and_demand_a_signature(server, client_for, path):
    client_for().create_rest_api(name="kept")
    status, headers, _ = raw(server, "POST", path)
    assert (status, headers["x-amzn-errortype"]) == (403, "MissingAuthenticationTokenException")
    assert api_names(client_for()) == ["kept"]


@pytest.mark.parametrize("query", [
    "limit=0", "limit=-1", "limit=abc", "limit=1e3", "limit=", "limit=%EF%BC%91", "limit=1&limit=2", "other=1",
    "&".join(f"p{i}=1" for i in range(50)),
])
def test_bad_limits_and_parameters_are_400(server, query):
    status, headers, body = raw(server, "GET", f"/_gwmock/requests?{query}")
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert body["message"].startswith("gwmock: ")


def test_a_huge_limit_is_clamped_to_the_history():
    with mock_apigateway(history=3) as gw, start(gw) as running:
        for digits in ("4", "99999999999999999999999999999999999999"):
            listing = requests.get(f"{running.url}/_gwmock/calls?limit={digits}", timeout=5).json()
            assert listing["limit"] == 3
    with start() as running:
        assert requests.get(f"{running.url}/_gwmock/requests?limit={'9' * 5000}", timeout=5).json()["limit"] == \
            running.handle.requests.limit


# --- who may call ---------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Content-Type": "text/plain"},
    {"Content-Type": "application/x-www-form-urlencoded"},
    {"Content-Type": "multipart/form-data; boundary=x"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "same-origin"},  # a page a deployed API served from this origin
], ids=["origin", "null-origin", "text", "form", "multipart", "cross-site", "same-site", "same-origin"])
def test_browser_requests_cannot_reset_or_read(server, client_for, headers):
    client_for().create_rest_api(name="kept")
    for method, path in (("POST", "/_gwmock/reset"), ("POST", "/moto-api/reset"), ("GET", "/_gwmock/snapshot"),
                         ("GET", "/_gwmock/calls"), ("POST", "/_gwmock/restore")):
        status, answer_headers, body = raw(server, method, path, headers, b"{}" if method == "POST" else None)
        assert (status, answer_headers["x-amzn-errortype"]) == (403, "AccessDeniedException")
        assert "refused" in body["message"] and "kept" not in json.dumps(body)
    assert api_names(client_for()) == ["kept"]


def test_a_url_typed_in_the_browser_is_answered(server):
    status, _, body = raw(server, "GET", "/_gwmock/health", {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"})
    assert (status, body["status"]) == (200, "running")


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil.example:4566"])
def test_a_rebound_host_name_is_refused(server, client_for, host):
    client_for().create_rest_api(name="kept")
    status, headers, body = raw(server, "POST", "/_gwmock/reset", {"Host": host})
    assert (status, headers["x-amzn-errortype"]) == (403, "AccessDeniedException")
    assert body["message"].startswith("request refused: Host ")
    assert api_names(client_for()) == ["kept"]


def test_an_absolute_target_naming_a_foreign_host_is_refused(server, client_for):
    client_for().create_rest_api(name="kept")
    answer, _ = exchange(server, b"POST http://evil.example/_gwmock/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 b"Content-Length: 0\r\nConnection: close\r\n\r\n", 3.0)
    assert answer.startswith(b"HTTP/1.1 403 ") and b"AccessDeniedException" in answer
    assert api_names(client_for()) == ["kept"]


def test_a_deployed_apis_host_keeps_the_path(server, client_for, deployed_mock_api):
    api_id = deployed_mock_api(client_for())
    status, _, body = raw(server, "POST", "/_gwmock/reset", {"Host": f"{api_id}.execute-api.{REGION}.amazonaws.com"})
    assert (status, body) == (403, {"message": "Missing Authentication Token"})  # the API's own answer
    assert api_names(client_for()) == ["served"]


# --- with credentials -----------------------------------------------------------------------------


@pytest.mark.parametrize(("headers", "code"), [
    ({}, "MissingAuthenticationTokenException"),
    ({"Authorization": "Bearer x"}, "IncompleteSignatureException"),
], ids=["unsigned", "malformed"])
def test_unsigned_requests_are_refused_when_credentials_are_configured(verifying, headers, code):
    verifying.handle.add_lambda("fn", echo)
    for method, path in (("POST", "/_gwmock/reset"), ("POST", "/moto-api/reset"), ("GET", "/_gwmock/requests"),
                         ("GET", "/_gwmock/snapshot"), ("GET", "/_gwmock/health"), ("GET", "/_gwmock/nope")):
        status, answer_headers, _ = raw(verifying, method, path, headers)
        assert (status, answer_headers["x-amzn-errortype"]) == (403, code)


@pytest.mark.parametrize("service", ["gwmock", "apigateway", "execute-api"])
def test_a_signature_of_a_configured_key_passes_whatever_the_service(verifying, service):
    status, _, body = raw(verifying, "POST", "/_gwmock/reset", signed(verifying, "POST", "/_gwmock/reset",
                                                                       service=service))
    assert (status, body) == (200, {"reset": True})
    path = "/_gwmock/calls?limit=5"
    status, _, body = raw(verifying, "GET", path, signed(verifying, "GET", path, service=service))
    assert (status, body["calls"]) == (200, [])


def test_wrong_secrets_unknown_keys_and_changed_bodies_are_refused(verifying):
    client = boto3.client("apigateway", region_name=REGION, endpoint_url=verifying.url,
                          aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="s3cret")
    client.create_rest_api(name="kept")
    bad = signed(verifying, "POST", "/_gwmock/reset", secret="wrong")
    assert raw(verifying, "POST", "/_gwmock/reset", bad)[1]["x-amzn-errortype"] == "InvalidSignatureException"
    unknown = signed(verifying, "POST", "/_gwmock/reset", key="AKIDOTHER")
    assert raw(verifying, "POST", "/_gwmock/reset", unknown)[1]["x-amzn-errortype"] == "UnrecognizedClientException"
    headers = signed(verifying, "POST", "/_gwmock/restore", b'{"format": "gwmock-state/1", "collections": []}',
                     headers={"Content-Type": "application/json"})
    status, answer_headers, _ = raw(verifying, "POST", "/_gwmock/restore", headers,
                                    b'{"format": "gwmock-state/1", "collections": [] }')
    assert (status, answer_headers["x-amzn-errortype"]) == (403, "InvalidSignatureException")
    assert api_names(client) == ["kept"]


def test_a_signed_browser_request_is_still_refused(verifying):
    headers = {**signed(verifying, "GET", "/_gwmock/snapshot"), "Sec-Fetch-Site": "cross-site"}
    status, answer_headers, _ = raw(verifying, "GET", "/_gwmock/snapshot", headers)
    assert (status, answer_headers["x-amzn-errortype"]) == (403, "AccessDeniedException")


def _curl_signs():
    curl = shutil.which("curl")
    if curl is None:
        return False
    version = subprocess.run([curl, "--version"], capture_output=True, text=True, timeout=10).stdout.split()
    return len(version) > 1 and tuple(int(p) for p in version[1].split(".")[:2] if p.isdigit()) >= (7, 75)


@pytest.mark.skipif(not _curl_signs(), reason="needs curl 7.75 or later (--aws-sigv4)")
def test_curl_aws_sigv4_as_documented(verifying, client_for):
    boto3.client("apigateway", region_name=REGION, endpoint_url=verifying.url, aws_access_key_id="AKIDEXAMPLE",
                 aws_secret_access_key="s3cret").create_rest_api(name="gone")
    command = ["curl", "-sS", "--aws-sigv4", "aws:amz:us-east-1:gwmock", "--user", "AKIDEXAMPLE:s3cret"]
    reset = subprocess.run([*command, "-X", "POST", f"{verifying.url}/_gwmock/reset"], capture_output=True,
                           text=True, timeout=30)
    assert json.loads(reset.stdout) == {"reset": True}
    assert verifying.backend.dump()["collections"] == []
    snapshot = subprocess.run([*command, f"{verifying.url}/_gwmock/snapshot"], capture_output=True, text=True,
                              timeout=30)
    restore = subprocess.run([*command, "-H", "Content-Type: application/json", "--data-binary", snapshot.stdout,
                              f"{verifying.url}/_gwmock/restore"], capture_output=True, text=True, timeout=30)
    assert json.loads(restore.stdout) == {"restored": True}
