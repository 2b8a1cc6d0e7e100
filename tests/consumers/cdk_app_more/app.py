"""A second CDK app (``python app.py OUTDIR``): constructs the first app (``../cdk_app``) leaves out.

* ``MoreRest``: ``LambdaRestApi(proxy=False)`` with an ``add_resource``/``add_method`` tree, a
  ``CognitoUserPoolsAuthorizer``, a ``TokenAuthorizer`` with a validation regex and a cache TTL,
  ``method_responses`` with response models, an ``AwsIntegration`` (SQS) with a mapping template,
  more gateway responses, and stage options with caching and per-method options.
* ``MorePrivate``: a ``RestApi`` with ``EndpointType.PRIVATE`` and a resource policy.
* ``MoreV2``: ``HttpApi`` with ``HttpUrlIntegration``, ``HttpJwtAuthorizer``, ``HttpIamAuthorizer``,
  ``default_domain_mapping``, an ``HttpStage`` with its own mapping key, a stage without auto-deploy;
  ``WebSocketApi`` with a ``$connect`` ``WebSocketLambdaAuthorizer`` and a route with a response.
* ``MoreManual``: ``RestApi(deploy=False)``, a hand-made ``Deployment`` and ``Stage`` (canary by escape
  hatch), a model referring to another, a ``DomainName`` with a one- and a two-level mapping, a Route 53 alias.
* ``MoreSfn``: ``StepFunctionsRestApi``. ``MoreShared`` + ``MorePart``: one API split across stacks.
* ``MoreAlias``: integrations through a Lambda alias, ``add_proxy``, ``StageKeys``, ``RateLimitedApiKey``.
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
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

HERE = Path(__file__).parent
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/aaaaaaaa-2222-3333-4444-555555555555"


def function(scope: Construct, name: str, handler: str) -> lambda_.Function:
    return lambda_.Function(scope, name, runtime=lambda_.Runtime.PYTHON_3_12, handler=f"app.{handler}",
                            code=lambda_.Code.from_asset(str(HERE / "lambdas" / "fn")))


class RestStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        echo_fn = function(self, "EchoFunction", "echo")
        token_fn = function(self, "TokenFunction", "token")
        pool = cognito.UserPool(self, "Pool")
        queue = sqs.Queue(self, "Orders")
        api = apigw.LambdaRestApi(
            self, "TreeApi", handler=echo_fn, proxy=False, rest_api_name="tree",
            deploy_options=apigw.StageOptions(
                stage_name="prod", caching_enabled=True, cache_cluster_enabled=True, cache_cluster_size="0.5",
                cache_ttl=cdk.Duration.minutes(1), data_trace_enabled=True,
                method_options={"/books/{id}/GET": apigw.MethodDeploymentOptions(
                    caching_enabled=False, logging_level=apigw.MethodLoggingLevel.ERROR)}))
        books = api.root.add_resource("books")
        books.add_method("GET")  # the handler of the LambdaRestApi
        book = books.add_resource("{id}")
        book.add_method("GET", method_responses=[apigw.MethodResponse(
            status_code="200", response_models={"application/json": apigw.Model.EMPTY_MODEL})])
        cognito_auth = apigw.CognitoUserPoolsAuthorizer(self, "PoolAuthorizer", cognito_user_pools=[pool],
                                                        authorizer_name="pool")
        book.add_method("DELETE", authorizer=cognito_auth, authorization_scopes=["books/admin"])
        token_auth = apigw.TokenAuthorizer(
            self, "BearerAuthorizer", handler=token_fn, authorizer_name="bearer",
            identity_source=apigw.IdentitySource.header("X-Auth"), validation_regex="^Bearer [a-z]+$",
            results_cache_ttl=cdk.Duration.minutes(5))
        api.root.add_resource("me").add_method("GET", authorizer=token_auth)

        role = iam.Role(self, "SqsRole", assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"))
        queue.grant_send_messages(role)
        send = apigw.AwsIntegration(
            service="sqs", path=f"{cdk.Aws.ACCOUNT_ID}/{queue.queue_name}",
            integration_http_method="POST",
            options=apigw.IntegrationOptions(
                credentials_role=role, passthrough_behavior=apigw.PassthroughBehavior.NEVER,
                request_parameters={"integration.request.header.Content-Type":
                                    "'application/x-www-form-urlencoded'"},
                request_templates={"application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"},
                integration_responses=[apigw.IntegrationResponse(
                    status_code="202", response_templates={"application/json": '{"queued": true}'})]))
        api.root.add_resource("orders").add_method(
            "POST", send, method_responses=[apigw.MethodResponse(status_code="202")])
        api.add_gateway_response("Missing", type=apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
                                 status_code="404", templates={"application/json": '{"missing": "$context.path"}'})
        api.add_gateway_response("Default4xx", type=apigw.ResponseType.DEFAULT_4_XX,
                                 response_headers={"X-Gw": "'4xx'"})
        cdk.CfnOutput(self, "QueueName", value=queue.queue_name)
        cdk.CfnOutput(self, "PoolArn", value=pool.user_pool_arn)


class PrivateStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        policy = iam.PolicyDocument(statements=[iam.PolicyStatement(
            principals=[iam.AnyPrincipal()], actions=["execute-api:Invoke"], resources=["execute-api:/*"],
            conditions={"StringEquals": {"aws:SourceVpce": "vpce-0123456789abcdef0"}})])
        api = apigw.RestApi(self, "PrivateApi", rest_api_name="private", policy=policy,
                            endpoint_types=[apigw.EndpointType.PRIVATE],
                            deploy_options=apigw.StageOptions(stage_name="internal"))
        api.root.add_method("GET", apigw.MockIntegration(
            request_templates={"application/json": '{"statusCode": 200}'},
            integration_responses=[apigw.IntegrationResponse(status_code="200")]),
            method_responses=[apigw.MethodResponse(status_code="200")])


class V2Stack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        echo_fn = function(self, "EchoFunction", "echo")
        domain = apigwv2.DomainName(self, "Domain", domain_name="api.more.example.com",
                                    certificate=acm.Certificate.from_certificate_arn(self, "Cert", CERT))
        http = apigwv2.HttpApi(self, "MoreHttp", api_name="more-http",
                               default_domain_mapping=apigwv2.DomainMappingOptions(domain_name=domain))
        jwt = authorizers.HttpJwtAuthorizer("Jwt", "https://issuer.example.com",
                                            jwt_audience=["more-client"],
                                            identity_source=["$request.header.Authorization"])
        http.add_routes(path="/jwt", methods=[apigwv2.HttpMethod.GET], authorizer=jwt,
                        integration=integrations.HttpLambdaIntegration("JwtEcho", echo_fn),
                        authorization_scopes=["read"])
        http.add_routes(path="/iam", methods=[apigwv2.HttpMethod.GET], authorizer=authorizers.HttpIamAuthorizer(),
                        integration=integrations.HttpLambdaIntegration("IamEcho", echo_fn))
        http.add_routes(path="/site/{proxy+}", methods=[apigwv2.HttpMethod.GET],
                        integration=integrations.HttpUrlIntegration("Site", "https://backend.example.com/{proxy}"))
        http.add_routes(path="/echo", methods=[apigwv2.HttpMethod.ANY],
                        integration=integrations.HttpLambdaIntegration("Echo", echo_fn))
        http.add_stage("Staging", stage_name="staging", auto_deploy=False)
        apigwv2.HttpStage(self, "Canary", http_api=http, stage_name="canary", auto_deploy=True,
                          description="the canary", detailed_metrics_enabled=True, stage_variables={"color": "blue"},
                          throttle=apigwv2.ThrottleSettings(rate_limit=3, burst_limit=2),
                          domain_mapping=apigwv2.DomainMappingOptions(domain_name=domain, mapping_key="canary"))
        cdk.CfnOutput(self, "HttpUrl", value=http.url or "")
        cdk.CfnOutput(self, "DomainTarget", value=domain.regional_domain_name)
        cdk.CfnOutput(self, "DomainZone", value=domain.regional_hosted_zone_id)

        ws_auth_fn = function(self, "WsAuthFunction", "ws_auth")
        connect_fn = function(self, "WsConnectFunction", "ws_connect")
        message_fn = function(self, "WsMessageFunction", "ws_message")
        ws = apigwv2.WebSocketApi(
            self, "RoomApi", api_name="rooms",
            connect_route_options=apigwv2.WebSocketRouteOptions(
                integration=integrations.WebSocketLambdaIntegration("Connect", connect_fn),
                authorizer=authorizers.WebSocketLambdaAuthorizer(
                    "WsAuthorizer", ws_auth_fn, identity_source=["route.request.querystring.key"])))
        ws.add_route("say", integration=integrations.WebSocketLambdaIntegration("Say", message_fn),
                     return_response=True)
        stage = apigwv2.WebSocketStage(self, "RoomStage", web_socket_api=ws, stage_name="live", auto_deploy=True)
        cdk.CfnOutput(self, "WsUrl", value=stage.url)


class ManualStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        echo_fn = function(self, "EchoFunction", "echo")
        api = apigw.RestApi(self, "ManualApi", rest_api_name="manual", deploy=False,
                            min_compression_size=cdk.Size.bytes(1024),
                            api_key_source_type=apigw.ApiKeySourceType.AUTHORIZER, cloud_watch_role=False,
                            disable_execute_api_endpoint=False)
        tag = api.add_model("TagModel", model_name="Tag", content_type="application/json", schema=apigw.JsonSchema(
            schema=apigw.JsonSchemaVersion.DRAFT4, type=apigw.JsonSchemaType.OBJECT, required=["label"],
            properties={"label": apigw.JsonSchema(type=apigw.JsonSchemaType.STRING, max_length=5)}))
        note = api.add_model("NoteModel", model_name="Note", content_type="application/json", schema=apigw.JsonSchema(
            schema=apigw.JsonSchemaVersion.DRAFT4, type=apigw.JsonSchemaType.OBJECT, required=["tag"],
            properties={"tag": apigw.JsonSchema(ref=f"https://apigateway.amazonaws.com/restapis/{api.rest_api_id}"
                                                    f"/models/{tag.model_id}")}))
        validator = apigw.RequestValidator(self, "Validator", rest_api=api, validate_request_body=True,
                                           validate_request_parameters=True)
        api.root.add_resource("notes").add_method(
            "POST", apigw.LambdaIntegration(echo_fn), request_validator=validator,
            request_models={"application/json": note},
            request_parameters={"method.request.header.X-Client": True})
        deployment = apigw.Deployment(self, "Deployment", api=api, description="by hand")
        stage = apigw.Stage(self, "Stage", deployment=deployment, stage_name="v2", variables={"mode": "manual"})
        canary = stage.node.default_child
        canary.add_property_override("CanarySetting", {"PercentTraffic": 0,
                                                       "StageVariableOverrides": {"mode": "canary"},
                                                       "UseStageCache": False})
        domain = apigw.DomainName(self, "Domain", domain_name="manual.example.com",
                                  certificate=acm.Certificate.from_certificate_arn(self, "Cert", CERT),
                                  endpoint_type=apigw.EndpointType.REGIONAL,
                                  security_policy=apigw.SecurityPolicy.TLS_1_2)
        domain.add_base_path_mapping(api, base_path="api", stage=stage)
        domain.add_api_mapping(stage, base_path="deep/er")
        zone = route53.HostedZone.from_hosted_zone_attributes(self, "Zone", hosted_zone_id="Z0123456789ABCDEFGHIJ",
                                                              zone_name="example.com")
        route53.ARecord(self, "Alias", zone=zone, record_name="manual",
                        target=route53.RecordTarget.from_alias(targets.ApiGatewayDomain(domain)))
        cdk.CfnOutput(self, "DomainTarget", value=domain.domain_name_alias_domain_name)
        cdk.CfnOutput(self, "DomainZone", value=domain.domain_name_alias_hosted_zone_id)
        cdk.CfnOutput(self, "StageUrl", value=stage.url_for_path("/"))


class SfnStack(cdk.Stack):
    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        machine = sfn.StateMachine(self, "Machine", state_machine_type=sfn.StateMachineType.EXPRESS,
                                   definition_body=sfn.DefinitionBody.from_chainable(sfn.Pass(self, "Done")))
        apigw.StepFunctionsRestApi(self, "SfnApi", state_machine=machine, deploy_options=apigw.StageOptions(
            stage_name="run"), path=True, querystring=True, headers=True, authorizer=False)


class SharedStack(cdk.Stack):
    """The CDK guide's "breaking up methods and resources across stacks": this stack owns the API."""

    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        self.api = apigw.RestApi(self, "SharedApi", rest_api_name="shared", deploy=False, cloud_watch_role=False)
        self.api.root.add_method("ANY", apigw.MockIntegration(
            request_templates={"application/json": '{"statusCode": 200}'},
            integration_responses=[apigw.IntegrationResponse(
                status_code="200", response_templates={"application/json": '{"root": true}'})]),
            method_responses=[apigw.MethodResponse(status_code="200")])


class PartStack(cdk.Stack):
    """Adds a resource to the imported API and deploys it (exports and Fn::ImportValue join the stacks)."""

    def __init__(self, scope: Construct, name: str, api: apigw.RestApi) -> None:
        super().__init__(scope, name)
        imported = apigw.RestApi.from_rest_api_attributes(self, "Imported", rest_api_id=api.rest_api_id,
                                                          root_resource_id=api.rest_api_root_resource_id)
        method = imported.root.add_resource("parts").add_method("GET", apigw.MockIntegration(
            request_templates={"application/json": '{"statusCode": 200}'},
            integration_responses=[apigw.IntegrationResponse(
                status_code="200", response_templates={"application/json": '{"parts": ["a", "b"]}'})]),
            method_responses=[apigw.MethodResponse(status_code="200")])
        deployment = apigw.Deployment(self, "Deployment", api=imported)
        deployment.node.add_dependency(method)
        stage = apigw.Stage(self, "Stage", deployment=deployment, stage_name="shared")
        cdk.CfnOutput(self, "PartsUrl", value=stage.url_for_path("/parts"))


class AliasStack(cdk.Stack):
    """Integrations through a Lambda alias (the ARN carries a qualifier), a proxy resource, and an API key
    bound to a stage by ``StageKeys``, and a ``RateLimitedApiKey`` (key, unnamed plan, plan key)."""

    def __init__(self, scope: Construct, name: str) -> None:
        super().__init__(scope, name)
        echo_fn = function(self, "EchoFunction", "echo")
        live = lambda_.Alias(self, "Live", alias_name="live", version=echo_fn.current_version)
        api = apigw.RestApi(self, "AliasApi", rest_api_name="alias", cloud_watch_role=False,
                            deploy_options=apigw.StageOptions(stage_name="live"))
        api.root.add_proxy(default_integration=apigw.LambdaIntegration(live), any_method=True)
        apigw.ApiKey(self, "StageKey", api_key_name="stage-key", value="stage-key-0123456789abcdef",
                     stages=[api.deployment_stage])
        apigw.RateLimitedApiKey(self, "Limited", api_key_name="limited", value="limited-key-0123456789abcdef",
                                api_stages=[apigw.UsagePlanPerApiStage(api=api, stage=api.deployment_stage)],
                                quota=apigw.QuotaSettings(limit=2, period=apigw.Period.DAY),
                                throttle=apigw.ThrottleSettings(rate_limit=100, burst_limit=50))
        http = apigwv2.HttpApi(self, "AliasHttp", api_name="alias-http",
                               default_integration=integrations.HttpLambdaIntegration("Live", live))
        cdk.CfnOutput(self, "HttpUrl", value=http.url or "")


def main(outdir: str) -> None:
    app = cdk.App(outdir=outdir)
    RestStack(app, "MoreRest")
    PrivateStack(app, "MorePrivate")
    V2Stack(app, "MoreV2")
    ManualStack(app, "MoreManual")
    SfnStack(app, "MoreSfn")
    shared = SharedStack(app, "MoreShared")
    PartStack(app, "MorePart", shared.api)
    AliasStack(app, "MoreAlias")
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1])
