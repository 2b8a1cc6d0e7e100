"""Request validation of WebSocket messages (a route's ModelSelectionExpression and RequestModels) and
which route response answers the client.

AWS: https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html
("fails the request without calling your backend, sends a "Bad request body" gateway response";
"Model validation occurs if you provide a model selection expression for either proxy or non-proxy
integrations"; "If there is no matching model and $default isn't defined, the validation fails") and
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html
(route responses: "currently only the $default key is supported"). The guesses are listed in
gwmock/runtime/websocket/validation.py.
"""

from __future__ import annotations

import json
import time

import pytest
from ws_helpers import REGION, fn_arn

EMAIL = {"type": "object", "required": ["address"], "properties": {"address": {"type": "string"}}}
SMS = {"type": "object", "required": ["number"], "properties": {"number": {"type": "string", "pattern": "^[0-9]+$"}}}
ANYTHING = {"type": "object"}
GROUP_ARN = f"arn:aws:logs:{REGION}:123456789012:log-group:ws"


class Api:
    """A WebSocket API whose routes call one recording Lambda proxy function and answer the client
    with the route key (two-way), on an AutoDeploy stage ``prod``."""

    def __init__(self, gw, client, *, auto_deploy=True, access_log=None):
        self.gw, self.client, self.calls = gw, client, []
        self.id = client.create_api(Name="v", ProtocolType="WEBSOCKET",
                                    RouteSelectionExpression="$request.body.action")["ApiId"]
        gw.add_lambda("validated", self._handler)
        self.integration = client.create_integration(ApiId=self.id, IntegrationType="AWS_PROXY",
                                                     IntegrationUri=fn_arn("validated"))["IntegrationId"]
        extra = {"AccessLogSettings": {"DestinationArn": GROUP_ARN, "Format": access_log}} if access_log else {}
        client.create_stage(ApiId=self.id, StageName="prod", AutoDeploy=auto_deploy, **extra)

    def _handler(self, event, context):
        self.calls.append(event.get("body"))
        return {"statusCode": 200, "body": "ran " + event["requestContext"]["routeKey"]}

    def model(self, name, schema):
        return self.client.create_model(ApiId=self.id, Name=name, ContentType="application/json",
                                        Schema=json.dumps(schema))["ModelId"]

    def route(self, key, *, integration=None, response_key="$default", **params):
        route = self.client.create_route(ApiId=self.id, RouteKey=key, RouteResponseSelectionExpression="$default",
                                         Target=f"integrations/{integration or self.integration}", **params)
        self.client.create_route_response(ApiId=self.id, RouteId=route["RouteId"], RouteResponseKey=response_key)
        return route["RouteId"]

    def connect(self):
        return self.gw.websocket(f"wss://{self.id}.execute-api.{REGION}.amazonaws.com/prod")


@pytest.fixture
def api(gwmock, apigatewayv2):
    return Api(gwmock, apigatewayv2)


def _refused(conn, frames):
    """The one frame a refused message gets: AWS's error frame with this connection's id."""
    assert len(frames) == 1
    frame = json.loads(frames[0])
    assert frame == {"message": "Invalid request body", "connectionId": conn.connection_id,
                     "requestId": frame["requestId"]}
    assert isinstance(frame["requestId"], str) and frame["requestId"]
    return frame


def _frames(text):
    """One message in fragments of at most 32 KB (AWS's frame quota)."""
    return [text[i:i + 30_000] for i in range(0, len(text), 30_000)]


def _email_route(api, **params):
    api.model("Email", EMAIL)
    return api.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Email"}, **params)


def test_a_valid_body_reaches_the_integration(api):
    _email_route(api)
    conn = api.connect()

    assert conn.send('{"action": "send", "address": "a@b.c"}') == ["ran send"]
    assert api.calls == ['{"action": "send", "address": "a@b.c"}']


def test_an_invalid_body_is_refused_without_calling_the_backend_and_the_connection_stays_usable(api):
    _email_route(api)
    conn = api.connect()

    _refused(conn, conn.send('{"action": "send", "address": 5}'))
    _refused(conn, conn.send('{"action": "send"}'))

    assert api.calls == []
    assert not conn.closed and conn.errors == []
    assert conn.send('{"action": "send", "address": "a@b.c"}') == ["ran send"]


def test_each_refusal_has_its_own_request_id(api):
    _email_route(api)
    conn = api.connect()
    first = _refused(conn, conn.send('{"action": "send"}'))
    second = _refused(conn, conn.send('{"action": "send"}'))
    assert first["requestId"] != second["requestId"]


def test_the_selection_expression_picks_among_several_models(api):
    api.model("Email", EMAIL)
    api.model("Sms", SMS)
    api.route("send", ModelSelectionExpression="$request.body.kind",
              RequestModels={"email": "Email", "sms": "Sms"})
    conn = api.connect()

    assert conn.send('{"action": "send", "kind": "email", "address": "a@b.c"}') == ["ran send"]
    assert conn.send('{"action": "send", "kind": "sms", "number": "0612"}') == ["ran send"]
    _refused(conn, conn.send('{"action": "send", "kind": "sms", "address": "a@b.c"}'))  # Sms wants a number
    _refused(conn, conn.send('{"action": "send", "kind": "email", "number": "0612"}'))  # Email an address
    _refused(conn, conn.send('{"action": "send", "kind": "sms", "number": "06x"}'))  # Sms's pattern
    assert len(api.calls) == 2


def test_a_key_without_its_model_falls_back_to_the_default_model(api):
    api.model("Email", EMAIL)
    api.model("Sms", SMS)
    api.route("send", ModelSelectionExpression="${request.body.kind}",
              RequestModels={"sms": "Sms", "$default": "Email"})
    conn = api.connect()

    assert conn.send('{"action": "send", "kind": "fax", "address": "a@b.c"}') == ["ran send"]
    _refused(conn, conn.send('{"action": "send", "kind": "fax", "number": "1"}'))
    assert conn.send('{"action": "send", "address": "a@b.c"}') == ["ran send"]  # no kind: "", $default
    assert api.calls == ['{"action": "send", "kind": "fax", "address": "a@b.c"}',
                         '{"action": "send", "address": "a@b.c"}']


def test_no_default_model_and_no_match_fails_the_validation(api):
    api.model("Sms", SMS)
    api.route("send", ModelSelectionExpression="$request.body.kind", RequestModels={"sms": "Sms"})
    conn = api.connect()

    _refused(conn, conn.send('{"action": "send", "kind": "email", "number": "1"}'))
    _refused(conn, conn.send('{"action": "send", "number": "1"}'))
    assert conn.send('{"action": "send", "kind": "sms", "number": "1"}') == ["ran send"]
    assert len(api.calls) == 1


def test_request_models_without_a_selection_expression_validate_nothing(api):
    # Guess: the docs tie validation to the model selection expression.
    api.model("Email", EMAIL)
    api.route("send", RequestModels={"$default": "Email"})
    conn = api.connect()
    assert conn.send('{"action": "send"}') == ["ran send"]


def test_a_body_that_is_not_json_or_is_empty_is_refused(api):
    api.model("Email", EMAIL)
    api.route("$default", ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    conn = api.connect()

    _refused(conn, conn.send("not json"))
    _refused(conn, conn.send(""))  # validated as {} (REST's guess): "address" is required
    assert api.calls == []


def test_the_default_route_is_validated_too(api):
    api.model("Anything", ANYTHING)
    api.route("$default", ModelSelectionExpression="$default", RequestModels={"$default": "Anything"})
    conn = api.connect()

    assert conn.send('{"action": "nothing"}') == ["ran $default"]
    _refused(conn, conn.send("[1, 2]"))


def test_a_non_proxy_integration_is_validated_as_a_proxy_one(api, apigatewayv2):
    mock = apigatewayv2.create_integration(ApiId=api.id, IntegrationType="MOCK",
                                           RequestTemplates={"$default": '{"statusCode": 200}'},
                                           TemplateSelectionExpression="\\$default")["IntegrationId"]
    apigatewayv2.create_integration_response(ApiId=api.id, IntegrationId=mock, IntegrationResponseKey="$default",
                                             ResponseTemplates={"$default": "mocked"},
                                             TemplateSelectionExpression="\\$default")
    api.model("Email", EMAIL)
    api.route("send", integration=mock, ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    conn = api.connect()

    assert conn.send('{"action": "send", "address": "a@b.c"}') == ["mocked"]
    _refused(conn, conn.send('{"action": "send"}'))


def test_a_model_may_refer_to_another_model_of_the_api(api):
    api.model("Address", {"type": "string", "minLength": 3})
    ref = f"https://apigateway.amazonaws.com/restapis/{api.id}/models/Address"
    api.model("Email", {"type": "object", "required": ["address"], "properties": {"address": {"$ref": ref}}})
    api.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    conn = api.connect()

    assert conn.send('{"action": "send", "address": "a@b.c"}') == ["ran send"]
    _refused(conn, conn.send('{"action": "send", "address": "ab"}'))


def test_a_changed_model_is_enforced_after_the_next_deployment(gwmock, apigatewayv2):
    api = Api(gwmock, apigatewayv2, auto_deploy=False)
    model = api.model("Email", EMAIL)
    api.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    apigatewayv2.create_deployment(ApiId=api.id, StageName="prod")
    conn = api.connect()
    _refused(conn, conn.send('{"action": "send", "number": "1"}'))

    apigatewayv2.update_model(ApiId=api.id, ModelId=model, Schema=json.dumps(SMS))
    _refused(conn, conn.send('{"action": "send", "number": "1"}'))  # compiled once for the deployment

    apigatewayv2.create_deployment(ApiId=api.id, StageName="prod")
    assert conn.send('{"action": "send", "number": "1"}') == ["ran send"]


def test_the_models_are_frozen_with_the_deployment(gwmock, apigatewayv2):
    api = Api(gwmock, apigatewayv2, auto_deploy=False)
    model = api.model("Email", EMAIL)
    api.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    apigatewayv2.create_deployment(ApiId=api.id, StageName="prod")
    apigatewayv2.update_model(ApiId=api.id, ModelId=model, Schema=json.dumps(SMS))  # before any message
    conn = api.connect()

    _refused(conn, conn.send('{"action": "send", "number": "1"}'))  # the deployed model: Email
    assert conn.send('{"action": "send", "address": "a@b"}') == ["ran send"]


def test_a_changed_model_is_enforced_at_once_on_an_auto_deploy_stage(api):
    model = api.model("Email", EMAIL)
    api.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    conn = api.connect()
    _refused(conn, conn.send('{"action": "send", "number": "1"}'))

    api.client.update_model(ApiId=api.id, ModelId=model, Schema=json.dumps(SMS))

    assert conn.send('{"action": "send", "number": "1"}') == ["ran send"]


def test_connect_and_disconnect_are_not_validated(api):
    api.model("Email", EMAIL)
    for key in ("$connect", "$disconnect"):
        api.client.create_route(ApiId=api.id, RouteKey=key, Target=f"integrations/{api.integration}",
                                ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    conn = api.connect()
    conn.close()
    assert api.calls == [None, None]


def test_a_refusal_is_in_the_access_log(gwmock, apigatewayv2):
    fmt = ("$context.requestId|$context.status|$context.error.message|$context.error.responseType|"
           "$context.error.validationErrorString")
    api = Api(gwmock, apigatewayv2, access_log=fmt)
    _email_route(api)
    conn = api.connect()
    conn.send('{"action": "send"}')
    assert conn.access_logs[-1].split("|", 1)[1] == ("400|Invalid request body|BAD_REQUEST_BODY|"
                                                     "['address' is a required property]")


# --- hostile input, bounded ---------------------------------------------------------------------


def test_a_deeply_nested_body_is_refused_quickly(api):
    api.model("Anything", ANYTHING)
    api.route("$default", ModelSelectionExpression="$default", RequestModels={"$default": "Anything"})
    conn = api.connect()

    started = time.monotonic()
    _refused(conn, conn.send(_frames('{"a":' * 20_000 + "1" + "}" * 20_000)))
    _refused(conn, conn.send(_frames("[" * 60_000 + "]" * 60_000)))
    assert time.monotonic() - started < 5
    assert api.calls == [] and not conn.closed


def test_a_catastrophic_pattern_on_a_huge_body_is_bounded(api):
    api.model("Slow", {"type": "object", "properties": {"v": {"type": "array",
                                                               "items": {"type": "string", "pattern": "^(a+)+$"}}}})
    api.route("$default", ModelSelectionExpression="$default", RequestModels={"$default": "Slow"})
    conn = api.connect()
    values = ["a" * 40 + "!"] * 2_000  # each value just fails, after exponential backtracking

    started = time.monotonic()
    _refused(conn, conn.send(_frames(json.dumps({"v": values}))))
    assert time.monotonic() - started < 10
    assert api.calls == [] and not conn.closed
    assert conn.send('{"v": ["aaa"]}') == ["ran $default"]


def test_a_self_referencing_schema_on_a_deep_body_is_bounded(api):
    ref = f"https://apigateway.amazonaws.com/restapis/{api.id}/models/Tree"
    api.model("Tree", {"type": "object", "properties": {"c": {"anyOf": [{"$ref": ref}, {"$ref": ref}]}},
                       "additionalProperties": False})
    api.route("$default", ModelSelectionExpression="$default", RequestModels={"$default": "Tree"})
    conn = api.connect()

    started = time.monotonic()
    frames = conn.send('{"c":' * 40 + '{"x": 1}' + "}" * 40)
    assert time.monotonic() - started < 10
    _refused(conn, frames)
    assert api.calls == []


def test_a_selection_expression_value_longer_than_every_key_is_no_key(api):
    api.model("Email", EMAIL)
    api.route("send", ModelSelectionExpression="$request.body.kind", RequestModels={"$default": "Email"})
    conn = api.connect()
    body = json.dumps({"action": "send", "kind": "k" * 100_000, "address": "a@b.c"})
    assert conn.send(_frames(body)) == ["ran send"]


# --- route responses ----------------------------------------------------------------------------


def test_only_a_default_route_response_answers_the_client(api):
    # Guess: "currently only the $default key is supported"; a route whose only route response has
    # another key is one-way: the integration runs, the client receives nothing.
    api.route("send", response_key="other")
    conn = api.connect()

    assert conn.send('{"action": "send"}') == []
    assert api.calls == ['{"action": "send"}']
