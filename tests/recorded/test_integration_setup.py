"""Control-plane steps of data-plane scenarios not replayed elsewhere: test_put_integration_responses
(the method, deployment and PUT method response steps), test_integration_mock_with_path_param
(the MOCK integration as written) and test_error_aws_proxy_not_supported (DynamoDB behind AWS_PROXY)."""

from __future__ import annotations

from helpers import assert_matches, error_of, recorded

REGION = "us-east-1"


def test_put_integration_responses_setup_steps(apigateway):
    backend_url = "http://httpbin.example/post"
    scenario = "test_put_integration_responses"
    api = apigateway.create_rest_api(name="my_api", description="this is my api")
    root = api["rootResourceId"]
    got = apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    assert_matches(got, recorded("integrations", scenario, "put-method-get"))
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="HTTP",
                               uri=backend_url, integrationHttpMethod="POST")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                        selectionPattern="2\\d{2}", responseTemplates={})
    deployment = apigateway.create_deployment(restApiId=api["id"], stageName="local")
    assert_matches(deployment, recorded("integrations", scenario, "deploy"))
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="PUT", authorizationType="none")
    got = apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="PUT", statusCode="200")
    assert_matches(got, recorded("integrations", scenario, "put-method-response-put"))


def test_mock_integration_with_path_param_as_written(apigateway):
    api = apigateway.create_rest_api(name="mock-path-param")
    resource = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"],
                                          pathPart="{testPath}")["id"]
    apigateway.put_method(restApiId=api["id"], resourceId=resource, httpMethod="GET", authorizationType="NONE",
                          requestParameters={"method.request.path.testPath": True})
    integration = apigateway.put_integration(
        restApiId=api["id"], resourceId=resource, httpMethod="GET", type="MOCK",
        requestParameters={"integration.request.path.integrationPath": "method.request.path.testPath"},
        requestTemplates={"application/json": "{statusCode: 200}"})
    assert_matches(integration, recorded("integrations", "test_integration_mock_with_path_param", "integration"),
                   bindings={"<cache-namespace:1>": resource})


def test_dynamodb_behind_aws_proxy_is_refused(apigateway):
    api = apigateway.create_rest_api(name="ddb-proxy")
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="POST",
                          authorizationType="NONE")
    error = error_of(apigateway.put_integration, restApiId=api["id"], resourceId=api["rootResourceId"],
                     httpMethod="POST", type="AWS_PROXY", integrationHttpMethod="POST",
                     uri=f"arn:aws:apigateway:{REGION}:dynamodb:action/PutItem")
    assert_matches(error, recorded("dynamodb", "test_error_aws_proxy_not_supported", "create-integration-error"))
