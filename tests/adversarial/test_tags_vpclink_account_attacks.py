"""Attacks on tags and ARNs (v1 and v2), VPC links, client certificates and the account.

Each refusal is checked for AWS's code, status and wording, for leaving state as it was, and
for the mock still serving the next call.
"""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REGION = "us-east-1"
P = f"arn:aws:apigateway:{REGION}::"
ACCOUNT_P = f"arn:aws:apigateway:{REGION}:123456789012:"
NLB = f"arn:aws:elasticloadbalancing:{REGION}:123456789012:loadbalancer/net/nlb/0123456789abcdef"
CERT = f"arn:aws:acm:{REGION}:123456789012:certificate/11111111-2222-3333-4444-555555555555"
ROLE = "arn:aws:iam::123456789012:role/apigw-logs"
RESERVED = "Invalid tag key. Tag keys cannot start with 'aws:' (case insensitive)"
TOO_MANY = "Too many tags: a resource can have at most 50 tags"
BAD_KEY = "Invalid tag key: keys must be 1 to 128 characters long"
BAD_VALUE = "Invalid tag value: values must be at most 256 characters long"
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _not_found_v1(arn):
    return f"Invalid resource identifier specified: {arn}"


def _deployed_api(client):
    api = client.create_rest_api(name="a", tags={"initial": "1"})["id"]
    root = client.get_resources(restApiId=api)["items"][0]["id"]
    client.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    deployment = client.create_deployment(restApiId=api, stageName="dev")["id"]
    return api, root, deployment


# --- v1: every taggable ARN shape -------------------------------------------------------------


def _v1_resources(c):
    api, _, _ = _deployed_api(c)
    key = c.create_api_key(name="k", tags={"initial": "1"})["id"]
    plan = c.create_usage_plan(name="p", tags={"initial": "1"})["id"]
    c.create_domain_name(domainName="pub.example.com", regionalCertificateArn=CERT,
                         endpointConfiguration={"types": ["REGIONAL"]}, tags={"initial": "1"})
    cert = c.generate_client_certificate(tags={"initial": "1"})["clientCertificateId"]
    link = c.create_vpc_link(name="l", targetArns=[NLB], tags={"initial": "1"})["id"]
    private = c.create_domain_name(domainName="priv.example.com", certificateArn=CERT,
                                   endpointConfiguration={"types": ["PRIVATE"]}, tags={"initial": "1"})
    assoc = c.create_domain_name_access_association(
        domainNameArn=private["domainNameArn"], accessAssociationSourceType="VPCE", accessAssociationSource="vpce-1",
        tags={"initial": "1"})["domainNameAccessAssociationArn"]
    private_id = private["domainNameId"]
    c.tag_resource(resourceArn=f"{P}/restapis/{api}/stages/dev", tags={"initial": "1"})
    return {
        "restapi": (f"{P}/restapis/{api}", lambda: c.get_rest_api(restApiId=api)["tags"]),
        "stage": (f"{P}/restapis/{api}/stages/dev", lambda: c.get_stage(restApiId=api, stageName="dev")["tags"]),
        "apikey": (f"{P}/apikeys/{key}", lambda: c.get_api_key(apiKey=key)["tags"]),
        "usageplan": (f"{P}/usageplans/{plan}", lambda: c.get_usage_plan(usagePlanId=plan)["tags"]),
        "domainname": (f"{P}/domainnames/pub.example.com",
                       lambda: c.get_domain_name(domainName="pub.example.com")["tags"]),
        "private-domainname": (private["domainNameArn"], lambda: c.get_domain_name(
            domainName="priv.example.com", domainNameId=private_id)["tags"]),
        "access-association": (assoc, lambda: c.get_domain_name_access_associations()["items"][0]["tags"]),
        "clientcertificate": (f"{P}/clientcertificates/{cert}",
                              lambda: c.get_client_certificate(clientCertificateId=cert)["tags"]),
        "vpclink": (f"{P}/vpclinks/{link}", lambda: c.get_vpc_link(vpcLinkId=link)["tags"]),
    }


@pytest.mark.parametrize("kind", ["restapi", "stage", "apikey", "usageplan", "domainname", "private-domainname",
                                  "access-association", "clientcertificate", "vpclink"])
def test_every_v1_taggable_resource_agrees_in_get_tags_and_its_get(apigateway, kind):
    arn, read = _v1_resources(apigateway)[kind]
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"initial": "1"} == read()
    assert apigateway.tag_resource(resourceArn=arn, tags={"a": "1"})["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"initial": "1", "a": "1"} == read()
    apigateway.untag_resource(resourceArn=arn, tagKeys=["initial", "never-there"])
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"a": "1"} == read()


def _v1_untaggable(c):
    api, root, deployment = _deployed_api(c)
    private = c.create_domain_name(domainName="priv.example.com", certificateArn=CERT,
                                   endpointConfiguration={"types": ["PRIVATE"]})
    base = f"{P}/restapis/{api}"
    return api, root, [
        f"{base}/resources/{root}", f"{base}/resources/{root}/methods/GET", f"{base}/deployments/{deployment}",
        f"{base}/models/Empty", f"{base}/stages", f"{P}/restapis", f"{base}/", f"{base}//", f"{base}/stages/dev/",
        f"{base}/stages/dev/..", f"{base}/stages/../stages/dev", f"{P}/restapis%2F{api}", f"{base}%2Fstages%2Fdev",
        f"{base}\n", f"{P}/account", f"{P}//", f"{P}/" + "a" * 2000, f"{P}/apis/{api}", f"{P}/v2/restapis/{api}",
        # a private domain only by its own ARN (with the account), a public one only without
        f"{P}/domainnames/priv.example.com+{private['domainNameId']}",
    ]


def test_v1_arns_that_name_nothing_taggable_are_404_and_change_nothing(apigateway):
    api, root, arns = _v1_untaggable(apigateway)
    for arn in arns:
        for call, kwargs in ((apigateway.get_tags, {}), (apigateway.tag_resource, {"tags": {"x": "1"}}),
                             (apigateway.untag_resource, {"tagKeys": ["initial"]})):
            assert_error(error_of(call, resourceArn=arn, **kwargs), "NotFoundException", _not_found_v1(arn), 404)
    assert "tags" not in apigateway.get_resource(restApiId=api, resourceId=root)
    assert apigateway.get_rest_api(restApiId=api)["tags"] == {"initial": "1"}
    assert apigateway.get_tags(resourceArn=f"{P}/restapis/{api}")["tags"] == {"initial": "1"}


@pytest.mark.parametrize("arn", [
    "arn:aws:apigateway:us-west-2::/restapis/{api}",          # another region
    "arn:aws:apigateway:us-east-1:999999999999:/restapis/{api}",  # another account
    "arn:awz:apigateway:us-east-1::/restapis/{api}",          # partition typo
    "arn:aws-cn:apigateway:us-east-1::/restapis/{api}",
    "arn:aws:execute-api:us-east-1::/restapis/{api}",
    "arn:aws:apigateway:us-east-1::/",
    "arn:aws:s3:::bucket",
    "not-an-arn",
])
def test_foreign_or_malformed_arns_are_400(apigateway, arn):
    api, _, _ = _deployed_api(apigateway)
    arn = arn.format(api=api)
    assert_error(error_of(apigateway.tag_resource, resourceArn=arn, tags={"a": "1"}), "BadRequestException",
                 f"Invalid ARN specified in the request: {arn}", 400)
    assert apigateway.get_tags(resourceArn=f"{P}/restapis/{api}")["tags"] == {"initial": "1"}


def test_tags_of_a_deleted_resource_are_404_and_do_not_come_back(apigateway):
    api, _, _ = _deployed_api(apigateway)
    arn = f"{P}/restapis/{api}"
    apigateway.delete_rest_api(restApiId=api)
    assert_error(error_of(apigateway.get_tags, resourceArn=arn), "NotFoundException", _not_found_v1(arn), 404)
    assert_error(error_of(apigateway.tag_resource, resourceArn=arn, tags={"a": "1"}), "NotFoundException", status=404)
    fresh = apigateway.create_rest_api(name="again")["id"]
    assert apigateway.get_tags(resourceArn=f"{P}/restapis/{fresh}")["tags"] == {}


# --- v2 -------------------------------------------------------------------------------------


def test_every_v2_taggable_resource_and_what_is_not(apigatewayv2):
    api = apigatewayv2.create_api(Name="h", ProtocolType="HTTP", Tags={"initial": "1"})["ApiId"]
    apigatewayv2.create_stage(ApiId=api, StageName="dev", Tags={"initial": "1"})
    route = apigatewayv2.create_route(ApiId=api, RouteKey="GET /x")["RouteId"]
    link = apigatewayv2.create_vpc_link(Name="l", SubnetIds=["subnet-1"], Tags={"initial": "1"})["VpcLinkId"]
    apigatewayv2.create_domain_name(DomainName="v2.example.com", DomainNameConfigurations=[{"CertificateArn": CERT}],
                                    Tags={"initial": "1"})
    for arn in (f"{P}/apis/{api}", f"{P}/apis/{api}/stages/dev", f"{P}/vpclinks/{link}",
                f"{P}/domainnames/v2.example.com"):
        apigatewayv2.tag_resource(ResourceArn=arn, Tags={"b": "2"})
        assert apigatewayv2.get_tags(ResourceArn=arn)["Tags"] == {"initial": "1", "b": "2"}
    assert apigatewayv2.get_api(ApiId=api)["Tags"] == {"initial": "1", "b": "2"}
    for arn in (f"{P}/apis/{api}/routes/{route}", f"{P}/apis/{api}/routes", f"{P}/apis/{api}/",
                f"{P}/apis", f"{P}/restapis/{api}", f"{P}/v2/apis/{api}", f"{P}/apis/{api}/stages/dev/"):
        error = error_of(apigatewayv2.tag_resource, ResourceArn=arn, Tags={"x": "1"})
        assert_error(error, "NotFoundException", f"Unable to find resource {arn}", 404)
    assert "Tags" not in apigatewayv2.get_route(ApiId=api, RouteId=route)


# --- tag limits -------------------------------------------------------------------------------


@pytest.fixture
def api_arn(apigateway):
    api = apigateway.create_rest_api(name="limits", tags={"initial": "1"})["id"]
    return f"{P}/restapis/{api}"


@pytest.mark.parametrize("tags, message", [
    ({f"k{i}": "v" for i in range(51)}, TOO_MANY),
    ({"k" * 129: "v"}, BAD_KEY),
    ({"": "v"}, BAD_KEY),
    ({"k": "v" * 257}, BAD_VALUE),
    ({"k": "v" * 100_000}, BAD_VALUE),
    ({"aws:x": "v"}, RESERVED),
    ({"AwS:x": "v"}, RESERVED),
], ids=["51-tags", "key-129", "key-empty", "value-257", "value-100k", "aws-prefix", "aws-prefix-mixed-case"])
def test_bad_tags_are_refused_everywhere_and_change_nothing(apigateway, apigatewayv2, api_arn, tags, message):
    assert_error(error_of(apigateway.tag_resource, resourceArn=api_arn, tags=tags), "BadRequestException", message, 400)
    assert apigateway.get_tags(resourceArn=api_arn)["tags"] == {"initial": "1"}
    assert_error(error_of(apigateway.create_rest_api, name="x", tags=tags), "BadRequestException", message, 400)
    assert_error(error_of(apigatewayv2.create_api, Name="x", ProtocolType="HTTP", Tags=tags),
                 "BadRequestException", message, 400)
    assert [a["name"] for a in apigateway.get_rest_apis()["items"]] == ["limits"]
    assert apigatewayv2.get_apis()["Items"] == []


def test_tags_at_the_limits_are_kept(apigateway, api_arn):
    edge = {"k" * 128: "v" * 256, "Ключ é 9": "значение ü", "a+-=._:/@ b": "", "x": "_.:/=+-@ \u00a0",
            "\U0001F600" * 128: "nul\x00 esc\x1b\n" * 20}  # characters are data (see gwmock/tags.py)
    apigateway.tag_resource(resourceArn=api_arn, tags=edge)
    assert apigateway.get_tags(resourceArn=api_arn)["tags"] == {"initial": "1", **edge}


def test_the_fifty_tag_limit_counts_the_merged_set(apigateway, api_arn):
    apigateway.tag_resource(resourceArn=api_arn, tags={f"k{i}": "v" for i in range(49)})
    assert_error(error_of(apigateway.tag_resource, resourceArn=api_arn, tags={"one": "1", "two": "2"}),
                 "BadRequestException", TOO_MANY, 400)
    apigateway.tag_resource(resourceArn=api_arn, tags={"k0": "overwritten", "initial": "2"})  # still 50
    tags = apigateway.get_tags(resourceArn=api_arn)["tags"]
    assert len(tags) == 50 and tags["k0"] == "overwritten" and tags["initial"] == "2"


def test_untag_of_an_aws_key_is_refused_and_absent_keys_are_fine(apigateway, api_arn):
    assert_error(error_of(apigateway.untag_resource, resourceArn=api_arn, tagKeys=["initial", "AWS:x"]),
                 "BadRequestException", RESERVED, 400)
    assert apigateway.get_tags(resourceArn=api_arn)["tags"] == {"initial": "1"}
    apigateway.untag_resource(resourceArn=api_arn, tagKeys=["absent", "initial", "initial"])
    assert apigateway.get_tags(resourceArn=api_arn)["tags"] == {}


STACK = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                               "Properties": {"Name": "cfn", "Tags": [{"Key": "team", "Value": "a"}]}}}}


def test_a_cloudformation_resource_can_be_tagged_and_keeps_aws_s_tags(gwmock, apigateway):
    stack = gwmock.deploy_template(STACK, name="tagged")
    arn = f"{P}/restapis/{stack.resources['Api']}"
    before = apigateway.get_tags(resourceArn=arn)["tags"]
    assert before["aws:cloudformation:stack-name"] == "tagged"
    apigateway.tag_resource(resourceArn=arn, tags={"mine": "1"})  # was refused: the stack's aws: keys
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {**before, "mine": "1"}
    assert_error(error_of(apigateway.untag_resource, resourceArn=arn, tagKeys=["aws:cloudformation:stack-name"]),
                 "BadRequestException", RESERVED, 400)
    # AWS's own three do not count towards the 50: team + mine + 48 more fit
    apigateway.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(48)})
    assert len(apigateway.get_tags(resourceArn=arn)["tags"]) == 53
    assert_error(error_of(apigateway.tag_resource, resourceArn=arn, tags={"one-more": "1"}),
                 "BadRequestException", TOO_MANY, 400)


_TAG_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@FAST
@given(tags=st.dictionaries(_TAG_TEXT, _TAG_TEXT, max_size=6))
def test_fuzzed_tags_are_stored_exactly_or_refused_with_nothing_changed(apigateway, api_arn, tags):
    before = apigateway.get_tags(resourceArn=api_arn)["tags"]
    try:
        apigateway.tag_resource(resourceArn=api_arn, tags=tags)
    except apigateway.exceptions.BadRequestException as error:
        assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert apigateway.get_tags(resourceArn=api_arn)["tags"] == before
        return
    assert apigateway.get_tags(resourceArn=api_arn)["tags"] == {**before, **tags}
    apigateway.untag_resource(resourceArn=api_arn, tagKeys=[k for k in tags if k != "initial"] or ["none"])


_SUFFIX = st.lists(st.sampled_from(list("/.%2Fab:+ \n?#") + ["restapis", "stages", "apis", "..", "dev"]),
                   max_size=12).map("".join)


@FAST
@given(suffix=_SUFFIX)
def test_fuzzed_arn_paths_answer_400_or_404_never_500(apigateway, apigatewayv2, api_arn, suffix):
    for call, member in ((apigateway.get_tags, "resourceArn"), (apigatewayv2.get_tags, "ResourceArn")):
        try:
            call(**{member: api_arn + suffix})
        except (apigateway.exceptions.NotFoundException, apigateway.exceptions.BadRequestException,
                apigatewayv2.exceptions.NotFoundException, apigatewayv2.exceptions.BadRequestException) as error:
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] in (400, 404)
    assert apigateway.get_tags(resourceArn=api_arn)["tags"] == {"initial": "1"}


# --- VPC links --------------------------------------------------------------------------------


@pytest.mark.parametrize("targets, message", [
    ([NLB, NLB.replace("0123", "4567")], "More than one target arn specified for vpc link."),
    ([NLB] * 10, "More than one target arn specified for vpc link."),
    ([], "Target ARNs cannot be empty"),
    (["arn:" + "a:" * 3000], "Invalid ARN. ARN is not well formed arn:" + "a:" * 3000),
    ([NLB + "\n"], f"Invalid ARN. ARN is not well formed {NLB}\n"),
], ids=["two", "ten", "none", "huge", "newline"])
def test_v1_vpc_link_targets_must_be_one_well_formed_arn(apigateway, targets, message):
    error = error_of(apigateway.create_vpc_link, name="l", targetArns=targets)
    assert_error(error, "BadRequestException", message, 400)
    assert apigateway.get_vpc_links()["items"] == []


def _api_through_link(c, connection_id, variables=None):
    api = c.create_rest_api(name="linked")["id"]
    root = c.get_resources(restApiId=api)["items"][0]["id"]
    c.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    c.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="HTTP_PROXY", integrationHttpMethod="GET",
                      uri="http://nlb.example.com", connectionType="VPC_LINK", connectionId=connection_id)
    return api, root


def test_v1_a_link_a_deployed_stage_uses_cannot_be_deleted(apigateway):
    link = apigateway.create_vpc_link(name="l", targetArns=[NLB])["id"]
    api, root = _api_through_link(apigateway, link)
    apigateway.delete_vpc_link(vpcLinkId=apigateway.create_vpc_link(name="free", targetArns=[NLB])["id"])
    apigateway.create_deployment(restApiId=api, stageName="prod")
    error = error_of(apigateway.delete_vpc_link, vpcLinkId=link)
    assert_error(error, "BadRequestException", f"Cannot delete vpc link. Vpc link '{link}', is referenced in "
                 f"[{api}:GET:{root}:prod] in format of [RESTApiId:Method:Resource:Stage].", 400)
    assert apigateway.get_vpc_link(vpcLinkId=link)["status"] == "AVAILABLE"
    apigateway.delete_stage(restApiId=api, stageName="prod")
    assert apigateway.delete_vpc_link(vpcLinkId=link)["ResponseMetadata"]["HTTPStatusCode"] == 202


def test_v1_a_link_named_by_a_stage_variable_is_held_by_that_stage_only(apigateway):
    link = apigateway.create_vpc_link(name="l", targetArns=[NLB])["id"]
    other = apigateway.create_vpc_link(name="o", targetArns=[NLB])["id"]
    api, root = _api_through_link(apigateway, "${stageVariables.vpcLinkId}")
    apigateway.create_deployment(restApiId=api, stageName="beta", variables={"vpcLinkId": link})
    assert_error(error_of(apigateway.delete_vpc_link, vpcLinkId=link), "BadRequestException",
                 f"Cannot delete vpc link. Vpc link '{link}', is referenced in [{api}:GET:{root}:beta] in format of "
                 "[RESTApiId:Method:Resource:Stage].", 400)
    assert apigateway.delete_vpc_link(vpcLinkId=other)["ResponseMetadata"]["HTTPStatusCode"] == 202


def test_v2_a_link_a_route_uses_cannot_be_deleted(apigatewayv2):
    link = apigatewayv2.create_vpc_link(Name="l", SubnetIds=["subnet-1"])
    assert link["VpcLinkStatus"] == "PENDING"
    link_id = link["VpcLinkId"]
    assert apigatewayv2.get_vpc_link(VpcLinkId=link_id)["VpcLinkStatus"] == "AVAILABLE"
    api = apigatewayv2.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY", ConnectionType="VPC_LINK",
        ConnectionId=link_id, PayloadFormatVersion="1.0",
        IntegrationUri=f"arn:aws:elasticloadbalancing:{REGION}:123456789012:listener/net/nlb/abc/def")["IntegrationId"]
    route = apigatewayv2.create_route(ApiId=api, RouteKey="ANY /{proxy+}", Target=f"integrations/{integration}")
    error = error_of(apigatewayv2.delete_vpc_link, VpcLinkId=link_id)
    assert_error(error, "BadRequestException", f"Cannot delete vpc link. Vpc link '{link_id}', is referenced in "
                 f"[ANY:{route['RouteId']}] in format of [Method:Resource].", 400)
    assert apigatewayv2.get_vpc_link(VpcLinkId=link_id)["VpcLinkId"] == link_id
    apigatewayv2.delete_route(ApiId=api, RouteId=route["RouteId"])
    assert apigatewayv2.delete_vpc_link(VpcLinkId=link_id)["ResponseMetadata"]["HTTPStatusCode"] == 202


def test_v2_vpc_link_hostile_ids_are_data(apigatewayv2):
    created = apigatewayv2.create_vpc_link(Name="l", SubnetIds=["../../etc/passwd", "subnet-1"],
                                           SecurityGroupIds=["sg-1; rm -rf /"])
    got = apigatewayv2.get_vpc_link(VpcLinkId=created["VpcLinkId"])
    assert got["SubnetIds"] == ["../../etc/passwd", "subnet-1"] and got["SecurityGroupIds"] == ["sg-1; rm -rf /"]
    error = error_of(apigatewayv2.get_vpc_link, VpcLinkId="../vpclinks")
    assert_error(error, "NotFoundException", status=404)


# --- client certificates ------------------------------------------------------------------------


@pytest.mark.parametrize("op, path", [("add", "/description"), ("remove", "/description"),
                                      ("replace", "/pemEncodedCertificate"), ("replace", "/expirationDate"),
                                      ("replace", "/tags/a"), ("replace", "/description/../clientCertificateId")])
def test_client_certificate_patches_outside_description_change_nothing(apigateway, op, path):
    cert = apigateway.generate_client_certificate(description="d", tags={"a": "1"})
    error = error_of(apigateway.update_client_certificate, clientCertificateId=cert["clientCertificateId"],
                     patchOperations=[{"op": op, "path": path, "value": "x"}])
    assert_error(error, "BadRequestException", status=400)
    got = apigateway.get_client_certificate(clientCertificateId=cert["clientCertificateId"])
    assert (got["description"], got["pemEncodedCertificate"], got["tags"]) == ("d", cert["pemEncodedCertificate"],
                                                                              {"a": "1"})


# --- the account --------------------------------------------------------------------------------

ROLE_REFUSED = ("The role ARN does not have required permissions configured. Please grant trust permission "
                "for API Gateway and add the required role policy.")


@pytest.mark.parametrize("value", [
    "arn:aws:iam::123456789012:user/logs", "arn:aws:iam::123456789012:role/", f"{ROLE}\n", f"{ROLE}\nx",
    "arn:aws:iam::123456789012:role/" + "n" * 65, "arn:aws:iam::123456789012:role/" + "p/" * 1500 + "n",
    "arn:aws:iam::123456789012:role/bad name", "arn:aws:iam::12345678901:role/x", "arn:aws:sts::123456789012:role/x",
    "arn:aws:iam::123456789012:role/x/", "arn:aw:iam::123456789012:role/x",
], ids=lambda value: repr(value[:60]))
def test_update_account_refuses_what_is_not_a_role_arn(apigateway, value):
    apigateway.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": ROLE}])
    error = error_of(apigateway.update_account,
                     patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": value}])
    assert_error(error, "BadRequestException", ROLE_REFUSED, 400)
    assert apigateway.get_account()["cloudwatchRoleArn"] == ROLE


@pytest.mark.parametrize("value", [ROLE, "arn:aws:iam::123456789012:role/service-role/x+=,.@_-",
                                   "arn:aws-cn:iam::123456789012:role/" + "n" * 64])
def test_update_account_takes_role_arns(apigateway, value):
    apigateway.update_account(patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": value}])
    assert apigateway.get_account()["cloudwatchRoleArn"] == value


def test_update_account_feature_refusals_change_nothing(apigateway):
    defaults = apigateway.get_account()
    defaults.pop("ResponseMetadata")
    bogus = [{"op": "remove", "path": "/features", "value": "Bogus"}]
    for ops, message in ((bogus, "Invalid feature specified: Bogus"),
                         ([{"op": "add", "path": "/features", "value": "x" * 5000},
                           {"op": "remove", "path": "/features", "value": "UsagePlans"}],
                          "The UsagePlans feature cannot be removed"),
                         ([{"op": "add", "path": "/features"}], "Invalid feature specified")):
        assert_error(error_of(apigateway.update_account, patchOperations=ops), "BadRequestException", message, 400)
        assert {k: v for k, v in apigateway.get_account().items() if k != "ResponseMetadata"} == defaults
    answer = apigateway.update_account(patchOperations=[{"op": "add", "path": "/features", "value": "UsagePlans"}])
    assert answer["features"] == ["UsagePlans"]
    assert answer["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
