"""Scenario: platform tooling that inventories an account with boto3's paginators.

A cost or compliance scanner walks every paginated v1 listing with a small page size and
expects each item exactly once, pages that stay stable while it reads, and per-API
listings that belong to their own API only.
"""

from __future__ import annotations

import datetime
import json

import pytest

REGION = "us-east-1"
PAGE = {"PageSize": 2}


def _walk(client, operation: str, **kwargs) -> list[dict]:
    items = []
    for page in client.get_paginator(operation).paginate(PaginationConfig=PAGE, **kwargs):
        # GetGatewayResponses "does not support pagination": one page whatever the page size
        assert len(page["items"]) <= 2 or operation == "get_gateway_responses"
        items += page["items"]
    return items


@pytest.fixture
def account(apigateway):
    c = apigateway
    apis = []
    for n in range(3):
        api = c.create_rest_api(name=f"svc-{n}")
        api_id, root = api["id"], api["rootResourceId"]
        parent = root
        for part in ("a", "b", "c"):
            parent = c.create_resource(restApiId=api_id, parentId=parent, pathPart=f"{part}{n}")["id"]
            c.put_method(restApiId=api_id, resourceId=parent, httpMethod="GET", authorizationType="NONE")
            c.put_integration(restApiId=api_id, resourceId=parent, httpMethod="GET", type="MOCK")
        for m in range(3):
            c.create_model(restApiId=api_id, name=f"M{n}x{m}", contentType="application/json", schema="{}")
            c.create_request_validator(restApiId=api_id, name=f"v{m}", validateRequestBody=True)
            c.create_authorizer(restApiId=api_id, name=f"auth{m}", type="REQUEST",
                                authorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                                              f"arn:aws:lambda:{REGION}:123456789012:function:f{m}/invocations",
                                identitySource="method.request.header.X", authorizerResultTtlInSeconds=0)
            c.create_documentation_part(restApiId=api_id, location={"type": "METHOD", "path": f"/a{n}",
                                                                    "method": ["GET", "POST", "PUT"][m]},
                                        properties=json.dumps({"summary": str(m)}))
            c.create_deployment(restApiId=api_id, stageName=f"s{m}")
            c.create_documentation_version(restApiId=api_id, documentationVersion=f"{m}.0")
        c.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX", statusCode="400")
        apis.append(api_id)
    c.create_domain_name(domainName="inv.example.com")
    for n, api_id in enumerate(apis):
        c.create_base_path_mapping(domainName="inv.example.com", restApiId=api_id, stage="s0", basePath=f"p{n}")
        c.create_domain_name(domainName=f"d{n}.example.com")
    keys = [c.create_api_key(name=f"key-{k}", enabled=True)["id"] for k in range(5)]
    plan = c.create_usage_plan(name="plan", apiStages=[{"apiId": a, "stage": "s1"} for a in apis],
                               quota={"limit": 10, "period": "DAY"})["id"]
    for key in keys:
        c.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    for n in range(3):
        c.create_usage_plan(name=f"other-{n}")
        c.generate_client_certificate(description=f"cert-{n}")
        c.create_vpc_link(name=f"link-{n}", targetArns=[f"arn:aws:elasticloadbalancing:{REGION}:123456789012:"
                                                        f"loadbalancer/net/nlb{n}/x"])
    return {"apis": apis, "keys": keys, "plan": plan}


def test_every_paginated_listing_yields_each_item_once(apigateway, account):
    c = apigateway
    apis = account["apis"]
    assert sorted(a["id"] for a in _walk(c, "get_rest_apis")) == sorted(apis)
    for n, api_id in enumerate(apis):
        resources = _walk(c, "get_resources", restApiId=api_id)
        assert sorted(r["path"] for r in resources) == [
            "/", f"/a{n}", f"/a{n}/b{n}", f"/a{n}/b{n}/c{n}"]
        assert len({r["id"] for r in resources}) == 4
        assert len(_walk(c, "get_deployments", restApiId=api_id)) == 3
        models = {m["name"] for m in _walk(c, "get_models", restApiId=api_id)}
        assert models == {"Empty", "Error", f"M{n}x0", f"M{n}x1", f"M{n}x2"}
        assert sorted(v["name"] for v in _walk(c, "get_request_validators", restApiId=api_id)) == ["v0", "v1", "v2"]
        assert sorted(a["name"] for a in _walk(c, "get_authorizers", restApiId=api_id)) == [
            "auth0", "auth1", "auth2"]
        assert len(_walk(c, "get_documentation_parts", restApiId=api_id)) == 3
        assert [v["version"] for v in _walk(c, "get_documentation_versions", restApiId=api_id)] == [
            "0.0", "1.0", "2.0"]
        responses = _walk(c, "get_gateway_responses", restApiId=api_id)
        assert len({r["responseType"] for r in responses}) == len(responses)
        assert {r["responseType"]: r.get("statusCode") for r in responses}["DEFAULT_4XX"] == "400"
        assert sorted(s["stageName"] for s in c.get_stages(restApiId=api_id)["item"]) == ["s0", "s1", "s2"]
    assert sorted(m["basePath"] for m in _walk(c, "get_base_path_mappings", domainName="inv.example.com")) == [
        "p0", "p1", "p2"]
    assert sorted(d["domainName"] for d in _walk(c, "get_domain_names")) == [
        "d0.example.com", "d1.example.com", "d2.example.com", "inv.example.com"]
    assert sorted(k["id"] for k in _walk(c, "get_api_keys")) == sorted(account["keys"])
    assert len(_walk(c, "get_usage_plans")) == 4
    assert [p["id"] for p in _walk(c, "get_usage_plans", keyId=account["keys"][0])] == [account["plan"]]
    assert sorted(k["id"] for k in _walk(c, "get_usage_plan_keys", usagePlanId=account["plan"])) == sorted(
        account["keys"])
    assert len(_walk(c, "get_client_certificates")) == 3
    assert len(_walk(c, "get_vpc_links")) == 3
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    pages = list(c.get_paginator("get_usage").paginate(usagePlanId=account["plan"], startDate=today,
                                                       endDate=today, PaginationConfig=PAGE))
    assert sorted(k for page in pages for k in page["items"]) == sorted(account["keys"])


def test_listing_stays_stable_while_the_account_changes(apigateway, account):
    """A scanner that deletes as it walks (cleanup tools) still sees every API once.

    As on AWS, an API's base path mappings must go before the API does."""
    c = apigateway
    seen = []
    for page in c.get_paginator("get_rest_apis").paginate(PaginationConfig={"PageSize": 1}):
        for item in page["items"]:
            seen.append(item["id"])
            for mapping in c.get_base_path_mappings(domainName="inv.example.com")["items"]:
                if mapping["restApiId"] == item["id"]:
                    c.delete_base_path_mapping(domainName="inv.example.com", basePath=mapping["basePath"])
            c.delete_rest_api(restApiId=item["id"])
    assert sorted(seen) == sorted(account["apis"])
    assert c.get_rest_apis()["items"] == []
    # the plan lost every stage of the deleted APIs
    assert c.get_usage_plan(usagePlanId=account["plan"])["apiStages"] == []
