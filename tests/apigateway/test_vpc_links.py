"""CreateVpcLink, GetVpcLink(s), UpdateVpcLink, DeleteVpcLink."""

import pytest
from helpers import assert_error, assert_matches, error_of, recorded

NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/1234567890abcdef"


def _rec(test, step):
    return recorded("api", test, step)


def test_vpc_link_lifecycle_matches_aws(apigateway):
    rec = lambda step: _rec("test_vpc_link_lifecycle", step)  # noqa: E731
    created = apigateway.create_vpc_link(name="link", targetArns=[NLB])
    assert_matches(created, rec("create_vpc_link"))
    link_id = created["id"]
    assert_matches(apigateway.get_vpc_link(vpcLinkId=link_id), rec("get_vpc_link"))
    assert_matches(apigateway.get_vpc_links(), rec("get_vpc_links"))
    ops = [{"op": "replace", "path": "/name", "value": "link-updated"}]
    updated = apigateway.update_vpc_link(vpcLinkId=link_id, patchOperations=ops)
    assert_matches(updated, {**rec("update_vpc_link"), "name": "link-updated"})
    assert_matches(apigateway.delete_vpc_link(vpcLinkId=link_id), rec("delete_vpc_link"))
    assert apigateway.get_vpc_links()["items"] == []


def test_create_vpc_link_invalid_parameters(apigateway):
    rec = lambda step: _rec("test_create_vpc_link_invalid_parameters", step)  # noqa: E731
    assert_matches(error_of(apigateway.create_vpc_link, name="link", targetArns=["invalid-arn"]),
                   rec("create_vpc_link_invalid_target_arn"))
    assert_matches(error_of(apigateway.create_vpc_link, name="", targetArns=[NLB]),
                   rec("create_vpc_link_empty_name"))
    assert apigateway.get_vpc_links()["items"] == []


def test_a_link_to_an_application_load_balancer_fails(apigateway):
    # AWS accepts the ARN, then the link fails: Terraform's waiter reports "FAILED: NLB ARN is
    # malformed" for an ALB (hashicorp/terraform-provider-aws #30910, #45230).
    alb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/1234567890abcdef"
    created = apigateway.create_vpc_link(name="link", targetArns=[alb])
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 202 and created["status"] == "PENDING"
    link = apigateway.get_vpc_link(vpcLinkId=created["id"])
    assert (link["status"], link["statusMessage"]) == ("FAILED", "NLB ARN is malformed")
    assert link["targetArns"] == [alb]


@pytest.mark.parametrize(("call", "step", "kwargs"), [
    ("get_vpc_link", "test_get_vpc_link_invalid_id", {}),
    ("delete_vpc_link", "test_delete_vpc_link_invalid_id", {}),
    ("update_vpc_link", "test_update_vpc_link_invalid_id",
     {"patchOperations": [{"op": "replace", "path": "/name", "value": "x"}]}),
])
def test_unknown_vpc_link_is_404(apigateway, call, step, kwargs):
    resp = error_of(getattr(apigateway, call), vpcLinkId="invalid", **kwargs)
    assert_matches(resp, _rec(step, step.replace("test_", "")))


def test_vpc_link_description_and_tags(apigateway):
    created = apigateway.create_vpc_link(name="l", targetArns=[NLB], description="d", tags={"k": "v"})
    assert (created["description"], created["tags"], created["status"]) == ("d", {"k": "v"}, "PENDING")
    arn = f"arn:aws:apigateway:us-east-1::/vpclinks/{created['id']}"
    apigateway.tag_resource(resourceArn=arn, tags={"k2": "v2"})
    got = apigateway.get_vpc_link(vpcLinkId=created["id"])
    assert got["tags"] == {"k": "v", "k2": "v2"}
    ops = [{"op": "replace", "path": "/description", "value": ""}]
    updated = apigateway.update_vpc_link(vpcLinkId=created["id"], patchOperations=ops)
    assert "description" not in updated


def test_update_vpc_link_errors_change_nothing(apigateway):
    link_id = apigateway.create_vpc_link(name="l", targetArns=[NLB])["id"]
    resp = error_of(apigateway.update_vpc_link, vpcLinkId=link_id,
                    patchOperations=[{"op": "replace", "path": "/name", "value": ""}])
    assert_error(resp, "BadRequestException", "Name cannot be empty", 400)
    resp = error_of(apigateway.update_vpc_link, vpcLinkId=link_id,
                    patchOperations=[{"op": "replace", "path": "/targetArns", "value": NLB}])
    assert_error(resp, "BadRequestException", status=400)
    assert apigateway.get_vpc_link(vpcLinkId=link_id)["name"] == "l"
