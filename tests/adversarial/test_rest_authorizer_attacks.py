"""Red-team attacks on REST API authorizers (Lambda TOKEN/REQUEST, Cognito): CreateAuthorizer and
UpdateAuthorizer with hostile identity sources, validation expressions and TTLs; Lambda authorizers
answering what API Gateway cannot use; policies built to cost time or memory; the answers' cache;
TestInvokeAuthorizer with hostile input. Every refusal is asserted with AWS's status and body, and
the next request is still served.

Defects these attacks found (the test named first failed before the fix):

* a REQUEST authorizer's ``context.identity.sourceIp`` identity source (a dotted context variable)
  was looked up as one key: always missing, every call 401 without the function running
  (``test_a_dotted_context_identity_source_is_read``);
* ``method.request.multivalueheader.*`` and ``multivaluequerystring.*`` sources, accepted by
  CreateAuthorizer, were never read: every call 401 (``test_multi_value_identity_sources_are_read``);
* a context value ``null`` reached the integration as Python's ``"None"`` with a 200; AWS answers
  500 for any value that is not a string, number or boolean (``test_a_null_context_value_is_a_500``);
* a ``principalId`` that is an object reached ``requestContext.authorizer`` as an object
  (``test_a_principal_id_that_is_an_object_is_a_500``; guess: 500);
* an ``identityValidationExpression`` that does not compile was stored, then refused every token
  with a silent 401 (``test_an_expression_that_does_not_compile_is_refused_at_create`` and
  ``..._at_update``; AWS's wording unknown: guess);
* ``NotAction``/``NotResource`` statements never matched: an Allow with ``NotResource`` of another
  ARN answered 403 (``test_not_action_and_not_resource_read_as_iam_reads_them``; guess);
* a policy's Resource of 100 KB ``a?a?...`` took 1.7 s to compile per distinct pattern and
  4 MB in the wildcard cache (4,096 kept: gigabytes); a run of a million stars made a million
  chunks (``test_huge_resources_cost_no_compile_and_are_not_kept``,
  ``test_a_million_stars_is_one_star``, ``test_many_distinct_costly_patterns_answer_500_in_bounded_time``).
"""

from __future__ import annotations

import json
import time

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime import wildcards
from gwmock.runtime.rest import authorizers as rest_authorizers
from tests.helpers import assert_error, error_of

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
TOKEN = {"type": "TOKEN", "identitySource": "method.request.header.Authorization"}
ALLOW_ALL = [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]
UNAUTHORIZED = (401, {"message": "Unauthorized"})
CONFIG_ERROR = (500, {"message": None})
DENY = (403, {"message": "User is not authorized to access this resource with an explicit deny"})
NOT_ALLOWED = (403, {"message": "User is not authorized to access this resource"})


def _policy(statements, **extra):
    return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": statements}, **extra}


class _Api:
    """A deployed API whose GET and POST /{item} use one Lambda authorizer answering ``answer(event)``."""

    def __init__(self, client, gw, answer, **authorizer):
        self.calls = []

        def auth(event, context):
            self.calls.append(event)
            return answer(event)

        def echo(event, context):
            return {"statusCode": 200, "body": json.dumps(event["requestContext"].get("authorizer"))}

        gw.add_lambda(FN + "auth", auth)
        gw.add_lambda(FN + "echo", echo)
        self.client = client
        self.id = client.create_rest_api(name="attacks")["id"]
        root = client.get_resources(restApiId=self.id)["items"][0]["id"]
        self.authorizer = client.create_authorizer(restApiId=self.id, name="a", authorizerUri=URI.format(FN + "auth"),
                                                   **authorizer)["id"]
        resource = client.create_resource(restApiId=self.id, parentId=root, pathPart="{item}")["id"]
        for verb in ("GET", "POST"):
            client.put_method(restApiId=self.id, resourceId=resource, httpMethod=verb, authorizationType="CUSTOM",
                              authorizerId=self.authorizer)
            client.put_integration(restApiId=self.id, resourceId=resource, httpMethod=verb, type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
        client.create_deployment(restApiId=self.id, stageName="dev", variables={"v": "stage-value"})
        self.base = f"https://{self.id}.execute-api.{REGION}.amazonaws.com/dev"

    def get(self, path="/1", verb="GET", **kwargs):
        answer = requests.request(verb, self.base + path, timeout=30, **kwargs)
        return answer.status_code, answer.json()

    def arn(self, verb="GET", path="/1"):
        return f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{self.id}/dev/{verb}{path}"


def _serving(api):
    """The mock still answers: a fresh token through an allowing authorizer, or at least a clean 4xx/5xx."""
    status, _ = api.get(headers={"Authorization": f"next-{time.monotonic()}"})
    assert status in (200, 401, 403, 500)


# --- control plane: CreateAuthorizer / UpdateAuthorizer --------------------------------------


@pytest.mark.parametrize("expression", ["(", "[a-", "a{2,1}", "(?P<", "x" * 10_001], ids=lambda e: e[:8])
def test_an_expression_that_does_not_compile_is_refused_at_create(apigateway, expression):
    api_id = apigateway.create_rest_api(name="x")["id"]
    error = error_of(apigateway.create_authorizer, restApiId=api_id, name="a", authorizerUri=URI.format(FN + "auth"),
                     identityValidationExpression=expression, **TOKEN)
    assert_error(error, "BadRequestException", f"Invalid identity validation expression specified: {expression}", 400)
    assert apigateway.get_authorizers(restApiId=api_id)["items"] == []


def test_an_expression_that_does_not_compile_is_refused_at_update(apigateway):
    api_id = apigateway.create_rest_api(name="x")["id"]
    made = apigateway.create_authorizer(restApiId=api_id, name="a", authorizerUri=URI.format(FN + "auth"),
                                        identityValidationExpression="^Bearer .+$", **TOKEN)
    error = error_of(apigateway.update_authorizer, restApiId=api_id, authorizerId=made["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": "renamed"},
        {"op": "replace", "path": "/identityValidationExpression", "value": "(unclosed"}])
    assert_error(error, "BadRequestException", "Invalid identity validation expression specified: (unclosed", 400)
    kept = apigateway.get_authorizer(restApiId=api_id, authorizerId=made["id"])
    assert (kept["name"], kept["identityValidationExpression"]) == ("a", "^Bearer .+$")


@pytest.mark.parametrize(("source", "message"), [
    ("", "Invalid token source expression: . The source must be a method request header, matching "
         "'method.request.header.[a-zA-Z0-9._-]+'."),
    ("method.request.header.", "Invalid token source expression: method.request.header.. The source must be a "
                               "method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'."),
    ("method.request.header.A,method.request.header.B", None),
    ("context.requestId", None),
])
def test_hostile_token_sources_are_refused(apigateway, source, message):
    api_id = apigateway.create_rest_api(name="x")["id"]
    error = error_of(apigateway.create_authorizer, restApiId=api_id, name="a", type="TOKEN",
                     authorizerUri=URI.format(FN + "auth"), identitySource=source)
    assert_error(error, "BadRequestException", message, 400)
    assert error["Error"]["Message"].startswith("Invalid token source expression: ")
    assert apigateway.get_authorizers(restApiId=api_id)["items"] == []


@pytest.mark.parametrize(("source", "message"), [
    ("", "Identity source must be set if authorizer caching is enabled (TTL is greater than 0)"),
    (" , ", "Invalid identity source expression: "),
    ("method.request.header.", "Invalid identity source expression: method.request.header."),
    ("method.request.header.A,,method.request.header.B", "Invalid identity source expression: "),
    ("context.", "Invalid identity source expression: context."),
    ("stageVariables.", "Invalid identity source expression: stageVariables."),
    ("method.request.body.x", "Invalid identity source expression: method.request.body.x"),
    ("$request.header.A", "Invalid identity source expression: $request.header.A"),
])
def test_hostile_request_sources_are_refused(apigateway, source, message):
    api_id = apigateway.create_rest_api(name="x")["id"]
    error = error_of(apigateway.create_authorizer, restApiId=api_id, name="a", type="REQUEST",
                     authorizerUri=URI.format(FN + "auth"), identitySource=source)
    assert_error(error, "BadRequestException", message, 400)
    assert apigateway.get_authorizers(restApiId=api_id)["items"] == []


@pytest.mark.parametrize("value", ["abc", "1e3", "9" * 400, "3601", "-1", " 5"])
def test_hostile_ttl_patches_change_nothing(apigateway, value):
    api_id = apigateway.create_rest_api(name="x")["id"]
    made = apigateway.create_authorizer(restApiId=api_id, name="a", authorizerUri=URI.format(FN + "auth"), **TOKEN)
    error = error_of(apigateway.update_authorizer, restApiId=api_id, authorizerId=made["id"], patchOperations=[
        {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": value}])
    assert_error(error, "BadRequestException", status=400)
    assert "authorizerResultTtlInSeconds" not in apigateway.get_authorizer(restApiId=api_id, authorizerId=made["id"])


def test_a_huge_ttl_is_refused(apigateway):
    api_id = apigateway.create_rest_api(name="x")["id"]
    error = error_of(apigateway.create_authorizer, restApiId=api_id, name="a", authorizerUri=URI.format(FN + "auth"),
                     authorizerResultTtlInSeconds=10**12, **TOKEN)
    assert_error(error, "SerializationException", "Numeric value (1000000000000) at "
                 "'createAuthorizerInput.authorizerResultTtlInSeconds' out of range of int", 400)
    error = error_of(apigateway.create_authorizer, restApiId=api_id, name="a", authorizerUri=URI.format(FN + "auth"),
                     authorizerResultTtlInSeconds=2**31 - 1, **TOKEN)
    assert_error(error, "BadRequestException",
                 "Invalid authorizer result TTL: 2147483647. The TTL must be between 0 and 3600 seconds.", 400)
    assert apigateway.get_authorizers(restApiId=api_id)["items"] == []


# --- identity sources on the data plane -------------------------------------------------------


def test_fifty_sources_are_all_required_and_all_keyed(apigateway, gwmock):
    names = [f"h{i}" for i in range(50)]
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), type="REQUEST",
               identitySource=",".join(f"method.request.header.{n}" for n in names))
    headers = {n: "v" for n in names}
    assert api.get(headers={**headers, "h49": ""})[0] == 401
    assert api.get(headers={k: v for k, v in headers.items() if k != "h0"}) == UNAUTHORIZED
    assert api.calls == []
    assert api.get(headers=headers)[0] == 200
    assert api.get(headers={**headers, "h49": "other"})[0] == 200  # a different last source: a new answer
    assert len(api.calls) == 2


def test_a_duplicated_source_is_accepted_and_read(apigateway, gwmock):
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), type="REQUEST",
               identitySource="method.request.header.A, method.request.header.A")
    assert api.get() == UNAUTHORIZED
    assert api.get(headers={"A": "1"})[0] == 200
    assert len(api.calls) == 1


def test_a_dotted_context_identity_source_is_read(apigateway, gwmock):
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), type="REQUEST",
               identitySource="context.identity.sourceIp")
    assert api.get()[0] == 200
    assert api.get()[0] == 200  # the same caller: the cached answer
    assert len(api.calls) == 1


def test_a_context_source_holding_an_object_is_missing(apigateway, gwmock):  # guess
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), type="REQUEST", identitySource="context.identity")
    assert api.get() == UNAUTHORIZED
    assert api.calls == []


def test_multi_value_identity_sources_are_read(apigateway, gwmock):
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), type="REQUEST",
               identitySource="method.request.multivalueheader.X, method.request.multivaluequerystring.q")
    assert api.get(headers={"X": "1"}) == UNAUTHORIZED
    assert api.get("/1?q=a&q=b", headers={"X": "1"})[0] == 200
    assert api.get("/1?q=a&q=b", headers={"X": "1"})[0] == 200
    assert api.get("/1?q=a&q=c", headers={"X": "1"})[0] == 200  # every value is in the cache key
    assert len(api.calls) == 2


def test_stage_variable_sources(apigateway, gwmock):
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), type="REQUEST",
               identitySource="stageVariables.v, method.request.header.A")
    assert api.get(headers={"A": "1"})[0] == 200
    api2 = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), type="REQUEST", identitySource="stageVariables.nope")
    assert api2.get(headers={"A": "1"}) == UNAUTHORIZED


def test_the_cache_is_keyed_by_every_source(apigateway, gwmock):
    def answer(event):
        effect = "Allow" if event["headers"].get("B") == "ok" else "Deny"
        return _policy([{"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}])

    api = _Api(apigateway, gwmock, answer, type="REQUEST",
               identitySource="method.request.header.A, method.request.header.B")
    assert api.get(headers={"A": "1", "B": "ok"})[0] == 200
    assert api.get(headers={"A": "1", "B": "no"}) == DENY
    assert api.get(headers={"A": "1", "B": "ok"})[0] == 200
    assert len(api.calls) == 2
    # the cached Deny names GET /1 only: POST /1 is not denied by it, only not allowed
    assert api.get(verb="POST", headers={"A": "1", "B": "no"}) == NOT_ALLOWED
    assert api.get(verb="POST", headers={"A": "1", "B": "ok"}) == NOT_ALLOWED
    assert len(api.calls) == 2


def test_a_backtracking_expression_refuses_a_long_token_in_bounded_time(apigateway, gwmock):
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), identityValidationExpression="^(a+)+$", **TOKEN)
    started = time.monotonic()
    assert api.get(headers={"Authorization": "a" * 5000 + "!"}) == UNAUTHORIZED
    assert time.monotonic() - started < 2
    assert api.calls == []
    assert api.get(headers={"Authorization": "aaaa"})[0] == 200


# --- what the authorizer answers ------------------------------------------------------------------


@pytest.mark.parametrize("answer", [
    [1, 2], "Allow", None, 7,
    {"policyDocument": {"Statement": ALLOW_ALL}},
    {"principalId": "me"},
    {"principalId": "me", "policyDocument": "{}"},
    {"principalId": "me", "policyDocument": ["x"]},
    _policy(ALLOW_ALL, context=[1]),
    _policy(ALLOW_ALL, context="text"),
    _policy(ALLOW_ALL, context={"a": {"b": 1}}),
    _policy(ALLOW_ALL, context={"a": [1]}),
    _policy([{"Action": "execute-api:Invoke", "Effect": "allow", "Resource": "*"}]),
    _policy([{"Action": "execute-api:Invoke", "Effect": ["Allow"], "Resource": "*"}]),
], ids=lambda a: json.dumps(a)[:40])
def test_answers_api_gateway_cannot_use_are_500(apigateway, gwmock, answer):
    api = _Api(apigateway, gwmock, lambda e: answer, **TOKEN)
    response = requests.get(api.base + "/1", headers={"Authorization": "t"}, timeout=30)
    assert (response.status_code, response.json()) == CONFIG_ERROR
    assert response.headers["x-amzn-ErrorType"] == "AuthorizerConfigurationException"
    _serving(api)


def test_a_null_context_value_is_a_500(apigateway, gwmock):
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL, context={"user": "bob", "gone": None}), **TOKEN)
    assert api.get(headers={"Authorization": "t"}) == CONFIG_ERROR
    assert api.get(headers={"Authorization": "t"}) == CONFIG_ERROR  # the cached answer too
    assert len(api.calls) == 1


@pytest.mark.parametrize("principal", [{"x": 1}, ["me"]])
def test_a_principal_id_that_is_an_object_is_a_500(apigateway, gwmock, principal):  # guess
    api = _Api(apigateway, gwmock, lambda e: {**_policy(ALLOW_ALL), "principalId": principal}, **TOKEN)
    assert api.get(headers={"Authorization": "t"}) == CONFIG_ERROR


def test_scalar_context_values_reach_the_integration_as_text(apigateway, gwmock):
    context = {"s": "x", "i": 1, "f": 1.5, "t": True, "big": "y" * 1_000_000}  # large answers work on REST
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL, context=context), **TOKEN)
    status, body = api.get(headers={"Authorization": "t"})
    assert status == 200
    assert {k: body[k] for k in ("s", "i", "f", "t")} == {"s": "x", "i": "1", "f": "1.5", "t": "true"}
    assert body["big"] == "y" * 1_000_000 and body["principalId"] == "me"


@pytest.mark.parametrize(("statements", "expected"), [
    ({"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}, 200),  # Statement as an object
    ([{"Action": ["s3:GetObject", "execute-api:Invoke"], "Effect": "Allow", "Resource": ["arn:x", "*"]}], 200),
    ([{"Action": "EXECUTE-API:INVOKE", "Effect": "Allow", "Resource": "*"}], 200),  # actions ignore case
    ([{"Action": "execute-api:*", "Effect": "Allow", "Resource": "arn:aws:execute-api:*:*:*/*/GET/*"}], 200),
    ([{"Action": "execute-api:*", "Effect": "Allow", "Resource": "arn:aws:execute-api:*:*:*/*/POST/*"}], 403),
    ([{"Action": "execute-api:Invok?", "Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:*:*/dev/GET/?"}],
     200),
    ([{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "arn:aws:execute-api:us-east-1:*:*/dev/GET/??"}],
     403),
    ([{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*",
       "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}], 200),  # not evaluated (guess)
    ([{"Action": "s3:*", "Effect": "allow", "Resource": "*"}] + ALLOW_ALL, 200),  # another action's statement
    ([*ALLOW_ALL, {"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": "*/GET/*"}], 403),
    ([{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": 5}], 403),
    ([{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": {"a": 1}}], 403),
    ([1, "x", None], 403),
    ("not a list", 403),
    ([{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": f"arn:x:{i}"} for i in range(499)]
     + ALLOW_ALL, 200),
], ids=lambda v: json.dumps(v)[:50] if not isinstance(v, int) else str(v))
def test_policy_shapes(apigateway, gwmock, statements, expected):
    api = _Api(apigateway, gwmock, lambda e: _policy(statements), **TOKEN)
    assert api.get(headers={"Authorization": "t"})[0] == expected


def test_not_action_and_not_resource_read_as_iam_reads_them(apigateway, gwmock):  # guess
    answers = {
        "a": [{"NotAction": "s3:*", "Effect": "Allow", "Resource": "*"}],
        "b": [{"Action": "execute-api:Invoke", "Effect": "Allow", "NotResource": "arn:nothing"}],
        "c": [{"NotAction": "execute-api:*", "Effect": "Allow", "Resource": "*"}],
        "d": [*ALLOW_ALL, {"Action": "execute-api:Invoke", "Effect": "Deny", "NotResource": "*/POST/*"}],
    }
    api = _Api(apigateway, gwmock, lambda e: _policy(answers[e["authorizationToken"]]), **TOKEN)
    assert api.get(headers={"Authorization": "a"})[0] == 200
    assert api.get(headers={"Authorization": "b"})[0] == 200
    assert api.get(headers={"Authorization": "c"}) == NOT_ALLOWED
    assert api.get(headers={"Authorization": "d"}) == DENY
    assert api.get(verb="POST", headers={"Authorization": "d"})[0] == 200


def test_huge_resources_cost_no_compile_and_are_not_kept(apigateway, gwmock):
    hostile = [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": f"{i}" + "a?" * 50_000}
               for i in range(20)]
    api = _Api(apigateway, gwmock, lambda e: _policy([*hostile, *ALLOW_ALL]), **TOKEN)
    started = time.monotonic()
    assert api.get(headers={"Authorization": "t"})[0] == 200
    assert time.monotonic() - started < 2  # each took 1.7 s to compile before
    assert wildcards.glob("*" + "b" * (wildcards.CACHED_MAX + 1)) is not wildcards.glob(
        "*" + "b" * (wildcards.CACHED_MAX + 1))
    assert wildcards.glob("*x*") is wildcards.glob("*x*")


def test_a_million_stars_is_one_star():
    started = time.monotonic()
    assert wildcards.matches("a" + "*" * 1_000_000 + "b", "a-long-way-b")
    assert not wildcards.matches("a" + "*" * 1_000_000 + "c", "a-long-way-b")
    assert time.monotonic() - started < 1


def test_many_distinct_costly_patterns_answer_500_in_bounded_time(apigateway, gwmock, monkeypatch):
    monkeypatch.setattr(rest_authorizers, "POLICY_BUDGET", 0.2)
    path = "/" + "a" * 3000
    hostile = [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": f"*{i}" + "a?" * 1400 + "*"}
               for i in range(200)]
    api = _Api(apigateway, gwmock, lambda e: _policy(hostile), **TOKEN)
    started = time.monotonic()
    assert api.get(path, headers={"Authorization": "t"}) == CONFIG_ERROR
    assert time.monotonic() - started < 3


@given(pattern=st.text(alphabet="ab*?", max_size=12), value=st.text(alphabet="ab", max_size=12))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_wildcards_agree_with_a_reference_matcher(pattern, value):
    assert wildcards.matches(pattern, value) == _reference(pattern, value)


def _reference(pattern, value):
    """IAM wildcards by dynamic programming: obviously right, quadratic."""
    reach = [True] + [False] * len(value)
    for char in pattern:
        if char == "*":
            for i in range(1, len(value) + 1):
                reach[i] = reach[i] or reach[i - 1]
        else:
            reach = [False] + [reach[i] and char in ("?", value[i]) for i in range(len(value))]
    return reach[-1]


# --- failures of the function ---------------------------------------------------------------------


@pytest.mark.parametrize(("error", "expected"), [
    (Exception("Unauthorized"), UNAUTHORIZED),
    (ValueError("Unauthorized"), UNAUTHORIZED),
    (Exception("unauthorized"), CONFIG_ERROR),
    (Exception("Unauthorized "), CONFIG_ERROR),
    (Exception("boom"), CONFIG_ERROR),
    (RecursionError(), CONFIG_ERROR),
])
def test_an_authorizer_that_raises(apigateway, gwmock, error, expected):
    def answer(event):
        raise error

    api = _Api(apigateway, gwmock, answer, **TOKEN)
    assert api.get(headers={"Authorization": "t"}) == expected
    assert api.get(headers={"Authorization": "t"}) == expected  # failures are not cached
    assert len(api.calls) == 2


def test_an_authorizer_that_does_not_answer_in_time(apigateway, gwmock, monkeypatch):
    monkeypatch.setattr(rest_authorizers, "AUTHORIZER_TIMEOUT", 0.2)
    release = []

    def answer(event):
        deadline = time.monotonic() + 2
        while not release and time.monotonic() < deadline:
            time.sleep(0.01)
        return _policy(ALLOW_ALL)

    api = _Api(apigateway, gwmock, answer, **TOKEN)
    started = time.monotonic()
    assert api.get(headers={"Authorization": "t"}) == CONFIG_ERROR
    assert time.monotonic() - started < 1.5
    release.append(True)


def test_usage_identifier_keys_that_are_no_key_are_403(apigateway, gwmock):
    keys = iter(["missing-key", {"a": 1}, ["k"], 5, "", None, True, "k" * 100_000])
    gwmock.add_lambda(FN + "auth", lambda e, c: _policy(ALLOW_ALL, usageIdentifierKey=next(keys)))
    gwmock.add_lambda(FN + "echo", lambda e, c: {"statusCode": 200, "body": "ok"})
    api_id = apigateway.create_rest_api(name="keys", apiKeySource="AUTHORIZER")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    authorizer = apigateway.create_authorizer(restApiId=api_id, name="a", authorizerUri=URI.format(FN + "auth"),
                                              authorizerResultTtlInSeconds=0, **TOKEN)["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="CUSTOM",
                          authorizerId=authorizer, apiKeyRequired=True)
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    for _ in range(8):
        answer = requests.get(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/",
                              headers={"Authorization": "t"}, timeout=30)
        assert (answer.status_code, answer.json()) == (403, {"message": "Forbidden"})


# --- TestInvokeAuthorizer ---------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [
    {"headers": {"Authorization": "a" * 5000 + "!"}},
    {"multiValueHeaders": {"Authorization": []}},
    {"headers": {"A" * 10_000: "b"}},
    {"pathWithQueryString": "/../../etc/passwd?x=%zz&" + "a=1&" * 5000},
    {"stageVariables": {"x": "y" * 100_000}},
    {"body": "x" * 100_000, "additionalContext": {"a": "b"}},
])
def test_invoke_authorizer_with_hostile_input_refuses_a_token_it_cannot_match(apigateway, gwmock, extra):
    api = _Api(apigateway, gwmock, lambda e: _policy(ALLOW_ALL), identityValidationExpression="^(a+)+$", **TOKEN)
    started = time.monotonic()
    answer = apigateway.test_invoke_authorizer(restApiId=api.id, authorizerId=api.authorizer, **extra)
    assert answer["clientStatus"] == 401
    assert time.monotonic() - started < 2
    assert api.calls == []
    assert api.get(headers={"Authorization": "aa"})[0] == 200
