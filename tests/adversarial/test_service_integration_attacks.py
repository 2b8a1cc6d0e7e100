"""AWS service integrations on the data plane under attack: REST APIs' ``AWS`` integrations
(action and path URIs, S3 keys, mapped bodies and parameters) and HTTP APIs' ``AWS_PROXY``
subtypes, served by moto's ``mock_aws`` beside gwmock. Every answer is the service's (through the
integration response) or a 500 whose log names the cause; nothing leaves the process and the mock
serves the next request.

Defects this file found (each test names its input):

* a greedy ``{key+}`` placeholder of an S3 path URI filled from a header or query string went into
  the service URL unquoted: ``obj?acl`` read the object's ACL instead of the key ``obj?acl``, ``obj#x``
  read ``obj``, and CR/LF reached the request line;
* an integration URI naming API Gateway itself (``apigateway:path/restapis``) was answered by moto's
  own API Gateway, which created a REST API in a state gwmock's clients never see;
* a JSON-protocol action (DynamoDB, Kinesis, Step Functions, EventBridge) given a body that is not
  a JSON object (not JSON, an array, ``null``, a string, nesting past the decoder, a
  ``$input.params()`` value with a quote) made moto raise, so the client got 500 where the service
  answers 400 ``SerializationException`` through the integration response; so did an action the
  service does not have (``Send/../Message``, 2,000 characters, CR/LF; ``..`` got moto's empty 404)
  where it answers ``UnknownOperationException``;
* an HTTP API EventBridge-PutEvents ``Time`` of hundreds of digits raised botocore's RuntimeError
  (a traceback) instead of the logged 500;
* mapped query parameters were merged in quadratic time (an SQS-ReceiveMessage body of 20,000
  comma-separated ``AttributeNames`` cost 28 s).
"""

from __future__ import annotations

import builtins
import json
import logging
import time
import urllib.parse

import boto3
import pytest
import requests
from helpers import network_guard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.dispatch import DEFAULT_ACCOUNT

moto = pytest.importorskip("moto")

REGION = "us-east-1"
ROLE = f"arn:aws:iam::{DEFAULT_ACCOUNT}:role/apigateway"
INTERNAL = {"message": "Internal server error"}
SERIALIZATION = {"__type": "com.amazon.coral.service#SerializationException"}
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def gw():
    with moto.mock_aws(), mock_apigateway() as handle:
        yield handle


def _client(service, region=REGION):
    return boto3.client(service, region_name=region)


def _rest(uri, verb="POST", path_part="test", http="POST", method_parameters=None, responses=(("200", None),),
          **integration):
    """A REST API with ``verb`` on /<path_part> and an AWS integration to ``uri``, deployed to ``test``;
    ``responses``: (statusCode, selectionPattern). Returns (api id, resource id, base URL)."""
    ag = _client("apigateway")
    api = ag.create_rest_api(name="attacked")["id"]
    resource = ag.create_resource(restApiId=api, parentId=ag.get_resources(restApiId=api)["items"][0]["id"],
                                  pathPart=path_part)["id"]
    ag.put_method(restApiId=api, resourceId=resource, httpMethod=verb, authorizationType="NONE",
                  requestParameters=method_parameters or {})
    ag.put_integration(restApiId=api, resourceId=resource, httpMethod=verb, type="AWS", uri=uri,
                       integrationHttpMethod=http, credentials=ROLE, **integration)
    for status, pattern in responses:
        ag.put_method_response(restApiId=api, resourceId=resource, httpMethod=verb, statusCode=status)
        ag.put_integration_response(restApiId=api, resourceId=resource, httpMethod=verb, statusCode=status,
                                    **({"selectionPattern": pattern} if pattern else {}))
    ag.create_deployment(restApiId=api, stageName="test")
    return api, resource, f"https://{api}.execute-api.{REGION}.amazonaws.com/test"


def _log(gw):
    return "\n".join(gw.requests[-1].log)


def _still_serves(gw):
    """A plain DynamoDB ListTables integration still answers 200 after an attack."""
    _, _, base = _rest(f"arn:aws:apigateway:{REGION}:dynamodb:action/ListTables",
                       requestTemplates={"application/json": "{}"}, path_part="alive")
    answer = gw.invoke("POST", f"{base}/alive", {"Content-Type": "application/json"}, "{}")
    assert answer.status == 200
    assert "TableNames" in answer.json()


# --- S3 path URIs: keys that try to leave the bucket or change the operation -----------------------


@pytest.fixture
def buckets(gw):
    s3 = _client("s3")
    for bucket in ("bucket-1", "other"):
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket="bucket-1", Key="obj", Body=b"OBJ")
    s3.put_object(Bucket="other", Key="secret", Body=b"SECRET")
    return s3


def _s3_api(placeholder, source, verb="GET"):
    """GET/PUT /{p} on ``bucket-1/<placeholder>``, the placeholder mapped from ``source``."""
    parameter = source.replace("integration.", "method.")
    _, _, base = _rest(f"arn:aws:apigateway:{REGION}:s3:path/bucket-1/{placeholder}", verb=verb, http=verb,
                       path_part="{p}", method_parameters={parameter: False},
                       requestParameters={"integration.request.path.k": source})
    return base


KEYS = ["obj?acl", "obj#x", "obj?versioning", "a b"]


@pytest.mark.parametrize("placeholder", ["{k}", "{k+}"])
@pytest.mark.parametrize("source", ["method.request.header.x-key", "method.request.querystring.k"])
def test_a_mapped_key_is_one_s3_key_never_another_operation(gw, buckets, placeholder, source):
    base = _s3_api(placeholder, source)
    for key in KEYS if "header" in source else [*KEYS, "obj\r\nX-Evil: 1"]:
        if "header" in source:
            answer = gw.invoke("GET", f"{base}/z", {"x-key": key})
        else:
            answer = gw.invoke("GET", f"{base}/z?k={urllib.parse.quote(key)}")

        assert answer.status == 200  # the integration's default response carries S3's error
        assert "<Code>NoSuchKey</Code>" in answer.text
        assert "AccessControlPolicy" not in answer.text and "OBJ" not in answer.text
        uri = next(line for line in gw.requests[-1].log if "Endpoint request URI: " in line).split("URI: ")[1]
        assert uri == "https://s3.us-east-1.amazonaws.com/bucket-1/" + urllib.parse.quote(key, safe="@:+%")


def test_a_greedy_key_with_a_question_mark_is_put_as_that_key_not_as_an_acl(gw, buckets):
    base = _s3_api("{k+}", "method.request.header.x-key", verb="PUT")

    answer = gw.invoke("PUT", f"{base}/z", {"x-key": "obj?acl", "Content-Type": "text/plain"}, "new")

    assert answer.status == 200
    assert buckets.get_object(Bucket="bucket-1", Key="obj?acl")["Body"].read() == b"new"
    assert buckets.get_object(Bucket="bucket-1", Key="obj")["Body"].read() == b"OBJ"


ESCAPES = ["../other/secret", "..%2Fother%2Fsecret", "%2e%2e/other/secret", "%2e%2e%2fother%2fsecret",
           "%2Fother%2Fsecret", "a%00b"]


def test_method_paths_escaping_the_bucket_stay_keys_of_the_bucket(gw, buckets):
    ag = _client("apigateway")
    api = ag.create_rest_api(name="s3")["id"]
    root = ag.get_resources(restApiId=api)["items"][0]["id"]
    resource = ag.create_resource(restApiId=api, parentId=root, pathPart="{p+}")["id"]
    ag.put_method(restApiId=api, resourceId=resource, httpMethod="ANY", authorizationType="NONE",
                  requestParameters={"method.request.path.p": True})
    ag.put_integration(restApiId=api, resourceId=resource, httpMethod="ANY", type="AWS", integrationHttpMethod="ANY",
                       uri=f"arn:aws:apigateway:{REGION}:s3:path/bucket-1/{{p}}",
                       requestParameters={"integration.request.path.p": "method.request.path.p"})
    ag.put_method_response(restApiId=api, resourceId=resource, httpMethod="ANY", statusCode="200")
    ag.put_integration_response(restApiId=api, resourceId=resource, httpMethod="ANY", statusCode="200")
    ag.create_deployment(restApiId=api, stageName="test")

    for path in ESCAPES:
        answer = gw.invoke("GET", f"https://{api}.execute-api.{REGION}.amazonaws.com/test/{path}")

        assert answer.status == 200
        assert "SECRET" not in answer.text
        assert "<Code>NoSuchKey</Code>" in answer.text
        assert f"Endpoint request URI: https://s3.us-east-1.amazonaws.com/bucket-1/{path}" in _log(gw)


def test_a_missing_bucket_is_s3s_answer_through_the_integration(gw):
    _, _, base = _rest(f"arn:aws:apigateway:{REGION}:s3:path/no-such-bucket/key", verb="GET", http="GET",
                       responses=(("200", None), ("404", "404")))

    answer = gw.invoke("GET", f"{base}/test")

    assert answer.status == 404
    assert "<Code>NoSuchBucket</Code>" in answer.text


# --- action and path URIs of every almost-right form -------------------------------------------


ALMOST_ACTIONS = ["Send/../Message", "%2e%2e", "..", "SendMessage?QueueUrl=x", "A" * 2000, "List\nTables",
                  "List\r\nX-Evil: 1", ""]


def test_an_action_a_json_service_does_not_have_is_its_unknown_operation_error(gw):
    for action in ALMOST_ACTIONS:
        _, _, base = _rest(f"arn:aws:apigateway:{REGION}:dynamodb:action/{action}",
                           requestTemplates={"application/json": "{}"}, responses=(("200", None), ("400", "400")))

        answer = gw.invoke("POST", f"{base}/test", {"Content-Type": "application/json"}, "{}")

        assert (answer.status, answer.json()) == (400, {"__type": "com.amazon.coral.service#UnknownOperationException"})
    _still_serves(gw)


def test_an_action_a_query_service_does_not_have_answers_500_and_logs_why(gw):
    for action in ALMOST_ACTIONS:
        api, resource, base = _rest(f"arn:aws:apigateway:{REGION}:sqs:action/{action}",
                                    requestTemplates={"application/json": "{}"})

        answer = gw.invoke("POST", f"{base}/test", {"Content-Type": "application/json"}, "{}")

        assert (answer.status, answer.json()) == (500, INTERNAL)
        log = _client("apigateway").test_invoke_method(restApiId=api, resourceId=resource, httpMethod="POST")["log"]
        assert "Execution failed due to configuration error: The mock serving sqs failed" in log
    _still_serves(gw)


def test_api_gateways_own_api_is_not_answered_by_another_mocks_state(gw):
    for uri in (f"arn:aws:apigateway:{REGION}:apigateway:path/restapis",
                f"arn:aws:apigateway:{REGION}:apigateway:action/GetRestApis",
                f"arn:aws:apigateway:{REGION}:execute-api:path/x"):
        _, _, base = _rest(uri, requestTemplates={"application/json": '{"name": "smuggled"}'})

        answer = gw.invoke("POST", f"{base}/test", {"Content-Type": "application/json"}, "{}")

        assert (answer.status, answer.json()) == (500, INTERNAL)
        assert "gwmock does not serve API Gateway's own API to AWS integrations" in _log(gw)
    assert [a["name"] for a in _client("apigateway").get_rest_apis()["items"]] == ["attacked"] * 3


def test_an_unknown_service_answers_500_and_logs_it(gw):
    for uri in (f"arn:aws:apigateway:{REGION}:nosuchservice:action/DoIt",
                f"arn:aws:apigateway:{REGION}:nosuchservice:path/x",
                f"arn:aws:apigateway:{REGION}:{'s' * 2000}:action/DoIt"):
        _, _, base = _rest(uri)

        answer = gw.invoke("POST", f"{base}/test", {"Content-Type": "application/json"}, "{}")

        assert (answer.status, answer.json()) == (500, INTERNAL)
        assert "is not known to botocore: Invalid endpoint address" in _log(gw)


def test_another_region_in_the_uri_reaches_that_regions_resource(gw):
    _client("dynamodb", "eu-west-1").create_table(
        TableName="far", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    template = json.dumps({"TableName": "far", "Item": {"id": {"S": "$input.params('id')"}}})
    _, _, base = _rest("arn:aws:apigateway:eu-west-1:dynamodb:action/PutItem",
                       requestTemplates={"application/json": template})

    assert gw.invoke("POST", f"{base}/test?id=one", {"Content-Type": "application/json"}, "{}").status == 200
    assert _client("dynamodb", "eu-west-1").get_item(TableName="far", Key={"id": {"S": "one"}})["Item"] == \
        {"id": {"S": "one"}}


# --- bodies the service cannot read ------------------------------------------------------------


UNREADABLE = ["not json", "[1, 2]", "null", '"text"', "[" * 50_000 + "]" * 50_000,
              '{"TableName": ' * 3000 + "1" + "}" * 3000]


@pytest.mark.parametrize("action", ["dynamodb:action/PutItem", "kinesis:action/PutRecord",
                                    "states:action/StartExecution", "events:action/PutEvents"])
def test_a_json_service_answers_an_unreadable_body_with_a_serialization_exception(gw, action):
    _, _, base = _rest(f"arn:aws:apigateway:{REGION}:{action}", passthroughBehavior="WHEN_NO_TEMPLATES",
                       responses=(("200", None), ("400", "400")))

    for body in UNREADABLE:
        answer = gw.invoke("POST", f"{base}/test", {"Content-Type": "application/json"}, body)

        assert answer.status == 400
        assert "Received response. Status: 400" in _log(gw)
        assert answer.json() == SERIALIZATION  # refused before any mock reads it (moto's Kinesis answered its own)


def test_a_quote_in_a_mapped_parameter_breaks_the_template_json_as_on_aws(gw):
    _client("dynamodb").create_table(
        TableName="tbl", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    template = '{"TableName": "tbl", "Item": {"id": {"S": "$input.params(\'id\')"}}}'
    _, _, base = _rest(f"arn:aws:apigateway:{REGION}:dynamodb:action/PutItem",
                       requestTemplates={"application/json": template})

    broken = gw.invoke("POST", f"{base}/test?id=" + urllib.parse.quote('a"b'), {"Content-Type": "application/json"},
                       "{}")
    # templates do not escape: a value closing the string adds members (what AWS does too)
    injected = gw.invoke("POST", f"{base}/test?id=" + urllib.parse.quote('a"}, "x": {"S": "y'),
                         {"Content-Type": "application/json"}, "{}")

    assert (broken.status, broken.json()) == (200, SERIALIZATION)
    assert injected.status == 200
    assert _client("dynamodb").get_item(TableName="tbl", Key={"id": {"S": "a"}})["Item"] == \
        {"id": {"S": "a"}, "x": {"S": "y"}}


MISSING_RESOURCES = [
    ("dynamodb:action/PutItem", {"TableName": "none", "Item": {"id": {"S": "a"}}}, "ResourceNotFoundException"),
    ("kinesis:action/PutRecord", {"StreamName": "none", "Data": "eA==", "PartitionKey": "k"},
     "ResourceNotFoundException"),
    ("states:action/StartExecution",
     {"stateMachineArn": f"arn:aws:states:{REGION}:{DEFAULT_ACCOUNT}:stateMachine:none"}, "StateMachineDoesNotExist"),
]


def test_a_missing_resource_is_the_services_error_through_the_integration_response(gw):
    for uri, template, code in MISSING_RESOURCES:
        _, _, base = _rest(f"arn:aws:apigateway:{REGION}:{uri}", responses=(("200", None), ("400", "400")),
                           requestTemplates={"application/json": json.dumps(template)})

        answer = gw.invoke("POST", f"{base}/test", {"Content-Type": "application/json"}, "{}")

        assert answer.status == 400
        assert answer.json()["__type"].rsplit("#", 1)[-1] == code


def test_a_missing_queue_is_sqs_error_through_the_default_response(gw):
    _, _, base = _rest(f"arn:aws:apigateway:{REGION}:sqs:path/{DEFAULT_ACCOUNT}/none",
                       requestParameters={"integration.request.header.Content-Type":
                                          "'application/x-www-form-urlencoded'"},
                       requestTemplates={"application/json": "Action=SendMessage&MessageBody=$input.body"},
                       passthroughBehavior="NEVER")

    answer = gw.invoke("POST", f"{base}/test", {"Content-Type": "application/json"}, "{}")

    assert answer.status == 200  # no selection pattern: the default response, as on AWS
    assert answer.json()["Error"]["Code"] in ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")


def test_a_header_value_with_cr_lf_mapped_into_the_service_call_answers_500(gw):
    _, _, base = _rest(f"arn:aws:apigateway:{REGION}:dynamodb:action/ListTables",
                       method_parameters={"method.request.querystring.v": False},
                       requestParameters={"integration.request.header.x-amz-meta": "method.request.querystring.v"},
                       requestTemplates={"application/json": "{}"})

    answer = gw.invoke("POST", f"{base}/test?v=" + urllib.parse.quote("a\r\nX-Amz-Target: evil"),
                       {"Content-Type": "application/json"}, "{}")

    assert (answer.status, answer.json()) == (500, INTERNAL)
    assert "Header values must not contain newline characters" in _log(gw)
    _still_serves(gw)


@pytest.mark.parametrize("uri", [f"arn:aws:apigateway:{REGION}:s3:path/b/..%2F..%2Fetc%2Fpasswd",
                                 f"arn:aws:apigateway:{REGION}:s3:path//etc/passwd",
                                 f"arn:aws:apigateway:{REGION}:dynamodb:action/PutItem"])
def test_without_moto_nothing_leaves_the_process_nor_touches_files(gwmock, monkeypatch, uri):
    seen = network_guard(monkeypatch)
    opened = []
    real_open = builtins.open

    def watch(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    _, _, base = _rest(uri, verb="GET", http="GET")
    builtins.open = watch
    try:
        answer = gwmock.invoke("GET", f"{base}/test")
    finally:
        builtins.open = real_open

    assert (answer.status, answer.json()) == (500, INTERNAL)
    assert "No mock served the AWS service request" in _log(gwmock)
    assert seen == []
    assert not [name for name in opened if "passwd" in name]


# --- HTTP API subtypes ---------------------------------------------------------------------


def _http(subtype, parameters, route="POST /act"):
    v2 = _client("apigatewayv2")
    api = v2.create_api(Name="services", ProtocolType="HTTP")["ApiId"]
    integration = v2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationSubtype=subtype,
                                        PayloadFormatVersion="1.0", CredentialsArn=ROLE,
                                        RequestParameters=parameters)["IntegrationId"]
    v2.create_route(ApiId=api, RouteKey=route, Target=f"integrations/{integration}")
    v2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    return f"https://{api}.execute-api.{REGION}.amazonaws.com"


def _failed(answer):
    return answer.status_code, answer.json()


def test_an_eventbridge_time_of_hundreds_of_digits_answers_500_not_a_traceback(gw):
    base = _http("EventBridge-PutEvents", {"Source": "s", "DetailType": "d", "Detail": "{}",
                                           "Time": "$request.header.t"})

    answer = requests.post(f"{base}/act", headers={"t": "9" * 400}, data="{}")

    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    assert gw.requests[-1].log[-1].startswith("Execution failed due to configuration error: Invalid parameters for "
                                              "EventBridge-PutEvents: ")
    assert requests.post(f"{base}/act", headers={"t": "2024-01-01T00:00:00Z"}, data="{}").status_code == 200


@FUZZ
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7e), max_size=60)
       | st.from_regex(r"-?[0-9]{1,400}(\.[0-9]{1,20})?", fullmatch=True))
def test_fuzzed_eventbridge_times_are_sent_or_refused_with_a_logged_500(gw, value):
    if not hasattr(gw, "_eventbridge_base"):
        gw._eventbridge_base = _http("EventBridge-PutEvents", {"Source": "s", "DetailType": "d", "Detail": "{}",
                                                               "Time": "$request.header.t"})
    answer = gw.invoke("POST", f"{gw._eventbridge_base}/act", {"t": value}, "{}")

    assert answer.status in (200, 400, 500)
    if answer.status == 500:
        assert answer.json() == {"message": "Internal Server Error"}
        assert gw.requests[-1].log[-1].startswith("Execution failed due to configuration error: ")


MISSING = [("$request.body.x", "not json", {}), ("$request.body.x", "[" * 100_000, {}),
           ("$request.body.x", '{"y": 1}', {}), ("$request.path.missing", "{}", {}),
           ("$request.querystring.m", "{}", {}), ("$request.header.m", "{}", {"m": ""}), ("$request.body", "", {})]


def test_a_required_parameter_missing_at_request_time_answers_500_and_queues_nothing(gw):
    queue = _client("sqs").create_queue(QueueName="q")["QueueUrl"]
    for message_body, body, headers in MISSING:
        base = _http("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": message_body})

        answer = requests.post(f"{base}/act", data=body, headers=headers)

        assert _failed(answer) == (500, {"message": "Internal Server Error"})
        assert gw.requests[-1].log[-1] == (f"Execution failed due to configuration error: SQS-SendMessage requires "
                                           f"the parameter MessageBody: {message_body} resolved to nothing")
    assert _client("sqs").receive_message(QueueUrl=queue).get("Messages") is None


def test_a_message_body_over_256_kib_reaches_the_service_whole(gw):
    """The size limit is the queue's (SQS answers for it); gwmock neither truncates nor refuses."""
    queue = _client("sqs").create_queue(QueueName="q")["QueueUrl"]
    base = _http("SQS-SendMessage", {"QueueUrl": queue, "MessageBody": "$request.body"})
    text = "x" * (256 * 1024 + 1)

    answer = requests.post(f"{base}/act", data=text)

    assert answer.status_code == 200
    assert _client("sqs").receive_message(QueueUrl=queue)["Messages"][0]["Body"] == text


def test_many_attribute_names_are_mapped_in_linear_time(gw):
    queue = _client("sqs").create_queue(QueueName="q")["QueueUrl"]
    base = _http("SQS-ReceiveMessage", {"QueueUrl": queue, "AttributeNames": "$request.body"})
    _client("sqs").send_message(QueueUrl=queue, MessageBody="m")

    started = time.monotonic()
    answer = requests.post(f"{base}/act", data=",".join(["All"] * 20_000))

    assert time.monotonic() - started < 5  # merged one by one into the query: 28 s
    assert answer.status_code == 200
    assert "<Body>m</Body>" in answer.text


def test_a_hostile_queue_url_is_answered_by_sqs_and_nothing_leaves(gw, monkeypatch):
    seen = network_guard(monkeypatch)
    base = _http("SQS-SendMessage", {"QueueUrl": "$request.header.q", "MessageBody": "hi"})

    for queue_url in ("http://169.254.169.254/latest/meta-data", "file:///etc/passwd",
                      "https://evil.example/123456789012/q", "../../q"):
        answer = requests.post(f"{base}/act", headers={"q": queue_url})

        assert answer.status_code == 400
        assert "NonExistentQueue" in answer.text or "QueueDoesNotExist" in answer.text
    assert seen == []


def _machine(kind="STANDARD"):
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
    return _client("stepfunctions").create_state_machine(name="flow", definition=definition, roleArn=ROLE,
                                                         type=kind)["stateMachineArn"]


@pytest.mark.parametrize(("arn", "body", "code"), [
    (None, "not json", "InvalidExecutionInput"),
    ("garbage", "{}", "InvalidArn"),
    (f"arn:aws:states:{REGION}:{DEFAULT_ACCOUNT}:stateMachine:none", "{}", "StateMachineDoesNotExist"),
])
def test_stepfunctions_start_execution_errors_are_the_services(gw, arn, body, code):
    machine = _machine()
    base = _http("StepFunctions-StartExecution", {"StateMachineArn": "$request.header.sm", "Input": "$request.body"})

    answer = requests.post(f"{base}/act", headers={"sm": arn or machine}, data=body)

    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["__type"].rsplit("#", 1)[-1] == code


def test_start_sync_execution_with_bad_input_answers_500_naming_the_mock(gw, caplog):
    base = _http("StepFunctions-StartSyncExecution", {"StateMachineArn": _machine("EXPRESS"),
                                                      "Input": "$request.body"})

    with caplog.at_level(logging.WARNING, logger="gwmock"):
        answer = requests.post(f"{base}/act", data="not json")

    # moto does not implement StartSyncExecution: the failure is logged, never a traceback
    assert _failed(answer) == (500, {"message": "Internal Server Error"})
    assert "Execution failed due to configuration error: The mock serving stepfunctions failed" in caplog.text


def test_a_missing_stream_is_kinesis_error_passed_on(gw):
    base = _http("Kinesis-PutRecord", {"StreamName": "none", "Data": "$request.body", "PartitionKey": "k"})

    answer = requests.post(f"{base}/act", data="x")

    assert answer.status_code == 400
    assert answer.json()["__type"] == "ResourceNotFoundException"
