"""gwmock under time-freezing libraries, each attack with freezegun and with time-machine.

What a test may move on purpose follows the moved clock (throttling refill, authorizer and response
cache TTLs, Lambda contexts' remaining time, SigV4 dates, record timestamps); gwmock's own bounds do
not (a Lambda integration's timeout answers 504 in real time). Neither library's moves, backwards
included, nor the end of a freeze, leaves an answer cached or a bucket emptied for longer than its
own TTL or refill.

Defects these found (before the fix): buckets, caches and Lambda contexts read ``time.monotonic``,
which time-machine does not move (a shifted clock refilled and expired nothing) and freezegun moves
backwards (a day back emptied a bucket by a day of tokens; a freeze's end left buckets ~1.7e9 s short,
every call 429, and cached answers living for ever); authorizer latencies went negative when code under
test moved freezegun back; the REST authorizer cache had no size bound. Guesses: a clock moved back
counts as no time passed; a remaining time is never above the function's timeout.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import time
from collections.abc import Iterator

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from gwmock import clock as gwmock_clock

freezegun = pytest.importorskip("freezegun")
time_machine = pytest.importorskip("time_machine")

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
T0 = datetime.datetime(2026, 3, 4, 10, 0, tzinfo=datetime.timezone.utc)
DAY = 86400


class Clock:
    """One interface over freezegun's and time-machine's travellers: ``shift`` seconds (either way)."""

    def __init__(self, library: str, traveller: object) -> None:
        self.library, self._traveller = library, traveller

    def shift(self, seconds: float) -> None:
        if self.library == "freezegun":
            self._traveller.tick(datetime.timedelta(seconds=seconds))  # type: ignore[attr-defined]
        else:
            self._traveller.shift(seconds)  # type: ignore[attr-defined]

    def move_to(self, moment: datetime.datetime) -> None:
        self._traveller.move_to(moment)  # type: ignore[attr-defined]


@contextlib.contextmanager
def frozen(library: str, moment: datetime.datetime = T0, tick: bool = False) -> Iterator[Clock]:
    if library == "freezegun":
        with freezegun.freeze_time(moment, tick=tick) as traveller:
            yield Clock(library, traveller)
    else:
        with time_machine.travel(moment, tick=tick) as traveller:
            yield Clock(library, traveller)


LIBRARIES = pytest.mark.parametrize("library", ["freezegun", "time_machine"])


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps({"remaining": context.get_remaining_time_in_millis(),
                                                   "requestContext": event["requestContext"]})}


def _allow(calls):
    def allow(event, context):
        calls.append(event["authorizationToken"])
        return {"principalId": "me", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": "*"}]}}
    return allow


def _rest(apigateway, gw, *, settings=None, authorizer=None, cache=False, handler=_echo, timeout_ms=None):
    """GET /pets (a Lambda proxy) on stage ``dev``; its URL."""
    gw.add_lambda(FN + "echo", handler)
    api = apigateway.create_rest_api(name="clocks")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    pets = apigateway.create_resource(restApiId=api, parentId=root, pathPart="pets")["id"]
    method = {"authorizationType": "NONE"}
    if authorizer is not None:
        auth = apigateway.create_authorizer(restApiId=api, name="auth", type="TOKEN",
                                            authorizerUri=URI.format(FN + "auth"),
                                            identitySource="method.request.header.Authorization",
                                            authorizerResultTtlInSeconds=300)
        gw.add_lambda(FN + "auth", authorizer)
        method = {"authorizationType": "CUSTOM", "authorizerId": auth["id"]}
    apigateway.put_method(restApiId=api, resourceId=pets, httpMethod="GET", **method)
    apigateway.put_integration(restApiId=api, resourceId=pets, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "echo"),
                               **({"timeoutInMillis": timeout_ms} if timeout_ms else {}))
    apigateway.create_deployment(restApiId=api, stageName="dev")
    patches = [{"op": "replace", "path": f"/*/*/{name}", "value": str(value)}
               for name, value in (settings or {}).items()]
    if cache:
        patches += [{"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
                    {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
                    {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": "60"}]
    if patches:
        apigateway.update_stage(restApiId=api, stageName="dev", patchOperations=patches)
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/pets"


THROTTLE = {"throttling/burstLimit": 1, "throttling/rateLimit": 1}


def _statuses(url, count, **kwargs):
    return [requests.get(url, timeout=10, **kwargs).status_code for _ in range(count)]


# --- throttling: the bucket refills with the moved clock, and never empties by a move backwards --------


@LIBRARIES
def test_throttling_refills_as_the_clock_moves(apigateway, gwmock, library):
    with frozen(library) as clock:
        url = _rest(apigateway, gwmock, settings=THROTTLE)
        assert _statuses(url, 2) == [200, 429]
        clock.shift(1)
        assert _statuses(url, 2) == [200, 429]


@LIBRARIES
def test_moving_the_clock_back_does_not_empty_a_bucket(apigateway, gwmock, library):
    with frozen(library) as clock:
        url = _rest(apigateway, gwmock, settings=THROTTLE)
        assert _statuses(url, 1) == [200]
        clock.shift(-DAY)
        assert _statuses(url, 1) == [429]  # no time passed: still spent
        clock.shift(1)
        assert _statuses(url, 2) == [200, 429]


def test_a_bucket_spent_under_freezegun_refills_after_the_freeze(apigateway, gwmock):
    """freezegun's ``monotonic`` is the frozen epoch time (~1.7e9 s), the real one seconds since boot:
    a bucket read from it was billions of tokens short once the freeze ended (every call 429)."""
    url = _rest(apigateway, gwmock, settings=THROTTLE)
    with freezegun.freeze_time(T0):
        assert _statuses(url, 2) == [200, 429]
    assert _statuses(url, 2) == [200, 429]  # months later, on the real clock


def test_a_freeze_in_the_future_ending_leaves_buckets_and_caches_working(apigateway, gwmock):
    calls = []
    url = _rest(apigateway, gwmock, settings=THROTTLE, authorizer=_allow(calls))
    with freezegun.freeze_time("2099-01-01"):
        assert _statuses(url, 2, headers={"Authorization": "t"}) == [200, 429]
    assert _statuses(url, 1, headers={"Authorization": "t"}) == [429]  # back to now: no time passed
    with freezegun.freeze_time(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=2)):
        assert _statuses(url, 2, headers={"Authorization": "t"}) == [200, 429]
    assert calls == ["t", "t"]  # the answer cached in 2099 was not served in 2026


# --- caches: an answer lives its TTL on the moved clock, and never longer ------------------------------


@LIBRARIES
def test_a_cached_authorizer_answer_expires_with_the_moved_clock(apigateway, gwmock, library):
    calls = []
    with frozen(library) as clock:
        url = _rest(apigateway, gwmock, authorizer=_allow(calls))
        headers = {"Authorization": "token-1"}
        assert _statuses(url, 2, headers=headers) == [200, 200]
        clock.shift(299)
        assert _statuses(url, 1, headers=headers) == [200]
        assert calls == ["token-1"]
        clock.shift(2)
        assert _statuses(url, 1, headers=headers) == [200]
        assert calls == ["token-1", "token-1"]


@LIBRARIES
def test_a_cached_authorizer_answer_from_the_future_is_not_kept(apigateway, gwmock, library):
    calls = []
    with frozen(library) as clock:
        url = _rest(apigateway, gwmock, authorizer=_allow(calls))
        headers = {"Authorization": "token-1"}
        assert _statuses(url, 1, headers=headers) == [200]
        clock.shift(-DAY)  # the answer was cached a day from now
        assert _statuses(url, 2, headers=headers) == [200, 200]
        assert calls == ["token-1", "token-1"]  # asked again once, then cached again


def test_an_authorizer_answer_cached_under_freezegun_expires_after_the_freeze(apigateway, gwmock):
    calls = []
    url = _rest(apigateway, gwmock, authorizer=_allow(calls))
    with freezegun.freeze_time(T0):
        assert _statuses(url, 1, headers={"Authorization": "token-1"}) == [200]
    assert _statuses(url, 1, headers={"Authorization": "token-1"}) == [200]
    assert calls == ["token-1", "token-1"]


@LIBRARIES
def test_a_cached_response_expires_with_the_moved_clock_and_never_outlives_its_ttl(apigateway, gwmock, library):
    with frozen(library) as clock:
        url = _rest(apigateway, gwmock, cache=True)
        first = requests.get(url, timeout=10).json()["requestContext"]["requestId"]
        assert requests.get(url, timeout=10).json()["requestContext"]["requestId"] == first  # a hit
        clock.shift(61)
        second = requests.get(url, timeout=10).json()["requestContext"]["requestId"]
        assert second != first
        clock.shift(-365 * DAY)
        third = requests.get(url, timeout=10).json()["requestContext"]["requestId"]
        assert third != second  # an entry from the future is not served


# --- the Lambda context ---------------------------------------------------------------------------------


@LIBRARIES
def test_remaining_time_follows_the_moved_clock(apigateway, gwmock, library):
    seen = []

    def handler(event, context):
        seen.append(context.get_remaining_time_in_millis())
        mover.shift(1)
        seen.append(context.get_remaining_time_in_millis())
        mover.shift(-DAY)  # back: never more than the function's timeout
        seen.append(context.get_remaining_time_in_millis())
        return {"statusCode": 200, "body": "{}"}

    with frozen(library) as mover:
        url = _rest(apigateway, gwmock, handler=handler)
        assert _statuses(url, 1) == [200]
    assert seen == [3000, 2000, 3000]  # the function's 3 s (gwmock's guess), never more


@LIBRARIES
def test_a_lambda_sleeping_past_its_timeout_is_a_504_in_real_time(apigateway, gwmock, library):
    def slow(event, context):
        time.sleep(1.5)
        return {"statusCode": 200, "body": "{}"}

    with frozen(library):
        url = _rest(apigateway, gwmock, handler=slow, timeout_ms=100)
        started = gwmock_clock.monotonic()
        answer = requests.get(url, timeout=10)
        waited = gwmock_clock.monotonic() - started
    assert (answer.status_code, answer.json()) == (504, {"message": "Endpoint request timed out"})
    assert waited < 1.0  # the 100 ms timeout, in real time, not the function's 1.5 s


# --- latencies: a clock moved back by user code during a call is never a negative latency -----------

GROUP_ARN = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:access"
AUTHORIZER_LATENCIES = "authorizer.latency authorizer.integrationLatency authorize.latency".split()
INTEGRATION_LATENCIES = "integrationLatency integration.latency responseLatency".split()


def _latencies_when_code_moves_freezegun_back(apigateway, gw):
    """The access log's latencies of a call whose authorizer moves freezegun's clock back an hour and
    whose function a day (the code under test travels during the call)."""
    names = AUTHORIZER_LATENCIES + INTEGRATION_LATENCIES
    with freezegun.freeze_time(T0) as clock:
        def auth(event, context):
            clock.tick(-3600)
            return _allow([])(event, context)

        def handler(event, context):
            clock.tick(-DAY)
            return {"statusCode": 200, "body": "{}"}

        url = _rest(apigateway, gw, authorizer=auth, handler=handler)
        apigateway.update_stage(restApiId=url.split("//")[1].split(".")[0], stageName="dev", patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": GROUP_ARN},
            {"op": "replace", "path": "/accessLogSettings/format",
             "value": "|".join(f"$context.{name}" for name in names) + "|$context.requestId"}])
        assert _statuses(url, 1, headers={"Authorization": "t"}) == [200]
    return {name: int(value) for name, value in zip(names, gw.requests[-1].access_log.split("|"))}


def test_an_authorizer_moving_freezegun_back_writes_no_negative_latency(apigateway, gwmock):
    latencies = _latencies_when_code_moves_freezegun_back(apigateway, gwmock)
    assert {name: latencies[name] for name in AUTHORIZER_LATENCIES} == dict.fromkeys(AUTHORIZER_LATENCIES, 0)


def test_a_function_moving_freezegun_back_writes_no_negative_latency(apigateway, gwmock):
    latencies = _latencies_when_code_moves_freezegun_back(apigateway, gwmock)
    assert all(latencies[name] >= 0 for name in INTEGRATION_LATENCIES), latencies


# --- extreme moments: the epoch, the first second past 32-bit time, the last year ---------------------

EXTREMES = pytest.mark.parametrize("moment", [
    datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc),
    datetime.datetime(2038, 1, 19, 3, 14, 8, tzinfo=datetime.timezone.utc),
    datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.timezone.utc),
], ids=["epoch", "2038", "9999"])


@LIBRARIES
@EXTREMES
def test_rest_records_and_requests_at_extreme_moments(apigateway, gwmock, library, moment):
    with frozen(library, moment):
        url = _rest(apigateway, gwmock, settings=THROTTLE)
        answer = requests.get(url, timeout=10)
        api = apigateway.get_rest_api(restApiId=url.split("//")[1].split(".")[0])
        usage_plan = apigateway.create_usage_plan(name="p", quota={"limit": 5, "period": "WEEK"})
    context = answer.json()["requestContext"]
    assert answer.status_code == 200
    assert context["requestTimeEpoch"] == int(moment.timestamp()) * 1000
    assert context["requestTime"] == moment.strftime("%d/%b/%Y:%H:%M:%S +0000")
    assert api["createdDate"] == moment
    assert usage_plan["quota"] == {"limit": 5, "offset": 0, "period": "WEEK"}


@LIBRARIES
@EXTREMES
def test_sigv4_signed_under_an_extreme_frozen_moment(apigateway, gwmock, library, moment):
    from requests_aws4auth import AWS4Auth

    auth = AWS4Auth("AKIDEXAMPLE", "secret", REGION, "execute-api")
    with frozen(library, moment) as clock:
        url = _iam_rest(apigateway, gwmock)
        assert requests.get(url, auth=auth, timeout=10).status_code == 200
        headers = _botocore_signed(url)
        assert requests.get(url, headers=headers, timeout=10).status_code == 200
        clock.shift(4 * 60)
        assert requests.get(url, headers=headers, timeout=10).status_code == 200
        clock.shift(11 * 60)  # 15 minutes after signing
        late = requests.get(url, headers=headers, timeout=10)
    assert late.status_code == 403
    assert late.json()["message"].startswith(f"Signature expired: {moment:%Y%m%dT%H%M%SZ} is now earlier than ")
    assert late.json()["message"].endswith(" - 5 min.)")


@LIBRARIES
def test_sigv4_signed_in_the_future_of_the_frozen_clock_is_refused(apigateway, gwmock, library):
    with frozen(library, T0 + datetime.timedelta(minutes=15)):
        url = _iam_rest(apigateway, gwmock)
        headers = _botocore_signed(url)
    with frozen(library, T0):
        early = requests.get(url, headers=headers, timeout=10)
        assert requests.get(url, headers=_botocore_signed(url), timeout=10).status_code == 200
    assert (early.status_code, early.json()) == (403, {"message": (
        "Signature not yet current: 20260304T101500Z is still later than 20260304T100500Z "
        "(20260304T100000Z + 5 min.)")})


def _iam_rest(apigateway, gw):
    gw.add_lambda(FN + "echo", _echo)
    api = apigateway.create_rest_api(name="iam")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    apigateway.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="AWS_IAM")
    apigateway.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    apigateway.create_deployment(restApiId=api, stageName="dev")
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/"


def _botocore_signed(url):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method="GET", url=url)
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "execute-api", REGION).add_auth(request)
    return dict(request.headers.items())


# --- JWT authorizers: exp, nbf and iat against the frozen now ------------------------------------------

ISSUER = "https://tenant.auth.example.com/"
POOL = "us-east-1_Frozen1"
POOL_ISSUER = f"https://cognito-idp.{REGION}.amazonaws.com/{POOL}"


@pytest.fixture(scope="module")
def signing_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(key):
    from jwt.algorithms import RSAAlgorithm

    return {"keys": [{**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": "k1", "use": "sig"}]}


def _token(key, issuer, **claims):
    import jwt

    return jwt.encode({"iss": issuer, "aud": "api://orders", "sub": "user-42", "token_use": "id", **claims},
                      key, algorithm="RS256", headers={"kid": "k1"})


NOW = int(T0.timestamp())


@LIBRARIES
@pytest.mark.parametrize("claims, expected", [
    ({"exp": NOW + 1}, (200, None)),
    ({"exp": NOW}, (401, "Token is expired")),  # the Go library: expired once now is not before exp
    ({"exp": NOW - 1}, (401, "Token is expired")),
    ({"nbf": NOW}, (200, None)),
    ({"nbf": NOW + 1}, (401, "Token is not valid yet")),
    ({"iat": NOW}, (200, None)),
    ({"iat": NOW + 1}, (401, "Token used before issued")),
    ({"exp": NOW + 0.5}, (200, None)),
])
def test_http_jwt_time_claims_against_the_frozen_now(apigatewayv2, gwmock, signing_key, library, claims, expected):
    from tests.helpers import jwt_protected_route

    gwmock.add_lambda("orders", lambda event, context: {"statusCode": 200, "body": "ok"})
    gwmock.add_jwks(ISSUER, _jwks(signing_key))
    with frozen(library):
        url = jwt_protected_route(apigatewayv2, ISSUER, "api://orders",
                                  f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders", "GET /orders")
        answer = requests.get(url, headers={"Authorization": f"Bearer {_token(signing_key, ISSUER, **claims)}"},
                              timeout=10)
    status, description = expected
    assert answer.status_code == status
    if description is not None:
        assert answer.headers["www-authenticate"] == (
            f'Bearer scope="" error="invalid_token" error_description="{description}"')


@LIBRARIES
def test_a_cognito_token_expires_with_the_moved_clock(apigateway, gwmock, signing_key, library):
    from tests.helpers import cognito_protected_api

    gwmock.add_lambda(FN + "me", lambda event, context: {"statusCode": 200, "body": "me"})
    gwmock.add_jwks(POOL_ISSUER, _jwks(signing_key))
    with frozen(library) as clock:
        url = cognito_protected_api(apigateway, f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{POOL}",
                                    FN + "me")
        headers = {"Authorization": _token(signing_key, POOL_ISSUER, exp=NOW + 60, iat=NOW)}
        assert requests.get(url, headers=headers, timeout=10).status_code == 200
        clock.shift(61)
        expired = requests.get(url, headers=headers, timeout=10)
        clock.shift(-DAY)
        assert requests.get(url, headers=headers, timeout=10).status_code == 200
    assert (expired.status_code, expired.json()) == (401, {"message": "The incoming token has expired"})


# --- usage plans, WebSocket connections: a clock moved back a year -----------------------------------


def _keyed(apigateway, url, quota):
    """``url``'s method needing an API key of a usage plan with ``quota``: the plan and the key."""
    api = url.split("//")[1].split(".")[0]
    pets = next(item["id"] for item in apigateway.get_resources(restApiId=api)["items"] if item["path"] == "/pets")
    apigateway.update_method(restApiId=api, resourceId=pets, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/apiKeyRequired", "value": "true"}])
    apigateway.create_deployment(restApiId=api, stageName="dev")
    plan = apigateway.create_usage_plan(name="plan", apiStages=[{"apiId": api, "stage": "dev"}], quota=quota)
    key = apigateway.create_api_key(name="key", enabled=True)
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    return plan, key


@LIBRARIES
def test_a_quota_spent_today_is_fresh_a_year_earlier_and_spent_again_back_today(apigateway, gwmock, library):
    with frozen(library) as clock:
        url = _rest(apigateway, gwmock)
        plan, key = _keyed(apigateway, url, {"limit": 1, "period": "DAY"})
        headers = {"x-api-key": key["value"]}
        assert _statuses(url, 2, headers=headers) == [200, 429]
        clock.shift(-365 * DAY)
        assert _statuses(url, 2, headers=headers) == [200, 429]
        clock.shift(365 * DAY)
        assert _statuses(url, 1, headers=headers) == [429]
        usage = apigateway.get_usage(usagePlanId=plan["id"], startDate="2025-03-04", endDate="2025-03-05")
    assert usage["items"] == {key["id"]: [[1, 0], [0, 1]]}


@LIBRARIES
def test_a_websocket_connection_survives_the_clock_moving_back_and_idles_out_after(gwmock, library, monkeypatch):
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).parents[1] / "websocket"))
    from ws_helpers import deploy, management

    with frozen(library) as clock:
        _, wss, endpoint = deploy(gwmock, lambda event, context: {"statusCode": 200})
        connection = gwmock.websocket(wss)
        clock.shift(-365 * DAY)
        connection.send("back in time")
        described = management(endpoint).get_connection(ConnectionId=connection.connection_id)
        assert not connection.closed
        clock.shift(10 * 60 + 1)  # idle ten minutes from the message
        with pytest.raises(RuntimeError, match="closed"):
            connection.send("late")
    assert connection.close_status == 1001
    assert described["ConnectedAt"] == T0
    assert described["LastActiveAt"] == T0 - datetime.timedelta(days=365)


# --- HTTP APIs: the Lambda authorizer's cache and route throttling --------------------------------------


def _http(apigatewayv2, gw, authorizer_calls):
    """``GET /orders`` behind a REQUEST authorizer (simple answers, TTL 300 s), throttled to 1 call a
    second with a burst of 1; its URL."""
    def authorize(event, context):
        authorizer_calls.append(event["identitySource"])
        return {"isAuthorized": True}

    gw.add_lambda("orders", lambda event, context: {"statusCode": 200, "body": "ok"})
    gw.add_lambda("auth", authorize)
    api = apigatewayv2.create_api(Name="clocks", ProtocolType="HTTP")["ApiId"]
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="REQUEST", Name="auth", IdentitySource=["$request.header.Authorization"],
        AuthorizerUri=URI.format(FN + "auth"), AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True,
        AuthorizerResultTtlInSeconds=300)["AuthorizerId"]
    target = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
                                             IntegrationUri=FN + "orders")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /orders", Target=f"integrations/{target}",
                              AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True, DefaultRouteSettings={
        "ThrottlingBurstLimit": 1, "ThrottlingRateLimit": 1.0})
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/orders"


@LIBRARIES
def test_http_authorizer_cache_and_throttling_follow_the_moved_clock(apigatewayv2, gwmock, library):
    calls = []
    headers = {"Authorization": "token-1"}
    with frozen(library) as clock:
        url = _http(apigatewayv2, gwmock, calls)
        assert _statuses(url, 2, headers=headers) == [200, 429]
        clock.shift(1)
        assert _statuses(url, 1, headers=headers) == [200]
        assert len(calls) == 1
        clock.shift(300)
        assert _statuses(url, 1, headers=headers) == [200]
        assert len(calls) == 2  # expired on the moved clock
        clock.shift(-DAY)  # the bucket is not emptied; the cached answer is from the future
        assert _statuses(url, 1, headers=headers) == [429]
        clock.shift(1)
        assert _statuses(url, 1, headers=headers) == [200]
    assert len(calls) == 3


# --- fuzzing the clock: any moves, either way, never break a bucket or a Lambda context -------------

MOVES = st.lists(st.floats(min_value=-3 * 365 * DAY, max_value=3 * 365 * DAY, allow_nan=False), max_size=12)


class _Handle:
    """What ``buckets.take`` reads of a mock handle: its backend (weak-referenceable)."""

    def __init__(self) -> None:
        self.backend = self


@settings(max_examples=50, deadline=None)
@given(moves=MOVES, burst=st.integers(min_value=1, max_value=5), rate=st.floats(min_value=0.5, max_value=100))
def test_a_bucket_refills_after_burst_over_rate_seconds_whatever_the_clock_did(moves, burst, rate):
    from gwmock.runtime import buckets

    handle = _Handle()
    with time_machine.travel(T0, tick=False) as traveller:
        for move in moves:
            traveller.shift(move)
            for _ in range(burst + 1):
                buckets.take(handle, ("fuzz",), rate, burst)
        traveller.shift(burst / rate + 0.001)
        assert [buckets.take(handle, ("fuzz",), rate, burst) for _ in range(burst + 1)] == [True] * burst + [False]


@settings(max_examples=50, deadline=None)
@given(moves=MOVES, timeout_ms=st.integers(min_value=1, max_value=900_000))
def test_remaining_time_stays_within_the_timeout_whatever_the_clock_did(moves, timeout_ms):
    from gwmock.runtime.lambdas import LambdaContext

    with time_machine.travel(T0, tick=False) as traveller:
        context = LambdaContext(FN + "f", "f", timeout_ms=timeout_ms)
        assert context.get_remaining_time_in_millis() == timeout_ms
        for move in moves:
            traveller.shift(move)
            assert 0 <= context.get_remaining_time_in_millis() <= timeout_ms


def test_rest_authorizer_answers_stay_bounded_under_ever_new_tokens_and_clock_moves(apigateway, gwmock):
    """Each new token added an answer that stayed, expired or not, for the backend's life (a client
    inventing tokens, or a test moving the clock over thousands of calls, grew it without end)."""
    from gwmock.runtime.rest import authorizers

    calls = []
    with time_machine.travel(T0, tick=False) as traveller:
        url = _rest(apigateway, gwmock, authorizer=_allow(calls))
        count = authorizers.AUTHORIZER_CACHE_MAX + 200
        for i in range(count):
            if i % 100 == 0:
                traveller.shift(-DAY if i % 200 else DAY)
            assert gwmock.invoke("GET", url, headers={"Authorization": f"token-{i}"}).status == 200
        assert len(authorizers._CACHES[gwmock.backend]) <= authorizers.AUTHORIZER_CACHE_MAX
        assert gwmock.invoke("GET", url, headers={"Authorization": f"token-{count - 1}"}).status == 200
    assert len(calls) == count  # the newest answer was kept


@LIBRARIES
@EXTREMES
def test_websocket_connections_at_extreme_moments(gwmock, library, moment, monkeypatch):
    from pathlib import Path

    monkeypatch.syspath_prepend(str(Path(__file__).parents[1] / "websocket"))
    from ws_helpers import deploy, management

    events = []
    with frozen(library, moment) as clock:
        _, wss, endpoint = deploy(gwmock, lambda event, context: events.append(event) or {"statusCode": 200})
        connection = gwmock.websocket(wss)
        connection.send("hello")
        described = management(endpoint).get_connection(ConnectionId=connection.connection_id)
        clock.shift(-10)
        connection.send("again")
        connection.close()
    assert described["ConnectedAt"] == described["LastActiveAt"] == moment
    assert [event["requestContext"]["eventType"] for event in events] == ["CONNECT", "MESSAGE", "MESSAGE",
                                                                         "DISCONNECT"]
    assert events[1]["requestContext"]["requestTimeEpoch"] == int(moment.timestamp()) * 1000
    assert connection.errors == []
