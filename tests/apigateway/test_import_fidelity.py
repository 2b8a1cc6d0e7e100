"""ImportRestApi and PutRestApi against what AWS refuses: malformed values, resource trees and
integrations the control plane would not take, OAS 3 base path variables, documentation parts.

Wording: "Invalid OpenAPI input." (aws-recorded: test_import_api_bad_file); "Unable to parse API
definition because of a malformed integration at path /a." and the "Errors found during import:"
frame as AWS answered users (see gwmock/openapi/importer.py and writer.py). A refused import
creates nothing and a refused PutRestApi leaves the API as it was.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

INVALID = "Invalid OpenAPI input."
ERRORS = "Errors found during import:\n\t"
LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:f/invocations")
OK = {"200": {"description": "ok"}}


def _doc(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "fidelity", "version": "1"}, "paths": paths or {}, **extra}


def _get(integration: dict[str, Any], **operation: Any) -> dict[str, Any]:
    return {"/a": {"get": {"responses": OK, "x-amazon-apigateway-integration": integration, **operation}}}


def _body(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()


def _state(client: Any) -> list[Any]:
    out = []
    for api in client.get_rest_apis(limit=500)["items"]:
        resources = client.get_resources(restApiId=api["id"], embed=["methods"], limit=500)["items"]
        out.append((api, sorted(resources, key=lambda r: r["path"]),
                    client.get_authorizers(restApiId=api["id"])["items"],
                    client.get_documentation_parts(restApiId=api["id"])["items"]))
    return out


def _refused(client: Any, document: dict[str, Any], message: str) -> None:
    """ImportRestApi and PutRestApi (both modes) both refuse the document with ``message``,
    and nothing changes."""
    kept = client.import_rest_api(body=_body(_doc(_get({"type": "mock"}))))["id"]
    before = _state(client)
    error = error_of(client.import_rest_api, body=_body(document))
    assert_error(error, "BadRequestException", message, 400)
    for mode in ("merge", "overwrite"):
        error = error_of(client.put_rest_api, restApiId=kept, mode=mode, body=_body(document))
        assert_error(error, "BadRequestException", message, 400)
    assert _state(client) == before


def _resources(client: Any, api_id: str) -> dict[str, Any]:
    return {r["path"]: r for r in client.get_resources(restApiId=api_id, embed=["methods"], limit=500)["items"]}


# --- malformed values: an answer, never a 500 --------------------------------------------------


MALFORMED_INTEGRATION = "Unable to parse API definition because of a malformed integration at path /a."
MALFORMED = {
    "integration-timeout-text": (_doc(_get({"type": "mock", "timeoutInMillis": "abc"})), MALFORMED_INTEGRATION),
    "integration-request-parameters-list": (_doc(_get({"type": "mock", "requestParameters": ["a"]})),
                                            MALFORMED_INTEGRATION),
    "integration-cache-keys-text": (_doc(_get({"type": "mock", "cacheKeyParameters": "abc"})),
                                    MALFORMED_INTEGRATION),
    "integration-a-string": (_doc(_get("mock")), MALFORMED_INTEGRATION),  # type: ignore[arg-type]
    "authorizer-ttl-text": (_doc(components={"securitySchemes": {"a": {
        "type": "apiKey", "name": "Authorization", "in": "header",
        "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": LAMBDA_URI,
                                           "authorizerResultTtlInSeconds": "abc"}}}}), INVALID),
    "gateway-responses-list": (_doc(**{"x-amazon-apigateway-gateway-responses": ["DEFAULT_4XX"]}), INVALID),
    "security-object": (_doc({"/a": {"get": {"responses": OK, "security": {"a": []}}}}), INVALID),
    "security-list-of-strings": (_doc({"/a": {"get": {"responses": OK, "security": ["a"]}}}), INVALID),
    "path-item-ref-to-a-string": (_doc({"/a": {"$ref": "#/info/title"}}), INVALID),
    "binary-media-types-string": (_doc(**{"x-amazon-apigateway-binary-media-types": "image/png"}), INVALID),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_values_are_refused_in_aws_words(apigateway, case):
    document, message = MALFORMED[case]

    _refused(apigateway, document, message)


def test_numeric_strings_read_as_numbers(apigateway):
    """Jackson's binding, which AWS's importer uses: "5000" is the integer 5000 (a guess)."""
    document = _doc(_get({"type": "mock", "timeoutInMillis": "5000"}),
                    **{"x-amazon-apigateway-minimum-compression-size": "1024"})

    api = apigateway.import_rest_api(body=_body(document))

    assert api["minimumCompressionSize"] == 1024
    method = _resources(apigateway, api["id"])["/a"]["resourceMethods"]["GET"]
    assert method["methodIntegration"]["timeoutInMillis"] == 5000


# --- resource trees CreateResource refuses ------------------------------------------------------


R = {"get": {"responses": OK}}
SIBLING = "A sibling ({bizId}) of this resource already has a variable path part -- only one is allowed"
PATH_PART = ("Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces "
             "at the beginning and the end and an optional plus sign before the closing brace.")
TREES = {
    "two-variable-siblings": ({"/user/{bizId}/complaint": R, "/user/{userId}/fans": R},
                              f"Unable to create resource at path '/user/{{userId}}/fans': {SIBLING}"),
    "child-of-greedy": ({"/{proxy+}": R, "/{proxy+}/x": R},
                        "Unable to create resource at path '/{proxy+}/x': "
                        "Cannot create a child of a resource with a greedy path variable: {proxy+}"),
    "empty-parts": ({"//a//b": R}, f"Unable to create resource at path '/a//b': {PATH_PART}"),
    "unbalanced-brace": ({"/a/{x": R}, f"Unable to create resource at path '/a/{{x': {PATH_PART}"),
}


@pytest.mark.parametrize("case", sorted(TREES))
def test_resource_trees_aws_refuses_are_refused(apigateway, case):
    paths, error = TREES[case]

    _refused(apigateway, _doc(paths), ERRORS + error)


def test_swagger_siblings_refused_as_the_importer_issue_shows(apigateway):
    document = {"swagger": "2.0", "info": {"title": "siblings"},
                "paths": {"/user/{bizId}/complaint": R, "/user/{userId}/fans": R}}

    error = error_of(apigateway.import_rest_api, body=_body(document))

    assert_error(error, "BadRequestException", ERRORS + TREES["two-variable-siblings"][1], 400)
    assert apigateway.get_rest_apis()["items"] == []


def test_merge_into_an_api_with_a_variable_sibling_is_refused(apigateway):
    api_id = apigateway.import_rest_api(body=_body(_doc({"/user/{bizId}": R})))["id"]
    before = _state(apigateway)

    error = error_of(apigateway.put_rest_api, restApiId=api_id, mode="merge", body=_body(_doc({"/user/{userId}": R})))

    message = ("Unable to create resource at path '/user/{userId}': A sibling ({bizId}) of this resource already "
               "has a variable path part -- only one is allowed")
    assert_error(error, "BadRequestException", ERRORS + message, 400)
    assert _state(apigateway) == before
    apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=_body(_doc({"/user/{userId}": R})))
    assert sorted(_resources(apigateway, api_id)) == ["/", "/user", "/user/{userId}"]


# --- integrations PutIntegration refuses ----------------------------------------------------------


def _put_integration_error(message: str, path: str = "/a", verb: str = "GET") -> str:
    return f"{ERRORS}Unable to put integration on '{verb}' for resource at path '{path}': {message}"


INTEGRATIONS = {
    "http-without-uri": ({"type": "http", "httpMethod": "GET"}, "Invalid HTTP endpoint specified for URI"),
    "aws-without-http-method": ({"type": "aws", "uri": "arn:aws:apigateway:us-east-1:sqs:path/1/q"},
                                "Enumeration value for HttpMethod must be non-empty"),
    "timeout-too-long": ({"type": "http", "httpMethod": "GET", "uri": "https://e.com", "timeoutInMillis": 999999},
                         "Timeout should be between 50 ms and 29000 ms"),
    "timeout-zero": ({"type": "mock", "timeoutInMillis": 0}, "Timeout should be between 50 ms and 29000 ms"),
    "unknown-passthrough": ({"type": "mock", "passthroughBehavior": "sometimes"},
                            "Invalid passthrough behavior specified: SOMETIMES. "
                            "Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER"),
    "unknown-content-handling": ({"type": "mock", "contentHandling": "CONVERT_TO_XML"},
                                 "1 validation error detected: Value 'CONVERT_TO_XML' at "
                                 "'putIntegrationInput.contentHandling' failed to satisfy constraint: "
                                 "Member must satisfy enum value set: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]"),
    "uri-not-a-url": ({"type": "http", "httpMethod": "GET", "uri": "not a url"},
                      "Invalid HTTP endpoint specified for URI"),
    "aws-proxy-not-lambda": ({"type": "aws_proxy", "httpMethod": "POST",
                              "uri": "arn:aws:apigateway:us-east-1:lambda:path/x"},
                             "Integrations of type 'AWS_PROXY' currently only supports Lambda function and "
                             "Firehose stream invocations."),
    # Testlio/lambda-tools#56: AWS's own answer, word for word
    "undeclared-method-parameter": ({"type": "http", "httpMethod": "GET", "uri": "https://e.com", "requestParameters": {
        "integration.request.header.Authorization": "method.request.header.Authorization"}},
        "Invalid mapping expression specified: Validation Result: warnings : [], errors : "
        "[Invalid mapping expression parameter specified: method.request.header.Authorization]"),
}


@pytest.mark.parametrize("case", sorted(INTEGRATIONS))
def test_integrations_put_integration_refuses_are_refused(apigateway, case):
    integration, message = INTEGRATIONS[case]

    _refused(apigateway, _doc(_get(integration)), _put_integration_error(message))


def test_every_refusal_is_listed_in_document_order(apigateway):
    bad = {"type": "http", "httpMethod": "GET", "uri": "nowhere"}
    document = _doc({"/b": {"post": {"responses": OK, "x-amazon-apigateway-integration": bad}},
                     "/{proxy+}": R, "/{id}": R,
                     "/a": {"get": {"responses": OK, "x-amazon-apigateway-integration": bad}}})

    error = error_of(apigateway.import_rest_api, body=_body(document))

    assert_error(error, "BadRequestException", ERRORS + "\n\t".join([
        "Unable to put integration on 'POST' for resource at path '/b': Invalid HTTP endpoint specified for URI",
        "Unable to create resource at path '/{id}': A sibling ({proxy+}) of this resource already has a "
        "variable path part -- only one is allowed",
        "Unable to put integration on 'GET' for resource at path '/a': Invalid HTTP endpoint specified for URI"]), 400)
    assert apigateway.get_rest_apis()["items"] == []


def test_a_declared_method_parameter_may_be_mapped(apigateway):
    integration = {"type": "http", "httpMethod": "GET", "uri": "https://e.com/{id}",
                   "requestParameters": {"integration.request.path.id": "method.request.path.id"}}
    declared = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
    document = _doc({"/a/{id}": {"get": {"parameters": declared, "responses": OK,
                                         "x-amazon-apigateway-integration": integration}}})

    api_id = apigateway.import_rest_api(body=_body(document))["id"]

    method = _resources(apigateway, api_id)["/a/{id}"]["resourceMethods"]["GET"]
    assert method["methodIntegration"]["requestParameters"] == {"integration.request.path.id": "method.request.path.id"}


# --- OAS 3 base path variables ------------------------------------------------------------------


@pytest.mark.parametrize(("servers", "paths"), [
    ([{"url": "https://example.com", "variables": {"basePath": {"default": "/v1"}}}], ["/", "/v1", "/v1/e"]),
    ([{"url": "https://example.com"},
      {"url": "https://e2.com/{basePath}", "variables": {"basePath": {"default": "v2"}}}], ["/", "/v2", "/v2/e"]),
    ([{"url": "https://e.com/{basePath}", "variables": {"basePath": {"default": "one"}}},
      {"url": "https://e.com/{basePath}", "variables": {"basePath": {"default": "two"}}}], ["/", "/one", "/one/e"]),
    ([{"url": "https://e.com/{stage}/x", "variables": {"stage": {"default": "dev"}}}],
     ["/", "/dev", "/dev/x", "/dev/x/e"]),
], ids=["not-in-the-url", "on-a-later-server", "the-first-of-two", "no-base-path-variable"])
def test_base_path_variable_is_the_base_path(apigateway, servers, paths):
    document = _doc({"/e": R}, servers=servers)

    api_id = apigateway.import_rest_api(body=_body(document), parameters={"basepath": "prepend"})["id"]

    assert sorted(_resources(apigateway, api_id)) == paths


# --- documentation parts ----------------------------------------------------------------------------


def test_documentation_part_of_unknown_type_is_left_out_with_import_documentation_parts_warning(apigateway):
    parts = [{"location": {"type": "NOPE"}, "properties": {"description": "x"}},
             {"location": {"type": "API"}, "properties": {"description": "kept"}}]
    document = _doc(**{"x-amazon-apigateway-documentation": {"documentationParts": parts}})
    other = apigateway.create_rest_api(name="other")["id"]
    expected = apigateway.import_documentation_parts(restApiId=other, body=_body(document))["warnings"]

    api = apigateway.import_rest_api(body=_body(document))

    assert api["warnings"] == expected == ["Invalid documentation part type: NOPE"]
    assert [p["location"] for p in apigateway.get_documentation_parts(restApiId=api["id"])["items"]] == [
        {"type": "API"}]
    error = error_of(apigateway.import_rest_api, body=_body(document), failOnWarnings=True)
    assert_error(error, "BadRequestException", "Warnings found during import:\n\tInvalid documentation part type: NOPE",
                 400)


# --- fuzz: any OpenAPI-shaped document is answered, never a 500 -----------------------------------------


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)
TEXT = st.sampled_from(["", "x", "GET", "mock", "http", "aws_proxy", "https://e.com/a", "5000", "true",
                        "method.request.path.id", "application/json", "{id}", "DEFAULT_4XX", "API"]) \
    | st.text(max_size=6)


# How often a member is any JSON value at all instead of its shape, drawn once per document:
# never (the document then gets one such value somewhere, see ``documents``), one time in 30 or in 8.
WILDNESS = st.shared(st.sampled_from([0, 30, 8]), key="wildness")
NUMBER = st.integers(-5, 40000) | st.sampled_from(["5000", "abc", "1e3", 2**40])
BOOLEAN = st.booleans() | st.sampled_from(["true", "no"])


def _maybe(shaped: Any) -> Any:
    return WILDNESS.flatmap(lambda odds: st.integers(1, odds).flatmap(lambda n: JSON if n == 1 else shaped)
                            if odds else shaped)


@st.composite
def _fields(draw: Any, shapes: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """An object of some of these members (each four times in five), each mostly of its shape."""
    return {k: draw(_maybe(v)) for k, v in shapes.items() if k in required or draw(st.integers(0, 4))}


def _map(values: Any, keys: Any = TEXT) -> Any:
    return st.dictionaries(keys, values, max_size=3)


INTEGRATION = _fields({
    "type": st.sampled_from(["mock", "mock", "mock", "http", "http_proxy", "aws", "aws_proxy", "MOCK", "nope"]),
    "httpMethod": st.sampled_from(["GET", "post", "ANY", "nope"]), "uri": TEXT, "credentials": TEXT,
    "connectionType": st.sampled_from(["INTERNET", "VPC_LINK", "x"]), "connectionId": TEXT,
    "requestParameters": _map(_maybe(TEXT)), "requestTemplates": _map(_maybe(TEXT)),
    "passthroughBehavior": st.sampled_from(["when_no_match", "never", "x"]),
    "contentHandling": st.sampled_from(["CONVERT_TO_TEXT", "x"]), "timeoutInMillis": NUMBER,
    "cacheNamespace": TEXT, "cacheKeyParameters": st.lists(TEXT, max_size=2),
    "tlsConfig": _fields({"insecureSkipVerification": BOOLEAN}),
    "responses": _map(_fields({"statusCode": TEXT, "responseParameters": _map(TEXT), "responseTemplates": _map(TEXT),
                               "contentHandling": TEXT}), st.sampled_from(["default", "4\\d{2}", "x"])),
    "payloadFormatVersion": st.sampled_from(["1.0", "2.0", "3.0"]), "integrationSubtype": TEXT,
    "responseParameters": _map(_map(TEXT)),
}, required=("type",))
PARAMETER = _fields({"name": TEXT, "in": st.sampled_from(["path", "query", "header", "body", "cookie"]),
                     "required": BOOLEAN, "schema": _fields({"$ref": st.just("#/components/schemas/M")})})
OPERATION = _fields({
    "operationId": TEXT, "parameters": st.lists(_maybe(PARAMETER), max_size=2),
    "requestBody": _fields({"content": _map(_fields({"schema": _fields({"$ref": TEXT})}))}),
    "responses": _map(_fields({"description": TEXT, "headers": _map(JSON), "content": _map(JSON)}),
                      st.sampled_from(["200", "default", "404"])),
    "security": st.lists(_map(st.lists(TEXT, max_size=2), st.sampled_from(["auth", "key", "nope"])), max_size=2),
    "x-amazon-apigateway-integration": INTEGRATION, "x-amazon-apigateway-request-validator": TEXT,
    "isDefaultRoute": BOOLEAN,
}, required=("x-amazon-apigateway-integration",))
PATH_ITEM = _fields({"parameters": st.lists(PARAMETER, max_size=2), "get": OPERATION, "post": OPERATION,
                     "x-amazon-apigateway-any-method": OPERATION, "$ref": st.sampled_from(["#/info", "#/nope"])},
                    required=("get",))
AUTHORIZER = _fields({
    "type": st.sampled_from(["token", "request", "request", "cognito_user_pools", "jwt", "jwt", "x"]),
    "authorizerUri": TEXT,
    "authorizerCredentials": TEXT, "identitySource": TEXT, "identityValidationExpression": TEXT,
    "authorizerResultTtlInSeconds": NUMBER, "providerARNs": st.lists(TEXT, max_size=2),
    "jwtConfiguration": _fields({"audience": st.lists(TEXT, max_size=2), "issuer": TEXT}),
    "authorizerPayloadFormatVersion": st.sampled_from(["1.0", "2.0"]), "enableSimpleResponses": BOOLEAN,
}, required=("type",))
SCHEME = _fields({"type": st.sampled_from(["apiKey", "oauth2"]), "name": TEXT,
                  "in": st.sampled_from(["header", "query"]),
                  "x-amazon-apigateway-authtype": st.sampled_from(["custom", "custom", "awsSigv4",
                                                                   "cognito_user_pools"]),
                  "x-amazon-apigateway-authorizer": AUTHORIZER}, required=("x-amazon-apigateway-authorizer",))
PATHS = st.sampled_from(["/", "/a", "/a/{id}", "/{proxy+}", "/b/{x}", "/b/{y}/c", "a", "//c", "/{y", "/$default"])
SCHEMES = st.dictionaries(st.sampled_from(["auth", "key"]), _maybe(SCHEME), min_size=1, max_size=2)
REQUIREMENTS = st.lists(_map(st.lists(TEXT, max_size=1), st.sampled_from(["auth", "key", "nope"])), max_size=2)
EXTENSIONS = {
    "servers": st.lists(_fields({"url": st.sampled_from(["https://e.com/{basePath}", "/v1", "https://["]),
                                 "variables": _map(_fields({"default": TEXT}), st.sampled_from(["basePath", "x"])),
                                 "x-amazon-apigateway-endpoint-configuration": JSON}), max_size=2),
    "basePath": TEXT,
    "components": _fields({"schemas": _map(_fields({"type": st.just("object"), "description": TEXT}),
                                           st.sampled_from(["M", "N"])),
                           "x-amazon-apigateway-integrations": _map(INTEGRATION)}),
    "tags": st.lists(_fields({"name": TEXT, "x-amazon-apigateway-tag-value": TEXT}), max_size=2),
    "x-amazon-apigateway-binary-media-types": st.lists(TEXT, max_size=2),
    "x-amazon-apigateway-api-key-source": st.sampled_from(["HEADER", "AUTHORIZER", "x"]),
    "x-amazon-apigateway-policy": JSON,
    "x-amazon-apigateway-minimum-compression-size": NUMBER,
    "x-amazon-apigateway-endpoint-configuration": _fields({"vpcEndpointIds": st.lists(TEXT, max_size=1),
                                                           "disableExecuteApiEndpoint": BOOLEAN}),
    "x-amazon-apigateway-request-validators": _map(_fields({"validateRequestBody": BOOLEAN,
                                                            "validateRequestParameters": BOOLEAN})),
    "x-amazon-apigateway-request-validator": TEXT,
    "x-amazon-apigateway-gateway-responses": _map(_fields({"statusCode": TEXT, "responseParameters": _map(TEXT),
                                                           "responseTemplates": _map(TEXT)}),
                                                  st.sampled_from(["DEFAULT_4XX", "THROTTLED", "NOPE"])),
    "x-amazon-apigateway-documentation": _fields({"documentationParts": st.lists(_fields({
        "location": _fields({"type": TEXT, "path": TEXT, "method": TEXT, "name": TEXT}), "properties": JSON}),
        max_size=2)}),
    "x-amazon-apigateway-cors": _fields({"allowOrigins": st.lists(TEXT, max_size=2),
                                         "maxAge": NUMBER, "allowCredentials": BOOLEAN,
                                         "allowMethods": st.lists(TEXT, max_size=2)}),
    "x-amazon-apigateway-disable-execute-api-endpoint": BOOLEAN,
}
_SERVERS = ("servers", "basePath", "components")
_RESPONSES = ("x-amazon-apigateway-request-validators", "x-amazon-apigateway-request-validator",
              "x-amazon-apigateway-gateway-responses", "x-amazon-apigateway-documentation")
# Each document is a small valid API with one part of it drawn rich: so that a deep member is
# drawn often, not once in thousands of documents.
AREAS = {
    "paths": st.fixed_dictionaries({"paths": st.dictionaries(PATHS, _maybe(PATH_ITEM), min_size=1, max_size=3)}),
    "integration": st.fixed_dictionaries({"paths": st.fixed_dictionaries({"/a": st.fixed_dictionaries({
        "get": st.fixed_dictionaries({"x-amazon-apigateway-integration": INTEGRATION})})})}),
    "security": st.fixed_dictionaries({"components": st.fixed_dictionaries({"securitySchemes": SCHEMES}),
                                       "securityDefinitions": SCHEMES, "security": REQUIREMENTS}),
    "servers-and-components": _fields({k: EXTENSIONS[k] for k in _SERVERS}),
    "api-extensions": _fields({k: v for k, v in EXTENSIONS.items() if k not in _SERVERS + _RESPONSES}),
    "validators-responses-documentation": _fields({k: EXTENSIONS[k] for k in _RESPONSES}),
}
BASE = {"paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": {
    "type": "http_proxy", "httpMethod": "GET", "uri": "https://e.com/a"}}}}}


@st.composite
def documents(draw: Any, area: str) -> dict[str, Any]:
    """A document shaped like OpenAPI with API Gateway's extensions, rich in one area; without wild
    members, one value anywhere in it (mostly deep down) is replaced by any JSON value."""
    head = draw(st.sampled_from([{"openapi": "3.0.1"}, {"swagger": "2.0"}]))
    document = {**head, "info": {"title": "fuzz", "version": draw(_maybe(TEXT))}, **json.loads(json.dumps(BASE))}
    document.update(draw(AREAS[area]))
    if draw(WILDNESS) == 0:
        _replace_one(draw, document)
    return document


def _replace_one(draw: Any, document: dict[str, Any]) -> None:
    node: Any = document
    while True:
        keys = sorted(node) if isinstance(node, dict) else list(range(len(node)))
        keys = [k for k in keys if node is not document or k not in ("openapi", "swagger", "info")]
        key = draw(st.sampled_from(keys))
        child = node[key]
        if not isinstance(child, (dict, list)) or not child or draw(st.integers(0, 4)) == 0:
            node[key] = draw(JSON)
            return
        node = child


def answered(call: Any, **kwargs: Any) -> dict[str, Any] | None:
    """The answer of a call that may be refused, but only with a 4xx."""
    try:
        response = call(**kwargs)
    except ClientError as error:
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert 400 <= status < 500, error.response["Error"]
        return None
    assert response["ResponseMetadata"]["HTTPStatusCode"] < 300
    return response  # type: ignore[no-any-return]


FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.parametrize("area", sorted(AREAS))
def test_fuzzed_documents_are_answered_never_failed(apigateway, area):
    @FUZZ
    @given(document=documents(area), basepath=st.sampled_from(["ignore", "prepend", "split"]))
    def imported(document: dict[str, Any], basepath: str) -> None:
        _import_and_read(apigateway, document, basepath)

    imported()


def _import_and_read(apigateway: Any, document: dict[str, Any], basepath: str) -> None:
    body = json.dumps(document).encode()
    created = answered(apigateway.import_rest_api, body=body, parameters={"basepath": basepath})
    if created is None:
        return
    api_id = created["id"]
    for mode in ("merge", "overwrite"):
        answered(apigateway.put_rest_api, restApiId=api_id, mode=mode, body=body)
    apigateway.get_resources(restApiId=api_id, embed=["methods"], limit=500)
    apigateway.get_authorizers(restApiId=api_id)
    apigateway.get_gateway_responses(restApiId=api_id)
    apigateway.get_documentation_parts(restApiId=api_id)
    if answered(apigateway.create_deployment, restApiId=api_id, stageName="dev") is not None:
        for export_type in ("oas30", "swagger"):
            answered(apigateway.get_export, restApiId=api_id, stageName="dev", exportType=export_type,
                     parameters={"extensions": "apigateway"})
    apigateway.delete_rest_api(restApiId=api_id)
