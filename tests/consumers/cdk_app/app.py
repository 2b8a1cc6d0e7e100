"""A small real AWS CDK app, synthesized by tests/consumers/test_cdk_synth.py in a subprocess.

``python app.py OUTDIR`` writes ``OUTDIR/<Stack>.template.json`` and the asset folders, as
``cdk synth`` does. Three stacks, written the way CDK users write them:

* ``CdkRest``: ``RestApi`` with nested resources, ``LambdaIntegration``, a ``MockIntegration``,
  CORS preflight, a request validator with a JSON schema model, an API key with a usage plan,
  a ``TokenAuthorizer`` and stage options.
* ``CdkProxy``: ``LambdaRestApi`` (proxy) behind a ``RequestAuthorizer``, and a ``SpecRestApi``
  from an inline OpenAPI definition.
* ``CdkV2``: ``HttpApi`` with ``HttpLambdaIntegration``, CORS and a simple-response Lambda
  authorizer; ``WebSocketApi`` with ``$connect``, ``$default`` and a custom route.
"""

from __future__ import annotations

import sys
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_authorizers as authorizers
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

HERE = Path(__file__).parent
API_KEY = "cdk-consumer-key-0123456789abcdef"


def function(scope: Construct, name: str, folder: str, handler: str, **kwargs) -> lambda_.Function:
    return lambda_.Function(scope, name, runtime=lambda_.Runtime.PYTHON_3_12, handler=handler,
                            code=lambda_.Code.from_asset(str(HERE / "lambdas" / folder)), **kwargs)


class RestStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        items_fn = function(self, "ItemsFunction", "items", "app.handler", environment={"TABLE": "items-table"})
        token_fn = function(self, "TokenFunction", "auth", "app.token")
        integration = apigw.LambdaIntegration(items_fn)
        access_logs = logs.LogGroup(self, "AccessLogs")
        certificate = acm.Certificate.from_certificate_arn(
            self, "Certificate", "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555")

        api = apigw.RestApi(
            self, "ItemsApi", rest_api_name="items", description="Items, as the CDK declares them",
            binary_media_types=["image/png"], endpoint_types=[apigw.EndpointType.REGIONAL],
            domain_name=apigw.DomainNameOptions(domain_name="items.example.com", certificate=certificate,
                                                base_path="v1", endpoint_type=apigw.EndpointType.REGIONAL),
            deploy_options=apigw.StageOptions(
                stage_name="dev", variables={"table": "items-dev"}, description="development",
                tracing_enabled=True, access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                    caller=False, http_method=True, ip=True, protocol=True, request_time=True,
                    resource_path=True, response_length=True, status=True, user=False),
                throttling_rate_limit=100, throttling_burst_limit=50, metrics_enabled=True,
                logging_level=apigw.MethodLoggingLevel.INFO,
                method_options={"/items/GET": apigw.MethodDeploymentOptions(
                    throttling_rate_limit=5, throttling_burst_limit=2)}),
            default_cors_preflight_options=apigw.CorsOptions(
                allow_origins=["https://example.com", "https://other.example"],
                allow_methods=["GET", "POST"], allow_headers=["Content-Type", "X-Api-Key"],
                max_age=cdk.Duration.minutes(5)))

        item_model = api.add_model(
            "ItemModel", content_type="application/json", model_name="Item",
            schema=apigw.JsonSchema(
                schema=apigw.JsonSchemaVersion.DRAFT4, title="Item", type=apigw.JsonSchemaType.OBJECT,
                required=["name"],
                properties={"name": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, min_length=1),
                            "price": apigw.JsonSchema(type=apigw.JsonSchemaType.NUMBER)}))
        body_validator = api.add_request_validator("BodyValidator", request_validator_name="body",
                                                   validate_request_body=True)
        params_validator = api.add_request_validator("ParamsValidator", request_validator_name="params",
                                                     validate_request_parameters=True)

        items = api.root.add_resource("items")
        items.add_method("GET", integration, request_validator=params_validator,
                         request_parameters={"method.request.querystring.limit": True})
        items.add_method("POST", integration, request_validator=body_validator,
                         request_models={"application/json": item_model})
        item = items.add_resource("{id}")
        item.add_method("GET", integration)
        item.add_resource("tags").add_method("GET", integration)

        api.root.add_resource("status").add_method(
            "GET",
            apigw.MockIntegration(
                request_templates={"application/json": '{"statusCode": 200}'},
                passthrough_behavior=apigw.PassthroughBehavior.NEVER,
                integration_responses=[apigw.IntegrationResponse(
                    status_code="200",
                    response_templates={"application/json": '{"status": "ok", "stage": "$context.stage"}'},
                    response_parameters={"method.response.header.X-Status": "'green'"})]),
            method_responses=[apigw.MethodResponse(
                status_code="200", response_parameters={"method.response.header.X-Status": True})])

        authorizer = apigw.TokenAuthorizer(self, "TokenAuthorizer", handler=token_fn, authorizer_name="token",
                                           results_cache_ttl=cdk.Duration.seconds(0))
        api.root.add_resource("secure").add_method("GET", integration, authorizer=authorizer)

        keyed_get = api.root.add_resource("keyed").add_method("GET", integration, api_key_required=True)
        key = api.add_api_key("ApiKey", api_key_name="cdk-key", value=API_KEY)
        plan = api.add_usage_plan(
            "UsagePlan", name="basic",
            throttle=apigw.ThrottleSettings(rate_limit=10, burst_limit=20),
            quota=apigw.QuotaSettings(limit=1000, period=apigw.Period.DAY))
        plan.add_api_key(key)
        plan.add_api_stage(stage=api.deployment_stage, throttle=[apigw.ThrottlingPerMethod(
            method=keyed_get, throttle=apigw.ThrottleSettings(rate_limit=1, burst_limit=1))])

        api.add_gateway_response(
            "Unauthorized", type=apigw.ResponseType.UNAUTHORIZED, status_code="401",
            response_headers={"Access-Control-Allow-Origin": "'*'"},
            templates={"application/json":
                       '{"error": $context.error.messageString, "kind": "$context.error.responseType"}'})

        cdk.CfnOutput(self, "ApiKeyId", value=key.key_id)
        cdk.CfnOutput(self, "StatusUrl", value=api.url_for_path("/status"))


class ProxyStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        proxy_fn = function(self, "ProxyFunction", "items", "app.handler")
        request_fn = function(self, "RequestAuthFunction", "auth", "app.request")
        authorizer = apigw.RequestAuthorizer(self, "RequestAuthorizer", handler=request_fn,
                                             identity_sources=[apigw.IdentitySource.header("X-Token")],
                                             results_cache_ttl=cdk.Duration.seconds(0))
        apigw.LambdaRestApi(self, "ProxyApi", handler=proxy_fn,
                            deploy_options=apigw.StageOptions(stage_name="live"),
                            default_method_options=apigw.MethodOptions(authorizer=authorizer))

        uri = cdk.Fn.join("", ["arn:", cdk.Aws.PARTITION, ":apigateway:", cdk.Aws.REGION,
                               ":lambda:path/2015-03-31/functions/", proxy_fn.function_arn, "/invocations"])
        spec = apigw.SpecRestApi(self, "SpecApi", deploy_options=apigw.StageOptions(stage_name="v1"),
                                 api_definition=apigw.ApiDefinition.from_inline({
            "openapi": "3.0.1",
            "info": {"title": "spec", "version": "1.0"},
            "paths": {
                "/ping": {"get": {
                    "responses": {"200": {"description": "pong"}},
                    "x-amazon-apigateway-integration": {
                        "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                        "responses": {"default": {"statusCode": "200",
                                                  "responseTemplates": {"application/json": '{"pong": true}'}}}},
                }},
                "/echo/{word}": {"get": {
                    "parameters": [{"name": "word", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": uri},
                }},
            },
        }))
        proxy_fn.add_permission("SpecInvoke", principal=cdk.aws_iam.ServicePrincipal("apigateway.amazonaws.com"),
                                source_arn=spec.arn_for_execute_api())


class V2Stack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        http_fn = function(self, "HttpFunction", "http", "app.handler")
        simple_fn = function(self, "SimpleAuthFunction", "auth", "app.simple")
        integration = integrations.HttpLambdaIntegration("BooksIntegration", http_fn)
        http = apigwv2.HttpApi(self, "HttpApi", api_name="books", cors_preflight=apigwv2.CorsPreflightOptions(
            allow_origins=["https://example.com"], allow_methods=[apigwv2.CorsHttpMethod.GET],
            allow_headers=["authorization"], max_age=cdk.Duration.minutes(10)))
        http.add_routes(path="/books/{id}", methods=[apigwv2.HttpMethod.GET], integration=integration)
        authorizer = authorizers.HttpLambdaAuthorizer(
            "SimpleAuthorizer", simple_fn, response_types=[authorizers.HttpLambdaResponseType.SIMPLE],
            results_cache_ttl=cdk.Duration.seconds(0))
        http.add_routes(path="/private", methods=[apigwv2.HttpMethod.GET], integration=integration,
                        authorizer=authorizer)
        http.add_stage("Beta", stage_name="beta", auto_deploy=True,
                       throttle=apigwv2.ThrottleSettings(rate_limit=10, burst_limit=5))
        cdk.CfnOutput(self, "HttpUrl", value=http.url or "")

        connect_fn = function(self, "ConnectFunction", "ws", "app.connect")
        default_fn = function(self, "DefaultFunction", "ws", "app.default")
        shout_fn = function(self, "ShoutFunction", "ws", "app.shout")
        ws = apigwv2.WebSocketApi(
            self, "ChatApi", api_name="chat",
            connect_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration("ConnectIntegration", connect_fn)),
            default_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration("DefaultIntegration", default_fn),
                return_response=True))
        ws.add_route("shout", integration=integrations.WebSocketLambdaIntegration("ShoutIntegration", shout_fn),
                     return_response=True)
        stage = apigwv2.WebSocketStage(self, "ChatStage", web_socket_api=ws, stage_name="prod", auto_deploy=True)
        cdk.CfnOutput(self, "WsUrl", value=stage.url)


def main(outdir: str) -> None:
    app = cdk.App(outdir=outdir)
    RestStack(app, "CdkRest")
    ProxyStack(app, "CdkProxy")
    V2Stack(app, "CdkV2")
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1])
