"""Hostile input: documents and bodies are parsed within limits and answered as AWS does.

``gwmock.documents`` first (limits, YAML tags), then the wire layer (null items, deep
nesting) and the OpenAPI import operations, through real boto3 clients.
"""

from __future__ import annotations

import base64
import json
import time

import boto3
import pytest
import yaml
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

from gwmock import mock_apigateway
from gwmock.documents import DocumentError, measure, parse_document, parse_json
from gwmock.protocol.models import operation_model, operation_names


def _billion_laughs(levels: int, fan: int = 9) -> str:
    text = 'a0: &a0 "lol"\n'
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]\n"
    return text


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    try:
        return fn(*args, **kwargs), time.perf_counter() - start
    except DocumentError as exc:
        return exc, time.perf_counter() - start


# --- gwmock.documents -------------------------------------------------------------


def test_json_and_yaml_documents_parse_to_json_values():
    assert parse_document(b'{"a": [1, null, {"b": true}]}') == {"a": [1, None, {"b": True}]}
    assert parse_document("\ufeff[1]".encode()) == [1]
    assert parse_document("1") == 1
    assert parse_document("a:\n  - 1\n  - x\n") == {"a": [1, "x"]}
    assert parse_document("{a: 1}") == {"a": 1}  # YAML flow mapping, not JSON


def test_yaml_values_stay_as_a_java_reader_gives_them():
    doc = parse_document("200: ok\ntrue: t\n~: n\nday: 2010-09-09\nat: 2020-01-01T00:00:00Z\nbin: !!binary aGk=\n")
    assert doc == {"200": "ok", "true": "t", "null": "n", "day": "2010-09-09", "at": "2020-01-01T00:00:00Z",
                   "bin": "aGk="}


def test_yaml_merge_keys_and_plain_aliases_work():
    assert parse_document("b: &b {x: 1}\nd:\n  <<: *b\n  y: *b\n") == {"b": {"x": 1}, "d": {"x": 1, "y": {"x": 1}}}


def _ref(loader, node):
    if isinstance(node, yaml.ScalarNode):
        return {"Ref": loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {"Fn::List": loader.construct_sequence(node, deep=True)}
    return {"Fn::Map": loader.construct_mapping(node, deep=True)}


def test_application_tags_construct_scalar_sequence_and_mapping_nodes():
    text = "A: !Ref Foo\nB: !Ref [a, !Ref b]\nC: !Ref {k: !Ref v}\n"
    assert parse_document(text, yaml_tags={"!Ref": _ref}) == {
        "A": {"Ref": "Foo"}, "B": {"Fn::List": ["a", {"Ref": "b"}]}, "C": {"Fn::Map": {"k": {"Ref": "v"}}}}
    with pytest.raises(DocumentError, match="!Ref"):
        parse_document(text)  # tags are opt-in: a plain call refuses them
    assert parse_document("A: !Ref X", yaml_tags={"!Ref": _ref}) == {"A": {"Ref": "X"}}  # cached loader reused


def test_application_tags_still_obey_the_limits():
    with pytest.raises(DocumentError, match="aliases expand"):
        parse_document(_billion_laughs(7).replace('"lol"', "!Ref lol"), yaml_tags={"!Ref": _ref})
    with pytest.raises(DocumentError, match="values once aliases are expanded"):
        parse_document(_billion_laughs(4), max_nodes=1_000)


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    "[" * 100_000,
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    "- " * 100_000 + "x",
    "".join("  " * i + "k:\n" for i in range(1_000)),
    "{a: " * 50_000 + "1" + "}" * 50_000,
], ids=["json-list", "json-unclosed", "json-object", "yaml-block-list", "yaml-block-map", "yaml-flow"])
def test_any_nesting_depth_is_refused_quickly(text):
    error, seconds = _timed(parse_document, text)
    assert isinstance(error, DocumentError) and "deeper than 100" in str(error)
    assert seconds < 5


def test_depth_limit_is_exact():
    assert parse_document("[" * 100 + "]" * 100, max_depth=100)
    with pytest.raises(DocumentError, match="deeper than 100"):
        parse_document("[" * 101 + "]" * 101, max_depth=100)
    assert parse_document("a:\n b:\n  c: 1\n", max_depth=3) == {"a": {"b": {"c": 1}}}
    with pytest.raises(DocumentError, match="deeper than 2"):
        parse_document("a:\n b:\n  c: 1\n", max_depth=2)


def test_brackets_inside_json_strings_do_not_count():
    doc = json.dumps({"pattern": "[" * 500 + "{" * 500, "q": '\\"[[[', "c": ",:" * 100})
    assert parse_document(doc, max_nodes=7)["pattern"].startswith("[[[")
    assert measure(json.loads(doc), max_depth=1, max_nodes=7) == (1, 7)


@pytest.mark.parametrize("levels", [7, 9, 30])
def test_alias_bombs_are_refused_before_expansion(levels):
    error, seconds = _timed(parse_document, _billion_laughs(levels))
    assert isinstance(error, DocumentError) and "aliases expand to more than" in str(error)
    assert seconds < 5


def test_alias_depth_counts_as_expanded():
    # Each level nests the previous one: 150 levels of aliases make a document 150 deep.
    text = "a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 150))
    with pytest.raises(DocumentError, match="deeper than 100"):
        parse_document(text)


def test_small_alias_fanout_is_fine():
    assert len(parse_document(_billion_laughs(3))["a3"]) == 9


@pytest.mark.parametrize(("text", "reason"), [
    ("a: &a [*a]", "refers to itself"),
    ("a: &a {b: *a}", "refers to itself"),
    ("a: *nowhere", "no anchor"),
])
def test_bad_aliases(text, reason):
    with pytest.raises(DocumentError, match=reason):
        parse_document(text)


def test_node_and_size_limits():
    with pytest.raises(DocumentError, match="more than 3 values"):
        parse_document("[1, 2, 3]", max_nodes=3)
    assert parse_document("[1, 2, 3]", max_nodes=4) == [1, 2, 3]
    with pytest.raises(DocumentError, match="larger than 10 bytes"):
        parse_document(b"x" * 11, max_bytes=10)


@pytest.mark.parametrize("data", [b"\xff\xfe\x00", "a: [1\n", "a: b\n---\nc: d\n", "{",
                                  "a: !!python/object:os.system x"])
def test_syntax_errors_and_unsafe_tags_are_document_errors(data):
    with pytest.raises(DocumentError):
        parse_document(data)


def test_parse_json_refuses_yaml_and_deep_json():
    assert parse_json(b'{"a": 1}') == {"a": 1}
    with pytest.raises(DocumentError, match="not valid JSON"):
        parse_json("a: 1")
    with pytest.raises(DocumentError, match="deeper"):
        parse_json("[" * 10_000)


# --- the wire layer: null items and deep bodies, through boto3 ---------------------

REGION = "us-east-1"
V1_UPDATES = [n for n in operation_names("apigateway")
              if "patchOperations" in (operation_model("apigateway", n).input_shape.members
                                       if operation_model("apigateway", n).input_shape else {})]


def _raw(client, operation: str, body: bytes):
    """Send ``body`` instead of what botocore serialized (boto3 refuses to send nulls in lists itself)."""
    def swap(request, **_):
        request.data = body

    event = f"request-created.{client.meta.service_model.service_id.hyphenize()}.{operation}"
    client.meta.events.unregister(event, unique_id=f"raw-body-{operation}")
    client.meta.events.register(event, swap, unique_id=f"raw-body-{operation}")
    return client


def _error(call, **kwargs):
    with pytest.raises(ClientError) as info:
        call(**kwargs)
    return info.value.response


@pytest.fixture
def gw():
    with mock_apigateway() as handle:
        yield handle


@pytest.fixture
def v1(gw):
    return boto3.client("apigateway", region_name=REGION)


@pytest.fixture
def v2(gw):
    return boto3.client("apigatewayv2", region_name=REGION)


def _loose(service):
    """A client that sends whatever it is given: the body is replaced anyway."""
    return boto3.client(service, region_name=REGION, config=Config(parameter_validation=False))


LABELS = {"status_code": "200", "response_type": "DEFAULT_4XX", "http_method": "GET"}


def test_every_v1_update_takes_patch_operations():
    assert len(V1_UPDATES) >= 21 and all(n.startswith("Update") for n in V1_UPDATES)


@pytest.mark.parametrize("operation", V1_UPDATES)
def test_null_patch_operation_is_a_validation_error_before_any_handler(gw, v1, operation):
    api = v1.create_rest_api(name="a")
    before = gw.snapshot()
    op = operation_model("apigateway", operation)
    labels = {m: LABELS.get(s.serialization["name"], api["id"]) for m, s in op.input_shape.members.items()
              if s.serialization.get("location") == "uri"}
    method = getattr(_raw(v1, operation, b'{"patchOperations": [null]}'), xform_name(operation))
    response = _error(method, **labels, patchOperations=[])
    prefix = operation[0].lower() + operation[1:]
    assert response["Error"] == {"Code": "ValidationException", "Message": (
        f"1 validation error detected: Value '[null]' at '{prefix}Input.patchOperations' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must not be null]")}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert gw.snapshot() == before


@pytest.mark.parametrize(("operation", "body", "member"), [
    ("CreateApiKey", b'{"name": "k", "stageKeys": [null]}', "stageKeys"),
    ("CreateUsagePlan", b'{"name": "p", "apiStages": [{"apiId": "x", "stage": "s"}, null]}', "apiStages"),
    ("CreateVpcLink", b'{"name": "l", "targetArns": [null]}', "targetArns"),
    ("CreateRestApi", b'{"name": "r", "binaryMediaTypes": ["a/b", null]}', "binaryMediaTypes"),
])
def test_null_list_items_in_v1_creates(gw, v1, operation, body, member):
    before = gw.snapshot()
    response = _error(getattr(_raw(_loose("apigateway"), operation, body), xform_name(operation)))
    assert response["Error"]["Code"] == "ValidationException"
    prefix = operation[0].lower() + operation[1:]
    assert f"at '{prefix}Input.{member}' failed to satisfy constraint: Member must satisfy constraint: " \
           "[Member must not be null]" in response["Error"]["Message"]
    assert gw.snapshot() == before


def test_v1_list_value_is_printed_as_aws_prints_it(v1):
    body = b'{"name": "p", "apiStages": [{"apiId": "x", "stage": "s"}, null]}'
    response = _error(_raw(v1, "CreateUsagePlan", body).create_usage_plan, name="x")
    assert "Value '[{apiId=x, stage=s}, null]' at 'createUsagePlanInput.apiStages'" in response["Error"]["Message"]


def test_v1_null_map_values_are_kept_as_aws_keeps_them(v1):
    api = v1.create_rest_api(name="a")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    v1.put_method(**ids, authorizationType="NONE")
    v1.put_integration(**ids, type="MOCK")
    body = b'{"selectionPattern": "", "responseTemplates": {"application/json": null}}'
    out = _raw(v1, "PutIntegrationResponse", body).put_integration_response(**ids, statusCode="200")
    assert out["responseTemplates"] == {"application/json": None}


def test_v1_null_members_are_absent_members(v1):
    api = _raw(v1, "CreateRestApi", b'{"name": "n", "description": null, "tags": null}').create_rest_api(name="x")
    assert api["name"] == "n" and "description" not in api
    response = _error(_raw(v1, "CreateRestApi", b'{"name": null}').create_rest_api, name="x")
    assert response["Error"] == {"Code": "ValidationException", "Message": (
        "1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: "
        "Member must not be null")}


def test_test_invoke_headers_with_null_values(v1):
    api = v1.create_rest_api(name="a")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    v1.put_method(**ids, authorizationType="NONE")
    v1.put_integration(**ids, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    v1.put_method_response(**ids, statusCode="200")
    v1.put_integration_response(**ids, statusCode="200", responseTemplates={"application/json": '{"ok": 1}'})
    body = b'{"pathWithQueryString": "/", "headers": {"x": null, "y": "1"}, "multiValueHeaders": {"z": [null]}}'
    response = _error(_raw(_loose("apigateway"), "TestInvokeMethod", body).test_invoke_method, **ids)
    assert response["Error"]["Code"] == "ValidationException"  # the null inside multiValueHeaders' list
    body = b'{"pathWithQueryString": "/", "headers": {"x": null, "y": "1"}, "stageVariables": {"v": null}}'
    out = _raw(_loose("apigateway"), "TestInvokeMethod", body).test_invoke_method(**ids)
    assert out["status"] == 200


@pytest.mark.parametrize(("operation", "body"), [
    ("CreateDomainName", b'{"domainName": "d.example.com", "domainNameConfigurations": [null]}'),
    ("CreateApi", b'{"name": "a", "protocolType": "HTTP", "tags": {"k": null}}'),
    ("CreateApi", b'{"name": "a", "protocolType": "HTTP", "corsConfiguration": {"allowOrigins": [null]}}'),
])
def test_v2_null_items_are_bad_requests(gw, operation, body):
    before = gw.snapshot()
    response = _error(getattr(_raw(_loose("apigatewayv2"), operation, body), xform_name(operation)))
    assert response["Error"]["Code"] == "BadRequestException"
    assert "must not be null" in response["Error"]["Message"]
    assert gw.snapshot() == before


def test_v2_null_items_in_integration_and_routing_rule_members(gw, v2):
    api = v2.create_api(Name="h", ProtocolType="HTTP")
    integration = v2.create_integration(ApiId=api["ApiId"], IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                        IntegrationUri="https://example.com", PayloadFormatVersion="1.0")
    before = gw.snapshot()
    body = b'{"responseParameters": {"200": null}}'
    response = _error(_raw(v2, "UpdateIntegration", body).update_integration, ApiId=api["ApiId"],
                      IntegrationId=integration["IntegrationId"])
    assert response["Error"]["Code"] == "BadRequestException"
    body = b'{"responseParameters": {"200": {"overwrite:statuscode": null}}}'
    response = _error(_raw(v2, "UpdateIntegration", body).update_integration, ApiId=api["ApiId"],
                      IntegrationId=integration["IntegrationId"])
    assert response["Error"]["Code"] == "BadRequestException"
    for body in (b'{"priority": 1, "actions": [null], "conditions": []}',
                 b'{"priority": 1, "actions": [], "conditions": [null]}'):
        response = _error(_raw(v2, "CreateRoutingRule", body).create_routing_rule, DomainName="d.example.com",
                          Actions=[], Conditions=[], Priority=1)
        assert response["Error"]["Code"] == "BadRequestException"
    assert gw.snapshot() == before


@pytest.mark.parametrize("service", ["apigateway", "apigatewayv2"])
@pytest.mark.parametrize("depth", [101, 100_000, 1_000_000])
def test_deeply_nested_bodies_are_refused_quickly(gw, service, depth):
    client = _loose(service)
    operation = "CreateRestApi" if service == "apigateway" else "CreateApi"
    body = b'{"name": "n", "tags": ' + b"[" * depth + b"]" * depth + b"}"
    before = gw.snapshot()
    _error(getattr(_raw(client, operation, b"[]"), xform_name(operation)))  # warm-up: models, routes, handlers
    start = time.perf_counter()
    response = _error(getattr(_raw(client, operation, body), xform_name(operation)))
    assert time.perf_counter() - start < 5
    expected = "SerializationException" if service == "apigateway" else "BadRequestException"
    assert response["Error"]["Code"] == expected
    assert "deeper than 100" in response["Error"]["Message"]
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert gw.snapshot() == before


def test_nesting_within_the_limit_is_a_type_error_not_a_depth_error(v1):
    body = b'{"name": "n", "tags": ' + b"[" * 50 + b"]" * 50 + b"}"
    response = _error(_raw(v1, "CreateRestApi", body).create_rest_api, name="x")
    assert response["Error"]["Code"] == "SerializationException"
    assert "deeper" not in response["Error"]["Message"]


# --- OpenAPI documents: ImportRestApi, PutRestApi, ImportApi, ReimportApi ----------------

def _openapi_bomb(levels: int) -> str:
    return 'openapi: "3.0.1"\ninfo: {title: t, version: "1"}\npaths: {}\n' + _billion_laughs(levels).replace(
        "a", "x-a")


HOSTILE_DOCUMENTS = {
    "json-deep": b'{"openapi": "3.0.1", "info": {"title": "t"}, "paths": {"/x": ' + b'{"a":' * 100_000 + b"1"
                 + b"}" * 100_001,
    "json-deep-list": b"[" * 1_000_000,
    "yaml-deep": ("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /x: " + "[" * 100_000).encode(),
    "yaml-block-deep": ("openapi: 3.0.1\nx-deep:\n" + "".join("  " * i + "- \n" for i in range(1, 600))).encode(),
    "billion-laughs-7": _openapi_bomb(7).encode(),
    "billion-laughs-9": _openapi_bomb(9).encode(),
    "recursive-alias": b"openapi: 3.0.1\ninfo: &i {title: t, x: *i}\npaths: {}\n",
    "too-large": b'{"openapi": "3.0.1", "info": {"title": "t"}, "x": "' + b"a" * (6 * 1024 * 1024) + b'"}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCUMENTS))
def test_hostile_openapi_documents_are_invalid_input_quickly(gw, v1, v2, name):
    document = HOSTILE_DOCUMENTS[name]
    api = v1.create_rest_api(name="keep")
    http = v2.create_api(Name="keep", ProtocolType="HTTP")
    before = gw.snapshot()
    calls = [
        (v1.import_rest_api, {"body": document}),
        (v1.put_rest_api, {"restApiId": api["id"], "body": document}),
        (v2.import_api, {"Body": document.decode()}),
        (v2.reimport_api, {"ApiId": http["ApiId"], "Body": document.decode()}),
    ]
    for call, kwargs in calls:
        _error(call, **{**kwargs, **({"body": b"x: ["} if "body" in kwargs else {"Body": "x: ["})})  # warm-up
        start = time.perf_counter()
        response = _error(call, **kwargs)
        assert name == "too-large" or time.perf_counter() - start < 5, (call, name)  # 6 MB: botocore's own time
        assert response["Error"] == {"Code": "BadRequestException", "Message": "Invalid OpenAPI input."}, call
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert gw.snapshot() == before


def test_a_small_alias_fanout_still_imports(v1):
    out = v1.import_rest_api(body=_openapi_bomb(3).encode())
    assert out["name"] == "t"


# --- JSON inside string members: model schemas, policies, properties, throttle settings ------

DEEP_JSON = "[" * 100_000 + "]" * 100_000
DEEP_SCHEMA = '{"type": "object", "properties": {"a": ' * 5_000 + "{}" + "}}" * 5_000


@pytest.mark.parametrize("schema", [DEEP_JSON, DEEP_SCHEMA], ids=["list", "schema"])
def test_deep_model_schemas_are_invalid_models(gw, v1, v2, schema):
    api = v1.create_rest_api(name="a")
    ws = v2.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    before = gw.snapshot()
    response = _error(v1.create_model, restApiId=api["id"], name="M", contentType="application/json", schema=schema)
    assert response["Error"]["Code"] == "BadRequestException"
    assert "Invalid model schema specified" in response["Error"]["Message"]
    response = _error(v2.create_model, ApiId=ws["ApiId"], Name="M", ContentType="application/json", Schema=schema)
    assert response["Error"]["Code"] == "BadRequestException"
    assert gw.snapshot() == before


def test_deep_json_in_policies_properties_and_throttles(gw, v1, v2):
    api = v1.create_rest_api(name="a", policy=DEEP_JSON)  # kept as given, as any policy that is not JSON
    assert api["policy"] == DEEP_JSON
    response = _error(v1.create_documentation_part, restApiId=api["id"], location={"type": "API"},
                      properties=DEEP_JSON)
    assert response["Error"]["Code"] == "BadRequestException"
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    v1.put_method(**ids, authorizationType="NONE")
    v1.put_integration(**ids, type="MOCK")
    v1.create_deployment(restApiId=api["id"], stageName="dev")
    plan = v1.create_usage_plan(name="p", apiStages=[{"apiId": api["id"], "stage": "dev"}])
    before = gw.snapshot()
    response = _error(v1.update_usage_plan, usagePlanId=plan["id"], patchOperations=[
        {"op": "replace", "path": f"/apiStages/{api['id']}:dev/throttle", "value": DEEP_JSON}])
    assert response["Error"]["Code"] == "BadRequestException"
    assert response["Error"]["Message"].startswith("Invalid throttle settings specified")
    assert gw.snapshot() == before


# --- pagination: limits and tokens gwmock never issued -------------------------------


def test_a_max_results_past_any_store_answers_every_item(v2):
    for name in ("a", "b"):
        v2.create_api(Name=name, ProtocolType="HTTP")
    # islice's stop argument refused it: a 500
    assert [api["Name"] for api in v2.get_apis(MaxResults=str(10**21))["Items"]] == ["a", "b"]


@pytest.mark.parametrize("cursor", ["gw:+1", "gw: 1", "gw:1_0", "gw:\u0661", "gw:--1", "gw:-"])
def test_page_tokens_gwmock_never_issued_are_refused(v1, v2, cursor):
    token = base64.urlsafe_b64encode(cursor.encode()).decode().rstrip("=")
    v1.create_rest_api(name="a")
    v2.create_api(Name="a", ProtocolType="HTTP")
    assert _error(v1.get_rest_apis, position=token)["Error"] == {
        "Code": "BadRequestException", "Message": "Invalid position parameter"}
    assert _error(v2.get_apis, NextToken=token)["Error"] == {
        "Code": "BadRequestException", "Message": "Invalid NextToken"}
