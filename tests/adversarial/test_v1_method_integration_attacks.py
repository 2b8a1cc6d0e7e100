"""Red-team attacks on REST API methods and integrations' control plane: PutMethod, PutIntegration,
their responses, UpdateMethod and UpdateIntegration (gwmock/apigateway/methods.py, integrations.py).

Every refusal is AWS's code, status and wording (guesses as the modules' docstrings label them) with
the method as it was (GetMethod before and after), never a 5xx; the mock answers the next call.

Defects this file found (each test says what happened before):
* ``replace /authorizationType`` with no value: a KeyError, a 500;
* ``replace /apiKeyRequired`` with no value: the method lost ``apiKeyRequired``;
* ``add /authorizationScopes`` with no value: a null scope stored;
* ``replace /connectionType``: any string stored ("BOGUS", "vpc_link");
* ``replace /cacheNamespace`` with no value: the integration lost ``cacheNamespace``;
* an HTTP URI ``http://[::1/x`` was taken and the data plane raised ValueError out of the caller's
  request; URIs with spaces, tabs or CR were taken;
* a ``selectionPattern`` Java cannot compile (``(``, ``*a``, ``a{2,1}``) was taken;
* many ``add /cacheKeyParameters/...`` or ``/authorizationScopes`` operations in one call took
  quadratic time (a list's ``in`` per operation).
"""

from __future__ import annotations

import json

import pytest
import requests
from helpers import assert_error, call_or_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LAMBDA = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
          "arn:aws:lambda:us-east-1:123456789012:function:F/invocations")
ROLE = "arn:aws:iam::123456789012:role/r"
METHODS = "GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
AUTH_TYPES = "NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS"
SCOPES_NEED_COGNITO = ("Invalid Method authorization type specified. Authorization Scopes are only valid for "
                       "COGNITO_USER_POOLS authorization type")


def _mapping(expression, parameter=False):
    kind = "mapping expression parameter" if parameter else "mapping expression"
    return (f"Invalid mapping expression specified: Validation Result: warnings : [], errors : "
            f"[Invalid {kind} specified: {expression}]")


@pytest.fixture
def api(apigateway):
    created = apigateway.create_rest_api(name="attacks")
    return created["id"], created["rootResourceId"]


@pytest.fixture
def ids(apigateway, api):
    api_id, root_id = api
    ids = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET"}
    apigateway.put_method(**ids, authorizationType="NONE", requestParameters={"method.request.querystring.q": False})
    return ids


@pytest.fixture
def http_ids(apigateway, ids):
    apigateway.put_integration(**ids, type="HTTP", integrationHttpMethod="GET", uri="http://example.com/x")
    apigateway.put_method_response(**ids, statusCode="200", responseParameters={"method.response.header.h": False})
    apigateway.put_integration_response(**ids, statusCode="200", selectionPattern="2\\d{2}")
    return ids


def _method(client, ids):
    out = client.get_method(**ids)
    out.pop("ResponseMetadata")
    return out


def _refused(client, ids, call, code, message, status, **kwargs):
    """``call`` fails with AWS's answer and leaves the method as it was."""
    before = _method(client, ids)
    assert_error(error_of(call, **ids, **kwargs), code, message, status)
    assert _method(client, ids) == before


# --- defects: UpdateMethod's operations without a value ----------------------------------------


def test_replace_authorization_type_without_value_is_a_400(apigateway, ids):
    # Before: KeyError('authorizationType') in _check_method, a 500 InternalFailure.
    _refused(apigateway, ids, apigateway.update_method, "BadRequestException",
             f"Invalid authorization type specified. Valid options are {AUTH_TYPES}", 400,
             patchOperations=[{"op": "replace", "path": "/authorizationType"}])
    assert apigateway.get_method(**ids)["authorizationType"] == "NONE"


def test_replace_api_key_required_without_value_is_false_and_kept(apigateway, ids):
    # Before: set_field removed the field, so GetMethod had no apiKeyRequired at all.
    apigateway.update_method(**ids, patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": "true"}])
    out = apigateway.update_method(**ids, patchOperations=[{"op": "replace", "path": "/apiKeyRequired"}])
    assert out["apiKeyRequired"] is False
    assert apigateway.get_method(**ids)["apiKeyRequired"] is False


@pytest.fixture
def cognito_ids(apigateway, api):
    api_id, root_id = api
    authorizer = apigateway.create_authorizer(
        restApiId=api_id, name="pool", type="COGNITO_USER_POOLS", identitySource="method.request.header.Authorization",
        providerARNs=["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"])["id"]
    ids = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "POST"}
    apigateway.put_method(**ids, authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer,
                          authorizationScopes=["a"])
    return ids


def test_add_authorization_scope_without_value_is_refused(apigateway, cognito_ids):
    # Before: a null scope was stored (GetMethod answered authorizationScopes ["a", None]).
    _refused(apigateway, cognito_ids, apigateway.update_method, "BadRequestException",
             "Invalid patch value null for path /authorizationScopes", 400,
             patchOperations=[{"op": "add", "path": "/authorizationScopes"}])


def test_many_scope_operations_in_one_call(apigateway, cognito_ids):
    # Before: each operation searched a list: 20,000 operations took seconds, 300,000 (16 MB) hours.
    ops = [{"op": "add", "path": "/authorizationScopes", "value": f"s{i % 10_000}"} for i in range(20_000)]
    ops += [{"op": "remove", "path": "/authorizationScopes", "value": f"s{i}"} for i in range(1, 10_000)]
    out = apigateway.update_method(**cognito_ids, patchOperations=ops)
    assert out["authorizationScopes"] == ["a", "s0"]
    out = apigateway.update_method(**cognito_ids, patchOperations=[
        {"op": "remove", "path": "/authorizationScopes", "value": v} for v in ("a", "s0")])
    assert "authorizationScopes" not in out


# --- defects: UpdateIntegration -----------------------------------------------------------------


@pytest.mark.parametrize("value", ["BOGUS", "vpc_link", "internet", ""])
def test_replace_connection_type_takes_only_the_enum(apigateway, http_ids, value):
    # Before: stored as given; the data plane read "vpc_link" as a public integration.
    _refused(apigateway, http_ids, apigateway.update_integration, "BadRequestException",
             f"Invalid connection type specified: {value}. Valid options are INTERNET,VPC_LINK", 400,
             patchOperations=[{"op": "replace", "path": "/connectionType", "value": value}])


def test_replace_connection_type_without_value_is_internet_again(apigateway, http_ids):
    # Before: the HTTP integration was left with no connectionType.
    apigateway.update_integration(**http_ids, patchOperations=[
        {"op": "replace", "path": "/connectionType", "value": "VPC_LINK"},
        {"op": "replace", "path": "/connectionId", "value": "abc123"}])
    out = apigateway.update_integration(**http_ids, patchOperations=[{"op": "replace", "path": "/connectionType"}])
    assert out["connectionType"] == "INTERNET"
    assert apigateway.get_integration(**http_ids)["connectionType"] == "INTERNET"


@pytest.mark.parametrize("path", ["/cacheNamespace", "/cacheNameSpace"])
def test_replace_cache_namespace_without_value_is_the_resource_id(apigateway, http_ids, path):
    # Before: the field was removed.
    apigateway.update_integration(**http_ids, patchOperations=[{"op": "replace", "path": path, "value": "ns"}])
    out = apigateway.update_integration(**http_ids, patchOperations=[{"op": "replace", "path": path}])
    assert out["cacheNamespace"] == http_ids["resourceId"]


def test_many_cache_key_operations_in_one_call(apigateway, http_ids):
    # Before: quadratic, as the scopes (20,000 operations: seconds). A cache key must be a declared
    # request parameter ("Invalid cache key parameter specified" otherwise), so the method declares them.
    names = [f"method.request.querystring.k{i}" for i in range(10_000)]
    apigateway.update_method(**http_ids, patchOperations=[
        {"op": "add", "path": f"/requestParameters/{name}", "value": "false"} for name in names])
    ops = [{"op": "add", "path": f"/cacheKeyParameters/{names[i % 10_000]}"} for i in range(20_000)]
    ops += [{"op": "remove", "path": f"/cacheKeyParameters/{names[i]}"} for i in range(2, 10_000)]
    out = apigateway.update_integration(**http_ids, patchOperations=ops)
    assert out["cacheKeyParameters"] == names[:2]
    assert apigateway.get_integration(**http_ids)["cacheKeyParameters"] == names[:2]


# --- defects: HTTP URIs the data plane could not read -------------------------------------------


@pytest.mark.parametrize("uri", ["http://[::1/x", "http://::1]/x", "http://exa mple.com/x", "http://example.com/\tx",
                                 "http://example.com/\rX-Injected: 1", "http://example.com/\x00", "http:// example.com",
                                 "http://example.com/\x7f"])
@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY"])
def test_unreadable_http_uris_are_refused(apigateway, http_ids, kind, uri):
    # Before: taken; "http://[::1/x" then made the data plane raise ValueError out of requests.get.
    _refused(apigateway, http_ids, apigateway.put_integration, "BadRequestException",
             "Invalid HTTP endpoint specified for URI", 400, type=kind, integrationHttpMethod="GET", uri=uri)
    _refused(apigateway, http_ids, apigateway.update_integration, "BadRequestException",
             "Invalid HTTP endpoint specified for URI", 400,
             patchOperations=[{"op": "replace", "path": "/uri", "value": uri}])


@pytest.mark.parametrize("uri", ["http://${stageVariables.host}/x", "https://${stageVariables.h}:8443/{proxy}",
                                 "http://user:pw@example.com/x", "http://example.com/" + "a" * 2500,
                                 "HTTPS://EXAMPLE.COM", "http://[::1]:8080/x", "http://bücher.example/ä"])
def test_readable_http_uris_are_kept_as_given(apigateway, ids, uri):
    out = apigateway.put_integration(**ids, type="HTTP_PROXY", integrationHttpMethod="ANY", uri=uri)
    assert out["uri"] == uri
    assert apigateway.get_integration(**ids)["uri"] == uri


def test_a_refused_uri_never_reaches_the_data_plane(gwmock, apigateway, ids):
    apigateway.put_integration(**ids, type="HTTP_PROXY", integrationHttpMethod="GET", uri="http://127.0.0.1:9/")
    assert_error(error_of(apigateway.put_integration, **ids, type="HTTP_PROXY", integrationHttpMethod="GET",
                          uri="http://[::1/x"), "BadRequestException", status=400)
    apigateway.create_deployment(restApiId=ids["restApiId"], stageName="dev")
    answer = requests.get(f"https://{ids['restApiId']}.execute-api.us-east-1.amazonaws.com/dev/")
    assert answer.status_code == 500  # the kept integration: a loopback port nothing listens on
    assert answer.json() == {"message": "Internal server error"}


# --- defects: selection patterns Java cannot compile --------------------------------------------


@pytest.mark.parametrize("pattern", ["(", ")", "a)", "[a", "[[a]", "*a", "+", "a**", "(*a)", "a|?", "{1}", "a{",
                                     "a{x}", "a{2,1}", "a{99999999999}", "\\", "2\\d{2}\\"])
def test_selection_patterns_java_refuses_are_400(apigateway, http_ids, pattern):
    # Before: stored; the data plane then never matched them, silently.
    message = f"Invalid selection pattern specified: {pattern}"
    _refused(apigateway, http_ids, apigateway.put_integration_response, "BadRequestException", message, 400,
             statusCode="200", selectionPattern=pattern)
    _refused(apigateway, http_ids, apigateway.update_integration_response, "BadRequestException", message, 400,
             statusCode="200", patchOperations=[{"op": "replace", "path": "/selectionPattern", "value": pattern}])


@pytest.mark.parametrize("pattern", ["", "2\\d{2}", ".*Not Found.*", "(\\n|.)+", "a*?", "a*+", "a{2,}?", "[a-z&&[^e]]",
                                     "[]a]", "\\Q(*\\E", "\\Q(", "(?i)abc", "(?<n>x)\\k<n>", "\\cA", "\\x{41}",
                                     "(a+)+$", "((a{1000}){1000}){1000}", ".*\"statusCode\":400.*", "[{]", "\\{"])
def test_selection_patterns_java_compiles_are_kept(apigateway, http_ids, pattern):
    # Java-only escapes and patterns that backtrack or would be huge compiled by Python are taken, as
    # Java takes them; the data plane bounds their matching (runtime/patterns.py).
    out = apigateway.put_integration_response(**http_ids, statusCode="200", selectionPattern=pattern)
    assert out["selectionPattern"] == pattern
    assert apigateway.get_integration_response(**http_ids, statusCode="200")["selectionPattern"] == pattern


# --- attacks that found nothing: PutMethod ------------------------------------------------------


@pytest.mark.parametrize("verb", ["get", "FOO", "G" * 100, " GET", "GET "])
def test_put_method_verbs(apigateway, api, verb):
    api_id, root_id = api
    resp = error_of(apigateway.put_method, restApiId=api_id, resourceId=root_id, httpMethod=verb,
                    authorizationType="NONE")
    assert_error(resp, "BadRequestException", f"Invalid HttpMethod specified. Valid options are {METHODS}", 400)
    assert "resourceMethods" not in apigateway.get_resource(restApiId=api_id, resourceId=root_id)
    assert apigateway.put_method(restApiId=api_id, resourceId=root_id, httpMethod="ANY",
                                 authorizationType="NONE")["httpMethod"] == "ANY"


@pytest.mark.parametrize("name", ["method.request.header.", "method.request.body", "method.request.path",
                                  "method.request.cookie.x", "integration.request.header.x",
                                  "method.request.header.a\nb"])
def test_put_method_refuses_parameter_names(apigateway, api, name):
    api_id, root_id = api
    resp = error_of(apigateway.put_method, restApiId=api_id, resourceId=root_id, httpMethod="POST",
                    authorizationType="NONE", requestParameters={name: True})
    assert_error(resp, "BadRequestException", _mapping(name), 400)
    assert_error(error_of(apigateway.get_method, restApiId=api_id, resourceId=root_id, httpMethod="POST"),
                 "NotFoundException", "Invalid Method identifier specified", 404)


def test_put_method_same_name_in_two_locations_and_many_parameters(apigateway, api):
    api_id, root_id = api
    kwargs = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "POST", "authorizationType": "NONE"}
    resp = error_of(apigateway.put_method, **kwargs, requestParameters={"method.request.header.x": True,
                                                                       "method.request.querystring.x": False})
    assert_error(resp, "BadRequestException", "Parameter names must be unique across querystring, header and path", 400)
    many = {f"method.request.header.h{i}": i % 2 == 0 for i in range(500)}
    assert apigateway.put_method(**kwargs, requestParameters=many)["requestParameters"] == many


def test_put_method_models_must_exist(apigateway, api):
    api_id, root_id = api
    resp = error_of(apigateway.put_method, restApiId=api_id, resourceId=root_id, httpMethod="POST",
                    authorizationType="NONE", requestModels={"application/json": "Nope"})
    assert_error(resp, "BadRequestException", "Invalid model identifier specified: Nope", 400)
    out = apigateway.put_method(restApiId=api_id, resourceId=root_id, httpMethod="POST", authorizationType="NONE",
                                requestModels={"application/json; charset=utf-8": "Empty"})
    assert out["requestModels"] == {"application/json; charset=utf-8": "Empty"}


@pytest.mark.parametrize("kind", ["NONE", "AWS_IAM", "CUSTOM"])
def test_scopes_need_cognito(apigateway, api, kind):
    api_id, root_id = api
    authorizer = apigateway.create_authorizer(restApiId=api_id, name="t", type="TOKEN",
                                              authorizerUri=LAMBDA, identitySource="method.request.header.A")["id"]
    resp = error_of(apigateway.put_method, restApiId=api_id, resourceId=root_id, httpMethod="POST",
                    authorizationType=kind, authorizerId=authorizer, authorizationScopes=["s"], operationName="op")
    assert_error(resp, "BadRequestException", SCOPES_NEED_COGNITO, 400)
    out = apigateway.put_method(restApiId=api_id, resourceId=root_id, httpMethod="POST", authorizationType=kind,
                                authorizerId=authorizer, operationName="op")
    assert out["operationName"] == "op" and "authorizationScopes" not in out


# --- attacks that found nothing: PutIntegration -------------------------------------------------


_AWS_ARN = "Invalid ARN specified in the request"
_HTTP = "Invalid HTTP endpoint specified for URI"
_NO_PATH = "AWS ARN for integration must contain path or action"
_PROXY = "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations."
_URIS = {  # uri -> (AWS, AWS_PROXY, HTTP) answer: None is taken
    LAMBDA.replace(":F/", ":F:live/"): (None, None, _HTTP),
    LAMBDA.replace("lambda:us-east-1:1", "lambda:eu-west-1:1"): (None, None, _HTTP),
    "arn:aws:apigateway:us-east-1:s3:action/GetObject&Bucket=b": (None, _PROXY, _HTTP),
    "arn:aws:apigateway:us-east-1:sqs:path/123456789012/q": (None, _PROXY, _HTTP),
    "arn:aws:apigateway:us-east-1:s3:functions/x": (_NO_PATH, _NO_PATH, _HTTP),
    "arn:aws:iam::123456789012:role/r": (_NO_PATH, _NO_PATH, _HTTP),
    "example.com/x": (_AWS_ARN, _AWS_ARN, _HTTP),
    "ftp://example.com": (_AWS_ARN, _AWS_ARN, _HTTP),
    "file:///etc/passwd": (_AWS_ARN, _AWS_ARN, _HTTP),
    "http://": (_AWS_ARN, _AWS_ARN, _HTTP),
}


@pytest.mark.parametrize("uri", list(_URIS))
@pytest.mark.parametrize("position, kind", [(0, "AWS"), (1, "AWS_PROXY"), (2, "HTTP")])
def test_put_integration_uri_forms(apigateway, http_ids, uri, position, kind):
    expected = _URIS[uri][position]
    if expected is None:
        assert apigateway.put_integration(**http_ids, type=kind, integrationHttpMethod="POST", uri=uri)["uri"] == uri
    else:
        _refused(apigateway, http_ids, apigateway.put_integration, "BadRequestException", expected, 400,
                 type=kind, integrationHttpMethod="POST", uri=uri)


@pytest.mark.parametrize("kind", ["HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY"])
def test_integration_http_method_is_required(apigateway, http_ids, kind):
    uri = LAMBDA if kind.startswith("AWS") else "http://example.com"
    _refused(apigateway, http_ids, apigateway.put_integration, "BadRequestException",
             "Enumeration value for HttpMethod must be non-empty", 400, type=kind, uri=uri)
    _refused(apigateway, http_ids, apigateway.put_integration, "BadRequestException",
             f"Invalid HttpMethod specified. Valid options are {METHODS}", 400, type=kind, uri=uri,
             integrationHttpMethod="post")


@pytest.mark.parametrize(("value", "message"), [
    ("foo.bar", _mapping("foo.bar")), ('"a"', _mapping('"a"')), ("method.request.querystring.nope",
                                                               _mapping("method.request.querystring.nope", True)),
    ("method.request.path.q", _mapping("method.request.path.q", True)), ("integration.response.body", _mapping(
        "integration.response.body")), ("'a\nb'", _mapping("'a\nb'")),
])
def test_integration_request_parameters_from_unknown_sources(apigateway, http_ids, value, message):
    _refused(apigateway, http_ids, apigateway.put_integration, "BadRequestException", message, 400, type="MOCK",
             requestParameters={"integration.request.header.x": value})


def test_integration_request_parameters_that_map(apigateway, ids):
    mapped = {"integration.request.header.a": "'it''s'", "integration.request.header.b": "method.request.querystring.q",
              "integration.request.header.c": "method.request.multivaluequerystring.q",
              "integration.request.header.d": "method.request.body.a[0]", "integration.request.header.e": "context.x",
              "integration.request.querystring.f": "stageVariables.v"}
    assert apigateway.put_integration(**ids, type="MOCK", requestParameters=mapped)["requestParameters"] == mapped


@pytest.mark.parametrize(("kwargs", "code", "message"), [
    ({"timeoutInMillis": 49}, "BadRequestException", "Timeout should be between 50 ms and 29000 ms"),
    ({"timeoutInMillis": 29001}, "BadRequestException", "Timeout should be between 50 ms and 29000 ms"),
    ({"timeoutInMillis": -1}, "BadRequestException", "Timeout should be between 50 ms and 29000 ms"),
    ({"timeoutInMillis": 10**30}, "SerializationException",
     f"Numeric value ({10**30}) at 'putIntegrationInput.timeoutInMillis' out of range of int"),
    ({"passthroughBehavior": "never"}, "BadRequestException",
     "Invalid passthrough behavior specified: never. Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER"),
    ({"contentHandling": "convert_to_text"}, "ValidationException",
     "1 validation error detected: Value 'convert_to_text' at 'putIntegrationInput.contentHandling' failed to "
     "satisfy constraint: Member must satisfy enum value set: [CONVERT_TO_BINARY, CONVERT_TO_TEXT]"),
    ({"connectionType": "VPC_LINK"}, "BadRequestException", "connectionId must be set for connectionType VPC_LINK"),
    ({"requestTemplates": {"json": "{}"}}, "BadRequestException",
     "Validation Result: warnings : [], errors : [Invalid content type specified: json]"),
])
def test_put_integration_option_values(apigateway, http_ids, kwargs, code, message):
    _refused(apigateway, http_ids, apigateway.put_integration, code, message, 400, type="MOCK", **kwargs)


def test_put_integration_keeps_what_aws_does_not_check(apigateway, ids):
    # an ARN that names no role: its shape is checked (test_credentials_that_are_not_an_arn_are_refused), not its kind
    out = apigateway.put_integration(**ids, type="MOCK", credentials="arn:aws:iam::123456789012:user/not-a-role",
                                     cacheNamespace="n" * 3000, timeoutInMillis=50,
                                     tlsConfig={"insecureSkipVerification": True})
    # an undeclared cache key is refused: tests/apigateway/test_quota_offset_and_cache_keys.py
    assert (out["credentials"], out["cacheNamespace"], out["timeoutInMillis"]) == (
        "arn:aws:iam::123456789012:user/not-a-role", "n" * 3000, 50)


# --- attacks that found nothing: integration and method responses -------------------------------


@pytest.mark.parametrize(("value", "message"), [
    ("foo", _mapping("foo")), ("method.request.header.x", _mapping("method.request.header.x")),
    ("integration.response.querystring.x", _mapping("integration.response.querystring.x")),
])
def test_integration_response_parameters_from_unknown_sources(apigateway, http_ids, value, message):
    _refused(apigateway, http_ids, apigateway.put_integration_response, "BadRequestException", message, 400,
             statusCode="200", responseParameters={"method.response.header.h": value})


def test_integration_response_with_many_templates(apigateway, http_ids):
    templates = {f"application/x-{i}+json": f"#set($i = {i})" for i in range(100)}
    out = apigateway.put_integration_response(**http_ids, statusCode="200", responseTemplates=templates)
    assert out["responseTemplates"] == templates
    assert apigateway.get_integration_response(**http_ids, statusCode="200")["responseTemplates"] == templates


# --- patch paths the tables do not list, or with values of the wrong type -----------------------


@pytest.mark.parametrize(("op", "path", "message"), [
    ("replace", "/httpMethod", "Invalid patch path /httpMethod"),
    ("replace", "/methodIntegration", "Invalid patch path /methodIntegration"),
    ("replace", "/requestParameters", "Invalid patch path /requestParameters"),
    ("replace", "/requestParameters/a/b", "Invalid patch path /requestParameters/a/b"),
    ("add", "/operationName", "Invalid patch operation specified. Must be one of: [replace]"),
    ("replace", "/authorizationScopes", "Invalid patch operation specified. Must be one of: [add, remove]"),
    ("move", "/operationName", "Invalid patch operation specified. Must be one of: [replace]"),
    ("copy", "/authorizerId", "Invalid patch operation specified. Must be one of: [replace]"),
])
def test_update_method_unlisted_paths_and_ops(apigateway, http_ids, op, path, message):
    _refused(apigateway, http_ids, apigateway.update_method, "BadRequestException", message, 400,
             patchOperations=[{"op": op, "path": path, "value": "x", "from": "/authorizerId"}])


@pytest.mark.parametrize(("op", "path", "value", "message"), [
    ("replace", "/authorizationType", "bogus", f"Invalid authorization type specified. Valid options are {AUTH_TYPES}"),
    ("replace", "/requestValidatorId", "nope", "Invalid Request Validator identifier specified"),
    ("add", "/requestModels/application~1json", "Nope", "Invalid model identifier specified: Nope"),
    ("add", "/requestParameters/foo", "true", _mapping("foo")),
    ("add", "/authorizationScopes", "s", SCOPES_NEED_COGNITO),
])
def test_update_method_values_refused(apigateway, http_ids, op, path, value, message):
    _refused(apigateway, http_ids, apigateway.update_method, "BadRequestException", message, 400,
             patchOperations=[{"op": op, "path": path, "value": value}])


@pytest.mark.parametrize(("op", "path", "value", "message"), [
    ("replace", "/type", "MOCK", "Invalid patch path /type"),
    ("replace", "/tlsConfig", "x", "Invalid patch path /tlsConfig"),
    ("add", "/cacheKeyParameters", "x", "Invalid patch path /cacheKeyParameters"),
    ("add", "/uri", "http://x.example", "Invalid patch operation specified. Must be one of: [replace]"),
    ("replace", "/timeoutInMillis", "100.5", "Invalid value for /timeoutInMillis: expected an integer, got 100.5"),
    ("replace", "/timeoutInMillis", "9" * 40,
     f"Invalid value for /timeoutInMillis: expected an integer, got {'9' * 40}"),
    ("replace", "/timeoutInMillis", "49", "Timeout should be between 50 ms and 29000 ms"),
    ("replace", "/contentHandling", "convert_to_text",
     "Invalid content handling specified: convert_to_text. Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT"),
    ("replace", "/passthroughBehavior", "never",
     "Invalid passthrough behavior specified: never. Valid options are WHEN_NO_MATCH,WHEN_NO_TEMPLATES,NEVER"),
    ("replace", "/httpMethod", "get", f"Invalid HttpMethod specified. Valid options are {METHODS}"),
    ("replace", "/httpMethod", None, "Enumeration value for HttpMethod must be non-empty"),
    ("replace", "/uri", "arn:aws:apigateway:us-east-1:s3:path/b", "Invalid HTTP endpoint specified for URI"),
    ("add", "/requestParameters/x", "'a'", _mapping("x")),
    ("add", "/requestTemplates/zzz", "x",
     "Validation Result: warnings : [], errors : [Invalid content type specified: zzz]"),
])
def test_update_integration_values_refused(apigateway, http_ids, op, path, value, message):
    operation = {"op": op, "path": path} if value is None else {"op": op, "path": path, "value": value}
    _refused(apigateway, http_ids, apigateway.update_integration, "BadRequestException", message, 400,
             patchOperations=[operation])


# --- fuzzing: any patch operation is an answer, and a refused one changes nothing ---------------

_PATHS = ["/authorizationType", "/authorizerId", "/apiKeyRequired", "/operationName", "/requestValidatorId",
          "/authorizationScopes", "/requestParameters/method.request.header.h", "/requestModels/application~1json",
          "/cacheNamespace", "/connectionId", "/connectionType", "/contentHandling", "/credentials", "/httpMethod",
          "/passthroughBehavior", "/timeoutInMillis", "/tlsConfig/insecureSkipVerification", "/uri", "/type",
          "/requestParameters/integration.request.header.x", "/requestTemplates/application~1json",
          "/cacheKeyParameters/k", "/selectionPattern", "/responseParameters/method.response.header.h",
          "/responseTemplates/text~1plain", "/statusCode", "/", "", "/~", "/a~2b"]
_VALUES = st.sampled_from(["true", "NONE", "COGNITO_USER_POOLS", "VPC_LINK", "CONVERT_TO_TEXT", "NEVER", "50",
                          "GET", "http://example.com", "'v'", "(", "Empty", ""]) | st.text(max_size=12)
_OPS = st.fixed_dictionaries({"op": st.sampled_from(["add", "remove", "replace", "move", "copy", "test"]),
                              "path": st.sampled_from(_PATHS)}, optional={"value": _VALUES})


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(["update_method", "update_integration", "update_integration_response",
                               "update_method_response"]), ops=st.lists(_OPS, min_size=1, max_size=4))
def test_fuzzed_patches_never_500_and_refusals_change_nothing(apigateway, http_ids, target, ops):
    before = _method(apigateway, http_ids)
    extra = {"statusCode": "200"} if "response" in target else {}
    out, error = call_or_error(getattr(apigateway, target), **http_ids, **extra, patchOperations=ops)
    if error is not None:
        assert error["Error"]["Code"] in ("BadRequestException", "NotFoundException"), error["Error"]
        assert _method(apigateway, http_ids) == before
    method = _method(apigateway, http_ids)
    assert method["authorizationType"] in AUTH_TYPES.split(",")
    assert isinstance(method["apiKeyRequired"], bool)
    assert None not in method.get("authorizationScopes", [])
    assert method["methodIntegration"].get("connectionType") in ("INTERNET", "VPC_LINK")
    assert method["methodIntegration"]["cacheNamespace"]


_PATTERN_ALPHABET = "ab()[]{}*+?|\\^$.,12QE-&"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pattern=st.text(alphabet=_PATTERN_ALPHABET, max_size=12))
def test_fuzzed_selection_patterns_are_kept_or_refused(apigateway, http_ids, pattern):
    before = _method(apigateway, http_ids)
    out, error = call_or_error(apigateway.put_integration_response, **http_ids, statusCode="200",
                               selectionPattern=pattern)
    if error is None:
        assert apigateway.get_integration_response(**http_ids, statusCode="200")["selectionPattern"] == pattern
        apigateway.put_integration_response(**http_ids, statusCode="200", selectionPattern="2\\d{2}")
    else:
        assert_error(error, "BadRequestException", f"Invalid selection pattern specified: {pattern}", 400)
    assert _method(apigateway, http_ids) == before


def test_an_unreadable_http_uri_a_restored_record_holds_answers_500(apigateway, gwmock):
    """PutIntegration refuses ``http://[::1/x`` now; a snapshot restored from before may still hold one,
    which raised ValueError into the caller's ``requests.get``."""
    api = apigateway.create_rest_api(name="restored")
    where = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigateway.put_method(**where, authorizationType="NONE")
    apigateway.put_integration(**where, type="HTTP_PROXY", integrationHttpMethod="GET",
                               uri="http://backend.example.com/x")
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    gwmock.restore(json.loads(json.dumps(gwmock.snapshot()).replace("http://backend.example.com/x", "http://[::1/x")))

    answer = gwmock.invoke("GET", f"https://{api['id']}.execute-api.us-east-1.amazonaws.com/dev/")

    assert (answer.status, answer.body) == (500, b'{"message":"Internal server error"}')
    assert "Invalid endpoint address" in gwmock.requests[-1].log[-3]


@pytest.mark.parametrize("credentials", ["NONE", "not-an-arn", "arn:aws:iam::123456789012:role/r\n", "role/r",
                                         "arn:aws:iam::12345:role/r", "arn:aws:iam:::"])
def test_credentials_that_are_not_an_arn_are_refused(apigateway, http_ids, credentials):
    # "NONE" answered "Invalid ARN specified in the request" to a Java SDK user (aws/aws-sdk-java#860)
    _refused(apigateway, http_ids, apigateway.put_integration, "BadRequestException",
             "Invalid ARN specified in the request", 400, type="HTTP", integrationHttpMethod="GET",
             uri="http://example.com/x", credentials=credentials)
    _refused(apigateway, http_ids, apigateway.update_integration, "BadRequestException",
             "Invalid ARN specified in the request", 400,
             patchOperations=[{"op": "replace", "path": "/credentials", "value": credentials}])


@pytest.mark.parametrize("credentials", ["arn:aws:iam::*:user/*", "arn:aws:iam::123456789012:role/api/gw-role",
                                         "arn:aws-cn:iam::123456789012:role/r"])
def test_credentials_of_a_role_or_the_callers_identity_are_kept(apigateway, http_ids, credentials):
    apigateway.update_integration(**http_ids, patchOperations=[{"op": "replace", "path": "/credentials",
                                                                "value": credentials}])
    assert apigateway.get_integration(**http_ids)["credentials"] == credentials
