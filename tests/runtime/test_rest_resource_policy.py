"""REST API resource policies on calls to deployed stages (gwmock/runtime/rest/resource_policy.py).

APIs are made with real boto3 clients (the policy given to CreateRestApi, or patched in with
UpdateRestApi, or from a CloudFormation/SAM template), deployed, and called with ``requests`` and
``gw.invoke``. The outcomes follow AWS's developer guide ("How API Gateway resource policies affect
authorization workflow", tables A and B) and the 403 bodies users report from AWS.
"""

from __future__ import annotations

import base64
import json
import random
import re
import time

import pytest
import requests

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.rest import resource_policy
from gwmock.runtime.rest.resource_policy import compile_policy
from gwmock.runtime.wildcards import Glob

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
POOL = f"arn:aws:cognito-idp:{REGION}:{DEFAULT_ACCOUNT}:userpool/us-east-1_Pool1"
MASKED = "********" + DEFAULT_ACCOUNT[-4:]
OTHER_ACCOUNT = "111122223333"


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _stmt(effect="Allow", resource="execute-api:/*", principal="*", action="execute-api:Invoke", **extra):
    return {"Effect": effect, "Principal": principal, "Action": action, "Resource": resource, **extra}


ALLOW_ALL = _doc(_stmt())


def _text(policy):
    return policy if isinstance(policy, str) else json.dumps(policy)


def _api(apigateway, gw, policy=None, *, via="create", authorizer=None, **method):
    """An API with GET and POST on /pets and GET on /pets/{id} (Lambda proxy echo), deployed to prod."""
    gw.add_lambda(FN + "echo", _echo)
    options = {"policy": _text(policy)} if policy is not None and via == "create" else {}
    api = apigateway.create_rest_api(name="policy-api", **options)
    api_id = api["id"]
    if policy is not None and via == "patch":
        apigateway.update_rest_api(restApiId=api_id, patchOperations=[
            {"op": "replace", "path": "/policy", "value": _text(policy)}])
    if authorizer is not None:
        method["authorizerId"] = apigateway.create_authorizer(restApiId=api_id, name="auth", **authorizer)["id"]
    method.setdefault("authorizationType", "NONE")
    pets = apigateway.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="pets")["id"]
    pet = apigateway.create_resource(restApiId=api_id, parentId=pets, pathPart="{id}")["id"]
    for resource, verb in ((pets, "GET"), (pets, "POST"), (pet, "GET")):
        apigateway.put_method(restApiId=api_id, resourceId=resource, httpMethod=verb, **method)
        apigateway.put_integration(restApiId=api_id, resourceId=resource, httpMethod=verb, type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    return api_id, f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod"


def _denied(api_id, path="/pets", verb="GET", user="anonymous", explicit=False):
    message = (f"User: {user} is not authorized to perform: execute-api:Invoke on resource: "
               f"arn:aws:execute-api:{REGION}:{MASKED}:{api_id}/prod/{verb}{path}")
    return {"Message": message + (" with an explicit deny" if explicit else "")}


def _policy_lines(gw):
    return [line.split(" : ", 1)[1] for line in gw.requests[-1].log if " : Resource policy" in line]


# --- no policy, allow, implicit and explicit deny ------------------------------------------------


def test_no_policy_changes_nothing(apigateway, gwmock):
    _, url = _api(apigateway, gwmock)
    assert requests.get(url + "/pets", timeout=5).status_code == 200
    assert _policy_lines(gwmock) == []


@pytest.mark.parametrize("via", ["create", "patch"])
def test_allow_all_policy_serves_and_logs(apigateway, gwmock, via):
    api_id, url = _api(apigateway, gwmock, ALLOW_ALL, via=via)
    response = requests.get(url + "/pets", timeout=5)
    assert response.status_code == 200
    assert _policy_lines(gwmock) == [
        f"Resource policy: Allow by statement 1 for User: anonymous on arn:aws:execute-api:{REGION}:"
        f"{DEFAULT_ACCOUNT}:{api_id}/prod/GET/pets (aws:SourceIp=127.0.0.1)"]
    assert gwmock.invoke("POST", url + "/pets", body="{}").status == 200


def test_no_statement_allowing_is_an_implicit_deny(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, _doc(_stmt(resource="execute-api:/prod/POST/pets")))
    response = requests.get(url + "/pets", timeout=5)
    assert response.status_code == 403
    assert response.json() == _denied(api_id)
    assert response.text == json.dumps(_denied(api_id), separators=(",", ":"))  # AWS's compact body
    assert response.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert response.headers["Content-Type"] == "application/json"
    assert _policy_lines(gwmock) == [
        f"Resource policy: no statement allows the call (User: anonymous on arn:aws:execute-api:{REGION}:"
        f"{DEFAULT_ACCOUNT}:{api_id}/prod/GET/pets (aws:SourceIp=127.0.0.1))"]
    assert requests.post(url + "/pets", timeout=5).status_code == 200


def test_explicit_deny_wins_over_allow(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, _doc(
        _stmt(), _stmt("Deny", "execute-api:/*/GET/pets/*", Sid="NoSinglePets")))
    assert requests.get(url + "/pets", timeout=5).status_code == 200
    response = gwmock.invoke("GET", url + "/pets/7")
    assert (response.status, response.json()) == (403, _denied(api_id, "/pets/7", explicit=True))
    assert _policy_lines(gwmock)[0].startswith("Resource policy: explicit Deny by statement 2 (NoSinglePets)")
    assert gwmock.requests[-1].status == 403


def test_root_path_arn_ends_with_the_verb(apigateway, gwmock):
    gwmock.add_lambda(FN + "echo", _echo)
    api = apigateway.create_rest_api(name="root", policy=json.dumps(_doc(_stmt(resource="execute-api:/*/POST/"))))
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    response = gwmock.invoke("GET", f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/prod/")
    assert response.json() == _denied(api["id"], "/")  # ".../prod/GET/", as AWS words it


# --- statements: actions, resources, principals -----------------------------------------------------


@pytest.mark.parametrize(("statement", "get_pets"), [
    (_stmt(resource="execute-api:/prod/GET/pets"), 200),
    (_stmt(resource="execute-api:/*/GET/*"), 200),
    (_stmt(resource="execute-api:/*/G?T/pets"), 200),
    (_stmt(resource="execute-api:/prod/get/pets"), 403),  # resources are case-sensitive
    (_stmt(resource="execute-api:/dev/*"), 403),
    (_stmt(resource="*"), 200),
    (_stmt(resource=["execute-api:/prod/POST/*", "execute-api:/prod/GET/pets"]), 200),
    (_stmt(resource="arn:aws:execute-api:us-east-1:*:{api}/*"), 200),
    (_stmt(resource="arn:aws:execute-api:*:*:*"), 200),
    (_stmt(resource="arn:aws:execute-api:us-east-1:123456789012:{api}/prod/GET/pets"), 200),
    (_stmt(resource="arn:aws:execute-api:us-east-1:123456789012:otherapi/*"), 403),
    (_stmt(resource="arn:aws:execute-api:eu-west-1:123456789012:{api}/*"), 403),
    ({**_stmt(), "Resource": None, "NotResource": "execute-api:/*/POST/*"}, 200),
    ({**_stmt(), "Resource": None, "NotResource": "execute-api:/*/GET/*"}, 403),
    (_stmt(action="execute-api:*"), 200),
    (_stmt(action="*"), 200),
    (_stmt(action="EXECUTE-API:invoke"), 200),  # actions ignore case
    (_stmt(action=["execute-api:ManageConnections", "execute-api:Inv?ke"]), 200),
    (_stmt(action="execute-api:ManageConnections"), 403),
    ({**_stmt(), "Action": None, "NotAction": "execute-api:ManageConnections"}, 200),
    ({**_stmt(), "Action": None, "NotAction": "execute-api:*"}, 403),
    (_stmt(principal={"AWS": "*"}), 200),
    (_stmt(principal={"AWS": ["*"]}), 200),
    (_stmt(principal={"AWS": DEFAULT_ACCOUNT}), 403),  # an account never names an anonymous caller
    (_stmt(principal={"AWS": f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"}), 403),
    (_stmt(principal={"Service": "lambda.amazonaws.com"}), 403),
    ({**_stmt(), "Principal": None, "NotPrincipal": {"AWS": DEFAULT_ACCOUNT}}, 200),
], ids=lambda value: None if isinstance(value, int) else json.dumps(value)[:80])
def test_statement_elements(apigateway, gwmock, statement, get_pets):
    statement = {k: v for k, v in statement.items() if v is not None}
    text = json.dumps(_doc(statement))
    api_id, url = _api(apigateway, gwmock, "{}")  # the API's id is in some ARNs: patched in below
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/policy", "value": text.replace("{api}", api_id)}])
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    assert requests.get(url + "/pets", timeout=5).status_code == get_pets


def test_sid_number_and_single_statement_object(apigateway, gwmock):
    policy = {"Version": "2012-10-17", "Statement": _stmt("Deny", Sid="Single")}
    api_id, url = _api(apigateway, gwmock, policy)
    assert gwmock.invoke("GET", url + "/pets").json() == _denied(api_id, explicit=True)
    assert "by statement 1 (Single)" in _policy_lines(gwmock)[0]


# --- conditions ----------------------------------------------------------------------------------


IP_ALLOW_LIST = _doc(_stmt(Condition={"IpAddress": {
    "aws:SourceIp": ["192.0.2.0/24", "198.51.100.7", "2001:db8::/32"]}}))
IP_DENY_LIST = _doc(_stmt(), _stmt("Deny", Condition={"IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}))


@pytest.mark.parametrize(("policy", "forwarded", "status"), [
    (IP_ALLOW_LIST, None, 403),  # the in-process caller is 127.0.0.1
    (IP_ALLOW_LIST, "192.0.2.44", 200),
    (IP_ALLOW_LIST, "198.51.100.7", 200),
    (IP_ALLOW_LIST, "198.51.100.8", 403),
    (IP_ALLOW_LIST, "2001:db8::1", 200),
    (IP_ALLOW_LIST, "192.0.2.44, 10.0.0.1", 200),  # the first entry is the client
    (IP_ALLOW_LIST, "10.0.0.1, 192.0.2.44", 403),
    (IP_ALLOW_LIST, "not-an-address", 403),  # no address: IpAddress is false
    (IP_DENY_LIST, None, 200),
    (IP_DENY_LIST, "203.0.113.9", "explicit"),
    (IP_DENY_LIST, "not-an-address", 200),
    (_doc(_stmt(), _stmt("Deny", Condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), "10.1.1.1", 200),
    (_doc(_stmt(), _stmt("Deny", Condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), None, "explicit"),
    (_doc(_stmt(), _stmt("Deny", Condition={"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}})), "bad", "explicit"),
], ids=lambda value: None if not isinstance(value, dict) else "policy")
def test_source_ip_conditions(apigateway, gwmock, policy, forwarded, status):
    api_id, url = _api(apigateway, gwmock, policy)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    response = requests.get(url + "/pets", headers=headers, timeout=5)
    if status == "explicit":
        assert (response.status_code, response.json()) == (403, _denied(api_id, explicit=True))
    else:
        assert response.status_code == status


@pytest.mark.parametrize(("condition", "status"), [
    ({"StringEquals": {"aws:UserAgent": "probe/1.0"}}, 200),
    ({"StringEquals": {"AWS:USERAGENT": "probe/1.0"}}, 200),  # keys ignore case
    ({"stringequals": {"aws:UserAgent": "probe/1.0"}}, 200),  # so do operators
    ({"StringEquals": {"aws:UserAgent": "PROBE/1.0"}}, 403),
    ({"StringEqualsIgnoreCase": {"aws:UserAgent": "PROBE/1.0"}}, 200),
    ({"StringNotEquals": {"aws:UserAgent": "probe/1.0"}}, 403),
    ({"StringNotEqualsIgnoreCase": {"aws:UserAgent": "other"}}, 200),
    ({"StringLike": {"aws:UserAgent": "probe/*"}}, 200),
    ({"StringLike": {"aws:UserAgent": ["curl/*", "pro?e/1.?"]}}, 200),
    ({"StringNotLike": {"aws:UserAgent": "probe/*"}}, 403),
    ({"StringEquals": {"aws:UserAgent": "probe/1.0"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, 403),  # AND
    ({"StringEquals": {"aws:UserAgent": "probe/1.0", "aws:Referer": "x"}}, 403),  # keys AND
    ({"Bool": {"aws:SecureTransport": True}}, 200),  # a JSON boolean: API Gateway is HTTPS only
    ({"Bool": {"aws:SecureTransport": "false"}}, 403),
    ({"StringEquals": {"aws:PrincipalType": "Anonymous"}}, 200),
    ({"ForAnyValue:StringLike": {"aws:UserAgent": ["x", "probe*"]}}, 200),
    ({"ForAllValues:StringEquals": {"aws:SourceVpce": "vpce-1"}}, 200),  # missing key: vacuously true
    ({"ForAnyValue:StringEquals": {"aws:SourceVpce": "vpce-1"}}, 403),
    # a key the call does not have is missing, as in IAM: positive false, negated true, IfExists true
    ({"StringEquals": {"aws:SourceVpc": "vpc-1"}}, 403),
    ({"StringNotEquals": {"aws:SourceVpc": "vpc-1"}}, 200),
    ({"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}}, 200),
    ({"StringEquals": {"aws:PrincipalOrgID": "o-1"}}, 403),
    ({"StringEquals": {"gwmock:NoSuchKey": "x"}}, 403),
    ({"Null": {"aws:SourceVpce": "true"}}, 200),
    ({"Null": {"aws:SourceVpce": "false"}}, 403),
    ({"Null": {"aws:SourceIp": "false"}}, 200),
    # IAM operators gwmock does not evaluate: an Allow using them does not apply (fails closed)
    ({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}, 403),
    ({"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}, 403),
], ids=lambda value: None if isinstance(value, int) else json.dumps(value)[:70])
def test_condition_operators_on_an_allow(apigateway, gwmock, condition, status):
    _, url = _api(apigateway, gwmock, _doc(_stmt(Condition=condition)))
    response = gwmock.invoke("GET", url + "/pets", headers={"User-Agent": "probe/1.0"})
    assert response.status == status


@pytest.mark.parametrize(("condition", "denied"), [
    ({"StringNotEquals": {"aws:PrincipalOrgID": "o-123"}}, True),  # an anonymous caller has no org: denied
    ({"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-123"}}, True),  # IfExists: a missing key holds
    ({"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}, True),
    ({"StringEquals": {"aws:SourceVpce": "vpce-1"}}, False),
    ({"ForAnyValue:StringNotEquals": {"aws:SourceVpce": "vpce-1"}}, False),
    ({"Null": {"aws:SourceVpce": "true"}}, True),  # a public call has no VPC endpoint
    ({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}, True),  # not evaluated: a Deny applies
    ({"BinaryEquals": {"aws:UserAgent": "cHJvYmU="}}, True),
])
def test_condition_operators_on_a_deny(apigateway, gwmock, condition, denied):
    api_id, url = _api(apigateway, gwmock, _doc(_stmt(), _stmt("Deny", Condition=condition)))
    response = gwmock.invoke("GET", url + "/pets")
    assert response.status == (403 if denied else 200)
    if denied:
        assert response.json() == _denied(api_id, explicit=True)


# --- private APIs: VPC endpoints ---------------------------------------------------------------------


PRIVATE = _doc(_stmt(), _stmt("Deny", Condition={"StringNotEquals": {"aws:SourceVpce": "vpce-0abc1234"}}))


def _vpce_host(api_id, vpce="vpce-0abc1234"):
    return f"{api_id}-{vpce}.execute-api.{REGION}.amazonaws.com"


def test_private_api_policy_refuses_public_calls_and_admits_its_endpoint(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, PRIVATE)
    public = gwmock.invoke("GET", url + "/pets")
    assert (public.status, public.json()) == (403, _denied(api_id, explicit=True))
    through = gwmock.invoke("GET", url + "/pets", headers={"Host": _vpce_host(api_id)})
    assert through.status == 200
    assert _policy_lines(gwmock)[0].endswith("(aws:SourceVpce=vpce-0abc1234, aws:VpcSourceIp=127.0.0.1)")
    other = gwmock.invoke("GET", url + "/pets", headers={"Host": _vpce_host(api_id, "vpce-0fff9999")})
    assert other.status == 403


def test_vpce_calls_have_no_source_ip_but_a_vpc_source_ip(apigateway, gwmock):
    """On a VPC endpoint AWS has ``aws:VpcSourceIp``, not ``aws:SourceIp`` (resource policy examples)."""
    api_id, url = _api(apigateway, gwmock, _doc(
        _stmt(Condition={"StringLike": {"aws:SourceVpce": "vpce-0abc*"},
                         "IpAddress": {"aws:VpcSourceIp": "10.0.0.0/8"}})))
    headers = {"Host": _vpce_host(api_id), "X-Forwarded-For": "10.4.5.6"}
    assert gwmock.invoke("GET", url + "/pets", headers=headers).status == 200
    assert gwmock.invoke("GET", url + "/pets", headers={**headers, "X-Forwarded-For": "172.16.0.1"}).status == 403
    api_id, url = _api(apigateway, gwmock, _doc(_stmt(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})))
    headers = {"Host": _vpce_host(api_id), "X-Forwarded-For": "10.4.5.6"}
    assert gwmock.invoke("GET", url + "/pets", headers=headers).status == 403


# --- IAM authorization: tables A and B ----------------------------------------------------------------


def _signed(key="AKIDEXAMPLE"):
    now = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())  # AWS refuses a date 5 minutes from its clock
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{now[:8]}/us-east-1/execute-api/aws4_request, "
                             f"SignedHeaders=host;x-amz-date, Signature={'ab' * 32}", "X-Amz-Date": now}


def _user(key):
    account = key if re.fullmatch(r"\d{12}", key) else DEFAULT_ACCOUNT
    return f"arn:aws:iam::{account}:user/{key}"


@pytest.mark.parametrize(("key", "statements", "outcome"), [
    # same account (the caller's IAM policy is taken to allow): only a Deny refuses
    ("AKIDEXAMPLE", [_stmt(principal={"AWS": "999999999999"})], 200),
    ("AKIDEXAMPLE", [], 200),
    ("AKIDEXAMPLE", [_stmt(principal={"AWS": DEFAULT_ACCOUNT})], 200),
    ("AKIDEXAMPLE", [_stmt(), _stmt("Deny", principal={"AWS": f"arn:aws:iam::{DEFAULT_ACCOUNT}:root"})], "explicit"),
    ("AKIDEXAMPLE", [_stmt("Deny", principal={"AWS": _user("AKIDEXAMPLE")})], "explicit"),
    ("AKIDEXAMPLE", [_stmt("Deny", principal={"AWS": _user("AKIDOTHER")})], 200),
    # another account: the resource policy must allow it
    (OTHER_ACCOUNT, [], "implicit"),
    (OTHER_ACCOUNT, [_stmt(principal={"AWS": DEFAULT_ACCOUNT})], "implicit"),
    (OTHER_ACCOUNT, [_stmt(principal={"AWS": OTHER_ACCOUNT})], 200),
    (OTHER_ACCOUNT, [_stmt(principal={"AWS": [f"arn:aws:iam::{OTHER_ACCOUNT}:root"]})], 200),
    (OTHER_ACCOUNT, [_stmt(principal={"AWS": _user(OTHER_ACCOUNT)})], 200),
    (OTHER_ACCOUNT, [_stmt()], 200),
    (OTHER_ACCOUNT, [_stmt(Condition={"StringEquals": {"aws:PrincipalAccount": OTHER_ACCOUNT}})], 200),
    (OTHER_ACCOUNT, [_stmt(Condition={"StringEquals": {"aws:PrincipalArn": _user(OTHER_ACCOUNT)}})], 200),
    (OTHER_ACCOUNT, [_stmt(Condition={"StringEquals": {"aws:PrincipalType": "User"}})], 200),
    (OTHER_ACCOUNT, [_stmt(Condition={"StringEquals": {"aws:PrincipalAccount": "444455556666"}})], "implicit"),
    (OTHER_ACCOUNT, [_stmt(principal={"AWS": OTHER_ACCOUNT}), _stmt("Deny", resource="execute-api:/*/GET/*")],
     "explicit"),
])
def test_iam_callers_of_the_same_and_of_other_accounts(apigateway, gwmock, key, statements, outcome):
    api_id, url = _api(apigateway, gwmock, _doc(*statements), authorizationType="AWS_IAM")
    response = requests.get(url + "/pets", headers=_signed(key), timeout=5)
    if outcome == 200:
        assert response.status_code == 200
        identity = response.json()["requestContext"]["identity"]
        assert (identity["accessKey"], identity["userArn"]) == (key, _user(key))
        assert identity["accountId"] == _user(key).split(":")[4]
    else:
        assert (response.status_code, response.json()) == (
            403, _denied(api_id, user=_user(key), explicit=outcome == "explicit"))


def test_iam_authentication_comes_before_the_policy(apigateway, gwmock):
    _, url = _api(apigateway, gwmock, _doc(_stmt("Deny")), authorizationType="AWS_IAM")
    response = requests.get(url + "/pets", timeout=5)
    assert (response.status_code, response.json()) == (403, {"message": "Missing Authentication Token"})


def test_forced_account_is_the_iam_callers_account():
    import boto3

    from gwmock import mock_apigateway

    with mock_apigateway(account="444455556666") as gw:
        client = boto3.client("apigateway", region_name=REGION)
        api_id, url = _api(client, gw, _doc(_stmt("Deny", principal={"AWS": "444455556666"})),
                           authorizationType="AWS_IAM")
        response = gw.invoke("GET", url + "/pets", headers=_signed(OTHER_ACCOUNT))
        assert response.status == 403
        assert response.json()["Message"].startswith(f"User: arn:aws:iam::444455556666:user/{OTHER_ACCOUNT} ")
        assert ":********6666:" in response.json()["Message"]


# --- Lambda authorizers: the policy's Deny first, then table A ---------------------------------------------


TOKEN_AUTHORIZER = {"type": "TOKEN", "authorizerUri": URI.format(FN + "auth"),
                    "identitySource": "method.request.header.Authorization"}


def _authorizer_api(apigateway, gwmock, policy, answer):
    calls = []

    def auth(event, context):
        calls.append(event["methodArn"])
        arn = event["methodArn"]
        resource = {"allow": arn, "deny": arn, "silent": arn.replace("/GET/", "/DELETE/")}[answer]
        effect = "Deny" if answer == "deny" else "Allow"
        return {"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}}

    gwmock.add_lambda(FN + "auth", auth)
    api_id, url = _api(apigateway, gwmock, policy, authorizationType="CUSTOM",
                       authorizer={**TOKEN_AUTHORIZER, "authorizerResultTtlInSeconds": 0})
    return api_id, url, calls


NOT_ALLOWED = {"message": "User is not authorized to access this resource"}
AUTHORIZER_DENY = {"message": "User is not authorized to access this resource with an explicit deny"}


@pytest.mark.parametrize(("policy", "answer", "expected"), [
    (_doc(_stmt()), "allow", 200),
    (_doc(_stmt(resource="execute-api:/*/POST/*")), "allow", 200),  # authorizer Allow + policy silent
    (_doc(_stmt()), "silent", 200),  # authorizer silent + policy Allow
    (_doc(_stmt(resource="execute-api:/*/POST/*")), "silent", NOT_ALLOWED),
    (_doc(_stmt()), "deny", AUTHORIZER_DENY),
    (_doc(), "deny", AUTHORIZER_DENY),
])
def test_lambda_authorizer_combines_with_the_policy(apigateway, gwmock, policy, answer, expected):
    _, url, calls = _authorizer_api(apigateway, gwmock, policy, answer)
    response = requests.get(url + "/pets", headers={"Authorization": "token"}, timeout=5)
    if expected == 200:
        assert response.status_code == 200
        assert response.json()["requestContext"]["authorizer"]["principalId"] == "user-1"
    else:
        assert (response.status_code, response.json()) == (403, expected)
    assert len(calls) == 1


def test_policy_deny_refuses_before_the_lambda_authorizer_runs(apigateway, gwmock):
    api_id, url, calls = _authorizer_api(apigateway, gwmock, PRIVATE, "allow")
    response = requests.get(url + "/pets", headers={"Authorization": "token"}, timeout=5)
    assert (response.status_code, response.json()) == (403, _denied(api_id, explicit=True))
    assert calls == []
    through = gwmock.invoke("GET", url + "/pets", headers={"Authorization": "token", "Host": _vpce_host(api_id)})
    assert through.status == 200 and len(calls) == 1


# --- Cognito: authenticated first, then an explicit Allow is needed --------------------------------------


def _jwt(**claims):
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2lnbmF0dXJl"


GOOD_TOKEN = _jwt(iss=f"https://cognito-idp.{REGION}.amazonaws.com/us-east-1_Pool1", sub="u1", exp=2**33)


@pytest.mark.parametrize(("policy", "token", "expected"), [
    (_doc(_stmt()), GOOD_TOKEN, 200),
    (_doc(_stmt(resource="execute-api:/*/POST/*")), GOOD_TOKEN, "implicit"),  # silent is a deny here
    (_doc(_stmt(), _stmt("Deny", Condition={"IpAddress": {"aws:SourceIp": "127.0.0.0/8"}})), GOOD_TOKEN, "explicit"),
    (_doc(_stmt("Deny")), "not-a-jwt", 401),  # authentication comes first
])
def test_cognito_then_policy(apigateway, gwmock, policy, token, expected):
    api_id, url = _api(apigateway, gwmock, policy, authorizationType="COGNITO_USER_POOLS", authorizer={
        "type": "COGNITO_USER_POOLS", "providerARNs": [POOL], "identitySource": "method.request.header.Authorization"})
    response = requests.get(url + "/pets", headers={"Authorization": token}, timeout=5)
    if expected == 200:
        assert response.json()["requestContext"]["authorizer"]["claims"]["sub"] == "u1"
    elif expected == 401:
        assert (response.status_code, response.json()) == (401, {"message": "Unauthorized"})
    else:
        assert (response.status_code, response.json()) == (403, _denied(api_id, explicit=expected == "explicit"))


def test_policy_refuses_before_the_api_key_is_checked(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, _doc(_stmt("Deny")), apiKeyRequired=True)
    response = gwmock.invoke("GET", url + "/pets")
    assert (response.status, response.json()) == (403, _denied(api_id, explicit=True))


# --- gateway responses, deployments, TestInvokeMethod ----------------------------------------------------


def test_customized_access_denied_gateway_response_renders(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, _doc(_stmt("Deny")))
    apigateway.put_gateway_response(restApiId=api_id, responseType="ACCESS_DENIED", statusCode="401",
                                    responseParameters={"gatewayresponse.header.X-Why": "'policy'"},
                                    responseTemplates={"application/json": '{"why":$context.error.messageString,'
                                                                           '"type":"$context.error.responseType"}'})
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    response = gwmock.invoke("GET", url + "/pets")
    assert response.status == 401
    assert response.headers["X-Why"] == "policy"
    assert response.json() == {"why": _denied(api_id, explicit=True)["Message"], "type": "ACCESS_DENIED"}


def test_default_4xx_headers_keep_aws_body(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, _doc(_stmt("Deny")))
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX", responseParameters={
        "gatewayresponse.header.Access-Control-Allow-Origin": "'*'"})
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    response = gwmock.invoke("GET", url + "/pets")
    assert (response.status, response.json()) == (403, _denied(api_id, explicit=True))
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX",
                                    responseTemplates={"application/json": '{"error":$context.error.messageString}'})
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    assert gwmock.invoke("GET", url + "/pets").json() == {"error": _denied(api_id, explicit=True)["Message"]}


def test_policy_changes_need_a_deployment(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, ALLOW_ALL)
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/policy", "value": json.dumps(_doc(_stmt("Deny")))}])
    assert gwmock.invoke("GET", url + "/pets").status == 200  # the stage serves its deployment
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    assert gwmock.invoke("GET", url + "/pets").status == 403
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[{"op": "replace", "path": "/policy", "value": ""}])
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    assert gwmock.invoke("GET", url + "/pets").status == 200  # no policy any more


def test_test_invoke_method_ignores_the_policy(apigateway, gwmock):
    api_id, _ = _api(apigateway, gwmock, _doc(_stmt("Deny")))
    pets = next(r["id"] for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/pets")
    assert apigateway.test_invoke_method(restApiId=api_id, resourceId=pets, httpMethod="GET")["status"] == 200


def test_custom_domain_calls_are_checked_against_the_apis_arn(apigateway, gwmock):
    api_id, _ = _api(apigateway, gwmock, _doc(_stmt(), _stmt("Deny", resource="execute-api:/prod/GET/pets/*")))
    apigateway.create_domain_name(domainName="api.example.com", regionalCertificateArn=(
        f"arn:aws:acm:{REGION}:{DEFAULT_ACCOUNT}:certificate/1"), endpointConfiguration={"types": ["REGIONAL"]})
    apigateway.create_base_path_mapping(domainName="api.example.com", basePath="v1", restApiId=api_id, stage="prod")
    assert requests.get("https://api.example.com/v1/pets", timeout=5).status_code == 200
    response = requests.get("https://api.example.com/v1/pets/3", timeout=5)
    assert (response.status_code, response.json()) == (403, _denied(api_id, "/pets/3", explicit=True))


def test_policy_is_compiled_once_per_text(apigateway, gwmock):
    _, url = _api(apigateway, gwmock, _doc(_stmt(Condition={"IpAddress": {"aws:SourceIp": "127.0.0.1"}})))
    gwmock.invoke("GET", url + "/pets")
    before = compile_policy.cache_info()
    for _ in range(20):
        assert gwmock.invoke("GET", url + "/pets").status == 200
    after = compile_policy.cache_info()
    assert (after.misses, after.hits) == (before.misses, before.hits + 20)


# --- templates ---------------------------------------------------------------------------------------


def test_cloudformation_policy_is_enforced(gwmock):
    policy = _doc(_stmt(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "cfn", "Policy": policy}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET",
            "AuthorizationType": "NONE", "MethodResponses": [{"StatusCode": "200"}],
            "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                            "IntegrationResponses": [{"StatusCode": "200"}]}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "Get",
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "prod"}}},
        "Outputs": {"Id": {"Value": {"Ref": "Api"}}}}
    api_id = gwmock.deploy_template(template).outputs["Id"]
    url = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/"
    response = requests.get(url, timeout=5)
    assert (response.status_code, response.json()) == (403, _denied(api_id, "/"))
    assert requests.get(url, headers={"X-Forwarded-For": "10.20.30.40"}, timeout=5).status_code == 200


def test_sam_resource_policy_ip_range_is_enforced(gwmock):
    pytest.importorskip("samtranslator")
    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {
        "Api": {"Type": "AWS::Serverless::Api", "Properties": {
            "StageName": "prod", "Auth": {"ResourcePolicy": {"IpRangeWhitelist": ["10.0.0.0/8"]}}}},
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler",
            "InlineCode": "def handler(event, context):\n    return {'statusCode': 200, 'body': 'hi'}\n",
            "Events": {"Get": {"Type": "Api", "Properties": {"RestApiId": {"Ref": "Api"}, "Path": "/hi",
                                                             "Method": "get"}}}}}},
        "Outputs": {"Id": {"Value": {"Ref": "Api"}}}}
    api_id = gwmock.deploy_template(template).outputs["Id"]
    url = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/hi"
    response = requests.get(url, timeout=5)
    assert (response.status_code, response.json()) == (403, _denied(api_id, "/hi", explicit=True))
    assert requests.get(url, headers={"X-Forwarded-For": "10.9.9.9"}, timeout=5).text == "hi"


# --- hostile and malformed policies: never a 500, never slow ----------------------------------------------


def _deep(levels):
    return "[" * levels + "]" * levels


@pytest.mark.parametrize(("policy", "why"), [
    ("not json", "not a JSON policy document"),
    ("[]", "not a JSON policy document"),
    ('"a string"', "not a JSON policy document"),
    ("{}", "no Statement list"),
    (json.dumps({"Statement": "allow everything"}), "no Statement list"),
    (json.dumps({"Statement": [5]}), "statement 1 is not an object"),
    (json.dumps(_doc({**_stmt(), "Effect": "allow"})), "Effect 'allow' is neither Allow nor Deny"),
    (json.dumps(_doc({k: v for k, v in _stmt().items() if k != "Principal"})), "exactly one of Principal"),
    (json.dumps(_doc({**_stmt(), "NotPrincipal": "*"})), "exactly one of Principal"),
    (json.dumps(_doc({k: v for k, v in _stmt().items() if k != "Action"})), "exactly one of Action"),
    (json.dumps(_doc(_stmt(principal="123456789012"))), "Principal must be"),
    (json.dumps(_doc(_stmt(principal={"AWS": "bob"}))), "principal 'bob'"),
    (json.dumps(_doc(_stmt(principal={"Alien": "x"}))), "unknown principal type"),
    (json.dumps(_doc(_stmt(action=5))), "Action must be a string"),
    (json.dumps(_doc(_stmt(resource=[]))), "Resource must be a string"),
    (json.dumps(_doc(_stmt(resource={"a": 1}))), "Resource must be a string"),
    (json.dumps(_doc(_stmt(Condition=[]))), "Condition is not an object"),
    (json.dumps(_doc(_stmt(Condition={"StringEqualz": {"aws:SourceIp": "x"}}))), "unknown condition operator"),
    (json.dumps(_doc(_stmt(Condition={"NullIfExists": {"aws:SourceIp": "true"}}))), "unknown condition operator"),
    (json.dumps(_doc(_stmt(Condition={"IpAddress": "10.0.0.0/8"}))), "is not an object of keys"),
    (json.dumps(_doc(_stmt(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.300/8"}}))), "IP addresses or CIDR"),
    (json.dumps(_doc(_stmt(Condition={"IpAddress": {"aws:SourceIp": {"nested": 1}}}))), "must be a string, number"),
    (json.dumps(_doc(_stmt(Condition={"StringEquals": {"aws:UserAgent": None}}))), "must be a string, number"),
    (json.dumps(_doc(_stmt(Condition={"Bool": {"aws:SecureTransport": "yes"}}))), "takes true or false"),
    (json.dumps(_doc(_stmt(Sid=7))), "Sid is not a string"),
    (json.dumps(_doc(_stmt(resource=["*"] * resource_policy.MAX_ITEMS))), "statements and values"),
    (json.dumps({"Statement": [_stmt()], "Pad": "x" * resource_policy.MAX_POLICY_CHARS}), "characters, more than"),
    (json.dumps({"Statement": [_stmt()], "Deep": json.loads(_deep(90))}), None),  # deep but valid: allowed
    ('{"a":' * 5000 + "1" + "}" * 5000, "not a JSON policy document"),  # past the parser's nesting limit
    ('{"Statement": ' + _deep(150) + "}", "not a JSON policy document"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None)
def test_malformed_policy_refuses_every_call_and_says_why(apigateway, gwmock, policy, why):
    compile_policy.cache_clear()
    api_id, url = _api(apigateway, gwmock, "{}")
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[{"op": "replace", "path": "/policy",
                                                                  "value": policy}])
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    started = time.monotonic()
    response = gwmock.invoke("GET", url + "/pets")
    assert time.monotonic() - started < 1.0
    if why is None:  # deep, but within the parser's limits: a valid policy
        assert response.status == 200
        return
    assert (response.status, response.json()) == (403, _denied(api_id))
    line = next(line for line in gwmock.requests[-1].log if "Resource policy cannot be evaluated" in line)
    assert line.endswith("every call is refused")
    if why is not None:
        assert why in line
    assert gwmock.requests[-1].error is None


def test_pathological_wildcards_are_answered_at_once(apigateway, gwmock):
    """``*a*a*...*b`` against a long path: a backtracking regular expression takes minutes."""
    pattern = "execute-api:/*/GET/" + "*a" * 40 + "*b"
    api_id, url = _api(apigateway, gwmock, _doc(
        _stmt(resource=[pattern] * 200 + ["arn:aws:execute-api:*:*:" + "*a" * 40 + "*b"]),
        _stmt("Deny", resource="execute-api:/*/POST/pets",
              Condition={"StringLike": {"aws:UserAgent": "*a" * 40 + "*b"}})))
    long_path = "/pets/" + "a" * 10_000
    started = time.monotonic()
    response = gwmock.invoke("GET", url + long_path, headers={"User-Agent": "a" * 10_000})
    assert response.status == 403
    assert gwmock.invoke("POST", url + "/pets", headers={"User-Agent": "a" * 10_000}).status == 403
    assert gwmock.invoke("GET", url + "/pets/" + "a" * 100 + "b").status == 200
    assert time.monotonic() - started < 1.0


def test_largest_policy_against_longest_path_stays_bounded(apigateway, gwmock):
    """The worst gwmock accepts: as many hard patterns as fit the size cap, a path near the ARN cap."""
    patterns = [f"*a?{chr(65 + i % 26)}*a" for i in range(5000)]  # each scans the whole path, and fails
    text = json.dumps(_doc(_stmt(resource=patterns)))
    assert len(text) < resource_policy.MAX_POLICY_CHARS
    api_id, url = _api(apigateway, gwmock, text)
    path = "/pets/" + "a" * (resource_policy.MAX_ARN_CHARS - 100)
    gwmock.invoke("GET", url + path)  # compiled once
    started = time.monotonic()
    response = gwmock.invoke("GET", url + path)
    assert (response.status, response.json()) == (403, _denied(api_id, path))
    assert time.monotonic() - started < 2.0


def test_pathological_wildcards_from_a_lambda_authorizer_are_answered_at_once(apigateway, gwmock):
    def auth(event, context):
        resource = event["methodArn"].rsplit("/GET/", 1)[0] + "/GET/" + "*a" * 40 + "*b"
        return {"principalId": "p", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": resource}]}}

    gwmock.add_lambda(FN + "auth", auth)
    _, url = _api(apigateway, gwmock, authorizationType="CUSTOM", authorizer=TOKEN_AUTHORIZER)
    started = time.monotonic()
    response = gwmock.invoke("GET", url + "/pets/" + "a" * 10_000, headers={"Authorization": "t"})
    assert (response.status, response.json()) == (403, NOT_ALLOWED)
    assert time.monotonic() - started < 1.0


def test_an_overlong_arn_is_refused_unevaluated(apigateway, gwmock):
    api_id, url = _api(apigateway, gwmock, ALLOW_ALL)
    response = gwmock.invoke("GET", url + "/pets/" + "x" * resource_policy.MAX_ARN_CHARS)
    assert response.status == 403
    assert "Message" in response.json()
    assert any("method ARN has" in line for line in gwmock.requests[-1].log)


# --- the wildcard matcher ------------------------------------------------------------------------------------


def _reference(pattern, value):
    """IAM's wildcards as a regular expression: right, but backtracking (small inputs only)."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.DOTALL) is not None


@pytest.mark.parametrize(("pattern", "value", "expected"), [
    ("", "", True), ("", "a", False), ("*", "", True), ("*", "anything/at:all", True), ("**", "x", True),
    ("a*", "a", True), ("*a", "ba", True), ("a*a", "a", False), ("a*a", "aa", True), ("?", "", False),
    ("?", "\n", True), ("a?c", "abc", True), ("a?c", "ac", False), ("*b*", "abc", True), ("*b?", "abc", True),
    ("*?b", "ab", True), ("*?b", "b", False), ("a*b*c", "abbbc", True), ("a*b*c", "acb", False),
    ("x*y", "x*y", True), ("[a]", "[a]", True), (".*", "ab", False), ("a.c", "abc", False),
])
def test_glob_cases(pattern, value, expected):
    assert Glob(pattern).match(value) is expected
    assert _reference(pattern, value) is expected


def test_glob_agrees_with_the_regular_expression_on_random_inputs():
    rng = random.Random(7)
    for _ in range(5000):
        pattern = "".join(rng.choice("ab*?") for _ in range(rng.randint(0, 8)))
        value = "".join(rng.choice("ab") for _ in range(rng.randint(0, 10)))
        assert Glob(pattern).match(value) is _reference(pattern, value), (pattern, value)


def test_glob_is_linear_on_hostile_input():
    started = time.monotonic()
    for value, expected in (("a" * 100_000, False), ("ab" * 50_000, True), ("b" * 100_000, False),
                            ("a" * 99_999 + "b", True), ("a" * 100 + "b" * 100_000, False)):
        assert Glob("*a" * 200 + "*b").match(value) is expected, value[:10]
        assert Glob("*?a" * 200 + "*?b").match(value) is expected, value[:10]
        assert Glob("*" + "a*" * 150 + "?").match(value) is (value.count("a") >= 150)
    assert time.monotonic() - started < 1.0


# --- server mode: the Host a client sends names the VPC endpoint -----------------------------------------


def test_server_mode_vpce_host():
    pytest.importorskip("uvicorn")
    import boto3

    from gwmock.server import start

    server = start(timeout=2.0)
    try:
        client = boto3.client("apigateway", region_name=REGION, endpoint_url=server.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        api = client.create_rest_api(name="private", policy=json.dumps(PRIVATE))
        client.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
        client.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                   statusCode="200")
        client.put_integration_response(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                                        statusCode="200", responseTemplates={"application/json": '{"in": true}'})
        client.create_deployment(restApiId=api["id"], stageName="prod")
        public = requests.get(server.url + "/prod/", headers={
            "Host": f"{api['id']}.execute-api.{REGION}.amazonaws.com"}, timeout=5)
        assert (public.status_code, public.json()) == (403, _denied(api["id"], "/", explicit=True))
        private = requests.get(server.url + "/prod/", headers={"Host": _vpce_host(api["id"])}, timeout=5)
        assert (private.status_code, private.json()) == (200, {"in": True})
    finally:
        server.stop()


def test_requests_to_a_vpc_endpoint_url_carry_its_host(apigateway, gwmock):
    """``requests`` sends no ``Host`` through urllib3's hook (http.client adds it later): the URL's
    ``{api}-{vpce}`` host is the one the policy and the event see."""
    import requests

    api_id, url = _api(apigateway, gwmock, PRIVATE)
    stage_path = url.split(".amazonaws.com", 1)[1]
    through = requests.get(f"https://{_vpce_host(api_id)}{stage_path}/pets", timeout=5)
    assert through.status_code == 200
    assert _policy_lines(gwmock)[0].endswith("(aws:SourceVpce=vpce-0abc1234, aws:VpcSourceIp=127.0.0.1)")
    other = requests.get(f"https://{_vpce_host(api_id, 'vpce-0fff9999')}{stage_path}/pets", timeout=5)
    assert other.status_code == 403


def test_cloudformation_policy_beside_a_body_is_kept(gwmock, apigateway):
    """CloudFormation's ``Policy`` wins over the ``Body`` document's (which has none here): the
    definition is put first, then the template's own properties are applied."""
    policy = _doc(_stmt(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    body = {"openapi": "3.0.1", "info": {"title": "from-body", "version": "1"}, "paths": {"/": {"get": {
        "responses": {"200": {"description": "ok"}},
        "x-amazon-apigateway-integration": {
            "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "responses": {"default": {"statusCode": "200"}}}}}}}
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": body, "Policy": policy}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment",
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "prod"}}},
        "Outputs": {"Id": {"Value": {"Ref": "Api"}}}}
    api_id = gwmock.deploy_template(template).outputs["Id"]
    api = apigateway.get_rest_api(restApiId=api_id)
    assert api["name"] == "from-body" and "aws:SourceIp" in api["policy"]  # stored as AWS escapes it
    url = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/"
    assert requests.get(url, timeout=5).status_code == 403
    assert requests.get(url, headers={"X-Forwarded-For": "10.1.1.1"}, timeout=5).status_code == 200
