"""v2 VPC links."""

from __future__ import annotations

import datetime

from helpers import assert_error, error_of


def _create(client, **kwargs):
    return client.create_vpc_link(Name="link", SubnetIds=["subnet-a", "subnet-b"], **kwargs)


def test_create_vpc_link_is_pending(apigatewayv2):
    link = _create(apigatewayv2)
    assert link["ResponseMetadata"]["HTTPStatusCode"] == 201
    link.pop("ResponseMetadata")
    assert isinstance(link.pop("CreatedDate"), datetime.datetime)
    assert link == {"Name": "link", "SecurityGroupIds": [], "SubnetIds": ["subnet-a", "subnet-b"], "Tags": {},
                    "VpcLinkId": link["VpcLinkId"], "VpcLinkStatus": "PENDING",
                    "VpcLinkStatusMessage": "VPC link is provisioning ENIs", "VpcLinkVersion": "V2"}


def test_vpc_link_is_available_once_read(apigatewayv2):
    link_id = _create(apigatewayv2, SecurityGroupIds=["sg-1"], Tags={"k": "v"})["VpcLinkId"]
    link = apigatewayv2.get_vpc_link(VpcLinkId=link_id)
    assert link["VpcLinkStatus"] == "AVAILABLE"
    assert link["VpcLinkStatusMessage"] == "VPC link is ready to route traffic"
    assert link["SecurityGroupIds"] == ["sg-1"]
    assert link["Tags"] == {"k": "v"}
    items = apigatewayv2.get_vpc_links()["Items"]
    assert [(i["VpcLinkId"], i["VpcLinkStatus"]) for i in items] == [(link_id, "AVAILABLE")]


def test_create_vpc_link_empty_name(apigatewayv2):
    error = error_of(apigatewayv2.create_vpc_link, Name=" ", SubnetIds=["subnet-a"])
    assert_error(error, "BadRequestException", "Name cannot be empty", 400)
    assert apigatewayv2.get_vpc_links()["Items"] == []


def test_get_vpc_links_pages(apigatewayv2):
    ids = [_create(apigatewayv2)["VpcLinkId"] for _ in range(3)]
    page = apigatewayv2.get_vpc_links(MaxResults="2")
    rest = apigatewayv2.get_vpc_links(NextToken=page["NextToken"])
    assert [i["VpcLinkId"] for i in page["Items"] + rest["Items"]] == ids


def test_update_vpc_link(apigatewayv2):
    link_id = _create(apigatewayv2)["VpcLinkId"]
    updated = apigatewayv2.update_vpc_link(VpcLinkId=link_id, Name="renamed")
    assert updated["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert updated["Name"] == "renamed"
    assert updated["VpcLinkStatus"] == "AVAILABLE"
    assert apigatewayv2.get_vpc_link(VpcLinkId=link_id)["Name"] == "renamed"


def test_delete_vpc_link(apigatewayv2):
    link_id = _create(apigatewayv2)["VpcLinkId"]
    response = apigatewayv2.delete_vpc_link(VpcLinkId=link_id)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert apigatewayv2.get_vpc_links()["Items"] == []


def test_unknown_vpc_link(apigatewayv2):
    for call, kwargs in ((apigatewayv2.get_vpc_link, {}), (apigatewayv2.update_vpc_link, {"Name": "x"}),
                         (apigatewayv2.delete_vpc_link, {})):
        error = error_of(call, VpcLinkId="abc123", **kwargs)
        assert_error(error, "NotFoundException", "Invalid VpcLink identifier specified abc123", 404)
        assert error["ResourceType"] == "VpcLink"
