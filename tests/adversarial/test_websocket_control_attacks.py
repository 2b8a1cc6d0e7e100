"""The WebSocket API control plane under attack: route keys, authorization off ``$connect``, route and
integration responses and their keys, content handling, models and GetModelTemplate, and the data plane's
answers to what the control plane let through (statuses a handshake cannot carry, invalid or hostile
integration response keys, selection expressions reaching 10,000 levels into a message).

Defects found here (each test says which): GetModelTemplate wrote 8^n lines for models referencing each
other eight times a level and answered 500 (RecursionError) for a long chain of deep models; a MOCK
``statusCode`` of more digits than ``int()`` reads raised ValueError out of the data plane; a ``$connect``
MOCK or Lambda proxy answer outside 100..599 rejected the handshake with that number as its HTTP status."""

from __future__ import annotations

import json
import time

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime.websocket.connections import Rejected

REGION = "us-east-1"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:{}"
MOCK_200 = {"$default": '{"statusCode": 200}'}


class Api:
    def __init__(self, gw, client, expression="$request.body.action"):
        self.gw, self.client = gw, client
        self.id = client.create_api(Name="attacked", ProtocolType="WEBSOCKET",
                                    RouteSelectionExpression=expression)["ApiId"]

    def integration(self, kind="MOCK", **params):
        return self.client.create_integration(ApiId=self.id, IntegrationType=kind, **params)["IntegrationId"]

    def route(self, key, integration, *, two_way=True, **params):
        extra = {"RouteResponseSelectionExpression": "$default"} if two_way else {}
        route = self.client.create_route(ApiId=self.id, RouteKey=key, Target=f"integrations/{integration}",
                                         **extra, **params)["RouteId"]
        if two_way:
            self.client.create_route_response(ApiId=self.id, RouteId=route, RouteResponseKey="$default")
        return route

    def mock_route(self, key="$default", template='{"statusCode": 200}', responses=(), two_way=True):
        integration = self.integration(TemplateSelectionExpression="\\$default",
                                       RequestTemplates={"$default": template})
        for response_key, answer in responses:
            self.response(integration, response_key, answer)
        return integration, self.route(key, integration, two_way=two_way)

    def response(self, integration, key, answer):
        return self.client.create_integration_response(
            ApiId=self.id, IntegrationId=integration, IntegrationResponseKey=key,
            TemplateSelectionExpression="\\$default", ResponseTemplates={"$default": answer})

    def connect(self):
        if not self.client.get_stages(ApiId=self.id)["Items"]:
            self.client.create_stage(ApiId=self.id, StageName="prod", AutoDeploy=True)
        return self.gw.websocket(f"wss://{self.id}.execute-api.{REGION}.amazonaws.com/prod")

    def routes(self):
        return {r["RouteId"]: r for r in self.client.get_routes(ApiId=self.id)["Items"]}


@pytest.fixture
def api(gwmock, apigatewayv2):
    return Api(gwmock, apigatewayv2)


def _refused(call, code="BadRequestException", message=None, status=400, **params):
    with pytest.raises(ClientError) as caught:
        call(**params)
    error = caught.value.response
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == (code, status)
    if message is not None:
        assert error["Error"]["Message"] == message
    return error["Error"]["Message"]


def _timed(fn, limit=3.0):
    started = time.perf_counter()
    out = fn()
    assert time.perf_counter() - started < limit
    return out


def _error_message(frames):
    assert len(frames) == 1, frames
    document = json.loads(frames[0])
    assert set(document) == {"message", "connectionId", "requestId"}
    return document["message"]


# --- route keys ----------------------------------------------------------------------------------

BAD_KEYS = [
    ("", "Route key is required"),
    (" ", "Route key must not be empty"),
    ("\t\n", "Route key must not be empty"),
    ("$CONNECT", "The provided route key is not formatted properly"),
    ("$Default", "The provided route key is not formatted properly"),
    ("$", "The provided route key is not formatted properly"),
    ("$getauthorized", "The provided route key is not formatted properly"),
]


@pytest.mark.parametrize(("key", "message"), BAD_KEYS)
def test_a_bad_websocket_route_key_is_refused_and_nothing_is_stored(api, key, message):
    before = api.routes()
    _refused(api.client.create_route, message=message, ApiId=api.id, RouteKey=key)
    assert api.routes() == before


def test_a_second_predefined_route_is_a_conflict_and_the_first_is_unchanged(api):
    first = api.client.create_route(ApiId=api.id, RouteKey="$connect")
    _refused(api.client.create_route, "ConflictException", "Route with key $connect already exists for this API",
             409, ApiId=api.id, RouteKey="$connect")
    assert list(api.routes()) == [first["RouteId"]]


@pytest.mark.parametrize("key", ["x" * 129, "x" * 20_000, "é🎉", "a\x00b", "line\nbreak", "\\$connect", "with space"])
def test_unusual_websocket_route_keys_are_kept_as_given_and_selected_by_messages(api, key):
    """Guess (AWS documents no length or character rule for custom WebSocket keys): kept as given."""
    api.mock_route(key, responses=[("$default", "custom")])
    api.mock_route("$default", responses=[("$default", "default")])
    assert [r["RouteKey"] for r in api.routes().values()][0] == key
    conn = api.connect()
    assert conn.send(json.dumps({"action": key})) == ["custom"]
    assert conn.send(json.dumps({"action": key + "?"})) == ["default"]


def test_renaming_a_route_to_a_predefined_key_that_exists_or_a_bad_one_changes_nothing(api):
    api.client.create_route(ApiId=api.id, RouteKey="$default")
    chat = api.client.create_route(ApiId=api.id, RouteKey="chat")["RouteId"]
    before = api.routes()
    _refused(api.client.update_route, "ConflictException", status=409, ApiId=api.id, RouteId=chat, RouteKey="$default")
    _refused(api.client.update_route, message="The provided route key is not formatted properly",
             ApiId=api.id, RouteId=chat, RouteKey="$DISCONNECT")
    _refused(api.client.update_route, message="Route key is required", ApiId=api.id, RouteId=chat, RouteKey="")
    assert api.routes() == before


# --- authorization off $connect ---------------------------------------------------------------------

ONLY_CONNECT = "Currently, authorization is restricted to the $connect route only"


@pytest.mark.parametrize("kind", ["AWS_IAM", "CUSTOM"])
@pytest.mark.parametrize("key", ["$default", "$disconnect", "chat"])
def test_authorization_is_refused_off_connect(api, key, kind):
    route = api.client.create_route(ApiId=api.id, RouteKey=key)["RouteId"]
    before = api.routes()
    _refused(api.client.update_route, message=ONLY_CONNECT, ApiId=api.id, RouteId=route, AuthorizationType=kind)
    _refused(api.client.create_route, message=ONLY_CONNECT, ApiId=api.id, RouteKey="other", AuthorizationType=kind)
    assert api.routes() == before


def test_an_authorized_connect_route_cannot_be_renamed_into_another_route(api):
    authorizer = api.client.create_authorizer(
        ApiId=api.id, AuthorizerType="REQUEST", Name="auth", IdentitySource=["route.request.header.x"],
        AuthorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FUNCTION.format('a')}/invocations",
    )["AuthorizerId"]
    route = api.client.create_route(ApiId=api.id, RouteKey="$connect", AuthorizationType="CUSTOM",
                                    AuthorizerId=authorizer)["RouteId"]
    before = api.routes()
    _refused(api.client.update_route, message=ONLY_CONNECT, ApiId=api.id, RouteId=route, RouteKey="chat")
    assert api.routes() == before


def test_jwt_is_refused_on_a_websocket_connect_route(api):
    _refused(api.client.create_route, ApiId=api.id, RouteKey="$connect", AuthorizationType="JWT")
    assert api.routes() == {}


# --- integration responses -----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "/", "//", "200", "2\\d\\d", "$DEFAULT", "default", "/2\\d\\d"])
def test_an_integration_response_key_that_is_neither_default_nor_a_slashed_pattern_is_refused(api, key):
    integration = api.integration()
    message = _refused(api.client.create_integration_response, ApiId=api.id, IntegrationId=integration,
                       IntegrationResponseKey=key)
    assert message.startswith(f"Invalid integration response key specified: {key}.")
    assert api.client.get_integration_responses(ApiId=api.id, IntegrationId=integration)["Items"] == []


def test_updating_an_integration_response_to_a_bad_or_taken_key_changes_nothing(api):
    integration = api.integration()
    api.response(integration, "$default", "default")
    ok = api.response(integration, "/2\\d\\d/", "ok")
    kwargs = {"ApiId": api.id, "IntegrationId": integration, "IntegrationResponseId": ok["IntegrationResponseId"]}
    _refused(api.client.update_integration_response, IntegrationResponseKey="2\\d\\d", **kwargs)
    _refused(api.client.update_integration_response, "ConflictException",
             "IntegrationResponse with key $default already exists for this Integration", 409,
             IntegrationResponseKey="$default", **kwargs)
    got = api.client.get_integration_response(**kwargs)
    assert (got["IntegrationResponseKey"], got["ResponseTemplates"]) == ("/2\\d\\d/", {"$default": "ok"})


@pytest.mark.parametrize("value", ["bogus", "", "convert_to_text"])
def test_a_content_handling_strategy_outside_the_enum_is_refused_everywhere(api, value):
    integration = api.integration()
    for call, params in ((api.client.create_integration, {"IntegrationType": "MOCK"}),
                         (api.client.update_integration, {"IntegrationId": integration}),
                         (api.client.create_integration_response,
                          {"IntegrationId": integration, "IntegrationResponseKey": "$default"})):
        message = _refused(call, ApiId=api.id, ContentHandlingStrategy=value, **params)
        assert "Member must satisfy enum value set: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]" in message
    assert [i["IntegrationId"] for i in api.client.get_integrations(ApiId=api.id)["Items"]] == [integration]
    assert "ContentHandlingStrategy" not in api.client.get_integration(ApiId=api.id, IntegrationId=integration)
    assert api.client.get_integration_responses(ApiId=api.id, IntegrationId=integration)["Items"] == []


@pytest.mark.parametrize("key", ["/[/", "/(/", "/\\/", "/(?P<x>/", "/a{99999999999}/", "/\x00/", "/(?{evil})/"])
def test_a_key_that_is_no_valid_regex_selects_nothing_and_default_still_answers(api, key):
    """Taken by the control plane (guess: AWS documents no check); on the data plane it never matches."""
    api.mock_route(responses=[(key, "bad key"), ("$default", "default")])
    conn = api.connect()
    assert _timed(lambda: conn.send("{}")) == ["default"]
    assert conn.send("{}") == ["default"]


def test_catastrophic_keys_against_a_hostile_function_error_stay_bounded(api, gwmock):
    """The subject a key is matched against is a Lambda function's errorMessage: the function's to choose."""
    def failing(event, context):
        raise RuntimeError("a" * 5000 + "!")

    gwmock.add_lambda("failing", failing)
    integration = api.integration("AWS", IntegrationUri=FUNCTION.format("failing"), IntegrationMethod="POST")
    for i in range(5):
        api.response(integration, f"/(a+)+{'$' * (i + 1)}/", "matched")
    api.response(integration, "/RuntimeError.*/", "runtime")
    api.response(integration, "$default", "default")
    api.route("$default", integration)
    conn = api.connect()
    assert _timed(lambda: conn.send("{}"), limit=5.0) in (["runtime"], ["default"])


# --- statuses a handshake cannot carry (defects) --------------------------------------------------


@pytest.mark.parametrize("status", ["0", "1000", "-1", "99999999999999999999999", "1" * 5000],
                         ids=["0", "1000", "-1", "10^23", "5000-digits"])
def test_a_connect_mock_status_no_handshake_can_carry_rejects_it_with_500(api, caplog, status):
    """Defect: 0, 1000 and 10^23 were the handshake's status (server mode hands it to the ASGI server);
    5,000 digits raised ValueError out of gw.websocket."""
    api.mock_route("$connect", template=f'{{"statusCode": {status}}}', two_way=False)
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 500


def test_a_connect_mock_status_with_leading_zeros_inside_the_range_is_taken(api):
    api.mock_route("$connect", template='{"statusCode": "0403"}', two_way=False)
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 403


def test_a_message_mock_status_of_thousands_of_digits_is_an_internal_error_and_the_api_keeps_serving(api):
    """Defect: ValueError ("Exceeds the limit (4300 digits)") escaped conn.send."""
    template = '{"statusCode": #if($input.path("$.big") == "yes")%s#{else}$input.path("$.code")#end}' % ("9" * 5000)
    api.mock_route("$default", template=template, responses=[("/2\\d\\d/", "ok"), ("$default", "default")])
    conn = api.connect()
    assert _error_message(conn.send(json.dumps({"big": "yes"}))) == "Internal server error"
    assert conn.send(json.dumps({"code": 200})) == ["ok"]
    assert conn.send(json.dumps({"code": 99999})) == ["default"]  # a message's status only selects a response


@pytest.mark.parametrize("status", [0, -5, 99, 600, 10**30])
def test_a_connect_lambda_proxy_status_outside_http_rejects_with_500(api, gwmock, status):
    """Defect: the function's number was the handshake's HTTP status."""
    gwmock.add_lambda("connect", lambda event, context: {"statusCode": status})
    api.route("$connect", api.integration("AWS_PROXY", IntegrationUri=FUNCTION.format("connect")), two_way=False)
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == 500


@pytest.mark.parametrize("status", [100, 200, 299, 403, 599])
def test_a_connect_lambda_proxy_status_inside_http_decides_as_before(api, gwmock, status):
    gwmock.add_lambda("connect", lambda event, context: {"statusCode": status})
    api.route("$connect", api.integration("AWS_PROXY", IntegrationUri=FUNCTION.format("connect")), two_way=False)
    if 200 <= status < 300:
        assert api.connect().connection_id
        return
    with pytest.raises(Rejected) as rejected:
        api.connect()
    assert rejected.value.status == status


# --- models ------------------------------------------------------------------------------------------


def _ref(api, name):
    return {"$ref": f"https://apigateway.amazonaws.com/restapis/{api.id}/models/{name}"}


def _model(api, name, schema):
    return api.client.create_model(ApiId=api.id, Name=name, Schema=json.dumps(schema))["ModelId"]


def _template(api, model_id):
    answer = _timed(lambda: api.client.get_model_template(ApiId=api.id, ModelId=model_id))
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 200
    return answer["Value"]


def test_a_template_of_models_referencing_each_other_eight_times_a_level_is_bounded(api):
    """Defect: 8^n lines (six levels: 26 MB in 2 s; twelve would never end)."""
    model = _model(api, "M0", {"type": "object", "properties": {"leaf": {"type": "string"}}})
    for n in range(1, 12):
        model = _model(api, f"M{n}", {"type": "object", "properties": {f"p{k}": _ref(api, f"M{n - 1}")
                                                                      for k in range(8)}})
    value = _template(api, model)
    assert value.startswith("#set($inputRoot = $input.path('$'))\n{\n  \"p0\" : {")
    assert len(value) < 2_000_000
    small = _model(api, "Small", {"type": "object", "properties": {"a": _ref(api, "M1")}})
    assert '"leaf" : "$inputRoot.a.p7.leaf"' in _template(api, small)  # small answers are whole


def test_a_template_of_a_long_chain_of_deep_models_answers(api):
    """Defect: 40 models nested 45 levels each, each referencing the next: a RecursionError, 500."""
    schema = {"type": "string"}
    for n in range(40):
        for _ in range(45):
            schema = {"type": "object", "properties": {"a": schema}}
        model = _model(api, f"C{n}", schema)
        schema = _ref(api, f"C{n}")
    value = _template(api, model)
    assert value.count('"a" :') <= 65  # written 64 levels deep, the rest as text
    assert '"$inputRoot' + ".a" * 65 + '"' in value


def test_a_template_of_arrays_of_arrays_through_many_models_answers(api):
    schema = {"type": "integer"}
    for n in range(30):
        for _ in range(45):  # 90 levels of JSON: within the 100 a schema may nest
            schema = {"type": "array", "items": schema}
        model = _model(api, f"A{n}", schema)
        schema = _ref(api, f"A{n}")
    assert _template(api, model).count("#foreach") <= 66


def test_huge_property_names_under_many_references_stay_bounded(api):
    """Each leaf writes its whole path: names of 100 KB under references read 10,000 times would be
    gigabytes; a property whose path passes 1,024 characters is left out (guess)."""
    _model(api, "Leafy", {"type": "object", "properties": {"n" * 100_000: {"type": "string"},
                                                           "ok": {"type": "string"}}})
    model = _model(api, "Fan", {"type": "object", "properties": {f"p{k}": _ref(api, "Leafy") for k in range(50)}})
    value = _template(api, model)
    assert "n" * 2000 not in value and '"ok" : "$inputRoot.p49.ok"' in value


INVALID_SCHEMA = "Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]"


@pytest.mark.parametrize(("schema", "message"), [
    ('{"type": "bogus"}', None),
    ('{"properties": 5}', None), ('{"items": 5}', None), ("null", None), ('"x"', None), ("[]", None),
    ("[" * 100_000, None), ('{"a": ' * 5000 + "1" + "}" * 5000, None), ("{", None), ("{}garbage", None),
    ("", "Model schema must have at least 1 property or array items defined"),
])
def test_a_schema_that_is_not_a_draft_4_document_is_refused_and_nothing_changes(api, schema, message):
    model = _model(api, "Kept", {"type": "object"})
    message = message or INVALID_SCHEMA
    _refused(api.client.create_model, message=message, ApiId=api.id, Name="New", Schema=schema)
    _refused(api.client.update_model, message=message, ApiId=api.id, ModelId=model, Schema=schema)
    assert api.client.get_model(ApiId=api.id, ModelId=model)["Schema"] == '{"type": "object"}'
    assert [m["Name"] for m in api.client.get_models(ApiId=api.id)["Items"]] == ["Kept"]


def test_request_models_naming_a_missing_model_are_refused_and_the_route_is_unchanged(api):
    _model(api, "Msg", {"type": "object"})
    route = api.client.create_route(ApiId=api.id, RouteKey="send", RequestModels={"$default": "Msg"},
                                    ModelSelectionExpression="$request.body.type")["RouteId"]
    before = api.routes()
    for models in ({"$default": "Nope"}, {"$default": "Msg", "other": "msg"}, {"x": "M" * 128}):
        missing = next(name for name in models.values() if name != "Msg")
        _refused(api.client.update_route, message=f"Invalid model identifier specified: {missing}",
                 ApiId=api.id, RouteId=route, RequestModels=models)
    _refused(api.client.create_route, message="Invalid model identifier specified: Nope", ApiId=api.id,
             RouteKey="other", RequestModels={"$default": "Nope"})
    assert api.routes() == before


def test_a_model_a_route_or_route_response_uses_cannot_be_deleted_or_renamed(api):
    msg = _model(api, "Msg", {"type": "object"})
    reply = _model(api, "Reply", {"type": "object"})
    route = api.client.create_route(ApiId=api.id, RouteKey="send", RequestModels={"$default": "Msg"})["RouteId"]
    api.client.create_route_response(ApiId=api.id, RouteId=route, RouteResponseKey="$default",
                                     ResponseModels={"$default": "Reply"})
    for model, name in ((msg, "Msg"), (reply, "Reply")):
        refusal = f"Cannot delete model '{name}', is referenced in route: send"
        _refused(api.client.delete_model, "ConflictException", refusal, 409, ApiId=api.id, ModelId=model)
        _refused(api.client.update_model, "ConflictException", refusal, 409, ApiId=api.id, ModelId=model,
                 Name=name + "2")
    assert sorted(m["Name"] for m in api.client.get_models(ApiId=api.id)["Items"]) == ["Msg", "Reply"]
    api.client.delete_route(ApiId=api.id, RouteId=route)
    assert api.client.delete_model(ApiId=api.id, ModelId=msg)["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_an_integration_a_route_targets_cannot_be_deleted_until_the_route_lets_go(api):
    integration, route = api.mock_route("chat", responses=[("$default", "x")])
    _refused(api.client.delete_integration, "ConflictException",
             f"Cannot delete Integration because it is referenced by the following Routes with Ids: [{route}]", 409,
             ApiId=api.id, IntegrationId=integration)
    assert api.client.get_integration_responses(ApiId=api.id, IntegrationId=integration)["Items"]
    api.client.update_route(ApiId=api.id, RouteId=route, Target="")
    api.client.delete_integration(ApiId=api.id, IntegrationId=integration)
    _refused(api.client.update_route, message=f"Invalid integration ID specified in target: {integration}",
             ApiId=api.id, RouteId=route, Target=f"integrations/{integration}")


# --- selection expressions on the data plane ------------------------------------------------------


@pytest.mark.parametrize("message", [
    '{"a":' * 10_000 + '"x"' + "}" * 10_000,
    "not json {",
    '{"a": NaN}',
    "[" * 30_000,
    '{"a": {"a": "x"}}',
])
def test_a_selection_expression_10000_levels_deep_selects_default_quickly(gwmock, apigatewayv2, message):
    api = Api(gwmock, apigatewayv2, "$request.body" + ".a" * 10_000)
    api.mock_route("$default", responses=[("$default", "default")])
    api.mock_route("x", responses=[("$default", "x")])
    conn = api.connect()
    parts = [message[i:i + 30_000] for i in range(0, len(message), 30_000)]  # frames under 32 KB
    assert _timed(lambda: conn.send(parts)) == ["default"]
    assert conn.send("{}") == ["default"]


def test_a_deep_message_selects_its_route_through_a_deep_expression(gwmock, apigatewayv2):
    api = Api(gwmock, apigatewayv2, "${request.body" + ".a" * 200 + "}-${request.body.b.c}")
    api.mock_route("$default", responses=[("$default", "default")])
    api.mock_route("x-y", responses=[("$default", "x-y")])
    conn = api.connect()
    deep = '{"a":' * 200 + '"x"' + "}" * 200
    assert conn.send('{"a": ' + deep[5:-1] + ', "b": {"c": "y"}}') == ["x-y"]


# --- fuzzing -----------------------------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_FUZZ
@given(key=st.one_of(_TEXT, st.sampled_from(["$connect", "$disconnect", "$default", "$Connect", "$x"]),
                     _TEXT.map(lambda t: "$" + t)))
def test_fuzzed_route_keys_are_taken_whole_or_refused_with_a_4xx(api, key):
    before = api.routes()
    try:
        out = api.client.create_route(ApiId=api.id, RouteKey=key)
    except ClientError as error:
        assert error.response["Error"]["Code"] in ("BadRequestException", "ConflictException")
        assert api.routes() == before
        return
    assert out["RouteKey"] == key and api.client.get_route(ApiId=api.id, RouteId=out["RouteId"])["RouteKey"] == key
    assert not key.startswith("$") or key in ("$connect", "$disconnect", "$default")
    api.client.delete_route(ApiId=api.id, RouteId=out["RouteId"])


@_FUZZ
@given(key=st.one_of(_TEXT, _TEXT.map(lambda t: f"/{t}/")), subject=st.integers(min_value=100, max_value=599))
def test_fuzzed_integration_response_keys_never_break_the_data_plane(gwmock, apigatewayv2, key, subject):
    api = Api(gwmock, apigatewayv2)
    integration, _ = api.mock_route(template=f'{{"statusCode": {subject}}}', responses=[("$default", "default")])
    try:
        api.response(integration, key, "keyed")
    except ClientError as error:
        assert error.response["Error"]["Code"] in ("BadRequestException", "ConflictException")
        assert len(api.client.get_integration_responses(ApiId=api.id, IntegrationId=integration)["Items"]) == 1
    assert _timed(lambda: api.connect().send("{}")) in (["keyed"], ["default"])


@pytest.mark.parametrize("status", ['"' + "9" * 5000 + '"', "9" * 5000, '"\u00b2"', '"2 "', "2" + "0" * 1200])
def test_a_rest_mock_status_no_int_can_hold_is_a_500_not_a_traceback(apigateway, gwmock, status):
    # before: int() raised ValueError (past 4,300 digits) out of requests.get / gw.invoke
    api = apigateway.create_rest_api(name="mock")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigateway.put_method(**ids, authorizationType="NONE")
    template = '{"statusCode": ' + status + "}"
    apigateway.put_integration(**ids, type="MOCK", requestTemplates={"application/json": template})
    apigateway.put_method_response(**ids, statusCode="200")
    apigateway.put_integration_response(**ids, statusCode="200")
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    url = f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/dev/"
    answer = gwmock.invoke("GET", url)
    assert answer.status == 500
    assert any("Unable to parse statusCode" in line for line in answer.log)
