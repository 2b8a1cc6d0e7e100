"""Powertools for AWS Lambda (3.x) behind a WebSocket API: its parser models (CONNECT, MESSAGE with a
typed body, DISCONNECT) and its ``APIGatewayWebSocketEvent`` data class read in a real handler, and
its authorizer helpers (``APIGatewayAuthorizerRequestEvent``, ``APIGatewayAuthorizerResponse``) used
as a real ``$connect`` Lambda REQUEST authorizer. Connections are made with ``gw.websocket(...)``
(docs/websocket.md); AWS's events and authorizer input:
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html
"""

from __future__ import annotations

import json

import boto3
import pytest

pytest.importorskip("aws_lambda_powertools")
from aws_lambda_powertools.utilities.data_classes import APIGatewayWebSocketEvent  # noqa: E402
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (  # noqa: E402
    APIGatewayAuthorizerRequestEvent,
    APIGatewayAuthorizerResponse,
)
from aws_lambda_powertools.utilities.parser import parse  # noqa: E402
from aws_lambda_powertools.utilities.parser.models import (  # noqa: E402
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
    APIGatewayWebSocketMessageEventModel,
)
from pydantic import BaseModel, Json  # noqa: E402

from gwmock.runtime.websocket.connections import Rejected  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"


class Chat(BaseModel):
    action: str
    text: str


class ChatEvent(APIGatewayWebSocketMessageEventModel):
    body: Json[Chat]  # type: ignore[assignment]


MODELS = {"CONNECT": APIGatewayWebSocketConnectEventModel, "MESSAGE": ChatEvent,
          "DISCONNECT": APIGatewayWebSocketDisconnectEventModel}


def _deploy(gwmock, handler, *, authorizer=None, stage="prod"):
    """A WebSocket API with ``handler`` behind $connect, $disconnect and a two-way ``chat`` route;
    ``authorizer`` (a function) guards $connect. Answers (api id, wss URL, management endpoint)."""
    client = boto3.client("apigatewayv2", region_name=REGION)
    api = client.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    api_id = api["ApiId"]
    gwmock.add_lambda(FN + "ws-app", handler)
    integration = client.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY",
                                            IntegrationUri=FN + "ws-app")["IntegrationId"]
    connect_args = {}
    if authorizer is not None:
        gwmock.add_lambda(FN + "ws-auth", authorizer)
        created = client.create_authorizer(ApiId=api_id, AuthorizerType="REQUEST", Name="auth",
                                           AuthorizerUri=FN + "ws-auth",
                                           IdentitySource=["route.request.querystring.token"])
        connect_args = {"AuthorizationType": "CUSTOM", "AuthorizerId": created["AuthorizerId"]}
    client.create_route(ApiId=api_id, RouteKey="$connect", Target=f"integrations/{integration}", **connect_args)
    client.create_route(ApiId=api_id, RouteKey="$disconnect", Target=f"integrations/{integration}")
    chat = client.create_route(ApiId=api_id, RouteKey="chat", Target=f"integrations/{integration}",
                               RouteResponseSelectionExpression="$default")
    client.create_route_response(ApiId=api_id, RouteId=chat["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    host = f"{api_id}.execute-api.{REGION}.amazonaws.com"
    return api_id, f"wss://{host}/{stage}", f"https://{host}/{stage}"


def _recording_app(seen):
    """Parses every event with Powertools' model of its type and its data class; the chat route
    answers the parsed message."""

    def handler(event, context):
        data = APIGatewayWebSocketEvent(event)
        model = parse(event=event, model=MODELS[data.request_context.event_type])
        seen.append((data, model))
        if data.request_context.route_key == "chat":
            return {"statusCode": 200, "body": json.dumps({"echo": model.body.text,
                                                           "from": data.request_context.connection_id})}
        return {"statusCode": 200}

    return handler


def test_every_event_parses_and_reads_as_aws_sends_it(gwmock):
    seen = []
    api, url, _ = _deploy(gwmock, _recording_app(seen))
    conn = gwmock.websocket(url + "?room=blue", headers={"User-Agent": "pt/3", "X-Forwarded-For": "198.51.100.7"})
    replies = conn.send(json.dumps({"action": "chat", "text": "héllo"}))
    assert [json.loads(r) for r in replies] == [{"echo": "héllo", "from": conn.connection_id}]
    conn.close(1000, "bye")

    (connect, connect_model), (message, message_model), (disconnect, disconnect_model) = seen
    assert [d.request_context.event_type for d, _ in seen] == ["CONNECT", "MESSAGE", "DISCONNECT"]
    assert connect.query_string_parameters == {"room": "blue"}
    assert connect.headers["User-Agent"] == "pt/3"
    assert connect.request_context.identity.source_ip == "198.51.100.7"
    assert str(connect_model.request_context.identity.source_ip) == "198.51.100.7/32"
    assert message_model.body == Chat(action="chat", text="héllo")
    assert message.request_context.message_id and message.request_context.message_direction == "IN"
    assert (disconnect.request_context.disconnect_status_code, disconnect.request_context.disconnect_reason) == (
        1000, "bye")
    for data, model in seen:
        assert data.request_context.connection_id == conn.connection_id
        assert data.request_context.api_id == api and data.request_context.stage == "prod"
        assert model.request_context.connected_at.timestamp() * 1000 == conn.connected_at


def test_disconnect_by_the_management_api_parses(gwmock):
    seen = []
    _, url, endpoint = _deploy(gwmock, _recording_app(seen))
    conn = gwmock.websocket(url)
    boto3.client("apigatewaymanagementapi", region_name=REGION, endpoint_url=endpoint).delete_connection(
        ConnectionId=conn.connection_id)
    disconnect, model = seen[-1]
    assert conn.closed
    assert isinstance(model, APIGatewayWebSocketDisconnectEventModel)
    assert model.request_context.route_key == "$disconnect"
    assert isinstance(disconnect.request_context.disconnect_status_code, int)


def _policy_authorizer(event, context):
    """Powertools' policy helper, allowing the ``$connect`` method ARN itself: its ``allow_all_routes``
    writes ``{api}/{stage}/*/*``, which a WebSocket method ARN (``{api}/{stage}/$connect``) never
    matches (``test_powertools_allow_all_routes_is_refused_on_connect``)."""
    request = APIGatewayAuthorizerRequestEvent(event)
    arn = request.parsed_arn
    token = (request.query_string_parameters or {}).get("token")
    policy = APIGatewayAuthorizerResponse(principal_id=f"user-{token}", region=arn.region,
                                          aws_account_id=arn.aws_account_id, api_id=arn.api_id, stage=arn.stage,
                                          context={"role": "admin", "level": 2})
    if token != "good":
        policy.deny_all_routes()
        return policy.asdict()
    policy.allow_all_routes()
    answer = policy.asdict()  # the workaround: the statement names the method ARN
    answer["policyDocument"]["Statement"][0]["Resource"] = [request.method_arn]
    return answer


def test_powertools_policy_authorizer_admits_and_passes_its_context(gwmock):
    seen = []
    _, url, _ = _deploy(gwmock, _recording_app(seen), authorizer=_policy_authorizer)
    conn = gwmock.websocket(url + "?token=good")
    conn.send(json.dumps({"action": "chat", "text": "x"}))
    assert len(seen) == 2
    for data, _ in seen:
        assert data.request_context.raw_event["authorizer"] == {"role": "admin", "level": 2,
                                                                "principalId": "user-good"}


def test_powertools_allow_all_routes_is_refused_on_connect(gwmock):
    # "Using this class to authorize a websocket connection with allow methods will always result
    # in 403": .../prod/*/* does not match .../prod/$connect
    # (https://github.com/aws-powertools/powertools-lambda-python/issues/5800)
    def authorizer(event, context):
        arn = APIGatewayAuthorizerRequestEvent(event).parsed_arn
        policy = APIGatewayAuthorizerResponse(principal_id="u", region=arn.region, aws_account_id=arn.aws_account_id,
                                              api_id=arn.api_id, stage=arn.stage)
        policy.allow_all_routes()
        return policy.asdict()

    seen = []
    _, url, _ = _deploy(gwmock, _recording_app(seen), authorizer=authorizer)
    with pytest.raises(Rejected) as caught:
        gwmock.websocket(url + "?token=good")
    assert caught.value.status == 403
    assert seen == []


def test_powertools_policy_authorizer_denies(gwmock):
    seen = []
    _, url, _ = _deploy(gwmock, _recording_app(seen), authorizer=_policy_authorizer)
    with pytest.raises(Rejected) as caught:
        gwmock.websocket(url + "?token=bad")
    assert caught.value.status == 403
    assert seen == []


def test_authorizer_event_reads_with_the_request_event_data_class(gwmock):
    events = []

    def authorizer(event, context):
        events.append(APIGatewayAuthorizerRequestEvent(event))
        return _policy_authorizer(event, context)

    api, url, _ = _deploy(gwmock, _recording_app([]), authorizer=authorizer, stage="live")
    gwmock.websocket(url + "?token=good", headers={"X-Key": "k"})
    request = events[0]
    assert request.get_type == "REQUEST"
    assert request.method_arn == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api}/live/$connect"
    assert (request.parsed_arn.api_id, request.parsed_arn.stage, request.parsed_arn.http_method) == (
        api, "live", "$connect")
    assert request.headers["X-Key"] == "k" and request.headers["Upgrade"] == "websocket"
    assert request.query_string_parameters == {"token": "good"}
    assert request.request_context.raw_event["routeKey"] == "$connect"
