"""The @connections management API through boto3's apigatewaymanagementapi client."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import requests
from botocore.exceptions import ClientError
from ws_helpers import deploy, echo, management


def _error(caught):
    response = caught.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def test_post_to_connection_delivers_to_the_client(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    answer = management(endpoint).post_to_connection(ConnectionId=conn.connection_id, Data=b'{"hello": 1}')
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert conn.received == ['{"hello": 1}']


def test_binary_data_arrives_as_a_binary_frame(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    management(endpoint).post_to_connection(ConnectionId=conn.connection_id, Data=b"\xff\x00")
    assert conn.received == [b"\xff\x00"]


def test_get_connection_answers_times_and_identity(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    before = datetime.now(timezone.utc) - timedelta(seconds=1)
    conn = gwmock.websocket(url, headers={"User-Agent": "chat-client/1.0"})
    conn.send("ping")
    answer = management(endpoint).get_connection(ConnectionId=conn.connection_id)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert answer["Identity"] == {"SourceIp": "127.0.0.1", "UserAgent": "chat-client/1.0"}
    assert before <= answer["ConnectedAt"] <= answer["LastActiveAt"] <= datetime.now(timezone.utc)


def test_delete_connection_closes_and_runs_disconnect(gwmock):
    events = []
    _, url, endpoint = deploy(gwmock, lambda event, context: events.append(event) or {"statusCode": 200})
    conn = gwmock.websocket(url)
    answer = management(endpoint).delete_connection(ConnectionId=conn.connection_id)
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert conn.closed and conn.close_status == 1000
    context = events[-1]["requestContext"]
    assert (context["eventType"], context["connectionId"], context["disconnectStatusCode"]) == \
        ("DISCONNECT", conn.connection_id, 1000)
    with pytest.raises(RuntimeError):
        conn.send("too late")


@pytest.mark.parametrize("operation", ["post_to_connection", "get_connection", "delete_connection"])
def test_closed_and_unknown_connections_are_gone(gwmock, operation):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    conn.close()
    client = management(endpoint)
    extra = {"Data": b"x"} if operation == "post_to_connection" else {}
    for connection_id in (conn.connection_id, "L0SM9cOFvHcCIhw="):
        with pytest.raises(ClientError) as caught:
            getattr(client, operation)(ConnectionId=connection_id, **extra)
        assert _error(caught) == ("GoneException", 410)
        assert isinstance(caught.value, client.exceptions.GoneException)


def test_a_connection_of_another_stage_is_gone_there(gwmock, apigatewayv2):
    api, url, endpoint = deploy(gwmock, echo)
    apigatewayv2.create_stage(ApiId=api, StageName="dev", AutoDeploy=True)
    conn = gwmock.websocket(url)
    with pytest.raises(ClientError) as caught:
        management(endpoint.replace("/prod", "/dev")).post_to_connection(ConnectionId=conn.connection_id, Data=b"x")
    assert _error(caught) == ("GoneException", 410)
    assert conn.received == []


def test_an_unknown_stage_is_forbidden(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    with pytest.raises(ClientError) as caught:
        management(endpoint.replace("/prod", "/nope")).get_connection(ConnectionId=conn.connection_id)
    assert _error(caught) == ("ForbiddenException", 403)


def test_too_large_data_is_refused_and_not_delivered(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    with pytest.raises(ClientError) as caught:
        management(endpoint).post_to_connection(ConnectionId=conn.connection_id, Data=b"x" * (128 * 1024 + 1))
    assert _error(caught) == ("PayloadTooLargeException", 413)
    assert conn.received == [] and not conn.closed


def test_unsigned_requests_are_forbidden(gwmock):
    _, url, endpoint = deploy(gwmock, echo)
    conn = gwmock.websocket(url)
    answer = requests.post(f"{endpoint}/@connections/{conn.connection_id}", data=b"x", timeout=5)
    assert answer.status_code == 403
    assert answer.headers["x-amzn-ErrorType"] == "ForbiddenException"
    assert answer.json() == {"message": "Forbidden"}
    assert conn.received == []


def test_broadcast_from_inside_a_route_handler(gwmock):
    def handler(event, context):
        request = event["requestContext"]
        if request["routeKey"] == "$default":
            client = management(f"https://{request['domainName']}/{request['stage']}")
            client.post_to_connection(ConnectionId=request["connectionId"], Data=b"to me")
            for other in others:
                client.post_to_connection(ConnectionId=other.connection_id, Data=event["body"].encode())
        return {"statusCode": 200}

    _, url, _ = deploy(gwmock, handler)
    others = []
    sender = gwmock.websocket(url)
    others.extend([gwmock.websocket(url), gwmock.websocket(url)])
    assert sender.send("hello all") == ["to me"]
    assert [o.received for o in others] == [["hello all"], ["hello all"]]


def test_posting_during_connect_is_gone(gwmock):
    seen = []

    def handler(event, context):
        request = event["requestContext"]
        if request["eventType"] in ("CONNECT", "DISCONNECT"):
            client = management(f"https://{request['domainName']}/{request['stage']}")
            try:
                client.post_to_connection(ConnectionId=request["connectionId"], Data=b"hi")
            except ClientError as error:
                seen.append((request["eventType"], error.response["Error"]["Code"]))
        return {"statusCode": 200}

    _, url, _ = deploy(gwmock, handler)
    conn = gwmock.websocket(url)
    conn.close()
    assert seen == [("CONNECT", "GoneException"), ("DISCONNECT", "GoneException")]
    assert conn.received == []


def test_delete_from_inside_a_route_handler(gwmock):
    def handler(event, context):
        request = event["requestContext"]
        if request["routeKey"] == "$default":
            management(f"https://{request['domainName']}/{request['stage']}").delete_connection(
                ConnectionId=request["connectionId"])
        return {"statusCode": 200, "body": "bye"}

    _, url, _ = deploy(gwmock, handler, routes=("$connect", "$disconnect"), two_way=("$default",))
    conn = gwmock.websocket(url)
    assert conn.send("quit") == []  # closed before the route response could be sent
    assert conn.closed and conn.close_status == 1000


def _custom_domain(gwmock, apigatewayv2):
    api, url, _ = deploy(gwmock, echo)
    apigatewayv2.create_domain_name(DomainName="ws.example.com", DomainNameConfigurations=[
        {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc", "EndpointType": "REGIONAL"}])
    apigatewayv2.create_api_mapping(DomainName="ws.example.com", ApiId=api, Stage="prod", ApiMappingKey="chat")
    return gwmock.websocket("wss://ws.example.com/chat")


def test_custom_domain_management_path(gwmock, apigatewayv2):
    conn = _custom_domain(gwmock, apigatewayv2)
    signed = {"Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/execute-api/aws4_request, "
                               "SignedHeaders=host, Signature=00"}
    answer = gwmock.invoke("POST", f"https://ws.example.com/chat/@connections/{conn.connection_id}", signed, b"hi")
    assert answer.status == 200 and conn.received == ["hi"]
    answer = gwmock.invoke("GET", "https://ws.example.com/other/@connections/x", signed)
    assert answer.status == 403


def test_custom_domain_endpoint(gwmock, apigatewayv2):
    conn = _custom_domain(gwmock, apigatewayv2)
    client = management("https://ws.example.com/chat")
    client.post_to_connection(ConnectionId=conn.connection_id, Data=b"via domain")
    assert client.get_connection(ConnectionId=conn.connection_id)["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert conn.received == ["via domain"]
    with pytest.raises(ClientError) as caught:
        client.post_to_connection(ConnectionId="L0SM9cOFvHcCIhw=", Data=b"x")
    assert _error(caught) == ("GoneException", 410)


def test_route_responses_need_a_route_response(gwmock):
    _, url, _ = deploy(gwmock, echo, routes=("$connect",), two_way=("$default",))
    conn = gwmock.websocket(url)
    assert conn.send('{"action": "x"}') == [json.dumps({"route": "$default"})]
