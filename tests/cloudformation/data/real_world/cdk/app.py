"""A CDK app as `cdk init app --language python` grows it: a LambdaRestApi, a RestApi with a request
validator and models, and an HttpApi with an HttpLambdaIntegration, each with its handler in an asset
folder. Synthesized by the tests into the folder given as the first argument."""

import sys
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_lambda as lambda_

HANDLERS = str(Path(__file__).parent / "handlers")


def function(scope, name, handler):
    return lambda_.Function(scope, name, runtime=lambda_.Runtime.PYTHON_3_12, handler=handler,
                            code=lambda_.Code.from_asset(HANDLERS),
                            environment={"APP_SERVICE": name.lower()})


class ProxyStack(cdk.Stack):
    """LambdaRestApi: every path and method goes to one function."""

    def __init__(self, scope, name):
        super().__init__(scope, name)
        backend = function(self, "Backend", "api.proxy")
        api = apigw.LambdaRestApi(self, "ProxyApi", handler=backend,
                                  deploy_options=apigw.StageOptions(stage_name="live",
                                                                    variables={"color": "blue"}),
                                  binary_media_types=["application/octet-stream"])
        cdk.CfnOutput(self, "Url", value=api.url)


class ValidatedStack(cdk.Stack):
    """RestApi with a body validator and a JSON schema model; a Lambda integration behind it."""

    def __init__(self, scope, name):
        super().__init__(scope, name)
        orders = function(self, "Orders", "api.proxy")
        api = apigw.RestApi(self, "OrdersApi", rest_api_name="orders",
                            deploy_options=apigw.StageOptions(stage_name="v1", throttling_rate_limit=100,
                                                              throttling_burst_limit=50))
        model = api.add_model("OrderModel", content_type="application/json", model_name="Order",
                              schema=apigw.JsonSchema(
                                  schema=apigw.JsonSchemaVersion.DRAFT4, title="Order",
                                  type=apigw.JsonSchemaType.OBJECT, required=["sku", "quantity"],
                                  properties={"sku": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING),
                                              "quantity": apigw.JsonSchema(type=apigw.JsonSchemaType.INTEGER,
                                                                           minimum=1)}))
        validator = api.add_request_validator("BodyValidator", validate_request_body=True,
                                              validate_request_parameters=True)
        resource = api.root.add_resource("orders")
        resource.add_method("POST", apigw.LambdaIntegration(orders), request_validator=validator,
                            request_models={"application/json": model},
                            request_parameters={"method.request.header.X-Client": True})
        resource.add_method("GET", apigw.LambdaIntegration(orders))
        cdk.CfnOutput(self, "Url", value=api.url)


class HttpStack(cdk.Stack):
    """HttpApi with HttpLambdaIntegration routes."""

    def __init__(self, scope, name):
        super().__init__(scope, name)
        catalog = function(self, "Catalog", "api.proxy")
        api = apigwv2.HttpApi(self, "CatalogApi", api_name="catalog",
                              cors_preflight=apigwv2.CorsPreflightOptions(
                                  allow_origins=["https://shop.example.com"],
                                  allow_methods=[apigwv2.CorsHttpMethod.GET]))
        integration = integrations.HttpLambdaIntegration("CatalogIntegration", catalog)
        api.add_routes(path="/products", methods=[apigwv2.HttpMethod.GET], integration=integration)
        api.add_routes(path="/products/{id}", methods=[apigwv2.HttpMethod.GET, apigwv2.HttpMethod.DELETE],
                       integration=integration)
        cdk.CfnOutput(self, "Url", value=api.api_endpoint)


app = cdk.App(outdir=sys.argv[1] if len(sys.argv) > 1 else None)
ProxyStack(app, "RealWorldProxy")
ValidatedStack(app, "RealWorldValidated")
HttpStack(app, "RealWorldHttp")
app.synth()
