"""Gateway-response templates are simple variable substitution, not VTL (gwmock/runtime/rest/substitution.py).

AWS: a GatewayResponse mapping template "isn't processed by the Velocity Template Language (VTL)
engine" and supports "only simple variable substitution"
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html);
it "can access $context variable values and $stageVariables property values, as well as method request
parameters" (https://docs.aws.amazon.com/apigateway/latest/developerguide/customize-gateway-responses.html).

Defect this file found: the templates ran through gwmock's full VTL engine, so ``#if``, ``#set``,
``#foreach``, ``$util.*`` and ``$input.json`` were evaluated (each test below says what happened before).
"""

from __future__ import annotations

import json

import pytest

from gwmock.runtime.rest import substitution
from gwmock.runtime.rest.gateway_responses import GatewayError, render

pytestmark = pytest.mark.gwmock(account="111111111111")

REGION = "us-east-1"
MISSING = "Missing Authentication Token"


@pytest.fixture
def served(apigateway, gwmock):
    """Deploys a MOCK ``GET /items/{id}`` to ``dev`` (stage variable ``s=sv``) with the
    MISSING_AUTHENTICATION_TOKEN response put as given; returns a caller of ``/dev<path>``."""
    def make(template=None, **response):
        api_id = apigateway.create_rest_api(name="substitution")["id"]
        root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
        items = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="items")["id"]
        item = apigateway.create_resource(restApiId=api_id, parentId=items, pathPart="{id}")["id"]
        apigateway.put_method(restApiId=api_id, resourceId=item, httpMethod="GET", authorizationType="NONE")
        apigateway.put_integration(restApiId=api_id, resourceId=item, httpMethod="GET", type="MOCK",
                                   requestTemplates={"application/json": '{"statusCode": 200}'})
        if template is not None:
            response["responseTemplates"] = {"application/json": template}
        if response:
            apigateway.put_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN",
                                            statusCode="404", **response)
        apigateway.create_deployment(restApiId=api_id, stageName="dev", variables={"s": "sv"})

        def call(path="/items/7/nope?q=query", headers=None):
            return gwmock.invoke("GET", f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev{path}",
                                 headers=headers)
        return call
    return make


def _body(answer):
    return answer.body.decode() if isinstance(answer.body, bytes) else answer.body


# --- what is substituted ---------------------------------------------------------------------------


def test_the_default_template_renders_as_before(served):
    answer = served()("/nope")
    assert answer.status == 403 and json.loads(answer.body) == {"message": MISSING}
    assert answer.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"


def test_the_documented_example_substitutes_the_error_variables(served):
    # the AWS page's own example: messageString is quoted, responseType is not
    template = '{ "message": $context.error.messageString, "type":$context.error.responseType, "statusCode": \'488\' }'
    answer = served(template)()
    assert answer.status == 404
    assert _body(answer) == ('{ "message": "Missing Authentication Token", "type":MISSING_AUTHENTICATION_TOKEN, '
                             '"statusCode": \'488\' }')


def test_context_variables_and_the_brace_form(served):
    template = ("$context.error.message|${context.error.message}|$context.stage|$context.httpMethod|"
                "${context.resourcePath}|$context.identity.sourceIp|$context.requestId")
    answer = served(template)(headers={"X-Forwarded-For": "198.51.100.7"})
    message, braced, stage, method, resource, source_ip, request_id = _body(answer).split("|")
    assert (message, braced, stage, method, resource) == (MISSING, MISSING, "dev", "GET", "/items/{id}")
    assert source_ip and "$" not in source_ip
    assert request_id == answer.headers["x-amzn-RequestId"]


def test_stage_variables(served):
    answer = served("$stageVariables.s ${stageVariables.s} [$stageVariables.none]")()
    assert _body(answer) == "sv sv []"


def test_method_request_parameters_and_input_params(served):
    template = ("$method.request.path.id $method.request.querystring.q $method.request.header.X-Custom "
                "$input.params('id') $input.params(\"q\") $input.params('x-custom') [$input.params('none')]")
    answer = served(template)(headers={"x-custom": "hv"})
    assert _body(answer) == "7 query hv 7 query hv []"


def test_unknown_variables_of_a_known_family_are_empty(served):
    answer = served('"$context.nope" "$context.error.nope" "$context.authorizer.principalId" '
                    '"$method.request.header.absent"')()
    assert _body(answer) == '"" "" "" ""'


# --- what is text --------------------------------------------------------------------------------


@pytest.mark.parametrize(("template", "expected"), [
    # before: VTL printed "yes"
    ("#if($context.error.message)yes#end", f"#if({MISSING})yes#end"),
    # before: "1"
    ("#set($x = 1)$x", "#set($x = 1)$x"),
    # before: "123"
    ("#foreach($i in [1..3])$i#end", "#foreach($i in [1..3])$i#end"),
    # before: the escaped message
    ("$util.escapeJavaScript($context.error.message)", f"$util.escapeJavaScript({MISSING})"),
    # before: "{}" (the empty body parsed)
    ("$input.json('$') $input.path('$') $input.params()", "$input.json('$') $input.path('$') $input.params()"),
    # before: "" for an undefined reference
    ("$foo ${foo} $context $stageVariables $!context.stage", "$foo ${foo} $context $stageVariables $!context.stage"),
    # a method call is no variable: before: "dev"
    ("$context.get('stage') ${context.stage", "$context.get('stage') ${context.stage"),
    # no VTL escape: the backslash is text (before: "$context.stage")
    ("\\$context.stage", "\\dev"),
    ("## not a comment\n#* nor this *#", "## not a comment\n#* nor this *#"),
    ("100$ $5 $.x", "100$ $5 $.x"),
])
def test_directives_util_and_other_references_are_sent_as_written(served, template, expected):
    answer = served(template)()
    assert answer.status == 404 and _body(answer) == expected


def test_a_template_that_is_no_valid_vtl_is_sent_whole(served):
    # before: a VTL parse error, answered with AWS's default body instead
    answer = served("#if( $context.error.message #end #set(")()
    assert _body(answer) == f"#if( {MISSING} #end #set("


# --- the error variables --------------------------------------------------------------------------


@pytest.mark.parametrize(("message", "quoted"), [
    ('say "hi"\n\\', '"say \\"hi\\"\\n\\\\"'),
    ("caf\u00e9", '"caf\\u00e9"'),
    (None, "null"),
])
def test_message_string_is_the_message_as_a_json_string(message, quoted):
    error = GatewayError("AUTHORIZER_FAILURE", message)
    responses = {"AUTHORIZER_FAILURE": {"statusCode": "500", "responseTemplates": {
        "application/json": "$context.error.messageString|$context.error.message"}}}
    status, body, _ = render(error, responses, {}, {}, {})
    assert status == 500
    assert body == f"{quoted}|{message or ''}"
    assert json.loads(body.split("|")[0]) == message


def test_validation_error_string_and_authorizer_context():
    error = GatewayError("ACCESS_DENIED", "User is not authorized to access this resource with an explicit deny",
                         validation="[object has missing required properties ([\"name\"])]")
    context = {"authorizer": {"principalId": "user", "reason": "expired", "n": 3, "ok": True}}
    responses = {"ACCESS_DENIED": {"statusCode": "403", "responseTemplates": {"application/json": (
        '{"r":"$context.authorizer.reason","p":"$context.authorizer.principalId","n":$context.authorizer.n,'
        '"ok":$context.authorizer.ok,"v":"$context.error.validationErrorString","t":"$context.error.responseType"}')}}}
    status, body, headers = render(error, responses, context, {}, {})
    assert status == 403 and headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert body == ('{"r":"expired","p":"user","n":3,"ok":true,"v":"[object has missing required properties '
                    '([\"name\"])]","t":"ACCESS_DENIED"}')


def test_a_substituted_value_is_data_never_a_template(served):
    # a request value holding template syntax is sent as it came, never rendered in turn
    answer = served("$method.request.header.evil")(headers={"evil": "$context.stage #set($a=1) ${stageVariables.s}"})
    assert _body(answer) == "$context.stage #set($a=1) ${stageVariables.s}"


# --- headers --------------------------------------------------------------------------------------


def test_header_values_are_mapping_expressions_not_templates(served):
    answer = served(responseParameters={
        "gatewayresponse.header.x-static": "'$context.requestId #if(1)'",
        "gatewayresponse.header.x-request": "context.requestId",
        "gatewayresponse.header.x-sv": "stageVariables.s",
        "gatewayresponse.header.x-q": "method.request.querystring.q"})()
    assert answer.headers["x-static"] == "$context.requestId #if(1)"
    assert answer.headers["x-request"] == answer.headers["x-amzn-RequestId"]
    assert answer.headers["x-sv"] == "sv" and answer.headers["x-q"] == "query"
    assert json.loads(answer.body) == {"message": MISSING}


# --- bounds ----------------------------------------------------------------------------------------


def test_an_output_past_the_bound_answers_the_default_body(served):
    template = "$method.request.header.big" * 200
    answer = served(template)(headers={"big": "v" * 10240})  # 2 MiB rendered
    assert answer.status == 404 and json.loads(answer.body) == {"message": MISSING}
    small = served("$method.request.header.big" * 2)(headers={"big": "v" * 10240})
    assert _body(small) == "v" * 20480


def test_a_template_is_compiled_once():
    substitution._compiled.cache_clear()
    for _ in range(3):
        assert substitution.render("a $context.stage b", {"stage": "dev"}, {}, {}) == "a dev b"
    info = substitution._compiled.cache_info()
    assert (info.hits, info.misses) == (2, 1)
    assert substitution._compiled("x $context.stage y $util.z") == ("x ", ("context", ("stage",)), " y $util.z")


def test_a_huge_template_renders_without_being_cached():
    substitution._compiled.cache_clear()
    template = "$context.stage " * 10_000  # 150,000 characters
    assert substitution.render(template, {"stage": "d"}, {}, {}) == "d " * 10_000
    assert substitution._compiled.cache_info().currsize == 0
