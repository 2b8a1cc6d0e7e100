"""Required request parameters must be "included and not blank" ("Request validation for REST APIs")."""

from __future__ import annotations

import pytest
import requests

REGION = "us-east-1"
MISSING = "Missing required request parameters: [{}]"


def _validated(client, parameters):
    api = client.create_rest_api(name="blank-parameters")
    api_id = api["id"]
    validator = client.create_request_validator(restApiId=api_id, name="params", validateRequestParameters=True)
    resource = client.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="{id}")["id"]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod="GET", authorizationType="NONE",
                      requestValidatorId=validator["id"], requestParameters=parameters)
    client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"ok": true}'})
    client.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev"


_QUERY_AND_HEADER = {"method.request.querystring.q": True, "method.request.header.X-H": True}


@pytest.mark.parametrize(("query", "headers", "missing"), [
    ("?q=", {"X-H": ""}, "X-H, q"),                 # both blank: listed as if absent, in the recorded order
    ("?q", {"X-H": "1"}, "q"),                      # a name without '='
    ("?q=1", {"X-H": ""}, "X-H"),                   # an empty header
    ("?q=%20%20", {"X-H": "1"}, "q"),               # whitespace only is blank (guess: Java's isBlank)
    ("?q=1&q=", {"X-H": "1"}, "q"),                 # the value mapped is the last one sent
    ("", {}, "X-H, q"),                             # absent, as before
])
def test_blank_required_parameters_count_as_missing(apigateway, query, headers, missing):
    base = _validated(apigateway, _QUERY_AND_HEADER)
    response = requests.get(f"{base}/7{query}", headers=headers, timeout=5)
    assert (response.status_code, response.json()) == (400, {"message": MISSING.format(missing)})
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"


@pytest.mark.parametrize("query", ["?q=1", "?q=%20x", "?q=&q=1"])
def test_a_filled_parameter_passes(apigateway, query):
    base = _validated(apigateway, _QUERY_AND_HEADER)
    response = requests.get(f"{base}/7{query}", headers={"X-H": "v"}, timeout=5)
    assert (response.status_code, response.json()) == (200, {"ok": True})


def test_multivalue_parameters_need_one_value_that_is_not_blank(apigateway):  # guess
    base = _validated(apigateway, {"method.request.multivaluequerystring.m": True,
                                   "method.request.multivalueheader.X-M": True})
    blank = requests.get(f"{base}/7?m=&m=", headers={"X-M": ""}, timeout=5)
    assert (blank.status_code, blank.json()) == (400, {"message": MISSING.format("X-M, m")})
    filled = requests.get(f"{base}/7?m=2&m=", headers={"X-M": "a"}, timeout=5)
    assert (filled.status_code, filled.json()) == (200, {"ok": True})

