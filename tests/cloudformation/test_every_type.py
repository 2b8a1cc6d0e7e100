"""One of each API Gateway resource type, created through the boto3 operations' handlers, visible
through the control plane, and gone after ``Stack.delete()``."""

from __future__ import annotations

from pathlib import Path

import pytest

TEMPLATE = Path(__file__).parent / "data" / "every_type.yaml"


@pytest.fixture
def stack(gwmock):
    return gwmock.deploy_template(TEMPLATE)


def test_rest_api_family(stack, apigateway):
    api = stack.resources["Api"]
    tags = apigateway.get_rest_api(restApiId=api)["tags"]
    assert tags == {"team": "core", "aws:cloudformation:logical-id": "Api",  # the template's and CloudFormation's
                    "aws:cloudformation:stack-name": "every-type", "aws:cloudformation:stack-id": stack.stack_id}
    method = apigateway.get_method(restApiId=api, resourceId=stack.resources["Pets"], httpMethod="POST")
    assert method["authorizationType"] == "CUSTOM"
    assert method["authorizerId"] == stack.resources["Authorizer"]
    assert method["requestValidatorId"] == stack.resources["Validator"]
    assert method["requestModels"] == {"application/json": "Pet"}
    assert method["methodResponses"]["201"]["responseParameters"] == {"method.response.header.Location": True}
    assert method["methodIntegration"]["integrationResponses"]["201"]["responseParameters"] == {
        "method.response.header.Location": "'/pets/1'"}
    authorizer = apigateway.get_authorizer(restApiId=api, authorizerId=stack.resources["Authorizer"])
    assert (authorizer["type"], authorizer["authorizerResultTtlInSeconds"]) == ("TOKEN", 60)
    assert apigateway.get_model(restApiId=api, modelName="Pet")["contentType"] == "application/json"
    response = apigateway.get_gateway_response(restApiId=api, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert (response["statusCode"], response["defaultResponse"]) == ("404", False)
    assert apigateway.get_documentation_version(restApiId=api, documentationVersion="1.0")["version"] == "1.0"


def test_stage_settings_keys_plans_and_domains(stack, apigateway):
    api = stack.resources["Api"]
    stage = apigateway.get_stage(restApiId=api, stageName="live")
    assert stage["clientCertificateId"] == stack.resources["Certificate"]
    assert stage["accessLogSettings"] == {"destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:access",
                                          "format": "$context.requestId"}
    assert stage["methodSettings"]["*/*"]["throttlingRateLimit"] == 5.0
    key = apigateway.get_api_key(apiKey=stack.resources["Key"])
    assert (key["name"], key["enabled"], key["stageKeys"]) == ("partner", True, [f"{api}/live"])
    keys = apigateway.get_usage_plan_keys(usagePlanId=stack.resources["Plan"])["items"]
    assert [k["id"] for k in keys] == [stack.resources["Key"]]
    mapping = apigateway.get_base_path_mapping(domainName="api.example.com", basePath="v1")
    assert (mapping["restApiId"], mapping["stage"]) == (api, "live")
    domain = apigateway.get_domain_name(domainName="api.example.com")
    assert stack.outputs["RegionalDomain"] == domain["regionalDomainName"]
    assert apigateway.get_account()["cloudwatchRoleArn"] == "arn:aws:iam::123456789012:role/apigw-logs"
    assert apigateway.get_vpc_link(vpcLinkId=stack.resources["Link"])["name"] == "link"


def test_http_and_websocket_family(stack, apigatewayv2):
    http = stack.resources["Http"]
    assert apigatewayv2.get_api(ApiId=http)["CorsConfiguration"]["AllowOrigins"] == ["https://example.com"]
    route = apigatewayv2.get_route(ApiId=http, RouteId=stack.resources["HttpRoute"])
    assert (route["AuthorizationType"], route["AuthorizerId"]) == ("JWT", stack.resources["Jwt"])
    assert apigatewayv2.get_stage(ApiId=http, StageName="prod")["StageVariables"] == {"a": "b"}
    mappings = apigatewayv2.get_api_mappings(DomainName="http.example.com")["Items"]
    assert [(m["ApiId"], m["Stage"], m["ApiMappingKey"]) for m in mappings] == [(http, "prod", "things")]
    ws = stack.resources["Ws"]
    assert apigatewayv2.get_model(ApiId=ws, ModelId=stack.resources["WsModel"])["Name"] == "Msg"
    responses = apigatewayv2.get_integration_responses(ApiId=ws, IntegrationId=stack.resources["WsIntegration"])
    assert [r["IntegrationResponseKey"] for r in responses["Items"]] == ["$default"]
    quick = stack.resources["Quick"]
    integration = apigatewayv2.get_integrations(ApiId=quick)["Items"][0]
    assert integration["TimeoutInMillis"] == 5000
    assert apigatewayv2.get_stages(ApiId=quick)["Items"][0]["Description"] == "overridden"


def test_delete_removes_every_resource(stack, apigateway, apigatewayv2):
    stack.delete()

    assert apigateway.get_rest_apis()["items"] == []
    assert apigateway.get_api_keys()["items"] == []
    assert apigateway.get_usage_plans()["items"] == []
    assert apigateway.get_domain_names()["items"] == []
    assert apigateway.get_client_certificates()["items"] == []
    assert apigateway.get_vpc_links()["items"] == []
    assert apigatewayv2.get_apis()["Items"] == []
    assert apigatewayv2.get_domain_names()["Items"] == []
    assert apigatewayv2.get_vpc_links()["Items"] == []


def test_a_failure_at_the_end_rolls_back_every_type(gwmock):
    from gwmock.cloudformation import TemplateError
    from gwmock.cloudformation.template import load

    document = load(TEMPLATE)[0]
    document["Resources"]["Broken"] = {"Type": "AWS::ApiGateway::Resource", "DependsOn": "QuickOverrides",
                                       "Properties": {"RestApiId": "nope", "ParentId": "x", "PathPart": "y"}}
    before = gwmock.snapshot()

    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(document)

    assert (caught.value.logical_id, caught.value.aws_code) == ("Broken", "NotFoundException")
    after = gwmock.snapshot()
    assert after == before
