"""Deploying templates: a 50-resource CloudFormation stack, its deletion, and a SAM app.

The 50-resource template is a REST API with 16 resources and their MOCK methods, models,
request validators, gateway responses, an authorizer, a deployment, a stage, an API key,
a usage plan and its key. Each sample deploys it into a fresh mock (the stack is then
deleted, timed separately). The SAM row is the test suite's SAM app (REST and HTTP APIs,
two Python functions), most of whose time is ``aws-sam-translator``'s. The goal: deploying
50 resources takes milliseconds, not seconds. No floor: nothing else does this in-process.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAM_APP = ROOT / "tests" / "cloudformation" / "data" / "sam_app" / "template.yaml"


def fifty_resources() -> dict[str, Any]:
    resources: dict[str, Any] = {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "bench"}}}
    methods = []
    for n in range(16):
        resources[f"Res{n}"] = {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": f"r{n}"}}
        resources[f"Get{n}"] = {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": f"Res{n}"}, "HttpMethod": "GET",
            "AuthorizationType": "NONE", "MethodResponses": [{"StatusCode": "200"}],
            "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                            "IntegrationResponses": [{"StatusCode": "200"}]}}}
        methods.append(f"Get{n}")
    for n in range(5):
        resources[f"Model{n}"] = {"Type": "AWS::ApiGateway::Model", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": f"M{n}", "ContentType": "application/json",
            "Schema": {"type": "object"}}}
    for n in range(3):
        resources[f"Validator{n}"] = {"Type": "AWS::ApiGateway::RequestValidator", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": f"v{n}", "ValidateRequestBody": True}}
    for n, kind in enumerate(("DEFAULT_4XX", "DEFAULT_5XX", "THROTTLED")):
        resources[f"Response{n}"] = {"Type": "AWS::ApiGateway::GatewayResponse", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResponseType": kind}}
    resources["Authorizer"] = {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
        "RestApiId": {"Ref": "Api"}, "Name": "a", "Type": "TOKEN", "IdentitySource": "method.request.header.Auth",
        "AuthorizerUri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                                     "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:a/invocations"}}}
    resources["Deployment"] = {"Type": "AWS::ApiGateway::Deployment", "DependsOn": methods,
                               "Properties": {"RestApiId": {"Ref": "Api"}}}
    resources["Stage"] = {"Type": "AWS::ApiGateway::Stage", "Properties": {
        "RestApiId": {"Ref": "Api"}, "DeploymentId": {"Ref": "Deployment"}, "StageName": "prod"}}
    resources["Key"] = {"Type": "AWS::ApiGateway::ApiKey", "Properties": {"Enabled": True}}
    resources["Plan"] = {"Type": "AWS::ApiGateway::UsagePlan", "Properties": {
        "ApiStages": [{"ApiId": {"Ref": "Api"}, "Stage": {"Ref": "Stage"}}]}}
    resources["PlanKey"] = {"Type": "AWS::ApiGateway::UsagePlanKey", "Properties": {
        "KeyId": {"Ref": "Key"}, "KeyType": "API_KEY", "UsagePlanId": {"Ref": "Plan"}}}
    assert len(resources) == 50, len(resources)
    return {"Resources": resources, "Outputs": {"Url": {"Value": {
        "Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}/"}}}}


def _time(template: Any, samples: int) -> tuple[float, float]:
    """Median microseconds to deploy, and to delete, ``template`` into a fresh mock."""
    from gwmock import mock_apigateway

    deploys, deletes = [], []
    for _ in range(samples):
        with mock_apigateway() as gw:
            start = time.perf_counter()
            stack = gw.deploy_template(template)
            deploys.append(time.perf_counter() - start)
            start = time.perf_counter()
            stack.delete()
            deletes.append(time.perf_counter() - start)
    return statistics.median(deploys) * 1e6, statistics.median(deletes) * 1e6


def run(quick: bool) -> list[dict[str, Any]]:
    samples = 10 if quick else 50
    template = fifty_resources()
    _time(template, 1)  # first use loads botocore's models and the handler registry
    deploy_us, delete_us = _time(template, samples)
    rows = [
        {"name": "templates: deploy 50 resources", "gwmock_us": deploy_us, "note": f"median of {samples}"},
        {"name": "templates: delete 50 resources", "gwmock_us": delete_us, "note": f"median of {samples}"},
    ]
    try:
        import samtranslator  # noqa: F401
    except ImportError:
        return rows
    _time(SAM_APP, 1)
    sam_us, _ = _time(SAM_APP, max(samples // 5, 3))
    rows.append({"name": "templates: deploy the SAM app", "gwmock_us": sam_us,
                 "note": "mostly aws-sam-translator; 2 Python functions imported"})
    return rows


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(f"{row['name']:<36} {row['gwmock_us'] / 1000:9.2f} ms  {row['note']}")
