"""IAM-authorized REST methods and HTTP API routes called with the signing libraries users call them
with: requests-aws4auth, aws-requests-auth (and its botocore helper), botocore's own ``SigV4Auth``
sent through requests, httpx and urllib3, and presigned URLs (``SigV4QueryAuth``), with long-term
and temporary credentials. What the Lambda proxy sees of the signer, and AWS's refusals of what
API Gateway checks without the secret key (``gwmock.runtime.sigv4``).
"""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import httpx
import pytest
import requests
import urllib3
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.websocket.connections import Rejected

aws4auth = pytest.importorskip("requests_aws4auth")
aws_requests_auth = pytest.importorskip("aws_requests_auth.aws_auth")
freezegun = pytest.importorskip("freezegun")

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
KEY, SECRET, TOKEN = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLE//token"
TEMP_KEY = "ASIAIOSFODNN7EXAMPLE"
OTHER = "111122223333"  # a 12-digit access key is that account's caller (gwmock's rule)
T0 = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc)


def _echo(event, context):
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}


def _rest(client, gw, policy=None):
    gw.add_lambda(FN, _echo)
    api = client.create_rest_api(name="iam", **({"policy": json.dumps(policy)} if policy else {}))
    pets = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    for verb in ("GET", "POST"):
        client.put_method(restApiId=api["id"], resourceId=pets, httpMethod=verb, authorizationType="AWS_IAM")
        client.put_integration(restApiId=api["id"], resourceId=pets, httpMethod=verb, type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets"


def _http(client, gw, version="2.0"):
    gw.add_lambda(FN, _echo)
    api = client.create_api(Name="iam", ProtocolType="HTTP")["ApiId"]
    target = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                       PayloadFormatVersion=version)["IntegrationId"]
    for key in ("GET /pets", "POST /pets"):
        client.create_route(ApiId=api, RouteKey=key, AuthorizationType="AWS_IAM", Target=f"integrations/{target}")
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/pets"


@pytest.fixture
def rest_url(apigateway, gwmock):
    return _rest(apigateway, gwmock)


@pytest.fixture
def http_url(apigatewayv2, gwmock):
    return _http(apigatewayv2, gwmock)


def _signed(url, method="GET", body=None, credentials=None, service="execute-api", region=REGION, headers=None):
    """Headers botocore's ``SigV4Auth`` signs ``url`` with (as users do before sending it themselves)."""
    request = AWSRequest(method=method, url=url, data=body, headers=headers or {})
    SigV4Auth(credentials or Credentials(KEY, SECRET), service, region).add_auth(request)
    return dict(request.headers.items())


def _rest_identity(key=KEY, account=DEFAULT_ACCOUNT):
    return {"accessKey": key, "accountId": account, "caller": key, "user": key,
            "userArn": f"arn:aws:iam::{account}:user/{key}", "principalOrgId": None,
            "cognitoAuthenticationProvider": None, "cognitoAuthenticationType": None, "cognitoIdentityId": None,
            "cognitoIdentityPoolId": None}


def _iam(key=KEY, account=DEFAULT_ACCOUNT):
    return {"accessKey": key, "accountId": account, "callerId": key, "cognitoIdentity": None,
            "principalOrgId": None, "userArn": f"arn:aws:iam::{account}:user/{key}", "userId": key}


def _assert_rest_signer(response, key=KEY, account=DEFAULT_ACCOUNT):
    assert response.status_code == 200, response.text
    identity = response.json()["requestContext"]["identity"]
    assert {name: identity[name] for name in _rest_identity()} == _rest_identity(key, account)


def _assert_http_signer(response, key=KEY, account=DEFAULT_ACCOUNT):
    assert response.status_code == 200, response.text
    assert response.json()["requestContext"]["authorizer"] == {"iam": _iam(key, account)}


def _refused(response, message, error_type="InvalidSignatureException"):
    assert (response.status_code, response.json()) == (403, {"message": message})
    assert response.headers["x-amzn-ErrorType"] == error_type


# --- the signing libraries ---------------------------------------------------------------------------


def test_requests_aws4auth_on_rest_and_http(rest_url, http_url):
    auth = aws4auth.AWS4Auth(KEY, SECRET, REGION, "execute-api")
    _assert_rest_signer(requests.get(rest_url, auth=auth, params={"kind": "cat"}, timeout=5))
    _assert_http_signer(requests.get(http_url, auth=auth, params={"kind": "cat"}, timeout=5))
    posted = requests.post(rest_url, auth=auth, json={"name": "Rex"}, timeout=5)  # signs the body's hash
    _assert_rest_signer(posted)
    assert json.loads(posted.json()["body"]) == {"name": "Rex"}


def test_requests_aws4auth_with_temporary_credentials(rest_url, http_url):
    auth = aws4auth.AWS4Auth(TEMP_KEY, SECRET, REGION, "execute-api", session_token=TOKEN)
    response = requests.get(rest_url, auth=auth, timeout=5)
    _assert_rest_signer(response, TEMP_KEY)
    sent = {name.lower(): value for name, value in response.json()["headers"].items()}
    assert sent["x-amz-security-token"] == TOKEN  # passed on, as AWS does
    _assert_http_signer(requests.get(http_url, auth=auth, timeout=5), TEMP_KEY)


def test_aws_requests_auth_and_its_botocore_helper(rest_url, http_url, monkeypatch):
    from aws_requests_auth.boto_utils import BotoAWSRequestsAuth

    for url, check in ((rest_url, _assert_rest_signer), (http_url, _assert_http_signer)):
        host = url.split("/")[2]
        auth = aws_requests_auth.AWSRequestsAuth(aws_access_key=KEY, aws_secret_access_key=SECRET, aws_host=host,
                                                 aws_region=REGION, aws_service="execute-api")
        check(requests.get(url, auth=auth, timeout=5))
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEMP_KEY)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
        monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
        check(requests.get(url, auth=BotoAWSRequestsAuth(aws_host=host, aws_region=REGION,
                                                         aws_service="execute-api"), timeout=5), TEMP_KEY)


def test_botocore_sigv4auth_sent_with_requests_httpx_and_urllib3(rest_url, http_url):
    body = b'{"name": "Rex"}'
    for url, check in ((rest_url, _assert_rest_signer), (http_url, _assert_http_signer)):
        headers = _signed(url, "POST", body, Credentials(TEMP_KEY, SECRET, TOKEN),
                          headers={"Content-Type": "application/json"})
        check(requests.post(url, data=body, headers=headers, timeout=5), TEMP_KEY)
        check(httpx.post(url, content=body, headers=headers), TEMP_KEY)
        answer = urllib3.PoolManager().request("POST", url, body=body, headers=headers)
        check(SimpleNamespace(status_code=answer.status, text=answer.data, json=lambda a=answer: json.loads(a.data)),
              TEMP_KEY)


def test_presigned_urls(rest_url, http_url):
    for url, check in ((rest_url, _assert_rest_signer), (http_url, _assert_http_signer)):
        request = AWSRequest(method="GET", url=url + "?kind=cat")
        SigV4QueryAuth(Credentials(TEMP_KEY, SECRET, TOKEN), "execute-api", REGION, expires=600).add_auth(request)
        assert "X-Amz-Signature=" in request.url and "Authorization" not in request.headers
        response = requests.get(request.url, timeout=5)
        check(response, TEMP_KEY)
        assert response.json()["queryStringParameters"]["kind"] == "cat"


def test_http_payload_1_0_identity(apigatewayv2, gwmock):
    url = _http(apigatewayv2, gwmock, version="1.0")
    response = requests.get(url, auth=aws4auth.AWS4Auth(KEY, SECRET, REGION, "execute-api"), timeout=5)
    identity = response.json()["requestContext"]["identity"]
    assert {name: identity[name] for name in _rest_identity()} == _rest_identity()


@pytest.mark.gwmock(account="444455556666")
def test_a_forced_account_is_the_signers_account(rest_url, http_url):
    auth = aws4auth.AWS4Auth(OTHER, SECRET, REGION, "execute-api")
    _assert_rest_signer(requests.get(rest_url, auth=auth, timeout=5), OTHER, "444455556666")
    _assert_http_signer(requests.get(http_url, auth=auth, timeout=5), OTHER, "444455556666")


# --- AWS's refusals ---------------------------------------------------------------------------------


def test_unsigned_and_not_sigv4(rest_url, http_url):
    _refused(requests.get(rest_url, timeout=5), "Missing Authentication Token",
             "MissingAuthenticationTokenException")
    _refused(requests.get(rest_url, headers={"Authorization": "Bearer sometoken"}, timeout=5),
             "'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: "
             "'Bearer sometoken'.", "IncompleteSignatureException")
    _refused(requests.get(rest_url, headers={"Authorization": "eyJraWQ"}, timeout=5),
             "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' "
             "parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires "
             "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=eyJraWQ",
             "IncompleteSignatureException")
    for headers in ({}, {"Authorization": "Bearer sometoken"}):
        response = requests.get(http_url, headers=headers, timeout=5)
        assert (response.status_code, response.json()) == (403, {"message": "Forbidden"})


def test_missing_date(rest_url, http_url):
    for url in (rest_url, http_url):
        headers = _signed(url)
        del headers["X-Amz-Date"]
        response = requests.get(url, headers=headers, timeout=5)
        assert (response.status_code, response.json()) == (403, {"message": (
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
            f"Authorization={headers['Authorization']}")})
        if url == rest_url:
            assert response.headers["x-amzn-ErrorType"] == "IncompleteSignatureException"


def test_another_service_or_region(rest_url, http_url):
    for url in (rest_url, http_url):
        wrong_service = requests.get(url, auth=aws4auth.AWS4Auth(KEY, SECRET, REGION, "es"), timeout=5)
        assert (wrong_service.status_code, wrong_service.json()) == (
            403, {"message": "Credential should be scoped to correct service: 'execute-api'. "})
        wrong_region = requests.get(url, headers=_signed(url, region="eu-west-1"), timeout=5)
        assert (wrong_region.status_code, wrong_region.json()) == (
            403, {"message": "Credential should be scoped to a valid region, not 'eu-west-1'. "})
    assert wrong_region.headers.get("x-amzn-ErrorType") is None  # HTTP APIs: the message alone (guess)
    _refused(requests.get(rest_url, headers=_signed(rest_url, region="eu-west-1"), timeout=5),
             "Credential should be scoped to a valid region, not 'eu-west-1'. ")


def test_expired_and_future_signatures(rest_url, http_url):
    for url in (rest_url, http_url):
        with freezegun.freeze_time(T0):
            headers = _signed(url)
        with freezegun.freeze_time(T0 + datetime.timedelta(minutes=10)):
            late = requests.get(url, headers=headers, timeout=5)
        with freezegun.freeze_time(T0 - datetime.timedelta(minutes=10)):
            early = requests.get(url, headers=headers, timeout=5)
        with freezegun.freeze_time(T0 + datetime.timedelta(minutes=4)):  # within AWS's 5 minutes
            assert requests.get(url, headers=headers, timeout=5).status_code == 200
        assert (late.status_code, late.json()["message"]) == (403, (
            "Signature expired: 20260304T100000Z is now earlier than 20260304T100500Z (20260304T101000Z - 5 min.)"))
        assert (early.status_code, early.json()["message"]) == (403, (
            "Signature not yet current: 20260304T100000Z is still later than 20260304T095500Z "
            "(20260304T095000Z + 5 min.)"))
    assert late.headers.get("x-amzn-ErrorType") is None
    with freezegun.freeze_time(T0):
        headers = _signed(rest_url)
    with freezegun.freeze_time(T0 + datetime.timedelta(minutes=10)):
        _refused(requests.get(rest_url, headers=headers, timeout=5),
                 "Signature expired: 20260304T100000Z is now earlier than 20260304T100500Z "
                 "(20260304T101000Z - 5 min.)")


def test_a_date_header_dates_the_signature(rest_url):
    authorization = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260304/us-east-1/execute-api/aws4_request, "
                     f"SignedHeaders=date;host, Signature={'ab' * 32}")
    headers = {"Authorization": authorization, "Date": "Wed, 04 Mar 2026 10:00:00 GMT"}
    with freezegun.freeze_time(T0 + datetime.timedelta(minutes=1)):
        _assert_rest_signer(requests.get(rest_url, headers=headers, timeout=5), "AKIDEXAMPLE")
    with freezegun.freeze_time(T0 + datetime.timedelta(days=1)):
        _refused(requests.get(rest_url, headers=headers, timeout=5),
                 "Signature expired: 20260304T100000Z is now earlier than 20260305T095500Z "
                 "(20260305T100000Z - 5 min.)")


def test_presigned_url_lives_for_its_expiry(rest_url):
    request = AWSRequest(method="GET", url=rest_url)
    with freezegun.freeze_time(T0):
        SigV4QueryAuth(Credentials(KEY, SECRET), "execute-api", REGION, expires=60).add_auth(request)
    with freezegun.freeze_time(T0 + datetime.timedelta(seconds=50)):
        _assert_rest_signer(requests.get(request.url, timeout=5))
    with freezegun.freeze_time(T0 + datetime.timedelta(minutes=2)):
        _refused(requests.get(request.url, timeout=5),
                 "Signature expired: 20260304T100000Z is now earlier than 20260304T100100Z "
                 "(20260304T100200Z - 60 sec.)")


def test_incomplete_presigned_url(rest_url):
    request = AWSRequest(method="GET", url=rest_url)
    SigV4QueryAuth(Credentials(KEY, SECRET), "execute-api", REGION).add_auth(request)
    url = "&".join(part for part in request.url.split("&") if not part.startswith("X-Amz-Signature="))
    _refused(requests.get(url, timeout=5),
             "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', "
             "'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.",
             "IncompleteSignatureException")


def test_a_signed_header_the_request_lacks(rest_url):
    headers = _signed(rest_url, headers={"X-Trace": "1"})
    del headers["X-Trace"]
    _refused(requests.get(rest_url, headers=headers, timeout=5),
             "'x-trace' is named as a SignedHeader, but it does not exist in the HTTP request.",
             "IncompleteSignatureException")


def test_refusals_answer_through_the_invalid_signature_gateway_response(apigateway, gwmock, rest_url):
    api_id = rest_url.split("/")[2].split(".")[0]
    apigateway.put_gateway_response(restApiId=api_id, responseType="INVALID_SIGNATURE", statusCode="401",
                                    responseTemplates={"application/json": '{"why":$context.error.messageString}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    response = requests.get(rest_url, auth=aws4auth.AWS4Auth(KEY, SECRET, REGION, "es"), timeout=5)
    assert (response.status_code, response.json()) == (
        401, {"why": "Credential should be scoped to correct service: 'execute-api'. "})


# --- resource policies naming IAM principals ----------------------------------------------------------


def _policy(effect, principal):
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": effect, "Principal": {"AWS": principal}, "Action": "execute-api:Invoke",
         "Resource": "execute-api:/*"}]}


def test_resource_policy_evaluates_the_signer(apigateway, gwmock):
    signer = f"arn:aws:iam::{OTHER}:user/{OTHER}"
    denied = _rest(apigateway, gwmock, _policy("Deny", signer))
    other_auth = aws4auth.AWS4Auth(OTHER, SECRET, REGION, "execute-api")
    response = requests.get(denied, auth=other_auth, timeout=5)
    assert response.status_code == 403
    assert response.json()["Message"].startswith(f"User: {signer} is not authorized to perform: execute-api:Invoke")
    assert response.json()["Message"].endswith(" with an explicit deny")
    _assert_rest_signer(requests.get(denied, auth=aws4auth.AWS4Auth(KEY, SECRET, REGION, "execute-api"),
                                     timeout=5))
    allowed = _rest(apigateway, gwmock, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"}, "Action": "execute-api:Invoke",
         "Resource": "execute-api:/*"}]})
    _assert_rest_signer(requests.get(allowed, auth=other_auth, timeout=5), OTHER, OTHER)


def test_a_scope_date_other_than_the_requests(rest_url):
    with freezegun.freeze_time(T0):
        headers = _signed(rest_url)
        headers["X-Amz-Date"] = "20260304T000000Z"  # the scope says 20260304: still the same day
        assert requests.get(rest_url, headers=headers, timeout=5).status_code == 403  # 10 hours off
        headers["Authorization"] = headers["Authorization"].replace("/20260304/", "/20260303/")
        headers["X-Amz-Date"] = "20260304T100000Z"
        _refused(requests.get(rest_url, headers=headers, timeout=5),
                 "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                 "'20260303' != '20260304', from '20260304T100000Z'.")


# --- WebSocket $connect: browsers cannot set headers, so they presign the wss:// URL ----------------


def test_websocket_connect_with_a_presigned_url(apigatewayv2, gwmock):
    connects = []
    gwmock.add_lambda(FN, lambda event, context: connects.append(event) or {"statusCode": 200})
    api = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                  RouteSelectionExpression="$request.body.action")["ApiId"]
    target = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=URI)
    apigatewayv2.create_route(ApiId=api, RouteKey="$connect", AuthorizationType="AWS_IAM",
                              Target=f"integrations/{target['IntegrationId']}")
    apigatewayv2.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
    url = f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod"
    request = AWSRequest(method="GET", url=url.replace("wss://", "https://"))
    SigV4QueryAuth(Credentials(TEMP_KEY, SECRET, TOKEN), "execute-api", REGION).add_auth(request)
    gwmock.websocket(request.url.replace("https://", "wss://"))
    identity = connects[0]["requestContext"]["identity"]
    assert (identity["accessKey"], identity["accountId"]) == (TEMP_KEY, DEFAULT_ACCOUNT)
    assert (identity["caller"], identity["user"]) == (TEMP_KEY, TEMP_KEY)
    assert identity["userArn"] == f"arn:aws:iam::{DEFAULT_ACCOUNT}:user/{TEMP_KEY}"
    with pytest.raises(Rejected) as unsigned:
        gwmock.websocket(url)
    assert unsigned.value.status == 403
