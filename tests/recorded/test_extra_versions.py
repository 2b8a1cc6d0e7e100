"""Recordings of real AWS that the copy in ../shared/aws-recorded lacks, taken from other versions
of LocalStack's snapshot files (tests/data/aws_recorded/extra_versions.json names the path and
commit of each scenario): REST API (v1) control-plane and data-plane answers.

- test_apigateway_common.py::test_api_gateway_request_validator (2023 recording): UpdateMethod's
  whole answer after adding a request model and clearing ``requestValidatorId`` with an empty
  ``replace``, and the 400 for a required path parameter the resource path does not declare."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import requests
from helpers import assert_matches

REGION = "us-east-1"
ACCOUNT = "111111111111"  # the recording account
DATA = Path(__file__).resolve().parents[1] / "data" / "aws_recorded" / "extra_versions.json"


@functools.cache
def _scenarios() -> dict[str, Any]:
    return json.loads(DATA.read_text())["scenarios"]  # type: ignore[no-any-return]


def extra(test: str, step: str) -> Any:
    """Step ``step`` of scenario ``test`` (matched by suffix) in extra_versions.json."""
    for key, value in _scenarios().items():
        if key.split("::")[-1] == test and step in value["recorded-content"]:
            return value["recorded-content"][step]
    raise KeyError(f"{test}:{step} is not in {DATA.name}")


# --- test_apigateway_common (commit c8f7eb98, recorded 26-05-2023) -------------------------------

VALIDATOR = "test_api_gateway_request_validator"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:test-validator"


def _proxy_echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": event["body"]}


def _validated_methods(client: Any, gwmock: Any) -> tuple[str, str, str]:
    """/test/{test} with GET and POST: Lambda proxy, validator on, path parameter ``test`` required."""
    gwmock.add_lambda(FN, _proxy_echo)
    api = client.create_rest_api(name="aws lambda api")
    api_id = api["id"]
    parent = client.create_resource(restApiId=api_id, parentId=api["rootResourceId"], pathPart="test")["id"]
    resource = client.create_resource(restApiId=api_id, parentId=parent, pathPart="{test}")["id"]
    validator = client.create_request_validator(restApiId=api_id, name="test-validator",
                                                validateRequestParameters=True, validateRequestBody=True)["id"]
    for verb in ("GET", "POST"):
        client.put_method(restApiId=api_id, resourceId=resource, httpMethod=verb, authorizationType="NONE",
                          requestValidatorId=validator, requestParameters={"method.request.path.test": True})
        client.put_integration(restApiId=api_id, resourceId=resource, httpMethod=verb, integrationHttpMethod="POST",
                               type="AWS_PROXY",
                               uri=f"arn:aws:apigateway:{REGION}:lambda:path//2015-03-31/functions/{FN}/invocations")
        client.put_method_response(restApiId=api_id, resourceId=resource, httpMethod=verb, statusCode="200")
        client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod=verb, statusCode="200")
    client.create_deployment(restApiId=api_id, stageName="local")
    return api_id, resource, f"https://{api_id}.execute-api.{REGION}.amazonaws.com/local/test/value"


def _patch(client: Any, api_id: str, resource: str, verb: str, *ops: tuple[str, str, str]) -> Any:
    operations = [{"op": op, "path": path, "value": value} for op, path, value in ops]
    return client.update_method(restApiId=api_id, resourceId=resource, httpMethod=verb, patchOperations=operations)


@pytest.mark.gwmock(account=ACCOUNT)
def test_request_validator_update_method_answers(apigateway, gwmock):
    """AWS took ``lambda:path//2015-03-31/...`` and kept it; the validator answers before the
    integration runs, so no Lambda call is needed here."""
    api_id, resource, url = _validated_methods(apigateway, gwmock)
    bindings: dict[str, Any] = {}
    # a required path parameter the resource path does not declare: every request is refused
    _patch(apigateway, api_id, resource, "POST", ("add", "/requestParameters/method.request.path.issuer", "true"),
           ("remove", "/requestParameters/method.request.path.test", "true"))
    apigateway.create_deployment(restApiId=api_id, stageName="local")
    refused = requests.post(url, json={"test": "test"}, timeout=5)
    assert (refused.status_code, refused.json()) == (400, extra(VALIDATOR, "missing-required-request-params"))
    apigateway.create_model(restApiId=api_id, name="testSchema", contentType="application/json", schema=json.dumps(
        {"title": "testSchema", "type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
         "required": ["a", "b"]}))
    for verb in ("GET", "POST"):
        added = _patch(apigateway, api_id, resource, verb, ("add", "/requestModels/application~1json", "testSchema"))
        assert_matches(added, extra(VALIDATOR, f"add-schema-{verb}"), bindings=bindings)
    _patch(apigateway, api_id, resource, "POST", ("add", "/requestParameters/method.request.path.test", "true"),
           ("remove", "/requestParameters/method.request.path.issuer", "true"))
    apigateway.create_deployment(restApiId=api_id, stageName="local")
    assert requests.post(url, json={"test": "test"}, timeout=5).status_code == 400
    assert requests.get(url, timeout=5).status_code == 400
    for verb in ("GET", "POST"):
        removed = _patch(apigateway, api_id, resource, verb, ("replace", "/requestValidatorId", ""))
        assert_matches(removed, extra(VALIDATOR, f"remove-validator-{verb}"), bindings=bindings)
    assert bindings["<region>"] == REGION and bindings["<fn_name:1>"] == "test-validator"


@pytest.mark.gwmock(account=ACCOUNT)
def test_lambda_proxy_through_a_double_slash_uri(apigateway, gwmock):
    """The recording's test posts to the function through that URI and gets its answer."""
    *_, url = _validated_methods(apigateway, gwmock)
    response = requests.post(url, json={"test": "test"}, timeout=5)
    assert (response.status_code, response.json()) == (200, {"test": "test"})
