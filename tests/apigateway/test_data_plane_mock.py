"""MOCK integrations on deployed REST APIs: routing, VTL formatting, request/response overrides."""

from __future__ import annotations

import json

import pytest
import requests
from helpers import recorded

REGION = "us-east-1"


def _mock_api(client, path_part="", verb="GET", request_template='{"statusCode": 200}', response_template=None,
              method=None, response_parameters=None, **integration):
    api = client.create_rest_api(name="mock-api")
    resource = api["rootResourceId"]
    if path_part:
        resource = client.create_resource(restApiId=api["id"], parentId=resource, pathPart=path_part)["id"]
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod=verb, authorizationType="NONE",
                      **(method or {}))
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod=verb, type="MOCK",
                           requestTemplates={"application/json": request_template}, **integration)
    declared = {"responseParameters": dict.fromkeys(response_parameters, False)} if response_parameters else {}
    client.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod=verb, statusCode="200",
                               **declared)
    client.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod=verb, statusCode="200",
                                    **({"responseTemplates": {"application/json": response_template}}
                                       if response_template is not None else {}),
                                    **({"responseParameters": response_parameters} if response_parameters else {}))
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev"


def test_routing_not_found(apigateway):
    _, base = _mock_api(apigateway, "exists", response_template='{"message": "exists", "statusCode": 200}')
    response = requests.get(f"{base}/exists", timeout=5)
    assert response.json() == recorded("common", "test_routing_not_found", "working-route")
    for step, call in (("not-found", lambda: requests.get(f"{base}/not-exists", timeout=5)),
                       ("wrong-method", lambda: requests.post(f"{base}/exists", timeout=5))):
        response = call()
        expected = recorded("common", "test_routing_not_found", step)
        assert response.status_code == 403
        assert response.json() == expected["content"]
        assert response.headers["x-amzn-ErrorType"] == expected["errorType"]


def test_unknown_stage_is_missing_token(apigateway):
    api_id, _ = _mock_api(apigateway, "exists")
    response = requests.get(f"https://{api_id}.execute-api.{REGION}.amazonaws.com/prod/exists", timeout=5)
    assert (response.status_code, response.json()) == (403, {"message": "Missing Authentication Token"})


@pytest.mark.parametrize(("step", "data", "expression"), [
    ("dict-response", {"foo": "bar"}, "$input.path('$.data')"),
    ("json-list", [{"foo": "bar"}], "$input.path('$.data')"),
    ("nested-dict", {"nested": {"foo": "bar"}}, "$input.path('$.data.nested')"),
    ("dict-in-list", [{"foo": "bar"}], "$input.path('$.data[0]')"),
    ("dict-with-nested-list", {"foo": [{"nested": "bar"}]}, "$input.path('$.data')"),
    ("bigger-dict", {"bigger": "dict", "to": "test", "with": "separators"}, "$input.path('$.data')"),
    ("to-string", {"foo": "bar"}, "$input.path('$.data').toString()"),
    ("list-to-string", {"list": [{"foo": "bar"}]}, "$input.path('$.data').toString()"),
])
def test_input_path_formatting(apigateway, step, data, expression):
    # a MOCK's response template sees the method request body only through a variable the
    # request template sets on $context
    template = f'#set($context.echo = {expression}){{"statusCode": 200}}'
    _, base = _mock_api(apigateway, "fmt", "POST", template, '$context.echo')
    response = requests.post(f"{base}/fmt", json={"data": data}, timeout=5)
    assert json.dumps(response.text) == json.dumps(
        recorded("common", "test_input_path_template_formatting", step))


def test_mock_status_from_a_loose_template_and_path_parameters(apigateway):
    _, base = _mock_api(apigateway, "{testPath}", request_template="{statusCode: 200}",
                        response_template='{"path": "$input.params(\'testPath\')"}',
                        method={"requestParameters": {"method.request.path.testPath": True}},
                        requestParameters={"integration.request.path.integrationPath": "method.request.path.testPath"})
    response = requests.get(f"{base}/value", timeout=5)
    assert (response.status_code, response.json()) == (200, {"path": "value"})


def test_request_overrides_reach_the_response_template(apigateway):
    request_template = ('#set($context.requestOverride.path.which = $input.params("which"))'
                        '{"statusCode": 200}')
    response_template = ('#if($context.requestOverride.path.which == "path1")'
                         '{"response": "path was path one"}'
                         '#elseif($context.requestOverride.path.which == "path2")'
                         '{"response": "path was path two"}'
                         '#else{"response": "this is the else clause"}#end')
    _, base = _mock_api(apigateway, "{which}", request_template=request_template,
                        response_template=response_template)
    scenario = "test_integration_mock_with_request_overrides_in_response_template"
    for path, step in (("path1", "invoke-path1"), ("path2", "invoke-path2"), ("other", "invoke-path-else")):
        assert requests.get(f"{base}/{path}", timeout=5).json() == recorded("integrations", scenario, step)


@pytest.mark.parametrize("with_template", [True, False])
def test_response_override_in_request_template(apigateway, with_template):
    request_template = ('#set($context.responseOverride.status = 444)'
                        '#set($context.responseOverride.header.foo = "bar")'
                        '#set($context.custom = "is also passed around")'
                        '{"statusCode": 200}')
    response_template = json.dumps({"custom": "$context.custom", "fooHeader": "$context.responseOverride.header.foo",
                                    "statusOverride": "$context.responseOverride.status"})
    _, base = _mock_api(apigateway, "x", request_template=request_template,
                        response_template=response_template if with_template else None)
    response = requests.get(f"{base}/x", timeout=5)
    expected = recorded("integrations", f"test_integration_mock_with_response_override_in_request_template"
                                        f"[{with_template}]", "response")
    assert response.status_code == expected["status_code"]
    assert response.headers["foo"] == "bar"
    if with_template:
        assert response.json() == expected["body"]
    else:
        assert response.content == b""


def test_vtl_map_assignation(apigateway):
    template = ('#set($map = $util.parseJson(\'{"nested": {"foo": "nestedFoo"}}\'))'
                '#set($map.value = "bar")'
                '#set($ignored = $map.put("value2", "putBar"))'
                '{"value": "$map.value", "value2": "$map.value2", "value3": "$map.nested.foo"}')
    _, base = _mock_api(apigateway, "x", response_template=template)
    response = requests.get(f"{base}/x", timeout=5)
    expected = recorded("integrations", "test_integration_mock_with_vtl_map_assignation", "response")
    assert (response.status_code, response.json()) == (expected["status_code"], expected["body"])


def test_mock_with_missing_response_mapping_is_500(apigateway):
    _, base = _mock_api(apigateway, "x", request_template='{"statusCode": 404}')
    response = requests.get(f"{base}/x", timeout=5)
    assert response.status_code == 200  # the only integration response is the default one
    api = apigateway.create_rest_api(name="strict")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 404}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                        selectionPattern="2\\d{2}")
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    response = requests.get(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/", timeout=5)
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})


# --- answers kept per Content-Type and Accept (mapping.mock_answer) ------------------------------


def _two_status_api(client, passthrough="WHEN_NO_MATCH", **response):
    """GET / answering 201 for JSON requests (a constant template), and whatever a passthrough body asks."""
    api = client.create_rest_api(name="kept")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="POST", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 201}'},
                           passthroughBehavior=passthrough)
    for status, pattern in (("201", None), ("404", "404")):
        client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode=status)
        client.put_integration_response(
            restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode=status,
            **({"selectionPattern": pattern} if pattern else {}),
            responseTemplates={"application/json": f'{{"answer": {status}}}', "text/plain": f"answer {status}"},
            **response)
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"], f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/"


def test_kept_mock_answers_follow_content_type_accept_and_the_passthrough_body(apigateway, gwmock):
    _, url = _two_status_api(apigateway)
    for _ in range(2):  # the second round answers from what the first kept
        json_answer = gwmock.invoke("POST", url, headers={"Content-Type": "application/json"}, body="{}")
        assert (json_answer.status, json_answer.text) == (201, '{"answer": 201}')
        plain = gwmock.invoke("POST", url, headers={"Content-Type": "application/json", "Accept": "text/plain"})
        assert (plain.status, plain.text, plain.headers["Content-Type"]) == (201, "answer 201", "text/plain")
        # no template for text/plain requests: the body passes through and asks for its own status
        for body, status in (('{"statusCode": 404}', 404), ('{"statusCode": 201}', 201), ('{"statusCode": 404}', 404)):
            passed = gwmock.invoke("POST", url, headers={"Content-Type": "text/plain"}, body=body)
            assert passed.status == status
    assert json_answer.headers["Content-Type"] == "application/json"
    json_answer.headers["X-Mine"] = "changed"  # a caller changing its answer changes no later one
    assert "X-Mine" not in gwmock.invoke("POST", url, headers={"Content-Type": "application/json"}).headers


def test_kept_mock_answers_end_with_their_deployment(apigateway, gwmock):
    api_id, url = _two_status_api(apigateway)
    assert gwmock.invoke("POST", url).text == '{"answer": 201}'
    resources = apigateway.get_resources(restApiId=api_id)["items"]
    apigateway.update_integration_response(
        restApiId=api_id, resourceId=resources[0]["id"], httpMethod="POST", statusCode="201",
        patchOperations=[{"op": "replace", "path": "/responseTemplates/application~1json", "value": '{"v": 2}'}])
    assert gwmock.invoke("POST", url).text == '{"answer": 201}'  # not deployed yet
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    assert gwmock.invoke("POST", url).text == '{"v": 2}'


def test_mock_answers_with_response_parameters_are_made_per_request(apigateway, gwmock):
    _, base = _mock_api(apigateway, response_parameters={"method.response.header.X-Id": "context.requestId"})
    assert len({gwmock.invoke("GET", f"{base}/").headers["X-Id"] for _ in range(3)}) == 3


def test_mock_answers_with_content_handling_convert_each_time(apigateway, gwmock):
    _, url = _two_status_api(apigateway, contentHandling="CONVERT_TO_TEXT")
    assert [gwmock.invoke("POST", url).text for _ in range(2)] == ['{"answer": 201}'] * 2


def test_a_template_that_reads_the_request_is_rendered_each_time(apigateway, gwmock):
    _, base = _mock_api(apigateway, "echo", "POST", '{"statusCode": 200}', '$input.params("q")')
    assert [gwmock.invoke("POST", f"{base}/echo?q={q}").text for q in ("a", "b", "a")] == ["a", "b", "a"]
