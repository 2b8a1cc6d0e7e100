"""WebSocket routes run every integration type: MOCK, AWS (Lambda with templates), HTTP and HTTP_PROXY,
with request and response templates (gwmock/runtime/websocket/integrations.py has the evidence and
the guesses these tests pin)."""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import network_guard
from ws_helpers import REGION, fn_arn

from gwmock.runtime.websocket.connections import Rejected

MOCK_200 = {"$default": '{"statusCode": 200}'}


class WsApi:
    """A WebSocket API under construction: ``integration``, ``route``, ``response`` and ``url``."""

    def __init__(self, gw, client):
        self.gw, self.client = gw, client
        self.id = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                    RouteSelectionExpression="$request.body.action")["ApiId"]
        client.create_stage(ApiId=self.id, StageName="prod", AutoDeploy=True)

    def integration(self, kind, **params):
        return self.client.create_integration(ApiId=self.id, IntegrationType=kind, **params)["IntegrationId"]

    def route(self, key, integration, *, two_way=False, **params):
        if two_way:
            params["RouteResponseSelectionExpression"] = "$default"
        route = self.client.create_route(ApiId=self.id, RouteKey=key, Target=f"integrations/{integration}",
                                         **params)["RouteId"]
        if two_way:
            self.client.create_route_response(ApiId=self.id, RouteId=route, RouteResponseKey="$default")
        return route

    def response(self, integration, key, **params):
        return self.client.create_integration_response(ApiId=self.id, IntegrationId=integration,
                                                       IntegrationResponseKey=key, **params)

    @property
    def url(self):
        return f"wss://{self.id}.execute-api.{REGION}.amazonaws.com/prod"

    def connect(self, **kwargs):
        return self.gw.websocket(self.url, **kwargs)


@pytest.fixture
def api(gwmock, apigatewayv2):
    return WsApi(gwmock, apigatewayv2)


def _mock(api, templates=None, expression=None, **params):
    if templates is not None:
        params["RequestTemplates"] = templates
    if expression is not None:
        params["TemplateSelectionExpression"] = expression
    return api.integration("MOCK", **params)


def _forbidden_or_error(frame):
    """A JSON error frame without its ids (they are random)."""
    document = json.loads(frame)
    assert set(document) == {"message", "connectionId", "requestId"}
    return document["message"]


# --- MOCK ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "accepted"), [(200, True), (204, True), (403, False), (401, False)])
def test_a_connect_mock_accepts_a_2xx_status_and_rejects_another(api, status, accepted):
    api.route("$connect", _mock(api, {"$default": json.dumps({"statusCode": status})}, "\\$default"))
    if accepted:
        assert api.connect().state == "OPEN"
        return
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == status


def test_a_connect_mock_template_keyed_application_json_applies_without_a_selection_expression(api):
    api.route("$connect", _mock(api, {"application/json": '{"statusCode": 401}'}))  # AWS's CLI example form
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 401


def test_the_default_template_catches_a_selection_no_template_is_keyed_for(api):
    api.route("$connect", _mock(api, {"other": '{"statusCode": 200}', "$default": '{"statusCode": 403}'},
                                "${request.body.kind}"))  # $connect has no body: the key is ""
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 403


def test_a_connect_mock_without_templates_accepts(api):
    api.route("$connect", _mock(api))
    assert api.connect().state == "OPEN"


def test_a_connect_mock_reads_the_handshake_in_its_template(api):
    template = '{"statusCode": #if($input.params("x-token") == "yes")200#{else}403#end}'
    api.route("$connect", _mock(api, {"$default": template}, "\\$default"))
    assert api.connect(headers={"X-Token": "yes"}).state == "OPEN"
    with pytest.raises(Rejected) as rejected:
        api.connect(headers={"X-Token": "no"})
    assert rejected.value.status == 403


@pytest.mark.parametrize("template", ['{"statusCode": "abc"}', '{"statusCode": 2.5}', '{"statusCode": true}',
                                      '{"statusCode": [200]}', "not json at all"])
def test_a_mock_status_that_is_not_an_integer_fails(api, template, caplog):
    api.route("$connect", _mock(api, {"$default": template}, "\\$default"))
    with caplog.at_level(logging.WARNING, logger="gwmock"), pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 500
    assert "Unable to parse statusCode" in caplog.text


def _two_way_mock(api):
    """``hello`` (two-way): 404 when the message's ``kind`` is ``missing``, else 200; the 2xx response
    template greets the sender, the 4xx one names the status."""
    integration = _mock(api, {"missing": '{"statusCode": 404}', "$default": '{"statusCode": 200}'},
                        "${request.body.kind}")
    api.response(integration, "/2\\d\\d/", TemplateSelectionExpression="\\$default",
                 ResponseTemplates={"$default": '{"hello": "$context.connectionId", "route": "$context.routeKey"}'})
    api.response(integration, "$default", TemplateSelectionExpression="${integration.response.statuscode}",
                 ResponseTemplates={"404": '{"error": "not found"}', "$default": "other"})
    api.route("hello", integration, two_way=True)
    return api.connect()


def test_a_two_way_mock_route_sends_its_integration_response_template(api):
    conn = _two_way_mock(api)
    assert conn.send('{"action": "hello"}') == [json.dumps({"hello": conn.connection_id, "route": "hello"})]


def test_the_mock_status_selects_the_integration_response_and_its_template(api):
    conn = _two_way_mock(api)
    assert conn.send('{"action": "hello", "kind": "missing"}') == ['{"error": "not found"}']


def test_a_one_way_mock_route_sends_nothing(api):
    integration = _mock(api, MOCK_200, "\\$default")
    api.response(integration, "$default", ResponseTemplates={"$default": "never sent"},
                 TemplateSelectionExpression="\\$default")
    api.route("hello", integration)
    assert api.connect().send('{"action": "hello"}') == []


def test_a_two_way_route_without_a_matching_integration_response_sends_internal_server_error(api, caplog):
    integration = _mock(api, {"$default": '{"statusCode": 500}'}, "\\$default")
    api.response(integration, "/2\\d\\d/", ResponseTemplates={"$default": "ok"},
                 TemplateSelectionExpression="\\$default")
    api.route("hello", integration, two_way=True)
    conn = api.connect()
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        [frame] = conn.send('{"action": "hello"}')
    assert _forbidden_or_error(frame) == "Internal server error"
    assert "No match for output mapping and no default output mapping configured. Endpoint Response Status " \
           "Code: 500" in caplog.text
    assert conn.errors == []  # API Gateway's own failure: no user code to keep


def test_a_response_without_templates_passes_the_empty_mock_body_so_nothing_is_sent(api):
    integration = _mock(api, MOCK_200, "\\$default")
    api.response(integration, "$default")
    api.route("hello", integration, two_way=True)
    assert api.connect().send('{"action": "hello"}') == []


def test_a_mock_on_the_default_route_and_on_disconnect(api, apigatewayv2):
    integration = _mock(api, {"$default": '{"statusCode": 200}'}, "\\$default")
    api.response(integration, "$default", TemplateSelectionExpression="\\$default",
                 ResponseTemplates={"$default": "default route: $context.eventType"})
    api.route("$default", integration, two_way=True)
    api.route("$disconnect", _mock(api, {"$default": '{"statusCode": 500}'}, "\\$default"))
    conn = api.connect()
    assert conn.send("not json") == ["default route: MESSAGE"]
    conn.close()  # a failing $disconnect is ignored
    assert conn.closed and conn.errors == []


@pytest.mark.parametrize(("behaviour", "templates", "connects"), [
    ("WHEN_NO_MATCH", {"text/plain": '{"statusCode": 403}'}, True),   # passes the empty body: 200
    ("WHEN_NO_TEMPLATES", {}, True),
    ("WHEN_NO_TEMPLATES", {"text/plain": '{"statusCode": 200}'}, False),
    ("NEVER", {}, False),
])
def test_passthrough_behaviour_decides_without_a_matching_template(api, behaviour, templates, connects):
    api.route("$connect", _mock(api, templates or None, PassthroughBehavior=behaviour))
    if connects:
        assert api.connect().state == "OPEN"
        return
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 415


def test_passthrough_never_refuses_a_message_with_unsupported_media_type(api):
    api.route("hello", _mock(api, PassthroughBehavior="NEVER"), two_way=True)
    [frame] = api.connect().send('{"action": "hello"}')
    assert _forbidden_or_error(frame) == "Unsupported Media Type"


def test_templates_read_the_authorizer_context_as_text(api, apigatewayv2):
    api.gw.add_lambda("auth", lambda event, context: {
        "principalId": "me", "context": {"n": 1, "b": True, "s": "x"},
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}})
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api.id, AuthorizerType="REQUEST", Name="auth", IdentitySource=["route.request.header.token"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn('auth')}/invocations",
    )["AuthorizerId"]
    api.route("$connect", _mock(api), AuthorizationType="CUSTOM", AuthorizerId=authorizer)
    integration = _mock(api, MOCK_200, "\\$default")
    api.response(integration, "$default", TemplateSelectionExpression="\\$default", ResponseTemplates={
        "$default": "#set($a = $context.authorizer)$a.n.length() $a.b.length() $a.s $a.principalId"})
    api.route("hello", integration, two_way=True)
    assert api.connect(headers={"token": "t"}).send('{"action": "hello"}') == ["1 4 x me"]


# --- hostile templates ---------------------------------------------------------------------------


@pytest.mark.parametrize("template", [
    "#foreach($i in [1..100000000])#foreach($j in [1..100000000])x#end#end",  # a loop past the engine's bounds
    "#macro(f $n)#f($n)#end#f(1)",                                               # unbounded recursion
    "#set($s = 'xxxxxxxxxx')#foreach($i in [1..40])#set($s = \"$s$s\")#end$s",   # doubling a string
    "x" * (400 * 1024),                                                          # past the template size
])
def test_a_huge_or_looping_template_fails_as_internal_server_error(api, template):
    integration = _mock(api, {"$default": template}, "\\$default")
    api.route("hello", integration, two_way=True)
    conn = api.connect()
    [frame] = conn.send('{"action": "hello"}')
    assert _forbidden_or_error(frame) == "Internal server error"
    assert conn.state == "OPEN"


@pytest.mark.parametrize("reach", [
    "$input.__class__", "$input.getClass()", "$context.__dict__", "$util.__init__.__globals__",
    "$input.body.getClass().forName('java.lang.Runtime')", "$input.__class__.__mro__",
])
def test_a_template_reaching_for_python_internals_prints_nothing(api, reach):
    integration = _mock(api, MOCK_200, "\\$default")
    api.response(integration, "$default", TemplateSelectionExpression="\\$default",
                 ResponseTemplates={"$default": f"[{reach}]"})
    api.route("hello", integration, two_way=True)
    assert api.connect().send('{"action": "hello"}') == ["[]"]


# --- AWS (Lambda, non-proxy) ---------------------------------------------------------------------


def _lambda_uri(name):
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{fn_arn(name)}/invocations"


def _aws_route(api, handler, *, templates=None, responses=None, two_way=True, route="hello", **params):
    api.gw.add_lambda("fn", handler)
    if templates is not None:
        params.update(RequestTemplates=templates, TemplateSelectionExpression="\\$default")
    integration = api.integration("AWS", IntegrationUri=_lambda_uri("fn"), IntegrationMethod="POST", **params)
    for key, template in (responses or {"$default": None}).items():
        extra = {"ResponseTemplates": {"$default": template}, "TemplateSelectionExpression": "\\$default"} \
            if template is not None else {}
        api.response(integration, key, **extra)
    api.route(route, integration, two_way=two_way)
    return integration


def test_an_aws_integration_maps_the_message_to_the_event_and_the_answer_back(api):
    events = []

    def handler(event, context):
        events.append(event)
        return {"sum": event["a"] + event["b"]}

    template = ('{"a": $input.path(\'$.a\'), "b": $input.path(\'$.b\'), "connection": "$context.connectionId", '
                '"route": "$context.routeKey", "type": "$context.eventType", "tag": "$util.escapeJavaScript(\'a"b\')"}')
    _aws_route(api, handler, templates={"$default": template},
               responses={"$default": '{"result": $input.path(\'$.sum\')}'})
    conn = api.connect()
    assert conn.send('{"action": "hello", "a": 2, "b": 3}') == ['{"result": 5}']
    assert events == [{"a": 2, "b": 3, "connection": conn.connection_id, "route": "hello", "type": "MESSAGE",
                       "tag": 'a"b'}]


def test_an_aws_integration_without_templates_passes_the_message_through(api):
    events = []

    def handler(event, context):
        events.append(event)
        return {"echo": event}

    _aws_route(api, handler)
    assert api.connect().send('{"action": "hello", "n": 1}') == ['{"echo": {"action": "hello", "n": 1}}']
    assert events == [{"action": "hello", "n": 1}]


def test_a_function_error_selects_the_integration_response_by_its_message(api):
    def handler(event, context):
        raise ValueError("NotFound: no such item")

    _aws_route(api, handler, responses={"/NotFound:.*/": '{"error": "$input.path(\'$.errorMessage\')"}',
                                        "$default": "fine"})
    conn = api.connect()
    assert conn.send('{"action": "hello"}') == ['{"error": "NotFound: no such item"}']
    assert [repr(e) for e in conn.errors] == ["ValueError('NotFound: no such item')"]


def test_a_function_error_no_response_handles_sends_internal_server_error_and_raises_with_raise_lambda_errors(
        api):
    def handler(event, context):
        raise RuntimeError("boom")

    _aws_route(api, handler, responses={"/NotFound:.*/": "handled"})
    conn = api.connect()
    [frame] = conn.send('{"action": "hello"}')
    assert _forbidden_or_error(frame) == "Internal server error"
    assert [repr(e) for e in conn.errors] == ["RuntimeError('boom')"]
    api.gw.raise_lambda_errors = True
    with pytest.raises(RuntimeError, match="^boom$"):
        conn.send('{"action": "hello"}')


def test_a_handled_function_error_is_not_raised_with_raise_lambda_errors(api):
    def handler(event, context):
        raise ValueError("NotFound: x")

    _aws_route(api, handler, responses={"/NotFound:.*/": "handled"})
    api.gw.raise_lambda_errors = True
    assert api.connect().send('{"action": "hello"}') == ["handled"]


def test_an_aws_connect_integration_accepts_on_success_and_rejects_a_function_error(api):
    seen = []

    def handler(event, context):
        seen.append(event)
        if event["token"] != "good":
            raise PermissionError("denied")
        return {}

    _aws_route(api, handler, route="$connect", two_way=False,
               templates={"$default": '{"token": "$input.params(\'token\')", "id": "$context.connectionId"}'})
    conn = api.connect(headers={"token": "good"})
    assert seen == [{"token": "good", "id": conn.connection_id}]
    with pytest.raises(Rejected) as rejected:
        api.connect(headers={"token": "bad"})
    assert rejected.value.status == 500


def test_a_template_output_lambda_cannot_read_fails_before_the_function_runs(api):
    calls = []
    _aws_route(api, lambda event, context: calls.append(event), templates={"$default": "{not: json"})
    [frame] = api.connect().send('{"action": "hello"}')
    assert _forbidden_or_error(frame) == "Internal server error"
    assert calls == []


def test_an_aws_integration_past_its_timeout_sends_endpoint_request_timed_out(api):
    release = threading.Event()
    _aws_route(api, lambda event, context: release.wait(5), TimeoutInMillis=50)
    try:
        [frame] = api.connect().send('{"action": "hello"}')
    finally:
        release.set()
    assert _forbidden_or_error(frame) == "Endpoint request timed out"


def test_an_aws_service_integration_without_a_mock_answers_internal_server_error(api):
    integration = api.integration("AWS", IntegrationUri="arn:aws:apigateway:us-east-1:sqs:path/1234/queue",
                                  IntegrationMethod="POST")
    api.response(integration, "$default")
    api.route("hello", integration, two_way=True)
    [frame] = api.connect().send('{"action": "hello"}')
    assert _forbidden_or_error(frame) == "Internal server error"


# --- HTTP and HTTP_PROXY -------------------------------------------------------------------------


class Backend:
    """A local HTTP server: records (method, path, headers, body); answers ``status`` and ``body``."""

    def __init__(self):
        self.seen, self.status, self.body = [], 200, b'{"from": "backend"}'
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                backend.seen.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
                self.send_response(backend.status)
                self.send_header("Content-Length", str(len(backend.body)))
                self.send_header("X-Backend", "yes")
                self.end_headers()
                self.wfile.write(backend.body)

            do_GET = do_POST = do_PUT = _answer  # noqa: N815 - http.server's names

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True).start()


@pytest.fixture
def backend():
    server = Backend()
    yield server
    server.server.shutdown()
    server.server.server_close()


def test_an_http_proxy_route_posts_the_message_and_sends_back_the_answer(api, backend):
    integration = api.integration("HTTP_PROXY", IntegrationUri=backend.url + "/messages", IntegrationMethod="POST",
                                  RequestParameters={"integration.request.header.connectionId": "context.connectionId",
                                                     "integration.request.querystring.stage": "context.stage"})
    api.route("hello", integration, two_way=True)
    conn = api.connect()
    assert conn.send('{"action": "hello"}') == ['{"from": "backend"}']
    [(method, path, headers, body)] = backend.seen
    assert (method, path, body) == ("POST", "/messages?stage=prod", b'{"action": "hello"}')
    assert headers["connectionid"] == conn.connection_id


def test_an_http_proxy_connect_passes_the_handshake_and_its_status_decides(api, backend, apigatewayv2):
    apigatewayv2.update_stage(ApiId=api.id, StageName="prod", StageVariables={"env": "test"})
    integration = api.integration("HTTP_PROXY", IntegrationUri=backend.url + "/connect", IntegrationMethod="POST",
                                  RequestParameters={"integration.request.header.token": "route.request.querystring.t",
                                                     "integration.request.header.env": "stageVariables.env",
                                                     "integration.request.querystring.ua": "route.request.header.X-UA"})
    api.route("$connect", integration)
    api.gw.websocket(api.url + "?t=secret", headers={"X-Client": "c1", "X-UA": "agent"})
    [(method, path, headers, body)] = backend.seen
    assert (method, path, body, headers["x-client"]) == ("POST", "/connect?ua=agent", b"", "c1")
    assert (headers["token"], headers["env"]) == ("secret", "test")
    backend.status = 403
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 403


def test_an_http_integration_maps_the_request_and_selects_the_response_by_status(api, backend):
    integration = api.integration(
        "HTTP", IntegrationUri=backend.url + "/items/{id}", IntegrationMethod="PUT",
        TemplateSelectionExpression="\\$default",
        RequestTemplates={"$default": '{"item": "$input.path(\'$.item\')"}'},
        RequestParameters={"integration.request.path.id": "route.request.body.id",
                           "integration.request.header.X-Static": "'fixed'"})
    api.response(integration, "/4\\d\\d/", TemplateSelectionExpression="${integration.response.header.X-Backend}",
                 ResponseTemplates={"yes": 'backend said: $input.body'})
    api.response(integration, "$default", TemplateSelectionExpression="\\$default",
                 ResponseTemplates={"$default": '{"ok": $input.json(\'$.from\')}'})
    api.route("hello", integration, two_way=True)
    conn = api.connect()
    assert conn.send('{"action": "hello", "id": "a1", "item": "pen"}') == ['{"ok": "backend"}']
    [(method, path, headers, body)] = backend.seen
    assert (method, path, body, headers["x-static"]) == ("PUT", "/items/a1", b'{"item": "pen"}', "fixed")
    backend.status, backend.body = 404, b"gone"
    assert conn.send('{"action": "hello", "id": "a2"}') == ["backend said: gone"]


@pytest.fixture
def lookups(monkeypatch):
    return network_guard(monkeypatch)


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
@pytest.mark.parametrize("uri", ["http://169.254.169.254/latest/meta-data/iam", "http://internal.corp.example/x"])
def test_an_http_integration_never_reaches_other_hosts(api, lookups, caplog, kind, uri):
    integration = api.integration(kind, IntegrationUri=uri, IntegrationMethod="POST")
    if kind == "HTTP":
        api.response(integration, "$default")
    api.route("hello", integration, two_way=True)
    api.route("$connect", integration)
    with caplog.at_level(logging.WARNING, logger="gwmock"), pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 500
    assert lookups == []
    assert "allow_http_backend" in caplog.text


def test_an_unreachable_backend_sends_internal_server_error(api):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    integration = api.integration("HTTP_PROXY", IntegrationUri=f"http://127.0.0.1:{port}/", IntegrationMethod="POST")
    api.route("hello", integration, two_way=True)
    [frame] = api.connect().send('{"action": "hello"}')
    assert _forbidden_or_error(frame) == "Internal server error"


def test_a_backend_answering_500_itself_is_passed_through_by_http_proxy(api, backend):
    backend.status, backend.body = 500, b"backend failure"
    integration = api.integration("HTTP_PROXY", IntegrationUri=backend.url, IntegrationMethod="POST")
    api.route("hello", integration, two_way=True)
    assert api.connect().send('{"action": "hello"}') == ["backend failure"]
