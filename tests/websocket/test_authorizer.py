"""REQUEST Lambda authorizers on $connect: the event they get and what their answers do."""

from __future__ import annotations

import pytest
from ws_helpers import ACCOUNT, REGION, deploy, fn_arn

from gwmock.runtime.websocket.connections import Rejected

AUTH_URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations"


@pytest.fixture
def guarded(gwmock, apigatewayv2):
    seen, events = [], []

    def auth(event, context):
        seen.append(event)
        token = event["headers"].get("Auth") or ""
        if token == "boom":
            raise RuntimeError("authorizer failed")
        effect = "Allow" if token.startswith("ok") else "Deny"
        return {"principalId": "user-1", "context": {"tenant": "t1", "n": 3},
                "policyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Action": "execute-api:Invoke", "Effect": effect,
                     "Resource": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:*/prod/$connect"}]}}

    def backend(event, context):
        events.append(event)
        return {"statusCode": 200}

    api, url, _ = deploy(gwmock, backend)
    gwmock.add_lambda("auth", auth)

    def protect(sources=("route.request.header.Auth",)):
        authorizer = apigatewayv2.create_authorizer(
            ApiId=api, AuthorizerType="REQUEST", Name="a", IdentitySource=list(sources),
            AuthorizerUri=AUTH_URI)["AuthorizerId"]
        route = next(r for r in apigatewayv2.get_routes(ApiId=api)["Items"] if r["RouteKey"] == "$connect")
        apigatewayv2.update_route(ApiId=api, RouteId=route["RouteId"], AuthorizationType="CUSTOM",
                                  AuthorizerId=authorizer)
        return url

    return api, protect, seen, events


def test_the_authorizer_event(gwmock, guarded):
    api, protect, seen, events = guarded
    conn = gwmock.websocket(protect() + "?room=9", headers={"Auth": "ok-1"})
    event = seen[0]
    assert event["type"] == "REQUEST"
    assert event["methodArn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/prod/$connect"
    assert event["headers"]["Auth"] == "ok-1" and event["multiValueHeaders"]["Auth"] == ["ok-1"]
    assert event["queryStringParameters"] == {"room": "9"}
    context = event["requestContext"]
    assert (context["eventType"], context["routeKey"], context["connectionId"]) == \
        ("CONNECT", "$connect", conn.connection_id)
    assert "httpMethod" not in event and "authorizer" not in context
    for later in events:  # $connect and every later event carry the authorizer's output
        assert later["requestContext"]["authorizer"] == {"tenant": "t1", "n": 3, "principalId": "user-1"}


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({"Auth": ""}, 401), ({"Auth": "no"}, 403),
                                                 ({"Auth": "boom"}, 500)])
def test_refusals(gwmock, guarded, headers, status):
    _, protect, _, events = guarded
    with pytest.raises(Rejected) as caught:
        gwmock.websocket(protect(), headers=headers)
    assert caught.value.status == status
    assert events == []  # the $connect integration never ran


def test_header_sources_are_case_insensitive(gwmock, guarded):
    _, protect, seen, _ = guarded
    gwmock.websocket(protect(sources=("route.request.header.auth",)), headers={"Auth": "ok"})
    assert len(seen) == 1


def test_every_connect_asks_the_authorizer(gwmock, apigatewayv2, guarded):
    # WebSocket authorizers take no result TTL, so nothing is cached (ResetAuthorizersCache has
    # nothing to forget)
    api, protect, seen, _ = guarded
    url = protect()
    gwmock.websocket(url, headers={"Auth": "ok-1"})
    apigatewayv2.reset_authorizers_cache(ApiId=api, StageName="prod")
    gwmock.websocket(url, headers={"Auth": "ok-1"})
    gwmock.websocket(url, headers={"Auth": "ok-1"})
    assert [e["headers"]["Auth"] for e in seen] == ["ok-1", "ok-1", "ok-1"]


@pytest.mark.parametrize("ttl", [0, 300])
def test_a_result_ttl_is_refused_as_aws_refuses_it(apigatewayv2, guarded, ttl):
    # "AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis." (AWS, quoted in
    # hashicorp/terraform-provider-aws#15232; 0 too: anomalyco/sst#5089)
    from helpers import error_of

    api, protect, _, _ = guarded
    message = "AuthorizerResultTtlInSeconds cannot be set for WEBSOCKET protocol Apis."
    created = error_of(apigatewayv2.create_authorizer, ApiId=api, AuthorizerType="REQUEST", Name="ttl",
                       IdentitySource=["route.request.header.Auth"], AuthorizerUri=AUTH_URI,
                       AuthorizerResultTtlInSeconds=ttl)
    assert (created["Error"]["Code"], created["Error"]["Message"], created["ResponseMetadata"]["HTTPStatusCode"]) \
        == ("BadRequestException", message, 400)
    protect()
    existing = apigatewayv2.get_authorizers(ApiId=api)["Items"]
    updated = error_of(apigatewayv2.update_authorizer, ApiId=api, AuthorizerId=existing[0]["AuthorizerId"],
                       AuthorizerResultTtlInSeconds=ttl)
    assert updated["Error"]["Message"] == message
    assert apigatewayv2.get_authorizers(ApiId=api)["Items"] == existing
