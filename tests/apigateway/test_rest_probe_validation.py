"""Probes of REST request validation against AWS's documented behaviour ("Request validation for
REST APIs", "Set up basic request validation"; aws-recorded test_apigateway_common)."""

from __future__ import annotations

import json
import time

import regex
import requests

from gwmock.runtime import patterns

REGION = "us-east-1"


def _api(client, params=None, models=None, request_models=None, body=True, parameters=True, responses=None):
    api_id = client.create_rest_api(name="probe")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    for name, schema in (models or {}).items():
        client.create_model(restApiId=api_id, name=name, contentType="application/json",
                            schema=json.dumps(schema).replace("API_ID", api_id))
    validator = client.create_request_validator(restApiId=api_id, name="v", validateRequestBody=body,
                                                validateRequestParameters=parameters)["id"]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart="{item}")["id"]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod="POST", authorizationType="NONE",
                      requestValidatorId=validator, requestParameters=params or {},
                      requestModels=request_models or {})
    client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="POST", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}',
                                             "text/plain": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="POST", statusCode="200",
                                    responseTemplates={"application/json": '{"ok": true}'})
    for kind, record in (responses or {}).items():
        client.put_gateway_response(restApiId=api_id, responseType=kind, **record)
    client.create_deployment(restApiId=api_id, stageName="dev")
    return f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev"


def test_missing_parameters_are_listed_sorted_blank_counts_as_missing(apigateway, gwmock):
    base = _api(apigateway, params={"method.request.querystring.zeta": True, "method.request.querystring.alpha": True,
                                    "method.request.header.X-Beta": True, "method.request.querystring.opt": False})
    answer = requests.post(f"{base}/1?zeta=&alpha=%20", json={}, timeout=5)
    assert answer.status_code == 400
    assert answer.json() == {"message": "Missing required request parameters: [X-Beta, alpha, zeta]"}
    assert answer.headers["x-amzn-ErrorType"] == "BadRequestException"
    answer = requests.post(f"{base}/1?zeta=1&alpha=2", headers={"x-beta": "b"}, json={}, timeout=5)
    assert answer.status_code == 200
    # a repeated query parameter: the last value is the one mapped (blank: missing)
    answer = requests.post(f"{base}/1?zeta=1&alpha=2&alpha=", headers={"x-beta": "b"}, json={}, timeout=5)
    assert answer.status_code == 400


def test_multivalue_parameter_present_when_one_value_is_filled(apigateway, gwmock):
    base = _api(apigateway, params={"method.request.multivaluequerystring.tag": True})
    assert requests.post(f"{base}/1?tag=&tag=x", json={}, timeout=5).status_code == 200
    assert requests.post(f"{base}/1?tag=", json={}, timeout=5).status_code == 400


_PET = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": ["kind", "price"],
        "additionalProperties": False,
        "properties": {"kind": {"type": "string", "enum": ["dog", "cat"]}, "price": {"type": "number"},
                       "email": {"type": "string", "format": "email"}, "note": {"type": ["string", "null"]},
                       "tags": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
                       "owner": {"$ref": "https://apigateway.amazonaws.com/restapis/API_ID/models/Owner"}}}
_OWNER = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}}}


def test_body_validation_draft4(apigateway, gwmock):
    base = _api(apigateway, models={"Owner": _OWNER, "Pet": _PET}, request_models={"application/json": "Pet"})

    def status(body):
        return requests.post(f"{base}/1", data=json.dumps(body), headers={"Content-Type": "application/json"},
                             timeout=5).status_code

    assert status({"kind": "dog", "price": 1.5}) == 200
    assert status({"kind": "dog", "price": 1, "note": None, "tags": [[1, 2], []]}) == 200
    assert status({"kind": "dog", "price": "1"}) == 400  # a number as a string is not a number
    assert status({"kind": "cow", "price": 1}) == 400  # enum
    assert status({"kind": "dog", "price": 1, "extra": 1}) == 400  # additionalProperties
    assert status({"kind": "dog"}) == 400  # required
    assert status({"kind": "dog", "price": 1, "tags": [[1, "x"]]}) == 400  # nested arrays
    assert status({"kind": "dog", "price": 1, "owner": {}}) == 400  # $ref to another model
    assert status({"kind": "dog", "price": 1, "owner": {"name": "a"}}) == 200
    assert status({"kind": "dog", "price": None}) == 400  # null is not a number
    # draft 4 "format" is an annotation: the validator does not assert it (guess, as jsonschema's default)
    assert status({"kind": "dog", "price": 1, "email": "not an email"}) == 200
    answer = requests.post(f"{base}/1", data="{not json", headers={"Content-Type": "application/json"}, timeout=5)
    assert (answer.status_code, answer.json()) == (400, {"message": "Invalid request body"})


def test_default_model_for_other_content_types(apigateway, gwmock):
    base = _api(apigateway, models={"Owner": _OWNER}, request_models={"$default": "Owner"})
    answer = requests.post(f"{base}/1", data="{}", headers={"Content-Type": "text/plain"}, timeout=5)
    assert answer.status_code == 400
    answer = requests.post(f"{base}/1", data='{"name": "x"}', headers={"Content-Type": "text/plain"}, timeout=5)
    assert answer.status_code == 200


def test_validation_error_string_in_gateway_responses(apigateway, gwmock):
    template = '{"msg": $context.error.messageString, "detail": "$context.error.validationErrorString"}'
    base = _api(apigateway, models={"Owner": _OWNER}, request_models={"application/json": "Owner"},
                params={"method.request.querystring.q": True},
                responses={"BAD_REQUEST_BODY": {"statusCode": "422",
                                                "responseTemplates": {"application/json": template}},
                           "BAD_REQUEST_PARAMETERS": {"responseTemplates": {"application/json": template}}})
    answer = requests.post(f"{base}/1", json={"name": "x"}, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["msg"] == "Missing required request parameters: [q]"
    answer = requests.post(f"{base}/1?q=1", json={}, timeout=5)
    assert answer.status_code == 422
    assert answer.json() == {"msg": "Invalid request body", "detail": "[object has missing required properties "
                             "([\"name\"])]"} or answer.json()["msg"] == "Invalid request body"


def _slow_length(pattern):
    """A length of ``a`` + ``b`` one match of ``pattern`` takes 10-60 ms on (under the 0.1 s limit)."""
    compiled = regex.compile(pattern)
    for n in range(14, 40):
        started = time.monotonic()
        try:
            compiled.search("a" * n + "b", timeout=1)
        except TimeoutError:
            pass
        if time.monotonic() - started > 0.01:
            return n
    raise AssertionError("no slow length")


def test_hostile_patterns_share_one_budget(apigateway, gwmock):
    """Many properties, each matched by a catastrophic pattern just under the per-match limit, cost
    one request the shared budget, not one 0.1 s limit each: the body is refused (400)."""
    slow = "^(a|aa)+$"
    n = _slow_length(slow)
    for schema in ({"type": "object", "additionalProperties": {"type": "string", "pattern": slow}},
                   {"type": "object", "patternProperties": {slow: {}}},
                   {"type": "array", "items": {"type": "string", "pattern": slow}}):
        base = _api(apigateway, models={"Evil": schema}, request_models={"application/json": "Evil"})
        value = "a" * n + "b"
        body = [value + "" for _ in range(150)] if schema["type"] == "array" else {
            value + str(i): value for i in range(150)}
        started = time.monotonic()
        answer = requests.post(f"{base}/1", json=body, timeout=120)
        took = time.monotonic() - started
        assert answer.status_code == 400
        assert answer.json() == {"message": "Invalid request body"}
        assert took < patterns.BUDGET + 1.0, took
