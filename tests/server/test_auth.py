"""Control-plane authentication over HTTP: SigV4 demanded, optionally verified; cross-site refused."""

from __future__ import annotations

import datetime
import http.client
import json

import boto3
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from gwmock.server import start
from gwmock.server.options import parse_credentials

STAMP = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
SCOPE = f"testing/{STAMP[:8]}/us-east-1/apigateway/aws4_request"


def raw(server, method, path, headers=None, body=None):
    """(status, error type header, JSON body) of one request sent with http.client."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, response.getheader("x-amzn-ErrorType"), (json.loads(data) if data else None)


def nothing_created(server):
    return server.backend.dump()["collections"] == []


def test_unsigned_create_is_refused_and_creates_nothing(server):
    status, code, body = raw(server, "POST", "/restapis", {"Content-Type": "application/json"}, b'{"name":"x"}')
    assert (status, code, body) == (403, "MissingAuthenticationTokenException",
                                    {"message": "Missing Authentication Token"})
    assert nothing_created(server)


def test_unsigned_boto3_client_gets_aws_error(server):
    from botocore import UNSIGNED
    from botocore.config import Config

    client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=server.url,
                          config=Config(signature_version=UNSIGNED))
    with pytest.raises(ClientError) as caught:
        client.get_rest_apis()
    error = caught.value.response
    assert error["Error"] == {"Code": "MissingAuthenticationTokenException", "Message": "Missing Authentication Token"}
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403


REQUIRES = ("Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
            "parameter. Authorization header requires 'SignedHeaders' parameter.")


@pytest.mark.parametrize(("authorization", "date", "message"), [
    ("eyJhbGciOi.jwt", STAMP, f"{REQUIRES} Authorization=eyJhbGciOi.jwt"),
    ("Bearer token", STAMP,
     "'token' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer token'."),
    (f"AWS4-HMAC-SHA256 Credential={SCOPE}, Signature=ab", STAMP,
     "Authorization header requires 'SignedHeaders' parameter. "
     f"Authorization=AWS4-HMAC-SHA256 Credential={SCOPE}, Signature=ab"),
    (f"AWS4-HMAC-SHA256 Credential={SCOPE}, SignedHeaders=host, Signature=ab", None,
     "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
     f"Authorization=AWS4-HMAC-SHA256 Credential={SCOPE}, SignedHeaders=host, Signature=ab"),
    ("AWS4-HMAC-SHA256 Credential=testing/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=ab",
     STAMP, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
            "got 'testing/us-east-1/apigateway/aws4_request'"),
    (f"AWS4-HMAC-SHA256 Credential={SCOPE[:-12]}aws4_x, SignedHeaders=host, Signature=ab", STAMP,
     "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_x'. "),
    (f"AWS4-HMAC-SHA512 Credential={SCOPE}, SignedHeaders=host, Signature=ab", STAMP,
     "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'."),
    (f"AWS4-HMAC-SHA256 Credential={SCOPE}, SignedHeaders=host;x-custom, Signature=ab", STAMP,
     "'x-custom' is named as a SignedHeader, but it does not exist in the HTTP request."),
], ids=["jwt", "bearer", "no-signed-headers", "no-date", "short-scope", "terminator", "algorithm", "unsent-header"])
def test_malformed_signatures_are_incomplete(server, authorization, date, message):
    headers = {"Authorization": authorization, **({"X-Amz-Date": date} if date else {})}
    status, code, body = raw(server, "GET", "/restapis", headers)
    assert (status, code, body) == (403, "IncompleteSignatureException", {"message": message})


@pytest.mark.parametrize(("credential", "message"), [
    (SCOPE.replace("/apigateway/", "/execute-api/"), "Credential should be scoped to correct service: 'apigateway'. "),
    (SCOPE.replace("/us-east-1/", "/Mars/"), "Credential should be scoped to a valid region, not 'Mars'. "),
    (SCOPE.replace(STAMP[:8], "20200101"),
     f"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
     f"'20200101' != '{STAMP[:8]}', from '{STAMP}'."),
], ids=["service", "region", "date"])
def test_wrong_scopes_are_invalid_signatures(server, credential, message):
    headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders=host, Signature=ab",
               "X-Amz-Date": STAMP}
    assert raw(server, "GET", "/restapis", headers) == (403, "InvalidSignatureException", {"message": message})


def test_a_made_up_signature_passes_without_configured_credentials(server):
    headers = {"Authorization": f"AWS4-HMAC-SHA256 Credential={SCOPE}, SignedHeaders=host, Signature=ab",
               "X-Amz-Date": STAMP}
    assert raw(server, "GET", "/restapis", headers) == (200, None, {"item": []})


# --- verified signatures ----------------------------------------------------------------------------


@pytest.fixture
def verifying():
    running = start(timeout=0.3, credentials={"AKIDEXAMPLE": "s3cret", "222222222222": "other"})
    yield running
    running.stop()


def client(server, key, secret, service="apigateway"):
    return boto3.client(service, region_name="eu-west-1", endpoint_url=server.url, aws_access_key_id=key,
                        aws_secret_access_key=secret)


def test_good_signatures_pass_verification(verifying):
    api = client(verifying, "AKIDEXAMPLE", "s3cret").create_rest_api(name="signed", tags={"a": "b c/d"})
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    mine = client(verifying, "AKIDEXAMPLE", "s3cret")
    assert mine.get_resources(restApiId=api["id"], limit=5, embed=["methods"])["items"][0]["path"] == "/"
    assert client(verifying, "222222222222", "other", "apigatewayv2").get_apis()["Items"] == []
    v2 = client(verifying, "AKIDEXAMPLE", "s3cret", "apigatewayv2")
    http_api = v2.create_api(Name="v2", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=http_api, StageName="$default")
    assert v2.get_stage(ApiId=http_api, StageName="$default")["StageName"] == "$default"  # %24 in the path
    with pytest.raises(ClientError) as caught:  # encoded path characters sign alike on both sides
        mine.get_stage(restApiId=api["id"], stageName="s p/a%ce~\u00e9")
    assert caught.value.response["Error"]["Code"] == "NotFoundException"


def test_a_bad_secret_is_refused_with_awss_message(verifying):
    with pytest.raises(ClientError) as caught:
        client(verifying, "AKIDEXAMPLE", "wrong").create_rest_api(name="x")
    error = caught.value.response
    assert error["Error"]["Code"] == "InvalidSignatureException"
    assert error["Error"]["Message"].startswith(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
        "Access Key and signing method. Consult the service documentation for details.\n\n"
        "The Canonical String for this request should have been\n'POST\n/restapis\n")
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert nothing_created(verifying)


def test_an_unknown_key_is_unrecognized(verifying):
    with pytest.raises(ClientError) as caught:
        client(verifying, "AKIDOTHER", "s3cret").get_rest_apis()
    assert caught.value.response["Error"] == {"Code": "UnrecognizedClientException",
                                              "Message": "The security token included in the request is invalid."}
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def _signed(server, method, path, body, key="AKIDEXAMPLE", secret="s3cret", when=None, headers=None):
    """Headers of a request signed by botocore, at ``when`` (default now)."""
    request = AWSRequest(method=method, url=f"{server.url}{path}", data=body, headers=headers or {})
    signer = SigV4Auth(Credentials(key, secret), "apigateway", "us-east-1")
    when = when or datetime.datetime.now(datetime.timezone.utc)
    request.context["timestamp"] = when.strftime("%Y%m%dT%H%M%SZ")
    signer._modify_request_before_signing(request)
    string_to_sign = signer.string_to_sign(request, signer.canonical_request(request))
    signer._inject_signature_to_request(request, signer.signature(string_to_sign, request))
    return dict(request.headers.items())


def test_a_changed_body_breaks_the_signature(verifying):
    headers = _signed(verifying, "POST", "/restapis", b'{"name":"a"}', headers={"Content-Type": "application/json"})
    status, code, _ = raw(verifying, "POST", "/restapis", headers, b'{"name":"b"}')
    assert (status, code) == (403, "InvalidSignatureException")
    status, code, body = raw(verifying, "POST", "/restapis", headers, b'{"name":"a"}')
    assert (status, body["name"]) == (201, "a")


def test_an_old_signature_has_expired(verifying):
    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    headers = _signed(verifying, "GET", "/restapis", b"", when=old)
    status, code, body = raw(verifying, "GET", "/restapis", headers)
    assert (status, code) == (403, "InvalidSignatureException")
    assert body["message"].startswith(f"Signature expired: {old.strftime('%Y%m%dT%H%M%SZ')} is now earlier than ")
    assert body["message"].endswith(" - 5 min.)")
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=20)
    status, code, body = raw(verifying, "GET", "/restapis", _signed(verifying, "GET", "/restapis", b"", when=future))
    assert (status, code) == (403, "InvalidSignatureException")
    assert body["message"].startswith(f"Signature not yet current: {future.strftime('%Y%m%dT%H%M%SZ')} is still ")


def test_hostile_signature_parts_are_refused_not_crashed(verifying):
    # a non-ASCII signature (compare_digest refuses such text), a Date past year 9999 (no datetime holds it)
    # and a Host no URL holds each reached Python errors before (500); now AWS's refusals
    good = _signed(verifying, "GET", "/restapis", b"")
    auth = good["Authorization"]
    accented = auth[:auth.index("Signature=") + len("Signature=")] + "\u00e9" * 64
    status, code, body = raw(verifying, "GET", "/restapis", {**good, "Authorization": accented.encode("latin-1")})
    assert (status, code) == (403, "InvalidSignatureException")
    assert body["message"].startswith("The request signature we calculated does not match")
    no_stamp = {k: v for k, v in good.items() if k.lower() != "x-amz-date"}
    status, code, _ = raw(verifying, "GET", "/restapis", {**no_stamp, "Date": "Tue, 31 Dec 9999 23:59:59 -2359"})
    assert (status, code) == (403, "InvalidSignatureException")
    for host in ("[::1", "127.0.0.1:99999", "localhost:abc"):  # past the loopback guard; no URL holds them
        status, code, body = raw(verifying, "GET", "/restapis", {**good, "Host": host})
        assert (status, code) == (400, "BadRequestException"), host
        assert body["message"].startswith(f"Bad Request: Host {host!r}")
    assert raw(verifying, "GET", "/restapis", _signed(verifying, "GET", "/restapis", b""))[0] == 200


def test_credentials_parse_from_cli_and_env_forms():
    assert parse_credentials(["A:b", "C:d,E:f:g"]) == {"A": "b", "C": "d", "E": "f:g"}
    with pytest.raises(ValueError, match="KEY:SECRET"):
        parse_credentials(["nosecret"])


# --- cross-site and foreign hosts ---------------------------------------------------------------------


SIGNED = {"Authorization": f"AWS4-HMAC-SHA256 Credential={SCOPE}, SignedHeaders=host, Signature=ab",
          "X-Amz-Date": STAMP}


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain;charset=UTF-8",
                                          "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_simple_cross_site_content_types_are_refused(server, content_type):
    status, code, body = raw(server, "POST", "/restapis", {**SIGNED, "Content-Type": content_type},
                             b'{"name":"x"}')
    assert (status, code) == (403, "AccessDeniedException")
    assert "cross-site request refused: Content-Type" in body["message"]
    assert nothing_created(server)


def test_a_foreign_origin_is_refused(server):
    status, code, body = raw(server, "POST", "/restapis",
                             {**SIGNED, "Content-Type": "application/json", "Origin": "http://evil.example"},
                             b'{"name":"x"}')
    assert (status, code) == (403, "AccessDeniedException")
    assert "Origin 'http://evil.example' is not this server's origin" in body["message"]
    assert nothing_created(server)


def test_the_servers_own_origin_is_refused_too(server):
    # a page served from this origin (a deployed API's) by a browser that sends no Sec-Fetch-Site
    # (Safari before 16.4) sends only Origin: tools send none
    own = f"http://127.0.0.1:{server.port}"
    status, code, body = raw(server, "POST", "/restapis", {**SIGNED, "Content-Type": "application/json", "Origin": own},
                             b'{"name":"x"}')
    assert (status, code) == (403, "AccessDeniedException")
    assert f"Origin '{own}' shows a web page sent it" in body["message"]
    assert nothing_created(server)


def test_a_rebound_host_name_is_refused(server):
    status, code, body = raw(server, "GET", "/restapis", {**SIGNED, "Host": f"attacker.example:{server.port}"})
    assert (status, code) == (403, "AccessDeniedException")
    assert "Host 'attacker.example' is not a loopback or AWS name" in body["message"]


def test_allowed_hosts_are_answered():
    running = start(allowed_hosts=("gwmock",))
    try:
        assert raw(running, "GET", "/restapis", {**SIGNED, "Host": "gwmock:4566"})[0] == 200
        assert raw(running, "GET", "/restapis", {**SIGNED, "Host": "apigateway.us-east-1.amazonaws.com"})[0] == 200
    finally:
        running.stop()


def test_deployed_apis_do_not_demand_sigv4_or_refuse_cross_site(server):
    answer = requests.post(f"{server.url}/restapis/nope/dev/_user_request_/x", data="hi",
                           headers={"Content-Type": "text/plain", "Origin": "http://app.example"}, timeout=5)
    # no such API: API Gateway's answer, not the control plane's guards
    assert answer.status_code == 403 and answer.headers.get("x-amzn-ErrorType") != "AccessDeniedException"
