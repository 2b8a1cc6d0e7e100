"""$connect Lambda authorizers answer as REST's do: Exception("Unauthorized") is 401, a context holding an
object or an array is 500 (gwmock/runtime/websocket/authorizer.py has the evidence)."""

from __future__ import annotations

import logging

import pytest
from ws_helpers import REGION, deploy, fn_arn

from gwmock.runtime.websocket.connections import Rejected


def _policy(effect="Allow", context=None):
    answer = {"principalId": "user-1", "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": "arn:aws:execute-api:*"}]}}
    if context is not None:
        answer["context"] = context
    return answer


@pytest.fixture
def protected(gwmock, apigatewayv2):
    """connect(authorizer_function) -> the connection, or raises Rejected; ``events``: the $connect
    function's events."""
    events = []

    def backend(event, context):
        events.append(event)
        return {"statusCode": 200}

    api, url, _ = deploy(gwmock, backend)
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api, AuthorizerType="REQUEST", Name="auth", IdentitySource=["route.request.header.Auth"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations",
    )["AuthorizerId"]
    route = next(r for r in apigatewayv2.get_routes(ApiId=api)["Items"] if r["RouteKey"] == "$connect")
    apigatewayv2.update_route(ApiId=api, RouteId=route["RouteId"], AuthorizationType="CUSTOM",
                              AuthorizerId=authorizer)

    def connect(function):
        gwmock.add_lambda("auth", function)
        return gwmock.websocket(url, headers={"Auth": "token"})

    connect.events = events
    return connect


def _raising(error):
    def function(event, context):
        raise error
    return function


@pytest.mark.parametrize(("error", "status"), [
    (Exception("Unauthorized"), 401),
    (ValueError("Unauthorized"), 401),            # the message decides, as on REST APIs
    (Exception("Unauthorized: bad token"), 500),  # any other text is a function error
    (Exception("unauthorized"), 500),
    (RuntimeError("boom"), 500),
])
def test_an_exception_from_the_authorizer(protected, error, status):
    with pytest.raises(Rejected) as caught:
        protected(_raising(error))
    assert caught.value.status == status
    assert protected.events == []  # the $connect function never ran


def test_a_failing_authorizer_is_logged_and_raised_with_raise_lambda_errors(gwmock, protected, caplog):
    with caplog.at_level(logging.WARNING, logger="gwmock"), pytest.raises(Rejected):
        protected(_raising(RuntimeError("boom")))
    assert "WebSocket route $connect authorizer" in caplog.text and "RuntimeError('boom')" in caplog.text
    gwmock.raise_lambda_errors = True
    with pytest.raises(RuntimeError, match="^boom$"):
        protected(_raising(RuntimeError("boom")))
    with pytest.raises(Rejected) as caught:  # Unauthorized is an answer, not an error
        protected(_raising(Exception("Unauthorized")))
    assert caught.value.status == 401


@pytest.mark.parametrize("context", [{"user": {"id": 1}}, {"roles": ["a", "b"]}, {"ok": "x", "bad": []}])
def test_a_context_holding_objects_or_arrays_is_refused(protected, context):
    with pytest.raises(Rejected) as caught:
        protected(lambda event, _: _policy(context=context))
    assert caught.value.status == 500
    assert protected.events == []


def test_a_deny_is_still_403_whatever_the_context(protected):
    with pytest.raises(Rejected) as caught:
        protected(lambda event, _: _policy("Deny", {"user": {"id": 1}}))
    assert caught.value.status == 403


def test_scalar_context_values_reach_the_connect_event_unchanged(protected):
    conn = protected(lambda event, _: _policy(context={"s": "t", "n": 1.5, "i": 7, "b": False, "z": None}))
    assert conn.state == "OPEN"
    assert protected.events[0]["requestContext"]["authorizer"] == \
        {"s": "t", "n": 1.5, "i": 7, "b": False, "z": None, "principalId": "user-1"}
