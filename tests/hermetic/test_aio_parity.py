"""aiobotocore clients get exactly what botocore clients get: parsed results, modeled errors,
streaming payloads."""

from __future__ import annotations

import asyncio

import boto3
import pytest
from botocore.exceptions import ClientError

from gwmock import mock_apigateway

aiobotocore_session = pytest.importorskip("aiobotocore.session")
REGION = "eu-west-1"


def _strip(response):
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


@mock_apigateway(region=REGION)
def test_results_errors_and_exports_match_botocore():
    sync = boto3.client("apigateway")
    api = sync.create_rest_api(name="parity", description="same")
    resource = sync.get_resources(restApiId=api["id"])["items"][0]["id"]
    sync.put_method(restApiId=api["id"], resourceId=resource, httpMethod="GET", authorizationType="NONE")
    sync.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="GET", type="MOCK")
    sync.create_deployment(restApiId=api["id"], stageName="dev")

    def sync_error():
        with pytest.raises(ClientError) as error:
            sync.create_rest_api(name="x", endpointConfiguration={"types": ["NOPE"]})
        return error.value.response

    async def scenario():
        async with aiobotocore_session.get_session().create_client("apigateway", region_name=REGION) as client:
            fetched = await client.get_rest_api(restApiId=api["id"])
            resources = await client.get_resources(restApiId=api["id"])
            with pytest.raises(ClientError) as error:
                await client.create_rest_api(name="x", endpointConfiguration={"types": ["NOPE"]})
            export = await client.get_export(restApiId=api["id"], stageName="dev", exportType="oas30",
                                             accepts="application/json")
            async with export["body"] as body:
                exported = await body.read()
            return fetched, resources, error.value.response, export, exported

    fetched, resources, error, export, exported = asyncio.run(scenario())
    assert _strip(fetched) == _strip(sync.get_rest_api(restApiId=api["id"]))
    assert _strip(resources) == _strip(sync.get_resources(restApiId=api["id"]))
    expected_error = sync_error()
    assert error["Error"] == expected_error["Error"]
    assert error["ResponseMetadata"]["HTTPStatusCode"] == expected_error["ResponseMetadata"]["HTTPStatusCode"]
    sync_export = sync.get_export(restApiId=api["id"], stageName="dev", exportType="oas30",
                                  accepts="application/json")
    assert exported == sync_export["body"].read()
    assert export["contentType"] == sync_export["contentType"]
