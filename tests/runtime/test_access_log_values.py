"""Access log variables of the steps a request goes through: authentication (IAM), the authorizer
(Lambda, Cognito, JWT), authorization (the policy's verdict) and the integration (Lambda's own
status, the error), each written when its step ran and ``-`` when it did not
(``rest.authorizers.Steps``, ``rest.stage._authorization_values``, ``http.api``, ``websocket.connections``)."""

from __future__ import annotations

import json
import re
import time

import pytest

from gwmock.dispatch import DEFAULT_ACCOUNT

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
GROUP_ARN = f"arn:aws:logs:{REGION}:{DEFAULT_ACCOUNT}:log-group:access"
POOL = f"arn:aws:cognito-idp:{REGION}:{DEFAULT_ACCOUNT}:userpool/us-east-1_Pool1"

# the steps' variables, one per field (latencies checked apart: they are measured)
REST_STEPS = ("authenticate.status authenticate.error authorizer.status authorizer.error "
              "authorizer.integrationStatus authorizer.requestId authorize.status authorize.error").split()
REST_LATENCIES = "authenticate.latency authorizer.latency authorizer.integrationLatency authorize.latency".split()
REST_FORMAT = "|".join(f"$context.{name}" for name in REST_STEPS + REST_LATENCIES + ["requestId"])

pytestmark = pytest.mark.gwmock(region=REGION)


def _echo(event, context):
    return {"statusCode": 200, "body": "ok"}


def _policy(effect, resource="*", **extra):
    return {"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}, **extra}


def _rest(client, gw, fmt=REST_FORMAT, policy=None, **method):
    """``GET /pets`` (a Lambda proxy) deployed to ``dev``, whose stage logs ``fmt``."""
    gw.add_lambda(FN + "echo", _echo)
    api = client.create_rest_api(name="steps", **({"policy": json.dumps(policy)} if policy else {}))
    pets = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    authorizer = method.pop("authorizer", None)
    if authorizer is not None:
        method["authorizerId"] = client.create_authorizer(restApiId=api["id"], name="auth", **authorizer)["id"]
    method.setdefault("authorizationType", "NONE")
    client.put_method(restApiId=api["id"], resourceId=pets, httpMethod="GET", **method)
    client.put_integration(restApiId=api["id"], resourceId=pets, httpMethod="GET", type="AWS_PROXY",
                           integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    client.create_deployment(restApiId=api["id"], stageName="dev")
    client.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": GROUP_ARN},
        {"op": "replace", "path": "/accessLogSettings/format", "value": fmt}])
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/pets"


def _token(ttl=300):
    return {"type": "TOKEN", "authorizerUri": URI.format(FN + "auth"),
            "identitySource": "method.request.header.Authorization", "authorizerResultTtlInSeconds": ttl}


def _steps(gw):
    """The last request's step variables by name, and its latencies (ints, or None for ``-``)."""
    fields = gw.requests[-1].access_log.split("|")[:-1]  # less the request id every format must name
    values = dict(zip(REST_STEPS, fields[:len(REST_STEPS)]))
    latencies = {name: None if text == "-" else int(text)
                 for name, text in zip(REST_LATENCIES, fields[len(REST_STEPS):])}
    return values, latencies


def _signed(key="AKIDEXAMPLE"):
    now = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{now[:8]}/us-east-1/execute-api/aws4_request, "
                             f"SignedHeaders=host;x-amz-date, Signature={'ab' * 32}", "X-Amz-Date": now}


def _line(gw):
    """The last request's line less its request id (``|$context.requestId`` last)."""
    line, _, request_id = gw.requests[-1].access_log.rpartition("|")
    assert re.fullmatch(r"[0-9a-f-]{36}", request_id)
    return line


def _row(**given):
    return {name: given.get(name.replace(".", "_"), "-") for name in REST_STEPS}


# --- REST: no step ------------------------------------------------------------------------------


def test_rest_a_method_without_authorization_writes_no_step(apigateway, gwmock):
    url = _rest(apigateway, gwmock)
    assert gwmock.invoke("GET", url).status == 200
    values, latencies = _steps(gwmock)
    assert values == _row()
    assert set(latencies.values()) == {None}


# --- REST: Lambda authorizers --------------------------------------------------------------------


def test_rest_a_lambda_authorizer_that_allows(apigateway, gwmock):
    seen = []

    def auth(event, context):
        seen.append(context.aws_request_id)
        time.sleep(0.02)
        return _policy("Allow")

    gwmock.add_lambda(FN + "auth", auth)
    url = _rest(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token())
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 200
    values, latencies = _steps(gwmock)
    assert values == _row(authorizer_status="200", authorizer_integrationStatus="200",
                          authorizer_requestId=seen[0], authorize_status="200")
    assert latencies["authenticate.latency"] is None
    assert latencies["authorizer.latency"] >= latencies["authorizer.integrationLatency"] >= 20
    assert 0 <= latencies["authorize.latency"] < 20


def test_rest_a_cached_answer_calls_no_function(apigateway, gwmock):
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow"))
    url = _rest(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token())
    gwmock.invoke("GET", url, headers={"Authorization": "t"})
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 200
    values, latencies = _steps(gwmock)
    assert values == _row(authorizer_status="200", authorize_status="200")
    assert latencies["authorizer.integrationLatency"] == 0


def test_rest_a_policy_that_denies_is_the_authorize_steps_refusal(apigateway, gwmock):
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Deny"))
    url = _rest(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token())
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 403
    values, _ = _steps(gwmock)
    assert values == _row(authorizer_status="200", authorizer_integrationStatus="200",
                          authorizer_requestId=values["authorizer.requestId"], authorize_status="403",
                          authorize_error="User is not authorized to access this resource with an explicit deny")
    assert re.fullmatch(r"[0-9a-f-]{36}", values["authorizer.requestId"])


def test_rest_unauthorized_from_the_function_is_the_authorizers_401(apigateway, gwmock):
    def auth(event, context):
        raise Exception("Unauthorized")

    gwmock.add_lambda(FN + "auth", auth)
    url = _rest(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token())
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 401
    values, latencies = _steps(gwmock)
    # Lambda ran the function (its own 200); the authorizer refused; no verdict was made
    assert values == _row(authorizer_status="401", authorizer_error="Unauthorized",
                          authorizer_integrationStatus="200", authorizer_requestId=values["authorizer.requestId"])
    assert latencies["authorize.latency"] is None and latencies["authorizer.integrationLatency"] is not None


def test_rest_a_missing_token_is_refused_without_an_invocation(apigateway, gwmock):
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow"))
    url = _rest(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token())
    assert gwmock.invoke("GET", url).status == 401
    values, latencies = _steps(gwmock)
    assert values == _row(authorizer_status="401", authorizer_error="Unauthorized")
    assert latencies["authorizer.integrationLatency"] is None and latencies["authorizer.latency"] is not None


@pytest.mark.parametrize("answer", [{"principalId": "x"}, _policy("Allow", context={"nested": {"a": 1}})])
def test_rest_an_answer_api_gateway_cannot_use_is_the_authorizers_500(apigateway, gwmock, answer):
    gwmock.add_lambda(FN + "auth", lambda event, context: answer)
    url = _rest(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token())
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 500
    values, _ = _steps(gwmock)
    # AWS's message for it is null: nothing to write; an answer it cannot use has no verdict (guess)
    assert values == _row(authorizer_status="500", authorizer_integrationStatus="200",
                          authorizer_requestId=values["authorizer.requestId"])


def test_rest_a_missing_function_has_no_invocation(apigateway, gwmock):
    url = _rest(apigateway, gwmock, authorizationType="CUSTOM", authorizer=_token())
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 500
    values, _ = _steps(gwmock)
    assert values == _row(authorizer_status="500")


def test_rest_the_gateways_facts_take_the_place_of_context_keys_of_the_same_name(apigateway, gwmock):
    fmt = "$context.authorizer.status $context.authorizer.user $context.authorizer.principalId|$context.requestId"
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow", context={"status": "x", "user": "bob"}))
    url = _rest(apigateway, gwmock, fmt, authorizationType="CUSTOM", authorizer=_token())
    gwmock.invoke("GET", url, headers={"Authorization": "t"})
    assert _line(gwmock) == "200 bob user-1"


def test_rest_a_resource_policy_deny_refuses_before_the_authorizer_runs(apigateway, gwmock):
    calls = []
    gwmock.add_lambda(FN + "auth", lambda event, context: calls.append(1) or _policy("Allow"))
    deny = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}
    url = _rest(apigateway, gwmock, policy=deny, authorizationType="CUSTOM", authorizer=_token())
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 403
    values, _ = _steps(gwmock)
    assert calls == []
    assert values == _row(authorize_status="403", authorize_error=values["authorize.error"])
    assert values["authorize.error"].startswith("User: anonymous is not authorized")


def test_rest_an_authorizer_context_value_cannot_break_the_line(apigateway, gwmock):
    # the context's values and the gateway's error text are data: a line break stays escaped
    fmt = "$context.authorizer.evil|$context.authorizer.status|$context.requestId"
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow", context={"evil": 'a"\n$context.x'}))
    url = _rest(apigateway, gwmock, fmt, authorizationType="CUSTOM", authorizer=_token())
    gwmock.invoke("GET", url, headers={"Authorization": "t"})
    assert _line(gwmock) == 'a"\\n$context.x|200'


# --- REST: Cognito -------------------------------------------------------------------------------


def _jwt(claims):
    import base64

    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2ln"


def _cognito():
    return {"type": "COGNITO_USER_POOLS", "providerARNs": [POOL],
            "identitySource": "method.request.header.Authorization"}


def test_rest_a_cognito_authorizer_has_no_invocation_and_no_authorize_step(apigateway, gwmock):
    url = _rest(apigateway, gwmock, authorizationType="COGNITO_USER_POOLS", authorizer=_cognito())
    good = _jwt({"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1", "exp": time.time() + 60})
    assert gwmock.invoke("GET", url, headers={"Authorization": good}).status == 200
    assert _steps(gwmock)[0] == _row(authorizer_status="200")
    expired = _jwt({"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool1", "exp": time.time() - 60})
    assert gwmock.invoke("GET", url, headers={"Authorization": expired}).status == 401
    assert _steps(gwmock)[0] == _row(authorizer_status="401", authorizer_error="The incoming token has expired")


# --- REST: IAM -----------------------------------------------------------------------------------


def test_rest_iam_authenticates_then_authorizes(apigateway, gwmock):
    url = _rest(apigateway, gwmock, authorizationType="AWS_IAM")
    assert gwmock.invoke("GET", url, headers=_signed()).status == 200
    values, latencies = _steps(gwmock)
    assert values == _row(authenticate_status="200", authorize_status="200")
    assert latencies["authenticate.latency"] >= 0 and latencies["authorize.latency"] == 0


def test_rest_iam_without_a_signature_fails_authentication(apigateway, gwmock):
    url = _rest(apigateway, gwmock, authorizationType="AWS_IAM")
    assert gwmock.invoke("GET", url).status == 403
    assert _steps(gwmock)[0] == _row(authenticate_status="403", authenticate_error="Missing Authentication Token")
    assert gwmock.invoke("GET", url, headers={"Authorization": "Basic abc"}).status == 403
    assert _steps(gwmock)[0] == _row(authenticate_status="403", authenticate_error=(
        "'abc' not a valid key=value pair (missing equal-sign) in Authorization header: 'Basic abc'."))


def test_rest_a_hostile_signature_s_refusal_stays_one_bounded_line(apigateway, gwmock):
    from gwmock.runtime import access_logs

    # the refusal quotes the client's header: data, written as it is, line breaks escaped, size capped
    url = _rest(apigateway, gwmock, "$context.authenticate.error|$context.requestId", authorizationType="AWS_IAM")
    hostile = 'Basic "a\r\n$context.requestId\\' + "x" * 300_000
    assert gwmock.invoke("GET", url, headers={"Authorization": hostile}).status == 403
    line = gwmock.requests[-1].access_log
    assert "\n" not in line and "\r" not in line and len(line.encode()) <= access_logs.MAX_LINE
    assert line.startswith("'\"a' not a valid key=value pair (missing equal-sign) in Authorization header: "
                           "'Basic \"a\\r\\n$context.requestId\\xxx")


def test_rest_iam_refused_by_the_resource_policy_fails_authorization(apigateway, gwmock):
    deny = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}
    url = _rest(apigateway, gwmock, policy=deny, authorizationType="AWS_IAM")
    assert gwmock.invoke("GET", url, headers=_signed()).status == 403
    values, _ = _steps(gwmock)
    assert values["authenticate.status"] == "200" and values["authorize.status"] == "403"
    assert values["authorize.error"].endswith("with an explicit deny")


def test_rest_a_stage_without_access_logging_keeps_a_plain_access_field(apigateway, gwmock, monkeypatch):
    from gwmock.runtime.rest import stage

    seen = []
    real = stage.invoke
    monkeypatch.setattr(stage, "invoke", lambda call, *plan: seen.append(call) or real(call, *plan))
    gwmock.add_lambda(FN + "auth", lambda event, context: _policy("Allow"))
    gwmock.add_lambda(FN + "echo", _echo)
    api = apigateway.create_rest_api(name="plain")
    auth = apigateway.create_authorizer(restApiId=api["id"], name="a", **_token())["id"]
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="CUSTOM", authorizerId=auth)
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                               type="AWS_PROXY", integrationHttpMethod="POST", uri=URI.format(FN + "echo"))
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    url = f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"
    assert gwmock.invoke("GET", url, headers={"Authorization": "t"}).status == 200
    assert seen[0].access is None and gwmock.requests[-1].access_log is None


# --- HTTP APIs: authorizer.error ------------------------------------------------------------------

HTTP_FORMAT = ("$context.status|$context.authorizer.error|$context.integrationStatus|$context.integration.error|"
               "$context.error.message|$context.requestId")


def _http(client, gw, auth=None, jwt=False):
    """``GET /items`` (a Lambda proxy) on ``$default``, logging ``HTTP_FORMAT``, behind a Lambda authorizer
    ``auth`` or a JWT authorizer."""
    gw.add_lambda(FN + "items", lambda event, context: {"statusCode": 201, "body": "made"})
    api = client.create_api(Name="items", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN + "items",
                                            PayloadFormatVersion="2.0")["IntegrationId"]
    route = {}
    if auth is not None:
        gw.add_lambda(FN + "auth", auth)
        route = {"AuthorizationType": "CUSTOM", "AuthorizerId": client.create_authorizer(
            ApiId=api, AuthorizerType="REQUEST", Name="a", AuthorizerPayloadFormatVersion="2.0",
            EnableSimpleResponses=True, IdentitySource=["$request.header.Authorization"],
            AuthorizerUri=URI.format(FN + "auth"))["AuthorizerId"]}
    elif jwt:
        route = {"AuthorizationType": "JWT", "AuthorizerId": client.create_authorizer(
            ApiId=api, AuthorizerType="JWT", Name="jwt", IdentitySource=["$request.header.Authorization"],
            JwtConfiguration={"Issuer": "https://issuer.example", "Audience": ["aud"]})["AuthorizerId"]}
    client.create_route(ApiId=api, RouteKey="GET /items", Target=f"integrations/{integration}", **route)
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True,
                        AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": HTTP_FORMAT})
    return f"https://{api}.execute-api.{REGION}.amazonaws.com/items"


def _http_fields(gw):
    return gw.requests[-1].access_log.split("|")[:-1]


@pytest.mark.parametrize(("answer", "headers", "fields"), [
    ({"isAuthorized": True}, {"Authorization": "x"}, ["201", "-", "200", "-", "-"]),
    ({"isAuthorized": False}, {"Authorization": "x"}, ["403", "Forbidden", "-", "-", "Forbidden"]),
    ({"isAuthorized": True}, {}, ["401", "Unauthorized", "-", "-", "Unauthorized"]),
    # the authorizer's own failure: no integration ran (its 500 is not the integration's)
    ({"wrong": 1}, {"Authorization": "x"}, ["500", "Internal Server Error", "-", "-", "Internal Server Error"]),
])
def test_http_a_lambda_authorizer_s_refusal_is_its_error(apigatewayv2, gwmock, answer, headers, fields):
    url = _http(apigatewayv2, gwmock, auth=lambda event, context: answer)
    gwmock.invoke("GET", url, headers=headers)
    assert _http_fields(gwmock) == fields


def test_http_a_jwt_authorizer_s_refusal_is_its_error(apigatewayv2, gwmock):
    url = _http(apigatewayv2, gwmock, jwt=True)
    assert gwmock.invoke("GET", url, headers={"Authorization": "Bearer not-a-token"}).status == 401
    assert _http_fields(gwmock) == ["401", "Unauthorized", "-", "-", "Unauthorized"]


def test_http_a_route_without_an_authorizer_writes_no_authorizer_error(apigatewayv2, gwmock):
    url = _http(apigatewayv2, gwmock)
    gwmock.invoke("GET", url)
    gwmock.invoke("GET", url + "/missing")
    lines = [r.access_log.split("|")[:-1] for r in gwmock.requests]
    assert lines == [["201", "-", "200", "-", "-"], ["404", "-", "-", "-", "Not Found"]]


# --- WebSocket APIs -------------------------------------------------------------------------------

WS_STEPS = ("eventType status integrationStatus integration.integrationStatus integration.error error.responseType "
            "authorizer.status authorizer.error authorizer.integrationStatus authorizer.requestId authorize.status "
            "authorize.error authenticate.status authenticate.error").split()
WS_FORMAT = "|".join(f"$context.{name}" for name in WS_STEPS + ["requestId"])
WS_AUTH_URI = URI.format(FN + "wsauth")


def _ws(client, gw, backend, *, kind="AWS_PROXY", auth=None, iam=False, timeout=None):
    """A WebSocket API whose ``$connect`` and ``$default`` routes call ``backend`` (or a MOCK), on
    ``prod``, logging ``WS_FORMAT``; ``$connect`` behind a Lambda authorizer ``auth`` or IAM."""
    gw.add_lambda(FN + "ws", backend)
    api = client.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    api = api["ApiId"]
    extra = {"IntegrationUri": FN + "ws"} if kind == "AWS_PROXY" else {"RequestTemplates": {"$default": "{}"}}
    if timeout is not None:
        extra["TimeoutInMillis"] = timeout
    integration = client.create_integration(ApiId=api, IntegrationType=kind, **extra)["IntegrationId"]
    connect = {}
    if auth is not None:
        gw.add_lambda(FN + "wsauth", auth)
        connect = {"AuthorizationType": "CUSTOM", "AuthorizerId": client.create_authorizer(
            ApiId=api, AuthorizerType="REQUEST", Name="a", IdentitySource=["route.request.header.Auth"],
            AuthorizerUri=WS_AUTH_URI)["AuthorizerId"]}
    elif iam:
        connect = {"AuthorizationType": "AWS_IAM"}
    client.create_route(ApiId=api, RouteKey="$connect", Target=f"integrations/{integration}", **connect)
    client.create_route(ApiId=api, RouteKey="$default", Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True,
                        AccessLogSettings={"DestinationArn": GROUP_ARN, "Format": WS_FORMAT})
    return f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod"


def _ws_row(line, **given):
    fields = line.split("|")[:-1]
    assert dict(zip(WS_STEPS, fields)) == {name: given.get(name.replace(".", "_"), "-") for name in WS_STEPS}


def _ws_policy(effect):
    return {"principalId": "u", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": "*"}]}}


def test_ws_a_lambda_integration_has_lambda_s_own_status(apigatewayv2, gwmock):
    url = _ws(apigatewayv2, gwmock, lambda event, context: {"statusCode": 200})
    conn = gwmock.websocket(url)
    conn.send('{"action": "x"}')
    connect, message = conn.access_logs
    _ws_row(connect, eventType="CONNECT", status="200", integrationStatus="200", integration_integrationStatus="200")
    _ws_row(message, eventType="MESSAGE", status="200", integrationStatus="200", integration_integrationStatus="200")


def test_ws_a_failing_function_is_an_integration_failure(apigatewayv2, gwmock):
    def backend(event, context):
        if event["requestContext"]["eventType"] == "MESSAGE":
            raise RuntimeError("boom")
        return {"statusCode": 200}

    url = _ws(apigatewayv2, gwmock, backend)
    conn = gwmock.websocket(url)
    conn.send('{"action": "x"}')
    line = conn.access_logs[-1]
    error = line.split("|")[WS_STEPS.index("integration.error")]
    _ws_row(line, eventType="MESSAGE", status="500", integrationStatus="200", integration_integrationStatus="200",
            integration_error=error, error_responseType="INTEGRATION_FAILURE")
    assert "boom" in error


def test_ws_a_function_past_its_timeout_has_no_lambda_status(apigatewayv2, gwmock):
    def backend(event, context):
        if event["requestContext"]["eventType"] == "MESSAGE":
            time.sleep(0.2)
        return {"statusCode": 200}

    url = _ws(apigatewayv2, gwmock, backend, timeout=50)
    conn = gwmock.websocket(url)
    conn.send('{"action": "x"}')
    line = conn.access_logs[-1]
    error = line.split("|")[WS_STEPS.index("integration.error")]
    _ws_row(line, eventType="MESSAGE", status="504", integration_error=error, error_responseType="INTEGRATION_TIMEOUT")


def test_ws_a_mock_integration_has_no_lambda_status(apigatewayv2, gwmock):
    url = _ws(apigatewayv2, gwmock, _echo, kind="MOCK")
    conn = gwmock.websocket(url)
    _ws_row(conn.access_logs[0], eventType="CONNECT", status="200")


def test_ws_a_lambda_authorizer_that_allows(apigatewayv2, gwmock):
    seen = []

    def auth(event, context):
        seen.append(context.aws_request_id)
        return _ws_policy("Allow")

    url = _ws(apigatewayv2, gwmock, lambda event, context: {"statusCode": 200}, auth=auth)
    conn = gwmock.websocket(url, headers={"Auth": "t"})
    _ws_row(conn.access_logs[0], eventType="CONNECT", status="200", integrationStatus="200",
            integration_integrationStatus="200", authorizer_status="200", authorizer_integrationStatus="200",
            authorizer_requestId=seen[0], authorize_status="200")
    conn.send('{"action": "x"}')  # later events ran no authorizer
    _ws_row(conn.access_logs[1], eventType="MESSAGE", status="200", integrationStatus="200",
            integration_integrationStatus="200")


@pytest.mark.parametrize(("auth", "headers", "status", "expected"), [
    (lambda e, c: _ws_policy("Deny"), {"Auth": "t"}, 403,
     {"authorizer_status": "200", "authorizer_integrationStatus": "200", "authorize_status": "403",
      "authorize_error": "Forbidden", "error_responseType": "ACCESS_DENIED"}),
    (lambda e, c: _ws_policy("Allow"), {}, 401,
     {"authorizer_status": "401", "authorizer_error": "Unauthorized", "error_responseType": "UNAUTHORIZED"}),
    (lambda e, c: {"no": "policy"}, {"Auth": "t"}, 500,
     {"authorizer_status": "500", "authorizer_integrationStatus": "200",
      "error_responseType": "AUTHORIZER_CONFIGURATION_ERROR"}),
])
def test_ws_a_lambda_authorizer_s_refusals(apigatewayv2, gwmock, auth, headers, status, expected):
    from gwmock.runtime.websocket.connections import Rejected

    url = _ws(apigatewayv2, gwmock, lambda event, context: {"statusCode": 200}, auth=auth)
    with pytest.raises(Rejected) as caught:
        gwmock.websocket(url, headers=headers)
    line = caught.value.access_log
    if "authorizer_integrationStatus" in expected:
        expected["authorizer_requestId"] = line.split("|")[WS_STEPS.index("authorizer.requestId")]
        assert expected["authorizer_requestId"] != "-"
    _ws_row(line, eventType="CONNECT", status=str(status), **expected)


def test_ws_iam_authenticates_the_handshake(apigatewayv2, gwmock):
    from gwmock.runtime.websocket.connections import Rejected

    url = _ws(apigatewayv2, gwmock, lambda event, context: {"statusCode": 200}, iam=True)
    with pytest.raises(Rejected) as caught:
        gwmock.websocket(url)
    _ws_row(caught.value.access_log, eventType="CONNECT", status="403", authenticate_status="403",
            authenticate_error="Forbidden")
    conn = gwmock.websocket(url, headers=_signed())
    _ws_row(conn.access_logs[0], eventType="CONNECT", status="200", integrationStatus="200",
            integration_integrationStatus="200", authenticate_status="200", authorize_status="200")


def test_http_a_throttled_request_never_reached_its_authorizer(apigatewayv2, gwmock):
    calls = []
    url = _http(apigatewayv2, gwmock, auth=lambda event, context: calls.append(1) or {"isAuthorized": True})
    api = url.split("//")[1].split(".")[0]
    apigatewayv2.update_stage(ApiId=api, StageName="$default",
                              DefaultRouteSettings={"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0})
    assert gwmock.invoke("GET", url, headers={"Authorization": "x"}).status == 429
    assert calls == [] and _http_fields(gwmock) == ["429", "-", "-", "-", "Too Many Requests"]
