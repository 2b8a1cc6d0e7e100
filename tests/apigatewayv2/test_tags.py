"""v2 TagResource, UntagResource, GetTags on APIs, stages, domain names and VPC links."""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
PREFIX = "arn:aws:apigateway:us-east-1::"


def _resources(client):
    api_id = client.create_api(Name="api", ProtocolType="HTTP", Tags={"initial": "1"})["ApiId"]
    client.create_stage(ApiId=api_id, StageName="dev", Tags={"initial": "1"})
    client.create_domain_name(DomainName="api.example.com", DomainNameConfigurations=[{"CertificateArn": CERT}],
                              Tags={"initial": "1"})
    link_id = client.create_vpc_link(Name="l", SubnetIds=["subnet-a"], Tags={"initial": "1"})["VpcLinkId"]
    return {
        "api": (f"{PREFIX}/apis/{api_id}", lambda: client.get_api(ApiId=api_id)),
        "stage": (f"{PREFIX}/apis/{api_id}/stages/dev", lambda: client.get_stage(ApiId=api_id, StageName="dev")),
        "domain": (f"{PREFIX}/domainnames/api.example.com",
                   lambda: client.get_domain_name(DomainName="api.example.com")),
        "vpclink": (f"{PREFIX}/vpclinks/{link_id}", lambda: client.get_vpc_link(VpcLinkId=link_id)),
    }


@pytest.mark.parametrize("kind", ["api", "stage", "domain", "vpclink"])
def test_tag_untag_get(apigatewayv2, kind):
    arn, get = _resources(apigatewayv2)[kind]
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"initial": "1"}
    response = apigatewayv2.tag_resource(ResourceArn=arn, Tags={"a": "1", "b": "2"})
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"initial": "1", "a": "1", "b": "2"}
    assert get()["Tags"] == {"initial": "1", "a": "1", "b": "2"}
    response = apigatewayv2.untag_resource(ResourceArn=arn, TagKeys=["a", "initial", "missing"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"b": "2"}
    assert get()["Tags"] == {"b": "2"}


def test_tag_value_overwrites(apigatewayv2):
    arn, _ = _resources(apigatewayv2)["api"]
    apigatewayv2.tag_resource(ResourceArn=arn, Tags={"initial": "2"})
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"initial": "2"}


def test_tags_of_an_unknown_resource(apigatewayv2):
    arn = f"{PREFIX}/apis/nope123"
    for call, kwargs in ((apigatewayv2.get_tags, {}), (apigatewayv2.tag_resource, {"Tags": {"a": "b"}}),
                         (apigatewayv2.untag_resource, {"TagKeys": ["a"]})):
        error = error_of(call, ResourceArn=arn, **kwargs)
        assert_error(error, "NotFoundException", f"Unable to find resource {arn}", 404)


def test_tags_with_a_foreign_arn(apigatewayv2):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:f"
    error = error_of(apigatewayv2.get_tags, ResourceArn=arn)
    assert_error(error, "BadRequestException", f"Invalid ARN specified in the request: {arn}", 400)


def test_reserved_tag_prefix_is_refused(apigatewayv2):
    arn, _ = _resources(apigatewayv2)["vpclink"]
    error = error_of(apigatewayv2.tag_resource, ResourceArn=arn, Tags={"aws:x": "1"})
    assert_error(error, "BadRequestException", status=400)
    assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"initial": "1"}
