"""A stage serves what its deployment froze; changes wait for the next deployment."""

from __future__ import annotations


def _lambda_api(client, gwmock, answer):
    gwmock.add_lambda("fn", lambda event, context: {"statusCode": 200, "body": answer})
    api = client.create_api(Name="frozen", ProtocolType="HTTP")
    integration = client.create_integration(
        ApiId=api["ApiId"], IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri="arn:aws:lambda:us-east-1:123456789012:function:fn")
    client.create_route(ApiId=api["ApiId"], RouteKey="GET /pets", Target=f"integrations/{integration['IntegrationId']}")
    client.create_stage(ApiId=api["ApiId"], StageName="prod")
    deployment = client.create_deployment(ApiId=api["ApiId"], StageName="prod")
    return api, deployment, f"https://{api['ApiId']}.execute-api.us-east-1.amazonaws.com/prod"


def test_manual_stage_serves_its_deployment(apigatewayv2, gwmock):
    api, _, base = _lambda_api(apigatewayv2, gwmock, "v1")
    assert gwmock.invoke("GET", f"{base}/pets").text == "v1"
    apigatewayv2.create_route(ApiId=api["ApiId"], RouteKey="GET /cats",
                              Target=apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]["Target"])
    assert gwmock.invoke("GET", f"{base}/cats").status == 404  # not deployed yet
    apigatewayv2.create_deployment(ApiId=api["ApiId"], StageName="prod")
    assert gwmock.invoke("GET", f"{base}/cats").text == "v1"


def test_auto_deploy_stage_follows_changes(apigatewayv2, gwmock):
    api, _, _ = _lambda_api(apigatewayv2, gwmock, "v1")
    apigatewayv2.create_stage(ApiId=api["ApiId"], StageName="$default", AutoDeploy=True)
    base = f"https://{api['ApiId']}.execute-api.us-east-1.amazonaws.com"
    route = apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]
    apigatewayv2.create_route(ApiId=api["ApiId"], RouteKey="GET /cats", Target=route["Target"])
    assert gwmock.invoke("GET", f"{base}/cats").text == "v1"
