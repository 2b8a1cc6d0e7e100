"""WebSocket integrations (MOCK, AWS, HTTP, HTTP_PROXY) under attack: hostile request and response
templates, catastrophic integration response keys, huge, deep and non-JSON messages, CR/LF mapped into
an HTTP backend's headers, backends the mock must never call, and API keys under concurrency.

Every test runs under a guard that fails it on any name lookup of a non-local host and refuses (and
records) every connection to a non-loopback address: nothing here ever reaches the network."""

from __future__ import annotations

import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import network_guard

from gwmock.runtime import usage
from gwmock.runtime.websocket.connections import Rejected

REGION = "us-east-1"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"
KEY = "a-hostile-websocket-api-key-000"


@pytest.fixture
def network(monkeypatch):
    return network_guard(monkeypatch)


class Api:
    def __init__(self, gw, client):
        self.gw, self.client = gw, client
        self.id = client.create_api(Name="hostile", ProtocolType="WEBSOCKET",
                                    RouteSelectionExpression="$request.body.action")["ApiId"]

    def route(self, kind, *, key="$default", responses=(), two_way=True, **params):
        integration = self.client.create_integration(ApiId=self.id, IntegrationType=kind, **params)["IntegrationId"]
        for response_key, extra in responses:
            self.client.create_integration_response(ApiId=self.id, IntegrationId=integration,
                                                    IntegrationResponseKey=response_key, **extra)
        extra_route = {"RouteResponseSelectionExpression": "$default"} if two_way else {}
        route = self.client.create_route(ApiId=self.id, RouteKey=key, Target=f"integrations/{integration}",
                                         **extra_route)["RouteId"]
        if two_way:
            self.client.create_route_response(ApiId=self.id, RouteId=route, RouteResponseKey="$default")
        return integration

    def connect(self, **headers):
        if not self.client.get_stages(ApiId=self.id)["Items"]:
            self.client.create_stage(ApiId=self.id, StageName="prod", AutoDeploy=True)
        return self.gw.websocket(f"wss://{self.id}.execute-api.{REGION}.amazonaws.com/prod", headers=headers)


@pytest.fixture
def api(gwmock, apigatewayv2, network):
    return Api(gwmock, apigatewayv2)


def _timed(fn, limit=3.0):
    started = time.perf_counter()
    out = fn()
    took = time.perf_counter() - started
    assert took < limit, f"took {took:.2f} s"
    return out


def _error(frames):
    assert len(frames) == 1, frames
    document = json.loads(frames[0])
    assert set(document) == {"message", "connectionId", "requestId"}
    return document["message"]


def _mock_with_response_template(api, template):
    return api.route("MOCK", TemplateSelectionExpression="\\$default",
                     RequestTemplates={"$default": '{"statusCode": 200}'},
                     responses=[("$default", {"TemplateSelectionExpression": "\\$default",
                                              "ResponseTemplates": {"$default": template}})])


# --- hostile templates ---------------------------------------------------------------------------

HOSTILE = {
    "runaway loop": "#foreach($i in [1..100000000])x#end",
    "exponential growth": "#set($s = 'a')#foreach($i in [1..64])#set($s = \"$s$s\")#end$s",
    "deep literal": "#set($d = " + "[" * 5000 + "]" * 5000 + ")ok",
    "recursive macro": "#macro(m)#m()#end#m()",
    "parse a deep message": "$util.parseJson($input.body)",
}


@pytest.mark.parametrize("template", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_response_template_fails_fast_as_an_integration_failure(api, template):
    _mock_with_response_template(api, template)
    conn = api.connect()
    deep = ["[" * 30000, "[" * 30000, "]" * 30000, "]" * 30000]  # one 120 KB message in four frames
    assert _error(_timed(lambda: conn.send(deep))) == "Internal server error"
    assert not conn.closed


@pytest.mark.parametrize("template", [
    "$input.__class__$input.json.__globals__$util.escapeJavaScript.__globals__$context.getClass().forName('os')",
    "#set($x = $context.__class__.__mro__)$x$util.__dict__",
    "#include('/etc/passwd')#parse('/etc/hosts')",
])
def test_a_request_template_reaching_for_python_reaches_nothing(api, template):
    api.route("MOCK", TemplateSelectionExpression="\\$default",
              RequestTemplates={"$default": '{"statusCode": 200}'},
              responses=[("$default", {"TemplateSelectionExpression": "\\$default",
                                       "ResponseTemplates": {"$default": "[" + template + "]"}})])
    frames = _timed(lambda: api.connect().send("{}"))
    assert len(frames) <= 1
    text = frames[0] if frames else ""
    for leak in ("class", "module", "root:", "localhost", "function", "<"):
        assert leak not in text


def test_a_hostile_connect_request_template_rejects_the_handshake_quickly(api):
    api.route("MOCK", key="$connect", two_way=False, TemplateSelectionExpression="\\$default",
              RequestTemplates={"$default": HOSTILE["exponential growth"]})
    with pytest.raises(Rejected) as rejected:
        _timed(api.connect)
    assert rejected.value.status == 500


# --- selection: expressions and integration response keys ---------------------------------------


def test_many_catastrophic_integration_response_keys_share_one_time_budget(api, gwmock):
    """60 keys that each backtrack past the per-match limit used to cost 60 x 0.1 s per message."""
    gwmock.add_lambda("boom", lambda event, context: (_ for _ in ()).throw(ValueError("a" * 40 + "!")))
    keys = [(f"/^(a|a)*$|x{i}/", {}) for i in range(60)]
    api.route("AWS", IntegrationUri=ARN.format("boom"), IntegrationMethod="POST", responses=keys)
    conn = api.connect()
    assert _error(_timed(lambda: conn.send("{}"), limit=1.5)) == "Internal server error"
    assert _error(_timed(lambda: conn.send("{}"), limit=1.5)) == "Internal server error"


def test_a_catastrophic_key_does_not_stop_the_default_response(api, gwmock):
    gwmock.add_lambda("boom", lambda event, context: (_ for _ in ()).throw(ValueError("a" * 40 + "!")))
    api.route("AWS", IntegrationUri=ARN.format("boom"), IntegrationMethod="POST",
              responses=[("/(a|aa)+$/", {}), ("$default", {"TemplateSelectionExpression": "\\$default",
                                                           "ResponseTemplates": {"$default": "handled"}})])
    assert _timed(lambda: api.connect().send("{}")) == ["handled"]


@pytest.mark.parametrize("message", [
    ['{"a":' + "[" * 30000, "[" * 30000, "]" * 30000, "]" * 30000 + "}"],  # 120,000 levels deep
    "not json at all {",
    "\x00{\"a\": 1",
    '{"a": NaN, "b": Infinity}',
    ['{"a": "' + "x" * 30000, "x" * 30000, "x" * 30000, '"}'],
])
def test_template_selection_on_deep_huge_or_broken_messages(api, message):
    api.route("MOCK", TemplateSelectionExpression="${request.body.a}",
              RequestTemplates={"$default": '{"statusCode": 200}', "x": '{"statusCode": 500}'},
              responses=[("$default", {"TemplateSelectionExpression": "${request.body.a}",
                                       "ResponseTemplates": {"$default": "ok", "x": "x"}})])
    assert _timed(lambda: api.connect().send(message)) == ["ok"]


def test_a_message_that_is_not_unicode_closes_1007_in_process(api):
    api.route("MOCK", TemplateSelectionExpression="\\$default", RequestTemplates={"$default": '{"statusCode": 200}'})
    conn = api.connect()
    assert conn.send("\udcff{}") == []
    assert (conn.closed, conn.close_status) == (True, 1007)


def test_a_selection_expression_naming_huge_paths_stays_bounded(api):
    expression = "".join(f"${{request.body.a.b.c.d[{i}]}}" for i in range(1000))
    api.route("MOCK", TemplateSelectionExpression=expression,
              RequestTemplates={"$default": '{"statusCode": 200}'},
              responses=[("$default", {"ResponseTemplates": {"$default": "ok"},
                                       "TemplateSelectionExpression": "\\$default"})])
    message = json.dumps({"a": {"b": {"c": {"d": ["y" * 10] * 2000}}}})
    assert _timed(lambda: api.connect().send(message)) == ["ok"]


# --- HTTP integrations ---------------------------------------------------------------------------


@pytest.fixture
def backend():
    seen: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            seen.append({k.lower(): v for k, v in self.headers.items()})
            self.rfile.read(int(self.headers.get("content-length") or 0))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"from": "backend"}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_cr_lf_mapped_into_a_backend_header_never_reaches_it(api, backend, kind):
    url, seen = backend
    extra = {"TemplateSelectionExpression": "\\$default", "RequestTemplates": {"$default": "$input.body"},
             "responses": [("$default", {})]} if kind == "HTTP" else {}
    api.route(kind, IntegrationUri=url, IntegrationMethod="POST", RequestParameters={
        "integration.request.header.x-mapped": "route.request.body.h",
        "integration.request.querystring.q": "route.request.body.h"}, **extra)
    conn = api.connect()
    frames = _timed(lambda: conn.send(json.dumps({"h": "v\r\nInjected: yes\r\n\r\nGET / HTTP/1.1"})))
    assert _error(frames) == "Internal server error"
    assert all("injected" not in headers for headers in seen)
    frames = _timed(lambda: conn.send(json.dumps({"h": "x" * 30000})))  # a huge value: sent or refused, fast
    assert frames in (['{"from": "backend"}'], []) or _error(frames) == "Internal server error"
    assert all("injected" not in headers for headers in seen)


FORBIDDEN = [
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.169.254\\@127.0.0.1/",  # urllib3 connects to the part before the backslash
    "http://127.0.0.1:80\\@169.254.169.254/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fd00:ec2::254]/",
    "http://2852039166/",  # 169.254.169.254 as one decimal number
    "http://0xA9FEA9FE/",
    "http://0251.0376.0251.0376/",
    "http://169.254.169.254.nip.io/",
    "http://rebind.localhost/",  # not loopback: the resolver may ask DNS
    "http://%31%32%37.0.0.1/",
    "http://127.0.0.1\t.evil.example/",
]


@pytest.mark.parametrize("uri", FORBIDDEN)
def test_a_websocket_http_integration_never_reaches_another_host(api, network, uri):
    api.route("HTTP_PROXY", IntegrationUri=uri, IntegrationMethod="POST")
    conn = api.connect()
    assert _error(_timed(lambda: conn.send("{}"))) == "Internal server error"
    assert network == []


def test_a_connect_http_integration_to_metadata_rejects_the_handshake(api, network):
    api.route("HTTP_PROXY", key="$connect", two_way=False, IntegrationUri="http://169.254.169.254\\@localhost/",
              IntegrationMethod="POST")
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 500
    assert network == []


# --- API keys ------------------------------------------------------------------------------------


@pytest.fixture
def keyed(api, apigateway):
    api.route("MOCK", key="$connect", two_way=False, TemplateSelectionExpression="\\$default",
              RequestTemplates={"$default": '{"statusCode": 200}'})
    api.client.update_route(ApiId=api.id, RouteId=next(
        r["RouteId"] for r in api.client.get_routes(ApiId=api.id)["Items"] if r["RouteKey"] == "$connect"),
        ApiKeyRequired=True)
    api.client.create_stage(ApiId=api.id, StageName="prod", AutoDeploy=True)
    key = apigateway.create_api_key(name="k", value=KEY, enabled=True)["id"]
    plan = apigateway.create_usage_plan(name="p", quota={"limit": 20, "period": "DAY"},
                                        throttle={"rateLimit": 0.001, "burstLimit": 1000})["id"]
    apigateway.update_usage_plan(usagePlanId=plan, patchOperations=[
        {"op": "add", "path": "/apiStages", "value": f"{api.id}:prod"}])
    apigateway.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    return api, plan, key


def _used(apigateway, plan, key):
    today = datetime.datetime.now(datetime.timezone.utc).date()  # GetUsage answers 90 days at most
    days = {"startDate": (today - datetime.timedelta(days=1)).isoformat(),
            "endDate": (today + datetime.timedelta(days=1)).isoformat()}
    items = apigateway.get_usage(usagePlanId=plan, keyId=key, **days)["items"]
    return sum(used for used, _ in items.get(key, []))


def test_the_quota_holds_under_many_threads_and_no_count_is_lost(keyed, apigateway, monkeypatch):
    """The quota check and the count were a read and a later write: threads passed together."""
    api, plan, key = keyed
    real = usage.utc_day

    def slow_day():  # widens the window between reading the usage and writing it back
        time.sleep(0.002)
        return real()

    monkeypatch.setattr(usage, "utc_day", slow_day)
    outcomes: list[object] = []

    def client():
        for _ in range(5):
            try:
                api.connect(**{"x-api-key": KEY})
                outcomes.append(200)
            except Rejected as rejected:
                outcomes.append(rejected.status)

    threads = [threading.Thread(target=client) for _ in range(8)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert time.perf_counter() - started < 10
    assert (outcomes.count(200), outcomes.count(429), len(outcomes)) == (20, 20, 40)
    assert _used(apigateway, plan, key) == 20


def test_an_unusable_key_is_refused_403_before_any_quota_and_is_never_counted(keyed, apigateway):
    api, plan, key = keyed
    for _ in range(20):
        api.connect(**{"x-api-key": KEY})
    assert _used(apigateway, plan, key) == 20
    statuses = set()
    for value in ("", "nope", KEY + "x", KEY.upper(), KEY + "\r\n", "x" * 10000):
        with pytest.raises(Rejected) as rejected:
            api.connect(**{"x-api-key": value})
        statuses.add(rejected.value.status)
    assert statuses == {403}  # an unknown key learns nothing about the spent quota
    with pytest.raises(Rejected) as rejected:
        api.connect(**{"x-api-key": KEY})
    assert rejected.value.status == 429
    assert _used(apigateway, plan, key) == 20


def test_integration_responses_come_from_the_deployment_snapshot(api, apigatewayv2):
    integration = _mock_with_response_template(api, "deployed")
    api.client.create_stage(ApiId=api.id, StageName="prod")
    api.client.create_deployment(ApiId=api.id, StageName="prod")
    response = apigatewayv2.get_integration_responses(ApiId=api.id, IntegrationId=integration)["Items"][0]
    apigatewayv2.update_integration_response(ApiId=api.id, IntegrationId=integration,
                                             IntegrationResponseId=response["IntegrationResponseId"],
                                             ResponseTemplates={"$default": HOSTILE["runaway loop"]})
    assert _timed(lambda: api.connect().send("{}")) == ["deployed"]
