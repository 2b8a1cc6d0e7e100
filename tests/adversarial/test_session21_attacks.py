"""Attacks on session 21's own changes (task H9): hostile input for each new piece, kept as tests.

Targets: gateway-response substitution (gwmock/runtime/rest/substitution.py), WebSocket request
validation (gwmock/runtime/websocket/validation.py), MaxResults parsing (gwmock/paging.py), quota
offsets (gwmock/apigateway/usage_plans.py, gwmock/runtime/usage.py), cacheKeyParameters
(gwmock/apigateway/integrations.py), a v2 stage's ClientCertificateId (gwmock/apigatewayv2/stages.py),
unique request validator names (gwmock/apigateway/request_validators.py), ImportApiKeys' CSV
(gwmock/apigateway/api_keys.py), the trailing-dot rewrite (gwmock/intercept/dataplane.py) and
urllib's IDNA host (gwmock/intercept/urllib_hook.py).

Evidence for the behaviour pinned is in each module's docstring (AWS's pages quoted there):
substitution is "only simple variable substitution"
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html);
WebSocket validation
(https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html);
quota offsets (https://docs.rs/aws-sdk-apigateway/0.4.0/aws_sdk_apigateway/model/struct.QuotaSettings.html).
One defect found and fixed: the data plane counted usage on a day written without four year
digits (a 500 under a clock frozen before year 1000); every other attack found the code answering as
documented.
"""

from __future__ import annotations

import datetime
import json
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import assert_error, error_of

from gwmock.intercept import dataplane
from gwmock.intercept.hosts import host_of
from gwmock.intercept.urllib_hook import _idna
from gwmock.runtime.rest import substitution
from gwmock.runtime.usage import period_start, utc_day

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "websocket"))
from test_ws_request_validation import EMAIL, Api, _frames, _refused  # noqa: E402

freezegun = pytest.importorskip("freezegun")

# --- gateway-response substitution: hostile templates --------------------------------------------

CONTEXT = {"requestId": "R", "x": {"y": 1}, "s": "text", "authorizer": {"d": {"a": [1, None]}, "l": [1, 2]}}


@pytest.mark.parametrize(("template", "expected"), [
    ("${" * 200_000, "${" * 200_000),  # nested openers, never closed
    ("$" * 500_000, "$" * 500_000),
    ("${" + "a." * 100_000 + "a", "${" + "a." * 100_000 + "a"),  # a long path with no closing brace
    ("$" + "a." * 100_000 + "a(", "$" + "a." * 100_000 + "a("),  # a long path ending in a call
    ("$input.params('" + "x" * 500_000, "$input.params('" + "x" * 500_000),  # no closing quote
    (("$input.params(" + " " * 1_000) * 200, ("$input.params(" + " " * 1_000) * 200),
    (("$a" + ".bbbbbbbbbb" * 1_000 + "(") * 50, ("$a" + ".bbbbbbbbbb" * 1_000 + "(") * 50),
    ("$context.requestId" * 30_000, "R" * 30_000),  # thousands of variables
    ("${context." + "x." * 50_000 + "y}", ""),  # a deep path through missing members
    ("$context.s.y|$context.requestId.z|$context.x.y.z", "||"),  # paths through non-dict values
    ("$context.authorizer.d|$context.authorizer.l", "{a=[1, null]}|[1, 2]"),
    ("${context.requestId}é$context.ünicode $stageVariables.ä 𝄞$context.requestId",
     "Ré$context.ünicode $stageVariables.ä 𝄞R"),
    ("${context.requestId", "${context.requestId"),  # unbalanced: text
    ("$context.requestId}", "R}"),
    ("${{context.requestId}}", "${{context.requestId}}"),
])
def test_hostile_templates_render_as_text_or_values_quickly(template, expected):
    started = time.perf_counter()
    assert substitution.render(template, CONTEXT, {}, {}) == expected
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(("copies", "size", "fits"), [(1, substitution.MAX_OUTPUT, True),
                                                      (1, substitution.MAX_OUTPUT + 1, False),
                                                      (3, 600_000, False)])
def test_the_output_bound_holds_for_a_huge_value(copies, size, fits):
    template = "$context.authorizer.big" * copies
    context = {"authorizer": {"big": "x" * size}}
    if fits:
        assert len(substitution.render(template, context, {}, {})) == size
    else:
        with pytest.raises(substitution.TooLarge):
            substitution.render(template, context, {}, {})


def test_the_compile_cache_is_bounded_and_skips_huge_templates():
    for i in range(300):
        substitution.render(f"$context.requestId {i}", CONTEXT, {}, {})
    assert substitution._compiled.cache_info().currsize <= 256
    before = substitution._compiled.cache_info()
    huge = "x" * (substitution._CACHED_TEMPLATE + 1) + "$context.requestId"
    assert substitution.render(huge, CONTEXT, {}, {}).endswith("xR")
    assert substitution._compiled.cache_info() == before  # not kept, not even looked up


def test_a_rendering_past_the_bound_answers_the_default_body(apigateway, gwmock):
    api = apigateway.create_rest_api(name="big")
    api_id = api["id"]
    where = {"restApiId": api_id, "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigateway.put_method(**where, authorizationType="NONE")
    apigateway.put_integration(**where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN",
                                    responseTemplates={"application/json": "$input.params('h')" * 3_000})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    url = f"https://{api_id}.execute-api.{apigateway.meta.region_name}.amazonaws.com/dev/nope"

    answer = gwmock.invoke("GET", url, headers={"h": "x" * 1_000})  # 3 MB rendered
    assert answer.status == 403 and json.loads(answer.body) == {"message": "Missing Authentication Token"}
    small = gwmock.invoke("GET", url, headers={"h": "ab"})
    assert small.body.decode() == "ab" * 3_000


# --- WebSocket request validation ----------------------------------------------------------------


@pytest.fixture
def ws(gwmock, apigatewayv2):
    return Api(gwmock, apigatewayv2)


def test_a_ref_to_another_apis_model_is_not_resolved_and_not_enforced(ws, apigatewayv2):
    # Guess (validation.py: "a model whose schema cannot be compiled is not enforced"): the
    # registry holds this API's models only, so nothing is fetched and nothing of another API leaks
    other = apigatewayv2.create_api(Name="o", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.a")
    apigatewayv2.create_model(ApiId=other["ApiId"], Name="Email", ContentType="application/json",
                              Schema=json.dumps(EMAIL))
    ws.model("Ref", {"$ref": f"https://apigateway.amazonaws.com/restapis/{other['ApiId']}/models/Email"})
    ws.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Ref"})
    assert ws.connect().send('{"action": "send"}') == ["ran send"]


@pytest.mark.parametrize("ref", ["http://169.254.169.254/latest/meta-data", "file:///etc/passwd", "#/definitions/none"])
def test_a_ref_outside_the_api_reaches_nothing(ws, monkeypatch, ref):
    import socket  # noqa: PLC0415

    def refuse(*args, **kwargs):
        raise AssertionError("a schema reached the network")
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr("builtins.open", refuse)
    ws.model("Ref", {"type": "object", "properties": {"v": {"$ref": ref}}})
    ws.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Ref"})
    assert ws.connect().send('{"action": "send", "v": 1}') == ["ran send"]


def test_a_model_in_use_cannot_be_renamed_or_deleted_and_a_bad_schema_changes_nothing(ws, apigatewayv2):
    model_id = ws.model("Email", EMAIL)
    ws.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    conflict = "Cannot delete model 'Email', is referenced in route: send"
    assert_error(error_of(apigatewayv2.update_model, ApiId=ws.id, ModelId=model_id, Name="Other"),
                 "ConflictException", conflict, 409)
    assert_error(error_of(apigatewayv2.delete_model, ApiId=ws.id, ModelId=model_id), "ConflictException", conflict, 409)
    assert_error(error_of(apigatewayv2.update_model, ApiId=ws.id, ModelId=model_id, Schema="{ not json"),
                 "BadRequestException", "Invalid model specified: Validation Result: warnings : [], "
                 "errors : [Invalid model schema specified]", 400)
    assert json.loads(apigatewayv2.get_model(ApiId=ws.id, ModelId=model_id)["Schema"]) == EMAIL
    conn = ws.connect()
    _refused(conn, conn.send('{"action": "send"}'))
    assert conn.send('{"action": "send", "address": "a"}') == ["ran send"]


def test_hundreds_of_models_are_compiled_once_per_deployment(ws):
    for i in range(300):  # each one auto-deploys
        ws.model(f"M{i}", EMAIL)
    ws.route("send", ModelSelectionExpression="$request.body.m", RequestModels={"$default": "M0", "b": "M299"})
    conn = ws.connect()
    assert conn.send('{"action": "send", "address": "a"}') == ["ran send"]  # compiles the deployment's 300
    started = time.perf_counter()
    for _ in range(20):
        _refused(conn, conn.send('{"action": "send", "m": "b"}'))
    assert time.perf_counter() - started < 1  # no recompilation per message


def test_a_selection_value_past_every_key_is_the_default_model(ws):
    ws.model("Email", EMAIL)
    ws.route("send", ModelSelectionExpression="${request.body.k}", RequestModels={"$default": "Email", "a": "Email"})
    conn = ws.connect()
    body = json.dumps({"action": "send", "k": "a" * 100_000})
    _refused(conn, conn.send(_frames(body)))


def test_connections_sending_at_once_are_each_validated(ws):
    ws.model("Email", EMAIL)
    ws.route("send", ModelSelectionExpression="$default", RequestModels={"$default": "Email"})
    conns = [ws.connect() for _ in range(4)]
    answers: list[tuple[int, list[str]]] = []
    errors: list[BaseException] = []

    def send(conn):
        try:
            for i in range(40):
                body = '{"action": "send", "address": "a"}' if i % 2 else '{"action": "send"}'
                answers.append((i % 2, conn.send(body)))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(conn,)) for conn in conns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and len(answers) == 160
    assert all(frames == ["ran send"] for valid, frames in answers if valid)
    assert all(json.loads(frames[0])["message"] == "Invalid request body" for valid, frames in answers if not valid)
    assert len(ws.calls) == 80


# --- paging: MaxResults ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "message"), [
    ("٣", "Invalid MaxResults: ٣"), ("１", "Invalid MaxResults: １"), (" 1", "Invalid MaxResults:  1"),
    ("1\n", "Invalid MaxResults: 1\n"), ("1_0", "Invalid MaxResults: 1_0"), ("0x1", "Invalid MaxResults: 0x1"),
    ("9" * 4_001, "Invalid MaxResults: " + "9" * 4_001), ("-0", "MaxResults must be greater than or equal to 1"),
    ("-" + "9" * 4_000, "MaxResults must be greater than or equal to 1"),
])
def test_max_results_refusals(apigatewayv2, value, message):
    assert_error(error_of(apigatewayv2.get_apis, MaxResults=value), "BadRequestException", message, 400)


@pytest.mark.parametrize("value", ["+1", "9" * 4_000, "2147483648"])
def test_max_results_accepted(apigatewayv2, value):
    apigatewayv2.create_api(Name="a", ProtocolType="HTTP")
    assert [api["Name"] for api in apigatewayv2.get_apis(MaxResults=value)["Items"]] == ["a"]


# --- quota offsets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "Quota offset must be a non-negative integer"),
    *[(v, f"Invalid value for /quota/offset: expected an integer, got {v}")
      for v in ["abc", "1.5", "", " 3", "0x10", "1_0", "9" * 30]],
    ("9" * 5_000, "Invalid value for /quota/offset: expected an integer, got " + "9" * 100),  # echoed shortened
], ids=lambda v: repr(v)[:24])
def test_a_bad_patched_offset_is_refused_and_changes_nothing(apigateway, value, message):
    plan = apigateway.create_usage_plan(name="p", quota={"limit": 5, "offset": 2, "period": "MONTH"})
    patch = [{"op": "replace", "path": "/quota/offset", "value": value}]
    assert_error(error_of(apigateway.update_usage_plan, usagePlanId=plan["id"], patchOperations=patch),
                 "BadRequestException", message, 400)
    assert apigateway.get_usage_plan(usagePlanId=plan["id"])["quota"] == {"limit": 5, "offset": 2, "period": "MONTH"}


def test_an_offset_past_java_int_is_refused_on_the_wire(apigateway):
    quota = {"limit": 5, "offset": 2**31, "period": "WEEK"}
    assert_error(error_of(apigateway.create_usage_plan, name="p", quota=quota),
                 "SerializationException",
                 "Numeric value (2147483648) at 'createUsagePlanInput.quota.offset' out of range of int", 400)


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00", "0001-01-03T00:00:00", "9999-12-31T12:00:00"])
@pytest.mark.parametrize(("period", "offset"), [("WEEK", 6), ("WEEK", 2**31 - 1), ("MONTH", 27),
                                                ("MONTH", 2**31 - 1), ("DAY", 5)])
def test_offsets_at_the_calendars_edges(apigateway, gwmock, when, period, offset):
    with freezegun.freeze_time(when):
        api = apigateway.create_rest_api(name="edge")
        where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
        apigateway.put_method(**where, authorizationType="NONE", apiKeyRequired=True)
        apigateway.put_integration(**where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
        apigateway.put_method_response(**where, statusCode="200")
        apigateway.put_integration_response(**where, statusCode="200")
        apigateway.create_deployment(restApiId=api["id"], stageName="dev")
        plan = apigateway.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "dev"}],
                                            quota={"limit": 5, "offset": offset, "period": period})
        key = apigateway.create_api_key(name="k", enabled=True)
        apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        day = when[:10]
        url = f"https://{api['id']}.execute-api.{apigateway.meta.region_name}.amazonaws.com/dev/"
        assert gwmock.invoke("GET", url, headers={"x-api-key": key["value"]}).status == 200
        usage = apigateway.get_usage(usagePlanId=plan["id"], startDate=day, endDate=day)
        assert usage["items"] == {key["id"]: [[1, 4]]}
        apigateway.update_usage(usagePlanId=plan["id"], keyId=key["id"],
                                patchOperations=[{"op": "replace", "path": "/remaining", "value": "2"}])
        usage = apigateway.get_usage(usagePlanId=plan["id"], startDate=day, endDate=day)
        assert usage["items"] == {key["id"]: [[1, 2]]}


@pytest.mark.parametrize("when", ["0001-01-03T00:00:00", "0999-12-31T23:59:59", "9999-12-31T23:59:59"])
def test_the_counting_day_is_iso_with_four_year_digits(when):
    # Defect: time.strftime("%Y") (glibc) wrote year 1 as "1-01-03", and the data plane's quota
    # check raised ValueError from date.fromisoformat (a 500) under a clock frozen there
    with freezegun.freeze_time(when):
        assert utc_day() == when[:10]


@pytest.mark.parametrize("day", [datetime.date.min, datetime.date(1, 1, 27), datetime.date(1, 2, 3),
                                 datetime.date(2024, 2, 29), datetime.date(2025, 3, 1), datetime.date.max])
@pytest.mark.parametrize("period", ["DAY", "WEEK", "MONTH"])
def test_period_start_is_never_after_the_day_nor_before_date_min(day, period):
    for offset in [*range(0, 35), 2**31 - 1]:
        start = period_start(day, period, offset)
        assert datetime.date.min <= start <= day
        assert (day - start).days < (1 if period == "DAY" else 7 if period == "WEEK" else 31)


# --- cacheKeyParameters ------------------------------------------------------------------------------

INVALID_CACHE_KEY = "Invalid cache key parameter specified"


@pytest.fixture
def cached_method(apigateway):
    api = apigateway.create_rest_api(name="c")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigateway.put_method(**where, authorizationType="NONE",
                          requestParameters={"method.request.querystring.q": False, "method.request.header.h": False})
    apigateway.put_integration(**where, type="MOCK", cacheKeyParameters=["method.request.querystring.q"])
    return where


@pytest.mark.parametrize("path", ["/cacheKeyParameters/method.request.querystring.zz",
                                  "/cacheKeyParameters/method.request.header.H",  # names are compared as written
                                  "/cacheKeyParameters/", "/cacheKeyParameters/method.request.querystring.q~1x",
                                  "/cacheKeyParameters/method.request.path.q"])
def test_an_undeclared_cache_key_added_by_patch_is_refused_and_changes_nothing(apigateway, cached_method, path):
    patch = [{"op": "add", "path": path}]
    assert_error(error_of(apigateway.update_integration, **cached_method, patchOperations=patch),
                 "BadRequestException", INVALID_CACHE_KEY, 400)
    assert apigateway.get_integration(**cached_method)["cacheKeyParameters"] == ["method.request.querystring.q"]


def test_multi_value_names_and_removals(apigateway, cached_method):
    added = apigateway.update_integration(**cached_method, patchOperations=[
        {"op": "add", "path": "/cacheKeyParameters/method.request.multivaluequerystring.q"},
        {"op": "add", "path": "/cacheKeyParameters/method.request.multivalueheader.h"},
        {"op": "remove", "path": "/cacheKeyParameters/method.request.querystring.nope"}])
    assert added["cacheKeyParameters"] == ["method.request.querystring.q", "method.request.multivaluequerystring.q",
                                           "method.request.multivalueheader.h"]


def test_a_cache_key_whose_parameter_the_method_dropped(apigateway, cached_method):
    # Guess kept as it is (integrations.py checks the whole integration on every write, as it does
    # requestParameters): a later unrelated patch is refused until the stale key is removed
    apigateway.update_method(**cached_method, patchOperations=[
        {"op": "remove", "path": "/requestParameters/method.request.querystring.q"}])
    timeout = [{"op": "replace", "path": "/timeoutInMillis", "value": "1000"}]
    assert_error(error_of(apigateway.update_integration, **cached_method, patchOperations=timeout),
                 "BadRequestException", INVALID_CACHE_KEY, 400)
    assert apigateway.get_integration(**cached_method)["timeoutInMillis"] == 29000
    fixed = apigateway.update_integration(**cached_method, patchOperations=[
        {"op": "remove", "path": "/cacheKeyParameters/method.request.querystring.q"}, *timeout])
    assert fixed["cacheKeyParameters"] == [] and fixed["timeoutInMillis"] == 1000


# --- request validator names ------------------------------------------------------------------------

DUPLICATE = "Request Validator name must be unique"


@pytest.mark.parametrize(("name", "unique"), [("A", False), ("B", False), ("a", True), (" A", True), ("A ", True),
                                              ("Ａ", True), ("A\u0301", True)])
def test_validator_names_are_compared_exactly(apigateway, name, unique):
    api = apigateway.create_rest_api(name="v")["id"]
    apigateway.create_request_validator(restApiId=api, name="A")
    apigateway.create_request_validator(restApiId=api, name="B")
    if unique:
        assert apigateway.create_request_validator(restApiId=api, name=name)["name"] == name
    else:
        assert_error(error_of(apigateway.create_request_validator, restApiId=api, name=name), "BadRequestException",
                     DUPLICATE, 400)
    assert len(apigateway.get_request_validators(restApiId=api)["items"]) == (3 if unique else 2)


def test_a_rename_onto_another_name_changes_nothing_and_a_round_trip_rename_is_allowed(apigateway):
    api = apigateway.create_rest_api(name="v")["id"]
    apigateway.create_request_validator(restApiId=api, name="A")
    b = apigateway.create_request_validator(restApiId=api, name="B")
    onto = [{"op": "replace", "path": "/name", "value": "A"},
            {"op": "replace", "path": "/validateRequestBody", "value": "true"}]
    where = {"restApiId": api, "requestValidatorId": b["id"]}
    assert_error(error_of(apigateway.update_request_validator, **where, patchOperations=onto),
                 "BadRequestException", DUPLICATE, 400)
    kept = apigateway.get_request_validator(restApiId=api, requestValidatorId=b["id"])
    assert kept["name"] == "B" and kept["validateRequestBody"] is False
    back = [{"op": "replace", "path": "/name", "value": "C"}, {"op": "replace", "path": "/name", "value": "B"}]
    assert apigateway.update_request_validator(**where, patchOperations=back)["name"] == "B"


# --- a v2 stage's ClientCertificateId ------------------------------------------------------------------


SELECT = "$request.body.a"


@pytest.mark.parametrize("cert", ["../x", "a" * 1_000, "é", "x\n"])
def test_an_unknown_certificate_is_404_and_no_stage_is_made(apigatewayv2, cert):
    ws = apigatewayv2.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression=SELECT)["ApiId"]
    assert_error(error_of(apigatewayv2.create_stage, ApiId=ws, StageName="s", ClientCertificateId=cert),
                 "NotFoundException", f"Invalid Client Certificate identifier specified {cert}", 404)
    assert apigatewayv2.get_stages(ApiId=ws)["Items"] == []


def test_an_http_stage_takes_no_certificate_but_an_empty_one_is_none(apigateway, apigatewayv2):
    http = apigatewayv2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    cert = apigateway.generate_client_certificate()["clientCertificateId"]
    assert_error(error_of(apigatewayv2.create_stage, ApiId=http, StageName="s", ClientCertificateId=cert),
                 "BadRequestException", "Client certificates are not supported on protocolType HTTP", 400)
    assert "ClientCertificateId" not in apigatewayv2.create_stage(ApiId=http, StageName="s", ClientCertificateId="")


def test_a_stage_keeps_working_after_its_certificate_is_deleted(apigateway, apigatewayv2):
    ws = apigatewayv2.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression=SELECT)["ApiId"]
    cert = apigateway.generate_client_certificate()["clientCertificateId"]
    apigatewayv2.create_stage(ApiId=ws, StageName="s", ClientCertificateId=cert)
    apigateway.delete_client_certificate(clientCertificateId=cert)
    updated = apigatewayv2.update_stage(ApiId=ws, StageName="s", Description="d")  # not re-checked
    assert updated["ClientCertificateId"] == cert and updated["Description"] == "d"
    assert "ClientCertificateId" not in apigatewayv2.update_stage(ApiId=ws, StageName="s", ClientCertificateId="")


# --- ImportApiKeys' CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "message"), [
    (b"\xff\xfeN\x00a\x00", "Invalid API Key file: the file is not UTF-8 text"),
    (b"Key\n", "Missing required column 'Name'"),
    (b"Name\n", "Missing required column 'Key'"),
    ("Näme,Key\n".encode(), "Missing required column 'Name'"),
    (b",,,\n", "Invalid API Key file: the file is empty"),
    (b"\xef\xbb\xbf", "Invalid API Key file: the file is empty"),
])
def test_import_refusals(apigateway, body, message):
    assert_error(error_of(apigateway.import_api_keys, body=body, format="csv"), "BadRequestException", message, 400)
    assert apigateway.get_api_keys()["items"] == []


@pytest.mark.parametrize(("body", "warning"), [
    (b"Name,Key\r\"n,aaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", "Invalid API Key on line 2: expected 2 columns"),
    (b"Name,Key\nn,k" + b"," * 100_000 + b"\n", "Invalid API Key on line 2: expected 2 columns"),
    (b"Name,Key\nn,\"unterminated\n", "Invalid API Key on line 2: API Key value should be at least 20 characters"),
])
def test_import_warnings(apigateway, body, warning):
    assert apigateway.import_api_keys(body=body, format="csv")["warnings"] == [warning]
    assert apigateway.get_api_keys()["items"] == []


def test_a_bom_and_a_repeated_column(apigateway):
    # Guess pinned: a repeated header cell takes the later column (a dict of the row)
    body = b"\xef\xbb\xbfName,Key,key\nn,aaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbb\n"
    ids = apigateway.import_api_keys(body=body, format="csv")["ids"]
    assert [k["value"] for k in apigateway.get_api_keys(includeValues=True)["items"] if k["id"] in ids] == \
        ["bbbbbbbbbbbbbbbbbbbbbbbb"]


# --- the trailing-dot rewrite and urllib's IDNA host ------------------------------------------------------


@pytest.mark.parametrize(("url", "sent"), [
    ("https://h.example.com./dev/x", "https://h.example.com/dev/x"),
    ("https://h.example.com.:443/dev", "https://h.example.com:443/dev"),
    ("https://u:p@h.com./x", "https://u:p@h.com/x"),
    ("https://u:p.:x@h.com/x", "https://u:p.:x@h.com/x"),  # a ".:" in the user information is not the host's
    ("https://u@x.:1@h.com./", "https://u@x.:1@h.com/"),
    ("https://h.com.?a=/b", "https://h.com?a=/b"),
    ("https://h.com.#f/x", "https://h.com#f/x"),
    ("https://h.com.", "https://h.com"),
    ("http://[::1]:80/x", "http://[::1]:80/x"),
    ("https://h.com%2E/x", "https://h.com%2E/x"),
    ("https://h.com/x.:y", "https://h.com/x.:y"),  # the path is never touched
    ("", ""),
])
def test_the_root_dot_is_dropped_from_the_host_only(monkeypatch, url, sent):
    seen = []

    class Runtime:
        def call(self, mock, method, target, headers, body, **kwargs):
            seen.append(target)

    monkeypatch.setattr(dataplane, "_runtime", Runtime())
    dataplane.call(None, "get", url, {}, None)
    assert seen == [sent]


@pytest.mark.parametrize(("url", "expected"), [
    ("http://exämple.com:99999/", ("http://exämple.com:99999/", "exämple.com")),  # not a port: left to http.client
    ("http://u:p@exämple.com:8/x", ("http://u:p@xn--exmple-cua.com:8/x", "xn--exmple-cua.com")),
    ("http://\u3002/", ("http://\u3002/", "\u3002")),  # IDNA refuses it: kept as it is
    ("http://" + "ä" * 300 + ".com/", ("http://" + "ä" * 300 + ".com/", "ä" * 300 + ".com")),
    ("http://xn--ä.com/", ("http://xn--ä.com/", "xn--ä.com")),
])
def test_idna_never_raises(url, expected):
    assert _idna(url, host_of(url)) == expected


@pytest.mark.parametrize("url", ["http://[ü/x", "http://ü[/x"])
def test_a_broken_bracket_has_no_host(url):
    assert host_of(url) == ""  # so do_open never reaches _idna with it
