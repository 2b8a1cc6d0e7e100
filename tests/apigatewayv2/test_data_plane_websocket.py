"""WebSocket APIs driven through gwmock.runtime.websocket."""

from __future__ import annotations

import json

import pytest

from gwmock.runtime.websocket.connections import Gone, Rejected, connect, post_to_connection

REGION = "us-east-1"
ACCOUNT = "123456789012"


def fn_arn(name: str) -> str:
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


@pytest.fixture
def events():
    return []


@pytest.fixture
def ws(apigatewayv2, gwmock, events):
    api = apigatewayv2.create_api(Name="chat", ProtocolType="WEBSOCKET",
                                  RouteSelectionExpression="$request.body.action")["ApiId"]

    def handler(event, context):
        events.append(event)
        ctx = event["requestContext"]
        if ctx["routeKey"] == "$connect" and event.get("queryStringParameters", {}).get("deny"):
            return {"statusCode": 403}
        if ctx["routeKey"] == "boom":
            raise RuntimeError("boom")
        if ctx["routeKey"] == "push":
            post_to_connection(gwmock, ctx["connectionId"], "pushed")
        return {"statusCode": 200, "body": json.dumps({"echo": event.get("body"), "route": ctx["routeKey"]})}

    gwmock.add_lambda("chat", handler)
    integration = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY",
                                                  IntegrationUri=fn_arn("chat"))["IntegrationId"]
    for key in ("$connect", "$disconnect", "push", "boom"):
        apigatewayv2.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}")
    echo = apigatewayv2.create_route(ApiId=api, RouteKey="echo", Target=f"integrations/{integration}",
                                     RouteResponseSelectionExpression="$default")["RouteId"]
    apigatewayv2.create_route_response(ApiId=api, RouteId=echo, RouteResponseKey="$default")
    apigatewayv2.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
    return api, f"wss://{api}.execute-api.{REGION}.amazonaws.com/prod"


def test_connect_send_disconnect(gwmock, ws, events):
    api, address = ws
    conn = gwmock.websocket(address + "?room=1", headers={"X-Client": "t"})
    connect_event = events[-1]
    context = connect_event["requestContext"]
    assert (context["routeKey"], context["eventType"], context["stage"], context["apiId"]) == \
        ("$connect", "CONNECT", "prod", api)
    assert context["connectionId"] == conn.connection_id
    assert connect_event["headers"]["X-Client"] == "t"  # as the client spelled it
    assert connect_event["queryStringParameters"] == {"room": "1"}
    assert conn.send(json.dumps({"action": "echo", "text": "hi"})) == \
        [json.dumps({"echo": '{"action": "echo", "text": "hi"}', "route": "echo"})]
    message = events[-1]
    assert message["requestContext"]["eventType"] == "MESSAGE" and "messageId" in message["requestContext"]
    assert "headers" not in message
    assert conn.send(json.dumps({"action": "push"})) == ["pushed"]  # one-way route: only the push
    conn.close()
    assert events[-1]["requestContext"]["eventType"] == "DISCONNECT"
    assert events[-1]["requestContext"]["disconnectStatusCode"] == 1000
    with pytest.raises(Gone):
        post_to_connection(gwmock, conn.connection_id, "late")


def test_unknown_action_without_default_is_forbidden(gwmock, ws):
    conn = connect(gwmock, ws[1])
    for message in ('{"action": "nope"}', "not json"):
        reply = json.loads(conn.send(message)[0])
        assert reply["message"] == "Forbidden" and reply["connectionId"] == conn.connection_id
    reply = json.loads(conn.send('{"action": "boom"}')[0])
    assert reply["message"] == "Internal server error"


def test_default_route(apigatewayv2, gwmock, ws, events):
    api, address = ws
    integration = apigatewayv2.get_integrations(ApiId=api)["Items"][0]["IntegrationId"]
    apigatewayv2.create_route(ApiId=api, RouteKey="$default", Target=f"integrations/{integration}")
    conn = connect(gwmock, address)
    assert conn.send('{"action": "nope"}') == []
    assert events[-1]["requestContext"]["routeKey"] == "$default"


def test_connect_rejections(apigatewayv2, gwmock, ws):
    api, address = ws
    with pytest.raises(Rejected) as caught:
        connect(gwmock, address + "?deny=1")
    assert caught.value.status == 403
    with pytest.raises(Rejected) as caught:
        connect(gwmock, f"wss://{api}.execute-api.{REGION}.amazonaws.com/nostage")
    assert caught.value.status == 404


def test_connect_authorizer(apigatewayv2, gwmock, ws, events):
    api, address = ws
    seen = []

    def auth(event, context):
        seen.append(event)
        effect = "Allow" if event["headers"].get("x-token") == "ok" else "Deny"
        statement = {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}
        return {"principalId": "me", "context": {"user": "u"},
                "policyDocument": {"Version": "2012-10-17", "Statement": [statement]}}

    gwmock.add_lambda("auth", auth)
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="REQUEST", Name="a", IdentitySource=["route.request.header.x-token"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations",
    )["AuthorizerId"]
    route_id = next(r["RouteId"] for r in apigatewayv2.get_routes(ApiId=api)["Items"] if r["RouteKey"] == "$connect")
    apigatewayv2.update_route(ApiId=api, RouteId=route_id, AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    with pytest.raises(Rejected) as caught:
        connect(gwmock, address)
    assert caught.value.status == 401
    with pytest.raises(Rejected) as caught:
        connect(gwmock, address, headers={"x-token": "bad"})
    assert caught.value.status == 403
    connect(gwmock, address, headers={"x-token": "ok"})
    assert seen[-1]["methodArn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/prod/$connect"
    assert events[-1]["requestContext"]["authorizer"] == {"user": "u", "principalId": "me"}
