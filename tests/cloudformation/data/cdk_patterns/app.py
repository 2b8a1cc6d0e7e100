"""The CDK patterns teams use most, as a real AWS CDK app: synthesized once per module by
tests/cloudformation/test_cdk_patterns.py (``python app.py OUTDIR``, in a subprocess, as ``cdk synth``
runs it). Four stacks:

* ``PatternsRest``: ``LambdaRestApi`` (proxy) with CORS; ``RestApi`` with nested path-parameter
  resources, ``CognitoUserPoolsAuthorizer``, ``TokenAuthorizer``, ``RequestAuthorizer``, a body
  ``RequestValidator`` + ``Model``, ``UsagePlan`` + generated ``ApiKey``, stage variables, throttling
  and method settings, a second ``Stage``; a ``DomainName`` with base path and API mappings; a
  ``SpecRestApi`` from an inline OpenAPI definition.
* ``PatternsV2``: ``HttpApi`` with ``HttpLambdaIntegration``, ``HttpJwtAuthorizer``, CORS and
  ``HttpUrlIntegration`` (its URL a stack parameter); ``WebSocketApi`` with Lambda ``$connect`` and
  ``$default``, a ``WebSocketMockIntegration`` route with an integration response, ``WebSocketStage``.
* ``PatternsMore``: a function with a ``LayerVersion`` and an ``Alias``, ``HttpIntegration`` and a
  non-proxy ``LambdaIntegration``, ``SpecRestApi`` from ``ApiDefinition.fromAsset``, methods added by a
  ``NestedStack``, an apigatewayv2 ``DomainName`` with ``defaultDomainMapping`` and an
  ``HttpUserPoolAuthorizer``, a ``WebSocketLambdaAuthorizer`` on ``$connect``.
* ``PatternsImport``: adds a resource to PatternsMore's API through cross-stack exports.
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
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

HERE = Path(__file__).parent
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
INLINE_AUTH = '''
def handler(event, context):
    token = event.get("authorizationToken")
    if token != "allow":
        raise Exception("Unauthorized")
    return {"principalId": "inline-user", "context": {"via": "inline"}, "policyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}}
'''


def function(scope: Construct, name: str, handler: str, **kwargs) -> lambda_.Function:
    return lambda_.Function(scope, name, runtime=lambda_.Runtime.PYTHON_3_12, handler=handler,
                            code=lambda_.Code.from_asset(str(HERE / "lambdas" / "api")), **kwargs)


class RestStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        echo = function(self, "EchoFunction", "app.echo", environment={"COLOR": "blue"})
        certificate = acm.Certificate.from_certificate_arn(self, "Certificate", CERTIFICATE)

        # 1. LambdaRestApi (proxy) with CORS for every origin and method
        proxy = apigw.LambdaRestApi(
            self, "ProxyApi", handler=echo, proxy=True, deploy_options=apigw.StageOptions(stage_name="prod"),
            default_cors_preflight_options=apigw.CorsOptions(allow_origins=apigw.Cors.ALL_ORIGINS,
                                                             allow_methods=apigw.Cors.ALL_METHODS))

        # 2. RestApi: nested resources, authorizers, validator, usage plan, stage options
        api = apigw.RestApi(
            self, "ShopApi", rest_api_name="shop",
            deploy_options=apigw.StageOptions(
                stage_name="v1", variables={"color": "red"}, throttling_rate_limit=50, throttling_burst_limit=25,
                metrics_enabled=True, data_trace_enabled=False,
                method_options={"/users/{userId}/orders/{orderId}/GET": apigw.MethodDeploymentOptions(
                    throttling_rate_limit=2, throttling_burst_limit=1, caching_enabled=False)}),
            default_cors_preflight_options=apigw.CorsOptions(
                allow_origins=["https://shop.example"], allow_credentials=True,
                allow_headers=[*apigw.Cors.DEFAULT_HEADERS, "X-Trace"], expose_headers=["X-Request-Id"],
                status_code=200))
        integration = apigw.LambdaIntegration(echo)
        orders = api.root.add_resource("users").add_resource("{userId}").add_resource("orders")
        orders.add_resource("{orderId}").add_method("GET", integration)

        order_model = api.add_model("OrderModel", content_type="application/json", model_name="Order",
                                    schema=apigw.JsonSchema(
                                        schema=apigw.JsonSchemaVersion.DRAFT4, type=apigw.JsonSchemaType.OBJECT,
                                        required=["sku", "quantity"],
                                        properties={"sku": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING),
                                                    "quantity": apigw.JsonSchema(
                                                        type=apigw.JsonSchemaType.INTEGER, minimum=1)}))
        orders.add_method("POST", integration, request_models={"application/json": order_model},
                          request_validator_options=apigw.RequestValidatorOptions(
                              request_validator_name="body-only", validate_request_body=True))

        pool = cognito.UserPool(self, "Users")
        pool.add_resource_server("ShopServer", identifier="shop", scopes=[
            cognito.ResourceServerScope(scope_name="admin", scope_description="admin")])
        pool_authorizer = apigw.CognitoUserPoolsAuthorizer(self, "PoolAuthorizer", cognito_user_pools=[pool])
        cognito_resource = api.root.add_resource("cognito")
        cognito_resource.add_method("GET", integration, authorizer=pool_authorizer,
                                    authorization_type=apigw.AuthorizationType.COGNITO)
        cognito_resource.add_resource("admin").add_method(
            "GET", integration, authorizer=pool_authorizer, authorization_type=apigw.AuthorizationType.COGNITO,
            authorization_scopes=["shop/admin"])

        token_fn = function(self, "TokenFunction", "app.token")
        api.root.add_resource("token").add_method("GET", integration, authorizer=apigw.TokenAuthorizer(
            self, "TokenAuthorizer", handler=token_fn))
        inline_fn = lambda_.Function(self, "InlineAuthFunction", runtime=lambda_.Runtime.PYTHON_3_12,
                                     handler="index.handler", code=lambda_.Code.from_inline(INLINE_AUTH))
        api.root.add_resource("inline").add_method("GET", integration, authorizer=apigw.TokenAuthorizer(
            self, "InlineAuthorizer", handler=inline_fn, results_cache_ttl=cdk.Duration.seconds(0)))
        request_fn = function(self, "RequestFunction", "app.request")
        api.root.add_resource("request").add_method("GET", integration, authorizer=apigw.RequestAuthorizer(
            self, "RequestAuthorizer", handler=request_fn,
            identity_sources=[apigw.IdentitySource.query_string("ticket")]))

        keyed = api.root.add_resource("keyed")
        keyed.add_method("GET", integration, api_key_required=True)
        plan = api.add_usage_plan("Plan", name="shop-plan", api_stages=[
            apigw.UsagePlanPerApiStage(api=api, stage=api.deployment_stage)])
        key = api.add_api_key("Key")
        plan.add_api_key(key)

        api.root.add_resource("color").add_method(
            "GET", apigw.MockIntegration(
                request_templates={"application/json": '{"statusCode": 200}'},
                integration_responses=[apigw.IntegrationResponse(
                    status_code="200",
                    response_templates={"application/json":
                                        '{"color": "$stageVariables.color", "stage": "$context.stage"}'})]),
            method_responses=[apigw.MethodResponse(status_code="200")])
        apigw.Stage(self, "BetaStage", deployment=api.latest_deployment, stage_name="beta",
                    variables={"color": "green"})

        # 4. DomainName with a base path mapping of each API, and a multi-level API mapping
        domain = apigw.DomainName(self, "Domain", domain_name="shop.example.com", certificate=certificate,
                                  endpoint_type=apigw.EndpointType.REGIONAL,
                                  security_policy=apigw.SecurityPolicy.TLS_1_2)
        domain.add_base_path_mapping(api, base_path="shop")
        domain.add_base_path_mapping(proxy, base_path="proxy")
        domain.add_api_mapping(api.deployment_stage, base_path="shop/latest")

        # 3. SpecRestApi from an inline OpenAPI definition
        uri = cdk.Fn.join("", ["arn:", cdk.Aws.PARTITION, ":apigateway:", cdk.Aws.REGION,
                               ":lambda:path/2015-03-31/functions/", echo.function_arn, "/invocations"])
        apigw.SpecRestApi(self, "SpecApi", deploy_options=apigw.StageOptions(stage_name="spec"),
                          api_definition=apigw.ApiDefinition.from_inline({
            "openapi": "3.0.1",
            "info": {"title": "spec-patterns", "version": "1.0"},
            "x-amazon-apigateway-request-validators": {
                "all": {"validateRequestBody": True, "validateRequestParameters": True}},
            "paths": {
                "/health": {"get": {
                    "responses": {"200": {"description": "ok"}},
                    "x-amazon-apigateway-integration": {
                        "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                        "responses": {"default": {"statusCode": "200", "responseTemplates": {
                            "application/json": '{"healthy": true}'}}}}}},
                "/things/{thingId}": {"get": {
                    "parameters": [{"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}},
                                   {"name": "verbose", "in": "query", "required": True,
                                    "schema": {"type": "string"}}],
                    "x-amazon-apigateway-request-validator": "all",
                    "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": uri}}},
            },
        }))
        cdk.CfnOutput(self, "ProxyUrl", value=proxy.url)
        cdk.CfnOutput(self, "ShopUrl", value=api.url)
        cdk.CfnOutput(self, "ApiKeyId", value=key.key_id)
        cdk.CfnOutput(self, "UserPoolId", value=pool.user_pool_id)
        cdk.CfnOutput(self, "DomainTarget", value=domain.domain_name_alias_domain_name)


class V2Stack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        backend = cdk.CfnParameter(self, "BackendUrl", type="String")
        echo = function(self, "EchoV2Function", "app.echo_v2")
        lambda_integration = integrations.HttpLambdaIntegration("EchoIntegration", echo)
        http = apigwv2.HttpApi(self, "BooksApi", api_name="books", cors_preflight=apigwv2.CorsPreflightOptions(
            allow_origins=["https://books.example"], allow_methods=[apigwv2.CorsHttpMethod.ANY],
            allow_headers=["authorization", "content-type"], expose_headers=["x-request-id"],
            allow_credentials=True, max_age=cdk.Duration.hours(1)))
        http.add_routes(path="/books/{bookId}/pages/{page}", methods=[apigwv2.HttpMethod.GET],
                        integration=lambda_integration)
        jwt = authorizers.HttpJwtAuthorizer("Jwt", "https://issuer.example.com", jwt_audience=["books-app"])
        http.add_routes(path="/me", methods=[apigwv2.HttpMethod.GET], integration=lambda_integration,
                        authorizer=jwt)
        http.add_routes(path="/admin", methods=[apigwv2.HttpMethod.GET], integration=lambda_integration,
                        authorizer=jwt, authorization_scopes=["books/admin"])
        http.add_routes(path="/backend", methods=[apigwv2.HttpMethod.GET],
                        integration=integrations.HttpUrlIntegration("Backend", backend.value_as_string))
        http.add_routes(path="/up/{proxy+}", methods=[apigwv2.HttpMethod.ANY],
                        integration=integrations.HttpUrlIntegration(
                            "BackendProxy", cdk.Fn.join("", [backend.value_as_string, "/{proxy}"])))

        connect = function(self, "ConnectFunction", "app.ws_connect")
        default = function(self, "DefaultFunction", "app.ws_default")
        ws = apigwv2.WebSocketApi(
            self, "ChatApi", api_name="chat",
            connect_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration("ConnectIntegration", connect)),
            default_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration("DefaultIntegration", default),
                return_response=True))
        ping = ws.add_route("ping", return_response=True, integration=integrations.WebSocketMockIntegration(
            "Ping", request_templates={"$default": '{"statusCode": 200}'},
            template_selection_expression="\\$default"))
        stage = apigwv2.WebSocketStage(self, "LiveStage", web_socket_api=ws, stage_name="live", auto_deploy=True)
        mock = next(c for c in ping.node.find_all() if isinstance(c, apigwv2.WebSocketIntegration))
        apigwv2.CfnIntegrationResponse(self, "PingResponse", api_id=ws.api_id, integration_id=mock.integration_id,
                                       integration_response_key="$default",
                                       response_templates={"$default": '{"pong": true}'},
                                       template_selection_expression="\\$default")
        cdk.CfnOutput(self, "HttpUrl", value=http.url or "")
        cdk.CfnOutput(self, "WsUrl", value=stage.url)


LAYERED = HERE / "lambdas" / "layered"


class MoreStack(cdk.Stack):
    """Layers, aliases, an OpenAPI asset, a nested stack, v2 custom domains, WebSocket and Cognito
    authorizers, REST HTTP and non-proxy Lambda integrations."""

    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        backend = cdk.CfnParameter(self, "BackendUrl", type="String")
        layer = lambda_.LayerVersion(self, "SharedLayer", code=lambda_.Code.from_asset(str(HERE / "layer")),
                                     compatible_runtimes=[lambda_.Runtime.PYTHON_3_12])
        layered = lambda_.Function(self, "LayeredFunction", runtime=lambda_.Runtime.PYTHON_3_12,
                                   handler="app.handler", code=lambda_.Code.from_asset(str(LAYERED)),
                                   layers=[layer])
        alias = lambda_.Alias(self, "LiveAlias", alias_name="live", version=layered.current_version)

        api = apigw.RestApi(self, "MoreApi", rest_api_name="more",
                            deploy_options=apigw.StageOptions(stage_name="prod"))
        api.root.add_resource("layered").add_method("GET", apigw.LambdaIntegration(layered))
        api.root.add_resource("alias").add_method("GET", apigw.LambdaIntegration(alias))
        api.root.add_resource("backend").add_resource("{item}").add_method(
            "GET", apigw.HttpIntegration(cdk.Fn.join("", [backend.value_as_string, "/items/{item}"]),
                                         proxy=True, options=apigw.IntegrationOptions(
                request_parameters={"integration.request.path.item": "method.request.path.item"})),
            request_parameters={"method.request.path.item": True})
        api.root.add_resource("plain").add_method(
            "POST", apigw.LambdaIntegration(
                function(self, "SumFunction", "app.total"), proxy=False,
                request_templates={"application/json": '{"numbers": $input.json(\'$.numbers\')}'},
                integration_responses=[apigw.IntegrationResponse(
                    status_code="201", response_templates={"application/json": '{"total": $input.path(\'$.sum\')}'})]),
            method_responses=[apigw.MethodResponse(status_code="201")])

        spec = apigw.SpecRestApi(self, "AssetSpecApi", api_definition=apigw.ApiDefinition.from_asset(
            str(HERE / "openapi.yaml")), deploy_options=apigw.StageOptions(stage_name="v1"))

        nested = MethodsStack(self, "Methods", rest_api_id=api.rest_api_id,
                              root_resource_id=api.rest_api_root_resource_id)
        deployment = apigw.Deployment(self, "NestedDeployment", api=apigw.RestApi.from_rest_api_id(
            self, "SameApi", api.rest_api_id))
        deployment.node.add_dependency(nested)
        apigw.Stage(self, "NestedStage", deployment=deployment, stage_name="nested")

        certificate = acm.Certificate.from_certificate_arn(self, "Certificate", CERTIFICATE)
        http_domain = apigwv2.DomainName(self, "HttpDomain", domain_name="books.example.com", certificate=certificate)
        pool = cognito.UserPool(self, "HttpUsers")
        client = pool.add_client("Client")
        http = apigwv2.HttpApi(self, "DomainHttpApi", api_name="domain-books",
                               default_domain_mapping=apigwv2.DomainMappingOptions(domain_name=http_domain,
                                                                                   mapping_key="books"),
                               default_authorizer=authorizers.HttpUserPoolAuthorizer(
                                   "PoolAuthorizer", pool, user_pool_clients=[client]))
        http.add_routes(path="/whoami", methods=[apigwv2.HttpMethod.GET],
                        integration=integrations.HttpLambdaIntegration("Who", function(self, "WhoFunction",
                                                                                       "app.echo_v2")))

        ws_auth = function(self, "WsAuthFunction", "app.ws_authorize")
        ws = apigwv2.WebSocketApi(
            self, "GuardedWs", api_name="guarded",
            connect_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration(
                    "GuardedConnect", function(self, "GuardedConnectFunction", "app.ws_connect")),
                authorizer=authorizers.WebSocketLambdaAuthorizer(
                    "WsAuthorizer", ws_auth, identity_source=["route.request.querystring.token"])),
            default_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration(
                    "GuardedDefault", function(self, "GuardedDefaultFunction", "app.ws_default")),
                return_response=True))
        ws_stage = apigwv2.WebSocketStage(self, "GuardedStage", web_socket_api=ws, stage_name="prod",
                                          auto_deploy=True)

        cdk.CfnOutput(self, "MoreUrl", value=api.url)
        cdk.CfnOutput(self, "AssetSpecUrl", value=spec.url)
        cdk.CfnOutput(self, "NestedUrl", value=f"https://{api.rest_api_id}.execute-api.{self.region}."
                                               f"{self.url_suffix}/nested/")
        cdk.CfnOutput(self, "HttpPoolId", value=pool.user_pool_id)
        cdk.CfnOutput(self, "HttpClientId", value=client.user_pool_client_id)
        cdk.CfnOutput(self, "GuardedWsUrl", value=ws_stage.url)
        self.api = api


class MethodsStack(cdk.NestedStack):
    """The CDK README's way to split a RestApi's methods over stacks: a NestedStack that imports the API."""

    def __init__(self, scope: Construct, name: str, *, rest_api_id: str, root_resource_id: str) -> None:
        super().__init__(scope, name)
        api = apigw.RestApi.from_rest_api_attributes(self, "Api", rest_api_id=rest_api_id,
                                                     root_resource_id=root_resource_id)
        api.root.add_resource("from-nested").add_method("GET", apigw.MockIntegration(
            request_templates={"application/json": '{"statusCode": 200}'},
            integration_responses=[apigw.IntegrationResponse(
                status_code="200", response_templates={"application/json": '{"nested": true}'})]),
            method_responses=[apigw.MethodResponse(status_code="200")])


class ImportingStack(cdk.Stack):
    """Another stack adds a resource to MoreStack's API: the CDK's cross-stack exports and Fn::ImportValue."""

    def __init__(self, scope: Construct, name: str, *, api: apigw.RestApi) -> None:
        super().__init__(scope, name)
        imported = apigw.RestApi.from_rest_api_attributes(self, "Api", rest_api_id=api.rest_api_id,
                                                          root_resource_id=api.rest_api_root_resource_id)
        imported.root.add_resource("imported").add_method("GET", apigw.MockIntegration(
            request_templates={"application/json": '{"statusCode": 200}'},
            integration_responses=[apigw.IntegrationResponse(
                status_code="200", response_templates={"application/json": '{"imported": true}'})]),
            method_responses=[apigw.MethodResponse(status_code="200")])
        deployment = apigw.Deployment(self, "Deployment", api=imported)
        apigw.Stage(self, "Stage", deployment=deployment, stage_name="imported")


def main(outdir: str) -> None:
    app = cdk.App(outdir=outdir)
    RestStack(app, "PatternsRest")
    V2Stack(app, "PatternsV2")
    more = MoreStack(app, "PatternsMore")
    ImportingStack(app, "PatternsImport", api=more.api)
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1])
