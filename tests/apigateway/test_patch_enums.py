"""Enum fields set through patch operations take only the values of botocore's model, as the
create operations do (AWS could never answer GetRestApi with an ``apiKeySource`` outside its
enum). The wording is a guess modelled on AWS's for ``passthroughBehavior``."""

from __future__ import annotations

import pytest
from helpers import error_of

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"


@pytest.fixture
def api(apigateway):
    created = apigateway.create_rest_api(name="enums")
    apigateway.put_method(restApiId=created["id"], resourceId=created["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=created["id"], resourceId=created["rootResourceId"], httpMethod="GET",
                               type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_integration_response(restApiId=created["id"], resourceId=created["rootResourceId"],
                                        httpMethod="GET", statusCode="200")
    return created["id"], created["rootResourceId"]


def _replace(path, value):
    return [{"op": "replace", "path": path, "value": value}]


def test_api_key_source(apigateway, api):
    api_id, _ = api
    resp = error_of(apigateway.update_rest_api, restApiId=api_id, patchOperations=_replace("/apiKeySource", "FOO"))
    assert (resp["Error"]["Code"], resp["Error"]["Message"]) == (
        "BadRequestException", "Invalid API key source specified: FOO. Valid options are HEADER,AUTHORIZER")
    assert apigateway.get_rest_api(restApiId=api_id)["apiKeySource"] == "HEADER"
    updated = apigateway.update_rest_api(restApiId=api_id, patchOperations=_replace("/apiKeySource", "AUTHORIZER"))
    assert updated["apiKeySource"] == "AUTHORIZER"


@pytest.mark.parametrize("update", ["update_integration", "update_integration_response"])
def test_content_handling(apigateway, api, update):
    api_id, root_id = api
    where = {"restApiId": api_id, "resourceId": root_id, "httpMethod": "GET"}
    if update == "update_integration_response":
        where["statusCode"] = "200"
    resp = error_of(getattr(apigateway, update), **where, patchOperations=_replace("/contentHandling", "FOO"))
    assert resp["Error"]["Message"] == ("Invalid content handling specified: FOO. "
                                        "Valid options are CONVERT_TO_BINARY,CONVERT_TO_TEXT")
    done = getattr(apigateway, update)(**where, patchOperations=_replace("/contentHandling", "CONVERT_TO_TEXT"))
    assert done["contentHandling"] == "CONVERT_TO_TEXT"


def test_security_policy(apigateway):
    apigateway.create_domain_name(domainName="r.example.com", regionalCertificateArn=CERT,
                                  endpointConfiguration={"types": ["REGIONAL"]})
    resp = error_of(apigateway.update_domain_name, domainName="r.example.com",
                    patchOperations=_replace("/securityPolicy", "TLS_9"))
    assert resp["Error"]["Message"].startswith("Invalid security policy specified: TLS_9. Valid options are TLS_1_0,")
    assert apigateway.get_domain_name(domainName="r.example.com")["securityPolicy"] == "TLS_1_2"
    assert apigateway.update_domain_name(domainName="r.example.com", patchOperations=_replace(
        "/securityPolicy", "TLS_1_0"))["securityPolicy"] == "TLS_1_0"
